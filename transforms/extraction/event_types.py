"""What happened at a date: the event type of a date expression, read from the clause it sits in.

The types and their triggers are data (`event_types.toml`, documented in docs/event_types.md). A date's
clause is the path from the date up to its verb, plus the verb's objects, complements and particles (and
its subject under a light verb: "the wedding took place in June"). When that clause holds no trigger, the
clause above it is read ("the wedding, which took place in June"), up to two levels. The first type in the
file's order with a trigger in the clause wins; none makes `other`.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Span, Token

EVENT_TYPES_FILE = Path(__file__).with_name("event_types.toml")
OTHER = "other"
# the vocabulary of docs/event_types.md, in its priority order; the file must list exactly these (but other)
VOCABULARY = ("engaged", "married", "divorce_filed", "divorce_final", "split", "pregnancy_announced", "birth",
              "death", "dating_reported", "spotted_together", "legal", "statement", "career")
_TYPE_KEYS = {"name", "triggers", "examples", "counter_examples"}
_CLAUSE_KEYS = {"light_verbs", "announcing_verbs", "future_auxiliaries", "future_heads"}
_POS = {"NOUN", "VERB", "ADJ", "PROPN", "ADV"}
# children of the clause's verb whose words say what happened
_COMPLEMENT_DEPS = {"dobj", "attr", "acomp", "oprd", "xcomp", "prt", "agent", "dative", "prep", "pobj",
                    "npadvmod", "advmod", "dep", "pcomp"}
_SUBJECT_DEPS = {"nsubj", "nsubjpass"}
_OBJECT_DEPS = {"pobj", "dobj", "xcomp", "prt", "pcomp", "prep"}
_COMPLEMENT_DEPTH = 3
_NOUN_MODIFIER_DEPS = {"compound", "amod"}
_CLIMBS = 2
# a clause with no trigger is read on in the clause it completes ("decided to split", "set out to marry");
# not in the one it is a relative, adverbial or coordinated clause of, which tells of another happening
_CLIMB_DEPS = {"xcomp", "acomp", "auxpass", "aux"}


class EventTypesError(ValueError):
    """event_types.toml is malformed; the message names the entry."""


@dataclass(frozen=True)
class Trigger:
    words: tuple[tuple[str, str | None], ...]  # (lemma, part of speech or None), all required

    def found_in(self, clause: set[tuple[str, str]]) -> bool:
        return all(any(w == word and (pos is None or pos == p) for word, p in clause) for w, pos in self.words)


@dataclass(frozen=True)
class EventType:
    name: str
    triggers: tuple[Trigger, ...]
    examples: tuple[str, ...]
    counter_examples: tuple[str, ...]


@dataclass(frozen=True)
class EventTypes:
    types: tuple[EventType, ...]
    light_verbs: frozenset[str]
    announcing_verbs: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]


def _trigger(text: str, where: str) -> Trigger:
    words = []
    for piece in text.split():
        word, _, pos = piece.partition("/")
        if word != word.lower() or not word:
            raise EventTypesError(f"{where}: trigger {text!r} must be lower case")
        if pos and pos not in _POS:
            raise EventTypesError(f"{where}: trigger {text!r}: unknown part of speech {pos!r}")
        words.append((word, pos or None))
    return Trigger(tuple(words))


def _strings(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EventTypesError(f"{where}: expected a list of non-empty strings")
    return tuple(value)


def parse_event_types(data: dict) -> EventTypes:
    if set(data) != {"clause", "type"}:
        raise EventTypesError(f"event_types: expected the sections clause and type, got {sorted(data)}")
    clause = data["clause"]
    if set(clause) != _CLAUSE_KEYS:
        raise EventTypesError(f"clause: expected the keys {sorted(_CLAUSE_KEYS)}, got {sorted(clause)}")
    types: list[EventType] = []
    owner: dict[str, str] = {}  # one-word trigger -> its type: a word may trigger one type only
    for spec in data["type"]:
        name = spec.get("name")
        where = f"type {name!r}"
        if set(spec) != _TYPE_KEYS:
            raise EventTypesError(f"{where}: expected the keys {sorted(_TYPE_KEYS)}, got {sorted(spec)}")
        texts = _strings(spec["triggers"], f"{where}.triggers")
        if len(set(texts)) != len(texts):
            raise EventTypesError(f"{where}.triggers: listed twice: {sorted({t for t in texts if texts.count(t) > 1})}")
        for text in texts:
            if " " not in text and owner.setdefault(text, name) != name:
                raise EventTypesError(f"{where}: trigger {text!r} is already a {owner[text]} trigger")
        examples = _strings(spec["examples"], f"{where}.examples")
        counter = _strings(spec["counter_examples"], f"{where}.counter_examples")
        types.append(EventType(name, tuple(_trigger(t, where) for t in texts), examples, counter))
    names = tuple(t.name for t in types)
    if names != VOCABULARY:
        raise EventTypesError(f"event_types: the types must be {list(VOCABULARY)} in that order, got {list(names)}")
    return EventTypes(tuple(types), *(frozenset(_strings(clause[k], f"clause.{k}"))
                                      for k in ("light_verbs", "announcing_verbs", "future_auxiliaries",
                                                "future_heads")))


@lru_cache(maxsize=1)
def event_types() -> EventTypes:
    with EVENT_TYPES_FILE.open("rb") as fh:
        return parse_event_types(tomllib.load(fh))


def _is_verb(tok: Token) -> bool:
    return tok.pos_ in ("VERB", "AUX") or tok.tag_.startswith("VB")


def _words_of(tok: Token) -> set[tuple[str, str]]:
    """The token's lemma and its lower-case form, each with its part of speech, plus its noun modifiers
    ('date night', 'first date', 'baby bump')."""
    words = {(tok.lemma_.lower(), tok.pos_), (tok.lower_, tok.pos_)}
    for child in tok.children:
        if child.dep_ in _NOUN_MODIFIER_DEPS:
            words |= {(child.lemma_.lower(), child.pos_), (child.lower_, child.pos_)}
    return words


def _clause_words(verb: Token, start: Token, rules: EventTypes) -> set[tuple[str, str]]:
    """The words of the path from `start` up to `verb`, and of the verb's complements."""
    words: set[tuple[str, str]] = set()
    tok = start
    while tok.i != verb.i and tok.head.i != tok.i:
        words |= _words_of(tok)
        tok = tok.head
    words |= _words_of(verb)
    light = verb.lemma_.lower() in rules.light_verbs
    announcing = verb.lemma_.lower() in rules.announcing_verbs
    for child in verb.children:
        if announcing and child.dep_ == "ccomp":  # "announced that she is pregnant": what was announced
            words |= _clause_words(child, child, rules)
        elif child.dep_ == "ccomp" and any(c.lower_ == "it" and c.dep_ in _SUBJECT_DEPS for c in child.children):
            words |= _words_of(child)  # a small clause on 'it': "called it quits"
        elif child.dep_ in _COMPLEMENT_DEPS or light and child.dep_ in _SUBJECT_DEPS:
            words |= _complement_words(child, _COMPLEMENT_DEPTH)
    return words


