"""`make train`: rebuild the shipped NER from the annotations and ../shared, then score it.

1. `build`: the annotated articles as DocBins (gold PERSON, silver other labels) in build/ner/corpus.
2. `spacy train config.cfg` (fixed seed) into build/ner/model.
3. The best checkpoint's pipeline is copied to celebgraph/models/celebgraph_ner with its name and version in
   meta.json (recorded with every extracted article as part of the model version).
4. `evaluate`: PERSON and DATE on the held-out split, base model beside the new one.

Run: .venv/bin/python -m celebgraph.training.train [--max-steps N] [--no-ship]
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from celebgraph.training.build import build
from celebgraph.training.corpus import ROOT

HERE = Path(__file__).resolve().parent
WORK = ROOT / "build" / "ner"
SHIPPED = ROOT / "celebgraph" / "models" / "celebgraph_ner"
NAME, VERSION = "celebgraph_ner", "1.0.0"
MAX_SHIPPED_BYTES = 15 * 1024 * 1024


def folder_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def ship(model: Path, target: Path = SHIPPED) -> int:
    meta = json.loads((model / "meta.json").read_text())
    meta.update(name=NAME, version=VERSION, description="en_core_web_sm's NER fine-tuned on annotated "
                "celebrity news (PERSON gold, other labels silver from the base model)", license="MIT")
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(model, target)
    (target / "meta.json").write_text(json.dumps(meta, indent=2) + "\n")
    # the corpus paths of the machine that trained it mean nothing where it is loaded
    config = (target / "config.cfg").read_text()
    config = re.sub(r'^(train|dev) = ".*"$', r"\1 = null", config, flags=re.MULTILINE)
    (target / "config.cfg").write_text(config)
    size = folder_bytes(target)
    if size > MAX_SHIPPED_BYTES:
        raise SystemExit(f"the trained NER is {size / 2**20:.1f} MB, over the 15 MB it may ship with")
    return size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-steps", type=int, default=None, help="override the config's training steps")
    parser.add_argument("--no-ship", action="store_true", help="train and score, leave the shipped model")
    parser.add_argument("--workdir", type=Path, default=WORK)
    parser.add_argument("--rehearse", action="store_true",
                        help="add the unannotated rehearsal articles (base-model labels, PERSON unknown)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    corpus, model = args.workdir / "corpus", args.workdir / "model"
    counts = build(corpus, rehearse=args.rehearse)
    print(f"corpus: {counts}", flush=True)
    command = [sys.executable, "-m", "spacy", "train", str(HERE / "config.cfg"), "--code", str(HERE / "functions.py"),
               "--output", str(model), "--paths.train", str(corpus / "train.spacy"),
               "--paths.dev", str(corpus / "dev.spacy")]
    if args.max_steps is not None:
        command += ["--training.max_steps", str(args.max_steps)]
    subprocess.run(command, check=True, cwd=ROOT)
    trained_at = time.monotonic()
    print(f"trained in {(trained_at - started) / 60:.1f} min", flush=True)
    best = model / "model-best"
    if not args.no_ship:
        size = ship(best)
        print(f"shipped {SHIPPED.relative_to(ROOT)} ({size / 2**20:.1f} MB)")
    from celebgraph.training.evaluate import evaluate_held_out, print_table

    print_table(evaluate_held_out(trained=str(best)))
    print(f"make train: {(time.monotonic() - started) / 60:.1f} min in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
