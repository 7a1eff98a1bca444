"""`celebgraph report --out DIR`: one self-contained HTML page over the marts.

The page carries its data as embedded JSON and its code as inline JavaScript and CSS (no network needed
to view it): a searchable people table, a relationship graph (a small force layout over SVG; edges
coloured by relation type; click a person for their relationships and the sentences behind them), and
a timeline chart per person or pair.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
from pathlib import Path
from typing import Any

import duckdb

from celebgraph.readonly import columns_of, connect_read_only, fetch_dicts

log = logging.getLogger(__name__)
MAX_GRAPH_PEOPLE = 400  # the layout is O(n^2) per step; beyond this the graph shows the most-mentioned
RELATION_COLOURS = {
    "romantic": "#e8457c", "married": "#b0226a", "engaged": "#f08a24", "ex_partner": "#8a8f98",
    "parent_of": "#2f80ed", "sibling": "#27ae60", "relative": "#16a39a", "friend": "#f2c94c",
    "co_parent": "#8e5cd9",
}


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def _rows(con: duckdb.DuckDBPyConnection, table: str, wanted: list[str], order: str) -> list[dict[str, Any]]:
    """The wanted columns the mart has (plus nothing else), so a renamed or new column never breaks the page."""
    have = columns_of(con, table)
    cols = [c for c in wanted if c in have]
    order_by = [term for term in order.split(", ") if term.split()[0] in have]
    rows = fetch_dicts(con, f"select {', '.join(cols)} from {table}"
                            + (f" order by {', '.join(order_by)}" if order_by else ""))
    return [{k: _jsonable(v) for k, v in row.items()} for row in rows]


def collect(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    people = _rows(con, "marts.people", ["person_id", "name", "aliases", "age", "age_as_of", "mention_count",
                                          "article_count", "first_seen", "last_seen", "descriptors"],
                   "mention_count desc, name")
    relationships = _rows(con, "marts.relationships",
                          ["person_a_id", "person_a", "person_b_id", "person_b", "relation_type", "confidence",
                           "article_count", "first_reported", "last_reported", "started_on", "ended_on",
                           "evidence", "is_current"], "person_a_id, person_b_id, relation_type")
    evidence = _rows(con, "marts.relationship_evidence",
                     ["article_id", "person_a_id", "person_b_id", "relation_type", "sentence", "confidence",
                      "is_speculative", "published_date"], "published_date nulls last, article_id, start_char")
    articles = _rows(con, "marts.articles", ["article_id", "title", "published_date", "source_id"], "article_id")
    events = _rows(con, "marts.timeline", ["event_id", "event_date", "date_precision", "event_type", "description",
                                           "person_ids", "people", "source_count", "article_ids"],
                   "event_date, event_id")
    return {
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "people": people, "relationships": relationships, "evidence": evidence,
        "articles": {a["article_id"]: a for a in articles}, "events": events,
        "colours": RELATION_COLOURS, "max_graph_people": MAX_GRAPH_PEOPLE,
    }


def render_html(data: dict[str, Any]) -> str:
    # `</` inside a <script> would end it early: JSON allows the escaped form
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    template = (Path(__file__).with_name("report_template.html")).read_text(encoding="utf-8")
    return template.replace("__DATA__", payload)


def write_report(warehouse: Path, out_dir: Path) -> Path:
    with connect_read_only(warehouse) as con:
        data = collect(con)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(target)
    log.info("report: %d people, %d relationships, %d events -> %s", len(data["people"]),
             len(data["relationships"]), len(data["events"]), target)
    return target
