"""The HTML report on 500 GossipCop articles (`make slow-test`): thousands of people, and still a page
that opens fast on a readable first view and recentres on a search.

The warehouse is built by the real flow from 500 records drawn with a fixed seed (benchmarks/throughput.py's
draw); counts come from its marts. Screenshots: build/artifacts/report_500_first.png (the first view) and
report_500_person.png (after a search).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, SHARED
from test_report_browser import browser, click_node, graph, labels_inside, open_report, search_and_centre  # noqa: F401

from celebgraph.report import EGO_TIES, FIRST_VIEW_PEOPLE, write_report

pytestmark = pytest.mark.slow
CORPUS = SHARED / "corpora" / "gossipcop" / "gossipcop.jsonl.gz"
ARTICLES, SEED = 500, 0
ARTIFACTS = ROOT / "build" / "artifacts"


@pytest.fixture(scope="module")
def warehouse(prefect_harness, tmp_path_factory) -> Path:  # noqa: ANN001
    if not CORPUS.is_file():
        pytest.skip("../shared/corpora is not beside the checkout")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import materialise, shuffled

    from flows.pipeline import celebgraph_run

    landing = tmp_path_factory.mktemp("report_landing")
    materialise(CORPUS, landing, shuffled(CORPUS, SEED)[:ARTICLES], "gossipcop_sample.jsonl")
    warehouse = tmp_path_factory.mktemp("report_wh") / "report500.duckdb"
    result = celebgraph_run(input_dir=str(landing), warehouse=str(warehouse))
    assert result["status"] == "succeeded", result
    return warehouse


@pytest.fixture(scope="module")
def report(warehouse: Path, tmp_path_factory) -> Path:  # noqa: ANN001
    return write_report(warehouse, tmp_path_factory.mktemp("report500"))


def _all(warehouse: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def _overlapping(boxes: list[dict]) -> int:
    """How many label boxes overlap another one by more than a few pixels each way."""
    hits = 0
    for i, a in enumerate(boxes):
        if any(j != i and min(a["x2"], b["x2"]) - max(a["x1"], b["x1"]) > 4
               and min(a["y2"], b["y2"]) - max(a["y1"], b["y1"]) > 4 for j, b in enumerate(boxes)):
            hits += 1
    return hits


def test_the_page_opens_fast_on_the_strongest_part_of_the_graph(browser, warehouse: Path, report: Path) -> None:  # noqa: ANN001, F811
    people = _all(warehouse, "select count(*) from marts.people")[0][0]
    assert people >= 2000, "500 GossipCop articles name a few thousand people"
    started = time.perf_counter()
    page = open_report(browser, report)
    opened = time.perf_counter() - started
    ready_ms = page.evaluate("window.celebgraph.ready")  # since navigation start, first graph laid out
    print(f"\n500 articles: {people} people, page {report.stat().st_size / 2**20:.1f} MiB, "
          f"ready after {ready_ms:.0f} ms, open {opened:.2f} s")
    assert page.problems == []
    assert ready_ms < 3000 and opened < 3
    # every person of the warehouse is in the page (the people table and the search reach them)
    assert page.evaluate("window.celebgraph.people") == people
    g = graph(page)
    labelled = [n for n in g["nodes"] if n["label"]]
    assert 20 <= len(labelled) <= min(150, FIRST_VIEW_PEOPLE) and len(labelled) == len(g["nodes"])
    # it opens on the people with the most relationships
    degree = dict(_all(warehouse, """select p, count(distinct o) from (
        select person_a_id p, person_b_id o from marts.relationships
        union all select person_b_id, person_a_id from marts.relationships) group by p"""))
    top = max(degree.values())
    hubs = [n["id"] for n in g["nodes"] if n["hub"]]
    assert hubs and degree[hubs[0]] == top
    assert {p for p, d in degree.items() if d == top} <= {n["id"] for n in g["nodes"]}
    # readable: every label inside the drawing and at most one in ten overlapping another
    assert labels_inside(g)
    overlapping = _overlapping([n["box"] for n in g["nodes"]])
    print(f"first view: {len(labelled)} labelled people, {overlapping} labels overlapping another")
    assert overlapping <= len(g["nodes"]) / 10, f"{overlapping} of {len(g['nodes'])} labels overlap"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report_500_first.png"))


def test_search_recentres_on_a_persons_network(browser, warehouse: Path, report: Path) -> None:  # noqa: ANN001, F811
    page = open_report(browser, report)
    first_view = {n["id"] for n in graph(page)["nodes"]}
    # someone well connected who is not in the first view
    candidates = _all(warehouse, """select p.person_id, p.name, p.mention_count, count(distinct o) as n from (
        select person_a_id p_id, person_b_id o from marts.relationships
        union all select person_b_id, person_a_id from marts.relationships) r
        join marts.people p on p.person_id = r.p_id
        group by all having n >= 3 order by n desc, p.mention_count desc""")
    person_id, name, *_ = next(c for c in candidates if c[0] not in first_view
                              and sum(1 for d in candidates if d[1] == c[1]) == 1)  # a name only they have
    neighbours = {r[0] for r in _all(warehouse, """select case when person_a_id = ? then person_b_id
        else person_a_id end from marts.relationships where ? in (person_a_id, person_b_id)""", [person_id, person_id])}
    search_and_centre(page, name)
    g = graph(page)
    assert g["centre"] == person_id
    drawn = {n["id"] for n in g["nodes"]}
    assert person_id in drawn and drawn - {person_id} <= neighbours
    assert len(drawn) == 1 + min(len(neighbours), EGO_TIES)
    assert labels_inside(g)
    assert page.locator("#person-panel h3").inner_text() == name
    assert page.locator("#person-panel .rel").count() == _all(
        warehouse, "select count(*) from marts.relationships where ? in (person_a_id, person_b_id)", [person_id])[0][0]
    # two hops reach further, clicking a neighbour shows them
    page.select_option("#hops", "2")
    assert len(graph(page)["nodes"]) > len(drawn)
    other = sorted(drawn - {person_id})[0]
    click_node(page, other)
    assert page.evaluate("window.celebgraph.state.selected") == other
    page.select_option("#hops", "1")
    search_and_centre(page, name)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "report_500_person.png"))
    page.locator("section").nth(1).screenshot(path=str(ARTIFACTS / "report_500_timeline.png"))
    assert page.problems == []