def _complement_words(tok: Token, depth: int) -> set[tuple[str, str]]:
    """A complement's words and those of its own objects, down `depth` levels: "filed for divorce",
    "decided to split", "announced the news of their split"."""
    words = _words_of(tok)
    if depth > 0:
        for child in tok.children:
            if child.dep_ in _OBJECT_DEPS:
                words |= _complement_words(child, depth - 1)
    return words


def _verb_above(tok: Token) -> Token:
    """The nearest verb at or above the token; the sentence root when there is none."""
    while not _is_verb(tok) and tok.head.i != tok.i:
        tok = tok.head
    return tok


def event_type_of(span: Span) -> str:
    """The type of the event the date expression `span` dates."""
    rules = event_types()
    start = span.root
    for _ in range(_CLIMBS + 1):
        verb = _verb_above(start.head)
        words = _clause_words(verb, start, rules)
        if verb.dep_ == "relcl":  # "the wedding, which took place in June": the noun it tells of
            words |= _words_of(verb.head)
        for event_type in rules.types:
            if any(trigger.found_in(words) for trigger in event_type.triggers):
                return event_type.name
        if verb.head.i == verb.i or verb.dep_ not in _CLIMB_DEPS:
            break
        start = verb
    return OTHER


def is_future(span: Span) -> bool:
    """The date's verb is a plan or a future: 'will marry next June', 'are set to wed in May'."""
    rules = event_types()
    verb = _verb_above(span.root.head)
    if any(child.dep_ == "aux" and child.lower_ in rules.future_auxiliaries for child in verb.children):
        return True
    return verb.dep_ in ("xcomp", "acomp") and verb.head.lower_ in rules.future_heads
