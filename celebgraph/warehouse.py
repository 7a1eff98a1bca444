"""The DuckDB side: load lake partitions into `raw`, build the SQL models, run the data tests, publish.

Two DuckDB files per warehouse:
- the *published* file (`--warehouse`, e.g. `warehouse/celebgraph.duckdb`) is what readers open,
  read-only (`connect_read_only`). No process ever opens it read-write, so no reader is ever locked out;
- the *work* file (`<stem>_lake/_writer/work.duckdb`) is the writer's own. A run loads the new lake
  partitions into it, then rebuilds every model and runs the data tests in one transaction; only when
  they pass is the work file checkpointed, copied beside the published file and renamed over it.
  A rename is atomic: a reader already connected keeps reading the old file (its inode), a reader
  connecting afterwards sees the new one, nobody sees a mix. A failed test rolls back and publishes
  nothing: the previous marts stay as they were.

One writer at a time: `writer_lock` holds an flock on `<warehouse>.lock` (which names the run, pid and
start time) for the whole run; the kernel drops it when the process dies, so a killed run never leaves
a stale lock behind. The next run then repairs what the killed one left (`begin_run`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from graphlib import TopologicalSorter
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import sqlglot
from sqlglot import exp

from transforms import stages
from transforms.faults import maybe_die
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
    status varchar,          -- running | succeeded | failed | no_new_input | interrupted
    input_dir varchar,
    records_read integer,
    loaded integer,
    duplicates integer,
    rejected integer,
    files_new integer,
    files_already_seen integer,
    records_already_seen integer,
    message varchar,
    rejects_superseded integer, -- rejects of earlier runs whose records this run loaded
    nlp_model varchar           -- the spaCy pipeline (name-version) and the NER over it that extracted the facts
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
    con.execute("alter table raw.runs add column if not exists rejects_superseded integer")
    con.execute("alter table raw.runs add column if not exists nlp_model varchar")
    con.execute("create table if not exists raw.loaded_partitions (path varchar primary key, loaded_at timestamp)")
    con.execute("create table if not exists raw.builds (build_id integer primary key, run_id varchar, "
                "built_at timestamp, partitions integer)")
    for table in LAKE_TABLES:
        cols = ", ".join(f"{f.name} {_duck_type(f.type)}" for f in SCHEMAS[table])
        con.execute(f"create table if not exists raw.{table} ({cols}, run_id varchar)")
    existing = set(con.execute("select table_name, column_name from duckdb_columns() "
                               "where schema_name = 'raw'").fetchall())
    for table in LAKE_TABLES:
        for f in SCHEMAS[table]:  # a warehouse made before a column was added gets it (null in old rows)
            if (table, f.name) not in existing:
                con.execute(f"alter table raw.{table} add column {f.name} {_duck_type(f.type)}")


# --- files, lock, readers -------------------------------------------------------------------------
def work_db_for(warehouse: Path) -> Path:
    """The writer's private DuckDB file; readers never open it."""
    return stages.lake_dir_for(warehouse) / "_writer" / "work.duckdb"


