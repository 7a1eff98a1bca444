"""Regression guard on extraction quality: the real flow over the 40 development-gold articles (real news,
annotated by hand in benchmarks/gold/dev_gold.json), scored by `celebgraph evaluate`.

The floors are the scores reached when they were last raised (README, "Quality"); a change that lowers
any of them fails here. Raise them when the method improves.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from celebgraph.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT.parent / "shared" / "corpora"
FLOORS = {"people": 0.90, "relationships": 0.67, "timeline": 0.58}
MAX_MERGED_PEOPLE = 0


@pytest.fixture(scope="module")
def dev_scores(prefect_harness, tmp_path_factory) -> dict:  # noqa: ANN001
    if not (CORPORA / "gossipcop").is_dir() or not (CORPORA / "celebrity_perez_rosas").is_dir():
        pytest.skip("../shared/corpora is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from quality import GOLD, materialise

    from flows.pipeline import celebgraph_run

    landing = tmp_path_factory.mktemp("dev_landing")
    assert materialise(landing) == 40
    warehouse = tmp_path_factory.mktemp("dev_wh") / "dev.duckdb"
    celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))
    return evaluate(warehouse, GOLD)


def test_every_dev_gold_article_is_scored(dev_scores: dict) -> None:
    assert dev_scores["articles_scored"] == 40, dev_scores["articles_missing"]


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_f1_does_not_fall_below_the_floor(dev_scores: dict, part: str) -> None:
    assert dev_scores[part]["f1"] >= FLOORS[part], dev_scores[part]


def test_no_row_merges_two_distinct_people(dev_scores: dict) -> None:
    assert dev_scores["dedup"]["merged_people"] <= MAX_MERGED_PEOPLE, dev_scores["dedup"]["merged"]
