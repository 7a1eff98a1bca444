"""The SQL models on a handful of hand-made raw rows, built in a real DuckDB file."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from celebgraph.warehouse import DataTestFailure, build_models, ensure_raw, load_models, sql_dir

D1, D2 = dt.date(2023, 10, 10), dt.date(2023, 10, 10)
TEXT_A = "Gia Marsh and Ben Cole dined last Thursday. Ben Cole shares Lia with ex Ira Shaw."
TEXT_B = "Gia and Ben dined last week. Ben Cole and his daughter Lia left."


@pytest.fixture()
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with duckdb.connect(str(path)) as con:
        ensure_raw(con)
        con.executemany("insert into raw.articles (article_id, source_id, published_date, title, clean_text, "
                        "word_count, duplicate_of, run_id) values (?, ?, ?, '', ?, 10, ?, 'r1')",
                        [["a1", "one.txt", D1, TEXT_A, None], ["a2", "two.txt", D2, TEXT_B, None],
                         ["a3", "three.txt", D2, TEXT_B, "a2"]])
        people = [["a1", "gia marsh", "Gia Marsh", False], ["a1", "ben cole", "Ben Cole", False],
                  ["a1", "lia", "Lia", True], ["a1", "ira shaw", "Ira Shaw", False],
                  ["a2", "gia", "Gia", True], ["a2", "ben cole", "Ben Cole", False], ["a2", "lia", "Lia", True]]
        con.executemany("insert into raw.article_people (article_id, person_key, name, aliases, is_single_name, "
                        "run_id) values (?, ?, ?, [], ?, 'r1')", people)
        mentions = [["a1", "gia marsh", 0, 9], ["a1", "ben cole", 14, 22], ["a2", "gia", 0, 3],
                    ["a2", "ben cole", 33, 41], ["a2", "lia", 59, 62]]
        con.executemany("insert into raw.person_mentions (article_id, person_key, surface, kind, start_char, "
                        "end_char, run_id) select ?, ?, substr(clean_text, ? + 1, ? - ?), 'full', ?, ?, 'r1' "
                        "from raw.articles where article_id = ?",
                        [[a, k, s, e, s, s, e, a] for a, k, s, e in mentions])
        rels = [["a1", "ben cole", "lia", "parent_of", False], ["a1", "ira shaw", "lia", "parent_of", False],
                ["a1", "ben cole", "ira shaw", "ex_partner", False], ["a2", "gia", "ben cole", "romantic", True]]
        con.executemany("insert into raw.relation_mentions (article_id, person_a_key, person_b_key, relation_type, "
                        "confidence, sentence, start_char, end_char, is_negated, is_speculative, run_id) "
                        "values (?, ?, ?, ?, 0.8, 'sentence', 0, 8, ?, false, 'r1')", rels)
        # the same age on the same day: the evidence that lets a2's lone "Gia" be a1's Gia Marsh
        con.executemany("insert into raw.ages (article_id, person_key, age, start_char, end_char, run_id) "
                        "values (?, ?, 31, 0, 2, 'r1')", [["a1", "gia marsh"], ["a2", "gia"]])
        dates = [["a1", "last Thursday", 29, dt.date(2023, 10, 5), dt.date(2023, 10, 5), "day",
                  ["gia marsh", "ben cole"], "Gia Marsh and Ben Cole dined last Thursday."],
                 ["a2", "last week", 17, dt.date(2023, 10, 2), dt.date(2023, 10, 8), "week",
                  ["gia", "ben cole"], "Gia and Ben dined last week."]]
        con.executemany("insert into raw.date_mentions (article_id, expression, start_char, end_char, date_start, "
                        "date_end, date_precision, person_keys, sentence, description, run_id) "
                        "values (?, ?, ?, 0, ?, ?, ?, ?, ?, '', 'r1')", dates)
    return path


def _q(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_build_order_comes_from_the_sql():
    order = [m.name for m in load_models()]
    assert order.index("marts.people") < order.index("marts.relationships")
    assert order.index("intermediate.int_person_identity") < order.index("marts.people")


def test_single_names_join_a_full_name_on_evidence(warehouse: Path):
    build_models(warehouse)
    people = _q(warehouse, "select name, article_count, mention_count from marts.people order by name")
    # "Gia" is 31 like "Gia Marsh" on the same day; "Lia" has no full name to join
    assert people == [("Ben Cole", 2, 2), ("Gia Marsh", 2, 2), ("Ira Shaw", 1, 0), ("Lia", 2, 1)]


def test_co_parent_is_derived_and_denials_are_dropped(warehouse: Path):
    build_models(warehouse)
    rels = _q(warehouse, "select person_a, relation_type, person_b from marts.relationships order by all")
    assert {r[1] for r in rels} == {"parent_of", "ex_partner", "co_parent"}
    assert ("Ben Cole", "parent_of", "Lia") in rels and ("Ira Shaw", "parent_of", "Lia") in rels
    assert len([r for r in rels if r[1] == "co_parent"]) == 1


def test_week_mention_joins_the_day_event_of_another_outlet(warehouse: Path):
    build_models(warehouse)
    events = _q(warehouse, "select event_date, date_precision, people, source_count from marts.timeline")
    assert [(d, p, set(names), n) for d, p, names, n in events] == [
        (dt.date(2023, 10, 5), "day", {"Gia Marsh", "Ben Cole"}, 2)]


def _sql_with_one_edit(tmp_path: Path, mart: str, old: str, new: str) -> Path:
    """A copy of the SQL models with the first `old` of marts/<mart>.sql written as `new` (a broken model)."""
    sql_copy = tmp_path / "sql"
    shutil.copytree(sql_dir(), sql_copy)
    model = sql_copy / "marts" / f"{mart}.sql"
    text = model.read_text()
    assert old in text, f"{old!r} is no longer in {mart}.sql: the test would break nothing"
    model.write_text(text.replace(old, new, 1))
    return sql_copy


def test_failed_data_test_keeps_previous_marts(warehouse: Path, tmp_path: Path):
    build_models(warehouse)
    before = _q(warehouse, "select * from marts.people order by all")
    sql_copy = _sql_with_one_edit(tmp_path, "people", "ranked_names.name,", "upper(ranked_names.name) as name,")
    (sql_copy / "tests" / "always_fails.sql").write_text("select 1 as bad")
    with pytest.raises(DataTestFailure, match="always_fails"):
        build_models(warehouse, sql_copy)
    assert _q(warehouse, "select * from marts.people order by all") == before


def _dated_sentence(warehouse: Path, event_type: str) -> None:
    """One date written inside the sentence (chars 0-8 of a1) that states the split and the parenthood."""
    with duckdb.connect(str(warehouse)) as con:
        con.execute("insert into raw.date_mentions (article_id, expression, start_char, end_char, date_start, "
                    "date_end, date_precision, person_keys, sentence, description, event_type, is_future, run_id) "
                    "values ('a1', 'in 2019', 2, 7, date '2019-01-01', date '2019-12-31', 'year', [], 'sentence', "
                    "'', ?, false, 'r1')", [event_type])


def test_a_date_typed_as_a_wedding_does_not_end_the_partnership(warehouse: Path):
    # "Ben Cole, who married Ira Shaw in 2019, ...": the ex row's sentence dates the wedding, not the split
    _dated_sentence(warehouse, "married")
    build_models(warehouse)
    rows = _q(warehouse, "select person_a, relation_type, person_b, started_on, ended_on from marts.relationships "
                         "where relation_type = 'ex_partner'")
    assert rows == [("Ben Cole", "ex_partner", "Ira Shaw", None, None)]


def test_a_dated_split_ends_the_partnership(warehouse: Path):
    _dated_sentence(warehouse, "split")
    build_models(warehouse)
    rows = _q(warehouse, "select person_a, relation_type, person_b, started_on, ended_on from marts.relationships "
                         "where relation_type in ('ex_partner', 'romantic') or person_a = 'Ben Cole' order by all")
    assert ("Ben Cole", "ex_partner", "Ira Shaw", None, dt.date(2019, 1, 1)) in rows
    assert ("Ben Cole", "parent_of", "Lia", dt.date(2019, 1, 1), None) in rows
    # only partnerships end
    assert [r[2] for r in rows if r[4] is not None] == ["Ira Shaw"]



def _insert_split_date(con: duckdb.DuckDBPyConnection, expression: str, start: int, date: dt.date,
                       precision: str) -> None:
    """A date written at `start` in article a1, in the split's sentence."""
    con.execute("insert into raw.date_mentions (article_id, expression, start_char, end_char, date_start, "
                "date_end, date_precision, person_keys, sentence, description, event_type, is_future, "
                "run_id) values ('a1', ?, ?, ?, ?, ?, ?, [], 'sentence', '', 'split', false, 'r1')",
                [expression, start, start + 3, date, date, precision])


