"""Deterministic selection of 40 more *tune* articles (a second tune set: read freely for errors).

Same populations and sizes as the first tune set (select_dev_gold.py), sampled with random.Random(20261202)
from what is left once the 40 tune and 40 check articles are removed; GossipCop first, then Perez.

Run: python benchmarks/select_tune2_gold.py   (prints one id per line)
"""

from __future__ import annotations

from pathlib import Path

import select_check_gold as check
import select_dev_gold as dev

SEED = 20261202


def select(seed: int = SEED) -> tuple[list[dict], list[Path]]:
    return dev.select(seed, taken=frozenset(dev.selected_ids()) | frozenset(check.selected_ids()))


def selected_ids(seed: int = SEED) -> list[str]:
    return dev.ids_of(*select(seed))


def main() -> None:
    for article_id in selected_ids():
        print(article_id)


if __name__ == "__main__":
    main()
