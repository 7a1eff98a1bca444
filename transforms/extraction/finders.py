"""Named finders: given a rule and the token that triggered it, find the people it relates.

A rule in rules.toml names its finder; the engine calls it with the document context, the trigger token,
the rule, and an `emit(a, b, type, confidence)` callback. Finders decide arguments and the exact type (a
'former' modifier, a past tense); polarity is the cue engine's job.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from transforms.extraction.arguments import (
    RELATION_NOUNS,
    current_pair,
    noun_owners,
    noun_targets,
    objects,
    paired_by_and,
    people_of,
    subjects,
    surface_possessors,
)
from transforms.extraction.context import SUBJ_DEPS, DocContext, conjuncts, is_definite
from transforms.extraction.facts import PersonArg, RelationType
from transforms.extraction.lexicon import lexicon

if TYPE_CHECKING:
    from transforms.extraction.rules import Rule, TriggerMatch

Emit = Callable[[PersonArg, PersonArg, RelationType, float], None]
Finder = Callable[[DocContext, "TriggerMatch", "Rule", Emit], None]

_LEX = lexicon()
_MOD = _LEX.modifiers
FORMER = _MOD["former"]
ROMANTIC, MARRIED, ENGAGED, EX = (RelationType.ROMANTIC, RelationType.MARRIED, RelationType.ENGAGED,
                                  RelationType.EX_PARTNER)
_MOD_DEPS = ("amod", "compound", "nmod", "advmod")


def _modifiers(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in _MOD_DEPS}


def kinship_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'his wife, Rita Wilson', 'Y is X's wife', 'X and wife Y', 'daughter Khai', 'her ex-husband Y'."""
    noun, entry = match.token, RELATION_NOUNS[match.entry]
    rtype = entry.type
    doc = noun.doc
    prev = doc[match.start - 1] if match.start > 0 else None
    former = prev is not None and prev.lower_ in FORMER or bool(_modifiers(noun) & FORMER)
    if former and rtype.is_partnership:
        rtype = EX
    if entry.word == "partner" and rtype is not EX:
        return  # "partner" alone may be a business partner
    targets = noun_targets(ctx, noun)
    if not targets:
        return
    owners = noun_owners(ctx, noun, targets)
    for owner in owners:
        for target in targets:
            if entry.role == "parent":
                emit(target, owner, RelationType.PARENT_OF, rule.confidence)
            elif entry.role == "child":
                emit(owner, target, RelationType.PARENT_OF, rule.confidence)
            else:
                emit(owner, target, rtype, rule.confidence)
    if entry.role == "child" and len(targets) >= 2 and owners:
        # children listed for one parent are siblings of each other (a lower confidence: half-siblings)
        for i in range(len(targets)):
            for j in range(i + 1, len(targets)):
                emit(targets[i], targets[j], RelationType.SIBLING, rule.confidence * 0.8)


def group_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """Everyone a group noun gathers is related to everyone else in it: 'couple A and B', 'A and B are exes'."""
    noun = match.token
    rtype = _LEX.group_nouns[noun.lower_]
    mods = _modifiers(noun)
    if rtype.is_partnership and mods & FORMER:
        rtype = EX
    elif rtype is ROMANTIC and mods & _MOD["married_group"]:
        rtype = MARRIED  # "the married couple"
    elif rtype is ROMANTIC and mods & _MOD["engaged_group"]:
        rtype = ENGAGED  # "the engaged couple"
    members: list[PersonArg] = []
    if noun.dep_ in ("compound", "nmod", "appos") and noun.head.i in ctx.refs:
        members = people_of(ctx, noun.head)  # "couple Jennifer Lopez and Alex Rodriguez"
    if len(members) < 2:
        for c in noun.children:
            if c.dep_ == "appos":
                members = people_of(ctx, c)  # "the sisters, Kim and Kourtney"
    if len(members) < 2 and noun.dep_ == "attr" and noun.head.lemma_ == "be":
        for c in noun.head.children:
            if c.dep_ in SUBJ_DEPS:
                members = people_of(ctx, c)  # "Kim and Kourtney are sisters"
    # a bare "the couple" is left alone: it often means another pair than the last two names; "the exes"
    # names the pair the story is about
    qualified = noun.lower_ == "couple" and mods & (_MOD["married_group"] | _MOD["engaged_group"])
    if len(members) < 2 and (noun.lower_ == "exes" or qualified) and is_definite(noun):
        members = [PersonArg(k, 0.7) for k in current_pair(ctx, noun)]
    members = list(dict.fromkeys(members))
    if len(members) > 4:
        return
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            emit(members[i], members[j], rtype, rule.confidence)


def _is_current(verb: Token) -> bool:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" and a.lemma_ == "be" for a in auxes):
        return False
    has_have = any(a.lemma_ == "have" for a in auxes)
    # "has dated" is in the past; "has been dating" is not
    return not (has_have and verb.tag_ == "VBN" and not any(a.lower_ == "been" for a in auxes))


