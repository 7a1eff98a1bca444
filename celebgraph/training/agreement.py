"""Agreement of two annotators on the articles both labelled: span F1 of one against the other, by label.

Run: .venv/bin/python -m celebgraph.training.agreement A.jsonl B.jsonl [--show]
(--show prints each disagreement with its context, for adjudication)
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def read(path: Path) -> dict[str, set[tuple[int, int, str]]]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        out[record["id"]] = {tuple(span) for span in record["spans"]}
    return out


def agreement(a: dict[str, set], b: dict[str, set]) -> dict[str, dict[str, float]]:
    """Per label: the spans both marked, and F1 (symmetric: precision of one is the recall of the other)."""
    shared = sorted(set(a) & set(b))
    result = {}
    for label in ("PERSON", "DATE"):
        both = only_a = only_b = 0
        for article_id in shared:
            sa = {s for s in a[article_id] if s[2] == label}
            sb = {s for s in b[article_id] if s[2] == label}
            both, only_a, only_b = both + len(sa & sb), only_a + len(sa - sb), only_b + len(sb - sa)
        total = 2 * both + only_a + only_b
        result[label] = {"articles": len(shared), "both": both, "only_a": only_a, "only_b": only_b,
                         "f1": round(2 * both / total, 4) if total else 1.0}
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--show", action="store_true")
    args = parser.parse_args(argv)
    a, b = read(args.a), read(args.b)
    for label, row in agreement(a, b).items():
        print(f"{label}: {row}")
    if args.show:
        from celebgraph.training.corpus import load_texts

        shared = sorted(set(a) & set(b))
        texts = load_texts(shared)
        for article_id in shared:
            text = texts[article_id]
            for who, spans in (("A only", a[article_id] - b[article_id]), ("B only", b[article_id] - a[article_id])):
                for s, e, label in sorted(spans):
                    context = text[max(0, s - 50):e + 50].replace("\n", " ")
                    print(f"{article_id} {who} {label} {s}-{e} {text[s:e]!r}: ...{context}...")
    return 0


if __name__ == "__main__":
    sys.exit(main())
