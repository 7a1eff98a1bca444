"""The random draw of benchmarks/check_top_relationships.py: a row keeps its place when others change."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import duckdb

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "check_top_relationships.py"
_SPEC = importlib.util.spec_from_file_location("check_top_relationships", _PATH)
check = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(check)


def _warehouse(rows: list[tuple[str, str, str]]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.relationships (person_a varchar, relation_type varchar, person_b varchar,"
                " confidence double, article_count integer)")
    con.executemany("insert into marts.relationships values (?, ?, ?, 0.9, 1)", rows)
    return con


def _drawn(con: duckdb.DuckDBPyConnection, top: int) -> list[str]:
    return [check.key(a, t, b) for a, t, b, *_ in check.listed_rows(con, "random", top, seed=7)]


def test_a_changed_table_swaps_only_the_rows_it_removed_or_added():
    rows = [(f"Person {i}", "friend", f"Other {i}") for i in range(60)]
    before = _drawn(_warehouse(rows), 10)
    removed = before[3]
    changed = [r for r in rows if check.key(*r) != removed] + [("New Person", "married", "New Spouse")]
    after = _drawn(_warehouse(changed), 10)
    kept = [k for k in before if k != removed]
    # the nine rows still there keep their order; one row (the next in rank, or the new one) fills the gap
    assert [k for k in after if k in kept] == kept
    assert len(set(after) - set(before)) == 1 and removed not in after


def test_the_draw_depends_on_the_seed_and_on_no_row_order():
    rows = [(f"Person {i}", "sibling", f"Other {i}") for i in range(40)]
    assert _drawn(_warehouse(rows), 5) == _drawn(_warehouse(list(reversed(rows))), 5)
    other_seed = [check.key(a, t, b) for a, t, b, *_ in check.listed_rows(_warehouse(rows), "random", 5, seed=8)]
    assert other_seed != _drawn(_warehouse(rows), 5)


def test_the_summary_list_scores_and_writes_since_as_the_run_summary_does(bundled_warehouse: Path):
    # "She split from Kell in 2022": since 2022, as `celebgraph summary` prints it; every list reads its rows
    rows = {which: check.score(bundled_warehouse, {}, which, 100)["rows"] for which in ("summary", "all-rows")}
    ex = next(r for r in rows["summary"] if r["key"] == "Dorian Kell | ex_partner | Marisol Vance")
    assert ex["since_on"] == "2022"
    assert rows["all-rows"] and all(r["since_on"] is None for r in rows["all-rows"])
