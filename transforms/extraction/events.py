"""Dated events: each resolved date expression of a sentence that names or refers to people."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import replace

from spacy.tokens import Span

from transforms.dates import YEARLESS_KINDS, DateMention, after, find_dates, in_year
from transforms.extraction.arguments import current_pair
from transforms.extraction.context import PLURAL_REFS, SUBJ_DEPS, DocContext, is_definite
from transforms.extraction.event_types import event_type_of, is_future
from transforms.extraction.facts import EventFact, RelationFact, RelationType
from transforms.extraction.lexicon import lexicon
from transforms.extraction.rules import relatives_of

WORK_WORDS = lexicon().work_words
OCCASION_WORDS = lexicon().occasion_words


def names_a_work(ctx: DocContext, span: Span) -> bool:
    """The date is part of a title or describes a work, not a happening."""
    doc = ctx.doc
    prev = doc[span.start - 1] if span.start > 0 else None
    bare_year = len(span) == 1 and span[0].text.isdigit()
    if bare_year and prev is not None and prev.lower_ in OCCASION_WORDS and prev.text[:1].isupper():
        return False  # after an occasion's title a year dates the occasion: "the British Fashion Awards 2014"
    if any(t.ent_type_ in ("WORK_OF_ART", "PRODUCT", "ORG") for t in span):
        return True  # "Wonder Woman 1984", "USA TODAY"
    if bare_year and prev is not None and prev.is_alpha and prev.text[:1].isupper() and not prev.is_sent_start:
        return True  # a bare year right after a capitalised title word: "Wonder Woman 1984" (tagged NN or NNP)
    head = span.root.head
    return span.root.dep_ in ("compound", "nummod", "amod", "npadvmod") and head.lower_ in WORK_WORDS


DESCRIPTION_CHARS = 300


def describe(text: str, sent: Span, date: DateMention) -> tuple[int, int]:
    """The event's description: its sentence as the article writes it (a substring of the text, never with
    the date cut out), the line of it that holds the date when the sentence runs over a line break, and
    whole words around the date when it is longer than DESCRIPTION_CHARS. Returns its (start, end) in `text`."""
    start, end = sent.start_char, sent.end_char
    line_start = text.rfind("\n", start, date.start)
    line_end = text.find("\n", date.end, end)
    start = line_start + 1 if line_start >= 0 else start
    end = line_end if line_end >= 0 else end
    if end - start > DESCRIPTION_CHARS:
        middle = (date.start + date.end) // 2
        lo = max(start, min(middle - DESCRIPTION_CHARS // 2, end - DESCRIPTION_CHARS))
        hi = min(end, lo + DESCRIPTION_CHARS)
        if lo > start:  # start on a word
            space = text.find(" ", lo, date.start)
            lo = space + 1 if space >= 0 else lo
        if hi < end:  # end on a word
            space = text.rfind(" ", date.end, hi)
            hi = space if space >= 0 else hi
        start, end = lo, hi
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# expressions counted from the day they are said: inside a quote they date the quote's day, which the
# article does not give ("'I'm so happy today,' she told the magazine in 2015")
SPEECH_RELATIVE_KINDS = {"relative_day", "this_month"}
_OPENING_QUOTES, _CLOSING_QUOTES = "\u201c", "\u201d"


def _inside_a_quote(text: str, sent: Span, date: DateMention) -> bool:
    before = text[sent.start_char:date.start]
    straight = before.count('"')
    return straight % 2 == 1 or before.count(_OPENING_QUOTES) > before.count(_CLOSING_QUOTES)


def _inside_a_name(ctx: DocContext, span: Span) -> bool:
    """A month or weekday that is part of a person's name: 'April Kepner', 'Auntie May'."""
    return any(t.i in ctx.token_person for t in span)


HEADING_CHARS = 100
_HEADING_LEADS = {"", "early", "late", "mid", "mid-", "in", "by", "summer", "spring", "fall", "autumn", "winter"}


def heading_years(text: str, dates: list[DateMention]) -> list[tuple[int, int]]:
    """(offset, year) of the headings of a timeline-style article: short lines that open with a year or a month
    and year ("2014 - Are They or Aren't They?", "May 2011 - Young and in love"). An article needs two of
    them to be one; a single dated line is a caption, not a structure."""
    found = []
    for d in dates:
        if d.kind not in ("year_only", "month_year") or d.date_start is None:
            continue  # a heading writes its year
        line_start = text.rfind("\n", 0, d.start) + 1
        line_end = text.find("\n", d.end)
        line_end = len(text) if line_end < 0 else line_end
        if line_end - line_start <= HEADING_CHARS and text[line_start:d.start].strip().lower() in _HEADING_LEADS:
            found.append((line_start, d.date_start.year))
    return found if len(found) >= 2 else []


def _in_story_year(text: str, d: DateMention, headings: list[tuple[int, int]]) -> DateMention:
    """A month without a year under a heading's year is in that year: 'In January' under '2014 -'."""
    if d.kind not in YEARLESS_KINDS:
        return d
    at = bisect.bisect_right(headings, (d.start, 10_000)) - 1
    if at < 0 or text.rfind("\n", 0, d.start) + 1 == headings[at][0]:
        return d  # no heading before it, or it is on the heading line itself
    return in_year(d, headings[at][1])


