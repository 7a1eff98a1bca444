"""Extraction from one parsed article: people, coreference, ages, descriptors, relations, dated events.

One door: `extract_article(doc, published) -> ArticleFacts`. The document context (people, references,
entity state) is built once; the rules in rules.toml run over it in one Matcher pass; relations come from
what a sentence says (a kinship noun with its owner, a verb with its subject and object), never from two
names appearing together. The word lists are lexicon.toml; the rules' test sentences rule_cases.toml.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from transforms.extraction.ages import stated_ages
from transforms.extraction.context import DocContext
from transforms.extraction.events import dated_events
from transforms.extraction.facts import (
    AgeFact,
    ArticleFacts,
    EventFact,
    NameMention,
    PersonArg,
    PersonInDoc,
    RelationFact,
    RelationType,
)
from transforms.extraction.family import derive_married_names, derive_siblings
from transforms.extraction.people import fold
from transforms.extraction.rules import relations
from transforms.extraction.status import settle_status


def extract_article(doc: Doc, published: dt.date | None) -> ArticleFacts:
    ctx = DocContext(doc, published).build()
    facts = ArticleFacts(people=ctx.people, mentions=ctx.resolver.mentions)
    facts.ages = stated_ages(ctx)
    facts.descriptors = sorted({(k, d) for k, ds in ctx.descriptors.items() for d in ds})
    settled = settle_status(relations(ctx), ctx.text)
    facts.relations = derive_siblings(derive_married_names(doc, ctx.people, ctx.resolver.mentions, settled,
                                                           frozenset(ctx.children | ctx.offspring)))
    facts.events, facts.unresolved_dates = dated_events(ctx, facts.relations)
    return facts


__all__ = ["AgeFact", "ArticleFacts", "EventFact", "NameMention", "PersonArg", "PersonInDoc", "RelationFact",
           "RelationType", "extract_article", "fold"]
