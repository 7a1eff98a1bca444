"""`celebgraph person NAME`: one person's profile from the marts, for the terminal.

Columns are read by name and optional ones are shown only when the mart has them, so the profile keeps
working while the marts grow (e.g. relationships.started_on / ended_on).
"""

from __future__ import annotations

import difflib
import textwrap
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import duckdb

from celebgraph.readonly import columns_of, fetch_dicts

DIRECTED = {"parent_of"}


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


class PersonNotFound(LookupError):
    pass


@dataclass
class Profile:
    person: dict[str, Any]
    relationships: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)


def find_person(con: duckdb.DuckDBPyConnection, query: str) -> dict[str, Any]:
    """The person whose name, else whose alias, matches `query` (case and accents ignored)."""
    people = fetch_dicts(con, "select * from marts.people order by mention_count desc, name")
    wanted = fold(query)
    by_name = [p for p in people if fold(p["name"]) == wanted]
    if len(by_name) == 1:
        return by_name[0]
    by_alias = by_name or [p for p in people if wanted in {fold(a) for a in p.get("aliases") or []}]
    if len(by_alias) == 1:
        return by_alias[0]
    if len(by_alias) > 1:
        names = ", ".join(p["name"] for p in by_alias)
        raise PersonNotFound(f"{query!r} could be any of: {names}; give the full name")
    close = difflib.get_close_matches(wanted, {fold(p["name"]): p["name"] for p in people}, n=3, cutoff=0.6)
    names = {fold(p["name"]): p["name"] for p in people}
    hint = f"; did you mean {' or '.join(repr(names[c]) for c in close)}?" if close else \
        "; list people with `celebgraph summary` or `select name from marts.people`"
    raise PersonNotFound(f"no person named {query!r} in the warehouse{hint}")


def load_profile(con: duckdb.DuckDBPyConnection, query: str) -> Profile:
    person = find_person(con, query)
    pid = person["person_id"]
    relationships = fetch_dicts(
        con, "select * from marts.relationships where ? in (person_a_id, person_b_id) "
             "order by first_reported nulls last, relation_type, person_a, person_b", [pid])
    for rel in relationships:
        is_a = rel["person_a_id"] == pid
        rel["other"] = rel["person_b"] if is_a else rel["person_a"]
        rel["role"] = _role(rel["relation_type"], is_a)
    timeline = []
    if "timeline" in _tables(con):
        timeline = fetch_dicts(con, "select * from marts.timeline where list_contains(person_ids, ?) "
                                    "order by event_date, event_id", [pid])
    articles = fetch_dicts(
        con, """
        with mine as (
            select article_id, count(*) as mentions from marts.person_mentions where person_id = ?
            group by article_id
        ),
        stating as (
            select article_id, count(*) as statements from marts.relationship_evidence
            where ? in (person_a_id, person_b_id) group by article_id
        )
        select a.article_id, a.published_date, a.title, a.source_id,
               coalesce(mine.mentions, 0) as mentions, coalesce(stating.statements, 0) as statements
        from marts.articles a
        left join mine using (article_id)
        left join stating using (article_id)
        where mine.article_id is not null or stating.article_id is not null
        order by a.published_date desc nulls last, a.article_id
        """, [pid, pid])
    return Profile(person, relationships, timeline, articles)


def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}


def _role(relation_type: str, is_person_a: bool) -> str:
    if relation_type in DIRECTED:
        return "parent of" if is_person_a else "child of"
    return relation_type.replace("_", " ")


def _date_span(rel: dict[str, Any]) -> str:
    """Reported dates, plus started/ended (at their precision) when the mart carries them."""
    parts = []
    if rel.get("started_on") or rel.get("ended_on"):
        started = at_precision(rel.get("started_on"), rel.get("started_on_precision")) or "?"
        ended = at_precision(rel.get("ended_on"), rel.get("ended_on_precision")) or "now"
        parts.append(f"{started} to {ended}")
    first, last = rel.get("first_reported"), rel.get("last_reported")
    if first:
        parts.append(f"reported {first}" + (f" to {last}" if last and last != first else ""))
    return "; ".join(parts)


def render_profile(profile: Profile, evidence: bool = True) -> str:
    p = profile.person
    lines = [p["name"], "=" * len(p["name"])]
    if p.get("aliases"):
        lines.append(f"aliases:   {', '.join(p['aliases'])}")
    if p.get("age") is not None:
        lines.append(f"age:       {p['age']} (as of {p.get('age_as_of')})")
    if p.get("descriptors"):
        lines.append(f"described: {', '.join(p['descriptors'])}")
    mentions, articles = p.get("mention_count", 0), p.get("article_count", 0)
    lines.append(f"mentioned: {mentions} {'time' if mentions == 1 else 'times'} in {articles} "
                 f"{'article' if articles == 1 else 'articles'}"
                 + (f", {p['first_seen']} to {p['last_seen']}" if p.get("first_seen") else ""))
    lines += ["", f"Relationships ({len(profile.relationships)})"]
    for rel in profile.relationships:
        current = "" if rel.get("is_current", True) else ", ended"
        lines.append(f"  {rel['role']:10} {rel['other']:24} confidence {rel['confidence']:.2f}, "
                     f"{rel['article_count']} article(s){current}; {_date_span(rel)}")
        if evidence and rel.get("evidence"):
            sentence = "\u201c" + " ".join(rel["evidence"].split()) + "\u201d"
            lines += textwrap.wrap(sentence, width=110, initial_indent=" " * 13, subsequent_indent=" " * 14)
    if not profile.relationships:
        lines.append("  (none found)")
    lines += ["", f"Timeline ({len(profile.timeline)})"]
    for event in profile.timeline:
        others = [n for n in event.get("people") or [] if n != p["name"]]
        with_ = f" [with {', '.join(others)}]" if others else ""
        kind = (event.get("event_type") or "other").replace("_", " ")
        lines.append(f"  {_event_date(event):10} {kind:19} {_clip(event.get('description') or '', 80)}{with_}")
    if not profile.timeline:
        lines.append("  (no dated events)")
    lines += ["", f"Articles ({len(profile.articles)})"]
    for art in profile.articles:
        lines.append(f"  {str(art['published_date'] or 'undated'):10} {_clip(art['title'] or art['source_id'], 80)} "
                     f"({art['mentions']} mentions, {art['statements']} relation statements; {art['source_id']})")
    return "\n".join(lines) + "\n"


def _event_date(event: dict[str, Any]) -> str:
    return at_precision(event.get("event_date"), event.get("date_precision"))


def at_precision(value: object, precision: str | None) -> str:
    """A date as precise as it is known: 2019, 2019-10, wk 2023-10-02, 2023-10-05; '' for none.

    Also the run summary's "since" dates (celebgraph.cli), so that both commands write a date alike.
    """
    date = str(value or "")
    return {"year": date[:4], "month": date[:7], "week": f"wk {date}"}.get(precision or "", date) if date else ""


def _clip(text: str, width: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def optional_columns(con: duckdb.DuckDBPyConnection) -> set[str]:
    """Relationship columns beyond the original contract, for callers that want to show them."""
    return set(columns_of(con, "marts.relationships")) - {
        "person_a_id", "person_a", "person_b_id", "person_b", "relation_type", "confidence", "article_count",
        "first_reported", "last_reported", "evidence", "is_current"}
