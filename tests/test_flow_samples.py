"""The real Prefect flow on ../shared/samples/articles, checked against expected.json read here."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import unicodedata
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parent.parent
SYMMETRIC = {"romantic", "married", "engaged", "ex_partner", "sibling", "relative", "friend", "co_parent"}


def _norm(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name)
    return "".join(c for c in folded if not unicodedata.combining(c)).lower().strip()


@pytest.fixture(scope="module")
def built(prefect_harness, shared_samples: Path, tmp_path_factory) -> tuple[Path, dict, dict]:  # noqa: ANN001
    from flows.pipeline import celebgraph_run

    landing = tmp_path_factory.mktemp("landing")
    shutil.copytree(shared_samples / "articles", landing / "articles")
    warehouse = tmp_path_factory.mktemp("wh") / "cg.duckdb"
    first = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))
    return warehouse, first, json.loads((shared_samples / "expected.json").read_text())


def _query(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_expected_person_once_with_aliases_and_ages(built):  # noqa: ANN001
    warehouse, _, gold = built
    texts = "\n".join(r[0] for r in _query(warehouse, "select clean_text from staging.stg_articles"))
    rows = _query(warehouse, "select name, aliases, age, age_as_of from marts.people")
    by_name: dict[str, list[tuple]] = {}
    for row in rows:
        by_name.setdefault(_norm(row[0]), []).append(row)
    for person in gold["people"]:
        if person.get("optional"):
            continue
        found = by_name.get(_norm(person["name"]), [])
        assert len(found) == 1, f"{person['name']}: {len(found)} rows"
        _, aliases, age, age_as_of = found[0]
        # aliases the articles actually use on their own (the gold also lists a few that never occur)
        used = {a for a in person["aliases"] if re.search(rf"\b{re.escape(a)}\b", texts.replace(person["name"], ""))}
        assert {_norm(a) for a in used} <= {_norm(a) for a in aliases}, person["name"]
        if "age" in person:
            assert (age, str(age_as_of)) == (person["age"], person["age_as_of"]), person["name"]
    assert not {_norm(n) for n in gold["not_people"]} & set(by_name)


def test_relationships_match_expected(built):  # noqa: ANN001
    warehouse, _, gold = built

    def key(t: str, a: str, b: str) -> tuple[str, ...]:
        return (t, *sorted((_norm(a), _norm(b)))) if t in SYMMETRIC else (t, _norm(a), _norm(b))

    got = {key(t, a, b) for a, b, t in _query(warehouse, "select person_a, person_b, relation_type "
                                                         "from marts.relationships")}
    required = {key(r["type"], r["a"], r["b"]) for r in gold["relationships"] if not r.get("optional")}
    optional = {key(r["type"], r["a"], r["b"]) for r in gold["relationships"] if r.get("optional")}
    assert required <= got, f"missing {required - got}"
    assert got - required - optional == set()
    forbidden = {tuple(sorted((_norm(r["a"]), _norm(r["b"])))) for r in gold["not_relationships"]}
    assert not [g for g in got if tuple(sorted(g[1:])) in forbidden]


def test_timeline_events_dates_precision_and_merges(built):  # noqa: ANN001
    warehouse, _, gold = built
    events = _query(warehouse, "select event_date, date_precision, people, source_count from marts.timeline")

    def fmt(d, p: str) -> str:  # noqa: ANN001
        return {"year": str(d)[:4], "month": str(d)[:7]}.get(p, str(d))

    for event in gold["timeline"]:
        if event.get("optional"):
            continue
        hits = [e for e in events if fmt(e[0], e[1]) == event["date"] and e[1] == event["precision"]
                and {_norm(p) for p in event["people"]} <= {_norm(p) for p in e[2]}]
        assert len(hits) == 1, f"{event['date']} {event['what']}: {hits}"
        assert hits[0][3] == len(event["from"]), f"{event['date']} should merge {len(event['from'])} sources"


def test_second_run_with_no_new_input_does_no_nlp_and_changes_nothing(built):  # noqa: ANN001
    from flows.pipeline import celebgraph_run

    warehouse, first, _ = built
    before = {t: _query(warehouse, f"select * from marts.{t} order by all") for t in
              ("people", "relationships", "timeline", "articles")}
    landing = _landing_of(warehouse)
    second = celebgraph_run(input_dir=landing, warehouse=str(warehouse))
    assert second["status"] == "no_new_input"
    assert second["counts"]["read"] == 0 and second["counts"]["files_already_seen"] == 3
    after = {t: _query(warehouse, f"select * from marts.{t} order by all") for t in before}
    assert after == before
    runs = _query(warehouse, "select status from raw.runs order by started_at")
    assert [r[0] for r in runs] == ["succeeded", "no_new_input"]


def _landing_of(warehouse: Path) -> str:
    return _query(warehouse, "select input_dir from raw.runs order by started_at limit 1")[0][0]


def test_resent_and_bad_records_are_accounted_not_duplicated(built, tmp_path: Path):  # noqa: ANN001
    from flows.pipeline import celebgraph_run

    warehouse, _, _ = built
    landing = Path(_landing_of(warehouse))
    extra = landing / "extra"
    extra.mkdir(exist_ok=True)
    original = next((landing / "articles").glob("000_*.txt")).read_text()
    (extra / "resent_identical.txt").write_text(original)  # the same file again: already seen, skipped
    headline, _, body = original.partition("\n")
    (extra / "syndicated.txt").write_text(headline + " (updated)\n" + body)  # same story: a duplicate
    (extra / "bad.jsonl").write_text('{"id": "x1", "date": "2023-13-01", "title": "T", "text": "Body"}\n{oops\n')
    result = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))
    counts = result["counts"]
    assert (counts["loaded"], counts["duplicates"], counts["rejected"]) == (0, 1, 2)
    assert counts["read"] == counts["loaded"] + counts["duplicates"] + counts["rejected"]
    assert counts["files_already_seen"] == 4
    reasons = sorted(r[0] for r in _query(warehouse, "select reason from raw.rejects"))
    assert reasons[0].startswith("date is not YYYY-MM-DD") or reasons[0].startswith("impossible date")
    assert reasons[1].startswith("invalid JSON")
    people = _query(warehouse, "select name, article_count from marts.people where name = 'Gigi Hadid'")
    assert people == [("Gigi Hadid", 3)]


def test_input_may_name_one_file_of_a_folder(prefect_harness, tmp_path: Path):  # noqa: ANN001
    """`--input FILE`: that file's records are read, and none of the files beside it."""
    from flows.pipeline import celebgraph_run

    landing = tmp_path / "landing"
    shutil.copytree(ROOT / "samples" / "articles", landing)
    chosen = sorted(landing.glob("*.txt"))[1]
    warehouse = tmp_path / "one.duckdb"
    result = celebgraph_run(input_dir=str(chosen), warehouse=str(warehouse))
    assert result["status"] == "succeeded" and result["counts"]["read"] == 1
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sources = con.execute("select source_path from raw.articles").fetchall()
    assert sources == [(chosen.name,)]