@pytest.mark.parametrize(("also_written", "precision"), [
    ([], "year"),  # "in 2019": 2019-01-01, known to the year
    ([("January 1, 2019", 3, dt.date(2019, 1, 1), "day")], "day"),  # the same first day, finer: the finer
    ([("in March 2019", 3, dt.date(2019, 3, 1), "month")], "year"),  # finer but later: the earliest date's
])
def test_a_relationship_date_keeps_the_precision_it_was_written_with(warehouse: Path, also_written: list,
                                                                     precision: str):
    _dated_sentence(warehouse, "split")
    with duckdb.connect(str(warehouse)) as con:
        for written in also_written:
            _insert_split_date(con, *written)
    build_models(warehouse)  # and the data test relationships_date_precision passes
    rows = _q(warehouse, "select person_a, relation_type, person_b, started_on, started_on_precision, ended_on, "
                         "ended_on_precision from marts.relationships where person_a = 'Ben Cole' order by all")
    assert ("Ben Cole", "ex_partner", "Ira Shaw", None, None, dt.date(2019, 1, 1), precision) in rows
    assert ("Ben Cole", "parent_of", "Lia", dt.date(2019, 1, 1), precision, None, None) in rows
    # the co_parent row derived from the two parent_of statements of that sentence: dated by it too
    assert _q(warehouse, "select started_on, started_on_precision, ended_on, ended_on_precision "
                         "from marts.relationships where relation_type = 'co_parent'") == [
        (dt.date(2019, 1, 1), precision, None, None)]


