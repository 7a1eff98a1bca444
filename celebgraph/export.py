"""Write every mart to Parquet or CSV files, for tools that cannot open a DuckDB file."""

from __future__ import annotations

import logging
from pathlib import Path

from celebgraph.readonly import connect_read_only, mart_tables

log = logging.getLogger(__name__)
FORMATS = {"parquet": "(format parquet, compression zstd)", "csv": "(format csv, header true)"}


def export_marts(warehouse: Path, out_dir: Path, fmt: str = "parquet") -> list[Path]:
    """One file per mart, `<out_dir>/<table>.<fmt>`, each written to a temporary name and renamed."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; use one of: {', '.join(FORMATS)}")
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with connect_read_only(warehouse) as con:
        for table in mart_tables(con):
            target = out_dir / f"{table}.{fmt}"
            tmp = target.with_name(target.name + ".tmp")
            escaped = str(tmp).replace("'", "''")
            con.execute(f"copy (select * from marts.{table}) to '{escaped}' {FORMATS[fmt]}")
            tmp.replace(target)
            written.append(target)
            log.debug("exported marts.%s to %s", table, target)
    return written
