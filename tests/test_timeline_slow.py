"""The timeline on the whole Perez-Rosas corpus (500 files, `make slow-test`): no event is dated by words
that belong to a person's name or to a show, outlet or brand name, and every event has a type from the
vocabulary. The counts per type are printed."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from _runs import run
from conftest import SHARED

from transforms.extraction.lexicon import lexicon

pytestmark = pytest.mark.slow
PEREZ = SHARED / "corpora" / "celebrity_perez_rosas"


@pytest.fixture(scope="module")
def perez_warehouse(prefect_harness, tmp_path_factory) -> Path:  # noqa: ANN001
    import prefect.settings

    if not PEREZ.is_dir():
        pytest.skip("../shared/corpora is not beside the checkout")
    landing = tmp_path_factory.mktemp("perez")
    files = sorted(PEREZ.glob("*/*.txt"))
    assert len(files) == 500
    for path in files:
        shutil.copy(path, landing / path.name)
    warehouse = tmp_path_factory.mktemp("wh") / "perez.duckdb"
    result = run(landing, warehouse, prefect.settings.PREFECT_API_URL.value(), timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    return warehouse


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_no_event_is_dated_by_a_persons_name(perez_warehouse: Path) -> None:
    inside = _rows(perez_warehouse, """
        select e.article_id, e.time_expression, m.surface
        from marts.timeline_evidence e
        join marts.person_mentions m
            on m.article_id = e.article_id
            and m.start_char < e.start_char + length(e.time_expression) and e.start_char < m.end_char
    """)
    assert inside == []


def test_no_event_is_dated_by_a_show_or_outlet_name(perez_warehouse: Path) -> None:
    names = sorted(lexicon().not_people)
    evidence = _rows(perez_warehouse, """
        select e.article_id, e.time_expression, e.start_char, a.clean_text
        from marts.timeline_evidence e join staging.stg_articles a using (article_id)
    """)
    assert evidence, "the Perez-Rosas corpus gives no timeline at all"
    found = []
    for article_id, expression, start, text in evidence:
        end = start + len(expression)
        window_start = max(0, start - 60)
        window = text[window_start:end + 60].lower()
        for name in names:
            at = window.find(name)
            while at >= 0:
                if window_start + at < end and start < window_start + at + len(name):
                    found.append((article_id, expression, name))
                at = window.find(name, at + 1)
    assert found == []


def test_every_event_has_a_type_and_a_description_from_its_article(perez_warehouse: Path) -> None:
    counts = _rows(perez_warehouse, "select event_type, count(*) from marts.timeline group by 1 order by 2 desc")
    print("\nPerez-Rosas timeline events by type:", ", ".join(f"{t} {n}" for t, n in counts))
    assert counts and all(t for t, _ in counts)
    typed = sum(n for t, n in counts if t != "other")
    assert typed >= sum(n for _, n in counts) / 2, "most events should carry a type"