def test_the_date_precision_data_test_catches_a_precision_without_a_date(warehouse: Path, tmp_path: Path):
    sql_copy = _sql_with_one_edit(tmp_path, "relationships", "partnership_dates.ended_on_precision, null)",
                                  "partnership_dates.ended_on_precision, 'day')")
    with pytest.raises(DataTestFailure, match="relationships_date_precision"):
        build_models(warehouse, sql_copy)


@pytest.mark.parametrize(("written", "since_on", "precision", "is_date_stated"), [
    ([], D1, "day", False),  # no date written: the article's date, a day
    ([("in 2019", 2, dt.date(2019, 1, 1), "year")], dt.date(2019, 1, 1), "year", True),
    # a split's latest date gives it: "from 2019 to March 2019"
    ([("in 2019", 2, dt.date(2019, 1, 1), "year"), ("in March 2019", 3, dt.date(2019, 3, 1), "month")],
     dt.date(2019, 3, 1), "month", True),
    # the same first day, finer: the finer
    ([("in 2019", 2, dt.date(2019, 1, 1), "year"), ("January 1, 2019", 3, dt.date(2019, 1, 1), "day")],
     dt.date(2019, 1, 1), "day", True),
    # that day written finer in a second sentence stating the split: the finer
    ([("in 2019", 2, dt.date(2019, 1, 1), "year"), ("on 1 January 2019", 50, dt.date(2019, 1, 1), "day")],
     dt.date(2019, 1, 1), "day", True),
])
def test_since_on_keeps_the_precision_it_was_written_with(warehouse: Path, written: list, since_on: dt.date,
                                                          precision: str, is_date_stated: bool):
    with duckdb.connect(str(warehouse)) as con:
        # "last Thursday" is the first sentence's date only in the fixture's loose offsets: out of it here
        con.execute("update raw.date_mentions set end_char = start_char + 13 where expression = 'last Thursday'")
        # the second sentence of a1 states the split too ("Ben Cole shares Lia with ex Ira Shaw.")
        con.execute("insert into raw.relation_mentions (article_id, person_a_key, person_b_key, relation_type, "
                    "confidence, sentence, start_char, end_char, is_negated, is_speculative, run_id) "
                    "values ('a1', 'ben cole', 'ira shaw', 'ex_partner', 0.8, 'second', 44, 81, false, false, 'r1')")
        for date_written in written:
            _insert_split_date(con, *date_written)
    build_models(warehouse)  # and the data test relationship_status_since_precision passes
    assert _q(warehouse, "select person_a, relation_type, person_b, since_on, since_precision, is_date_stated "
                         "from marts.relationship_status") == [
        ("Ben Cole", "ex_partner", "Ira Shaw", since_on, precision, is_date_stated)]


def test_the_since_precision_data_test_catches_an_article_date_not_a_day(warehouse: Path, tmp_path: Path):
    with duckdb.connect(str(warehouse)) as con:  # no date written in the sentence: since_on is a1's date
        con.execute("update raw.date_mentions set end_char = start_char + 13 where expression = 'last Thursday'")
    sql_copy = _sql_with_one_edit(tmp_path, "relationship_status",
                                  "since_statements.told_precision) as since_precision", "'year') as since_precision")
    with pytest.raises(DataTestFailure, match="relationship_status_since_precision"):
        build_models(warehouse, sql_copy)
