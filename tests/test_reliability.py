"""Crash safety, one writer, atomic publishing: real `celebgraph run` processes killed with SIGKILL.

The default suite kills one chain of runs at three points (mid parse, mid lake publish, mid model
build) and runs two writers and a reader at once; `make slow-test` runs the full kill matrix
(tests/test_reliability_slow.py). Marts are compared row for row with an uninterrupted run, without
the `run_id` column: every id (article_id, person_id, event ids) is derived from content.
"""

from __future__ import annotations

import contextlib
import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from _runs import (
    ROOT,
    children_of,
    is_alive,
    kill_with_its_own_server,
    published_articles,
    run,
    run_killed_at,
    run_signalled_at,
    runs_table,
    snapshot,
    start_run,
    wait_for,
    write_landing,
)

from transforms.stages import PROCESS_CHUNK_ARTICLES

EXPECTED = {"read": 12, "loaded": 6, "duplicates": 2, "rejected": 4}


@pytest.fixture(scope="module")
def api_url(prefect_harness) -> str:  # noqa: ANN001
    import prefect.settings

    return prefect.settings.PREFECT_API_URL.value()


@pytest.fixture(scope="module")
def reference(prefect_harness, tmp_path_factory) -> tuple[Path, dict]:  # noqa: ANN001
    """One uninterrupted run, in this process."""
    from flows.pipeline import celebgraph_run

    landing = write_landing(tmp_path_factory.mktemp("landing"))
    warehouse = tmp_path_factory.mktemp("reference") / "ref.duckdb"
    result = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))
    counts = result["counts"]
    assert {k: counts[k] for k in EXPECTED} == EXPECTED
    return landing, snapshot(warehouse)


def test_reference_run_accounts_for_every_record(reference):  # noqa: ANN001
    landing, marts = reference
    assert len(marts["articles"]) == 7  # 6 loaded + the syndicated copy; the exact repeat has no row of its own
    # the syndicated copy points at its first copy
    assert sum(1 for row in marts["articles"] if row[5] is not None) == 1


def test_killed_runs_resume_to_identical_marts(reference, api_url: str, tmp_path: Path):  # noqa: ANN001
    landing, expected = reference
    warehouse = tmp_path / "wh" / "cg.duckdb"
    # a chain: each run dies at its point, the next one repairs and goes on
    points = ["parse_record:4", "lake_file_published:3", "build_model:6"]
    died = [p for p in points if run_killed_at(landing, warehouse, api_url, p)]
    assert died == points
    final = run(landing, warehouse, api_url)
    assert final.returncode == 0, final.stderr[-3000:]
    assert snapshot(warehouse) == expected
    runs = runs_table(warehouse)
    assert [r["status"] for r in runs] == ["interrupted", "interrupted", "interrupted", "succeeded"]
    # the run killed in the build had committed its lake partitions: its counts are kept, and the
    # runs together count every record once
    assert sum(r["records_read"] for r in runs) == EXPECTED["read"]
    assert sum(r["loaded"] for r in runs) == EXPECTED["loaded"]
    assert not list((warehouse.parent / "cg_lake").glob("**/*.tmp"))


def test_a_sigterm_in_the_extraction_counts_nothing_and_the_rerun_counts_each_record_once(
        reference, api_url: str, tmp_path: Path):  # noqa: ANN001
    landing, expected = reference
    warehouse = tmp_path / "wh" / "cg.duckdb"
    stopped = run_signalled_at(landing, warehouse, api_url, "extract_article", signal.SIGTERM)  # counts made
    assert stopped.returncode != 0
    final = run(landing, warehouse, api_url)
    assert final.returncode == 0, final.stderr[-3000:]
    assert snapshot(warehouse) == expected
    runs = runs_table(warehouse)
    assert [r["status"] for r in runs] == ["failed", "succeeded"]
    assert (runs[0]["records_read"], runs[0]["loaded"]) == (0, 0)
    assert "nothing of it took effect" in runs[0]["message"]
    articles, duplicates = published_articles(warehouse)
    assert sum(r["loaded"] for r in runs) == articles == EXPECTED["loaded"]
    assert sum(r["records_read"] for r in runs) == EXPECTED["read"]


def test_the_temporary_prefect_server_dies_with_a_killed_run(tmp_path: Path):
    landing = write_landing(tmp_path / "landing")
    server, _, _ = kill_with_its_own_server(landing, tmp_path / "wh" / "cg.duckdb", signal.SIGKILL)
    wait_for(lambda: not is_alive(server), timeout=10)


def test_ctrl_c_stops_the_run_within_seconds_leaves_the_warehouse_and_frees_the_lock(
        reference, api_url: str, tmp_path: Path):  # noqa: ANN001
    from celebgraph.warehouse import writer_lock

    landing, expected = reference
    warehouse = tmp_path / "wh" / "cg.duckdb"
    # SIGINT to the whole process group, in the middle of the extraction, as a terminal's Ctrl-C sends it
    server, stopped, seconds = kill_with_its_own_server(landing, warehouse, signal.SIGINT, "extract_article",
                                                        process_group=True)
    assert seconds < 15 and stopped.returncode == 130
    lines = [line for line in stopped.stderr.splitlines() if " INFO " not in line and " WARNING " not in line]
    assert len(lines) == 1 and lines[0].startswith("celebgraph: interrupted: run "), stopped.stderr[-3000:]
    assert "the published warehouse is as it was" in lines[0]
    assert not warehouse.exists()  # nothing published
    with writer_lock(warehouse):  # released
        pass
    wait_for(lambda: not is_alive(server), timeout=10)
    final = run(landing, warehouse, api_url)
    assert final.returncode == 0, final.stderr[-3000:]
    assert snapshot(warehouse) == expected


