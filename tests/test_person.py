"""`celebgraph person`: lookup by name or alias, the profile's parts, one-line errors."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from celebgraph.cli import main
from celebgraph.person import PersonNotFound, fold, load_profile, render_profile
from celebgraph.readonly import connect_read_only


def _most_connected(warehouse: Path) -> tuple[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("""
            select p.person_id, p.name from marts.people p join marts.relationships r
              on p.person_id in (r.person_a_id, r.person_b_id)
            group by all order by count(*) desc, p.name limit 1""").fetchone()


def test_profile_has_every_relationship_event_and_article_of_the_person(samples_warehouse: Path) -> None:
    pid, name = _most_connected(samples_warehouse)
    with connect_read_only(samples_warehouse) as con:
        profile = load_profile(con, name.upper())
        expected_rels = con.execute("select count(*) from marts.relationships where ? in (person_a_id, person_b_id)",
                                    [pid]).fetchone()[0]
        expected_events = con.execute("select count(*) from marts.timeline where list_contains(person_ids, ?)",
                                      [pid]).fetchone()[0]
        expected_articles = con.execute("select count(distinct article_id) from marts.person_mentions "
                                        "where person_id = ?", [pid]).fetchone()[0]
    assert profile.person["person_id"] == pid
    assert len(profile.relationships) == expected_rels > 0
    assert len(profile.timeline) == expected_events
    assert len(profile.articles) >= expected_articles
    text = render_profile(profile)
    assert text.startswith(f"{name}\n")
    for rel in profile.relationships:
        assert rel["other"] in text and rel["other"] != name
    assert f"Relationships ({expected_rels})" in text


def test_lookup_by_alias_and_helpful_errors(samples_warehouse: Path) -> None:
    with connect_read_only(samples_warehouse) as con:
        people = con.execute("select name, aliases from marts.people").fetchall()
        alias_owner: dict[str, list[str]] = {}
        for name, aliases in people:
            for alias in aliases:
                alias_owner.setdefault(fold(alias), []).append(name)
        unique = next((a for a, owners in alias_owner.items() if len(owners) == 1
                       and a not in {fold(n) for n, _ in people}), None)
        if unique:
            assert load_profile(con, unique).person["name"] == alias_owner[unique][0]
        name = people[0][0]
        with pytest.raises(PersonNotFound, match=f"did you mean '{name}'"):
            load_profile(con, name[:-1] + "x")
        with pytest.raises(PersonNotFound, match="no person named"):
            load_profile(con, "Zzyzx Qwerty")


def test_cli_person_prints_the_profile_and_one_line_errors(samples_warehouse: Path, capsys) -> None:  # noqa: ANN001
    _, name = _most_connected(samples_warehouse)
    assert main(["person", name, "--warehouse", str(samples_warehouse)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(name) and "Relationships (" in out and "Timeline (" in out and "Articles (" in out
    assert main(["person", "Zzyzx Qwerty", "--warehouse", str(samples_warehouse)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("celebgraph: error: no person named") and "Traceback" not in err
    assert main(["person", name, "--warehouse", str(samples_warehouse.with_name("none.duckdb"))]) == 1
    assert "run `celebgraph run" in capsys.readouterr().err


def test_relationship_dates_print_at_their_precision(bundled_warehouse: Path) -> None:
    # "She split from Kell in 2022", "who married model Noor Halvorsen in June" (2024)
    with connect_read_only(bundled_warehouse) as con:
        text = render_profile(load_profile(con, "Dorian Kell"), evidence=False)
    [ex] = [line for line in text.splitlines() if line.startswith("  ex partner Marisol Vance ")]
    [married] = [line for line in text.splitlines() if line.startswith("  married    Noor Halvorsen ")]
    assert ex.endswith("; ? to 2022; reported 2024-04-09 to 2024-09-18")
    assert married.endswith("; 2024-06 to now; reported 2024-09-18")
    assert "2022-01-01" not in text and "2024-06-01" not in text
