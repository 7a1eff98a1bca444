"""Read-only access to a warehouse for the commands that only read it (person, report, export).

One small function so that it can later be swapped for the reliability work's shared helper.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb


def connect_read_only(warehouse: Path) -> duckdb.DuckDBPyConnection:
    """Open the DuckDB file read-only; a missing file or missing marts is one clear error."""
    if not warehouse.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}; run `celebgraph run --warehouse {warehouse}` first")
    con = duckdb.connect(str(warehouse), read_only=True)
    if not mart_tables(con):
        con.close()
        raise FileNotFoundError(f"warehouse {warehouse} has no marts yet; run `celebgraph run` first")
    return con


def mart_tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute("select table_name from information_schema.tables where table_schema = 'marts' "
                       "order by table_name").fetchall()
    return [r[0] for r in rows]


def columns_of(con: duckdb.DuckDBPyConnection, table: str) -> list[str]:
    """Column names of `schema.table`, so readers can pick the columns they know and ignore new ones."""
    schema, name = table.split(".", 1)
    rows = con.execute("select column_name from information_schema.columns where table_schema = ? "
                       "and table_name = ? order by ordinal_position", [schema, name]).fetchall()
    return [r[0] for r in rows]


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
    cursor = con.execute(sql, params or [])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