def _pairs(ctx: DocContext, trig: Token, rtype: RelationType, preps: frozenset[str], base: float,
           emit: Emit) -> None:
    """Subject(s) and object(s) of a relation verb or noun: 'X split from Y', 'X and Y split',
    'her romance with Y'."""
    if trig.pos_ == "NOUN":
        subj: list[PersonArg] = []
        for c in trig.children:
            if c.dep_ == "poss":  # "their romance": only a pair the text joined with 'and'
                subj += people_of(ctx, c, joined_pair_only=True)
        surface = surface_possessors(ctx, trig)
        if len(surface) > len(subj):
            subj = surface
        if not subj and trig.dep_ in ("dobj", "pobj", "attr"):
            verb = trig.head.head if trig.dep_ == "pobj" else trig.head
            subj = subjects(ctx, verb) if verb.pos_ in ("VERB", "AUX") else []
    else:
        subj = subjects(ctx, trig) or [PersonArg(k, 0.8) for k in ctx.clause_subject_people(trig)]
    objs = objects(ctx, trig, preps)
    if trig.pos_ == "ADJ" or trig.dep_ == "acomp":
        objs += objects(ctx, trig.head, preps) if not objs else []
    if trig.pos_ == "NOUN" and not objs and trig.dep_ == "pobj":
        objs = objects(ctx, trig.head.head, preps)  # "filed for divorce from Y": 'from' hangs on the verb
    subj_keys = {p.key for p in subj}
    objs = [o for o in objs if o.key not in subj_keys]
    if objs:
        for s in subj:
            for o in objs:
                emit(s, o, rtype, base)
    elif len(subj) == 2:
        emit(subj[0], subj[1], rtype, base * 0.95)
    elif len(subj) > 2:
        for a, b in paired_by_and(ctx, subj, trig.sent):
            emit(a, b, rtype, base * 0.9)


def _modifier_guard(tok: Token, ctx: DocContext) -> bool:
    """'dating speculation': a relation word modifying a noun is no predicate."""
    return tok.dep_ in ("amod", "compound") and tok.pos_ != "NOUN" and tok.i + 1 not in ctx.refs


def verb_pair(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """A relation verb between its subject and object: 'X married Y', 'X and Y split', 'X dated Y'."""
    tok = match.token
    if _modifier_guard(tok, ctx):
        return
    rtype = rule.type
    if rule.tense and rtype is ROMANTIC:
        if tok.lemma_ == "see" and not (tok.tag_ == "VBG" and any(c.lower_ == "other" for c in tok.subtree)):
            return
        if not _is_current(tok) or any(t.lower_ in ("last", "previously", "once", "formerly") for t in tok.children):
            rtype = EX
    _pairs(ctx, tok, rtype, rule.preps, rule.confidence, emit)


def partnership_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'her relationship with Y', 'his marriage to Y', 'their romance'; over when 'former', 'brief' or dated."""
    tok = match.token
    if _modifier_guard(tok, ctx):
        return
    rtype, base = _LEX.partnership_nouns[tok.lemma_.lower()]
    mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "advmod")}
    ended_by_verb = tok.dep_ == "dobj" and tok.head.lemma_ in ("end", "finish", "call", "break")
    if mods & _MOD["unrealised"]:
        return  # "their would-be marriage", "the cancelled wedding": nothing happened
    if rtype.is_partnership and (mods & FORMER or ended_by_verb or mods & _MOD["ended"]):
        rtype = EX  # "who ended the pair's affair", "enjoy a brief romance"
    elif tok.lemma_ == "wedding" and mods & _MOD["planned"]:
        rtype = ENGAGED  # "their upcoming wedding"
    elif rtype.is_partnership and any(c.dep_ in ("nummod", "compound", "amod") and c.text.isdigit()
                                      and len(c.text) == 4 for c in tok.children):
        rtype = EX  # "his 2012 relationship with Taylor Swift": dated, so over
    _pairs(ctx, tok, rtype, rule.preps, base, emit)


def shared_child(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'X shares Khai with Y', 'X coparents Lea with Y', 'X and Y welcomed son Z'."""
    verb = match.token
    children: list[PersonArg] = []
    unnamed_children = False
    for c in verb.children:
        if c.dep_ in ("dobj", "appos"):
            for t in conjuncts(c):
                if t.i in ctx.refs:
                    children.append(PersonArg(ctx.refs[t.i].key, ctx.refs[t.i].confidence))
                elif (noun := RELATION_NOUNS.get(t.lower_)) is not None and noun.role == "child":
                    named = noun_targets(ctx, t)
                    children += named
                    unnamed_children |= not named
    if not children:
        if unnamed_children and verb.lower_.startswith(("shar", "co")):
            # "Strand and Berg, who share two daughters": a shared child, unnamed
            parents = subjects(ctx, verb) + objects(ctx, verb, frozenset({"with"}))
            parents = list(dict.fromkeys(parents))
            if len(parents) == 2:
                emit(parents[0], parents[1], RelationType.CO_PARENT, rule.confidence)
        return
    partners = objects(ctx, verb, frozenset({"with"}))
    if verb.lower_.startswith("shar") and not partners:
        return  # "shares a photo of Khai": not a shared child without "with"
    parents = subjects(ctx, verb) + partners
    child_keys = {p.key for p in children}
    for parent in parents:
        if parent.key in child_keys:
            continue  # "She shares Chet, 26, and Truman, 21, with ...": no child is a parent here
        for child in children:
            emit(parent, child, RelationType.PARENT_OF, rule.confidence)


FINDERS: dict[str, Finder] = {
    "kinship_noun": kinship_noun,
    "group_noun": group_noun,
    "verb_pair": verb_pair,
    "partnership_noun": partnership_noun,
    "shared_child": shared_child,
}
