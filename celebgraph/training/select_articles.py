"""The fixed-seed choice of the NER training corpus: 770 real articles, disjoint from every gold set.

Round one: 200 GossipCop (100 labelled real, 100 fake), 80 Pérez-Rosas (40 legit, 40 fake) and 50 BBC
entertainment articles of 100-800 words, sampled with random.Random(SEED) after leaving out every article of
the dev gold sets (tune, check, tune2, agreement), the identity benchmark's 500 and any text equal to one of
theirs. 60 of them (stratified by source) are the held-out split, never trained on; 20 of the held-out ones
were annotated twice, for the annotation's own agreement. Round two (SEED_ROUND_2, chosen after round one
was trained on, from what round one left): 200 more training articles. Rehearsal (SEED_REHEARSAL): 320
unannotated articles the base model labels, PERSON left unknown, so the NER keeps its other labels.
Round three (SEED_ROUND_3, chosen after round two was trained on): 240 more training articles.

Run: .venv/bin/python -m celebgraph.training.select_articles   (writes celebgraph/training/data/articles.json)
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from celebgraph.training.corpus import (
    ROOT,
    bbc_records,
    compose,
    gossipcop_records,
    perez_files,
    perez_text,
    require_corpora,
    text_sha1,
)

SEED = 20261203
SEED_ROUND_2 = 20261204
SEED_REHEARSAL = 20261205
SEED_ROUND_3 = 20261206
QUOTAS_ROUND_3 = {"gossipcop_real": 90, "gossipcop_fake": 90, "perez_legit": 20, "perez_fake": 20, "bbc": 20}
# unannotated articles the base model labels (all but PERSON) so the fine-tuned NER keeps its other labels
QUOTAS_REHEARSAL = {"gossipcop_real": 120, "gossipcop_fake": 120, "perez_legit": 20, "perez_fake": 20, "bbc": 40}
QUOTAS_ROUND_2 = {"gossipcop_real": 60, "gossipcop_fake": 60, "perez_legit": 20, "perez_fake": 20, "bbc": 40}
OUT = Path(__file__).resolve().parent / "data" / "articles.json"
QUOTAS = {"gossipcop_real": 100, "gossipcop_fake": 100, "perez_legit": 40, "perez_fake": 40, "bbc": 50}
HELD_OUT = {"gossipcop_real": 18, "gossipcop_fake": 18, "perez_legit": 7, "perez_fake": 7, "bbc": 10}
DOUBLE_ANNOTATED = 20
MIN_WORDS, MAX_WORDS = 100, 800


def gold_ids() -> set[str]:
    ids: set[str] = set()
    for path in (ROOT / "benchmarks" / "gold").glob("*.json"):
        data = json.loads(path.read_text())
        if isinstance(data, dict) and "articles" in data:
            ids |= {a["id"] for a in data["articles"]}
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import identity  # the identity benchmark's 500 articles are a gold set too

    ids |= {r["id"] for r in identity.select_records()}
    return ids


def candidates() -> dict[str, list[tuple[str, str]]]:
    """(id, text sha1) of each usable article per stratum, sorted by id; duplicates of a text kept once."""
    pools: dict[str, list[tuple[str, str]]] = {k: [] for k in QUOTAS}

    def usable(text: str) -> bool:
        return MIN_WORDS <= len(text.split()) <= MAX_WORDS

    for record in gossipcop_records():
        text = compose(record.get("title"), record.get("text"))
        if usable(record.get("text") or "") and record.get("label") in ("real", "fake"):
            pools[f"gossipcop_{record['label']}"].append((record["id"], text_sha1(text)))
    for path in perez_files():
        text = perez_text(path)
        if usable(text):
            pools[f"perez_{path.parent.name}"].append((path.stem, text_sha1(text)))
    for record in bbc_records():
        if record.get("category") == "entertainment" and usable(record.get("text") or ""):
            pools["bbc"].append((record["id"], text_sha1(compose(record.get("title"), record.get("text")))))
    return {k: sorted(v) for k, v in pools.items()}


def _fresh(pool: list[tuple[str, str]], excluded_ids: set[str], excluded_texts: set[str]) -> list[str]:
    """The ids of a stratum's pool, in order, leaving out excluded ids and any text seen already (the
    excluded texts, or an earlier article of the pool with the same text)."""
    seen = set(excluded_texts)
    fresh = []
    for article_id, sha in pool:
        if article_id not in excluded_ids and sha not in seen:
            seen.add(sha)
            fresh.append(article_id)
    return fresh


def _texts_of(pools: dict[str, list[tuple[str, str]]], ids: set[str]) -> set[str]:
    return {sha for pool in pools.values() for i, sha in pool if i in ids}


def _later_round(pools: dict[str, list[tuple[str, str]]], quotas: dict[str, int], seed: int,
                 excluded_ids: set[str]) -> list[str]:
    """A round chosen after the earlier ones: their articles, and any text equal to theirs, left out."""
    rng = random.Random(seed)
    excluded_texts = _texts_of(pools, excluded_ids)
    chosen: list[str] = []
    for stratum, quota in quotas.items():
        chosen += rng.sample(_fresh(pools[stratum], excluded_ids, excluded_texts), quota)
    return chosen


def select(seed: int = SEED) -> dict[str, list[str]]:
    require_corpora()
    pools = candidates()
    taken = gold_ids()
    taken_texts = _texts_of(pools, taken)
    rng = random.Random(seed)
    train: list[str] = []
    held_out: list[str] = []
    for stratum, quota in QUOTAS.items():
        chosen = rng.sample(_fresh(pools[stratum], taken, taken_texts), quota)
        held_out += chosen[: HELD_OUT[stratum]]
        train += chosen[HELD_OUT[stratum]:]
    double = rng.sample(held_out, DOUBLE_ANNOTATED)
    used = taken | set(train) | set(held_out)
    round_two = _later_round(pools, QUOTAS_ROUND_2, SEED_ROUND_2, used)
    used |= set(round_two)
    rehearsal = _later_round(pools, QUOTAS_REHEARSAL, SEED_REHEARSAL, used)
    used |= set(rehearsal)
    round_three = _later_round(pools, QUOTAS_ROUND_3, SEED_ROUND_3, used)
    return {"seed": [str(seed), str(SEED_ROUND_2), str(SEED_REHEARSAL), str(SEED_ROUND_3)],
            "train": train + round_two + round_three, "held_out": held_out, "double_annotated": double,
            "round_two": round_two, "round_three": round_three, "rehearsal": rehearsal}


def main() -> None:
    chosen = select()
    OUT.write_text(json.dumps(chosen, indent=1) + "\n")
    print(f"{len(chosen['train'])} train, {len(chosen['held_out'])} held out "
          f"({len(chosen['double_annotated'])} annotated twice) -> {OUT}")


if __name__ == "__main__":
    main()
