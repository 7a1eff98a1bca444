"""Words per second of the project's spaCy pipeline with the base NER and with the trained one, in one run.

Both pipelines run over the same GossipCop texts (dated, 150-1,500 words, seed 0), alternately, twice each;
the best of the two rounds is kept for each (the machines are shared and noisy). The trained NER has the
base NER's architecture, so the ratio should be close to 1.

Run: .venv/bin/python benchmarks/ner_speed.py [--n 300]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "gossipcop" / "gossipcop.jsonl.gz"


def texts(n: int) -> list[str]:
    with gzip.open(CORPUS, "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines]
    usable = [r for r in records if r.get("date") and r.get("text") and 150 <= (r.get("n_words") or 0) <= 1500]
    random.Random(0).shuffle(usable)
    return [f"{r['title']}\n\n{r['text']}" for r in usable[:n]]


def words_per_second(nlp, batch: list[str]) -> float:  # noqa: ANN001 - a spaCy Language
    from transforms.nlp import mask_long_tokens

    masked = [mask_long_tokens(t)[0] for t in batch]
    started = time.perf_counter()
    for _ in nlp.pipe(masked, batch_size=32):
        pass
    return sum(len(t.split()) for t in batch) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=300)
    args = parser.parse_args()
    from transforms.nlp import load_model

    batch = texts(args.n)
    pipelines = {"base NER": load_model(ner="base"), "trained NER": load_model()}
    best = dict.fromkeys(pipelines, 0.0)
    for _ in range(2):
        for name, nlp in pipelines.items():
            best[name] = max(best[name], words_per_second(nlp, batch))
    for name, wps in best.items():
        print(f"{name:12} {wps:8.0f} words/s")
    print(f"trained / base: {best['trained NER'] / best['base NER']:.3f}")


if __name__ == "__main__":
    main()
