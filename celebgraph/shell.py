"""`celebgraph shell`: Harlequin, a terminal SQL IDE, on the warehouse, read-only.

The environment has the duckdb Python module but no `duckdb` command, and the registry's `duckdb-cli` is
older than the project's DuckDB. Harlequin runs on the project's own duckdb module, so it reads the file
the pipeline wrote. The file is attached read-only to an in-memory database, as every reader of the
warehouse does (`warehouse.connect_read_only`): nothing typed there can change it, a run writing at the
same time is not disturbed, and the shell sees one consistent snapshot.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from celebgraph.warehouse import connect_read_only


def shell_app(warehouse: Path, record_history: bool = True) -> Any:  # noqa: ANN401 - a Harlequin (Textual) app
    """The Harlequin app on `warehouse`; a missing warehouse, or one without marts, is one clear error."""
    from harlequin import Harlequin
    from harlequin_duckdb import DuckDbAdapter

    path = Path(warehouse).resolve()
    with connect_read_only(path) as con:  # the same one-line errors as the other readers
        if not con.execute("select 1 from information_schema.tables where table_schema = 'marts' limit 1").fetchone():
            raise FileNotFoundError(f"warehouse {warehouse} has no marts yet; run `celebgraph run` first")
    quoted = str(path).replace("'", "''")
    init = Path(tempfile.mkdtemp(prefix="celebgraph-shell-")) / "init.sql"
    init.write_text(f"attach '{quoted}' as celebgraph (read_only);\nuse celebgraph;\n")
    adapter = DuckDbAdapter(conn_str=(":memory:",), init_path=init)
    return Harlequin(adapter=adapter, record_history=record_history, no_download_tzdata=True)
