"""Deterministic selection of the 40 *check* articles (scored only, never read for errors).

Same population and sizes as the dev (tune) gold in `select_dev_gold.py` (20 GossipCop "real", dated,
120-900 words; 20 Perez-Rosas "legit", body >= 80 words), sampled with random.Random(20261201) from what
is left once the 40 tune articles are removed, GossipCop first, then Perez with the same rng.

Run: python benchmarks/select_check_gold.py   (prints one id per line)
"""

from __future__ import annotations

from pathlib import Path

import select_dev_gold as dev

SEED = 20261201


def select(seed: int = SEED) -> tuple[list[dict], list[Path]]:
    return dev.select(seed, taken=frozenset(dev.selected_ids()))


def selected_ids(seed: int = SEED) -> list[str]:
    return dev.ids_of(*select(seed))


def main() -> None:
    for article_id in selected_ids():
        print(article_id)


if __name__ == "__main__":
    main()
