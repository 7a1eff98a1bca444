"""`celebgraph sql "QUERY"`: one read-only query against the warehouse, printed as a table, CSV or JSON.

For users without a `duckdb` command: the project's own duckdb module opens the file read-only, so the
query can never change it, and a run writing the warehouse at the same time is not disturbed.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import json
from pathlib import Path
from typing import Any

MAX_CELL = 60  # a table cell longer than this is cut with '…' (CSV and JSON keep every character)


def run_query(warehouse: Path, sql: str) -> tuple[list[str], list[tuple]]:
    """(column names, rows) of `sql` run on a read-only connection; a statement that writes is refused."""
    import duckdb

    from celebgraph.readonly import connect_read_only

    if not sql.strip():
        raise ValueError('give a query, e.g. celebgraph sql "select name from marts.people limit 5"')
    with connect_read_only(warehouse) as con:
        try:
            cursor = con.execute(sql)
        except duckdb.Error as exc:
            first_line = str(exc).strip().splitlines()[0]
            raise ValueError(f"the query failed: {first_line}") from None
        if cursor.description is None:  # e.g. SET or PRAGMA: nothing to print
            return [], []
        return [d[0] for d in cursor.description], cursor.fetchall()


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: dates and times in ISO form, decimals as numbers, lists kept."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    text = " ".join(text.split())  # a cell is one line
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def format_rows(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([{c: _plain(v) for c, v in zip(columns, row, strict=True)} for row in rows],
                          ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([["" if v is None else json.dumps(_plain(v)) if isinstance(v, list | dict) else v
                           for v in row] for row in rows])
        return buffer.getvalue()
    if not columns:
        return "(no result)\n"
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(row[i], int | float | decimal.Decimal) or row[i] is None for row in rows) and rows
               for i in range(len(columns))]

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric,
                                                                                  strict=True)).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    out.append(f"({len(rows)} row{'' if len(rows) == 1 else 's'})")
    return "\n".join(out) + "\n"
