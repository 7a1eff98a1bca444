"""Validate benchmarks/gold/dev_gold.json.

Structural checks (always): shape, ids match select_dev_gold.py's selection,
names used in relationships/timeline are canonical people names, relation
types, date/precision agreement, no duplicate rows.
Text checks (warnings, need the corpora): each name/alias and each date
expression occurs in the article text.

Run: python benchmarks/check_gold.py [path/to/dev_gold.json]
Exit status 1 if any structural error.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from pathlib import Path

from transforms.extraction.event_types import OTHER, VOCABULARY

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import select_dev_gold as sel  # noqa: E402

GOLD = HERE / "gold" / "dev_gold.json"
TYPES = {"romantic", "married", "engaged", "ex_partner", "parent_of", "sibling", "relative", "friend", "co_parent"}
DATE_RE = {"day": re.compile(r"^\d{4}-\d{2}-\d{2}$"), "month": re.compile(r"^\d{4}-\d{2}$"), "year": re.compile(r"^\d{4}$")}
EVENT_TYPES = {*VOCABULARY, OTHER}
ARTICLE_KEYS = {"id", "corpus", "published", "people", "not_people", "relationships", "timeline"}


def norm(s: str) -> str:
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", s).lower()


def article_texts() -> dict[str, str]:
    texts: dict[str, str] = {}
    with gzip.open(sel.GOSSIPCOP, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            texts[rec["id"]] = (rec.get("title") or "") + "\n" + (rec.get("text") or "")
    for p in sel.PEREZ_LEGIT.glob("*.txt"):
        head, body = sel.read_perez(p)
        texts[p.stem] = head + "\n" + body
    return texts


def check(gold: dict, texts: dict[str, str] | None) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    if set(gold) != {"about", "articles"}:
        errors.append(f"top-level keys {sorted(gold)}")
    arts = gold.get("articles", [])
    ids = [a.get("id") for a in arts]
    if ids != sel.selected_ids():
        errors.append("article ids differ from select_dev_gold.selected_ids() (content or order)")
    if len(set(ids)) != len(ids):
        errors.append("duplicate article ids")
    gossip_dates = {r["id"]: r["date"] for r in sel.gossipcop_candidates()}
    for a in arts:
        aid = a.get("id")
        err = lambda m: errors.append(f"{aid}: {m}")  # noqa: E731
        if set(a) != ARTICLE_KEYS:
            err(f"keys {sorted(a)}")
            continue
        if a["corpus"] == "gossipcop":
            if a["published"] != gossip_dates.get(aid):
                err(f"published {a['published']} != corpus date {gossip_dates.get(aid)}")
        elif a["corpus"] == "perez_legit":
            if a["published"] is not None:
                err("perez article must have published null")
        else:
            err(f"corpus {a['corpus']}")
        names: set[str] = set()
        aliases: dict[str, str] = {}
        for p in a["people"]:
            if set(p) != {"name", "aliases", "optional"} or not isinstance(p["optional"], bool):
                err(f"person shape {p}")
                continue
            if p["name"] in names:
                err(f"duplicate person {p['name']}")
            names.add(p["name"])
            for al in p["aliases"]:
                if al in aliases and aliases[al] != p["name"]:
                    err(f"alias {al!r} shared by {aliases[al]} and {p['name']}")
                aliases[al] = p["name"]
        for al, owner in aliases.items():
            if al in names and al != owner:
                err(f"alias {al!r} of {owner} is another person's name")
        for n in a["not_people"]:
            if n in names:
                err(f"{n!r} is both a person and in not_people")
        optional_people = {p["name"] for p in a["people"] if p["optional"]}
        seen: set[tuple] = set()
        for r in a["relationships"]:
            if set(r) != {"a", "b", "type", "optional", "note"} or not isinstance(r["optional"], bool):
                err(f"relationship shape {r}")
                continue
            for k in ("a", "b"):
                if r[k] not in names:
                    err(f"relationship name {r[k]!r} not in people")
            if r["a"] == r["b"]:
                err(f"self relationship {r}")
            if r["type"] not in TYPES:
                err(f"relation type {r['type']}")
            key = (r["a"], r["b"], r["type"]) if r["type"] == "parent_of" else (frozenset((r["a"], r["b"])), r["type"])
            if key in seen:
                err(f"duplicate relationship {r}")
            seen.add(key)
            if not r["optional"] and ({r["a"], r["b"]} & optional_people):
                warnings.append(f"{aid}: required relationship with an optional person {r['a']} / {r['b']}")
        for t in a["timeline"]:
            keys = {"date", "precision", "people", "what", "expression", "optional"}
            if set(t) - {"type"} != keys or not isinstance(t["optional"], bool):
                err(f"timeline shape {t}")
                continue
            if "type" in t and t["type"] not in EVENT_TYPES:
                err(f"event type {t['type']!r} not in docs/event_types.md")
            rx = DATE_RE.get(t["precision"])
            if rx is None or not rx.match(t["date"]):
                err(f"date {t['date']} / precision {t['precision']}")
            if not t["people"]:
                err(f"timeline row without people: {t['what']}")
            for n in t["people"]:
                if n not in names:
                    err(f"timeline name {n!r} not in people")
            if not t["expression"].strip() or not t["what"].strip():
                err("empty what/expression")
        if texts is not None:
            text = norm(texts.get(aid, ""))
            for p in a["people"]:
                for form in [p["name"], *p["aliases"]]:
                    if norm(form) not in text:
                        warnings.append(f"{aid}: name form {form!r} not found in text")
            for t in a["timeline"]:
                if norm(t["expression"]) not in text:
                    warnings.append(f"{aid}: expression {t['expression']!r} not found verbatim")
    return errors, warnings


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else GOLD
    gold = json.loads(path.read_text(encoding="utf-8"))
    try:
        texts: dict[str, str] | None = article_texts()
    except OSError:
        texts = None
    errors, warnings = check(gold, texts)
    for w in warnings:
        print("WARN", w)
    for e in errors:
        print("ERROR", e)
    arts = gold["articles"]
    n_rel = sum(len(a["relationships"]) for a in arts)
    n_tl = sum(len(a["timeline"]) for a in arts)
    n_pp = sum(len(a["people"]) for a in arts)
    print(f"{len(arts)} articles, {n_pp} people, {n_rel} relationships, {n_tl} timeline rows, "
          f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
