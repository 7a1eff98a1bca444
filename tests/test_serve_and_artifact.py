"""Scheduled runs: the served deployment's schedule and overlap guard, a real served run, the run artifact."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from celebgraph.run_artifact import ARTIFACT_KEY, run_markdown
from celebgraph.serve import build_deployment
from celebgraph.settings import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_deployment_has_the_schedule_parameters_and_one_run_at_a_time(tmp_path: Path) -> None:
    from prefect.client.schemas.objects import ConcurrencyLimitStrategy

    settings = Settings(input_dir=tmp_path, warehouse=tmp_path / "wh.duckdb")
    hourly = build_deployment(settings, cron="0 * * * *")
    assert [s.schedule.cron for s in hourly.schedules] == ["0 * * * *"]
    assert hourly.concurrency_limit == 1
    assert hourly.concurrency_options.collision_strategy == ConcurrencyLimitStrategy.CANCEL_NEW
    assert hourly.parameters["input_dir"] == str(tmp_path.resolve())
    assert hourly.parameters["warehouse"] == str((tmp_path / "wh.duckdb").resolve())
    every_ten = build_deployment(settings, interval_seconds=600)
    assert [s.schedule.interval.total_seconds() for s in every_ten.schedules] == [600]


@pytest.mark.parametrize(("cron", "interval", "message"), [
    ("not a cron", None, "five fields"), (None, None, "exactly one"), ("0 * * * *", 60, "exactly one"),
    (None, -5, "positive")])
def test_bad_schedules_are_one_clear_error(cron: str | None, interval: float | None, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        build_deployment(Settings(), cron=cron, interval_seconds=interval)


def test_run_markdown_table_counts_new_rows_and_test_results() -> None:
    text = run_markdown("r1", "succeeded", {"read": 5, "loaded": 3, "duplicates": 1, "rejected": 1},
                        before={"people": 2, "relationships": 1, "events": 0},
                        after={"people": 6, "relationships": 4, "events": 3},
                        tests={"people_unique_id": 0, "relationships_unique": 2})
    assert "| read | 5 |" in text and "| loaded | 3 |" in text and "| duplicates | 1 |" in text
    assert "| rejected | 1 |" in text
    assert "| new people | 4 |" in text and "| new relationships | 3 |" in text and "| new events | 3 |" in text
    assert "| `people_unique_id` | 0 | pass |" in text and "| `relationships_unique` | 2 | **FAIL** |" in text


def test_each_flow_run_publishes_its_counts_artifact(samples_warehouse: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[ARTIFACT_KEY])))

    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        run_id, loaded = con.execute("select run_id, loaded from raw.runs order by started_at limit 1").fetchone()
        people, rels, events = (con.execute(f"select count(*) from marts.{t}").fetchone()[0]
                                for t in ("people", "relationships", "timeline"))
        tests = len(list((ROOT / "sql" / "tests").glob("*.sql")))
    mine = [a for a in asyncio.run(read()) if run_id in a.data]
    assert len(mine) == 1
    text = mine[0].data
    assert f"| loaded | {loaded} |" in text
    assert f"| new people | {people} |" in text and f"| new relationships | {rels} |" in text
    assert f"| new events | {events} |" in text
    assert text.count("| pass |") == tests


def test_served_deployment_runs_on_schedule(prefect_harness, tmp_path: Path) -> None:  # noqa: ANN001
    """`celebgraph serve` in a subprocess against the test server registers the scheduled deployment with
    its overlap guard and executes the deployment's runs (one triggered now rather than waiting for the
    server's scheduler loop)."""
    from prefect.client.orchestration import get_client
    from prefect.deployments import run_deployment
    from prefect.settings import PREFECT_API_URL

    landing = tmp_path / "landing"
    shutil.copytree(ROOT / "samples" / "articles", landing)
    warehouse = tmp_path / "served.duckdb"
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PYTHONUNBUFFERED": "1"}
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celebgraph.cli", "serve", "--interval", "3600", "--name", "test-served",
             "--input", str(landing), "--warehouse", str(warehouse)],
            cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    async def deployment():  # noqa: ANN202
        async with get_client() as client:
            found = await client.read_deployment_by_name("celebgraph-run/test-served")
            return found, await client.read_deployment_schedules(found.id)

    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, log_path.read_text()[-2000:]
            try:
                served, schedules = asyncio.run(deployment())
                break
            except Exception:
                assert time.monotonic() < deadline, log_path.read_text()[-2000:]
                time.sleep(1)
        assert served.global_concurrency_limit is not None and served.global_concurrency_limit.limit == 1
        assert served.concurrency_options.collision_strategy.value == "CANCEL_NEW"
        assert [s.schedule.interval.total_seconds() for s in schedules] == [3600]
        run_deployment("celebgraph-run/test-served", timeout=0)
        statuses: list[str] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "succeeded" not in statuses:
            assert proc.poll() is None, log_path.read_text()[-2000:]
            time.sleep(2)
            if warehouse.exists():
                try:
                    with duckdb.connect(str(warehouse), read_only=True) as con:
                        statuses = [r[0] for r in con.execute("select status from raw.runs").fetchall()]
                except duckdb.Error:
                    continue  # the run holds the file right now
        assert "succeeded" in statuses, log_path.read_text()[-2000:]
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
