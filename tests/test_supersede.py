"""A reject whose record a later run loads is marked superseded, so the runs together count it once.
The real flow, twice, on a real landing folder and warehouse."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from _runs import runs_table

FIRST = {"id": "s1", "date": "2023-03-01", "title": "Ana Lopez and Ben Ruiz", "text": "Ana Lopez met Ben Ruiz."}
SECOND = {"id": "s2", "date": "2023-03-02", "title": "Cara Diaz weds", "text": "Cara Diaz married Dan Moss."}


def test_a_half_written_line_rejected_then_loaded_is_superseded(prefect_harness, tmp_path: Path):  # noqa: ANN001
    from celebgraph.warehouse import connect_read_only, summary
    from flows.pipeline import celebgraph_run

    landing, warehouse = tmp_path / "landing", tmp_path / "wh" / "cg.duckdb"
    landing.mkdir()
    feed = landing / "feed.jsonl"
    # read while its writer is still at it: the last line is cut off
    feed.write_text(json.dumps(FIRST) + "\n" + json.dumps(SECOND)[:30])
    first = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))["counts"]
    assert (first["loaded"], first["rejected"], first["rejects_superseded"]) == (1, 1, 0)
    feed.write_text(json.dumps(FIRST) + "\n" + json.dumps(SECOND) + "\n")  # the writer finished
    second = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))["counts"]
    assert (second["loaded"], second["rejected"], second["rejects_superseded"]) == (1, 0, 1)

    runs = runs_table(warehouse)
    assert [r["rejects_superseded"] for r in runs] == [0, 1]
    with contextlib.closing(connect_read_only(warehouse)) as con:
        (reject_hash,) = con.execute("select record_hash from raw.rejects").fetchone()
        superseded = con.execute("select reject_hash, source_path, superseded_by from raw.reject_supersessions"
                                 ).fetchall()
        loaded_id = con.execute("select article_id from marts.articles where source_id = 's2'").fetchone()[0]
        articles = con.execute("select count(*) from marts.articles").fetchone()[0]
    assert superseded == [(reject_hash, "feed.jsonl:2", loaded_id)]
    # every record counted once over both runs
    assert sum(r["records_read"] - r["rejects_superseded"] for r in runs) == articles == 2
    assert summary(warehouse)["rejects"] == 0
