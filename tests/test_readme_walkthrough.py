"""What the README promises a new user: the five SQL questions run, prefect.yaml deploys this flow,
every command is documented."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SHARED_ARTICLES = ROOT.parent / "shared" / "samples" / "articles"


def _five_questions() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Five questions in SQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_readme_has_five_sql_questions() -> None:
    assert len(_five_questions()) == 5


@pytest.mark.parametrize("index", range(5))
def test_readme_question_runs_read_only_on_the_samples(samples_warehouse: Path, index: int) -> None:
    sql = _five_questions()[index]
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    if SHARED_ARTICLES.is_dir():  # the questions are phrased about the shared samples' people and year
        assert rows, f"question {index + 1} found nothing on the samples:\n{sql}"


def test_prefect_yaml_deploys_this_flow_with_a_schedule_and_no_overlap() -> None:
    from prefect.cli.deploy._models import PrefectYamlModel
    from prefect.client.schemas.schedules import CronSchedule
    from prefect.flows import load_flow_from_entrypoint

    config = PrefectYamlModel.model_validate(yaml.safe_load((ROOT / "prefect.yaml").read_text()))
    (deployment,) = config.deployments
    flow = load_flow_from_entrypoint(str(ROOT / deployment.entrypoint))
    assert flow.name == "celebgraph-run"
    assert set(deployment.parameters) <= set(inspect.signature(flow.fn).parameters)
    assert deployment.concurrency_limit.limit == 1
    assert deployment.concurrency_limit.collision_strategy == "CANCEL_NEW"
    (schedule,) = deployment.schedules
    CronSchedule(cron=schedule.cron)
    assert deployment.work_pool.name == "celebgraph-pool"


def test_every_command_is_in_the_readme() -> None:
    from celebgraph.cli import build_parser

    readme = (ROOT / "README.md").read_text()
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for command in sub.choices:
        assert f"celebgraph {command}" in readme, command
