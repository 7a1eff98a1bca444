"""The pipeline's stages as plain functions over Parquet files.

Each stage reads the Parquet its predecessor wrote and writes its own into the run's scratch folder;
`publish_to_lake` then moves the run's tables into the lake (one dataset per table, hive-partitioned
by run) with an atomic rename per file, so a reader never sees a partial file, and commits the run by
writing `_commits/<run_id>.json` last: a partition whose run has no commit marker does not exist for
any reader (discover, parse, clean, load) and is removed by the next run (`recover_lake`). So a run
killed half-way through publishing leaves nothing half-visible: its input is simply read again.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import logging
import os
import re
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from transforms import SINGLE_THREAD_ENV
from transforms.clean import DuplicateIndex, clean_article
from transforms.extraction import extract_article, fold
from transforms.faults import maybe_die
from transforms.parse import (
    READ_ATTEMPTS,
    READ_BACKOFF_SECONDS,
    TRANSIENT_MARK,
    Reject,
    discover_files,
    file_sha256,
    parse_file,
)
from transforms.parse import _reject as _parse_reject
from transforms.progress import Progress

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

S = pa.string()
SCHEMAS: dict[str, pa.Schema] = {
    "files": pa.schema([("source_path", S), ("file_hash", S), ("size_bytes", pa.int64())]),
    "rejects": pa.schema([("source_path", S), ("source_id", S), ("reason", S), ("snippet", S),
                          ("record_hash", S), ("stage", S)]),
    "parsed": pa.schema([("source_path", S), ("source_id", S), ("published_date", pa.date32()), ("title", S),
                         ("text", S), ("record_hash", S), ("extra_json", S), ("is_encoding_repaired", pa.bool_())]),
    "articles": pa.schema([
        ("article_id", S), ("source_path", S), ("source_id", S), ("published_date", pa.date32()),
        ("title", S), ("clean_text", S), ("body_start", pa.int32()), ("word_count", pa.int32()),
        ("body_hash", S), ("minhash", pa.list_(pa.int64())), ("duplicate_of", S), ("record_hash", S),
        ("extra_json", S), ("is_encoding_repaired", pa.bool_())]),
    "boilerplate": pa.schema([("article_id", S), ("kind", S), ("text", S)]),
    "article_people": pa.schema([("article_id", S), ("person_key", S), ("name", S),
                                 ("aliases", pa.list_(S)), ("gender", S), ("is_single_name", pa.bool_())]),
    "person_mentions": pa.schema([("article_id", S), ("person_key", S), ("surface", S), ("kind", S),
                                  ("start_char", pa.int32()), ("end_char", pa.int32())]),
    "ages": pa.schema([("article_id", S), ("person_key", S), ("age", pa.int32()),
                       ("start_char", pa.int32()), ("end_char", pa.int32())]),
    "descriptors": pa.schema([("article_id", S), ("person_key", S), ("descriptor", S)]),
    "relation_mentions": pa.schema([
        ("article_id", S), ("person_a_key", S), ("person_b_key", S), ("relation_type", S),
        ("confidence", pa.float64()), ("trigger", S), ("sentence", S), ("start_char", pa.int32()),
        ("end_char", pa.int32()), ("is_negated", pa.bool_()), ("is_speculative", pa.bool_())]),
    # an article loaded without facts because extraction raised: the article id and the error
    "extract_errors": pa.schema([("article_id", S), ("error", S)]),
    # a reject of an earlier run whose record has since been read and loaded (a file given up on while it
    # was being written, a half-written last line): the runs together then count that record once
    "reject_supersessions": pa.schema([("reject_hash", S), ("source_path", S), ("superseded_by", S)]),
    "date_mentions": pa.schema([
        ("article_id", S), ("expression", S), ("start_char", pa.int32()), ("end_char", pa.int32()),
        ("date_start", pa.date32()), ("date_end", pa.date32()), ("date_precision", S),
        ("unresolved_reason", S), ("sentence", S), ("sentence_start", pa.int32()),
        ("sentence_end", pa.int32()), ("person_keys", pa.list_(S)), ("description", S), ("event_type", S),
        ("is_future", pa.bool_())]),
}
EXTRACT_TABLES = ("article_people", "person_mentions", "ages", "descriptors", "relation_mentions",
                  "date_mentions", "extract_errors")
LAKE_TABLES = ("files", "rejects", "reject_supersessions", "articles", "boilerplate", *EXTRACT_TABLES)
SUPERSESSIONS_FILE = "reject_supersessions.parquet"


def lake_dir_for(warehouse: Path) -> Path:
    """The Parquet lake sits beside the DuckDB file and is named after it: two warehouses never share."""
    return warehouse.with_name(warehouse.stem + "_lake")


def write_table(path: Path, table: str, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    arrow = pa.Table.from_pylist(rows, schema=SCHEMAS[table])
    tmp = path.with_name(path.name + ".tmp")
    pq.write_table(arrow, tmp)
    maybe_die("scratch_tmp_written")
    os.replace(tmp, path)
    return path


def read_rows(path: Path) -> list[dict]:
    return pq.read_table(path).to_pylist() if path.exists() else []


COMMITS = "_commits"


def committed_runs(lake: Path) -> set[str]:
    """Run ids whose lake partitions were all published (their commit marker exists)."""
    folder = lake / COMMITS
    return {p.stem for p in folder.glob("*.json")} if folder.is_dir() else set()


def committed_partitions(lake: Path, table: str) -> list[Path]:
    """The table's Parquet files that belong to committed runs, oldest run first."""
    runs = committed_runs(lake)
    return [part for part in sorted((lake / table).glob("run_id=*/*.parquet"))
            if part.parent.name.split("=", 1)[1] in runs]


