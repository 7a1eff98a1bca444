"""The two hostile records of issue 12 through the real CLI (`make slow-test`): a valid JSON record holding
100,000 '[' without spaces, and an article of 1,990,000 characters. Each run must end, account for every
record, and stay within a bounded time; the measured times are printed."""

from __future__ import annotations

import contextlib
import json
import time
from pathlib import Path

import pytest
from _runs import run, runs_table
from test_hostile_records import NAMES_LINE, sample_prose

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def api_url(prefect_harness) -> str:  # noqa: ANN001
    import prefect.settings

    return prefect.settings.PREFECT_API_URL.value()


def _run_one(tmp_path: Path, api_url: str, record: dict, *args: str) -> tuple[float, Path]:
    landing = tmp_path / "landing"
    landing.mkdir()
    (landing / "hostile.jsonl").write_text(json.dumps(record) + "\n")
    warehouse = tmp_path / "wh" / "cg.duckdb"
    started = time.monotonic()
    result = run(landing, warehouse, api_url, *args, timeout=1800)
    seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    (row,) = runs_table(warehouse)
    assert row["status"] == "succeeded" and row["records_read"] == 1 == row["loaded"]
    return seconds, warehouse


def _extract_errors(warehouse: Path) -> list[str]:
    from celebgraph.warehouse import connect_read_only

    with contextlib.closing(connect_read_only(warehouse)) as con:
        return [r[0] for r in con.execute("select error from raw.extract_errors").fetchall()]


def test_100000_brackets_in_one_record(tmp_path: Path, api_url: str):
    record = {"id": "brackets", "date": "2023-05-01", "title": "Brackets",
              "text": NAMES_LINE + " " + "[" * 100_000 + " Ben Ruiz flew home."}
    seconds, warehouse = _run_one(tmp_path, api_url, record)
    print(f"\n100,000 '[' record: whole run {seconds:.1f}s")
    assert _extract_errors(warehouse) == []
    assert seconds < 300


def test_an_article_of_1990000_characters(tmp_path: Path, api_url: str):
    record = {"id": "huge", "date": "2023-05-01", "title": "Huge", "text": sample_prose(1_990_000)}
    seconds, warehouse = _run_one(tmp_path, api_url, record, "--article-time-budget", "120")
    errors = _extract_errors(warehouse)
    print(f"\n1,990,000-character article: whole run {seconds:.1f}s; extract errors: {errors}")
    assert all(e.startswith("OverTimeBudget: ") for e in errors)
    # the budget, one section past it, and the fixed cost of a run (imports, model, build)
    assert seconds < 120 + 120 + 120
