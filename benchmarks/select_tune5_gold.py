"""Deterministic selection of a fifth *tune* set: 40 articles drawn like the check set (read for errors).

Like tune4 (select_tune4_gold.py): drawn from the same populations as the tune and check sets
(select_dev_gold.py: 20 GossipCop real, 20 Perez-Rosas legit), with random.Random(20261205), from what the tune,
check, tune2, tune3 and tune4 sets and the NER's training and held-out texts leave. Scored before any of its
errors were read, by the code at the start of the stop that drew it and by the code of that day (a fresh
unseen measure of the stop's changes; see the README), and read for errors since.

Run: python benchmarks/select_tune5_gold.py   (prints one id per line)
"""

from __future__ import annotations

from pathlib import Path

import select_dev_gold as dev
import select_tune4_gold as tune4

SEED = 20261205


def select(seed: int = SEED) -> tuple[list[dict], list[Path]]:
    return dev.select(seed, taken=tune4.taken_ids() | frozenset(tune4.selected_ids()))


def selected_ids(seed: int = SEED) -> list[str]:
    return dev.ids_of(*select(seed))


if __name__ == "__main__":
    dev.print_ids(selected_ids())
