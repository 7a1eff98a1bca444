"""Named finders: given a rule and the token that triggered it, find the people it relates.

A rule in rules.toml names its finder; the engine calls it with the document context, the trigger token,
the rule, and an `emit(a, b, type, confidence)` callback. Finders decide arguments and the exact type (a
'former' modifier, a past tense); polarity is the cue engine's job.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from spacy.tokens import Token

from transforms.dates import NUMBER_WORDS
from transforms.extraction.arguments import (
    CHILD_OF,
    GROUP_WORDS,
    PARTNER_OF,
    RELATION_NOUNS,
    counted_group_before,
    current_pair,
    listed_group_before,
    named_list_after,
    noun_owners,
    noun_targets,
    objects,
    paired_by_and,
    partner_after_with,
    partner_owner,
    people_of,
    relation_noun_at,
    skip_to_partner,
    subjects,
    surface_possessors,
)
from transforms.extraction.context import PLURAL_REFS, SUBJ_DEPS, DocContext, conjuncts, is_definite
from transforms.extraction.facts import PersonArg, RelationType
from transforms.extraction.lexicon import lexicon

if TYPE_CHECKING:
    from transforms.extraction.rules import Rule, TriggerMatch

Emit = Callable[[PersonArg, PersonArg, RelationType, float], None]
Finder = Callable[[DocContext, "TriggerMatch", "Rule", Emit], None]

_LEX = lexicon()
_MOD = _LEX.modifiers
_PLAY_LEMMAS = _LEX.people["play_lemmas"]
FORMER = _MOD["former"]
ROMANTIC, MARRIED, ENGAGED, EX = (RelationType.ROMANTIC, RelationType.MARRIED, RelationType.ENGAGED,
                                  RelationType.EX_PARTNER)
_MOD_DEPS = ("amod", "compound", "nmod", "advmod")
_KIN_FORMER = FORMER | {"first", "then", "then-"}  # "her first husband", "her then husband, Marc"
_COPULAS = {"be", "remain", "stay", "become"}  # "they split but remain friends"
_ENDING = {"end", "collapse", "crumble", "dissolve", "fail", "implode", "fizzle", "sour", "unravel", "annul",
           "finish"}
_PLANNING = {"plan", "prepare", "organize", "organise", "arrange", "postpone", "delay"}
_CALLING_OFF = {"cancel", "scrap", "scrub", "abandon"}
_EVENT_NOUNS = {"wedding", "nuptials", "ceremony", "reception"}  # partnership nouns a guest can be at


def _modifiers(tok: Token) -> set[str]:
    """The words modifying a noun: its dependents, and the adjectives right before it (the small parser often
    hangs 'former' in 'The former couple share son Noah' on another noun)."""
    words = {c.lower_ for c in tok.children if c.dep_ in _MOD_DEPS}
    j = tok.i - 1
    while j >= tok.sent.start and tok.i - j <= 2 and (tok.doc[j].pos_ in ("ADJ", "NOUN") or tok.doc[j].tag_ == "VBN"):
        words.add(tok.doc[j].lower_)
        j -= 1
    return words


def _kinship_noun_plays_a_role(noun: Token) -> bool:
    """The kinship noun names a role someone plays: 'who plays her mother', 'cast as his mother, Mary'."""
    if noun.head.lemma_ in _PLAY_LEMMAS and noun.dep_ in ("dobj", "attr", "oprd"):
        return True
    doc, j = noun.doc, noun.i - 1
    if _in_a_cast_line(noun):
        return True
    while j > noun.sent.start and doc[j].pos_ in ("DET", "PRON", "ADJ"):
        j -= 1  # 'as his on-off mother', 'as the father'
    if doc[j].lower_ != "as":
        return False
    before = doc[noun.sent.start : j]
    # 'Zoe Perry as his mother': a cast list's actor right before 'as', or a casting verb in the sentence
    return any(t.lemma_ in _PLAY_LEMMAS for t in before) or (j > noun.sent.start and doc[j - 1].ent_type_ == "PERSON")


def _in_a_cast_line(noun: Token) -> bool:
    """'Jake Weber as Barry Walker (season 2), Bryce's father': a cast list line, where what follows the role
    describes the role. An actor's name, 'as', a capitalised role, and no verb before the noun."""
    doc = noun.doc
    for k in range(noun.sent.start + 1, noun.i - 1):
        if doc[k].lower_ == "as" and doc[k - 1].ent_type_ == "PERSON" and doc[k + 1].text[:1].isupper():
            return not any(t.pos_ in ("VERB", "AUX") for t in doc[k + 1 : noun.i])
    return False


_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
_SPOUSE_NOUNS = {"wife", "husband", "spouse"}


def _ordinal_of(noun: Token) -> int:
    return max((_ORDINALS[w] for w in _modifiers(noun) if w in _ORDINALS), default=0)


def _later_spouse_stated(noun: Token) -> bool:
    """'his eventual second wife, Marla' in an article that also names 'his third wife, Melania': a spouse
    with a higher number came after, so this marriage is over ('first' is over by itself: _KIN_FORMER)."""
    if noun.lower_ not in _SPOUSE_NOUNS:
        return False
    number = _ordinal_of(noun)
    return number > 0 and any(t.lower_ == noun.lower_ and t.i != noun.i and _ordinal_of(t) > number
                              for t in noun.doc)