def commit_marker(lake: Path, run_id: str) -> dict | None:
    path = lake / COMMITS / f"{run_id}.json"
    return json.loads(path.read_text()) if path.exists() else None


def _lake_column(lake: Path, table: str, columns: list[str]) -> pa.Table | None:
    parts = committed_partitions(lake, table)
    if not parts:
        return None
    return pads.dataset([str(p) for p in parts], format="parquet", schema=SCHEMAS[table]).to_table(columns=columns)


def recover_lake(lake: Path, current_run: str) -> list[str]:
    """Remove what killed runs left behind: uncommitted partitions, temporary files, old scratch folders.

    Called only by the writer holding the lock, so nothing removed here can belong to a live run.
    Returns the run ids whose uncommitted partitions were removed.
    """
    if not lake.is_dir():
        return []
    _adopt_legacy_lake(lake)
    runs = committed_runs(lake)
    removed: set[str] = set()
    for table in LAKE_TABLES:
        for folder in sorted((lake / table).glob("run_id=*")):
            run_id = folder.name.split("=", 1)[1]
            if run_id not in runs:
                shutil.rmtree(folder, ignore_errors=True)
                removed.add(run_id)
    for tmp in lake.glob("**/*.tmp"):
        tmp.unlink(missing_ok=True)
    for old in (lake / "_scratch").glob("*"):
        if old.name != current_run:
            shutil.rmtree(old, ignore_errors=True)
    if removed:
        log.warning("removed the uncommitted lake partitions of killed runs %s", sorted(removed))
    return sorted(removed)


def _adopt_legacy_lake(lake: Path) -> None:
    """A lake written before commit markers existed: take its partitions as committed, once."""
    if (lake / COMMITS).exists():
        return
    legacy = {f.name.split("=", 1)[1] for t in LAKE_TABLES for f in (lake / t).glob("run_id=*")}
    (lake / COMMITS).mkdir(parents=True, exist_ok=True)
    for run_id in legacy:
        (lake / COMMITS / f"{run_id}.json").write_text(json.dumps({"run_id": run_id, "legacy": True}))


# --- discover -------------------------------------------------------------------------------------
def landing_of(input_path: Path) -> tuple[Path, Path | None]:
    """(landing folder, the one file to read or None for all): `--input` names a folder or a single file."""
    return (input_path.parent, input_path) if input_path.is_file() else (input_path, None)


def discover(input_dir: Path, lake: Path, scratch: Path, only: Path | None = None) -> tuple[Path, Path, int]:
    """New files only (by content hash); refused files become rejects. Returns (files, rejects, n_seen).
    `only`: read just this file of the landing folder."""
    scan = discover_files(input_dir, only)
    known = _lake_column(lake, "files", ["file_hash"])
    known_hashes = set(known.column("file_hash").to_pylist()) if known is not None else set()
    rows, rejects, seen = [], [], 0
    for path in scan.files:
        maybe_die("discover_file")
        try:
            digest, size = _hash_with_retry(path)
        except OSError as exc:
            rel = path.relative_to(input_dir).as_posix()
            reason = ("file vanished before it could be read" if isinstance(exc, FileNotFoundError)
                      else f"unreadable file: {exc.strerror or exc}")
            rejects.append(_reject_row(_parse_reject(rel, reason), "discover"))
            continue
        if digest in known_hashes:
            seen += 1
            continue
        # the same bytes twice in one landing folder are both read: the second copy's records then count
        # as repeats (duplicates), so nothing that was read goes uncounted
        rows.append({"source_path": str(path), "file_hash": digest, "size_bytes": size})
    rejects += [_reject_row(r, "discover") for r in scan.rejects]
    rejects = _new_rejects(lake, rejects)
    return (write_table(scratch / "files.parquet", "files", rows),
            write_table(scratch / "rejects_discover.parquet", "rejects", rejects), seen)


def _hash_with_retry(path: Path, attempts: int = READ_ATTEMPTS) -> tuple[str, int]:
    """Hash a file, retrying with back-off while it vanishes, is locked, or changes under us."""
    for attempt in range(attempts):
        try:
            before = path.stat()
            digest = file_sha256(path)
            after = path.stat()
            if (before.st_size, before.st_mtime_ns) == (after.st_size, after.st_mtime_ns) or attempt == attempts - 1:
                return digest, after.st_size  # a file still changing is hashed anyway; parse rejects it
        except (FileNotFoundError, PermissionError):
            if attempt == attempts - 1:
                raise
        time.sleep(READ_BACKOFF_SECONDS * 2**attempt)
    raise AssertionError("unreachable")


def _reject_row(r: Reject, stage: str) -> dict:
    row = asdict(r)
    row["stage"] = stage
    return row


def _new_rejects(lake: Path, rejects: list[dict]) -> list[dict]:
    known = _lake_column(lake, "rejects", ["record_hash"])
    known_hashes = set(known.column("record_hash").to_pylist()) if known is not None else set()
    out, seen = [], set()
    for r in rejects:
        if r["record_hash"] in known_hashes or r["record_hash"] in seen:
            continue
        seen.add(r["record_hash"])
        out.append(r)
    return out


