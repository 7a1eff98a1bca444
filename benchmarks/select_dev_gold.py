"""Deterministic selection of the 40 development-gold articles for celebgraph.

20 GossipCop "real" articles (dated, 120-900 words) and 20 Perez-Rosas
"legit" celebrity articles (body >= 80 words), sampled with
random.Random(20261124): GossipCop first, then Perez with the same rng.

Run: python benchmarks/select_dev_gold.py   (prints one id per line)
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SEED = 20261124
CORPORA = Path("/work/shared/corpora")
GOSSIPCOP = CORPORA / "gossipcop" / "gossipcop.jsonl.gz"
PEREZ_LEGIT = CORPORA / "celebrity_perez_rosas" / "legit"
N_GOSSIPCOP = 20
N_PEREZ = 20


def word_count(text: str) -> int:
    return len(text.split())


def gossipcop_candidates(path: Path = GOSSIPCOP) -> list[dict]:
    """Records labelled real, with a date and a 120-900 word text, sorted by id."""
    out: list[dict] = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("label") != "real" or rec.get("date") is None:
                continue
            n = word_count(rec.get("text") or "")
            if 120 <= n <= 900:
                out.append(rec)
    out.sort(key=lambda r: r["id"])
    return out


def read_perez(path: Path) -> tuple[str, str]:
    """Return (headline, body) of a Perez-Rosas file."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    headline, _, body = raw.partition("\n")
    return headline.strip(), body


def perez_candidates(folder: Path = PEREZ_LEGIT) -> list[Path]:
    """legit/*.txt with a body of at least 80 words, sorted by file name."""
    files = sorted(folder.glob("*.txt"), key=lambda p: p.name)
    return [p for p in files if word_count(read_perez(p)[1]) >= 80]


def select(seed: int = SEED, taken: frozenset[str] = frozenset()) -> tuple[list[dict], list[Path]]:
    """GossipCop records then Perez files, sampled with one rng, leaving out the ids in `taken` (the articles
    of the sets chosen before: the check and second tune sets are disjoint from this one)."""
    rng = random.Random(seed)
    gossip = rng.sample([r for r in gossipcop_candidates() if r["id"] not in taken], N_GOSSIPCOP)
    perez = rng.sample([p for p in perez_candidates() if p.stem not in taken], N_PEREZ)
    return gossip, perez


def ids_of(gossip: list[dict], perez: list[Path]) -> list[str]:
    return [r["id"] for r in gossip] + [p.stem for p in perez]


def print_ids(ids: list[str]) -> None:
    """What every selection script prints: one id per line."""
    print("\n".join(ids))


def selected_ids(seed: int = SEED) -> list[str]:
    return ids_of(*select(seed))


def main() -> None:
    for article_id in selected_ids():
        print(article_id)


if __name__ == "__main__":
    main()