def _object_is_a_former_spouse(verb: Token) -> bool:
    """'while still married to first wife Ivana', 'he married his first wife, Ivana, in 1977': the marriage
    the verb states is the one that ended."""
    objects = [c for c in verb.children if c.dep_ == "dobj"] + [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
    nouns = objects + [c for o in objects for c in o.children if c.dep_ == "compound"]  # 'first wife Dina Ames'
    return any(n.lower_ in _SPOUSE_NOUNS and (_modifiers(n) & _KIN_FORMER or _later_spouse_stated(n))
               for n in nouns)


def kinship_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'his wife, Rita Wilson', 'Y is X's wife', 'X and wife Y', 'daughter Khai', 'her ex-husband Y'."""
    noun, entry = match.token, RELATION_NOUNS[match.entry]
    rtype = entry.type
    doc = noun.doc
    prev = doc[match.start - 1] if match.start > 0 else None
    former = prev is not None and prev.lower_ in _KIN_FORMER or bool(_modifiers(noun) & _KIN_FORMER) or (
        prev is not None and prev.text == "-" and match.start >= 2 and doc[match.start - 2].lower_ in _KIN_FORMER)
    if (former or _later_spouse_stated(noun)) and rtype.is_partnership:
        rtype = EX
    if former and rtype is RelationType.FRIEND:
        return  # "her former best friend": no longer friends, and no type says so
    if entry.word == "partner" and rtype is not EX:
        return  # "partner" alone may be a business partner
    if _modifiers(noun) & _MOD["not_kin"] or _kinship_noun_plays_a_role(noun):
        return  # "his fraternity brother", "her TV mom", "Zoe Perry as his mother, Mary Cooper"
    if entry.word in _MOD["needs_possessor"] and not _possessed(noun, match.start):
        return  # "upstage bride Meghan Markle": no one's bride is stated
    targets = noun_targets(ctx, noun)
    if entry.gender:  # "father" names no woman, "wife" no man, when the article shows their gender
        targets = [t for t in targets if t.key.startswith("@") or not ctx.stated_gender_conflicts(t.key, entry.gender)]
    if not targets and entry.role == "child" and not entry.plural and _possessed(noun, match.start):
        # "Jenner welcomed her daughter on Feb. 1" ... "say hello to little Stormi": the article's one child
        targets = [PersonArg(CHILD_OF + (entry.gender or ""), 0.8)]
    owners = noun_owners(ctx, noun, targets, match.start) if targets else []
    if not targets and entry.role == "child" and entry.plural and _possessed(noun, match.start):
        # "Kendall and Kylie posed with Caitlyn. ... Caitlyn and her daughters posed": the children are the
        # last two or more names listed together shortly before, when they can be of the noun's gender
        owners = noun_owners(ctx, noun, [], match.start)
        owner_keys = frozenset(o.key for o in owners)
        listed = listed_group_before(ctx, noun, sentences=2, without=owner_keys)
        if owners and listed and all(ctx.gender_ok(p.key, entry.gender) for p in listed if entry.gender) \
                and _one_family(ctx, owners, listed):
            targets = [PersonArg(p.key, 0.8) for p in listed]
    if not targets:
        return
    if rtype.is_couple:  # a child has no spouse or ex: "Lennon, 7, is Nina's son with her first husband"
        owners = [o for o in owners if o.key not in ctx.children]
    if entry.role == "child" and owners:
        other = partner_after_with(ctx, noun) or _partner_of_earlier_children(ctx, noun) \
            or _partner_with_whom(ctx, noun)
        if other is not None and other.key not in {t.key for t in targets} | {o.key for o in owners}:
            owners = [*owners, other]  # "... three children, Ada, Ezra and Bea, with ex-wife Sylvie Quill"
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


def _one_family(ctx: DocContext, owners: list[PersonArg], listed: list[PersonArg]) -> bool:
    """The listed people can be the owners' children: children the article shows, or people of one surname
    that is the owners' (or the owners have none written): not 'Guests included Ana Ruiz and Bo Lind'."""
    if all(p.key in ctx.children for p in listed):
        return True
    surnames = {_surname(ctx, p) for p in listed if p.key in ctx.people and not ctx.people[p.key].single_name}
    if len(surnames) > 1:
        return False
    own = {_surname(ctx, o) for o in owners if o.key in ctx.people and not ctx.people[o.key].single_name}
    return not surnames or not own or bool(own & surnames)


def _partner_with_whom(ctx: DocContext, noun: Token) -> PersonArg | None:
    """'his marriage to Cynthia Scurtis, with whom he had daughters Natasha and Ella': the person the
    relative clause hangs on is the children's other parent."""
    phrase = noun.head if noun.dep_ in ("compound", "nmod") else noun  # 'daughters Nell' parsed as a compound
    verb = phrase.head if phrase.dep_ == "dobj" else None
    if verb is None or verb.dep_ != "relcl" or verb.lemma_ not in ("have", "share", "welcome", "adopt"):
        return None
    if not any(c.dep_ == "prep" and c.lower_ == "with" and any(g.lower_ == "whom" for g in c.children)
               for c in verb.children):
        return None
    ref = ctx.refs.get(verb.head.i)
    return PersonArg(ref.key, ref.confidence * 0.9) if ref is not None and ref.kind == "name" else None


def _partner_of_earlier_children(ctx: DocContext, noun: Token) -> PersonArg | None:
    """'three children with wife Jacqui Ainsley: sons Rafael and Levi, and daughter Rivka': the partner given
    for the children before, in the same sentence, is the other parent of the ones listed after."""
    doc = noun.doc
    for k in range(noun.i - 1, noun.sent.start, -1):
        prev = doc[k - 1]
        if doc[k].lower_ == "with" and prev.lower_ in RELATION_NOUNS and RELATION_NOUNS[prev.lower_].role == "child":
            m = skip_to_partner(ctx, k + 1, noun.i)
            ref = ctx.refs.get(m)
            return PersonArg(ref.key, ref.confidence * 0.85) if ref is not None and ref.kind == "name" else None
    return None


def _possessed(noun: Token, start: int) -> bool:
    """'his bride', "Harry's bride", 'her new love': an owner written right before the noun."""
    doc = noun.doc
    j = start - 1
    while j >= 0 and (doc[j].pos_ == "ADJ" or doc[j].lower_ in ("new", "longtime", "future")):
        j -= 1
    return j >= 0 and (doc[j].lower_ in ("his", "her", "their", "my", "your") or doc[j].text in ("'s", "'", "\u2019s"))


_ONE_OF_ONLY = {"couples"}


def group_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """Everyone a group noun gathers is related to everyone else in it: 'couple A and B', 'A and B are exes'."""
    noun = match.token
    rtype = _LEX.group_nouns[noun.lower_]
    mods = _modifiers(noun)
    if any(c.ent_type_ == "ORDINAL" or c.lower_ == "last" for c in noun.children):
        return  # "the second couple to be eliminated": pairs counted in a contest, not a romance
    if rtype.is_partnership and mods & FORMER:
        rtype = EX
    elif rtype is ROMANTIC and mods & _MOD["married_group"]:
        rtype = MARRIED  # "the married couple"
    elif rtype is ROMANTIC and mods & _MOD["engaged_group"]:
        rtype = ENGAGED  # "the engaged couple"
    members: list[PersonArg] = []
    anchor = noun  # the word the sentence's copula says the group noun of
    if noun.lower_ in _ONE_OF_ONLY:
        if not (noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.lower_ == "one"):
            return  # 'couples A and B, C and D' lists several pairs; only 'A and B are one of the couples' is one
        anchor = noun.head.head
    if noun.dep_ in ("compound", "nmod", "appos") and noun.head.i in ctx.refs:
        members = people_of(ctx, noun.head)  # "couple Jennifer Lopez and Alex Rodriguez"
    if len(members) < 2:
        for c in noun.children:
            if c.dep_ == "appos":
                members = people_of(ctx, c)  # "the sisters, Kim and Kourtney"
    if len(members) < 2:
        listed = named_list_after(ctx, noun)  # "Sisters Kim and Kora Vale launched", "Besties A and B"
        # one is enough when the group is someone's: "Prince Harry's best friends, including Tom Inskip"
        if len(listed) >= 2 or listed and any(c.dep_ == "poss" for c in noun.children):
            members = listed
    if len(members) < 2 and anchor.dep_ in ("attr", "acomp", "oprd") and anchor.head.lemma_ in _COPULAS:
        for c in anchor.head.children:
            if c.dep_ in SUBJ_DEPS:
                members = people_of(ctx, c)  # "Kim and Kourtney are sisters"
                if len(members) == 1 and c.i in ctx.refs:
                    members = names_ending_at(ctx, c.i)  # the parser lost the coordination
        if not members:
            members = subjects(ctx, anchor.head)  # "They split in 2020 but remain friends"
        if len(members) == 1:  # "Cyrus Lam, who has been pals with Olivia Grey"
            members += [p for p in objects(ctx, noun, frozenset({"with"})) if p.key != members[0].key]
    # a bare "the couple" is left alone: it often means another pair than the last two names; "the exes"
    # names the pair the story is about
    qualified = noun.lower_ == "couple" and mods & (_MOD["married_group"] | _MOD["engaged_group"] | FORMER)
    if len(members) < 2 and (noun.lower_ == "exes" or qualified) and is_definite(noun):
        members = [PersonArg(k, 0.7) for k in current_pair(ctx, noun)]
    if len(members) < 2 and rtype is RelationType.SIBLING and noun.lower_ in GROUP_WORDS and is_definite(noun) \
            and not any(c.dep_ == "poss" for c in noun.children):
        listed = listed_group_before(ctx, noun)  # "Kim, Kourtney and Khloe stepped out. The sisters were ..."
        if len({_surname(ctx, m) for m in listed if not ctx.people[m.key].single_name}) <= 1:
            members = listed
    size = _counted(noun)
    if len(members) < 2 and size and is_definite(noun) and not any(c.dep_ == "poss" for c in noun.children):
        # "Parks, Martin, Short and Hanks. ... The four friends share one car": a list of three or more is
        # plain from further back than a pair
        members = counted_group_before(ctx, noun, size, sentences=12 if size >= 3 else 3)
    members = list(dict.fromkeys(members))
    owners = _group_owners(ctx, noun, members)
    if owners and rtype in _OWNED_GROUP_TYPES:
        if rtype is RelationType.SIBLING and len(owners) == 2 and len(members) == 2 \
                and _surname(ctx, owners[0]) != _surname(ctx, owners[1]):
            # "Kendall Jenner and Gigi Hadid ... their sisters, Kylie and Bella": one sister each, in order
            emit(owners[0], members[0], rtype, rule.confidence * 0.8)
            emit(owners[1], members[1], rtype, rule.confidence * 0.8)
            return
        for owner in owners:  # "her sisters, Kim and Kourtney", "Selena's pals Taylor and Gigi"
            for member in members:
                emit(owner, member, rtype, rule.confidence)
    if rtype is RelationType.FRIEND and _someone_elses_group(ctx, noun, members):
        return  # "Selena follows close friends Taylor, Francia and Julia": hers, not each other's
    members = _of_the_family_named(ctx, noun, members)
    if len(members) > 4:
        return
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            emit(members[i], members[j], rtype, rule.confidence)


def _counted(noun: Token) -> int:
    """The number a group noun is counted with: 'the four friends' -> 4, 'the two sisters' -> 2; else 0."""
    for c in noun.children:
        if c.dep_ == "nummod" or c.like_num:
            word = c.lower_
            if word.isdigit():
                return int(word)
            return NUMBER_WORDS.get(word, 0) if word not in ("a", "an", "one") else 0
    return 0


_OWNED_GROUP_TYPES = {RelationType.SIBLING, RelationType.FRIEND, RelationType.RELATIVE}


def _group_owners(ctx: DocContext, noun: Token, members: list[PersonArg]) -> list[PersonArg]:
    """Whose group it is, when a possessor is written: 'her sisters', "Khloe's pals", 'their cousins'."""
    keys = {m.key for m in members}
    for c in noun.children:
        if c.dep_ == "poss":
            return [p for p in people_of(ctx, c) if p.key not in keys and not p.key.startswith("@")]
    return []


def _surname(ctx: DocContext, person: PersonArg) -> str:
    found = ctx.people.get(person.key)
    return found.name.split()[-1].lower() if found is not None and not found.single_name else person.key


def _someone_elses_group(ctx: DocContext, noun: Token, members: list[PersonArg]) -> bool:
    """A friends noun that belongs to another person: owned ('her pals A and B', "Kim's friends") or the
    object of a clause whose subject is someone else ('Selena follows close friends A, B and C')."""
    keys = {m.key for m in members}
    if any(c.dep_ == "poss" for c in noun.children) or _possessed(noun, noun.i):
        return True
    phrase = noun.head if noun.dep_ in ("compound", "nmod") and noun.head.i in ctx.refs else noun
    if phrase.dep_ not in ("dobj", "pobj"):
        return False
    verb = phrase.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head  # 'with pals A and B' -> the verb the preposition hangs on
    owners = {p.key for p in subjects(ctx, verb)} if verb.pos_ in ("VERB", "AUX") else set()
    return bool(owners - keys)


def _of_the_family_named(ctx: DocContext, noun: Token, members: list[PersonArg]) -> list[PersonArg]:
    """'the Kardashian/Jenner sisters, Jennifer Lopez, Lady Gaga and Beyonce': a family group named by its
    surname gathers only people of that surname (or named by first name alone); the rest is another list."""
    if _LEX.group_nouns[noun.lower_] not in (RelationType.SIBLING, RelationType.RELATIVE):
        return members
    family = {w.lower() for c in noun.children if c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"
              for w in re.split(r"[/-]", c.text) if w}
    if not family:
        return members
    return [m for m in members if m.key in ctx.people and (
        ctx.people[m.key].single_name or _surname(ctx, m) in family)]


def _is_current(verb: Token) -> bool:
    auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    if verb.tag_ == "VBD" or any(a.tag_ == "VBD" and a.lemma_ == "be" for a in auxes):
        return False
    has_have = any(a.lemma_ == "have" for a in auxes)
    # "has dated" is in the past; "has been dating" is not, nor "has dated X since 2014" (still going)
    since = any(c.dep_ == "prep" and c.lower_ == "since" for c in verb.subtree if c.head.i == verb.i
                or c.head.head.i == verb.i)
    return not (has_have and verb.tag_ == "VBN" and not any(a.lower_ == "been" for a in auxes) and not since)


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
        owned_by_a_noun = any(c.dep_ == "poss" and c.pos_ == "NOUN" for c in trig.children)
        # "X and Y sang at the wedding": guests at someone's wedding, not theirs ("at their wedding" is)
        a_guest = trig.lemma_.lower() in _EVENT_NOUNS and trig.dep_ == "pobj" and any(
            c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in trig.children)
        if not subj and trig.dep_ in ("dobj", "pobj", "attr", "pcomp") and not owned_by_a_noun and not a_guest:
            # not "they looked forward to her sister's wedding": the wedding is the sister's; a gerund the
            # tagger calls a noun hangs as 'pcomp' ("after splitting from Drake")
            verb = trig.head.head if trig.dep_ in ("pobj", "pcomp") else trig.head
            subj = subjects(ctx, verb) if verb.pos_ in ("VERB", "AUX") else []
    else:
        subj = subjects(ctx, trig) or [PersonArg(k, 0.8) for k in ctx.clause_subject_people(trig)] \
            or _surface_subject(ctx, trig) or _conjunct_subject(ctx, trig)
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


def _marriage_over(verb: Token) -> bool:
    """'who was previously married to Tad', 'was married to Nora from 2001 to 2005', 'married until 2010': the
    sentence says the marriage is over."""
    if any(c.dep_ == "advmod" and c.lower_ in ("previously", "formerly", "once") for c in verb.children):
        return True
    years = [t for t in verb.subtree if t.like_num and len(t.text) == 4 and t.text.isdigit()]
    return any(t.head.lower_ in ("until", "till") or t.head.lower_ == "to" and any(
        y.i < t.i and y.head.lower_ == "from" for y in years) for t in years)


def _turned_down(tok: Token) -> bool:
    after = tok.doc[tok.i + 1 : tok.sent.end]
    return any(t.lemma_ in ("reject", "refuse", "decline") or t.lemma_ == "turn" and any(
        c.lower_ == "down" for c in t.children) for t in after)


def _is_future(verb: Token) -> bool:
    """'will marry', "'ll wed", 'will get married', 'is set to marry', 'are going to marry', 'plans to marry'."""
    holders = [verb] + ([verb.head] if verb.head.lemma_ in ("get", "be") and verb.head.i != verb.i else [])
    if any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall", "wo") for h in holders for c in h.children):
        return True
    return verb.tag_ == "VB" and verb.dep_ == "xcomp" and verb.head.lemma_ in ("set", "go", "plan", "prepare", "expect")


def _modifier_guard(tok: Token, ctx: DocContext) -> bool:
    """'dating speculation': a relation word modifying a noun is no predicate, unless people stand right
    before it ('the two married a year later', which the parser reads as 'married year')."""
    if tok.dep_ not in ("amod", "compound") or tok.pos_ == "NOUN" or tok.i + 1 in ctx.refs:
        return False
    return not _surface_subject(ctx, tok)


def names_ending_at(ctx: DocContext, j: int) -> list[PersonArg]:
    """The person whose reference ends at token j, with the one joined to it by 'and' ('Lacey Poole and Arjun
    Mehta have parted ways')."""
    ref = ctx.refs[j]
    out = [PersonArg(ref.key, ref.confidence * 0.9)]
    start = j
    while start - 1 >= 0 and (prev := ctx.refs.get(start - 1)) is not None and prev.key == ref.key:
        start -= 1
    doc = ctx.doc
    if start - 2 >= 0 and doc[start - 1].lower_ in ("and", "&") and (other := ctx.refs.get(start - 2)) is not None \
            and other.key != ref.key and ctx.sent_of.get(start - 2) == ctx.sent_of.get(j):
        out.insert(0, PersonArg(other.key, other.confidence * 0.9))
    return out


def _conjunct_subject(ctx: DocContext, trig: Token) -> list[PersonArg]:
    """'Swift parted ways with Calvin Harris and dated Tom Hiddleston': the second verb shares the first's
    subject, which the parser may have lost; read it before the nearest verb to the left, in the sentence."""
    if trig.dep_ != "conj":
        return []
    for t in reversed(trig.doc[trig.sent.start : trig.i]):
        if t.pos_ == "VERB" and t.i != trig.i:
            return subjects(ctx, t) or _surface_subject(ctx, t)
    return []


def _surface_subject(ctx: DocContext, tok: Token) -> list[PersonArg]:
    """The people right before a relation word: a name, or a plural reference ('the two', 'the couple')."""
    j = tok.i - 1
    doc = tok.doc
    while j >= tok.sent.start and doc[j].pos_ in ("ADV", "AUX") and j not in ctx.refs:
        j -= 1
    if j < tok.sent.start:
        return []
    if ctx.refs.get(j) is not None:
        return names_ending_at(ctx, j)
    if doc[j].lower_ in PLURAL_REFS or doc[j].lower_ == "they":
        return [PersonArg(k, 0.7) for k in current_pair(ctx, doc[j])]
    return []


def verb_pair(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """A relation verb between its subject and object: 'X married Y', 'X and Y split', 'X dated Y'."""
    tok = match.token
    if _modifier_guard(tok, ctx):
        return
    rtype = rule.type
    if rtype is EX and tok.lemma_ in ("separate", "split") and any(
            c.dep_ == "dobj" and c.lower_ != "themselves" and not (c.lower_ == "ways" and tok.lemma_ == "separate")
            for c in tok.children):
        # "split the bill with Ned", "trying to separate him from the band": something or someone parted by
        # another, not a couple
        return
    if tok.lemma_ == "propose" and (any(c.dep_ == "dobj" and c.lower_ not in ("marriage", "him", "her")
                                        for c in tok.children) or _turned_down(tok)):
        return  # "proposed a toast to Kelly", "proposed to Mina, but she turned him down"
    if rtype is MARRIED and _is_future(tok):
        rtype = ENGAGED  # "will marry Kevin Ash next June", "is set to wed"
    elif rtype is MARRIED and (_object_is_a_former_spouse(tok) or _marriage_over(tok)):
        rtype = EX
    if rule.name == "verb.reconcile" and tok.lemma_ == "reunite" and not any(
            c.lower_ in ("romantically", "together") for c in tok.subtree):
        return  # "reunited with his co-stars": only a romantic reunion counts
    if rule.tense and rtype is ROMANTIC and rule.name != "verb.reconcile":
        if tok.lemma_ == "see" and not (tok.tag_ == "VBG" and any(c.lower_ == "other" for c in tok.subtree)):
            return
        if not _is_current(tok) or any(t.lower_ in ("last", "previously", "once", "formerly") for t in tok.children):
            rtype = EX
    _pairs(ctx, tok, rtype, rule.preps, rule.confidence, emit)


_GROUP_OBJECTS = PLURAL_REFS | {"family", "kids", "children"}  # "his relationship to the couple": no one partner


def _with_a_colleague(ctx: DocContext, noun: Token) -> bool:
    """'relationship with co-star X', 'relationship with her boss, X': a colleague word of lexicon
    modifiers.colleagues between 'with'/'to' and the person (hyphenated words read whole)."""
    doc = noun.doc
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "with"):
            words = []
            for t in doc[prep.i + 1 : min(prep.i + 7, noun.sent.end)]:
                if t.i in ctx.refs and ctx.refs[t.i].kind == "name":
                    break
                if t.is_punct and t.text != "-":
                    words.append(" ")
                else:
                    words.append(t.lower_ + ("" if t.text == "-" or not t.whitespace_ else " "))
            if set("".join(words).split()) & _MOD["colleagues"]:
                return True
    return False


def partnership_noun(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'her relationship with Y', 'his marriage to Y', 'their romance'; over when 'former', 'brief' or dated."""
    tok = match.token
    if _modifier_guard(tok, ctx):
        return
    rtype, base = _LEX.partnership_nouns[tok.lemma_.lower()]
    mods = _modifiers(tok)
    moved_from = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "from" else None
    if moved_from is not None and moved_from.lower_ == "away" and moved_from.head.i != moved_from.i:
        moved_from = moved_from.head  # "walked away from their marriage"
    ended_by_verb = tok.dep_ == "dobj" and tok.head.lemma_ in ("end", "finish", "call", "break") or (
        tok.dep_ in ("nsubj", "nsubjpass") and tok.head.lemma_ in _ENDING) or (  # "their marriage ended in 2016"
        tok.dep_ == "nsubj" and tok.head.lemma_ in ("break", "fall") and any(
            c.dep_ in ("prt", "advmod") and c.lower_ in ("up", "apart") for c in tok.head.children)) or (
        # "has just moved on from a relationship with Bella", "walked away from their marriage"
        moved_from is not None and moved_from.lemma_ in ("move", "walk", "emerge")
        and (moved_from.lemma_ != "move" or any(c.lower_ == "on" for c in moved_from.children)))
    if mods & _MOD["unrealised"] or tok.head.lemma_ in _CALLING_OFF or mods & _MOD["not_kin"]:
        return  # "their would-be marriage", "the cancelled wedding": nothing happened
    if any(c.dep_ == "prep" and c.lower_ in ("to", "with") and any(
            g.dep_ == "pobj" and g.lower_ in _GROUP_OBJECTS for g in c.children) for c in tok.children):
        return  # "the bodyguard's relationship to the couple": a partner is one person, not a pair
    if tok.lemma_.lower() == "affair" and tok.tag_ == "NNS":
        return  # "William and Harry's affairs had been handled by their father's office": their business
    if tok.lemma_.lower() == "relationship" and _with_a_colleague(ctx, tok):
        return  # "his relationship with co-star Dakota Johnson": a working one
    # "tied the knot in 2014 after a brief courtship": what the courtship led to is the main clause's
    led_to_the_clause = tok.dep_ == "pobj" and tok.head.lower_ in ("after", "following") \
        and rtype.is_partnership and not mods & FORMER
    if led_to_the_clause and (mods & _MOD["ended"] or _lasted(tok)):
        return
    if rtype.is_partnership and (mods & FORMER or ended_by_verb or mods & _MOD["ended"]):
        rtype = EX  # "who ended the pair's affair", "enjoy a brief romance"
    elif tok.lemma_ == "wedding" and (mods & _MOD["planned"] or tok.head.lemma_ in _PLANNING):
        rtype = ENGAGED  # "their upcoming wedding", "planning a summer wedding"
    elif rtype.is_partnership and any(c.dep_ in ("nummod", "compound", "amod") and c.text.isdigit()
                                      and len(c.text) == 4 for c in tok.children):
        rtype = EX  # "his 2012 relationship with Taylor Swift": dated, so over
    elif rtype.is_partnership and _lasted(tok):
        rtype = EX  # "her 72-day marriage to Kris Humphries", "their two-year relationship": it had a length
    # "the Stewart romance finished": a partnership named after one person is theirs with the one partner the
    # article's other facts give them
    named = [ctx.refs[c.i].key for c in tok.children if c.dep_ == "compound" and c.i in ctx.refs
             and ctx.refs[c.i].kind == "name"]
    if len(set(named)) == 1 and not any(c.dep_ in ("poss", "prep") for c in tok.children):
        emit(PersonArg(named[0]), PersonArg(PARTNER_OF + named[0], 0.8), rtype, base * 0.9)
        return
    members = _between_members(ctx, tok)
    if len(members) == 2:
        emit(members[0], members[1], rtype, base * 0.95)
    if members:
        return  # "the relationship between Camilla, William, and Harry": a family's, no couple's
    _pairs(ctx, tok, rtype, rule.preps, base, emit)
    if rtype.is_partnership or rtype is EX:
        for child in _children_from_the_union(ctx, tok):
            for partner in objects(ctx, tok, rule.preps):
                if partner.key != child.key:
                    emit(partner, child, RelationType.PARENT_OF, base * 0.9)


def _children_from_the_union(ctx: DocContext, noun: Token) -> list[PersonArg]:
    """'daughter Lourdes Leon, from her previous relationship to Carlos Leon', 'a son, Trey, from his first
    marriage to Sheree Zampino': the children named before 'from <partnership noun>' in its sentence are the
    partner's too."""
    if not (noun.dep_ == "pobj" and noun.head.lower_ == "from"):
        return []
    children: list[PersonArg] = []
    for t in noun.doc[noun.sent.start : noun.head.i]:
        entry = relation_noun_at(t)
        if entry is not None and RELATION_NOUNS[entry].role == "child" and t.pos_ == "NOUN":
            children += noun_targets(ctx, t)
    return list(dict.fromkeys(children))


_DURATION = re.compile(r"^(\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen)-(day|week|month|year)$")


def _lasted(noun: Token) -> bool:
    """A length written before a partnership noun: '72-day marriage', 'two-year relationship' (as one token or
    as the tokenizer's pieces '72 - day')."""
    doc = noun.doc
    before = doc[max(noun.sent.start, noun.i - 4) : noun.i]
    words = "".join(t.text for t in before).lower()
    return bool(_DURATION.match(before[-1].lower_)) if len(before) == 1 else bool(
        re.search(r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|\w+teen)-(day|week|month|year)$", words))


def _between_members(ctx: DocContext, tok: Token) -> list[PersonArg]:
    """'the wedding of Jude Penn and Amy Lowe', 'romance rumors between Josie Kemp and Andre Flint'."""
    holders = [tok] + ([tok.head] if tok.dep_ == "compound" else [])
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "between"):
                for g in c.children:
                    if g.dep_ == "pobj":
                        people = list(dict.fromkeys(people_of(ctx, g)))
                        # the parser may hang a third name of the list elsewhere: count the names written
                        named: set[str] = set()
                        for t in tok.doc[c.i + 1 : c.sent.end]:
                            if t.i in ctx.refs:
                                named.add(ctx.refs[t.i].key)
                            elif t.text != "," and t.lower_ not in ("and", "&"):
                                break
                        if len(named) > len(people):
                            people += [PersonArg(k) for k in sorted(named - {p.key for p in people})]
                        if len(people) >= 2:
                            return people
    return []


def shared_child(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'X shares Khai with Y', 'X coparents Lea with Y', 'X and Y welcomed son Z', 'who share two daughters'."""
    verb = match.token
    children, unnamed_children = _children_of(ctx, verb)
    partners = objects(ctx, verb, frozenset({"with"}))
    parents = subjects(ctx, verb)
    if not children or not partners or not parents:
        s_parents, s_children, s_unnamed, s_partners = _surface_shared_child(ctx, verb)
        if not children:
            children, unnamed_children = s_children, unnamed_children or s_unnamed
        child_keys = {p.key for p in children}
        partners = [p for p in partners if p.key not in child_keys] or s_partners
        parents = [p for p in parents if p.key not in child_keys] or s_parents
    sharing = verb.lower_.startswith(("shar", "co"))
    if sharing and not partners and len(parents) < 2:
        return  # "shares a photo of Khai": not a shared child without "with" or two subjects
    parents = list(dict.fromkeys(parents + partners))
    if not children:
        if unnamed_children and sharing and len(parents) == 2:
            # "Strand and Berg, who share two daughters": a shared child, unnamed
            emit(parents[0], parents[1], RelationType.CO_PARENT, rule.confidence)
        return
    child_keys = {p.key for p in children}
    for parent in parents:
        if parent.key in child_keys:
            continue  # "She shares Chet, 26, and Truman, 21, with ...": no child is a parent here
        for child in children:
            emit(parent, child, RelationType.PARENT_OF, rule.confidence)
    if len(children) >= 2:
        for i in range(len(children)):
            for j in range(i + 1, len(children)):
                emit(children[i], children[j], RelationType.SIBLING, rule.confidence * 0.8)


def _children_of(ctx: DocContext, verb: Token) -> tuple[list[PersonArg], bool]:
    children: list[PersonArg] = []
    unnamed = False
    for c in verb.children:
        if c.dep_ in ("dobj", "appos"):
            for t in conjuncts(c):
                if t.i in ctx.refs:
                    children.append(PersonArg(ctx.refs[t.i].key, ctx.refs[t.i].confidence))
                elif (noun := RELATION_NOUNS.get(t.lower_)) is not None and noun.role == "child":
                    named = noun_targets(ctx, t)
                    children += named
                    unnamed |= not named
    return children, unnamed


def _surface_shared_child(ctx: DocContext, verb: Token) -> tuple[list[PersonArg], list[PersonArg], bool,
                                                                   list[PersonArg]]:
    """The same read off the word order, for a sentence the parser got wrong: '<parent> shares <child>[, 2,]
    [and <child>] with [his ex-wife,] <partner>'."""
    doc, sent = verb.doc, verb.sent
    parents: list[PersonArg] = []
    j = verb.i - 1
    while j >= sent.start and doc[j].pos_ in ("ADV", "AUX", "PART") and j not in ctx.refs:
        j -= 1
    if j >= sent.start and j not in ctx.refs and (doc[j].lower_ in PLURAL_REFS or doc[j].lower_ == "they"):
        parents = [PersonArg(k, 0.7) for k in current_pair(ctx, doc[j])]  # "The former couple share son Noah"
    elif ctx.refs.get(j) is not None:
        parents = names_ending_at(ctx, j)  # "Kim and Kanye share"
    children: list[PersonArg] = []
    unnamed = False
    k = verb.i + 1
    while k < sent.end and doc[k].lower_ != "with":
        t = doc[k]
        ref = ctx.refs.get(k)
        if ref is not None and ref.kind != "name":
            break  # "shares her birthday with Dee Hart": a possessive, not a child
        if ref is not None:
            if not children or children[-1].key != ref.key:
                children.append(PersonArg(ref.key, ref.confidence * 0.9))
        elif (noun := RELATION_NOUNS.get(t.lower_)) is not None and noun.role == "child":
            unnamed = True
        elif not (t.text in (",", "(", ")") or t.lower_ in ("and", "&", "their", "his", "her") or t.like_num
                  or t.pos_ in ("DET", "ADJ", "NUM")):
            break
        k += 1
    partners: list[PersonArg] = []
    if k < sent.end and doc[k].lower_ == "with":
        m = skip_to_partner(ctx, k + 1, sent.end)
        if (ref := ctx.refs.get(m)) is not None and ref.kind == "name":
            partners = [PersonArg(ref.key, ref.confidence * 0.9)]
        else:  # "with her famous actor husband": the partner the article names elsewhere
            noun = next((doc[x] for x in range(k + 1, min(sent.end, k + 7)) if doc[x].lower_ in RELATION_NOUNS
                         and RELATION_NOUNS[doc[x].lower_].type.is_couple), None)
            if noun is not None and (owner := partner_owner(ctx, noun)) is not None:
                partners = [PersonArg(PARTNER_OF + owner, 0.8)]
    return parents, children, unnamed and not children, partners


def gave_birth(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'Mara gave birth to son Bo', 'she gave birth to their daughter, Wren, in May'."""
    birth = match.token
    verb = birth.head
    mothers = subjects(ctx, verb) or _surface_subject(ctx, verb)
    children: list[PersonArg] = []
    for holder in (birth, verb):
        for c in holder.children:
            if c.dep_ in ("prep", "dative") and c.lower_ == "to":
                for g in c.children:
                    if g.dep_ == "pobj":
                        children += people_of(ctx, g) or (noun_targets(ctx, g) if g.lower_ in RELATION_NOUNS else [])
    if not children:
        listed = named_list_after(ctx, birth)
        children = [p for p in listed if p.key not in {m.key for m in mothers}]
    for mother in mothers:
        for child in children:
            if child.key != mother.key:
                emit(mother, child, RelationType.PARENT_OF, rule.confidence)


# prepositions that make 'together' company, not a couple: 'were together at the gala', 'together in Paris'
_COMPANY_PREPS = {"at", "in", "on", "during", "onstage", "backstage", "inside", "outside"}


def together(ctx: DocContext, match: TriggerMatch, rule: Rule, emit: Emit) -> None:
    """'X and Y are back together', 'they have been together since 2012', 'the pair got back together': the
    subjects are a couple (an ex pair in the past tense: 'were together for three years', unless 'back' or
    'still'). Not company: a place or an occasion ('were together at the gala'), 'together with her mom'."""
    verb = match.token
    adverb = next((c for c in verb.children if c.lower_ == "together"), None)
    if adverb is None or any(c.lower_ == "with" for c in adverb.children) \
            or adverb.i + 1 < len(verb.doc) and verb.doc[adverb.i + 1].lower_ == "with":
        return
    if any(c.dep_ == "prep" and c.lower_ in _COMPANY_PREPS for c in (*verb.children, *adverb.children)):
        return
    subject = [c for c in verb.children if c.dep_ in SUBJ_DEPS]
    if any((noun := relation_noun_at(t)) is not None and not RELATION_NOUNS[noun].type.is_couple
           for c in subject for t in c.subtree):
        return  # "Mira and her mom are together again": family, not a couple
    members = list(dict.fromkeys(p for c in subject for p in people_of(ctx, c)))
    if len(members) != 2:
        return
    again = any(c.lower_ in ("back", "still", "again") for c in (*verb.children, *adverb.children))
    # 'have been together since 2012' is still so; 'were together for three years' is over ('stayed together',
    # 'got together' are not)
    past = verb.lemma_ == "be" and (verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.tag_ == "VBD"
                                                              for c in verb.children))
    rtype = rule.type if again or not past else EX
    emit(members[0], members[1], rtype, rule.confidence)


FINDERS: dict[str, Finder] = {
    "together": together,
    "gave_birth": gave_birth,
    "kinship_noun": kinship_noun,
    "group_noun": group_noun,
    "verb_pair": verb_pair,
    "partnership_noun": partnership_noun,
    "shared_child": shared_child,
}