# --- parse ----------------------------------------------------------------------------------------
def parse(files_path: Path, input_dir: Path, lake: Path, scratch: Path) -> tuple[Path, Path, int, int]:
    """Records of the new files not seen before (by record hash).

    Returns (parsed, rejects, n_known, n_repeats): n_known records were loaded by an earlier run,
    n_repeats are exact repeats (same id and content) of a record read earlier in this run; both are
    skipped, and a repeat counts as a duplicate of its first copy.
    """
    known = _lake_column(lake, "articles", ["record_hash"])
    known_hashes = set(known.column("record_hash").to_pylist()) if known is not None else set()
    this_run: set[str] = set()
    parsed, rejects, n_known, n_repeats = [], [], 0, 0
    file_rows, retry_later = read_rows(files_path), set()
    for file_row in file_rows:
        for item in parse_file(Path(file_row["source_path"]), input_dir):
            maybe_die("parse_record")
            if isinstance(item, Reject):
                rejects.append(_reject_row(item, "parse"))
                if item.reason.endswith(TRANSIENT_MARK):
                    retry_later.add(file_row["source_path"])
                continue
            if item.record_hash in known_hashes:
                n_known += 1
                continue
            if item.record_hash in this_run:
                n_repeats += 1
                continue
            this_run.add(item.record_hash)
            parsed.append(asdict(item))
    if retry_later:  # not recorded as seen: once the file settles, a later run reads it
        write_table(files_path, "files", [r for r in file_rows if r["source_path"] not in retry_later])
    write_table(scratch / SUPERSESSIONS_FILE, "reject_supersessions", _supersessions(lake, parsed))
    return (write_table(scratch / "parsed.parquet", "parsed", parsed),
            write_table(scratch / "rejects_parse.parquet", "rejects", _new_rejects(lake, rejects)),
            n_known, n_repeats)


def _record_file(source_path: str) -> str:
    """The file a record's location names: 'feed.jsonl:12' -> 'feed.jsonl' ('a.txt' is its own file)."""
    head, _, line = source_path.rpartition(":")
    return head if head and line.isdigit() else source_path


def _supersessions(lake: Path, parsed: list[dict]) -> list[dict]:
    """Earlier rejects that the records read now replace: one at the same place (a line or row that was
    half-written then), or a whole file given up on as still being written, whose records now load."""
    known = _lake_column(lake, "rejects", ["source_path", "reason", "record_hash"])
    if known is None or not parsed:
        return []
    done = _lake_column(lake, "reject_supersessions", ["reject_hash"])
    done_hashes = set(done.column("reject_hash").to_pylist()) if done is not None else set()
    by_place: dict[str, str] = {}
    for record in parsed:
        article_id = article_id_for(record["record_hash"])
        by_place.setdefault(record["source_path"], article_id)
        by_place.setdefault(_record_file(record["source_path"]) + "\0file", article_id)
    out = []
    for reject in known.to_pylist():
        if reject["record_hash"] in done_hashes:
            continue
        superseded_by = by_place.get(reject["source_path"])
        if superseded_by is None and (reject["reason"] or "").endswith(TRANSIENT_MARK):
            superseded_by = by_place.get(reject["source_path"] + "\0file")
        if superseded_by is not None:
            done_hashes.add(reject["record_hash"])
            out.append({"reject_hash": reject["record_hash"], "source_path": reject["source_path"],
                        "superseded_by": superseded_by})
    return out


# --- clean ----------------------------------------------------------------------------------------
def article_id_for(record_hash: str) -> str:
    return "a_" + record_hash[:16]


def clean(parsed_path: Path, lake: Path, scratch: Path) -> tuple[Path, Path]:
    """Clean bodies, record removed boilerplate, mark exact and near duplicates of earlier articles."""
    index = DuplicateIndex()
    earlier = _lake_column(lake, "articles", ["article_id", "body_hash", "minhash", "duplicate_of"])
    if earlier is not None:
        for art_id, body_hash, sig, dup in zip(*(earlier.column(c).to_pylist() for c in
                                                 ("article_id", "body_hash", "minhash", "duplicate_of")),
                                               strict=True):
            if dup is None:
                index.add(art_id, body_hash, sig or [])
    articles, boilerplate = [], []
    for row in read_rows(parsed_path):
        maybe_die("clean_record")
        cleaned = clean_article(row["title"], row["text"])
        art_id = article_id_for(row["record_hash"])
        duplicate_of = index.find(cleaned.body_hash, cleaned.minhash)
        if duplicate_of is None:
            index.add(art_id, cleaned.body_hash, cleaned.minhash)
        articles.append({
            "article_id": art_id, "source_path": row["source_path"], "source_id": row["source_id"],
            "published_date": row["published_date"], "title": row["title"], "clean_text": cleaned.clean_text,
            "body_start": cleaned.body_start, "word_count": cleaned.word_count, "body_hash": cleaned.body_hash,
            "minhash": cleaned.minhash, "duplicate_of": duplicate_of, "record_hash": row["record_hash"],
            "extra_json": row["extra_json"], "is_encoding_repaired": bool(row.get("is_encoding_repaired")),
        })
        boilerplate += [{"article_id": art_id, "kind": r.kind, "text": r.text} for r in cleaned.removed]
    return (write_table(scratch / "articles.parquet", "articles", articles),
            write_table(scratch / "boilerplate.parquet", "boilerplate", boilerplate))