def test_summary_of_an_empty_warehouse_says_what_to_do(prefect_harness, tmp_path: Path, capsys):  # noqa: ANN001
    from celebgraph.cli import main
    from flows.pipeline import celebgraph_run

    (tmp_path / "empty").mkdir()
    warehouse = tmp_path / "empty.duckdb"
    assert celebgraph_run(input_dir=str(tmp_path / "empty"), warehouse=str(warehouse))["status"] == "succeeded"
    assert main(["summary", "--warehouse", str(warehouse)]) == 0
    out = capsys.readouterr().out
    assert "people 0" in out and "no people yet: load articles with `celebgraph run --input DIR`" in out
    assert "top people:" not in out and "top relationships:" not in out


def test_summary_prints_since_dates_at_their_precision(bundled_warehouse: Path, capsys) -> None:  # noqa: ANN001
    """The bundled samples: "She split from Kell in 2022" dates the exes' status to the year, "who married
    model Noor Halvorsen in June" the marriage to the month; Okafor and Vance's romance has no date written,
    so its first article's day. The mart keeps each since_on's first day with its precision; the run
    summary's top relationships write "since 2022", never 2022-01-01."""
    from celebgraph.cli import main

    with duckdb.connect(str(bundled_warehouse), read_only=True) as con:
        status = {(frozenset((a, b)), rtype): rest for a, b, rtype, *rest in con.execute(
            "select person_a, person_b, relation_type, since_on, since_precision, is_date_stated "
            "from marts.relationship_status").fetchall()}
    assert status[frozenset(("Dorian Kell", "Marisol Vance")), "ex_partner"] == [
        dt.date(2022, 1, 1), "year", True]
    assert status[frozenset(("Dorian Kell", "Noor Halvorsen")), "married"][1:] == ["month", True]
    assert status[frozenset(("Theo Okafor", "Marisol Vance")), "romantic"][1:] == ["day", False]
    assert main(["summary", "--warehouse", str(bundled_warehouse)]) == 0
    out = capsys.readouterr().out
    top = out[out.index("top relationships:\n"):].splitlines()[1:]
    [ex] = [line for line in top if "Dorian Kell" in line and "Marisol Vance" in line and "ex_partner" in line]
    [romance] = [line for line in top if "Theo Okafor" in line and "romantic" in line]
    assert "-[ex_partner since 2022]-" in ex
    assert "-[romantic since 2024-04-09]-" in romance  # a day: its first article's date
    assert "2022-01-01" not in out
