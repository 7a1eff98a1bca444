"""The HTML report in a real headless browser (system chromium driven by Playwright).

Counts come from the same warehouse's marts, so the test follows extraction as it improves. The
screenshot is kept as a build artifact: build/artifacts/report.png. The same page on 500 GossipCop
articles is tests/test_report_scale_slow.py.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import duckdb
import pytest

from celebgraph.report import (
    EGO_TIES,
    FIRST_VIEW_PEOPLE,
    LOW_CONFIDENCE,
    TIMELINE_ROWS,
    collect,
    render_html,
    write_report,
)

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


def open_report(browser, report: Path):  # noqa: ANN001, ANN202 - Playwright objects
    """The page, offline, once its first graph is laid out; `page.problems` collects console errors and
    warnings, page errors, failed requests and dialogs."""
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
    page.wait_for_function("window.celebgraph && window.celebgraph.ready", timeout=30_000)
    page.problems = problems
    return page


def graph(page) -> dict:  # noqa: ANN001
    """What the graph draws now: nodes (id, label, rendered box with its label, relative to the graph's box)
    and edges, as the library holds them."""
    return page.evaluate("""() => {
        const cy = window.celebgraph.cy, box = document.getElementById('graph').getBoundingClientRect();
        return {width: box.width, height: box.height, centre: window.celebgraph.state.centre,
          nodes: cy.nodes().map(n => ({id: n.id(), label: n.style('label'), hub: n.hasClass('hub'),
            at: n.renderedPosition(), box: n.renderedBoundingBox({includeLabels: true})})),
          edges: cy.edges().map(e => ({a: e.source().id(), b: e.target().id(), type: e.data('type')}))};
    }""")


def click_node(page, person_id: str) -> None:  # noqa: ANN001
    """A real mouse click on the person's dot in the canvas."""
    box = page.locator("#graph").bounding_box()
    at = page.evaluate("id => window.celebgraph.cy.$id(id).renderedPosition()", person_id)
    page.mouse.click(box["x"] + at["x"], box["y"] + at["y"])


def search_and_centre(page, name: str) -> None:  # noqa: ANN001
    page.fill("#person-search", name)
    page.wait_for_selector("#search-results li")
    page.keyboard.press("Enter")


def labels_inside(g: dict) -> bool:
    return all(n["box"]["x1"] >= 0 and n["box"]["y1"] >= 0 and n["box"]["x2"] <= g["width"]
               and n["box"]["y2"] <= g["height"] for n in g["nodes"])


@pytest.fixture(scope="module")
def page(browser, samples_warehouse: Path, tmp_path_factory):  # noqa: ANN001, ANN201 - Playwright Page
    return open_report(browser, write_report(samples_warehouse, tmp_path_factory.mktemp("report")))


def _set_filter(page, selector: str, value: str) -> None:  # noqa: ANN001 - Playwright Page
    """Type a filter value and fire the change event the page listens to."""
    page.fill(selector, value)
    page.locator(selector).dispatch_event("change")


def _one(warehouse: Path, sql: str, params: list | None = None) -> object:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchone()[0]


def _all(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_page_loads_offline_without_console_errors(page) -> None:  # noqa: ANN001
    assert page.problems == []
    assert page.title() == "celebgraph report"


def test_a_small_warehouse_opens_on_all_of_it(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    """Under the first view's size the graph is the whole warehouse: a node per person, an edge per
    relationship, each node labelled with its name, laid out apart and inside the drawing."""
    people = _one(samples_warehouse, "select count(*) from marts.people")
    relationships = _one(samples_warehouse, "select count(*) from marts.relationships")
    assert 0 < people <= FIRST_VIEW_PEOPLE and relationships > 0
    g = graph(page)
    names = dict(_all(samples_warehouse, "select person_id, name from marts.people"))
    assert {n["id"]: n["label"] for n in g["nodes"]} == names
    assert len(g["edges"]) == relationships
    assert len({(round(n["at"]["x"]), round(n["at"]["y"])) for n in g["nodes"]}) == people
    assert labels_inside(g)


def test_clicking_a_person_shows_their_relationships_and_evidence(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    person_id, name = _all(samples_warehouse, """
        select p.person_id, p.name from marts.people p join marts.relationships r
          on p.person_id in (r.person_a_id, r.person_b_id)
        group by all order by count(*) desc, p.name limit 1""")[0]
    expected = _one(samples_warehouse, "select count(*) from marts.relationships where ? in (person_a_id, person_b_id)",
                    [person_id])
    click_node(page, person_id)
    panel = page.locator("#person-panel")
    assert panel.locator("h3").inner_text() == name
    assert panel.locator(".rel").count() == expected
    assert panel.locator(".rel blockquote").count() >= expected  # at least one sentence behind each
    others = set(panel.locator(".rel").evaluate_all("els => els.map(e => e.dataset.otherId)"))
    truth = {r[0] for r in _all(samples_warehouse,
             "select case when person_a_id = ? then person_b_id else person_a_id end from marts.relationships "
             "where ? in (person_a_id, person_b_id)", [person_id, person_id])}
    assert others == truth
    # the graph fades everyone but the person and their neighbours
    faded = set(page.evaluate("window.celebgraph.cy.nodes('.faded').map(n => n.id())"))
    assert faded == {n["id"] for n in graph(page)["nodes"]} - truth - {person_id}
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
    visible = page.locator("#people-table tbody tr")
    matching = _one(samples_warehouse, "select count(*) from marts.people where "
                                       "lower(concat_ws(' ', name, array_to_string(aliases, ' '), "
                                       "array_to_string(descriptors, ' '))) like ?",
                    [f"%{name.split()[-1].lower()}%"])
    assert 0 < visible.count() == matching < total or total == 1
    assert page.locator("#people-count").inner_text() == f"{matching} matching of {total}"
    page.fill("#people-search", "")
    assert page.locator("#people-table tbody tr").count() == total


def test_search_recentres_on_a_network_and_the_filters_apply(page, samples_warehouse: Path) -> None:  # noqa: ANN001
    person_id, name = _all(samples_warehouse, """
        select p.person_id, p.name from marts.people p join marts.relationships r
          on p.person_id in (r.person_a_id, r.person_b_id)
        group by all order by count(*) desc, p.name limit 1""")[0]

    def reach(ids: set[str]) -> set[str]:
        rows = _all(samples_warehouse, "select person_a_id, person_b_id from marts.relationships")
        return ids | {b for a, b in rows if a in ids} | {a for a, b in rows if b in ids}

    search_and_centre(page, name)
    g = graph(page)
    assert g["centre"] == person_id
    assert {n["id"] for n in g["nodes"]} == reach({person_id})  # the samples stay under EGO_TIES
    assert len(reach({person_id})) <= EGO_TIES + 1
    assert [n["id"] for n in g["nodes"] if n["hub"]] == [person_id]
    assert page.locator("#person-panel h3").inner_text() == name
    page.select_option("#hops", "2")
    assert {n["id"] for n in graph(page)["nodes"]} == reach(reach({person_id}))
    assert labels_inside(graph(page))
    page.select_option("#hops", "1")
    page.click("#overview")
    assert graph(page)["centre"] is None
    # filters: by relation type, by confidence, by articles; each compared with the marts
    relation_type = _one(samples_warehouse, "select relation_type from marts.relationships group by 1 "
                                            "order by count(*) desc, 1 limit 1")
    page.uncheck(f'#legend input[data-type="{relation_type}"]')
    edges = graph(page)["edges"]
    assert relation_type not in {e["type"] for e in edges}
    assert len(edges) == _one(samples_warehouse, "select count(*) from marts.relationships where relation_type <> ?",
                              [relation_type])
    page.check(f'#legend input[data-type="{relation_type}"]')
    _set_filter(page, "#min-confidence", "0.9")
    assert len(graph(page)["edges"]) == _one(samples_warehouse,
                                             "select count(*) from marts.relationships where confidence >= 0.9")
    _set_filter(page, "#min-confidence", "0")
    _set_filter(page, "#min-articles", "2")
    assert len(graph(page)["edges"]) == _one(samples_warehouse,
                                             "select count(*) from marts.relationships where article_count >= 2")
    _set_filter(page, "#min-articles", "1")
    assert len(graph(page)["edges"]) == _one(samples_warehouse, "select count(*) from marts.relationships")
    assert page.problems == []


def test_a_capped_page_says_what_it_left_out(browser, samples_warehouse: Path, tmp_path: Path) -> None:  # noqa: ANN001
    """Past its caps the page keeps everyone in a relationship and the most mentioned others, the most
    confident sentences of each relationship, and says how many of each it left out."""
    with duckdb.connect(str(samples_warehouse), read_only=True) as con:
        data = collect(con, max_people=1, max_sentences=0)
    related = {r[0] for r in _all(samples_warehouse, "select person_a_id from marts.relationships union "
                                                     "select person_b_id from marts.relationships")}
    people = _one(samples_warehouse, "select count(*) from marts.people")
    assert {p["person_id"] for p in data["people"]} == related
    sentences = _one(samples_warehouse, "select count(*) from marts.relationship_evidence")
    kept = _one(samples_warehouse, "select sum(least(n, ?)) from (select count(*) n from marts.relationship_evidence "
                                   "group by person_a_id, person_b_id, relation_type)",
                [data["limits"]["sentences_per_relationship"]])
    assert len(data["evidence"]) == kept
    (tmp_path / "index.html").write_text(render_html(data), encoding="utf-8")
    page = open_report(browser, tmp_path / "index.html")
    omitted = page.locator("#omitted").inner_text()
    if people > len(related):
        assert f"{people - len(related)} people" in omitted
    if sentences > kept:
        assert f"{sentences - kept} sentences" in omitted
    assert page.problems == []


def _hand_warehouse(path: Path, people: list[tuple], relationships: list[tuple], events: list[tuple]) -> Path:
    """marts from rows: people (id, name, mentions), relationships (a, b, type, confidence, articles,
    first reported), events (id, date, precision, description, person ids); one sentence per relationship."""
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("""create table marts.people (person_id varchar, name varchar, aliases varchar[],
            mention_count int, article_count int, first_seen date, last_seen date, age int, age_as_of date,
            descriptors varchar[])""")
        con.executemany("insert into marts.people values (?, ?, [], ?, 1, null, null, null, null, [])", people)
        con.execute("""create table marts.relationships (person_a_id varchar, person_a varchar, person_b_id varchar,
            person_b varchar, relation_type varchar, confidence double, article_count int, first_reported date,
            last_reported date, evidence varchar, is_current boolean)""")
        con.executemany("""insert into marts.relationships select
            ?, (select name from marts.people where person_id = ?),
            ?, (select name from marts.people where person_id = ?),
            ?, ?, ?, ?::date, ?::date, 'It says so.', true""",
                        [(a, a, b, b, t, c, n, d, d) for a, b, t, c, n, d in relationships])
        con.execute("""create table marts.relationship_evidence as select 'a1' as article_id, person_a_id,
            person_b_id, relation_type, 'It says so.' as sentence, confidence, false as is_speculative,
            first_reported as published_date from marts.relationships""")
        con.execute("""create table marts.articles as select 'a1' as article_id, 'T' as title,
            null::date as published_date, 'a1.txt' as source_id""")
        con.execute("""create table marts.timeline (event_id varchar, event_date date, date_precision varchar,
            description varchar, person_ids varchar[], people varchar[], source_count int, article_ids varchar[])""")
        con.executemany("insert into marts.timeline values (?, ?::date, ?, ?, ?, [], 1, ['a1'])", events)
    return path


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
    page = open_report(browser, write_report(warehouse, tmp_path / "report"))
    g = graph(page)
    assert len(g["nodes"]) == 2 and len(g["edges"]) == 1
    assert {n["id"]: n["label"] for n in g["nodes"]}["p2"] == hostile  # drawn as the text it is
    page.fill("#person-search", "eve")
    assert page.locator("#search-results li").first.inner_text().startswith(hostile)
    assert page.locator("img").count() == 0  # the markup stayed text
    page.fill("#person-search", "")
    click_node(page, "p1")
    assert hostile in page.locator("#person-panel .rel").inner_text()
    assert page.locator("#timeline-chart .event-dot").count() == 1
    assert "(undated)" in page.locator("#timeline-chart").inner_html()
    assert page.locator("#timeline-list").inner_text().startswith("May 2020 They met.")  # not '2020-05-01 (month)'
    assert page.problems == []


def test_a_long_timeline_groups_by_person_and_folds_the_weak_rows(browser, tmp_path: Path) -> None:  # noqa: ANN001
    """40 people tied to one: a row per other person (two types with one person share a row), the rows
    under the confidence floor and past TIMELINE_ROWS folded behind a button; dates as precise as known."""
    people = [("hub", "Hub Person", 100)] + [(f"o{i:02d}", f"Other {i:02d}", 40 - i) for i in range(40)]
    relationships = [("hub", f"o{i:02d}", "friend", 0.3 if i % 10 == 9 else 0.9, 1 + (40 - i) // 5,
                      f"{2000 + i % 20}-06-01") for i in range(40)]
    relationships.append(("hub", "o00", "sibling", 0.95, 3, "2001-01-01"))
    events = [("e1", "2019-01-01", "year", "A year.", ["hub"]),
              ("e2", "2023-10-01", "month", "A month.", ["hub", "o00"]),
              ("e3", "2023-10-05", "day", "A day.", ["hub", "o01"])]
    warehouse = _hand_warehouse(tmp_path / "long.duckdb", people, relationships, events)
    page = open_report(browser, write_report(warehouse, tmp_path / "report"))
    page.select_option("#timeline-person", "hub")
    strong = [o for o in range(40) if o % 10 != 9]  # confidence over the floor
    assert LOW_CONFIDENCE > 0.3 and len(strong) > TIMELINE_ROWS
    labels = page.locator("#timeline-chart text.row-label[data-other-id]")
    assert labels.count() == TIMELINE_ROWS
    shown = set(labels.evaluate_all("els => els.map(e => e.dataset.otherId)"))
    best = sorted(strong, key=lambda i: (-(1 + (40 - i) // 5), i))[:TIMELINE_ROWS]  # most articles first
    assert shown == {f"o{i:02d}" for i in best}
    assert "sibling" in page.locator('#timeline-chart text[data-other-id="o00"]').inner_html()  # one row, two types
    assert page.locator("#timeline-low").inner_text().startswith(f"Show {40 - TIMELINE_ROWS} more rows")
    page.click("#timeline-low")
    assert labels.count() == 40
    page.click("#timeline-low")
    assert labels.count() == TIMELINE_ROWS
    assert page.locator("#timeline-chart .event-dot").count() == 3
    # bars from the reports' days only (this mart has no started_on): solid, none pale
    assert page.locator("#timeline-chart rect.rel-bar[data-unsure]").count() == 0
    assert page.locator("#timeline-chart rect.rel-bar-sure").count() == 0
    assert page.locator("#timeline-list li").all_inner_texts() == [
        "2019 A year. · 1 source(s)", "Oct 2023 A month. · 1 source(s)", "5 Oct 2023 A day. · 1 source(s)"]
    # a pair shows all of itself
    page.select_option("#timeline-with", "o39")
    assert labels.count() == 1 and page.locator("#timeline-low").is_hidden()
    assert page.problems == []


@pytest.fixture(scope="module")
def bundled_page(browser, bundled_warehouse: Path, tmp_path_factory):  # noqa: ANN001, ANN201 - Playwright Page
    return open_report(browser, write_report(bundled_warehouse, tmp_path_factory.mktemp("bundled_report")))


def _pair_dates(warehouse: Path, a: str, b: str, relation_type: str) -> list[tuple]:
    return _all(warehouse, """
        select started_on, started_on_precision, ended_on, ended_on_precision from marts.relationships
        where least(person_a_id, person_b_id) = least(?, ?) and greatest(person_a_id, person_b_id) = greatest(?, ?)
          and relation_type = ?""", [a, b, a, b, relation_type])


def test_relationship_dates_show_at_their_precision(bundled_page, bundled_warehouse: Path) -> None:  # noqa: ANN001
    """The bundled samples: "She split from Kell in 2022" dates the exes' row to the year, "Kell, 36, who
    married model Noor Halvorsen in June" the marriage to the month. The marts keep each date's first day
    with its precision; the page writes "2022" and "Jun 2024", never that first day."""
    people = dict(_all(bundled_warehouse, "select name, person_id from marts.people"))
    kell, vance, halvorsen = people["Dorian Kell"], people["Marisol Vance"], people["Noor Halvorsen"]
    assert _pair_dates(bundled_warehouse, kell, vance, "ex_partner") == [(None, None, dt.date(2022, 1, 1), "year")]
    assert _pair_dates(bundled_warehouse, kell, halvorsen, "married") == [(dt.date(2024, 6, 1), "month", None, None)]
    page = bundled_page
    page.click(f'#people-table tbody tr[data-person-id="{kell}"]')
    panel = page.locator("#person-panel")
    assert panel.locator("h3").inner_text() == "Dorian Kell"
    ex = panel.locator(f'.rel[data-relation-type="ex_partner"][data-other-id="{vance}"] > .src').inner_text()
    married = panel.locator(f'.rel[data-relation-type="married"][data-other-id="{halvorsen}"] > .src').inner_text()
    assert " · ? to 2022; reported " in ex
    assert " · Jun 2024 to now; reported 18 Sep 2024" in married
    assert "2022-01-01" not in panel.inner_text() and "2024-06-01" not in panel.inner_text()
    # and so do the timeline bars' tooltips
    titles = page.locator("#timeline-chart rect.rel-bar title").evaluate_all("els => els.map(e => e.textContent)")
    assert any(t.startswith("ex partner Marisol Vance: ? to 2022;") for t in titles)
    assert any(t.startswith("married Noor Halvorsen: Jun 2024 to now;") for t in titles)
    assert page.problems == []


def test_relationship_bars_are_pale_over_the_year_or_month_of_a_date(bundled_page, bundled_warehouse: Path) -> None:  # noqa: ANN001
    """A bar starts on the first day its start may be and ends on the last day its end may be, pale until
    the dates are sure: the exes who split "in 2022" (first told of in 2024) are a pale 2022; the couple
    married "in June" 2024 and still married when last reported are pale through June, then solid."""
    people = dict(_all(bundled_warehouse, "select name, person_id from marts.people"))
    page = bundled_page
    page.select_option("#timeline-person", people["Dorian Kell"])
    chart = page.locator("#timeline-chart")
    # the ticks are on 1 January of each year, so a day is (next year's tick - this one's) / 365 wide
    ticks = dict(chart.locator('text[text-anchor="middle"]').evaluate_all(
        "els => els.map(e => [e.textContent, Number(e.getAttribute('x'))])"))
    per_day = (ticks["2024"] - ticks["2023"]) / 365
    bars = chart.locator("rect.rel-bar").evaluate_all("""els => els.map(e => ({
        title: e.querySelector('title').textContent, unsure: e.dataset.unsure === 'true',
        x: Number(e.getAttribute('x')), y: Number(e.getAttribute('y')), width: Number(e.getAttribute('width'))}))""")
    sure = chart.locator("rect.rel-bar-sure").evaluate_all("""els => els.map(e => ({
        x: Number(e.getAttribute('x')), y: Number(e.getAttribute('y')), width: Number(e.getAttribute('width'))}))""")
    ex = next(b for b in bars if b["title"].startswith("ex partner Marisol Vance: ? to 2022;"))
    married = next(b for b in bars if b["title"].startswith("married Noor Halvorsen: Jun 2024 to now;"))
    # a bar is drawn 3 px wider than its days on each side
    assert ex["unsure"] and not [s for s in sure if s["y"] == ex["y"]]
    assert abs(ex["x"] + 3 - ticks["2022"]) < 1
    assert abs(ex["x"] + ex["width"] - 3 - (ticks["2023"] - per_day)) < 1  # 31 December 2022
    assert married["unsure"]
    assert abs(married["x"] + 3 - (ticks["2024"] + 152 * per_day)) < 1  # 1 June 2024
    [married_sure] = [s for s in sure if s["y"] == married["y"]]
    assert abs(married_sure["x"] - (ticks["2024"] + 181 * per_day)) < 1  # 30 June 2024
    assert abs(married_sure["x"] + married_sure["width"] - married["x"] - married["width"]) < 1  # to the end
    chart.screenshot(path=str(SCREENSHOT.with_name("report_relationship_dates.png")))
    assert page.problems == []