# --- extract --------------------------------------------------------------------------------------
def iter_batches(path: Path, batch_rows: int = 64) -> Iterator[list[dict]]:
    """Stream a Parquet file in row batches so memory does not grow with the corpus."""
    if not path.exists():
        return
    parquet = pq.ParquetFile(path)
    for batch in parquet.iter_batches(batch_size=batch_rows):
        yield batch.to_pylist()


DEFAULT_ARTICLE_TIME_BUDGET = 120.0  # seconds one article may cost in extraction before it is given up on
STATS_FILE = "extract_stats.json"
EXTRACT_STAT_KEYS = ("long_tokens_masked", "articles_sectioned", "over_time_budget")


class OverTimeBudget(Exception):
    """An article cost more than the run's per-article time budget: it is loaded without facts."""


@dataclass(frozen=True)
class ExtractProgress:
    """How far the extraction is: articles and words done of the totals (a long article's words move
    section by section, so its progress shows before it ends)."""

    articles_done: int
    articles_total: int
    words_done: int
    words_total: int


def _reporter(on_progress: Callable[[ExtractProgress], None] | None,
              ) -> tuple[Progress | None, Callable[[ExtractProgress], None]]:
    """(the progress line to close, or None; the reporter): `on_progress` when given, else a line in words
    (their rate is steady whatever the articles' lengths)."""
    if on_progress is not None:
        return None, on_progress
    progress = Progress("extract", unit="words", every_items=200_000)
    return progress, lambda p: progress.update(p.words_done, p.words_total,
                                               note=f"{p.articles_done:,}/{p.articles_total:,} articles")


def extract(articles_path: Path, scratch: Path, model_name: str, batch_size: int = 32,
            n_process: int = 1, on_progress: Callable[[ExtractProgress], None] | None = None,
            time_budget_seconds: float = DEFAULT_ARTICLE_TIME_BUDGET, ner: str = "base") -> dict[str, Path]:
    """Run spaCy over the new non-duplicate articles and write one Parquet file per extracted table.

    No article can stall the run: tokens longer than `MAX_TOKEN_CHARS` are blanked out before spaCy
    (same length, so offsets hold), an article longer than `SECTION_CHARS` goes through the NLP one
    section at a time, and an article that costs more than `time_budget_seconds` is loaded without
    facts, with the reason in `extract_errors`. The counts of each land in `extract_stats.json`
    (returned under the key "stats"), with the name and version of the NLP model that extracted them.
    `ner`: the NER over the base model ("base"; "celebgraph": the trained one shipped; or a pipeline folder).
    `n_process`: the processes that extract, each running spaCy and the rules on tasks of articles (0: one
    per available CPU; see `extraction_processes`).
    `on_progress(ExtractProgress)` is called after each article and each section of a long one (default:
    a terminal line or log lines, in words).
    """
    from transforms.nlp import SECTION_CHARS, load_model, mask_long_tokens, model_version

    total, words_total = _non_duplicates(articles_path)
    processes = extraction_processes(n_process, total)
    if processes > 1:
        return _extract_in_processes(articles_path, (total, words_total), scratch, model_name, batch_size,
                                     processes, on_progress, time_budget_seconds, ner)
    nlp = load_model(model_name, ner)
    scratch.mkdir(parents=True, exist_ok=True)
    out: dict[str, list[dict]] = {t: [] for t in EXTRACT_TABLES}
    writers: dict[str, pq.ParquetWriter] = {}
    paths = {t: scratch / f"{t}.parquet" for t in EXTRACT_TABLES}
    stats = dict.fromkeys(EXTRACT_STAT_KEYS, 0)

    def flush() -> None:
        for table, rows in out.items():
            if not rows:
                continue
            if table not in writers:
                writers[table] = pq.ParquetWriter(paths[table].with_suffix(".parquet.tmp"), SCHEMAS[table])
            writers[table].write_table(pa.Table.from_pylist(rows, schema=SCHEMAS[table]))
            rows.clear()

    rows = (row for batch in iter_batches(articles_path) for row in batch if row["duplicate_of"] is None)
    long_article: list[tuple[str, dict]] = []  # set when the stream of short articles stops at a long one

    def short_articles() -> Iterator[tuple[str, dict]]:
        for row in rows:
            masked, runs = mask_long_tokens(row["clean_text"])
            stats["long_tokens_masked"] += runs
            if len(masked) > SECTION_CHARS:
                long_article.append((masked, row))
                return  # the pipe drains the articles before it, then this one goes in sections
            yield masked, row

    progress, report = _reporter(on_progress)
    done = words_done = 0

    def section_done(words: int) -> None:  # within a long article: its words so far
        report(ExtractProgress(done, total, words_done + words, words_total))

    def finish_article(row: dict, facts: dict[str, list[dict]] | None, error: str | None) -> None:
        nonlocal done, words_done
        if error is not None:
            out["extract_errors"].append({"article_id": row["article_id"], "error": error[:500]})
        else:
            for table, table_rows in (facts or {}).items():
                out[table] += table_rows
        done += 1
        words_done += row["word_count"] or 0
        report(ExtractProgress(done, total, words_done, words_total))
        if sum(len(v) for v in out.values()) > 20_000:
            flush()

    # one pipe over the runs of short articles keeps spaCy's batching; a long article in between is run
    # on its own, so the rows keep the articles' order
    while True:
        for doc, row in nlp.pipe(short_articles(), as_tuples=True, batch_size=batch_size):
            started = time.monotonic()
            maybe_die("extract_article")
            facts, error = _guarded_facts([(0, doc)], 1, row, started, time_budget_seconds)
            stats["over_time_budget"] += error is not None and error.startswith(OverTimeBudget.__name__)
            finish_article(row, facts, error)
        if not long_article:
            break
        masked, row = long_article.pop()
        stats["articles_sectioned"] += 1
        facts, error = _extract_in_sections(nlp, masked, row, time_budget_seconds, section_done)
        stats["over_time_budget"] += error is not None and error.startswith(OverTimeBudget.__name__)
        finish_article(row, facts, error)
    if progress:
        progress.close()
    flush()
    for table, path in paths.items():
        if table in writers:
            writers[table].close()
            os.replace(path.with_suffix(".parquet.tmp"), path)
        else:
            write_table(path, table, [])
    if any(stats.values()):
        log.warning("extraction: %s", ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in stats.items() if v))
    stats_path = scratch / STATS_FILE
    stats_path.write_text(json.dumps({**stats, NLP_MODEL_KEY: model_version(nlp)}, sort_keys=True))
    return {**paths, "stats": stats_path}


