"""Dated events: each resolved date expression of a sentence that names or refers to people."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from transforms.dates import DateMention, find_dates
from transforms.extraction.arguments import current_pair
from transforms.extraction.context import PLURAL_REFS, SUBJ_DEPS, DocContext, is_definite
from transforms.extraction.facts import EventFact
from transforms.extraction.lexicon import lexicon

WORK_WORDS = lexicon().work_words


def names_a_work(ctx: DocContext, span: Span) -> bool:
    """The date is part of a title or describes a work, not a happening."""
    if any(t.ent_type_ in ("WORK_OF_ART", "PRODUCT", "ORG") for t in span):
        return True  # "Wonder Woman 1984", "USA TODAY"
    doc = ctx.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    if len(span) == 1 and span[0].text.isdigit() and prev is not None and prev.tag_ in ("NNP", "NNPS") \
            and prev.text[:1].isupper() and not prev.is_sent_start:
        return True  # a bare year right after a title word: "Wonder Woman 1984"
    head = span.root.head
    return span.root.dep_ in ("compound", "nummod", "amod", "npadvmod") and head.lower_ in WORK_WORDS


def describe(sent: Span, date: DateMention) -> str:
    """A short description of a dated event: the sentence without the date expression."""
    text = sent.text.replace(date.expression, "").strip()
    text = re.sub(r"\s+", " ", text)
    return text[:200]


def dated_events(ctx: DocContext) -> tuple[list[EventFact], list[DateMention]]:
    dates = find_dates(ctx.text, ctx.published)
    events: list[EventFact] = []
    unresolved: list[DateMention] = []
    by_sentence: dict[int, list[DateMention]] = {}
    for d in dates:
        if d.precision is None:
            unresolved.append(d)
            continue
        span = ctx.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or names_a_work(ctx, span):
            continue
        by_sentence.setdefault(ctx.sent_of[span.start], []).append(d)
    for si, found in by_sentence.items():
        sent = ctx.sents[si]
        # within a sentence, an expression whose range holds a more precise one adds nothing
        kept = [d for d in found if not any(
            o is not d and o.date_start >= d.date_start and o.date_end <= d.date_end and
            (o.date_end - o.date_start) < (d.date_end - d.date_start) for o in found)]
        people: list[str] = []
        # "... on Saturday to take in the fight of the summer: Floyd Mayweather vs. Conor McGregor."
        continued = si + 1 if sent.text.rstrip().endswith(":") and si + 1 < len(ctx.sents) else None
        for _, key in ctx.persons_in(si) + (ctx.persons_in(continued) if continued is not None else []):
            if key not in people:
                people.append(key)
        for t in sent:
            # "They married in 2000 and share two children, daughter Ella ...": the pair is the subject
            subject_they = t.lower_ == "they" and t.dep_ in SUBJ_DEPS
            if t.lower_ in PLURAL_REFS and is_definite(t) or subject_they or t.lower_ == "them" and len(people) < 2:
                for key in current_pair(ctx, t):
                    if key not in people:
                        people.append(key)
        if not people:
            continue
        seen: set[tuple[dt.date, str]] = set()
        for d in kept:
            if (d.date_start, d.precision) in seen:
                continue
            seen.add((d.date_start, d.precision))
            events.append(EventFact(d, tuple(people), sent.start_char, sent.end_char, describe(sent, d)))
    return events, unresolved
