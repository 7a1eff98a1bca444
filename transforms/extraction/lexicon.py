"""The extraction's word lists, loaded from `lexicon.toml` and validated on load.

Every set the rules read is derived here from the one file: the relation nouns carry their type, role,
gender and number, and the kinship words, gendered nouns and group nouns are computed from them rather
than kept by hand. A typo in the file (an unknown key, type, role or a word in a gender list that is not
one of the nouns) fails at start-up with the entry named.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from wordfreq import zipf_frequency

from transforms.extraction.facts import RelationType

LEXICON_FILE = Path(__file__).with_name("lexicon.toml")

# Zipf frequency (log10 per billion words) from which an English word is common. 'celebrate' 4.5, 'parole'
# 3.8, 'story' 5.5 are common; 'liev' 2.1, 'schreiber' 2.7, 'truman' 3.6 are not.
COMMON_WORD_ZIPF = 3.7
# A lone capitalised word this common needs more than the PERSON label to be a person: 'Story', 'Split'.
VERY_COMMON_WORD_ZIPF = 4.6

ROLES = {"sym", "parent", "child"}
_NOUN_GROUP_KEYS = {"type", "role", "words", "female", "male", "plural"}
_SECTIONS = {"relation_nouns", "group_nouns", "partnership_nouns", "modifiers", "people", "cues", "events",
             "not_people"}
_MODIFIER_KEYS = {"former", "ended", "planned", "unrealised", "not_kin", "needs_possessor", "colleagues",
                  "married_group",
                  "engaged_group"}
_PEOPLE_KEYS = {"female_nouns", "male_nouns", "role_nouns", "occupations", "job_titles", "adult_role_nouns",
                "plural_refs", "group_refs", "relation_words_also_verbs", "speech_lemmas", "honorifics",
                "given_name_titles", "royal_titles", "surname_honorifics", "particles", "demonyms", "suffixes",
                "not_name_words", "never_in_name", "never_first_in_name", "work_nouns", "title_nouns",
                "leading_noise", "institution_nouns", "animal_nouns", "photo_agencies", "screen_nouns",
                "fashion_nouns", "play_lemmas", "casting_verbs", "role_with_as_lemmas", "role_with_as_verbs",
                "fiction_page_words", "real_life_words", "not_kinship_slot", "predicates", "personal_nouns",
                "slot_words", "slot_from", "slot_to", "slot_with", "sibling_cues",
                "role_cue_lemmas", "thing_nouns", "series_words"}
_CUE_KEYS = {"speculation", "denial", "hypothetical", "reconciled", "terminators", "negating_nouns"}


class LexiconError(ValueError):
    """The lexicon file is malformed; the message names the entry."""


@dataclass(frozen=True)
class RelationNoun:
    """A noun that states a relation between its owner and the person it names: 'his wife, Rita'."""

    word: str
    type: RelationType
    role: str  # sym | parent | child
    gender: str | None  # 'f' | 'm' | None
    plural: bool
    group: str  # the [relation_nouns.<group>] it is listed under: what rules.toml's `nouns` name

    @property
    def tokens(self) -> tuple[str, ...]:
        """The tokenizer's pieces: 'ex-wife' -> ('ex', '-', 'wife'), 'best friend' -> ('best', 'friend')."""
        return tuple(self.word.replace("-", " - ").split())

    @property
    def head_index(self) -> int:
        """Which token heads the noun phrase: the last ('ex-wife', 'baby girl'), or the first of an
        '-in-law' or '-to-be' compound ('sister-in-law', 'wife-to-be')."""
        toks = self.tokens
        if self.word.endswith(("-in-law", "-to-be")):
            return 0
        return len(toks) - 1


@dataclass(frozen=True)
class Lexicon:
    relation_nouns: dict[str, RelationNoun]
    group_nouns: dict[str, RelationType]
    partnership_nouns: dict[str, tuple[RelationType, float]]
    modifiers: dict[str, frozenset[str]]
    people: dict[str, frozenset[str]]
    cues: dict[str, frozenset[str]]
    work_words: frozenset[str]
    occasion_words: frozenset[str]
    not_people: frozenset[str]

    # --- derived sets -----------------------------------------------------------------------------------
    @property
    def kin_nouns(self) -> frozenset[str]:
        """One-token relation nouns (and their heads): a capitalised word right after one is a person."""
        heads = {n.tokens[n.head_index] for n in self.relation_nouns.values() if len(n.tokens) == 1}
        return frozenset(heads - self.people["not_kinship_slot"])

    def gender_of_noun(self, word: str) -> str | None:
        noun = self.relation_nouns.get(word)
        if noun is not None and noun.gender:
            return noun.gender
        if word in self.people["female_nouns"]:
            return "f"
        if word in self.people["male_nouns"]:
            return "m"
        return None