NLP_MODEL_KEY = "nlp_model"
# articles per task of the extraction processes: small enough that the processes finish together and
# progress moves, large enough that a task's fixed cost (two Parquet files) is nothing beside its NLP
PROCESS_CHUNK_ARTICLES = 40


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity, which a container's limit also sets), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def extraction_processes(requested: int, articles: int) -> int:
    """How many processes extract: `requested`, or one per available CPU when it is 0 (the default), but
    never more than there are tasks of `PROCESS_CHUNK_ARTICLES` articles (three articles take one)."""
    if requested < 0:
        raise ValueError(f"processes must be 0 (one per CPU) or more, got {requested}")
    wanted = requested or available_cpus()
    return max(1, min(wanted, -(-articles // PROCESS_CHUNK_ARTICLES)))


_progress_queue: Any = None  # in an extraction process: where it reports each article it finishes


def _init_extraction_process(queue: Any) -> None:
    global _progress_queue
    _progress_queue = queue


def _extract_task(chunk: Path, out_dir: Path, model_name: str, batch_size: int, time_budget_seconds: float,
                  ner: str) -> dict[str, Path]:
    """One task in an extraction process: the model loads once per process (load_model is cached). Its
    progress goes to the main process as (articles, words) done since the last report."""
    queue = _progress_queue
    reported = [0, 0]

    def forward(p: ExtractProgress) -> None:
        if queue is not None:
            queue.put((p.articles_done - reported[0], p.words_done - reported[1]))
        reported[:] = [p.articles_done, p.words_done]

    return extract(chunk, out_dir, model_name, batch_size, 1, time_budget_seconds=time_budget_seconds, ner=ner,
                   on_progress=forward)


def _stop_pool(pool: Any) -> None:
    """Cancel the tasks not started and end the extraction processes at once (their work is scratch: the
    run publishes nothing of it)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # CPython's executor keeps them here
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    for process in processes:
        with contextlib.suppress(Exception):
            process.join(timeout=5)


def _extract_in_processes(articles_path: Path, totals: tuple[int, int], scratch: Path, model_name: str,
                          batch_size: int, processes: int, on_progress: Callable[[ExtractProgress], None] | None,
                          time_budget_seconds: float, ner: str) -> dict[str, Path]:
    """`extract` spread over `processes` fresh processes, each running spaCy and the rules on whole tasks
    of articles, so the main process only waits; the outputs are merged in task order, which gives the
    rows one process would write. Fresh (spawned) processes, not forks: the parent's Prefect threads and
    their exit hooks stay out of them."""
    import multiprocessing
    import queue as queue_module
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    chunks = split_for_extraction(articles_path, scratch, PROCESS_CHUNK_ARTICLES)
    total, words_total = totals  # (articles, words) through the NLP, as `extract` counted them
    progress, report = _reporter(on_progress)
    context = multiprocessing.get_context("spawn")
    finished = context.Queue()
    done = words_done = 0

    def take(delta: tuple[int, int]) -> None:
        nonlocal done, words_done
        done, words_done = done + delta[0], words_done + delta[1]
        report(ExtractProgress(done, total, words_done, words_total))

    saved = {key: os.environ.get(key) for key in SINGLE_THREAD_ENV}
    os.environ.update({k: v for k, v in SINGLE_THREAD_ENV.items() if saved[k] is None})  # a user's own wins
    pool = ProcessPoolExecutor(processes, mp_context=context, initializer=_init_extraction_process,
                               initargs=(finished,))
    try:
        futures = [pool.submit(_extract_task, chunk, scratch / "extracted" / chunk.stem, model_name,
                               batch_size, time_budget_seconds, ner) for chunk in chunks]
        pending = set(futures)
        while pending:
            _, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            while True:
                try:
                    take(finished.get_nowait())
                except queue_module.Empty:
                    break
        try:
            parts = [future.result() for future in futures]
        except BrokenProcessPool as exc:  # killed: out of memory, or by a signal
            raise RuntimeError("an extraction process died (killed by a signal, or out of memory?); the "
                               "run stops and its articles are read again by the next run") from exc
    except BaseException:
        # SIGTERM, Ctrl-C or an error: stop now. Leaving the pool's block would wait for every task not
        # started yet (a whole corpus), and its processes would outlive a parent killed meanwhile.
        _stop_pool(pool)
        raise
    else:
        pool.shutdown(wait=True)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
    while done < total:  # the processes have exited: what they reported is all in the queue now
        try:
            take(finished.get(timeout=1))
        except queue_module.Empty:
            break
    if progress:
        progress.close()
    merged = merge_extracted(parts, scratch)
    shutil.rmtree(scratch / "chunks", ignore_errors=True)
    shutil.rmtree(scratch / "extracted", ignore_errors=True)
    return merged


def _stats_file(paths: dict[str, Path]) -> dict:
    stats_path = paths.get("stats")
    return json.loads(stats_path.read_text()) if stats_path is not None and stats_path.exists() else {}


def read_extract_stats(paths: dict[str, Path]) -> dict[str, int]:
    stats = _stats_file(paths)
    return {k: int(stats.get(k, 0)) for k in EXTRACT_STAT_KEYS}


def read_nlp_model(paths: dict[str, Path]) -> str:
    """The NLP model (name-version, and the NER over it) that extracted these facts; '' if unknown."""
    return str(_stats_file(paths).get(NLP_MODEL_KEY, ""))


def _extract_in_sections(nlp: Language, masked: str, row: dict, time_budget_seconds: float,
                         on_section: Callable[[int], None] = lambda words: None,
                         ) -> tuple[dict[str, list[dict]] | None, str | None]:
    """A long article, one section at a time (each its own Doc, offsets shifted back into the article).

    Each section is parsed, then its facts taken, before the next is parsed, so one section's Doc is
    held at a time; the time budget is checked after each step, so an article over it stops within one.
    `on_section(words)` hears the words parsed so far after each section.
    """
    from transforms.nlp import split_sections

    started = time.monotonic()
    spans = split_sections(masked)
    words = 0

    def parsed_sections() -> Iterator[tuple[int, Doc]]:
        nonlocal words
        for number, (start, end) in enumerate(spans, start=1):
            maybe_die("extract_section")
            doc = nlp(masked[start:end])
            elapsed = time.monotonic() - started
            if elapsed > time_budget_seconds:
                raise OverTimeBudget(_over_budget(elapsed, time_budget_seconds,
                                                  f"the NLP of section {number} of {len(spans)}", len(masked)))
            yield start, doc
            words += len(masked[start:end].split())
            on_section(words)

    return _guarded_facts(parsed_sections(), len(spans), row, started, time_budget_seconds)


def _over_budget(elapsed: float, budget: float, where: str, chars: int) -> str:
    return (f"{OverTimeBudget.__name__}: {elapsed:.1f} s spent, over the per-article time budget of "
            f"{budget:g} s, by {where} ({chars:,} characters); loaded without facts")


def _non_duplicates(articles_path: Path) -> tuple[int, int]:
    """(articles, words) that go through the NLP: the non-duplicates."""
    if not articles_path.exists():
        return 0, 0
    table = pq.read_table(articles_path, columns=["duplicate_of", "word_count"])
    kept = table.filter(pc.is_null(table.column("duplicate_of")))
    return kept.num_rows, int(pc.sum(kept.column("word_count")).as_py() or 0)


def split_for_extraction(articles_path: Path, scratch: Path, chunk_articles: int) -> list[Path]:
    """The non-duplicate articles, in order, as Parquet chunks of `chunk_articles` rows: one task each.

    Chunks are consecutive runs of rows, so concatenating the chunks' outputs in chunk order gives
    exactly the rows a single `extract` over the whole file writes.
    """
    if chunk_articles < 1:
        raise ValueError(f"chunk_articles must be at least 1, got {chunk_articles}")
    folder = scratch / "chunks"
    folder.mkdir(parents=True, exist_ok=True)
    chunks: list[Path] = []
    pending: list[dict] = []

    def write_chunk() -> None:
        chunks.append(write_table(folder / f"chunk-{len(chunks):05d}.parquet", "articles", pending))
        pending.clear()

    for batch in iter_batches(articles_path, batch_rows=256):
        for row in batch:
            if row["duplicate_of"] is None:
                pending.append(row)
                if len(pending) == chunk_articles:
                    write_chunk()
    if pending:
        write_chunk()
    return chunks


def merge_extracted(parts: list[dict[str, Path]], scratch: Path) -> dict[str, Path]:
    """Concatenate the chunks' extracted tables, in chunk order, into the run's scratch tables."""
    paths = {t: scratch / f"{t}.parquet" for t in EXTRACT_TABLES}
    scratch.mkdir(parents=True, exist_ok=True)
    for table, path in paths.items():
        tmp = path.with_suffix(".parquet.tmp")
        with pq.ParquetWriter(tmp, SCHEMAS[table]) as writer:
            for part in parts:
                parquet = pq.ParquetFile(part[table])
                for group in range(parquet.num_row_groups):
                    writer.write_table(parquet.read_row_group(group).cast(SCHEMAS[table]))
        os.replace(tmp, path)
    stats: dict[str, object] = dict.fromkeys(EXTRACT_STAT_KEYS, 0)
    for part in parts:
        for key, value in read_extract_stats(part).items():
            stats[key] = int(stats[key]) + value  # type: ignore[call-overload]
    stats[NLP_MODEL_KEY] = ", ".join(sorted({m for m in map(read_nlp_model, parts) if m}))
    stats_path = scratch / STATS_FILE
    stats_path.write_text(json.dumps(stats, sort_keys=True))
    return {**paths, "stats": stats_path}


def _guarded_facts(section_docs: Iterable[tuple[int, Doc]], n_sections: int, row: dict, started: float,
                   time_budget_seconds: float) -> tuple[dict[str, list[dict]] | None, str | None]:
    """One article's facts, or none and the error saying why: a bug met by one article must not stop
    the run (and with several spaCy processes an exception here would hang the pipe), nor may one
    article that costs more than the time budget."""
    facts: dict[str, list[dict]] = {t: [] for t in EXTRACT_TABLES}
    text = row["clean_text"]
    try:
        for number, (offset, doc) in enumerate(section_docs, start=1):
            _facts_to_rows(doc, row, facts, offset, text)
            elapsed = time.monotonic() - started
            if elapsed > time_budget_seconds:
                where = "its extraction" if n_sections == 1 else \
                    f"the extraction of section {number} of {n_sections}"
                raise OverTimeBudget(_over_budget(elapsed, time_budget_seconds, where, len(text)))
    except OverTimeBudget as exc:
        log.warning("article %s given up on: %s", row["article_id"], exc)
        return None, str(exc)
    except Exception as exc:  # any extraction bug is recorded, not raised
        log.warning("extraction failed for %s: %r", row["article_id"], exc)
        return None, f"{type(exc).__name__}: {exc}"
    facts["article_people"] = _merge_people(facts["article_people"])
    return facts, None


def _merge_people(rows: list[dict]) -> list[dict]:
    """One row per person of the article, even when several sections found them."""
    merged: dict[str, dict] = {}
    for person in rows:
        first = merged.setdefault(person["person_key"], person)
        if first is not person:
            first["aliases"] = sorted(set(first["aliases"]) | set(person["aliases"]))
            first["gender"] = first["gender"] or person["gender"]
            first["is_single_name"] = first["is_single_name"] and person["is_single_name"]
    return list(merged.values())


def _facts_to_rows(doc, row: dict, out: dict[str, list[dict]], offset: int = 0,  # noqa: ANN001 - spaCy Doc
                   text: str | None = None) -> None:
    """The facts of one Doc as rows; `offset` is where the Doc starts in the article's `text`, which
    (unlike the Doc, whose overlong tokens are blanked) is the stored cleaned text."""
    art = row["article_id"]
    facts = extract_article(doc, row["published_date"])
    text = doc.text if text is None else text
    for key, person in facts.people.items():
        out["article_people"].append({"article_id": art, "person_key": key, "name": person.name,
                                      "aliases": sorted(person.aliases), "gender": person.gender,
                                      "is_single_name": person.single_name})
    for m in facts.mentions:
        span = doc[m.start_token : m.end_token]
        start, end = span.start_char + offset, span.end_char + offset
        out["person_mentions"].append({"article_id": art, "person_key": m.key, "surface": text[start:end],
                                       "kind": m.kind, "start_char": start, "end_char": end})
    for a in facts.ages:
        out["ages"].append({"article_id": art, "person_key": a.key, "age": a.age,
                            "start_char": a.start_char + offset, "end_char": a.end_char + offset})
    for key, descriptor in facts.descriptors:
        out["descriptors"].append({"article_id": art, "person_key": key, "descriptor": descriptor})
    for r in facts.relations:
        start, end = r.sentence_start + offset, r.sentence_end + offset
        out["relation_mentions"].append({
            "article_id": art, "person_a_key": r.person_a, "person_b_key": r.person_b,
            "relation_type": r.relation_type, "confidence": r.confidence, "trigger": r.trigger,
            "sentence": text[start:end].strip(), "start_char": start,
            "end_char": end, "is_negated": r.is_negated, "is_speculative": r.is_speculative})
    for e in facts.events:
        d = e.date
        start, end = e.sentence_start + offset, e.sentence_end + offset
        out["date_mentions"].append({
            "article_id": art, "expression": d.expression, "start_char": d.start + offset,
            "end_char": d.end + offset, "date_start": d.date_start, "date_end": d.date_end,
            "date_precision": d.precision, "unresolved_reason": None, "sentence": text[start:end].strip(),
            "sentence_start": start, "sentence_end": end,
            "person_keys": list(e.people),
            "description": text[e.description_start + offset : e.description_end + offset],
            "event_type": e.event_type,
            "is_future": e.is_future})
    for d in facts.unresolved_dates:
        out["date_mentions"].append({
            "article_id": art, "expression": d.expression, "start_char": d.start + offset,
            "end_char": d.end + offset, "date_start": None, "date_end": None, "date_precision": None,
            "unresolved_reason": d.unresolved_reason, "sentence": None, "sentence_start": None,
            "sentence_end": None, "person_keys": [], "description": None, "event_type": None, "is_future": None})

# --- publish --------------------------------------------------------------------------------------
def publish_to_lake(scratch: Path, lake: Path, run_id: str, counts: dict[str, int] | None = None) -> list[Path]:
    """Move the run's tables into the lake, then commit the run.

    Each file goes to `<lake>/<table>/run_id=<id>/part-0.parquet` through a temporary file and an
    atomic rename (fsynced first); the commit marker `_commits/<run_id>.json`, written the same way
    after every file, is what makes the partitions visible. Repeating this after a failure is safe.
    """
    combined = {
        "rejects": [scratch / "rejects_discover.parquet", scratch / "rejects_parse.parquet"],
        "reject_supersessions": [scratch / SUPERSESSIONS_FILE],
        "files": [scratch / "files.parquet"],
        "articles": [scratch / "articles.parquet"],
        "boilerplate": [scratch / "boilerplate.parquet"],
        **{t: [scratch / f"{t}.parquet"] for t in EXTRACT_TABLES},
    }
    written, rows = [], {}
    for table, sources in combined.items():
        tables = [pq.read_table(p, schema=SCHEMAS[table]) for p in sources if p.exists()]
        if not tables or sum(t.num_rows for t in tables) == 0:
            continue
        data = pa.concat_tables(tables)
        if table == "files":  # the lake keeps paths relative to nothing machine-specific: just hashes
            data = data.set_column(0, "source_path", pa.array([Path(p).name for p in
                                                              data.column(0).to_pylist()], S))
        target = lake / table / f"run_id={run_id}" / "part-0.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name("part-0.parquet.tmp")
        pq.write_table(data, tmp)
        _fsync(tmp)
        maybe_die("lake_tmp_written")
        os.replace(tmp, target)
        maybe_die("lake_file_published")
        written.append(target)
        rows[table] = data.num_rows
    marker = lake / COMMITS / f"{run_id}.json"
    marker.parent.mkdir(parents=True, exist_ok=True)
    tmp = marker.with_name(marker.name + ".tmp")
    tmp.write_text(json.dumps({"run_id": run_id, "rows": rows, "counts": counts or {}}, sort_keys=True))
    _fsync(tmp)
    maybe_die("before_lake_commit")
    os.replace(tmp, marker)
    _fsync(marker.parent)
    maybe_die("after_lake_commit")
    return written


def count_rows(path: Path) -> int:
    return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0


# a position inside a file ("line 12", "byte 1041", "record 7") varies per reject; other numbers say what is
# wrong ("UTF-8", "more than 2,000,000 bytes", "date out of range: 1066-10-14") and are kept
_POSITION = re.compile(r"\b(line|byte|record|row|offset|position|column|char|index)(s?\s+)\d+", re.IGNORECASE)


def fold_reject_reason(reason: str) -> str:
    """'not valid UTF-8 (byte 1041)' -> 'not valid UTF-8 (byte N)': one reason however many records have it."""
    return _POSITION.sub(lambda m: f"{m.group(1)}{m.group(2)}N", reason)


def reject_reasons(*paths: Path) -> dict[str, int]:
    """This run's rejects counted by reason, positions folded ("line 12" and "line 13" are one reason)."""
    reasons: dict[str, int] = {}
    for path in paths:
        if path.exists():
            for reason in pq.read_table(path, columns=["reason"]).column("reason").to_pylist():
                key = fold_reject_reason(reason or "")
                reasons[key] = reasons.get(key, 0) + 1
    return dict(sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0])))


