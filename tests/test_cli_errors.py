"""Every error a user can cause is one line on stderr (cause and what to do); `--debug`, before or after
the subcommand, shows the traceback. Real `celebgraph` processes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from _runs import ROOT, cli_env

LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ (INFO|WARNING) ")  # progress and notes, not errors


@pytest.fixture(scope="module")
def api_url(prefect_harness) -> str:  # noqa: ANN001
    import prefect.settings

    return prefect.settings.PREFECT_API_URL.value()


def _celebgraph(api_url: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "celebgraph.cli", *args], env=cli_env(api_url), cwd=ROOT,
                          capture_output=True, text=True, timeout=300)


def _error_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.splitlines() if not LOG_LINE.match(line)]


@pytest.mark.parametrize("case", ["warehouse_is_a_folder", "model_missing", "warehouse_not_duckdb"])
def test_a_user_error_is_one_line_and_debug_after_the_subcommand_shows_the_traceback(
        case: str, api_url: str, tmp_path: Path):
    warehouse = tmp_path / "wh.duckdb"
    extra: list[str] = []
    if case == "warehouse_is_a_folder":
        warehouse.mkdir()
        expected = "is a folder; give a DuckDB file path"
    elif case == "model_missing":
        extra, expected = ["--model", "en_core_web_nope"], "spaCy model 'en_core_web_nope' is not installed"
    else:  # fails inside the Prefect flow: Prefect's own traceback must not reach the terminal either
        warehouse.write_text("not a database\n")
        expected = "not a valid DuckDB database file"
    args = ["run", "--input", str(ROOT / "samples" / "articles"), "--warehouse", str(warehouse), *extra]
    result = _celebgraph(api_url, *args)
    assert result.returncode == 1
    (line,) = _error_lines(result)
    assert line.startswith("celebgraph: error: ") and expected in line
    debug = _celebgraph(api_url, *args, "--debug")
    assert debug.returncode == 1 and "Traceback (most recent call last)" in debug.stderr
    assert expected in debug.stderr
