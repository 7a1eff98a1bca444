"""Score the pipeline on the two hand-annotated gold sets: *tune* and *check*.

- tune: benchmarks/gold/dev_gold.json, 40 real articles (select_dev_gold.py). The texts rules are written
  from: read its errors freely.
- tune2, tune3, tune4, tune5: more of the same (tune3: 40 family-rich articles, people and relationships
  only; tune4 and tune5: drawn like the check set, scored before their errors were read).
- check: benchmarks/gold/check_gold.json, 40 more (select_check_gold.py, another seed, disjoint). Only
  scored, never read for errors: it says how the rules do on articles nobody tuned them on.

For each set the selected articles are materialised from ../shared/corpora into a temporary landing folder
(their text never enters the repository), `celebgraph run` loads them into a fresh warehouse, and
`celebgraph evaluate` scores the marts. With both sets the table ends with the tune - check gap.

Run: .venv/bin/python benchmarks/quality.py [--set tune|check|both|tune2|tune3|tune4|tune5] [--verbose] [--json OUT] [--workdir DIR]
(--verbose prints per-article errors of the tune sets; never of the check set)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import select_check_gold  # noqa: E402
import select_dev_gold  # noqa: E402
import select_tune2_gold  # noqa: E402
import select_tune3_gold  # noqa: E402
import select_tune4_gold  # noqa: E402
import select_tune5_gold  # noqa: E402

SETS = {
    "tune": (select_dev_gold, HERE / "gold" / "dev_gold.json"),
    "check": (select_check_gold, HERE / "gold" / "check_gold.json"),
}
# more tune sets, read for errors like the first; scored on request (--set tune2 / tune3). tune3 is
# family-rich (people and relationships annotated, no timeline), so its scores are not the random sets'
EXTRA_SETS = {"tune2": (select_tune2_gold, HERE / "gold" / "tune2_gold.json"),
              "tune3": (select_tune3_gold, HERE / "gold" / "tune3_gold.json"),
              "tune4": (select_tune4_gold, HERE / "gold" / "tune4_gold.json"),
              "tune5": (select_tune5_gold, HERE / "gold" / "tune5_gold.json")}
PARTS = ("people", "relationships", "timeline")


def materialise(landing: Path, selection=select_dev_gold) -> int:  # noqa: ANN001 - a selection module
    """Write the selected articles into `landing`: GossipCop records as one JSONL, Perez files as .txt."""
    landing.mkdir(parents=True, exist_ok=True)
    gossip, perez = selection.select()
    with (landing / "gossipcop.jsonl").open("w", encoding="utf-8") as out:
        for record in gossip:
            out.write(json.dumps({k: record.get(k) for k in ("id", "date", "title", "text")}) + "\n")
    for path in perez:
        (landing / path.name).write_bytes(path.read_bytes())
    return len(gossip) + len(perez)


def score_set(name: str, workdir: Path, verbose: bool, gold_override: Path | None = None) -> dict:
    selection, gold = {**SETS, **EXTRA_SETS}[name]
    gold = gold_override or gold
    landing, warehouse = workdir / f"{name}_landing", workdir / f"{name}.duckdb"
    for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(workdir / f"{name}_lake"), str(landing)], check=True)
    count = materialise(landing, selection)
    print(f"{name}: {count} articles in {landing}", flush=True)
    celebgraph = [sys.executable, "-m", "celebgraph.cli"]
    subprocess.run([*celebgraph, "run", "--input", str(landing), "--warehouse", str(warehouse)], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    out = workdir / f"{name}_scores.json"
    evaluate = [*celebgraph, "evaluate", "--gold", str(gold), "--warehouse", str(warehouse), "--json", str(out)]
    if verbose and name != "check":  # the check set is only scored: its errors are never printed
        evaluate.append("--verbose")
    subprocess.run(evaluate, cwd=ROOT, check=True)
    return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--set", choices=("tune", "check", "both", "tune2", "tune3", "tune4", "tune5"), default="both")
    parser.add_argument("--gold", type=Path, default=None, help="score against this gold file instead")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here too")
    parser.add_argument("--workdir", type=Path, default=None, help="keep landing folders and warehouses here")
    args = parser.parse_args(argv)
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="celebgraph-quality-"))).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    names = ["tune", "check"] if args.set == "both" else [args.set]
    results = {name: score_set(name, workdir, args.verbose, args.gold) for name in names}
    if len(results) == 2:
        print("\nF1 tune / check / gap")
        for part in PARTS:
            tune, check = (results[n][part]["f1"] for n in ("tune", "check"))
            print(f"  {part:<14} {tune:.3f} / {check:.3f} / {tune - check:+.3f}")
        tune, check = (results[n].get("event_types", {}).get("accuracy") for n in ("tune", "check"))
        if tune is not None and check is not None:
            print(f"event types right (of matched events) tune / check / gap: {tune:.3f} / {check:.3f} / "
                  f"{tune - check:+.3f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
