"""The DuckDB side: load lake partitions into `raw`, build the SQL models, run the data tests.

One writer at a time: only the flow's load and build tasks open the file read-write, one after the
other. The build runs in one transaction with its data tests, so a failed test leaves the previous
marts whole.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from transforms.stages import LAKE_TABLES, SCHEMAS

log = logging.getLogger(__name__)
MODEL_LAYERS = ("staging", "intermediate", "marts")


def sql_dir() -> Path:
    """`sql/` of the source tree, or the copy packed into the wheel."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "sql", here / "sql"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("cannot find the sql/ models folder")


@dataclass(frozen=True)
class Model:
    name: str  # schema.table
    path: Path
    sql: str
    depends_on: frozenset[str]
    grain: str
    column_docs: dict[str, str] = field(default_factory=dict)


_DOC_LINE = re.compile(r"^--\s*([a-z_][a-z0-9_]*):\s*(.+)$")


def parse_model(path: Path, layer: str) -> Model:
    sql = path.read_text()
    name = f"{layer}.{path.stem}"
    tree = sqlglot.parse_one(sql, read="duckdb")
    # a schema-qualified name is a table; unqualified names are the model's own CTEs
    deps = {f"{table.db}.{table.name}" for table in tree.find_all(exp.Table) if table.db}
    grain, docs = "", {}
    for line in sql.splitlines():
        if not line.startswith("--"):
            break
        match = _DOC_LINE.match(line.strip())
        if match and match.group(1) == "grain":
            grain = match.group(2)
        elif match:
            docs[match.group(1)] = match.group(2)
    return Model(name, path, sql, frozenset(deps - {name}), grain, docs)


def load_models(root: Path | None = None) -> list[Model]:
    """All models in dependency order, the order derived from the tables each model's SQL reads."""
    root = root or sql_dir()
    models = {m.name: m for layer in MODEL_LAYERS for m in
              (parse_model(p, layer) for p in sorted((root / layer).glob("*.sql")))}
    graph = {name: {d for d in m.depends_on if d in models} for name, m in models.items()}
    for m in models.values():
        unknown = {d for d in m.depends_on if d not in models and not d.startswith("raw.")}
        if unknown:
            raise ValueError(f"model {m.name} reads unknown tables: {sorted(unknown)}")
    return [models[name] for name in TopologicalSorter(graph).static_order()]


def load_tests(root: Path | None = None) -> dict[str, str]:
    root = root or sql_dir()
    return {p.stem: p.read_text() for p in sorted((root / "tests").glob("*.sql"))}


# --- raw layer ------------------------------------------------------------------------------------
RUNS_DDL = """
create table if not exists raw.runs (
    run_id varchar primary key,
    started_at timestamp,
    finished_at timestamp,
    status varchar,          -- running | succeeded | failed | no_new_input
    input_dir varchar,
    records_read integer,
    loaded integer,
    duplicates integer,
    rejected integer,
    files_new integer,
    files_already_seen integer,
    records_already_seen integer,
    message varchar
)
"""


def _duck_type(arrow_type: object) -> str:
    import pyarrow as pa

    if arrow_type == pa.string():
        return "varchar"
    if arrow_type == pa.date32():
        return "date"
    if arrow_type == pa.int32():
        return "integer"
    if arrow_type == pa.int64():
        return "bigint"
    if arrow_type == pa.float64():
        return "double"
    if arrow_type == pa.bool_():
        return "boolean"
    if isinstance(arrow_type, pa.ListType):
        return _duck_type(arrow_type.value_type) + "[]"
    raise TypeError(arrow_type)


def ensure_raw(con: duckdb.DuckDBPyConnection) -> None:
    for schema in ("raw", *MODEL_LAYERS):
        con.execute(f"create schema if not exists {schema}")
    con.execute(RUNS_DDL)
    con.execute("create table if not exists raw.loaded_partitions (path varchar primary key, loaded_at timestamp)")
    for table in LAKE_TABLES:
        cols = ", ".join(f"{f.name} {_duck_type(f.type)}" for f in SCHEMAS[table])
        con.execute(f"create table if not exists raw.{table} ({cols}, run_id varchar)")


def begin_run(warehouse: Path, run_id: str, input_dir: str) -> None:
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw(con)
        con.execute("insert into raw.runs (run_id, started_at, status, input_dir) values (?, ?, 'running', ?)",
                    [run_id, dt.datetime.now(dt.UTC).replace(tzinfo=None), input_dir])


