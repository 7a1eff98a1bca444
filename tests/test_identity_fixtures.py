"""Cross-article identity on invented articles, one per trap, through the real flow: run A, then A+B.

tests/fixtures/identity/a/ is the first run's landing folder; b/ lands before the second run. Every article
also names Kim Kardashian, the hub through whom everyone "shares company": the old rule joined a lone name to
the one full name that shared company with it, which merged each trap below.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "identity"


def _people(warehouse: Path) -> dict[str, tuple]:
    """name -> (person_id, is_single_name, article_count, names of the full-named relatives)"""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("select name, person_id, is_single_name, article_count, "
                           "list_sort([r.name for r in relative_of]) from marts.people").fetchall()
    assert len({r[0] for r in rows}) == len(rows), "two people rows with one name"
    return {row[0]: tuple(row[1:]) for row in rows}


@pytest.fixture(scope="module")
def runs(prefect_harness, tmp_path_factory) -> tuple[Path, dict, dict]:  # noqa: ANN001
    from flows.pipeline import celebgraph_run

    landing = tmp_path_factory.mktemp("identity_landing")
    warehouse = tmp_path_factory.mktemp("identity_wh") / "identity.duckdb"
    for path in (FIXTURES / "a").glob("*.txt"):
        shutil.copy(path, landing / path.name)
    assert celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))["status"] == "succeeded"
    after_a = _people(warehouse)
    for path in (FIXTURES / "b").glob("*.txt"):
        shutil.copy(path, landing / path.name)
    assert celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))["status"] == "succeeded"
    return warehouse, after_a, _people(warehouse)


def _rows(people: dict[str, tuple], *names: str) -> list[tuple]:
    return [(name, *people[name][1:]) if name in people else (name, "missing") for name in names]


def test_a_toddler_called_lennon_is_not_the_star_surnamed_lennon(runs):  # noqa: ANN001
    _, _, people = runs
    assert _rows(people, "Lennon", "Dale Lennon") == [
        ("Lennon", True, 1, ["Mara Quill", "Tobias Quill"]),
        ("Dale Lennon", False, 1, []),
    ]


def test_a_son_called_by_his_first_name_is_not_the_famous_one(runs):  # noqa: ANN001
    _, _, people = runs
    assert _rows(people, "Brixton", "Brixton Vale") == [
        ("Brixton", True, 1, ["Reid Callow"]),
        ("Brixton Vale", False, 1, []),
    ]


def test_a_surname_alone_is_not_the_one_full_name_with_it(runs):  # noqa: ANN001
    _, _, people = runs
    assert _rows(people, "Thorne", "Ada Thorne") == [
        ("Thorne", True, 1, []),
        ("Ada Thorne", False, 1, []),
    ]


def test_a_first_name_with_the_same_husband_joins_the_full_name(runs):  # noqa: ANN001
    _, _, people = runs
    # 'Laura', Felix Ortan's wife, is Laura Varga (married to Felix Ortan in another article), not Laura Kell
    assert _rows(people, "Laura Varga", "Laura Kell", "Laura") == [
        ("Laura Varga", False, 3, []),
        ("Laura Kell", False, 1, []),
        ("Laura", "missing"),
    ]


def test_a_first_name_beside_both_halves_of_a_double_surname_joins_it(runs):  # noqa: ANN001
    _, _, people = runs
    # 'Juniper', daughter of Nora Quell and Dev Ashby, is Juniper Quell-Ashby; Lina Voss's daughter Juniper is not
    assert _rows(people, "Juniper Quell-Ashby", "Juniper") == [
        ("Juniper Quell-Ashby", False, 2, []),
        ("Juniper", True, 1, ["Lina Voss"]),
    ]


def test_of_two_candidates_the_one_with_the_same_husband_wins(runs):  # noqa: ANN001
    _, _, people = runs
    # Ivo Brandt's wife 'Tessa', 31, is his bride Tessa Marlowe, not Tessa Quinn of the same age; the cafe owner
    # 'Tessa', 31, with no husband named, could be either and stays her own person
    assert _rows(people, "Tessa Marlowe", "Tessa Quinn", "Tessa") == [
        ("Tessa Marlowe", False, 2, []),
        ("Tessa Quinn", False, 1, []),
        ("Tessa", True, 1, []),
    ]


def test_every_person_of_run_a_keeps_their_id_or_is_mapped(runs):  # noqa: ANN001
    warehouse, after_a, after_ab = runs
    with duckdb.connect(str(warehouse), read_only=True) as con:
        mapping = dict(con.execute("select old_person_id, person_id from marts.person_id_map").fetchall())
    current = {row[0] for row in after_ab.values()}
    for name, (person_id, *_) in after_a.items():
        assert person_id in current or mapping.get(person_id) in current, name
    # A's lone 'Laura' joined Laura Varga when B brought the evidence: her old id leads to Laura Varga
    assert "Laura" in after_a
    laura_id, varga_id = after_a["Laura"][0], after_ab["Laura Varga"][0]
    assert varga_id == after_a["Laura Varga"][0]
    assert mapping[laura_id] == varga_id
    # everyone else kept their id
    assert {name for name, row in after_a.items() if row[0] not in current} == {"Laura"}
