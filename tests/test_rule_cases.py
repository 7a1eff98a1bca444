"""The rule table: every sentence case in transforms/extraction/rule_cases.toml, run through the real model.

Each case names the rule (rules.toml) or the context step ("coref", "person", "family.married_name") it
exercises, the relations a careful reader takes from the text (`expect`), those that must not come out
(`forbid`) and, with `only = true`, that nothing else may. co_parent is read as the warehouse derives it:
two parent_of facts of one article that share a child. A case the rules cannot do yet says why in
`known_gap` and runs as a strict xfail, so it fails loudly the day it starts passing.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from transforms.extraction import extract_article, fold
from transforms.extraction.facts import RelationType
from transforms.extraction.rules import ruleset

CASES_FILE = Path(__file__).resolve().parent.parent / "transforms" / "extraction" / "rule_cases.toml"
CONTEXT_STEPS = {"coref", "person", "family.married_name"}
_CASE_KEYS = {"rule", "text", "expect", "forbid", "only", "known_gap"}


def _load() -> list[dict]:
    with CASES_FILE.open("rb") as fh:
        return tomllib.load(fh)["case"]


CASES = _load()
Rel = tuple[str, frozenset[str] | tuple[str, str]]


def _parse(entry: str) -> tuple[str, str, str]:
    rtype, _, pair = entry.partition(":")
    a, _, b = pair.partition("|")
    return rtype.strip(), a.strip(), b.strip()


def _rel(rtype: str, a: str, b: str) -> Rel:
    return (rtype, (a, b)) if rtype == "parent_of" else (rtype, frozenset((a, b)))


def _extracted(facts) -> set[Rel]:  # noqa: ANN001 - ArticleFacts
    rels = {_rel(r.relation_type, r.person_a, r.person_b) for r in facts.relations if not r.is_negated}
    parents: dict[str, set[str]] = {}
    for rtype, pair in rels:
        if rtype == "parent_of":
            parents.setdefault(pair[1], set()).add(pair[0])
    for ps in parents.values():  # as int_co_parents derives it
        ordered = sorted(ps)
        rels |= {_rel("co_parent", a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :]}
    return rels


def _key_of(facts, name: str) -> str:  # noqa: ANN001 - ArticleFacts
    if fold(name) in facts.people:
        return fold(name)
    for key, person in facts.people.items():
        if name == person.name or name in person.aliases:
            return key
    return f"<not found: {name}>"


def test_the_table_is_well_formed() -> None:
    rules = set(ruleset().by_name())
    assert len(CASES) >= 150
    for case in CASES:
        assert set(case) <= _CASE_KEYS, case
        assert case["rule"] in rules | CONTEXT_STEPS, case["rule"]
        for entry in case.get("expect", []) + case.get("forbid", []):
            rtype, a, b = _parse(entry)
            RelationType(rtype)
            # every word of each name is written ('Mira, Tess and Juno Calloway' names Mira Calloway)
            assert all(w in case["text"] for w in f"{a} {b}".split()), entry
    counter = {c["rule"] for c in CASES if c.get("forbid") or (c.get("only") and not c.get("expect"))}
    assert rules <= {c["rule"] for c in CASES}, "every rule has examples"
    assert rules <= counter, f"rules without a counter-example: {sorted(rules - counter)}"


def _id(case: dict) -> str:
    return f"{case['rule']}: {case['text'][:60]}"


@pytest.mark.parametrize("case", [
    pytest.param(c, id=_id(c), marks=[pytest.mark.xfail(reason=c["known_gap"], strict=True)] if "known_gap" in c
                 else []) for c in CASES])
def test_rule_case(nlp, case: dict) -> None:  # noqa: ANN001 - spaCy Language
    facts = extract_article(nlp(case["text"]), dt.date(2023, 10, 10))
    got = _extracted(facts)
    expected = set()
    for entry in case.get("expect", []):
        rtype, a, b = _parse(entry)
        expected.add(_rel(rtype, _key_of(facts, a), _key_of(facts, b)))
    forbidden = set()
    for entry in case.get("forbid", []):
        rtype, a, b = _parse(entry)
        forbidden.add(_rel(rtype, _key_of(facts, a), _key_of(facts, b)))
    missing, wrong = expected - got, got & forbidden
    extra = got - expected if case.get("only") else set()
    assert not (missing or wrong or extra), f"missing {missing}, forbidden {wrong}, extra {extra}"