def load_partitions(warehouse: Path, lake: Path) -> int:
    """Insert every lake partition not loaded yet, each with its ledger row in one transaction."""
    loaded = 0
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw(con)
        done = {r[0] for r in con.execute("select path from raw.loaded_partitions").fetchall()}
        for table in LAKE_TABLES:
            for part in sorted((lake / table).glob("run_id=*/*.parquet")):
                key = part.relative_to(lake).as_posix()
                if key in done:
                    continue
                run_id = part.parent.name.split("=", 1)[1]
                cols = ", ".join(f.name for f in SCHEMAS[table])
                con.execute("begin transaction")
                con.execute(
                    f"insert into raw.{table} ({cols}, run_id) "
                    f"select {cols}, ? from read_parquet(?)", [run_id, str(part)])
                con.execute("insert into raw.loaded_partitions values (?, now())", [key])
                con.execute("commit")
                loaded += 1
    return loaded


# --- models ---------------------------------------------------------------------------------------
class DataTestFailure(RuntimeError):
    def __init__(self, failures: dict[str, int]):
        self.failures = failures
        detail = ", ".join(f"{name} ({n} bad rows)" for name, n in failures.items())
        super().__init__(f"data tests failed: {detail}; the previous marts are left in place")


def _comment(con: duckdb.DuckDBPyConnection, model: Model) -> None:
    if model.grain:
        con.execute(f"comment on table {model.name} is '{model.grain.replace(chr(39), chr(39) * 2)}'")
    columns = {r[0] for r in con.execute(f"describe {model.name}").fetchall()}
    for column, text in model.column_docs.items():
        if column in columns:
            con.execute(f"comment on column {model.name}.{column} is '{text.replace(chr(39), chr(39) * 2)}'")


def build_models(warehouse: Path, root: Path | None = None) -> dict[str, int]:
    """Rebuild every model and run the data tests in one transaction; returns test results (bad rows)."""
    models = load_models(root)
    tests = load_tests(root)
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw(con)
        con.execute("begin transaction")
        try:
            for model in models:
                con.execute(f"create or replace table {model.name} as {model.sql}")
                _comment(con, model)
            results = {name: con.execute(f"select count(*) from ({sql})").fetchone()[0]
                       for name, sql in tests.items()}
            failures = {name: n for name, n in results.items() if n}
            if failures:
                raise DataTestFailure(failures)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return results


def finish_run(warehouse: Path, run_id: str, status: str, counts: dict[str, int], message: str = "") -> None:
    with duckdb.connect(str(warehouse)) as con:
        ensure_raw(con)
        con.execute(
            """update raw.runs set finished_at = ?, status = ?, records_read = ?, loaded = ?, duplicates = ?,
               rejected = ?, files_new = ?, files_already_seen = ?, records_already_seen = ?, message = ?
               where run_id = ?""",
            [dt.datetime.now(dt.UTC).replace(tzinfo=None), status, counts.get("read", 0), counts.get("loaded", 0),
             counts.get("duplicates", 0), counts.get("rejected", 0), counts.get("files_new", 0),
             counts.get("files_already_seen", 0), counts.get("records_already_seen", 0), message, run_id])


def marts_exist(warehouse: Path) -> bool:
    if not warehouse.exists():
        return False
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return bool(con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'").fetchone()[0])


def summary(warehouse: Path, top: int = 5) -> dict[str, object]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        def one(sql: str) -> object:
            return con.execute(sql).fetchone()[0]

        return {
            "articles": one("select count(*) from marts.articles where duplicate_of is null"),
            "duplicates": one("select count(*) from marts.articles where duplicate_of is not null"),
            "rejects": one("select count(*) from raw.rejects"),
            "people": one("select count(*) from marts.people"),
            "relationships": one("select count(*) from marts.relationships"),
            "events": one("select count(*) from marts.timeline"),
            "top_people": con.execute(
                f"select name, mention_count, article_count from marts.people "
                f"order by mention_count desc, name limit {top}").fetchall(),
            "top_relationships": con.execute(
                f"select person_a, relation_type, person_b, confidence, article_count from marts.relationships "
                f"order by article_count desc, confidence desc, person_a limit {top}").fetchall(),
        }
