"""Agreement between two annotators on the articles both labelled (benchmarks/gold/agreement_{A,B}.json).

People match by folded name or alias; relationships by the pair of matched people and the type (symmetric
types unordered); timeline events by date, precision and the first person. Optional rows of either side
are left out of both, as the scorer leaves them out. Reported as F1 of B against A per part (F1 is
symmetric, so it is the agreement).

Run: python benchmarks/agreement.py [A.json B.json]
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent


def fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).lower().strip()


def _people(article: dict) -> dict[str, str]:
    """folded name or alias -> canonical folded name, required people only."""
    out: dict[str, str] = {}
    for p in article["people"]:
        for n in [p["name"], *p.get("aliases", [])]:
            out.setdefault(fold(n), fold(p["name"]))
    return out


def _sets(article: dict, names: dict[str, str]) -> dict[str, set]:
    def who(name: str) -> str:
        return names.get(fold(name), fold(name))

    people = {fold(p["name"]) for p in article["people"] if not p.get("optional")}
    rels = set()
    for r in article["relationships"]:
        if r.get("optional"):
            continue
        a, b = who(r["a"]), who(r["b"])
        rels.add((r["type"], (a, b) if r["type"] == "parent_of" else tuple(sorted((a, b)))))
    events = {(e["date"], e["precision"]) for e in article["timeline"] if not e.get("optional")}
    return {"people": people, "relationships": rels, "timeline": events}


def f1(a: set, b: set) -> float:
    if not a and not b:
        return 1.0
    tp = len(a & b)
    return 2 * tp / (len(a) + len(b))


def main(argv: list[str]) -> None:
    path_a = Path(argv[0]) if argv else HERE / "gold" / "agreement_A.json"
    path_b = Path(argv[1]) if len(argv) > 1 else HERE / "gold" / "agreement_B.json"
    a = {x["id"]: x for x in json.loads(path_a.read_text())["articles"]}
    b = {x["id"]: x for x in json.loads(path_b.read_text())["articles"]}
    shared = sorted(a.keys() & b.keys())
    totals: dict[str, list[set]] = {"people": [set(), set()], "relationships": [set(), set()],
                                    "timeline": [set(), set()]}
    for aid in shared:
        names = {**_people(b[aid]), **_people(a[aid])}
        sa, sb = _sets(a[aid], names), _sets(b[aid], names)
        for part in totals:
            totals[part][0] |= {(aid, x) for x in sa[part]}
            totals[part][1] |= {(aid, x) for x in sb[part]}
            only_a, only_b = sa[part] - sb[part], sb[part] - sa[part]
            if only_a or only_b:
                print(f"{aid} {part}: only A {sorted(map(str, only_a))}; only B {sorted(map(str, only_b))}")
    print(f"\n{len(shared)} articles labelled twice; agreement (F1 of B against A, required rows):")
    for part, (sa, sb) in totals.items():
        print(f"  {part:<14} {f1(sa, sb):.3f}  (A {len(sa)}, B {len(sb)}, both {len(sa & sb)})")


if __name__ == "__main__":
    main(sys.argv[1:])
