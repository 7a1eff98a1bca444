"""The HTML report in a real headless browser (system chromium driven by Playwright).

Counts come from the same warehouse's marts, so the test follows extraction as it improves. The
screenshot is kept as a build artifact: build/artifacts/report.png.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

from celebgraph.report import write_report

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = ROOT / "build" / "artifacts" / "report.png"


def _chromium() -> str:
    candidates = [os.environ.get("CELEBGRAPH_CHROMIUM", ""), "/usr/bin/chromium",
                  *(shutil.which(n) or "" for n in ("chromium", "chromium-browser", "google-chrome"))]
    found = next((c for c in candidates if c and Path(c).is_file()), None)
    if not found:
        pytest.skip("no chromium: `apt-get install -y chromium` (.ci/run does this where apt is available) "
                    "or set CELEBGRAPH_CHROMIUM")
    return found


@pytest.fixture(scope="module")
def browser():  # noqa: ANN201 - Playwright Browser
    from playwright.sync_api import sync_playwright

    executable = _chromium()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield browser
        browser.close()


def _open(browser, report: Path):  # noqa: ANN001, ANN202 - Playwright objects
    # offline: any request leaving the file would fail the page
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, offline=True)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type in
            ("error", "warning") else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("dialog", lambda d: problems.append(f"dialog: {d.message}"))
    page.goto(report.as_uri())
    page.wait_for_selector("#graph .node")
    page.problems = problems
    return page


@pytest.fixture(scope="module")
def page(browser, samples_warehouse: Path, tmp_path_factory):  # noqa: ANN001, ANN201 - Playwright Page
    return _open(browser, write_report(samples_warehouse, tmp_path_factory.mktemp("report")))


def _one(warehouse: Path, sql: str, params: list | None = None) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def test_page_loads_offline_without_console_errors(page) -> None:  # noqa: ANN001
    assert page.problems == []
    assert page.title() == "celebgraph report"


def test_graph_has_a_node_per_person_and_an_edge_per_relationship(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    people = _one(samples_warehouse, "select count(*) from marts.people")
    relationships = _one(samples_warehouse, "select count(*) from marts.relationships")
    assert people > 0 and relationships > 0
    assert page.locator("#graph .node").count() == people
    assert page.locator("#graph .edge").count() == relationships
    # every node is laid out inside the drawing, not stacked on one spot
    spots = {page.locator("#graph .node").nth(i).get_attribute("transform") for i in range(people)}
    assert len(spots) == people


def test_clicking_a_person_shows_their_relationships_and_evidence(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    person_id, name = duckdb.connect(str(samples_warehouse), read_only=True).execute("""
        select p.person_id, p.name from marts.people p join marts.relationships r
          on p.person_id in (r.person_a_id, r.person_b_id)
        group by all order by count(*) desc, p.name limit 1""").fetchone()
    expected = _one(samples_warehouse, "select count(*) from marts.relationships where ? in (person_a_id, person_b_id)",
                    [person_id])
    page.click(f'#graph .node[data-person-id="{person_id}"]')
    panel = page.locator("#person-panel")
    assert panel.locator("h3").inner_text() == name
    assert panel.locator(".rel").count() == expected
    assert panel.locator(".rel blockquote").count() >= expected  # at least one sentence behind each
    others = set(panel.locator(".rel").evaluate_all("els => els.map(e => e.dataset.otherId)"))
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        truth = {r[0] for r in con.execute(
            "select case when person_a_id = ? then person_b_id else person_a_id end from marts.relationships "
            "where ? in (person_a_id, person_b_id)", [person_id, person_id]).fetchall()}
    assert others == truth
    # the timeline follows the selection: one dot per event of the person
    events = _one(samples_warehouse, "select count(*) from marts.timeline where list_contains(person_ids, ?)",
                  [person_id])
    assert page.locator("#timeline-person").input_value() == person_id
    assert page.locator("#timeline-chart .event-dot").count() == events
    assert page.locator("#timeline-list li").count() == events
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT), full_page=True)
    assert SCREENSHOT.stat().st_size > 10_000


def test_timeline_for_a_pair_and_table_search(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    person_id = page.locator("#timeline-person").input_value()
    partner = page.locator("#timeline-with option").nth(1).get_attribute("value")
    page.select_option("#timeline-with", partner)
    shared = _one(samples_warehouse, "select count(*) from marts.timeline where list_contains(person_ids, ?) "
                                     "and list_contains(person_ids, ?)", [person_id, partner])
    assert page.locator("#timeline-chart .event-dot").count() == shared
    rows = page.locator("#people-table tbody tr")
    total = _one(samples_warehouse, "select count(*) from marts.people")
    assert rows.count() == total
    name = _one(samples_warehouse, "select name from marts.people order by mention_count desc limit 1")
    page.fill("#people-search", name.split()[-1].lower())
    visible = page.locator("#people-table tbody tr:not([hidden])")
    matching = _one(samples_warehouse, "select count(*) from marts.people where "
                                       "lower(concat_ws(' ', name, array_to_string(aliases, ' '), "
                                       "array_to_string(descriptors, ' '))) like ?",
                    [f"%{name.split()[-1].lower()}%"])
    assert 0 < visible.count() == matching < total or total == 1
    page.fill("#people-search", "")
    assert page.locator("#people-table tbody tr:not([hidden])").count() == total


def test_hostile_names_and_undated_relationships(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """Text from articles is shown as text, never run; a relationship from undated articles still draws."""
    hostile = 'Eve </script><img src=x onerror=alert(1)>'
    warehouse = tmp_path / "hand.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema marts")
        con.execute("""create table marts.people as select * from (values
            ('p1', 'Ann Lee', ['Ann'], 3, 1, null::date, null::date, null::int, null::date, []::varchar[]),
            ('p2', ?, []::varchar[], 1, 1, null::date, null::date, 30, null::date, ['singer']))
            t(person_id, name, aliases, mention_count, article_count, first_seen, last_seen, age, age_as_of,
              descriptors)""", [hostile])
        con.execute("""create table marts.relationships as select 'p1' as person_a_id, 'Ann Lee' as person_a,
            'p2' as person_b_id, ? as person_b, 'romantic' as relation_type, 0.9 as confidence,
            1 as article_count, null::date as first_reported, null::date as last_reported,
            ? as evidence, true as is_current""", [hostile, f"Ann is dating {hostile}."])
        con.execute("""create table marts.relationship_evidence as select 'a1' as article_id, 'p1' as person_a_id,
            'p2' as person_b_id, 'romantic' as relation_type, ? as sentence, 0.9 as confidence,
            false as is_speculative, null::date as published_date""", [f"Ann is dating {hostile}."])
        con.execute("""create table marts.articles as select 'a1' as article_id, 'T' as title,
            null::date as published_date, 'a1.txt' as source_id""")
        con.execute("""create table marts.timeline as select 'e1' as event_id, date '2020-05-01' as event_date,
            'month' as date_precision, 'They met.' as description, ['p1', 'p2'] as person_ids,
            ['Ann Lee', ?] as people, 1 as source_count, ['a1'] as article_ids""", [hostile])
    page = _open(browser, write_report(warehouse, tmp_path / "report"))
    assert page.locator("#graph .node").count() == 2 and page.locator("#graph .edge").count() == 1
    assert page.locator("img").count() == 0  # the markup stayed text
    page.click('#graph .node[data-person-id="p1"]')
    assert hostile in page.locator("#person-panel .rel").inner_text()
    assert page.locator("#timeline-chart .event-dot").count() == 1
    assert "(undated)" in page.locator("#timeline-chart").inner_html()
    assert page.locator("#timeline-list").inner_text().startswith("May 2020 They met.")  # not '2020-05-01 (month)'
    assert page.problems == []