# the head word of every relation noun -> how it relates its owner to the person it means: the owner's
# 'partner' ('wife', 'ex-husband' -> 'husband'), 'child' ('son', 'kids'), 'parent' ('mom') or 'sibling';
# with its gender and number
def _noun_kinds() -> dict[str, tuple[str, str | None, bool]]:
    kinds: dict[str, tuple[str, str | None, bool]] = {}
    for noun in lexicon().relation_nouns.values():
        rtype = RelationType(noun.type)
        if rtype.is_couple:
            kind = "partner"
        elif rtype is RelationType.SIBLING:
            kind = "sibling"
        elif rtype is RelationType.PARENT_OF and noun.role in ("parent", "child"):
            kind = noun.role  # 'mom' means the owner's parent, 'son' the owner's child
        else:
            continue
        kinds.setdefault(noun.tokens[noun.head_index], (kind, noun.gender, noun.plural))
    return kinds


NOUN_KINDS = _noun_kinds()


def _owned_relatives(ctx: DocContext, sent: Span, relatives: dict[tuple[str, str], set[str]]) -> list[str]:
    """'as he expressed his desire to win back his soon-to-be ex-wife', 'took her son on a trip': the
    relative the article's facts give the noun's owner (of the noun's gender when the article gives theirs),
    when they give exactly one; every one of them for a plural noun ('with her kids')."""
    found = []
    doc = sent.doc
    for tok in sent:
        kind = NOUN_KINDS.get(tok.lower_)
        if kind is None or tok.i in ctx.refs and ctx.refs[tok.i].key in ctx.people:
            continue  # a noun that names its person ('her son, Jace') already brought them
        relation, gender, plural = kind
        # the possessive of its noun phrase, read leftwards: the parser hangs 'his' of 'his soon-to-be
        # ex-wife' on 'be'
        for j in range(tok.i - 1, max(sent.start, tok.i - 7) - 1, -1):
            word = doc[j]
            if word.dep_ == "poss" or word.tag_ == "PRP$":
                known = relatives.get((ctx.key(word) or "", relation), set())
                if gender is not None and not plural and all(k in ctx.people for k in known):
                    known = {k for k in known if ctx.people[k].gender in (gender, None)}
                if plural or len(known) == 1:
                    found.extend(sorted(known))
                break
            if word.is_punct and word.text != "-" or word.pos_ == "VERB":
                break
    return found


LATER_REACH_CHARS = 600  # "two weeks later" counts from a date told at most this far before it
# "It's a year later, and now he says ...": the story's present, not a date counted from an earlier one
_PRESENT_LATER = re.compile(r"\b(?:it's|it is|it has been|it’s)\s*$", re.IGNORECASE)


def _counted_from_before(text: str, dates: list[DateMention]) -> list[DateMention]:
    """'They met on June 3, 2016. Two weeks later they were engaged': a later expression counts from the
    resolved date told just before it, when that is near; otherwise it stays unresolved with its reason."""
    out: list[DateMention] = []
    for d in dates:
        if d.kind == "later" and not _PRESENT_LATER.search(text[max(0, d.start - 20):d.start]):
            earlier = next((e for e in reversed(out) if e.precision is not None), None)
            if earlier is not None and d.start - earlier.end <= LATER_REACH_CHARS:
                d = after(d, earlier)
        out.append(d)
    return out


def dated_events(ctx: DocContext, relations: list[RelationFact] = ()) -> tuple[list[EventFact], list[DateMention]]:
    dates = find_dates(ctx.text, ctx.published)
    headings = heading_years(ctx.text, dates)
    if headings:
        dates = [_in_story_year(ctx.text, d, headings) for d in dates]
    dates = _counted_from_before(ctx.text, dates)
    events: list[EventFact] = []
    unresolved: list[DateMention] = []
    by_sentence: dict[int, list[DateMention]] = {}
    relatives = relatives_of(list(relations))
    # people a relation of the same sentence joins: 'they previously broke up in 2013' is about both of them
    related_in: dict[int, list[str]] = {}
    for f in relations:
        if not f.is_negated and "@" not in f.person_a + f.person_b:
            related_in.setdefault(f.sentence_start, []).extend((f.person_a, f.person_b))
    for d in dates:
        if d.precision is None:
            unresolved.append(d)
            continue
        span = ctx.doc.char_span(d.start, d.end, alignment_mode="expand")
        if span is None or names_a_work(ctx, span) or _inside_a_name(ctx, span):
            continue
        if d.kind in SPEECH_RELATIVE_KINDS and _inside_a_quote(ctx.text, span.sent, d):
            unresolved.append(replace(d, date_start=None, date_end=None, precision=None,
                                      unresolved_reason="relative to the day of a quote the article does not date"))
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
        for key in _owned_relatives(ctx, sent, relatives) + related_in.get(sent.start_char, []):
            if key not in people:
                people.append(key)
        # a dated sentence with nobody resolved is still recorded (with no people), so the run can count it
        seen: set[tuple[dt.date, str]] = set()
        for d in kept:
            if (d.date_start, d.precision) in seen:
                continue
            seen.add((d.date_start, d.precision))
            span = ctx.doc.char_span(d.start, d.end, alignment_mode="expand")
            future = is_future(span) or (ctx.published is not None and d.date_start > ctx.published)
            start, end = describe(ctx.text, sent, d)
            events.append(EventFact(d, tuple(people), sent.start_char, sent.end_char, ctx.text[start:end],
                                    start, end, event_type_of(span), future))
    return events, unresolved
