"""The Prefect artifact each run publishes: a Markdown table of the run's counts and its data tests.

New people / relationships / events are the mart counts after the build minus those before it.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import duckdb

log = logging.getLogger(__name__)
ARTIFACT_KEY = "celebgraph-run"
MART_COUNTS = {"people": "marts.people", "relationships": "marts.relationships", "events": "marts.timeline"}


def mart_counts(warehouse: Path) -> dict[str, int]:
    """Rows in the people, relationships and timeline marts; 0 for a mart not built yet."""
    counts = dict.fromkeys(MART_COUNTS, 0)
    if not warehouse.exists():
        return counts
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            present = {f"{s}.{t}" for s, t in con.execute(
                "select table_schema, table_name from information_schema.tables").fetchall()}
            for key, table in MART_COUNTS.items():
                if table in present:
                    counts[key] = con.execute(f"select count(*) from {table}").fetchone()[0]
    except duckdb.Error as exc:  # a report must not stop the run it reports on
        log.warning("could not count the marts of %s: %s", warehouse, exc)
    return counts


def run_markdown(run_id: str, status: str, counts: dict[str, int], before: dict[str, int],
                 after: dict[str, int], tests: dict[str, int], message: str = "") -> str:
    rows = [("read", counts.get("read", 0)), ("loaded", counts.get("loaded", 0)),
            ("duplicates", counts.get("duplicates", 0)), ("rejected", counts.get("rejected", 0)),
            ("files already seen", counts.get("files_already_seen", 0)),
            ("records already seen", counts.get("records_already_seen", 0))]
    rows += [(f"new {key}", after.get(key, 0) - before.get(key, 0)) for key in MART_COUNTS]
    rows += [(f"{key} in the marts", after.get(key, 0)) for key in MART_COUNTS]
    lines = [f"# celebgraph run `{run_id}`: {status}", ""]
    if message:
        lines += [f"> {message}", ""]
    lines += ["| count | value |", "|---|---:|", *(f"| {name} | {value} |" for name, value in rows), ""]
    lines += ["## Data tests", ""]
    if tests:
        lines += ["| test | bad rows | result |", "|---|---:|---|"]
        lines += [f"| `{name}` | {bad} | {'pass' if bad == 0 else '**FAIL**'} |" for name, bad in sorted(tests.items())]
    else:
        lines.append("No data tests ran (nothing was built in this run).")
    return "\n".join(lines) + "\n"


def publish_run_artifact(warehouse: Path, run_id: str, status: str, counts: dict[str, int],
                         before: dict[str, int], tests: dict[str, int] | None = None,
                         message: str = "") -> str | None:
    """Create the artifact in the current flow run; never fails the run (an artifact is a report)."""
    try:
        from prefect.artifacts import create_markdown_artifact

        markdown = run_markdown(run_id, status, counts, before, mart_counts(warehouse), tests or {}, message)
        create_markdown_artifact(markdown=markdown, key=ARTIFACT_KEY,
                                 description=f"celebgraph run {run_id}: counts and data tests")
        return markdown
    except Exception as exc:  # noqa: BLE001 - the run's result matters more than its report
        log.warning("could not publish the run artifact: %s", exc)
        return None


def failures_of(exc: BaseException) -> dict[str, Any]:
    """Data-test results carried by a failed build, else none."""
    return dict(getattr(exc, "failures", {}) or {})
