"""Score cross-article person identity against the identity gold (benchmarks/gold/identity_gold.json).

Each gold decision names a person as one article writes them and a name from another article, and says whether
the two are one real person (decided by reading both articles). A *merge* is a "different" pair that the
warehouse gives one person_id (two real people in one row); a *split* is a "same" pair it gives two.
The "same" pairs, chained, make the gold's people who appear in two or more articles; the *split ratio* is the
share of those people whose names (where found) the warehouse spreads over two or more person_ids.

The decisions were taken on a warehouse of 500 dated GossipCop articles (seed 13); the script materialises
that selection from ../shared/corpora into a temporary landing folder (the texts never enter the repository),
runs `celebgraph run` into a fresh warehouse and scores it. `--warehouse` scores an existing one instead.

Run: .venv/bin/python benchmarks/identity.py [--warehouse PATH] [--verbose] [--json OUT] [--workdir DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = HERE / "gold" / "identity_gold.json"
CORPUS = ROOT.parent / "shared" / "corpora" / "gossipcop" / "gossipcop.jsonl.gz"
SEED, COUNT = 13, 500


def select_records(corpus: Path = CORPUS, seed: int = SEED, count: int = COUNT) -> list[dict]:
    """The benchmark's articles: dated GossipCop records of 150-1,500 words, shuffled with a fixed seed."""
    with gzip.open(corpus, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    usable = [r for r in records if r.get("date") and r.get("text") and 150 <= (r.get("n_words") or 0) <= 1500]
    random.Random(seed).shuffle(usable)
    return usable[:count]


def materialise(landing: Path) -> int:
    landing.mkdir(parents=True, exist_ok=True)
    records = select_records()
    with (landing / "identity.jsonl").open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps({k: record.get(k) for k in ("id", "date", "title", "text")}) + "\n")
    return len(records)


def person_id(con: duckdb.DuckDBPyConnection, source_id: str, name: str) -> str | None:
    """The person_id the warehouse gives `name` in the article read from `source_id` (None: not found)."""
    row = con.execute(
        """select identity.person_id
           from staging.stg_articles as articles
           join staging.stg_article_people as people using (article_id)
           join intermediate.int_person_identity as identity using (article_id, person_key)
           where articles.source_id = ? and articles.duplicate_of is null
               and (lower(strip_accents(people.name)) = lower(strip_accents(?))
                    or list_contains(people.aliases, ?))
           order by people.name = ? desc, identity.person_id
           limit 1""", [source_id, name, name, name]).fetchone()
    if row is None:  # the name as a mention of someone the article names more fully
        row = con.execute(
            """select mentions.person_id
               from staging.stg_articles as articles
               join marts.person_mentions as mentions using (article_id)
               where articles.source_id = ? and articles.duplicate_of is null
                   and regexp_replace(mentions.surface, '''s?$', '') = ?
               group by mentions.person_id
               order by count(*) desc, mentions.person_id
               limit 1""", [source_id, name]).fetchone()
    return row[0] if row else None


def gold_people(decisions: list[dict]) -> list[set[tuple[str, str]]]:
    """The "same" decisions chained into people: each a set of (source_id, name) seen in two or more articles."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(node: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for d in decisions:
        if d["same"]:
            a, b = (d["a"]["source_id"], d["a"]["name"]), (d["b"]["source_id"], d["b"]["name"])
            parent[find(a)] = find(b)
    people: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for node in parent:
        people.setdefault(find(node), set()).add(node)
    return list(people.values())


def score(warehouse: Path, gold: Path = GOLD) -> dict:
    decisions = json.loads(gold.read_text())["decisions"]
    con = duckdb.connect(str(warehouse), read_only=True)
    counts: Counter[str] = Counter()
    by_kind: Counter[tuple[str, str]] = Counter()
    errors = []
    ids: dict[tuple[str, str], str | None] = {}
    for d in decisions:
        for side in ("a", "b"):
            key = (d[side]["source_id"], d[side]["name"])
            if key not in ids:
                ids[key] = person_id(con, *key)
        a, b = ids[(d["a"]["source_id"], d["a"]["name"])], ids[(d["b"]["source_id"], d["b"]["name"])]
        if a is None or b is None:
            outcome = "missing"
        elif d["same"]:
            outcome = "correct" if a == b else "split"
        else:
            outcome = "merge" if a == b else "correct"
        counts[outcome] += 1
        by_kind[(d["kind"], outcome)] += 1
        if outcome != "correct":
            errors.append({"outcome": outcome, **d})
    con.close()
    same = sum(d["same"] for d in decisions)
    people = gold_people(decisions)
    split_people = sum(len({ids[node] for node in person if ids[node] is not None}) > 1 for person in people)
    return {"decisions": len(decisions), "same_pairs": same, "different_pairs": len(decisions) - same,
            "merges": counts["merge"], "splits": counts["split"], "missing": counts["missing"],
            "correct": counts["correct"], "people_in_two_or_more_articles": len(people),
            "split_people": split_people, "split_ratio": round(split_people / len(people), 3) if people else 0.0,
            "by_kind": {f"{kind}/{outcome}": n for (kind, outcome), n in sorted(by_kind.items())},
            "errors": errors}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--warehouse", type=Path, default=None, help="score this warehouse instead of building one")
    parser.add_argument("--workdir", type=Path, default=None, help="keep landing folder and warehouse here")
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--verbose", action="store_true", help="list every merge, split and missing name")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here too")
    args = parser.parse_args(argv)
    warehouse = args.warehouse
    if warehouse is None:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="celebgraph-identity-"))
        landing, warehouse = workdir / "landing", workdir / "identity.duckdb"
        subprocess.run(["rm", "-rf", str(landing), str(warehouse), str(workdir / "identity_lake")], check=True)
        print(f"{materialise(landing)} articles in {landing}", flush=True)
        subprocess.run([sys.executable, "-m", "celebgraph.cli", "run", "--input", str(landing),
                        "--warehouse", str(warehouse)], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    result = score(warehouse, args.gold)
    print(f"{result['decisions']} decisions ({result['same_pairs']} same, {result['different_pairs']} different): "
          f"{result['merges']} merges, {result['splits']} splits, {result['missing']} names not found")
    print(f"{result['split_people']} of the gold's {result['people_in_two_or_more_articles']} people in two or more "
          f"articles split over several person_ids (split ratio {result['split_ratio']:.3f})")
    for key, n in result["by_kind"].items():
        print(f"  {key}: {n}")
    if args.verbose:
        for e in result["errors"]:
            print(f"{e['outcome']:8s} {e['a']['name']!r} ({e['a']['source_id']}) / {e['b']['name']!r} "
                  f"({e['b']['source_id']}): {e['reason']}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
