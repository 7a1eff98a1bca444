"""`celebgraph sql`: a read-only query printed as a table, CSV or JSON; writes refused, errors one line,
and a closed pipe (`| head`) is no error. Real warehouse, real `celebgraph` processes for the pipe."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from _runs import ROOT

from celebgraph.cli import main
from celebgraph.sql_command import format_rows, run_query

QUERY = "select name, article_count from marts.people order by name"


def test_table_lists_every_row_with_aligned_columns(samples_warehouse: Path, capsys) -> None:  # noqa: ANN001
    assert main(["sql", QUERY, "--warehouse", str(samples_warehouse)]) == 0
    lines = capsys.readouterr().out.splitlines()
    columns, rows = run_query(samples_warehouse, QUERY)
    assert lines[0].split() == ["name", "article_count"]
    assert lines[-1] == f"({len(rows)} rows)" and len(rows) >= 3
    body = lines[2:-1]
    assert [line[: len(r[0])] for line, r in zip(body, rows, strict=True)] == [r[0] for r in rows]
    assert len({line.rindex(" ") + len(line.split()[-1]) for line in body}) == 1  # numbers right-aligned


def test_csv_and_json_carry_the_same_rows(samples_warehouse: Path) -> None:
    columns, rows = run_query(samples_warehouse, "select name, aliases from marts.people order by name")
    parsed_csv = list(csv.DictReader(io.StringIO(format_rows(columns, rows, "csv"))))
    parsed_json = json.loads(format_rows(columns, rows, "json"))
    assert [r["name"] for r in parsed_csv] == [r["name"] for r in parsed_json] == [r[0] for r in rows]
    assert [json.loads(r["aliases"]) if r["aliases"] else None for r in parsed_csv] == \
        [r["aliases"] for r in parsed_json] == [r[1] for r in rows]  # a list stays a list


@pytest.mark.parametrize(("sql", "message"), [
    ("delete from marts.people", "read-only"),
    ("select nope from marts.people", "the query failed"),
    ("  ", "give a query"),
])
def test_a_write_or_a_bad_query_is_one_line(samples_warehouse: Path, sql: str, message: str, capsys) -> None:  # noqa: ANN001
    assert main(["sql", sql, "--warehouse", str(samples_warehouse)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err, err
    assert run_query(samples_warehouse, "select count(*) from marts.people")[1][0][0] > 0  # nothing deleted


def test_piping_into_head_is_no_error(samples_warehouse: Path) -> None:
    many = "select range as n from range(200000)"
    cmd = f"{sys.executable} -m celebgraph.cli sql '{many}' --warehouse {samples_warehouse} --format csv | head -3"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines() == ["n", "0", "1"]
    assert done.stderr == "" and done.returncode == 0, done.stderr
