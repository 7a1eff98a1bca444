"""`celebgraph shell`: Harlequin on the warehouse `make run` builds, driven headless by Textual's pilot."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from celebgraph.shell import shell_app


async def _answers(app, *queries: str) -> list[list[tuple]]:  # noqa: ANN001 - the Harlequin app
    """Run each query in the editor (ctrl+j) and read the rows of the results table it shows."""
    answers = []
    async with app.run_test(size=(160, 50)) as pilot:
        for _ in range(120):  # the editor mounts after the app starts; slower on a loaded machine
            await pilot.pause(0.25)
            if app.editor is not None:
                break
        for sql in queries:
            app.results_viewer.clear_all_tables()
            app.editor.text = sql
            await pilot.press("ctrl+j")
            rows: list[tuple] = []
            for _ in range(120):  # the query runs in a worker thread
                await pilot.pause(0.25)
                tables = list(app.results_viewer.query("ResultsTable"))
                if tables and tables[0].row_count:
                    rows = [tuple(tables[0].get_row_at(i)) for i in range(tables[0].row_count)]
                    break
            answers.append(rows)
    return answers


def test_the_shell_answers_a_query_on_the_marts(bundled_warehouse: Path) -> None:
    app = shell_app(bundled_warehouse, record_history=False)
    (rows,) = asyncio.run(_answers(app, "select name from marts.people where name = 'Marisol Vance'"))
    assert rows == [("Marisol Vance",)]


def test_the_shell_cannot_change_the_warehouse(bundled_warehouse: Path) -> None:
    from harlequin.exception import HarlequinQueryError

    connection = shell_app(bundled_warehouse, record_history=False).adapter.connect()
    with pytest.raises(HarlequinQueryError, match="read-only"):
        connection.execute("create table marts.scratch as select 1 as x")


def test_no_warehouse_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no warehouse at"):
        shell_app(tmp_path / "missing.duckdb")
