"""What the README promises a new user: its walkthrough runs as written without ../shared, the six SQL
questions answer on the warehouse `make run` builds, prefect.yaml deploys this flow, every command is
documented."""

from __future__ import annotations

import inspect
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _sql_questions() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Six questions in SQL", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_readme_has_six_sql_questions() -> None:
    assert len(_sql_questions()) == 6


@pytest.mark.parametrize("index", range(6))
def test_readme_question_answers_on_the_warehouse_make_run_builds(bundled_warehouse: Path, index: int) -> None:
    sql = _sql_questions()[index]
    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        rows = con.execute(sql).fetchall()
    assert rows, f"question {index + 1} found nothing in the bundled samples' warehouse:\n{sql}"


def _walkthrough_step_2() -> list[str]:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("**2. Look someone up**", 1)[1].split("**3.", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return [line.split("  #")[0].strip() for line in blocks[0].splitlines() if line.strip()]


def test_walkthrough_runs_as_written_after_make_run_without_shared(bundled_warehouse: Path) -> None:
    """Step 2's commands, as a user types them after `make run` (its warehouse is the default one);
    nothing in them may need ../shared, which a user does not have."""
    commands = _walkthrough_step_2()
    assert commands and all(c.startswith(".venv/bin/celebgraph ") for c in commands), commands
    assert not any("shared" in c for c in commands)
    env = {**os.environ, "CELEBGRAPH_WAREHOUSE": str(bundled_warehouse)}  # where make run wrote, here
    outputs = []
    for command in commands:
        argv = [sys.executable, "-m", "celebgraph.cli", *shlex.split(command)[1:]]
        done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0 and done.stderr == "", (command, done.stderr)
        outputs.append(done.stdout)
    assert "Marisol Vance" in outputs[0] and "Theo Okafor" in outputs[0]  # her profile names her boyfriend
    assert "relation_type" in outputs[1].splitlines()[0] and "(5 rows)" in outputs[1]


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