def _reader_script(warehouse: Path, out: Path, stop: Path) -> str:
    return f"""
import contextlib, json, sys, time, pathlib
sys.path.insert(0, {str(ROOT)!r})
from celebgraph.warehouse import connect_read_only
seen, errors = [], []
stop = pathlib.Path({str(stop)!r})
while not stop.exists():
    try:
        with contextlib.closing(connect_read_only(pathlib.Path({str(warehouse)!r}), timeout_seconds=1)) as con:
            people = con.execute("select count(*), coalesce(sum(hash(person_id, name, article_count)), 0) "
                                 "from marts.people").fetchone()
            articles = con.execute("select count(*) from marts.articles").fetchone()[0]
        seen.append([people[0], str(people[1]), articles])
    except Exception as exc:
        errors.append(f"{{type(exc).__name__}}: {{exc}}"[:300])
        time.sleep(0.01)
pathlib.Path({str(out)!r}).write_text(json.dumps({{"seen": seen, "errors": errors}}))
"""


def test_second_writer_is_refused_or_waits_and_readers_see_whole_marts(api_url: str, tmp_path: Path):
    from celebgraph.warehouse import lock_holder

    landing = write_landing(tmp_path / "landing")
    warehouse = tmp_path / "wh" / "cg.duckdb"
    first_batch = tmp_path / "first"
    first_batch.mkdir()
    (landing / "articles" / "05_marisol-vance-boyfriend-theo-okafor-son-ezra.txt").rename(
        first_batch / "held_back.txt")
    from flows.pipeline import celebgraph_run

    assert celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))["status"] == "succeeded"
    old = snapshot(warehouse)
    (first_batch / "held_back.txt").rename(landing / "articles" / "05_held_back.txt")

    out, stop = tmp_path / "reader.json", tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", _reader_script(warehouse, out, stop)])
    # the writer pauses inside the model build, holding the lock, while the reader loops
    writer = start_run(landing, warehouse, api_url, CELEBGRAPH_PAUSE_AT="build_model:3")
    try:
        wait_for(lambda: str(lock_holder(warehouse).get("run_id", "starting")) != "starting")
        holder = lock_holder(warehouse)
        started = time.monotonic()
        refused = run(landing, warehouse, api_url, timeout=60)
        assert time.monotonic() - started < 30
        assert refused.returncode == 1
        assert f"another run (run_id {holder['run_id']}, pid {writer.pid}" in refused.stderr
        assert "--wait" in refused.stderr
        queued = start_run(landing, warehouse, api_url, "--wait")
        writer_out, writer_err = writer.communicate(timeout=600)
        assert writer.returncode == 0, writer_err[-3000:]
        queued_out, queued_err = queued.communicate(timeout=600)
        assert queued.returncode == 0, queued_err[-3000:]
        assert "no_new_input" in queued_out
    finally:
        stop.touch()
        reader.wait(timeout=60)
        for proc in (writer, reader):
            with contextlib.suppress(ProcessLookupError):
                proc.kill()
    new = snapshot(warehouse)
    assert new != old
    observed = json.loads(out.read_text())
    assert observed["errors"] == []
    assert len(observed["seen"]) > 5
    states = {(len(m["people"]), len(m["articles"])) for m in (old, new)}
    assert {(p, a) for p, _, a in observed["seen"]} <= states
    assert len({(p, h, a) for p, h, a in observed["seen"]}) <= 2
    statuses = [r["status"] for r in runs_table(warehouse)]
    assert statuses == ["succeeded", "succeeded", "no_new_input"]


def test_a_sigterm_stops_extraction_processes_at_once_and_leaves_none_behind(api_url: str, tmp_path: Path):
    # more articles than one process's share, so the run extracts in two processes; both pause in the rules
    landing = tmp_path / "landing"
    landing.mkdir()
    lines = [json.dumps({"id": f"m{i}", "date": "2023-10-12", "title": f"Note {i}",
                         "text": f"Marisol Vance{i} and Theo Okafor were seen at a cafe in Lisbon on Sunday."})
             for i in range(2 * PROCESS_CHUNK_ARTICLES + 1)]
    (landing / "notes.jsonl").write_text("\n".join(lines) + "\n")
    warehouse = tmp_path / "wh" / "cg.duckdb"
    proc = start_run(landing, warehouse, api_url, "--processes", "2", CELEBGRAPH_PAUSE_AT="extract_article:120")
    try:
        wait_for(lambda: len(_extraction_processes(proc.pid)) == 2 or proc.poll() is not None, timeout=300)
        workers = _extraction_processes(proc.pid)
        assert len(workers) == 2, proc.communicate()[1][-3000:]
        time.sleep(2.0)  # into the pause
        sent = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=60)
        # before: the pool waited for every task (the pause, then the rest), and its processes stayed on
        assert time.monotonic() - sent < 15 and proc.returncode != 0
        wait_for(lambda: not any(is_alive(pid) for pid in workers), timeout=10)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()


def _extraction_processes(pid: int) -> list[int]:
    """The run's spawned extraction processes (not its resource tracker)."""
    return [child for child in children_of(pid)
            if "spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes().decode(errors="replace")]
