"""Helpers for the reliability tests: real `celebgraph run` processes, killed or not, and mart snapshots."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
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
