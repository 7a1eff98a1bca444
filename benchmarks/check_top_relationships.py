"""Precision of the most-reported relationships of a warehouse, against judgements kept in a gold file.

The gold file (benchmarks/gold/top_relationships_judged.json) holds one judgement per relationship, keyed
`Name A | type | Name B` (symmetric types with the names in alphabetical order, parent_of parent first):
`verdict` right | wrong (was the relation ever true, from its evidence sentences) and a short `reason`;
a partnership may add `as_current` (right | wrong): is it the pair's status at the time of the articles.

Two lists can be scored:
- `--list summary` (default): the run summary's top relationships (current partnerships and family),
  scored with `as_current` where given, else `verdict`;
- `--list all-rows`: the summary's list before issue 18: every row of marts.relationships by article count,
  derived co_parent and superseded partnerships included, scored with `verdict`;
- `--list random`: `--top` rows of marts.relationships drawn at random from all of them (every type, any
  article count), scored with `verdict`: how right a row is that a user picks without sorting. The draw ranks
  every row by a hash of `--seed` and its key and takes the lowest, so a row keeps its place from run to run:
  a change to the extraction swaps only the rows it removes or adds, and two runs compare on mostly the same
  rows (a plain random sample of a changed table is a different sample).

Run: .venv/bin/python benchmarks/check_top_relationships.py --warehouse PATH [--list all-rows|random] [--top 40]
     [--seed 20261203] [--evidence 3]  (prints evidence sentences of the unjudged rows, to judge them; never stored)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from celebgraph.person import at_precision  # noqa: E402
from celebgraph.warehouse import TOP_RELATIONSHIPS_SQL, connect_read_only  # noqa: E402

GOLD = HERE / "gold" / "top_relationships_judged.json"
ALL_ROWS_SQL = """
select person_a, relation_type, person_b, confidence, article_count, null as since_on, null as since_precision,
from marts.relationships
order by article_count desc, confidence desc, person_a, person_b
limit ?
"""
EVERY_ROW_SQL = """
select person_a, relation_type, person_b, confidence, article_count, null as since_on, null as since_precision,
from marts.relationships
order by person_a, relation_type, person_b
"""
EVIDENCE_SQL = """
select e.published_date, e.sentence
from marts.relationship_evidence e
join marts.relationships r using (person_a_id, person_b_id, relation_type)
where r.person_a = ? and r.person_b = ? and r.relation_type = ?
order by e.confidence desc, e.published_date desc nulls last, e.sentence
limit ?
"""


def key(person_a: str, relation_type: str, person_b: str) -> str:
    if relation_type != "parent_of":
        person_a, person_b = sorted((person_a, person_b))
    return f"{person_a} | {relation_type} | {person_b}"


def draw_rank(seed: int, row_key: str) -> str:
    """The row's place in the random draw: fixed by the seed and the row's key alone."""
    return hashlib.sha256(f"{seed}:{row_key}".encode()).hexdigest()


def listed_rows(con, which: str, top: int, seed: int) -> list[tuple]:  # noqa: ANN001 - a DuckDB connection
    if which == "random":
        every = con.execute(EVERY_ROW_SQL).fetchall()
        return sorted(every, key=lambda row: draw_rank(seed, key(row[0], row[1], row[2])))[:top]
    return con.execute(TOP_RELATIONSHIPS_SQL if which == "summary" else ALL_ROWS_SQL, [top]).fetchall()


def score(warehouse: Path, gold: dict[str, dict[str, str]], which: str, top: int,
          evidence: int = 0, seed: int = 20261203) -> dict[str, object]:
    rows, unjudged, right = [], [], 0
    with contextlib.closing(connect_read_only(warehouse)) as con:
        for a, rtype, b, _confidence, article_count, since_on, precision in listed_rows(con, which, top, seed):
            since = at_precision(since_on, precision)  # as the run summary prints it: 2022, not 2022-01-01
            k = key(a, rtype, b)
            judged = gold.get(k)
            verdict = None
            if judged is not None:
                verdict = judged.get("as_current", judged["verdict"]) if which == "summary" else judged["verdict"]
                right += verdict == "right"
            else:
                unjudged.append(k)
            rows.append({"key": k, "article_count": article_count, "since_on": since or None,
                         "verdict": verdict, "reason": (judged or {}).get("reason")})
            if evidence and judged is None:
                sys.stdout.write(f"\n## {k}  ({article_count} articles{', since ' + since if since else ''})\n")
                for date, sentence in con.execute(EVIDENCE_SQL, [a, b, rtype, evidence]).fetchall():
                    sys.stdout.write(f"   [{date}] {sentence.strip()[:400]}\n")
    judged_count = len(rows) - len(unjudged)
    return {"list": which, "top": len(rows), "judged": judged_count, "right": right,
            "precision": round(right / judged_count, 3) if judged_count else None, "unjudged": unjudged,
            "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--list", dest="which", choices=("summary", "all-rows", "random"), default="summary")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--seed", type=int, default=20261203,
                        help="the draw of --list random (20261203: the draw judged in full)")
    parser.add_argument("--evidence", type=int, default=0, help="print N evidence sentences per unjudged row")
    parser.add_argument("--verbose", action="store_true", help="print every row with its verdict")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8")) if args.gold.exists() else {}
    result = score(args.warehouse, gold, args.which, args.top, args.evidence, args.seed)
    if args.verbose:
        for row in result["rows"]:
            sys.stdout.write(f"{row['verdict'] or '?':6} {row['article_count']:5}  {row['key']}"
                             f"{'  since ' + row['since_on'] if row['since_on'] else ''}  {row['reason'] or ''}\n")
    sys.stdout.write(f"{result['list']}: top {result['top']}, judged {result['judged']}, right {result['right']}, "
                     f"precision {result['precision']}; unjudged {len(result['unjudged'])}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