def _fsync(path: Path) -> None:
    """Flush a file (or a folder's entries) to disk, so a rename never publishes an empty file."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def run_counts(files: Path, discover_rejects: Path, parse_rejects: Path, articles: Path,
               files_seen: int, records_seen: int, repeats: int) -> dict[str, int]:
    """The run's accounting: every record read is loaded, a duplicate, or rejected."""
    def rows(path: Path) -> int:
        return pq.ParquetFile(path).metadata.num_rows if path.exists() else 0

    dup_articles = 0
    if articles.exists():
        column = pq.read_table(articles, columns=["duplicate_of"]).column("duplicate_of")
        dup_articles = len(column) - column.null_count
    counts = {
        "files_new": rows(files), "files_already_seen": files_seen, "records_already_seen": records_seen,
        "loaded": rows(articles) - dup_articles, "duplicates": dup_articles + repeats, "repeated_records": repeats,
        "rejected": rows(discover_rejects) + rows(parse_rejects),
    }
    counts["read"] = counts["loaded"] + counts["duplicates"] + counts["rejected"]
    # earlier runs' rejects whose records this run loads: over all runs, read - superseded counts each once
    counts["rejects_superseded"] = rows(files.parent / SUPERSESSIONS_FILE)
    return counts


def new_run_id(now: dt.datetime | None = None) -> str:
    now = now or dt.datetime.now(dt.UTC)
    salt = hashlib.sha1(f"{now.isoformat()}{os.getpid()}".encode()).hexdigest()[:6]
    return now.strftime("%Y%m%dT%H%M%S") + "_" + salt


def person_id_for(person_key: str) -> str:
    """The id a name key gives a person: `int_person_identity` computes the same hash in SQL. A person's id is
    the one of the key (a single name's group key, 'lennon (mara quill)') seen in the earliest run among the
    keys that make up the person; an id a merge retired is in `marts.person_id_map`."""
    return "p_" + hashlib.md5(fold(person_key).encode()).hexdigest()[:12]


def dump_json(obj: object) -> str:
    return json.dumps(obj, default=str, sort_keys=True)
