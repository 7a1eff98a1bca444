"""Deterministic selection of a fourth *tune* set: 40 articles drawn like the check set (read for errors).

The first three tune sets' errors were read so often that the rules now fit their shapes: the tune - check gap
grew. This set is drawn from the same populations as the tune and check sets (select_dev_gold.py: 20 GossipCop
real, 20 Perez-Rosas legit), with random.Random(20261204), from what the tune, check, tune2 and tune3 sets and
the NER's training and held-out texts leave. It was scored once before any of its errors were read (a fresh
unseen measure of the code of that day; see the README), and is read for errors since.

Run: python benchmarks/select_tune4_gold.py   (prints one id per line)
"""

from __future__ import annotations

import json
from pathlib import Path

import select_check_gold as check
import select_dev_gold as dev
import select_tune2_gold as tune2
import select_tune3_gold as tune3

SEED = 20261204
NER_ARTICLES = Path(__file__).resolve().parent.parent / "celebgraph" / "training" / "data" / "articles.json"


def _ner_ids() -> frozenset[str]:
    chosen = json.loads(NER_ARTICLES.read_text(encoding="utf-8"))
    return frozenset(i if isinstance(i, str) else i["id"] for part in ("train", "held_out") for i in chosen[part])


def taken_ids() -> frozenset[str]:
    """What this set is drawn disjoint from: the tune, check, tune2 and tune3 sets and the NER's texts."""
    return frozenset(dev.selected_ids()) | frozenset(check.selected_ids()) | frozenset(tune2.selected_ids()) \
        | frozenset(tune3.selected_ids()) | _ner_ids()


def select(seed: int = SEED) -> tuple[list[dict], list[Path]]:
    return dev.select(seed, taken=taken_ids())


def selected_ids(seed: int = SEED) -> list[str]:
    return dev.ids_of(*select(seed))


if __name__ == "__main__":
    dev.print_ids(selected_ids())
