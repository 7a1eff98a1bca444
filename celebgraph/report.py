"""`celebgraph report --out DIR`: one self-contained HTML page over the marts.

The page carries its data as embedded JSON and its code as inline JavaScript and CSS (no network needed
to view it): a relationship graph drawn with Cytoscape.js and its fcose layout (vendored in
celebgraph/vendor/, inlined at render time), a person panel with the sentences behind each relationship,
a timeline chart per person or pair, and a searchable people table.

The graph never draws the whole warehouse: it opens on the people with the most relationships and their
strongest ties, and a search recentres it on one person's network (one or two hops). On a big warehouse
the page embeds everyone in a relationship plus the most-mentioned others up to MAX_EMBEDDED_PEOPLE, and,
past MAX_SENTENCES, each relationship's most confident sentences only; the page says what it left out.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import logging
import re
from pathlib import Path
from typing import Any

import duckdb

from celebgraph.readonly import columns_of, connect_read_only, fetch_dicts

log = logging.getLogger(__name__)
VENDOR = Path(__file__).with_name("vendor")
# Cytoscape.js 3.34.4 and its fcose layout 2.2.0 with the two libraries it builds on (all MIT, from npm;
# versions and checksums in vendor/README.md), in the order they must load
VENDOR_SCRIPTS = ("cytoscape.min.js", "layout-base.js", "cose-base.js", "cytoscape-fcose.js")
MAX_EMBEDDED_PEOPLE = 15_000  # plus anyone in a relationship: past this the page gets slow to open
MAX_SENTENCES = 20_000  # past this many sentences in all, each relationship keeps its most confident
MAX_SENTENCES_PER_RELATIONSHIP = 5
FIRST_VIEW_PEOPLE = 72  # the opening graph: the most-related people and their neighbours, all labelled
FIRST_VIEW_TIES = 10  # neighbours per person in it, the strongest ties (most articles) first
EGO_TIES = 50  # a person's network draws their strongest ties, this many at most
MAX_VIEW_PEOPLE = 120  # and with the second hop (which can be thousands) this many people in all
LOW_CONFIDENCE = 0.5  # timeline rows below it are folded away until asked for
TIMELINE_ROWS = 30  # and so are those past this many, the best reported kept
RELATION_COLOURS = {
    "romantic": "#e8457c", "married": "#b0226a", "engaged": "#f08a24", "ex_partner": "#8a8f98",
    "parent_of": "#2f80ed", "sibling": "#27ae60", "relative": "#16a39a", "friend": "#d4a514",
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


def _rows(con: duckdb.DuckDBPyConnection, table: str, wanted: list[str], order: str,
          qualify: str | None = None) -> list[dict[str, Any]]:
    """The wanted columns the mart has (plus nothing else), so a renamed or new column never breaks the page."""
    have = columns_of(con, table)
    cols = [c for c in wanted if c in have]
    order_by = [term for term in order.split(", ") if term.split()[0] in have]
    rows = fetch_dicts(con, f"select {', '.join(cols)} from {table}" + (f" qualify {qualify}" if qualify else "")
                            + (f" order by {', '.join(order_by)}" if order_by else ""))
    return [{k: _jsonable(v) for k, v in row.items()} for row in rows]


def _embedded_people(people: list[dict[str, Any]], relationships: list[dict[str, Any]],
                     limit: int) -> list[dict[str, Any]]:
    """Everyone in a relationship (the graph needs them), then the most-mentioned others up to `limit`;
    `people` comes most-mentioned first and keeps its order."""
    related = {r[k] for r in relationships for k in ("person_a_id", "person_b_id")}
    room = max(0, limit - len(related))
    kept = []
    for person in people:
        if person["person_id"] in related:
            kept.append(person)
        elif room:
            kept.append(person)
            room -= 1
    return kept


def collect(con: duckdb.DuckDBPyConnection, max_people: int = MAX_EMBEDDED_PEOPLE,
            max_sentences: int = MAX_SENTENCES) -> dict[str, Any]:
    all_people = _rows(con, "marts.people", ["person_id", "name", "aliases", "age", "age_as_of", "mention_count",
                                              "article_count", "first_seen", "last_seen", "descriptors"],
                       "mention_count desc, name, person_id")
    relationships = _rows(con, "marts.relationships",
                          ["person_a_id", "person_a", "person_b_id", "person_b", "relation_type", "confidence",
                           "article_count", "first_reported", "last_reported", "started_on", "ended_on",
                           "started_on_precision", "ended_on_precision", "evidence", "is_current"],
                          "person_a_id, person_b_id, relation_type")
    people = _embedded_people(all_people, relationships, max_people)
    kept = {p["person_id"] for p in people}
    evidence_total = con.execute("select count(*) from marts.relationship_evidence").fetchone()[0]
    per_relationship = MAX_SENTENCES_PER_RELATIONSHIP if evidence_total > max_sentences else None
    most_confident = (f"row_number() over (partition by person_a_id, person_b_id, relation_type order by confidence "
                      f"desc, published_date nulls last, article_id) <= {per_relationship}")
    evidence = _rows(con, "marts.relationship_evidence",
                     ["article_id", "person_a_id", "person_b_id", "relation_type", "sentence", "confidence",
                      "is_speculative", "published_date"], "published_date nulls last, article_id, start_char",
                     qualify=most_confident if per_relationship else None)
    all_events = _rows(con, "marts.timeline", ["event_id", "event_date", "date_precision", "event_type",
                                               "description", "person_ids", "people", "source_count",
                                               "article_ids"], "event_date, event_id")
    events = [e for e in all_events if kept.intersection(e.get("person_ids") or [])]
    cited = {e["article_id"] for e in evidence}
    articles = [a for a in _rows(con, "marts.articles", ["article_id", "title", "published_date", "source_id"],
                                 "article_id") if a["article_id"] in cited]
    article_total = con.execute("select count(*) from marts.articles").fetchone()[0]
    return {
        "generated_at": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "people": people, "relationships": relationships, "evidence": evidence,
        "articles": {a["article_id"]: a for a in articles}, "events": events,
        "totals": {"people": len(all_people), "articles": article_total, "evidence": evidence_total,
                   "events": len(all_events)},
        "limits": {"sentences_per_relationship": per_relationship, "first_view": FIRST_VIEW_PEOPLE,
                   "first_view_ties": FIRST_VIEW_TIES, "ego_ties": EGO_TIES, "max_view": MAX_VIEW_PEOPLE,
                   "low_confidence": LOW_CONFIDENCE, "timeline_rows": TIMELINE_ROWS},
        "colours": RELATION_COLOURS,
    }


def _script_safe(source: str, what: str) -> str:
    # `</script` would end the inline script early, `<!--` and `<script` change how HTML parses it
    if re.search(r"</script|<!--|<script", source, re.IGNORECASE):
        raise ValueError(f"{what} cannot be inlined into a <script> as it is")
    return source


def render_html(data: dict[str, Any]) -> str:
    # in the JSON, `<` only appears inside strings, where the escaped form means the same
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).replace("<", "\\u003c")
    scripts = [_script_safe((VENDOR / name).read_text(encoding="utf-8"), name) for name in VENDOR_SCRIPTS]
    parts = {"__DATA__": payload, "__VENDOR_SCRIPTS__": "\n;\n".join(scripts)}
    template = (Path(__file__).with_name("report_template.html")).read_text(encoding="utf-8")
    # one pass, so that nothing inserted is searched for markers again
    return re.sub("|".join(parts), lambda m: parts[m.group(0)], template)


def write_report(warehouse: Path, out_dir: Path) -> Path:
    with connect_read_only(warehouse) as con:
        data = collect(con)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "index.html"
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_text(render_html(data), encoding="utf-8")
    tmp.replace(target)
    log.info("report: %d of %d people, %d relationships, %d events -> %s", len(data["people"]),
             data["totals"]["people"], len(data["relationships"]), len(data["events"]), target)
    return target
