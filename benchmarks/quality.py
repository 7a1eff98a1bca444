"""Score the pipeline on the development gold (40 real articles read and annotated by hand).

Materialises the selected articles from ../shared/corpora into a temporary landing folder (their text never
enters the repository), runs `celebgraph run` into a fresh warehouse, then `celebgraph evaluate`.

Run: .venv/bin/python benchmarks/quality.py [--verbose] [--json OUT] [--workdir DIR]
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
import select_dev_gold as selection  # noqa: E402

GOLD = HERE / "gold" / "dev_gold.json"


def materialise(landing: Path) -> int:
    """Write the 40 dev-gold articles into `landing`: GossipCop records as one JSONL, Perez files as .txt."""
    landing.mkdir(parents=True, exist_ok=True)
    gossip, perez = selection.select()
    with (landing / "gossipcop_dev.jsonl").open("w", encoding="utf-8") as out:
        for record in gossip:
            out.write(json.dumps({k: record.get(k) for k in ("id", "date", "title", "text")}) + "\n")
    for path in perez:
        (landing / path.name).write_bytes(path.read_bytes())
    return len(gossip) + len(perez)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--json", type=Path, default=None, help="write the figures here too")
    parser.add_argument("--workdir", type=Path, default=None, help="keep landing folder and warehouse here")
    parser.add_argument("--gold", type=Path, default=GOLD)
    args = parser.parse_args(argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="celebgraph-quality-"))
    landing, warehouse = workdir / "landing", workdir / "dev.duckdb"
    for stale in (warehouse, warehouse.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    subprocess.run(["rm", "-rf", str(workdir / "dev_lake"), str(landing)], check=True)
    count = materialise(landing)
    print(f"{count} dev-gold articles in {landing}", flush=True)
    celebgraph = [sys.executable, "-m", "celebgraph.cli"]
    subprocess.run([*celebgraph, "run", "--input", str(landing), "--warehouse", str(warehouse)], check=True,
                   cwd=ROOT, stdout=subprocess.DEVNULL)
    evaluate = [*celebgraph, "evaluate", "--gold", str(args.gold), "--warehouse", str(warehouse)]
    if args.verbose:
        evaluate.append("--verbose")
    if args.json:
        evaluate += ["--json", str(args.json.resolve())]
    return subprocess.run(evaluate, cwd=ROOT).returncode


if __name__ == "__main__":
    sys.exit(main())
