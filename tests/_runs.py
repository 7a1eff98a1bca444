"""Helpers for the reliability tests: real `celebgraph run` processes, killed or not, and mart snapshots."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MART_TABLES = ("articles", "people", "person_id_map", "person_mentions", "relationships", "relationship_evidence",
               "relationship_status", "timeline", "timeline_evidence")
# columns that name the run which loaded a row: they differ between any two runs by design
RUN_COLUMNS = {"run_id"}


def cli_env(api_url: str | None, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CELEBGRAPH_")}
    env.update({"PREFECT_SERVER_ANALYTICS_ENABLED": "false", "PREFECT_LOGGING_LEVEL": "WARNING",
                "PYTHONPATH": str(ROOT)})
    if api_url:  # share the test session's Prefect server: no 8 s server start per process
        env["PREFECT_API_URL"] = api_url
    env.update(extra)
    return env


def start_run(landing: Path, warehouse: Path, api_url: str | None, *args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celebgraph.cli", "run", "--input", str(landing), "--warehouse", str(warehouse), *args],
        env=cli_env(api_url, **env), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)


def run(landing: Path, warehouse: Path, api_url: str | None, *args: str, timeout: float = 600,
        **env: str) -> subprocess.CompletedProcess:
    proc = start_run(landing, warehouse, api_url, *args, **env)
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def run_killed_at(landing: Path, warehouse: Path, api_url: str | None, point: str) -> bool:
    """Run with a kill armed at `point`; True when the process really died there (SIGKILL)."""
    result = run(landing, warehouse, api_url, CELEBGRAPH_FAULT_AT=point)
    if result.returncode == -signal.SIGKILL:
        return True
    assert result.returncode == 0, f"run armed at {point} failed instead of dying:\n{result.stderr[-3000:]}"
    return False


def run_killed_after(landing: Path, warehouse: Path, api_url: str | None, seconds: float) -> bool:
    """Start a run and SIGKILL it after `seconds`; True when it was still running then."""
    proc = start_run(landing, warehouse, api_url)
    try:
        proc.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        return True
    out, err = proc.communicate()
    assert proc.returncode == 0, err[-3000:]
    return False


def run_signalled_at(landing: Path, warehouse: Path, api_url: str | None, point: str, sig: int,
                     ready: Callable[[], bool] | None = None) -> subprocess.CompletedProcess:
    """Run until it pauses at `point`, then send it `sig`. `ready` says the run got there (default: its
    scratch folder holds the cleaned articles)."""
    lake = warehouse.with_name(warehouse.stem + "_lake")
    earlier = set((lake / "_scratch").glob("*/articles.parquet"))  # left by a run stopped before
    ready = ready or (lambda: bool(set((lake / "_scratch").glob("*/articles.parquet")) - earlier))
    proc = start_run(landing, warehouse, api_url, CELEBGRAPH_PAUSE_AT=f"{point}:120")
    try:
        wait_for(lambda: ready() or proc.poll() is not None, timeout=300)
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        time.sleep(0.5)  # into the pause
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def children_of(pid: int) -> list[int]:
    """Live (not zombie) child processes of `pid`, from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(stat.parent.name))
    return found


def is_alive(pid: int) -> bool:
    """True while `pid` exists and is not a zombie (a zombie is dead, only not yet reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_with_its_own_server(landing: Path, warehouse: Path, sig: int, point: str = "after_clean",
                             process_group: bool = False) -> tuple[int, subprocess.CompletedProcess, float]:
    """Start a run with no Prefect API configured (so it starts its temporary server) in a session of its
    own, wait until it pauses at `point`, send `sig` to it (or to its whole process group, as a
    terminal's Ctrl-C does). Returns the server's pid, the result, and the seconds the run took to end."""
    env = {k: v for k, v in cli_env(None).items() if k != "PREFECT_API_URL"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "celebgraph.cli", "run", "--input", str(landing), "--warehouse", str(warehouse)],
        env={**env, "CELEBGRAPH_PAUSE_AT": f"{point}:120"}, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        text=True, cwd=ROOT, start_new_session=True)
    try:
        lake = warehouse.with_name(warehouse.stem + "_lake")
        wait_for(lambda: any((lake / "_scratch").glob("*/articles.parquet")) or proc.poll() is not None, 300)
        assert proc.poll() is None, proc.communicate()[1][-3000:]
        time.sleep(1.0)  # into the pause
        (server,) = children_of(proc.pid)
        sent = time.monotonic()
        if process_group:
            os.killpg(proc.pid, sig)
        else:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=120)
        return server, subprocess.CompletedProcess(proc.args, proc.returncode, out, err), time.monotonic() - sent
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()


def published_articles(warehouse: Path) -> tuple[int, int]:
    """(articles, duplicate articles) in the published marts."""
    from celebgraph.warehouse import connect_read_only

    with contextlib.closing(connect_read_only(warehouse)) as con:
        return con.execute("select count(*) filter (where duplicate_of is null), "
                           "count(*) filter (where duplicate_of is not null) from marts.articles").fetchone()


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    """Every mart, rows sorted, without the run-id columns (ids themselves are content-derived)."""
    from celebgraph.warehouse import connect_read_only

    out = {}
    with contextlib.closing(connect_read_only(warehouse)) as con:
        for table in MART_TABLES:
            cols = [r[0] for r in con.execute(f"describe marts.{table}").fetchall() if r[0] not in RUN_COLUMNS]
            out[table] = con.execute(f"select {', '.join(cols)} from marts.{table} order by all").fetchall()
    return out


def runs_table(warehouse: Path) -> list[dict]:
    from celebgraph.warehouse import connect_read_only

    with contextlib.closing(connect_read_only(warehouse)) as con:
        cur = con.execute("select * from raw.runs order by started_at")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def write_landing(landing: Path) -> Path:
    """The bundled sample articles plus a JSON-lines file with a duplicate, a repeat and bad lines."""
    import shutil

    shutil.copytree(ROOT / "samples" / "articles", landing / "articles")
    first = sorted((landing / "articles").glob("*.txt"))[0].read_text()
    headline, _, body = first.partition("\n")
    lines = [
        json.dumps({"id": "j1", "date": "2023-10-11", "title": "Syndicated copy", "text": body}),  # duplicate
        json.dumps({"id": "j2", "date": "2023-02-30", "title": "Bad date", "text": "Some body."}),
        "{not json",
        json.dumps({"id": "j3", "date": "2023-10-12", "title": "Empty", "text": "  "}),
        json.dumps({"id": "j4", "date": "2023-10-12", "title": "A short note",
                    "text": "Marisol Vance and Theo Okafor were seen at a cafe in Lisbon on Sunday."}),
        json.dumps({"id": "j4", "date": "2023-10-12", "title": "A short note",
                    "text": "Marisol Vance and Theo Okafor were seen at a cafe in Lisbon on Sunday."}),  # repeat
    ]
    (landing / "feed.jsonl").write_text("\n".join(lines) + "\n")
    (landing / "photo.png").write_bytes(b"\x89PNG\r\n")
    return landing


def wait_for(predicate, timeout: float = 60, interval: float = 0.05) -> None:  # noqa: ANN001
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not reached")
        time.sleep(interval)
