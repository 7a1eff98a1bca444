"""The extraction's own cost, spaCy excluded: milliseconds of `extract_article` per 1,000 words.

Parses N GossipCop articles (seeded sample, 80-2,000 words) once with the pipeline's model, then times the
extraction over the parsed documents, best of R repeats, so spaCy's time never enters the figure.

Run: .venv/bin/python benchmarks/extraction_cost.py [--n 200] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
GOSSIPCOP = ROOT.parent / "shared" / "corpora" / "gossipcop" / "gossipcop.jsonl.gz"

from transforms.clean import clean_article  # noqa: E402
from transforms.extraction import extract_article  # noqa: E402
from transforms.nlp import load_model  # noqa: E402


def sample(n: int, seed: int = 7) -> list[tuple[str, object]]:
    records = []
    with gzip.open(GOSSIPCOP, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("text") and 80 <= len(rec["text"].split()) <= 2000:
                records.append(rec)
    records.sort(key=lambda r: r["id"])
    chosen = random.Random(seed).sample(records, n)
    out = []
    for rec in chosen:
        cleaned = clean_article(rec.get("title") or "", rec["text"])
        out.append((cleaned.clean_text, rec.get("date")))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    import datetime as dt

    texts = sample(args.n)
    nlp = load_model()
    docs = list(nlp.pipe([t for t, _ in texts], batch_size=32))
    dates = [dt.date.fromisoformat(d) if d else None for _, d in texts]
    tokens = sum(len(d) for d in docs)
    best = float("inf")
    for _ in range(args.repeats):
        start = time.perf_counter()
        for doc, published in zip(docs, dates, strict=True):
            extract_article(doc, published)
        best = min(best, time.perf_counter() - start)
    print(f"{len(docs)} articles, {tokens:,} tokens: extraction {best:.2f} s, "
          f"{1000 * best / tokens * 1000:.1f} ms per 1,000 tokens (best of {args.repeats})")


if __name__ == "__main__":
    main()
