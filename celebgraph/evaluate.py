"""Score a built warehouse against gold annotations: precision, recall and F1 for people, relationships and
timeline events per article, plus people-dedup errors across the whole warehouse.

Reads only the public mart contract (marts.people, person_mentions, relationship_evidence, timeline,
timeline_evidence, articles), as a user would. Two gold layouts are accepted:

- per article: ``{"articles": [{"id", "published", "people", "not_people", "relationships", "timeline"}]}``;
- the samples layout (``expected.json``): global ``people`` / ``relationships`` lists whose ``in`` names the
  articles by file prefix, and ``timeline`` rows whose ``from`` maps a prefix to the expression.

Matching follows the rules of the shared acceptance scorer: a system person matches a gold person by
normalised name, or when one side's name is an alias of the other; ``optional`` gold rows are neither required
nor penalised; co_parent is left out of relationship scoring (it is derived, not stated); events marked
``future`` are not scored.
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

SYMMETRIC_TYPES = {"romantic", "married", "engaged", "ex_partner", "sibling", "relative", "friend", "co_parent"}


def normalise_name(text: str) -> str:
    """Accents off, lowercase, a trailing possessive off, punctuation to spaces."""
    text = unicodedata.normalize("NFKD", text or "")
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("\u2019", "'").lower()
    if text.endswith("'s"):
        text = text[:-2]
    return " ".join("".join(c if c.isalnum() else " " for c in text).split())


def date_key(value: object, precision: str) -> str:
    if value is None:
        return ""
    text = str(value)[:10]
    return {"year": text[:4], "month": text[:7]}.get(precision, text)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class GoldArticle:
    article_id: str
    people: list[dict[str, Any]]
    relationships: list[dict[str, Any]]
    timeline: list[dict[str, Any]]
    not_people: list[str] = field(default_factory=list)


def load_gold(path: Path) -> list[GoldArticle]:
    """Read either gold layout into per-article rows; raise ValueError on anything else."""
    try:
        gold = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read gold file {path}: {exc}") from exc
    articles = gold.get("articles") if isinstance(gold, dict) else None
    if not isinstance(articles, list) or not articles:
        raise ValueError(f"gold file {path} has no 'articles' list")
    if all("id" in a and "people" in a for a in articles):
        return [GoldArticle(str(a["id"]), a["people"], a.get("relationships", []), a.get("timeline", []),
                            a.get("not_people", [])) for a in articles]
    if all("file" in a for a in articles) and "people" in gold:
        return _from_samples_layout(gold)
    raise ValueError(f"gold file {path}: articles need either 'id' and 'people', or 'file' (samples layout)")


def _from_samples_layout(gold: dict[str, Any]) -> list[GoldArticle]:
    out = []
    for article in gold["articles"]:
        file_name = str(article["file"])
        prefix = file_name.split("_", 1)[0]

        def here(row: dict[str, Any], prefix: str = prefix) -> bool:
            return prefix in row.get("in", [])

        timeline = [{**event, "expression": event["from"][prefix]} for event in gold.get("timeline", [])
                    if prefix in event.get("from", {})]
        out.append(GoldArticle(file_name.rsplit(".", 1)[0], [p for p in gold["people"] if here(p)],
                               [r for r in gold.get("relationships", []) if here(r)], timeline,
                               gold.get("not_people", [])))
    return out


@dataclass
class SystemView:
    """The marts, read once, indexed by article."""

    people: dict[str, dict[str, Any]]
    article_for_source: dict[str, str]
    mentioned: dict[str, set[str]]
    relations: dict[str, set[tuple[str, str, str]]]
    events: dict[str, list[tuple[str, str, frozenset[str], str | None]]]  # date, precision, people, type

    @classmethod
    def read(cls, warehouse: Path) -> SystemView:
        if not Path(warehouse).exists():
            raise FileNotFoundError(f"no warehouse at {warehouse}; run `celebgraph run` first")
        con = duckdb.connect(str(warehouse), read_only=True)
        try:
            rows = con.execute("select person_id, name, aliases from marts.people").fetchall()
            people = {pid: {"name": name, "aliases": list(aliases or [])} for pid, name, aliases in rows}
            article_for_source: dict[str, str] = {}
            for article_id, source_id in con.execute("select article_id, source_id from marts.articles").fetchall():
                base = str(source_id).rsplit("/", 1)[-1]
                for key in (str(source_id), base, base.rsplit(".", 1)[0]):
                    article_for_source[key] = article_id
            mentioned: dict[str, set[str]] = defaultdict(set)
            for article_id, pid in con.execute(
                    "select distinct article_id, person_id from marts.person_mentions").fetchall():
                mentioned[article_id].add(pid)
            relations: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
            for row in con.execute("select distinct article_id, person_a_id, person_b_id, relation_type "
                                   "from marts.relationship_evidence").fetchall():
                relations[row[0]].add((row[1], row[2], row[3]))
            events: dict[str, list[tuple[str, str, frozenset[str], str | None]]] = defaultdict(list)
            columns = {r[0] for r in con.execute("select column_name from duckdb_columns() "
                                                  "where schema_name = 'marts' and table_name = 'timeline'").fetchall()}
            event_type = "t.event_type" if "event_type" in columns else "null"  # a warehouse built before types
            for article_id, _event_id, day, precision, pids, etype in con.execute(
                    "select distinct e.article_id, t.event_id, t.event_date, t.date_precision, t.person_ids, "
                    f"{event_type} from marts.timeline_evidence e join marts.timeline t using (event_id)").fetchall():
                events[article_id].append((date_key(day, precision), precision, frozenset(pids or []), etype))
        finally:
            con.close()
        return cls(people, article_for_source, mentioned, relations, events)


def _match_people(gold_people: list[dict[str, Any]], candidates: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Greedy one-to-one: exact names first, then alias on either side. Returns gold name -> person_id."""
    matched: dict[str, str] = {}
    taken: set[str] = set()

    def names(person: dict[str, Any]) -> set[str]:
        return {normalise_name(a) for a in person.get("aliases", [])}

    for exact in (True, False):
        for gold_person in gold_people:
            if gold_person["name"] in matched:
                continue
            gold_key = normalise_name(gold_person["name"])
            gold_words = set(gold_key.split())
            # deterministic, and an alias match prefers the row whose name shares words with the gold name
            ordered = sorted(candidates.items(), key=lambda item: (
                -len(gold_words & set(normalise_name(item[1]["name"]).split())), item[0]))
            for pid, person in ordered:
                if pid in taken:
                    continue
                sys_key = normalise_name(person["name"])
                hit = sys_key == gold_key if exact else (sys_key in names(gold_person) or gold_key in names(person))
                if hit:
                    matched[gold_person["name"]] = pid
                    taken.add(pid)
                    break
    return matched