def lock_path_for(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


class WriterBusy(RuntimeError):
    """Another run holds the warehouse's writer lock."""


@dataclass
class WriterLock:
    path: Path
    handle: object
    info: dict[str, object]
    depth: int = 1

    def note_run(self, run_id: str) -> None:
        """Name the run in the lock file, so a refused second run can say which run is writing."""
        self.info["run_id"] = run_id
        handle = self.handle
        handle.seek(0)  # type: ignore[attr-defined]
        handle.truncate()  # type: ignore[attr-defined]
        handle.write(json.dumps(self.info))  # type: ignore[attr-defined]
        handle.flush()  # type: ignore[attr-defined]


_HELD: dict[Path, WriterLock] = {}


def lock_holder(warehouse: Path) -> dict[str, object]:
    """What the lock file says about the run holding it (may be empty while it is being written)."""
    try:
        return json.loads(lock_path_for(warehouse.resolve()).read_text() or "{}")
    except (OSError, ValueError):
        return {}


def _busy_message(warehouse: Path, waiting: bool = False) -> str:
    holder = lock_holder(warehouse)
    running = (f"another run (run_id {holder.get('run_id', 'starting')}, pid {holder.get('pid', '?')}, "
               f"started {holder.get('started', '?')}) is writing {warehouse}")
    return f"{running}; this run starts when it ends" if waiting else f"{running}; use --wait to queue behind it"


@contextlib.contextmanager
def writer_lock(warehouse: Path, wait: bool = False) -> Iterator[WriterLock]:
    """Hold the one-writer lock of a warehouse; re-entrant within a process (the CLI, then the flow).

    Without `wait` a busy lock raises WriterBusy at once, naming the running run; with it we queue.
    """
    warehouse = warehouse.resolve()
    held = _HELD.get(warehouse)
    if held is not None:
        held.depth += 1
        try:
            yield held
        finally:
            held.depth -= 1
        return
    path = lock_path_for(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if not wait:
                raise WriterBusy(_busy_message(warehouse)) from None
            log.info("waiting: %s", _busy_message(warehouse, waiting=True))
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        lock = WriterLock(path, handle, {"pid": os.getpid(), "run_id": "starting",
                                         "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")})
        lock.note_run("starting")
        _HELD[warehouse] = lock
        try:
            yield lock
        finally:
            del _HELD[warehouse]
            with contextlib.suppress(OSError):
                handle.seek(0)
                handle.truncate()
    finally:
        handle.close()  # closing the file releases the flock


def connect_read_only(warehouse: Path, timeout_seconds: float = 10.0) -> duckdb.DuckDBPyConnection:
    """A reader's connection to the published warehouse: read-only, never blocking a run.

    The file is attached to a fresh in-memory database rather than opened with `duckdb.connect(path)`:
    DuckDB caches open databases by path within a process, so a long-lived process (a web server)
    would otherwise keep reading the file it first opened after a run has published a new one.
    Each connection is one consistent snapshot (old or new marts); open a new one to see a later run.
    Tables are addressed as usual (`marts.people`).
    """
    path = Path(warehouse).resolve()
    if not path.exists():
        raise FileNotFoundError(f"no warehouse at {warehouse}; run `celebgraph run` first")
    deadline = time.monotonic() + timeout_seconds
    delay = 0.05
    while True:
        con = duckdb.connect(":memory:")
        try:
            quoted = str(path).replace("'", "''")
            con.execute(f"attach '{quoted}' as warehouse (read_only)")
            con.execute("use warehouse")
            return con
        except duckdb.IOException:
            con.close()
            if time.monotonic() > deadline:  # only a legacy writer holding the file open gets here
                raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


# --- a run's life: begin (lock + repair), load, build + publish, finish ----------------------------
_RUN_LOCKS: dict[str, contextlib.ExitStack] = {}


def begin_run(warehouse: Path, run_id: str, input_dir: str, wait: bool = False) -> None:
    """Take the writer lock, repair what a killed run left, and record the run as running."""
    warehouse = warehouse.resolve()
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    stack = contextlib.ExitStack()
    lock = stack.enter_context(writer_lock(warehouse, wait=wait))
    try:
        lock.note_run(run_id)
        lake = stages.lake_dir_for(warehouse)
        _prepare_work_db(warehouse)
        stages.recover_lake(lake, run_id)
        for stale in warehouse.parent.glob(f".{warehouse.name}.publish-*"):
            stale.unlink(missing_ok=True)
        with duckdb.connect(str(work_db_for(warehouse))) as con:
            ensure_raw(con)
            _close_interrupted_runs(con, lake, run_id)
            con.execute("insert into raw.runs (run_id, started_at, status, input_dir) values (?, ?, 'running', ?)",
                        [run_id, _now(), input_dir])
    except BaseException:
        stack.close()
        raise
    _RUN_LOCKS[run_id] = stack
    maybe_die("after_begin")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _prepare_work_db(warehouse: Path) -> None:
    """First run with this layout: the work file starts as a copy of an existing published warehouse."""
    work = work_db_for(warehouse)
    work.parent.mkdir(parents=True, exist_ok=True)
    if work.exists() or not warehouse.exists():
        return
    log.info("adopting %s as the writer's work file", warehouse)
    with duckdb.connect(str(warehouse)) as con:  # replays and folds a legacy WAL
        con.execute("checkpoint")
    tmp = work.with_name(work.name + ".tmp")
    shutil.copyfile(warehouse, tmp)
    os.replace(tmp, work)


def _close_interrupted_runs(con: duckdb.DuckDBPyConnection, lake: Path, current: str) -> None:
    """Runs still marked running died (we hold the lock): close them, with their counts if they committed."""
    for (run_id,) in con.execute("select run_id from raw.runs where status = 'running'").fetchall():
        marker = stages.commit_marker(lake, run_id)
        if marker is not None:
            counts = marker.get("counts", {})
            message = f"killed after publishing to the lake; its records were loaded by run {current}"
        else:
            counts = {}
            message = f"killed before publishing to the lake; run {current} reads its input again"
        log.warning("run %s was interrupted: %s", run_id, message)
        _update_run(con, run_id, "interrupted", counts, message)


def _update_run(con: duckdb.DuckDBPyConnection, run_id: str, status: str, counts: dict[str, int],
                message: str) -> None:
    con.execute(
        """update raw.runs set finished_at = ?, status = ?, records_read = ?, loaded = ?, duplicates = ?,
           rejected = ?, files_new = ?, files_already_seen = ?, records_already_seen = ?, message = ?,
           rejects_superseded = ?
           where run_id = ? and status = 'running'""",
        [_now(), status, counts.get("read", 0), counts.get("loaded", 0), counts.get("duplicates", 0),
         counts.get("rejected", 0), counts.get("files_new", 0), counts.get("files_already_seen", 0),
         counts.get("records_already_seen", 0), message, counts.get("rejects_superseded", 0), run_id])


def load_partitions(warehouse: Path, lake: Path) -> int:
    """Insert every committed lake partition not loaded yet, each with its ledger row in one transaction."""
    loaded = 0
    with duckdb.connect(str(work_db_for(warehouse.resolve()))) as con:
        ensure_raw(con)
        done = {r[0] for r in con.execute("select path from raw.loaded_partitions").fetchall()}
        for table in LAKE_TABLES:
            for part in stages.committed_partitions(lake, table):
                key = part.relative_to(lake).as_posix()
                if key in done:
                    continue
                run_id = part.parent.name.split("=", 1)[1]
                cols = ", ".join(f.name for f in SCHEMAS[table])
                # a partition written before a column existed reads it as null
                present = set(pq.read_schema(part).names)
                values = ", ".join(f.name if f.name in present else f"null as {f.name}" for f in SCHEMAS[table])
                con.execute("begin transaction")
                con.execute(
                    f"insert into raw.{table} ({cols}, run_id) "
                    f"select {values}, ? from read_parquet(?)", [run_id, str(part)])
                con.execute("insert into raw.loaded_partitions values (?, now())", [key])
                maybe_die("load_partition")
                con.execute("commit")
                loaded += 1
    maybe_die("after_load")
    return loaded


def is_up_to_date(warehouse: Path, lake: Path) -> bool:
    """True when every committed partition is loaded, built into the marts, and published."""
    warehouse = warehouse.resolve()
    work = work_db_for(warehouse)
    if not (work.exists() and warehouse.exists()):
        return False
    with duckdb.connect(str(work)) as con:
        ensure_raw(con)
        done = {r[0] for r in con.execute("select path from raw.loaded_partitions").fetchall()}
        last = con.execute("select build_id, partitions from raw.builds order by build_id desc limit 1").fetchone()
    pending = [p for t in LAKE_TABLES for p in stages.committed_partitions(lake, t)
               if p.relative_to(lake).as_posix() not in done]
    if pending or last is None or last[1] != len(done):
        return False
    try:
        with contextlib.closing(connect_read_only(warehouse)) as reader:
            published = reader.execute("select max(build_id) from raw.builds").fetchone()[0]
    except duckdb.Error:
        return False
    return published == last[0]


def build_and_publish(warehouse: Path, run_id: str, counts: dict[str, int], root: Path | None = None,
                      nlp_model: str = "") -> dict[str, int]:
    """Rebuild the models in the work file, test them, mark the run succeeded, then publish by rename.

    Models, data tests, the run's row and the build's row commit together or not at all.
    """
    warehouse = warehouse.resolve()
    work = work_db_for(warehouse)
    with duckdb.connect(str(work)) as con:
        ensure_raw(con)

        def record(con: duckdb.DuckDBPyConnection) -> None:
            partitions = con.execute("select count(*) from raw.loaded_partitions").fetchone()[0]
            con.execute("insert into raw.builds select coalesce(max(build_id), 0) + 1, ?, ?, ? from raw.builds",
                        [run_id, _now(), partitions])
            _update_run(con, run_id, "succeeded", counts, "")

        # before the build: marts.articles reads it
        con.execute("update raw.runs set nlp_model = ? where run_id = ?", [nlp_model or None, run_id])
        results = build_models(work, root, con=con, before_commit=record)
        maybe_die("after_build_commit")
        con.execute("checkpoint")
    publish(work, warehouse)
    return results


def publish(work: Path, warehouse: Path) -> None:
    """Copy the checkpointed work file beside the published one and rename it over it (atomic)."""
    if work.with_name(work.name + ".wal").exists():
        raise RuntimeError(f"{work} still has a write-ahead log; refusing to publish a copy without it")
    tmp = warehouse.with_name(f".{warehouse.name}.publish-{os.getpid()}")
    shutil.copyfile(work, tmp)
    stages._fsync(tmp)
    maybe_die("publish_tmp_written")
    stale_wal = warehouse.with_name(warehouse.name + ".wal")
    if stale_wal.exists():  # left by an old read-write opener; it belongs to the file being replaced
        log.warning("removing %s: the published file is never written in place", stale_wal)
        stale_wal.unlink()
    os.replace(tmp, warehouse)
    stages._fsync(warehouse.parent)
    maybe_die("after_publish")


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


def build_models(db: Path, root: Path | None = None, con: duckdb.DuckDBPyConnection | None = None,
                 before_commit: Callable[[duckdb.DuckDBPyConnection], None] | None = None) -> dict[str, int]:
    """Rebuild every model and run the data tests in one transaction; returns test results (bad rows).

    `db` is a DuckDB file (the work file in a run); `before_commit` adds writes that must commit with
    the models (the run's status, the build ledger).
    """
    models = load_models(root)
    tests = load_tests(root)
    with contextlib.ExitStack() as stack:
        if con is None:
            con = stack.enter_context(duckdb.connect(str(db)))
        ensure_raw(con)
        con.execute("begin transaction")
        try:
            for model in models:
                con.execute(f"create or replace table {model.name} as {model.sql}")
                _comment(con, model)
                maybe_die("build_model")
            results = {name: con.execute(f"select count(*) from ({sql})").fetchone()[0]
                       for name, sql in tests.items()}
            failures = {name: n for name, n in results.items() if n}
            if failures:
                raise DataTestFailure(failures)
            if before_commit is not None:
                before_commit(con)
            con.execute("commit")
        except Exception:
            con.execute("rollback")
            raise
    return results


def finish_run(warehouse: Path, run_id: str, status: str, counts: dict[str, int], message: str = "") -> None:
    """Close the run's row (a succeeded run's row was closed with its build) and release the lock.

    A run with no new input publishes again so readers see its row; its marts are unchanged.
    """
    warehouse = warehouse.resolve()
    try:
        with duckdb.connect(str(work_db_for(warehouse))) as con:
            ensure_raw(con)
            _update_run(con, run_id, status, counts, message)
            con.execute("checkpoint")
        if status == "no_new_input":
            publish(work_db_for(warehouse), warehouse)
    finally:
        stack = _RUN_LOCKS.pop(run_id, None)
        if stack is not None:
            stack.close()


def marts_exist(warehouse: Path) -> bool:
    if not warehouse.exists():
        return False
    with contextlib.closing(connect_read_only(warehouse)) as con:
        return bool(con.execute(
            "select count(*) from information_schema.tables where table_schema = 'marts'").fetchone()[0])


# what a user sees first: current partnerships (with the date their status began, and how precise it is)
# and family, never the derived co_parent rows nor a partnership a later statement superseded
TOP_RELATIONSHIPS_SQL = """
select r.person_a, r.relation_type, r.person_b, r.confidence, r.article_count, s.since_on, s.since_precision,
from marts.relationships as r
left join marts.relationship_status as s
    on s.person_a_id = r.person_a_id and s.person_b_id = r.person_b_id and s.relation_type = r.relation_type
where r.relation_type in ('parent_of', 'sibling', 'relative')
    or (r.relation_type in ('romantic', 'engaged', 'married', 'ex_partner') and r.is_current)
order by r.article_count desc, r.confidence desc, r.person_a, r.person_b
limit ?
"""


def summary(warehouse: Path, top: int = 5) -> dict[str, object]:
    with contextlib.closing(connect_read_only(warehouse)) as con:
        def one(sql: str) -> object:
            return con.execute(sql).fetchone()[0]

        return {
            "articles": one("select count(*) from marts.articles where duplicate_of is null"),
            "duplicates": one("select count(*) from marts.articles where duplicate_of is not null"),
            "rejects": one("select count(*) from raw.rejects where record_hash not in "
                           "(select reject_hash from raw.reject_supersessions)"),
            "people": one("select count(*) from marts.people"),
            "relationships": one("select count(*) from marts.relationships"),
            "events": one("select count(*) from marts.timeline"),
            # dated sentences that make no timeline event: nobody in them, or a plan ("will marry in June")
            "dates_without_people": one("select count(*) from staging.stg_date_mentions "
                                        "where date_start is not null and len(person_keys) = 0"),
            "dates_in_future": one("select count(*) from staging.stg_date_mentions "
                                   "where date_start is not null and is_future and len(person_keys) > 0"),
            "top_people": con.execute(
                f"select name, mention_count, article_count from marts.people "
                f"order by mention_count desc, name limit {top}").fetchall(),
            "top_relationships": con.execute(TOP_RELATIONSHIPS_SQL, [top]).fetchall(),
        }