def _words(value: object, where: str) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise LexiconError(f"{where}: expected a list of non-empty strings")
    bad = [w for w in value if w != w.lower()]
    if bad:
        raise LexiconError(f"{where}: entries must be lower case: {bad[:3]}")
    return frozenset(value)


def _relation_type(value: object, where: str) -> RelationType:
    try:
        return RelationType(value)
    except ValueError:
        raise LexiconError(f"{where}: unknown relation type {value!r}") from None


def _unknown(keys: set[str], allowed: set[str], where: str) -> None:
    if keys - allowed:
        raise LexiconError(f"{where}: unknown keys {sorted(keys - allowed)}")


def parse_lexicon(data: dict) -> Lexicon:
    _unknown(set(data), _SECTIONS, "lexicon")
    nouns: dict[str, RelationNoun] = {}
    for group, spec in data["relation_nouns"].items():
        where = f"relation_nouns.{group}"
        _unknown(set(spec), _NOUN_GROUP_KEYS, where)
        rtype = _relation_type(spec.get("type", group), where)
        role = spec.get("role")
        if role not in ROLES:
            raise LexiconError(f"{where}: role must be one of {sorted(ROLES)}, got {role!r}")
        words = _words(spec["words"], f"{where}.words")
        marks = {k: _words(spec.get(k, []), f"{where}.{k}") for k in ("female", "male", "plural")}
        for key, marked in marks.items():
            if marked - words:
                raise LexiconError(f"{where}.{key}: not in its words: {sorted(marked - words)}")
        for word in sorted(words):
            if word in nouns:
                raise LexiconError(f"{where}: {word!r} is already a {nouns[word].type.value} noun")
            gender = "f" if word in marks["female"] else "m" if word in marks["male"] else None
            nouns[word] = RelationNoun(word, rtype, role, gender, word in marks["plural"], group)
    groups = {w: _relation_type(t, f"group_nouns.{w}") for w, t in data["group_nouns"].items()}
    partnership: dict[str, tuple[RelationType, float]] = {}
    for word, spec in data["partnership_nouns"].items():
        where = f"partnership_nouns.{word}"
        _unknown(set(spec), {"type", "confidence"}, where)
        confidence = spec.get("confidence")
        if not isinstance(confidence, float) or not 0 < confidence <= 1:
            raise LexiconError(f"{where}: confidence must be a number in (0, 1]")
        partnership[word] = (_relation_type(spec["type"], where), confidence)
    sections = {}
    for name, allowed in (("modifiers", _MODIFIER_KEYS), ("people", _PEOPLE_KEYS), ("cues", _CUE_KEYS)):
        _unknown(set(data[name]), allowed, name)
        missing = allowed - set(data[name])
        if missing:
            raise LexiconError(f"{name}: missing keys {sorted(missing)}")
        sections[name] = {k: _words(v, f"{name}.{k}") for k, v in data[name].items()}
    loose = sections["people"]["surname_honorifics"] - sections["people"]["honorifics"]
    if loose:
        raise LexiconError(f"people.surname_honorifics: not honorifics: {sorted(loose)}")
    adult_not_roles = sections["people"]["adult_role_nouns"] - sections["people"]["role_nouns"]
    if adult_not_roles:
        raise LexiconError(f"people.adult_role_nouns: not role nouns: {sorted(adult_not_roles)}")
    _unknown(set(data["events"]), {"work_words", "occasion_words"}, "events")
    not_people = frozenset().union(*(_words(v, f"not_people.{k}") for k, v in data["not_people"].items()))
    return Lexicon(nouns, groups, partnership, sections["modifiers"], sections["people"], sections["cues"],
                   _words(data["events"]["work_words"], "events.work_words"),
                   _words(data["events"]["occasion_words"], "events.occasion_words"), not_people)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with LEXICON_FILE.open("rb") as fh:
        return parse_lexicon(tomllib.load(fh))


@lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """How common the word is in English, whatever its case (wordfreq's bundled lists, no download)."""
    return zipf_frequency(word.lower(), "en")
