"""The typed facts one article yields: people, mentions, ages, descriptors, relations and dated events."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from transforms.dates import DateMention


class RelationType(StrEnum):
    """The relation types of the mart contract, with what each one is."""

    ROMANTIC = "romantic"
    MARRIED = "married"
    ENGAGED = "engaged"
    EX_PARTNER = "ex_partner"
    PARENT_OF = "parent_of"
    SIBLING = "sibling"
    RELATIVE = "relative"
    FRIEND = "friend"
    CO_PARENT = "co_parent"

    @property
    def is_symmetric(self) -> bool:
        return self is not RelationType.PARENT_OF

    @property
    def is_partnership(self) -> bool:
        """A couple's current state: only one of these holds for a pair at a time."""
        return self in (RelationType.ROMANTIC, RelationType.ENGAGED, RelationType.MARRIED)

    @property
    def is_couple(self) -> bool:
        """A partnership or its end."""
        return self.is_partnership or self is RelationType.EX_PARTNER


@dataclass(frozen=True)
class PersonArg:
    """A person as an argument of a relation: the article's person key and how sure the reference is."""

    key: str
    confidence: float = 1.0


@dataclass
class PersonInDoc:
    name: str  # canonical full name as written in the article
    key: str  # fold(name): the cross-article key
    aliases: set[str] = field(default_factory=set)
    gender: str | None = None  # 'f' | 'm' from pronouns and gendered nouns, when clear
    single_name: bool = False


@dataclass(frozen=True)
class NameMention:
    key: str
    start_token: int
    end_token: int  # exclusive
    surface: str
    kind: str  # full | first | surname | nickname | single


@dataclass(frozen=True)
class Ref:
    """A reference to a person at a token: a name, a pronoun or a descriptor resolved to a person."""

    key: str
    token: int  # head token index
    kind: str  # name | pronoun | descriptor | relative
    confidence: float


@dataclass(frozen=True)
class RelationFact:
    person_a: str
    person_b: str
    relation_type: str
    confidence: float
    trigger: str
    sentence_start: int
    sentence_end: int
    is_negated: bool = False
    is_speculative: bool = False
    rule: str = ""  # the rule that found it


@dataclass(frozen=True)
class AgeFact:
    key: str
    age: int
    start_char: int
    end_char: int


@dataclass(frozen=True)
class EventFact:
    date: DateMention
    people: tuple[str, ...]
    sentence_start: int
    sentence_end: int
    description: str  # the sentence as written (see events.describe), at description_start:description_end
    description_start: int
    description_end: int
    event_type: str = "other"  # docs/event_types.md
    is_future: bool = False  # a plan or a schedule: kept out of the timeline


@dataclass
class ArticleFacts:
    people: dict[str, PersonInDoc]
    mentions: list[NameMention]
    ages: list[AgeFact] = field(default_factory=list)
    descriptors: list[tuple[str, str]] = field(default_factory=list)  # (person key, descriptor)
    relations: list[RelationFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    unresolved_dates: list[DateMention] = field(default_factory=list)


__all__ = ["AgeFact", "ArticleFacts", "EventFact", "NameMention", "PersonArg", "PersonInDoc", "Ref",
           "RelationFact", "RelationType"]