def _pair_key(rtype: str, a: str, b: str) -> tuple[str, str, str]:
    return (rtype, *sorted((a, b))) if rtype in SYMMETRIC_TYPES else (rtype, a, b)  # type: ignore[return-value]


def _distinct_people(gold_names: set[str]) -> bool:
    """Two gold names for one row are two people unless one is a shorter form of the other: gold files written
    article by article may call the same man 'Kanye' in one and 'Kanye West' in the next."""
    words = [set(name.split()) for name in gold_names]
    return any(not (a <= b or b <= a) for i, a in enumerate(words) for b in words[i + 1 :])


def evaluate(warehouse: Path, gold_path: Path) -> dict[str, Any]:
    """Score the warehouse; returns figures and the per-article errors behind them."""
    gold = load_gold(gold_path)
    view = SystemView.read(warehouse)
    people, relations, timeline = Score(), Score(), Score()
    typed_matches = typed_right = 0  # required gold events with a type that an event matched; its type right
    errors: list[dict[str, Any]] = []
    gold_rows_of_person: dict[str, set[str]] = defaultdict(set)  # gold name -> system person ids
    gold_people_of_row: dict[str, set[str]] = defaultdict(set)  # system person id -> gold names
    split_in_article: list[str] = []
    missing_articles: list[str] = []

    def name_of(pid: str) -> str:
        return view.people.get(pid, {"name": pid.lstrip("?")})["name"]

    for article in gold:
        article_id = view.article_for_source.get(article.article_id)
        if article_id is None:
            missing_articles.append(article.article_id)
            continue
        candidates = {pid: view.people[pid] for pid in view.mentioned.get(article_id, set()) if pid in view.people}
        matched = _match_people(article.people, candidates)
        for gold_name, pid in matched.items():
            gold_rows_of_person[normalise_name(gold_name)].add(pid)
            gold_people_of_row[pid].add(normalise_name(gold_name))
        required = [p for p in article.people if not p.get("optional")]
        extra = [pid for pid in candidates if pid not in matched.values()]
        missing = [p["name"] for p in required if p["name"] not in matched]
        people.tp += len(required) - len(missing)
        people.fp += len(extra)
        people.fn += len(missing)
        # an unmatched row named like a matched gold person's alias is one person split in two
        for pid in extra:
            key = normalise_name(view.people[pid]["name"])
            for gold_person in article.people:
                forms = {normalise_name(n) for n in [gold_person["name"], *gold_person.get("aliases", [])]}
                if gold_person["name"] in matched and key in forms:
                    split_in_article.append(f"{article.article_id}: {view.people[pid]['name']!r} apart from "
                                            f"{name_of(matched[gold_person['name']])!r}")

        def gold_key(row: dict[str, Any], matched: dict[str, str] = matched) -> tuple[str, str, str]:
            return _pair_key(row["type"], matched.get(row["a"], "?" + row["a"]), matched.get(row["b"], "?" + row["b"]))

        gold_required = {gold_key(r) for r in article.relationships
                         if not r.get("optional") and r["type"] != "co_parent"}
        gold_optional = {gold_key(r) for r in article.relationships if r.get("optional")}
        system = {_pair_key(t, a, b) for a, b, t in view.relations.get(article_id, set()) if t != "co_parent"}
        relations.tp += len(gold_required & system)
        relations.fp += len(system - gold_required - gold_optional)
        relations.fn += len(gold_required - system)

        events = view.events.get(article_id, [])
        used: set[int] = set()
        missed_events, found = [], 0
        wrong_types: list[str] = []
        for event in (e for e in article.timeline if not e.get("future")):
            wanted = {matched.get(n) for n in event["people"]} - {None}
            hits = [i for i, (day, precision, pids, _type) in enumerate(events)
                    if day == event["date"] and precision == event["precision"] and wanted <= pids]
            used.update(hits)
            if event.get("optional"):
                continue
            if hits:
                found += 1
                if event.get("type"):
                    given = {str(events[i][3]) for i in hits}
                    typed_matches += 1
                    if event["type"] in given:
                        typed_right += 1
                    else:
                        wrong_types.append(f"{event['date']} {', '.join(sorted(given))} for {event['type']}")
            else:
                missed_events.append(f"{event['date']} {event.get('what', '')}".strip())
        timeline.tp += found
        timeline.fn += len(missed_events)
        spurious = [events[i] for i in range(len(events)) if i not in used]
        timeline.fp += len(spurious)

        problems: dict[str, Any] = {}
        if missing:
            problems["people_missing"] = missing
        if extra:
            problems["people_extra"] = sorted(view.people[p]["name"] for p in extra)
        if gold_required - system:
            problems["relationships_missing"] = sorted(f"{name_of(a)} -{t}- {name_of(b)}"
                                                      for t, a, b in gold_required - system)
        if system - gold_required - gold_optional:
            problems["relationships_extra"] = sorted(f"{name_of(a)} -{t}- {name_of(b)}"
                                                    for t, a, b in system - gold_required - gold_optional)
        if missed_events:
            problems["events_missing"] = missed_events
        if spurious:
            problems["events_extra"] = sorted(f"{d} ({p}) {', '.join(sorted(name_of(x) for x in pids))}"
                                              for d, p, pids, _type in spurious)
        if wrong_types:
            problems["event_types_wrong"] = wrong_types
        if problems:
            errors.append({"article": article.article_id, **problems})

    split = sorted(f"{gold_name}: {len(pids)} rows ({', '.join(sorted(name_of(p) for p in pids))})"
                   for gold_name, pids in gold_rows_of_person.items() if len(pids) > 1) + split_in_article
    merged = sorted(f"{name_of(pid)}: {', '.join(sorted(names))}"
                    for pid, names in gold_people_of_row.items() if _distinct_people(names))
    return {"articles_scored": len(gold) - len(missing_articles), "articles_missing": missing_articles,
            "people": people.as_dict(), "relationships": relations.as_dict(), "timeline": timeline.as_dict(),
            "event_types": {"matched": typed_matches, "right": typed_right,
                            "accuracy": round(typed_right / typed_matches, 3) if typed_matches else None},
            "dedup": {"split_people": len(split), "merged_people": len(merged), "split": split, "merged": merged},
            "errors": errors}


def format_report(result: dict[str, Any], verbose: bool = False) -> str:
    lines = [f"articles scored: {result['articles_scored']}"
             + (f" (missing from the warehouse: {', '.join(result['articles_missing'])})"
                if result["articles_missing"] else ""),
             f"{'':15}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>6}{'fp':>6}{'fn':>6}"]
    for part in ("people", "relationships", "timeline"):
        s = result[part]
        lines.append(f"{part:15}{s['precision']:>10.3f}{s['recall']:>8.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>6}{s['fp']:>6}{s['fn']:>6}")
    types = result.get("event_types") or {}
    if types.get("matched"):
        lines.append(f"event types: {types['right']} of {types['matched']} matched events right "
                     f"({types['accuracy']:.3f})")
    dedup = result["dedup"]
    lines.append(f"dedup errors: {dedup['split_people']} people split into several rows, "
                 f"{dedup['merged_people']} rows merging distinct people")
    if verbose:
        for kind in ("split", "merged"):
            lines.extend(f"  {kind}: {row}" for row in dedup[kind])
        for article in result["errors"]:
            lines.append(f"- {article['article']}")
            for key, values in article.items():
                if key != "article":
                    lines.append(f"    {key}: {'; '.join(values)}")
    return "\n".join(lines)
