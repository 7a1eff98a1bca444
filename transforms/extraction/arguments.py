"""Argument finders: who a phrase refers to, who a verb's subject and object are, who owns a kinship noun.

Each finder is written once and shared by every rule. The small parser often misattaches, so most finders
read the dependency parse first and fall back on the surface order of the words.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from transforms.extraction.context import PLURAL_REFS, ROLE_NOUNS, SUBJ_DEPS, DocContext, conjuncts, is_definite
from transforms.extraction.facts import PersonArg, RelationType
from transforms.extraction.lexicon import lexicon
from transforms.extraction.people import of_ones_own_at

_LEX = lexicon()
_GIVEN_NAME_TITLES = frozenset(_LEX.people["given_name_titles"])
RELATION_NOUNS = _LEX.relation_nouns


def relation_noun_at(tok: Token) -> str | None:
    """The lexicon entry a token heads, including the hyphenated forms the tokenizer splits:
    'ex - wife' at 'wife' -> 'ex-wife', 'sister - in - law' at 'sister' -> 'sister-in-law'."""
    doc = tok.doc
    low = tok.lower_
    if tok.i >= 2 and doc[tok.i - 1].text == "-" and f"{doc[tok.i - 2].lower_}-{low}" in RELATION_NOUNS:
        return f"{doc[tok.i - 2].lower_}-{low}"
    tail = " ".join(t.lower_ for t in doc[tok.i + 1 : tok.i + 5])
    for suffix in ("- in - law", "- to - be"):
        if tail.startswith(suffix) and f"{low}{suffix.replace(' ', '')}" in RELATION_NOUNS:
            return f"{low}{suffix.replace(' ', '')}"
    return low if low in RELATION_NOUNS else None


PARTNER_OF = "@partner_of:"  # a placeholder: the partner of this person, as the article's other facts name them
CHILD_OF = "@child_of:"  # a placeholder: the article's one child this unnamed 'her daughter' can be ('f', 'm' or '')


def partner_owner(ctx: DocContext, noun: Token) -> str | None:
    """Whose partner an unnamed partner noun is: 'her husband' -> her, "Rita's husband" -> Rita."""
    doc = noun.doc
    for c in noun.children:
        if c.dep_ == "poss" and (ref := ctx.refs.get(c.i)) is not None:
            return ref.key
    j = noun.i - 1
    while j >= noun.sent.start and (doc[j].pos_ == "ADJ" or doc[j].text == "-" or doc[j].lower_ in ("ex", "famous")
                                    or doc[j].lower_ in ROLE_NOUNS):
        j -= 1
    if j >= noun.sent.start and doc[j].lower_ in ("her", "his") and (ref := ctx.refs.get(j)) is not None:
        return ref.key
    return None


def people_of(ctx: DocContext, tok: Token, joined_pair_only: bool = False,
              through_nouns: bool = True) -> list[PersonArg]:
    """People a phrase headed by `tok` refers to, including conjuncts ('X and Y'). With
    `joined_pair_only`, 'their' and 'the pair' reach back only to two names joined by 'and'. With
    `through_nouns`, a partner noun stands for the partner it names ('split from his wife, X')."""
    out: list[PersonArg] = []
    if tok.lower_ in ("who", "whom") and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
        antecedent = tok.head.head
        while antecedent.dep_ == "conj" and antecedent.head.i != antecedent.i:
            antecedent = antecedent.head  # "Amara Quist and Dean Holm, who share": the whole coordination
        inside = any(t.i > tok.i for t in conjuncts(antecedent)) or tok.i > 0 and tok.doc[tok.i - 1].text == "("
        if inside and (ref := ctx.refs.get(tok.i)) is not None:
            # "Isaac, 7 (whom she shares with Jo) and son Lincoln, 3 (whom she shares with Javi)": a clause
            # inside the list, or in brackets, is of the name right before it, not of the whole list
            return [PersonArg(ref.key, ref.confidence)]
        return people_of(ctx, antecedent, joined_pair_only)
    for t in conjuncts(tok):
        ref = ctx.refs.get(t.i)
        noun = relation_noun_at(t) if ref is None else None
        if ref:
            out.append(PersonArg(ref.key, ref.confidence))
        elif noun and through_nouns and RELATION_NOUNS[noun].type.is_couple and t.pos_ == "NOUN":
            named = noun_targets(ctx, t)
            if named:
                out += named  # "split from his wife of 17 years, Christine Taylor"
            elif (owner := partner_owner(ctx, t)) is not None:
                out.append(PersonArg(PARTNER_OF + owner, 0.8))  # "with her husband": resolved after the rules
        elif t.lower_ == "their" and len(couple := _partner_and_owner_before(ctx, t)) == 2:
            out += couple  # "Her husband Jay and their three children": hers and his
        elif t.lower_ == "their" and len(subjects := ctx.clause_subject_people(t)) >= 2:
            out += [PersonArg(k, 0.8) for k in subjects]  # "Kim and Kanye pose with their children"
        elif t.lower_ == "their" and (siblings := _children_before_their_parent(ctx, t)):
            out += siblings  # "Princess Ana and Prince Leo with their mother Dana": children may own a parent
        elif t.lower_ == "their" and (group := group_subject(ctx, t)) is not None \
                and len(members := listed_group_before(ctx, group)) >= 2:
            out += members  # "Kim, Kourtney and Khloe ... The sisters were joined by their mom"
        elif t.lower_ in PLURAL_REFS or t.lower_ in ("they", "them", "their"):
            out += [PersonArg(k, 0.7) for k in current_pair(ctx, t, joined_pair_only)]
    return out


def _partner_and_owner_before(ctx: DocContext, their: Token) -> list[PersonArg]:
    """'her husband Jay Carter and their three children', 'Husband Jay and their kids': 'their' owns a
    noun coordinated with a partner named by a partner noun; the couple is that partner and the noun's owner."""
    owned = their.head
    if their.dep_ != "poss" or owned.dep_ != "conj" or (ref := ctx.refs.get(owned.head.i)) is None \
            or ref.kind != "name":
        return []
    name = owned.head
    nouns = [c for c in name.children if c.dep_ in ("compound", "amod") and c.i < name.i]
    if name.dep_ == "appos":
        nouns.append(name.head)
    for noun in nouns:
        entry = RELATION_NOUNS.get(relation_noun_at(noun) or "")
        if entry is not None and entry.type.is_couple:
            owners = [o for o in noun_owners(ctx, noun, [PersonArg(ref.key)]) if o.key != ref.key]
            if len(owners) == 1:
                return [owners[0], PersonArg(ref.key, ref.confidence)]
    return []


def _children_before_their_parent(ctx: DocContext, their: Token) -> list[PersonArg]:
    """'their' owning a parent noun ('their mother Kate') after two people joined by 'and' earlier in its
    sentence: those two, children or not. current_pair looks for a couple of adults; a parent's owners are
    usually children."""
    owned = their.head
    noun = relation_noun_at(owned) if their.dep_ == "poss" else None
    if noun is None or RELATION_NOUNS[noun].role != "parent":
        return []
    si = ctx.sent_of[their.i]
    named = [PersonArg(k, 0.8) for i, k in ctx.persons_in(si, their.i) if ctx.refs[i].kind == "name"]
    pairs = paired_by_and(ctx, named, ctx.sents[si], their.i)
    return list(pairs[-1]) if pairs else []


_COUPLE_WORDS = {"couple", "pair", "duo", "twosome", "lovebirds", "exes", "newlyweds"}
_COUPLE_CHAIN_SENTENCES = 30


def _names_the_couple(sent: Span, end: int) -> bool:
    """'the couple', "the pair's": a definite couple word that names no one itself ('the couple Ann and
    Bo' names them)."""
    return any(t.lower_ in _COUPLE_WORDS and is_definite(t) and not any(c.dep_ in ("appos", "conj") for c in
               t.children) for t in sent.doc[sent.start : end])


def current_pair(ctx: DocContext, tok: Token, joined_pair_only: bool = False) -> list[str]:
    """'the pair', 'their', 'they': the last two people named together before this, within seven sentences
    (and seven more past every 'the couple' on the way, up to 30): two names joined by 'and', or, within the
    first seven, the only two names of a sentence. Three names without a pair are not one."""
    si = ctx.sent_of[tok.i]
    back, limit = si + 1, si - 7
    while (back := back - 1) > max(-1, limit, si - _COUPLE_CHAIN_SENTENCES):
        sent = ctx.sents[back]
        end = tok.i if back == si else sent.end
        if _names_the_couple(sent, end):
            limit = back - 7  # "the couple's six kids ... the couple's concern": the story is still of that couple
        named = [k for i, k in ctx.persons_in(back, end) if ctx.refs[i].kind == "name"]
        # a couple is two adults: "daughter Ella Olivia, 15 and son Quinlin Dempsey, 12" is no pair
        pairs = [(a, b) for a, b in paired_by_and(ctx, [PersonArg(k) for k in named], sent, end)
                 if a.key not in ctx.children and b.key not in ctx.children
                 and not (a.key in ctx.offspring and b.key in ctx.offspring)]  # 'twins A and B': no couple
        if pairs:
            a, b = pairs[-1]
            # "Brad and Jen broke up after he made a film with his now wife Angelina Jolie. The couple now
            # have six children": a current partner named beside the pair is the couple that follows
            now = _current_partner_named(ctx, sent, end, {a.key, b.key})
            return now or [a.key, b.key]
        # past the first seven sentences only an 'and' pair: "Harry, who dates Meghan Markle, met Rihanna ...
        # the pair ... the pair became friends" is not of Harry and Meghan
        if not joined_pair_only and back > si - 7 and (two := _the_two_of_a_sentence(ctx, back, end, named)):
            return two  # "Bradley split from Irina in 2019, but the pair"
    return []


def _the_two_of_a_sentence(ctx: DocContext, sent_index: int, end: int, named: list[str]) -> list[str]:
    """The two adults a sentence refers to, when they read as a pair without an 'and': two names on one verb
    ('Bradley split from Irina'), or one name and one other person who is the described subject ('The
    57-year-old star married actress Angie Janu') or who owns a partner or friend noun before the name ('she
    ... with her boyfriend, director X'). The children named beside them do not make them three."""
    adults = [k for k in dict.fromkeys(named) if k not in ctx.children]
    if len(adults) == 2:
        return adults if _share_a_verb(ctx, sent_index, end, adults) else []
    everyone = {k for _, k in ctx.persons_in(sent_index, end)} - ctx.children
    if len(adults) != 1 or len(everyone) != 2 or _named_as_a_relative(ctx, sent_index, end, adults[0]):
        return []  # "Ohanian's late mother Anke": a relative is no half of a couple
    other = next(iter(everyone - set(adults)))
    described = {k for i, k in ctx.persons_in(sent_index, end) if ctx.refs[i].kind == "descriptor"}
    if other in described or _owned_partner_or_friend(ctx, sent_index, end, adults[0], other):
        return [adults[0], other]  # not "Her dad Bruce owns": a pronoun owning a family noun is no pair
    return []


_ARGUMENT_DEPS = {"nsubj", "nsubjpass", "dobj", "pobj", "prep", "agent", "dative", "conj", "appos", "compound",
                  "attr", "cc", "punct"}


def _share_a_verb(ctx: DocContext, sent_index: int, end: int, keys: list[str]) -> bool:
    """The two names hang on one verb, through arguments and prepositions only: 'Bradley split from Irina'
    is a pair, 'Queen Bey dressed in a gown by Alexandre Vauthier' is not (Vauthier hangs on the gown); or
    one is written after a partner noun ('with husband David')."""
    doc = ctx.doc

    def verb_of(key: str) -> set[int]:
        verbs: set[int] = set()
        for i, k in ctx.persons_in(sent_index, end):
            if k != key or ctx.refs[i].kind not in ("name", "pronoun"):
                continue
            node = doc[i]
            for _ in range(6):
                if node.pos_ in ("VERB", "AUX"):
                    while node.dep_ in ("aux", "auxpass") and node.head.i != node.i:
                        node = node.head  # 'Lang got engaged': the verb is 'engaged'
                    verbs.add(node.i)
                    break
                if node.dep_ not in _ARGUMENT_DEPS or node.head.i == node.i:
                    break
                if node.dep_ == "prep" and node.head.pos_ in ("NOUN", "PROPN") and node.head.i not in ctx.refs \
                        and node.head.lemma_.lower() not in _LEX.partnership_nouns:
                    break  # through a common noun's preposition: 'a gown by X' (not 'divorce from X')
                node = node.head
        return verbs

    def partner_noun_before(key: str) -> bool:  # 'trying for a baby with husband David'
        return any(k == key and i > 0 and ctx.refs.get(i - 1) is None and (noun := relation_noun_at(doc[i - 1]))
                   is not None and RELATION_NOUNS[noun].type.is_couple for i, k in ctx.persons_in(sent_index, end))

    return bool(verb_of(keys[0]) & verb_of(keys[1])) or partner_noun_before(keys[0]) or partner_noun_before(keys[1])


def _owned_partner_or_friend(ctx: DocContext, sent_index: int, end: int, key: str, owner: str) -> bool:
    """'with her friend and director Sofia': the name follows a partner or friend noun (at most four tokens
    before it) whose possessor is the other person of the sentence; not a family noun ('Her dad Bruce owns')."""
    doc = ctx.doc
    for i, k in ctx.persons_in(sent_index, end):
        if k != key:
            continue
        for j in range(max(0, i - 4), i):
            noun = relation_noun_at(doc[j])
            kind = RELATION_NOUNS[noun].type if noun is not None else None
            if kind is None or not (kind.is_couple or kind is RelationType.FRIEND):
                continue
            if any(c.dep_ == "poss" and (ref := ctx.refs.get(c.i)) is not None and ref.key == owner
                   for c in doc[j].children) or j > 0 and (ref := ctx.refs.get(j - 1)) is not None and ref.key == owner:
                return True
    return False


def _named_as_a_relative(ctx: DocContext, sent_index: int, end: int, key: str) -> bool:
    """'Ohanian's late mother Anke': the name follows a kinship noun in the sentence, so it is someone's
    relative, not one of a couple."""
    doc = ctx.doc
    return any(k == key and i > 0 and (i - 1 not in ctx.refs or ctx.refs[i - 1].key != key)
               and relation_noun_at(doc[i - 1]) for i, k in ctx.persons_in(sent_index, end))


_NOT_NOW = set(_LEX.modifiers["former"]) | {"first", "then", "late"}


def _current_partner_named(ctx: DocContext, sent: Span, end: int, pair: set[str]) -> list[str]:
    """'his now wife Angelina Jolie' in a sentence whose 'and' pair is another couple: [owner, partner] when
    the owner is one of the pair ('his' resolved to them) and the partner is a third person named there."""
    doc = sent.doc
    for tok in doc[sent.start : end]:
        noun = relation_noun_at(tok)
        entry = RELATION_NOUNS.get(noun or "")
        if entry is None or not entry.type.is_partnership or entry.plural:
            continue
        before = {t.lower_ for t in doc[max(sent.start, tok.i - 3) : tok.i]}
        if before & _NOT_NOW:
            continue
        owner = partner_owner(ctx, tok)
        ref = ctx.refs.get(tok.i + 1) or ctx.refs.get(tok.i + 2)
        if owner in pair and ref is not None and ref.kind == "name" and ref.key not in pair \
                and ref.key not in ctx.children:
            return [owner, ref.key]
    return []


def subjects(ctx: DocContext, verb: Token) -> list[PersonArg]:
    """The people who are the subject of `verb`, climbing through the clauses that inherit it."""
    node = verb
    for _ in range(4):
        subj = [c for c in node.children if c.dep_ in SUBJ_DEPS]
        if subj:
            people: list[PersonArg] = []
            for s in subj:
                people += people_of(ctx, s)
            return people
        if node.dep_ in ("xcomp", "advcl", "pcomp", "conj", "acomp", "ccomp", "prep", "pobj") \
                and node.head.i != node.i:
            node = node.head
            continue
        if node.dep_ in ("acl", "relcl") and node.head.i in ctx.refs:
            ref = ctx.refs[node.head.i]
            return [PersonArg(ref.key, ref.confidence)]
        break
    return []


_DESCRIPTOR_GLUE = {"and", "-", "on", "off", "former", "longtime", "then"}


def objects(ctx: DocContext, verb: Token, preps: frozenset[str]) -> list[PersonArg]:
    """The people `verb` is done to: its direct object, or the object of one of `preps`."""
    out: list[PersonArg] = []
    # the small parser often hangs "with Y" on the object instead of the verb
    holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "appos")]
    nxt = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if nxt is not None and nxt.lower_ in ("up", "ways", "off", "quits") and nxt not in holders:
        holders.append(nxt)  # "parted ways with Calvin Harris": 'with' hangs on 'ways'
    holders += [g for h in holders[1:] for g in h.children if g.dep_ == "appos"]
    for holder in holders:
        for c in holder.children:
            if holder is verb and c.dep_ in ("dobj", "attr", "oprd"):
                out += people_of(ctx, c)
            elif c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps:
                for p in c.children:
                    if p.dep_ == "pobj":
                        out += people_of(ctx, p)
    if not out and verb.pos_ in ("VERB", "NOUN", "ADJ"):
        # surface fallback: "dating Cooper", "divorce from Brady", "married to producer Sam Ekwueme"
        doc = verb.doc
        j = verb.i + 1
        if j < len(doc) and doc[j].lower_ in preps:
            j += 1
        skipped = 0
        # "splitting from Canadian rapper and on-off boyfriend Drake": descriptors, one 'and' and a partner
        # noun may stand between
        while j < len(doc) and skipped < 8 and j not in ctx.refs and (
                doc[j].lower_ in ROLE_NOUNS or doc[j].pos_ in ("DET", "ADJ") or doc[j].lower_ in _DESCRIPTOR_GLUE
                or (noun := RELATION_NOUNS.get(doc[j].lower_)) is not None and noun.type.is_couple):
            j += 1
            skipped += 1
        ref = ctx.refs.get(j)
        if ref is not None and ref.kind == "name":
            out.append(PersonArg(ref.key, ref.confidence * 0.9))
    return out


def paired_by_and(ctx: DocContext, people: list[PersonArg], sent: Span,
                  end: int | None = None) -> list[tuple[PersonArg, PersonArg]]:
    """'Josh Murray and Amanda Stanton, Grant Kemp and Lace Morris get engaged': with more than two
    people, only names joined by a bare 'and' are couples."""
    wanted = {p.key for p in people}
    confidence = {p.key: p.confidence for p in people}
    spans: list[tuple[int, int, str]] = []  # name mentions in order: (first token, last token, key)
    for i in ctx.refs_by_sent[ctx.sent_of[sent.start]]:
        if end is not None and i >= end:
            break
        ref = ctx.refs.get(i)
        if ref is None or ref.kind != "name" or ref.key not in wanted:
            continue
        if spans and spans[-1][2] == ref.key and spans[-1][1] == i - 1:
            spans[-1] = (spans[-1][0], i, ref.key)
        else:
            spans.append((i, i, ref.key))
    pairs = []
    for (_, end_a, a), (start_b, _, b) in zip(spans, spans[1:], strict=False):
        # "Ben Stiller, 51, and Christine Taylor": ages and commas between the names do not count
        gap = sent.doc[end_a + 1 : start_b]
        with_age = any(t.text.isdigit() for t in gap)
        # "Princess Ana and Prince Leo": a title written before the second name is not between them
        between = [t.lower_ for t in gap if not t.text.isdigit() and not (with_age and t.text == ",")
                   and not (t.i == start_b - 1 and t.lower_ in _GIVEN_NAME_TITLES)]
        if between in (["and"], ["&"]) and a != b and start_b - end_a <= 6:
            pairs.append((PersonArg(a, confidence[a]), PersonArg(b, confidence[b])))
    return pairs


def surface_possessors(ctx: DocContext, noun: Token) -> list[PersonArg]:
    """'X and Y's romance', 'her split': possessors read off the words before the noun."""
    doc = noun.doc
    j = noun.i - 1
    while j >= 0 and doc[j].pos_ == "ADJ":
        j -= 1
    if j < 1 or doc[j].text not in ("'s", "'"):
        return []
    j -= 1
    out: list[PersonArg] = []
    while j >= 0 and j in ctx.refs:
        key = ctx.refs[j].key
        if not out or out[-1].key != key:
            out.append(PersonArg(key, ctx.refs[j].confidence))
        j -= 1
        while j >= 0 and j in ctx.refs and ctx.refs[j].key == key:
            j -= 1
        if j >= 1 and doc[j].lower_ in ("and", "&") and not relation_noun_at(doc[j - 1 - _name_length(ctx, j - 1)]):
            j -= 1  # "Kylie and Travis's daughter"; not "her niece Penelope and Scott's girlfriend"
        else:
            break
    return out


def _name_length(ctx: DocContext, last: int) -> int:
    """How many tokens the name ending at `last` spans (0 if no name ends there)."""
    if last not in ctx.refs:
        return 0
    key, n = ctx.refs[last].key, 0
    while last - n >= 0 and (ref := ctx.refs.get(last - n)) is not None and ref.key == key:
        n += 1
    return n


def opening_pair(ctx: DocContext, token: Token) -> list[PersonArg]:
    """Two names joined by 'and' at the very start of the sentence, before `token`."""
    sent = token.sent
    spans: list[tuple[int, int, str]] = []
    i = sent.start
    while i < token.i and len(spans) < 2:
        ref = ctx.refs.get(i)
        if ref is None or ref.kind != "name":
            break
        end = i
        while end + 1 < token.i and ctx.refs.get(end + 1) and ctx.refs[end + 1].key == ref.key:
            end += 1
        spans.append((i, end, ref.key))
        i = end + 1
        if len(spans) == 1:
            if i < token.i and ctx.doc[i].lower_ in ("and", "&"):
                i += 1
            else:
                break
    if len(spans) == 2 and spans[0][2] != spans[1][2]:
        return [PersonArg(spans[0][2], 0.9), PersonArg(spans[1][2], 0.9)]
    return []


def named_list_after(ctx: DocContext, noun: Token) -> list[PersonArg]:
    """The names listed right after a plural kinship noun: 'his two sons, Eli, 15, and Jude, 10',
    'their kids Ivy and Cole'. Commas, ages and 'and' may separate them; anything else ends the list."""
    doc = noun.doc
    out: list[PersonArg] = []
    j = noun.i + 1
    sent_end = noun.sent.end
    if j < sent_end and doc[j].lower_ == "together":  # "six children together, Maddox, 13, Pax, 11, ..."
        j += 1
    if j + 3 < sent_end and of_ones_own_at(doc, j):
        j += 3  # "two teen daughters of his own, Brooke and Brittany"
    if j < sent_end and doc[j].lower_ in ("from", "with", "by"):  # "two sons from his first marriage, Eli"
        comma = next((k for k in range(j, min(sent_end, j + 7)) if doc[k].text == ","), None)
        if comma is None or any(k in ctx.refs and ctx.refs[k].kind == "name" for k in range(j, comma)):
            return []
        j = comma + 1
    while j < sent_end:
        ref = ctx.refs.get(j)
        if ref is not None and ref.kind == "name":
            if not out or out[-1].key != ref.key:
                out.append(PersonArg(ref.key, ref.confidence))
            j += 1
            continue
        t = doc[j]
        # "kids: Ivy and Cole", "three children \u2014 Ada, Ezra and Bea", "Eli (15) and Jude (10)", "sons Rafael,
        # four, and Levi, one, and daughter Rivka", "Blue Ivy, 5, and 5-month-old twins Rumi and Sir"
        if t.text in _LIST_PUNCT or t.lower_ in ("and", "&") or t.like_num or t.lower_ in _AGE_WORDS \
                or (t.lower_ in RELATION_NOUNS and RELATION_NOUNS[t.lower_].role == "child"):
            j += 1
            continue
        # "best friends, including Tom Inskip", "friends Jessica Mulroney and fashion designer Misha Nonoo": a
        # list opener, and a person's job before their name
        if t.lower_ == "including" and not out or t.text.islower() and (
                t.lower_ in ROLE_NOUNS or t.dep_ in ("compound", "amod") and t.head.lower_ in ROLE_NOUNS):
            j += 1
            continue
        break
    return out


_LIST_PUNCT = {",", "(", ")", ":", ";", "\u2014", "\u2013", "-"}
# plural nouns that stand for a group of three or more as well as two: 'the sisters', 'the girls', 'the trio'
GROUP_WORDS = frozenset(_LEX.people["group_refs"])


def _name_lists(ctx: DocContext, si: int, end: int | None) -> list[list[PersonArg]]:
    """The lists of two or more names in a sentence (before `end`): names joined by commas and one 'and'
    or '&' ('Kim, Kourtney and Khloe'), ages allowed between ('Eli, 15, and Jude')."""
    doc = ctx.doc
    lists: list[list[PersonArg]] = []
    current: list[PersonArg] = []
    last = -1
    for i in ctx.refs_by_sent[si]:
        if end is not None and i >= end:
            break
        ref = ctx.refs[i]
        if ref.kind != "name":
            continue
        if current and last == i - 1 and current[-1].key == ref.key:
            last = i
            continue  # the next token of the same name
        gap = [t.text.lower() for t in doc[last + 1 : i]] if current else []
        joined = bool(gap) and all(w in (",", "and", "&") or w.isdigit() for w in gap)
        if current and joined and not any(p.key == ref.key for p in current):
            current.append(PersonArg(ref.key, 0.7))
        else:
            if len(current) >= 2:
                lists.append(current)
            current = [PersonArg(ref.key, 0.7)]
        last = i
    if len(current) >= 2:
        lists.append(current)
    return lists


def listed_group_before(ctx: DocContext, tok: Token, sentences: int = 1,
                        without: frozenset[str] = frozenset()) -> list[PersonArg]:
    """'Kim, Kourtney and Khloe stepped out. The sisters were joined by their mom': the last list of names
    before a definite group word, in its own sentence or up to `sentences` before, leaving out lists with
    anyone in `without`."""
    si = ctx.sent_of[tok.i]
    for back in range(si, si - sentences - 1, -1):
        if back < 0:
            break
        lists = [group for group in _name_lists(ctx, back, tok.i if back == si else None)
                 if not any(p.key in without for p in group)]
        if lists:
            return lists[-1]
    return []


def counted_group_before(ctx: DocContext, tok: Token, size: int, sentences: int = 3) -> list[PersonArg]:
    """'Walter Parks, Steve Martin, Martin Short and Tom Hanks. ... The four friends share one car': the last
    list of exactly `size` names in the group word's sentence (before it) or up to `sentences` before."""
    si = ctx.sent_of[tok.i]
    for back in range(si, si - sentences - 1, -1):
        if back < 0:
            break
        lists = [group for group in _name_lists(ctx, back, tok.i if back == si else None) if len(group) == size]
        if lists:
            return lists[-1]
    return []


def group_subject(ctx: DocContext, tok: Token) -> Token | None:
    """The definite group word that is the subject of `tok`'s clause: 'The sisters were joined by their mom'."""
    node = tok
    for _ in range(6):
        if node.head.i == node.i:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            for c in node.children:
                if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in GROUP_WORDS and is_definite(c):
                    return c
            return None
    return None


_AGE_WORDS = {"year", "years", "month", "months", "week", "weeks", "day", "days", "old", "-year-old", "little",
              "baby", "newborn", "twin", "twins", "youngest", "eldest", "oldest", "younger", "older"}


def _plain_apposition(noun: Token, appos: Token) -> bool:
    """'his wife of 17 years, Christine Taylor' is one apposition; 'her mom, her band and producer Len Tapia'
    is a list, whose last name the parser hangs on the first noun."""
    between = noun.doc[noun.i + 1 : appos.left_edge.i]
    return not any(t.lower_ in ("and", "&", "or") or t.dep_ == "poss" for t in between)


def _without_own_noun_conjuncts(ctx: DocContext, head: Token, noun: Token) -> list[PersonArg]:
    """The people of `head` and its conjuncts but those with a noun of their own: in "BFF Kelly Rowland and
    star Cynthia Erivo" only Kelly Rowland is the BFF."""
    own_noun = {ctx.refs[t.i].key for t in conjuncts(head) if t.i != head.i and t.i in ctx.refs
                and (any(c.dep_ in ("compound", "amod", "nmod") and c.i != noun.i and c.text.islower()
                         and (c.lower_ in ROLE_NOUNS or relation_noun_at(c)) for c in t.children)
                     or any(c.dep_ == "case" for c in t.children))}  # 'and Scott's girlfriend': a possessor
    return [p for p in people_of(ctx, head) if p.key not in own_noun]


def _is_epithet(tok: Token) -> bool:
    """'the mother of his children', 'the love of his life': a definite noun with its own 'of' phrase."""
    return any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children) and any(
        c.dep_ == "prep" and c.lower_ == "of" for c in tok.children)


def noun_targets(ctx: DocContext, noun: Token) -> list[PersonArg]:
    """The person a kinship noun names: 'ex Zayn Malik', 'her ex, Zayn Malik', 'X is his wife'."""
    doc = noun.doc
    entry = RELATION_NOUNS.get(relation_noun_at(noun) or "")
    if entry is not None and entry.plural:
        listed = named_list_after(ctx, noun)
        if len(listed) >= 2:
            return listed
    # the noun modifies a name: "pal Leonardo DiCaprio", "daughter Khai"; not "X's grandmother, Y", where the
    # name before is the possessor
    possessed = noun.i >= 2 and doc[noun.i - 1].text in ("'s", "'", "\u2019s") and (
        (poss := ctx.refs.get(noun.i - 2)) is not None and poss.key == ctx.key(noun.head))
    # "Jada, her mother Adrienne and daughter Willow": an apposition with a name of its own names that one
    names_its_own = noun.dep_ == "appos" and any(c.dep_ == "appos" and c.i > noun.i and c.i in ctx.refs
                                                 for c in noun.children)
    if noun.dep_ in ("compound", "amod", "nmod", "appos") and noun.head.i in ctx.refs and not possessed \
            and ctx.refs[noun.head.i].kind == "name" and not names_its_own:
        if noun.i > 1 and doc[noun.i - 1].text == "(" and (before := ctx.refs.get(noun.i - 2)) is not None \
                and before.kind == "name":
            # "William H. Macy, Felicity Huffman and Mamie Gummer (daughter of Meryl Streep)": a bracketed gloss
            # is of the one name right before it (wherever the parser hangs it), not of the names listed with it
            return [PersonArg(before.key, before.confidence)]
        return _without_own_noun_conjuncts(ctx, noun.head, noun)
    # "He's the best father Lea and I could dream of": a predicate noun names the copula's subject
    if noun.dep_ == "attr" and noun.head.lemma_ == "be" and any(
            c.dep_ == "det" and c.lower_ in ("the", "a", "an") for c in noun.children):
        for c in noun.head.children:
            if c.dep_ == "nsubj" and (people := people_of(ctx, c)):
                return people
    for c in noun.children:
        if c.dep_ == "appos" and c.i > noun.i and _plain_apposition(noun, c):
            # not through another kinship noun: "her sister Kourtney's former partner" names no sister
            people = [p for p in people_of(ctx, c, through_nouns=False)
                      if p.key in {q.key for q in _without_own_noun_conjuncts(ctx, c, noun)}]
            if people:
                return people
    # "Bloom, a former truTV anchor and lawyer Gloria Allred's daughter": a conjunct of an apposition
    node = noun.head if noun.dep_ == "conj" else noun
    if node is not noun and node.dep_ == "appos" and node.head.i in ctx.refs \
            and ctx.refs[node.head.i].kind == "name":
        return people_of(ctx, node.head)
    # "his wife and the mother of his children, Rita": an epithet ('the N of ...') coordinated with the noun
    # names the same person, so the apposition after it is the noun's too
    for c in noun.children:
        if c.dep_ == "conj" and _is_epithet(c) and (appos := [g for g in noun.children if g.dep_ == "appos"
                                                             and g.i > c.i and g.i in ctx.refs]):
            return people_of(ctx, appos[0], through_nouns=False)
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and relation_noun_at(noun.head.head):
        return []  # 'the mother of his children, Rita': the children are the owner, not the apposition
    # surface fallback: the name starts right after the noun (", " and 'together' allowed), after the rest of
    # a phrase the noun heads ('father - in - law , Ken Watts')
    j = after = noun.i + 1 + (len(entry.tokens) - 1 - entry.head_index if entry is not None else 0)
    while j < len(doc) and j < after + 2 and (doc[j].text == "," or doc[j].lower_ == "together"):
        j += 1
    # "her boyfriend, singer Theo Brandt": a role noun between
    role_start = j
    while j < len(doc) and j < role_start + 2 and doc[j].text.islower() and doc[j].lower_ in ROLE_NOUNS:
        j += 1
    if j < len(doc) and j in ctx.refs and ctx.refs[j].kind == "name" and j != noun.head.i:
        ref = ctx.refs[j]
        if ctx.sent_of.get(j) == ctx.sent_of.get(noun.i):
            return [PersonArg(ref.key, ref.confidence)]
    # "a daughter named Wren", "a son called Rhys"
    for c in noun.children:
        if c.dep_ in ("acl", "relcl") and c.lower_ in ("named", "called", "dubbed"):
            for g in c.children:
                if g.i in ctx.refs:
                    return people_of(ctx, g)
            if c.i + 1 < len(doc) and (ref := ctx.refs.get(c.i + 1)) is not None:
                return [PersonArg(ref.key, ref.confidence)]
    # copula: "Y is X's wife"
    if noun.dep_ == "attr" and noun.head.lemma_ == "be":
        for c in noun.head.children:
            if c.dep_ == "nsubj":
                return people_of(ctx, c)
    # the other way round: "X's mother is soul singer Loretta Blount", "whose daughter is Britt Olsen"
    if noun.dep_ == "nsubj" and noun.head.lemma_ == "be":
        for c in noun.head.children:
            if c.dep_ == "attr" and c.i in ctx.refs:
                return people_of(ctx, c)
    # "The 29-year-old mother of King Cairo was seen": the noun is itself a descriptor of someone named before
    if (ref := ctx.refs.get(noun.i)) is not None and ref.kind == "descriptor":
        return [PersonArg(ref.key, ref.confidence)]
    return []


def partner_after_with(ctx: DocContext, start: Token, window: int = 14) -> PersonArg | None:
    """The person named after the next 'with' of the clause: '... three children, Ada, Ezra and Bea, with ex-wife
    Sylvie Quill', "Nina Ashby's son with her first husband, Paul Ashby"."""
    doc, sent = start.doc, start.sent
    k = start.i + 1
    while k < min(sent.end, start.i + window) and doc[k].lower_ != "with":
        if doc[k].pos_ in ("VERB", "AUX") or doc[k].text in (";", ":"):
            return None
        k += 1
    if k >= min(sent.end, start.i + window):
        return None
    m = skip_to_partner(ctx, k + 1, sent.end)
    ref = ctx.refs.get(m)
    return PersonArg(ref.key, ref.confidence * 0.9) if ref is not None and ref.kind == "name" else None


def skip_to_partner(ctx: DocContext, m: int, end: int) -> int:
    """From the word after 'with', past possessives, 'ex', kinship and role nouns to the partner's name:
    'with his ex-wife, Mona Sade', 'with her first husband, Paul Ashby'."""
    doc = ctx.doc
    while m < end and (doc[m].lower_ in _SKIP_BEFORE_PARTNER or doc[m].text == "," or doc[m].lower_ in RELATION_NOUNS
                       or doc[m].pos_ == "ADJ" or doc[m].lower_ in ROLE_NOUNS) \
            and (m not in ctx.refs or ctx.refs[m].kind != "name"):
        m += 1
    return m


def _couple_of_definite_children(ctx: DocContext, noun: Token, target_keys: set[str]) -> list[PersonArg]:
    """'the kids', 'the six children' naming a list, with no owner written: the couple the article last
    named (the story of a family); never when the list holds one of them."""
    entry = RELATION_NOUNS.get(relation_noun_at(noun) or "")
    if entry is None or entry.role != "child" or not entry.plural or len(target_keys) < 2:
        return []
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return []
    pair = current_pair(ctx, noun, joined_pair_only=True)
    if len(pair) == 2 and not target_keys & set(pair):
        return [PersonArg(k, 0.75) for k in pair]
    return []


_SKIP_BEFORE_PARTNER = {"his", "her", "their", "ex", "-", "former", "estranged", "longtime", "the", "a", "first",
                        "second"}


def _listed_as_child(ctx: DocContext, name: Token, key: str) -> bool:
    """The name is one of the children a plural or singular child noun before it lists ('daughters Kendall
    and Kylie', 'son Bo')."""
    for k in range(name.i - 1, max(name.sent.start, name.i - 12) - 1, -1):
        noun = relation_noun_at(name.doc[k])
        if noun is not None and RELATION_NOUNS[noun].role == "child":
            return key in {p.key for p in named_list_after(ctx, name.doc[k])}
    return False


def family_members(ctx: DocContext, family: Token, noun: Token) -> list[PersonArg]:
    """"the Hadids' mother Yolanda", "the Obamas' daughters": a family written as 'the <Surname>s'' owns the
    noun; its members are the article's people of that surname. Not its children when the noun names a child
    ("the Beckhams' son" is David's and Victoria's, not his brother's); not one named in the same sentence
    when it names a parent ("before Kris Jenner, the Jenners' father Caitlyn": she is the other parent)."""
    doc = family.doc
    if not (family.tag_ in ("NNP", "NNPS") and family.text.endswith("s") and family.i > 0
            and doc[family.i - 1].lower_ == "the" and family.i + 1 < len(doc) and doc[family.i + 1].text == "'"):
        return []
    stems = {family.lower_[:-1]} | ({family.lower_[:-2]} if family.lower_.endswith("es") else set())
    entry = relation_noun_at(noun)
    role = RELATION_NOUNS[entry].role if entry is not None else ""
    in_sentence = {ctx.refs[i].key for i in range(noun.sent.start, noun.sent.end) if i in ctx.refs}
    return [PersonArg(key, 0.85) for key, person in ctx.people.items()
            if not person.single_name and person.name.split()[-1].lower() in stems
            and not (role == "child" and key in ctx.children) and not (role == "parent" and key in in_sentence)]


def noun_owners(ctx: DocContext, noun: Token, targets: list[PersonArg], start: int | None = None) -> list[PersonArg]:
    """Whose relative the kinship noun names: the possessor, the name before 'and', 'of'/'for' X, or the
    subject of the clause ('Hadid shares Khai with ex Zayn Malik'). `start` is the first token of a
    hyphenated noun ('ex - wife'), whose possessor the parser may hang on any of its pieces."""
    target_keys = {p.key for p in targets}
    doc = noun.doc
    for piece in doc[start if start is not None else noun.i : noun.i]:
        for c in piece.children:
            if c.dep_ == "poss" and (owners := [p for p in people_of(ctx, c) if p.key not in target_keys]):
                return owners
    if owners := [p for c in noun.children if c.dep_ == "poss"
                  for p in family_members(ctx, c, noun) if p.key not in target_keys]:
        return owners
    # "Scott Disick's girlfriend Sofia": a name with 's right before the noun owns it, however it is parsed
    if owners := [p for p in surface_possessors(ctx, noun) if p.key not in target_keys]:
        return owners

    def others(people: list[PersonArg]) -> list[PersonArg]:
        return [p for p in people if p.key not in target_keys]

    # "Tom Hanks and wife Rita Wilson", "Matt Damon and his wife, Luciana": the name before the 'and'
    j = noun.i - 1
    # past adjectives, 'ex-', and an article with an age: "... son named Jace and a one-year-old daughter named"
    while j >= 0 and (doc[j].pos_ == "ADJ" or doc[j].text == "-" or doc[j].lower_ in ("ex", "year", "month", "week")
                      or doc[j].lower_ in ("a", "an") and doc[j].dep_ == "det" or doc[j].like_num and j + 1 < noun.i
                      and doc[j + 1].text == "-"):
        j -= 1
    if j >= 0 and doc[j].lower_ in ("his", "her", "their"):
        j -= 1
    named_at = j - 1  # the token before the 'and'
    if j >= 5 and doc[j].lower_ in ("and", "&") and doc[j - 1].text == "," and doc[j - 2].like_num \
            and doc[j - 3].text == "," and (j - 4) in ctx.refs and relation_noun_at(doc[j - 5]):
        named_at = j - 4  # "daughter Sofia, 13, and mother Vicki": the age belongs to the relative before
    if j >= 1 and doc[j].lower_ in ("and", "&") and (ref := ctx.refs.get(named_at)) is not None \
            and ref.key not in target_keys and (ref.kind == "name" or ref.kind == "pronoun"):
        # "Jada, her mother Adrienne and daughter Willow": the name before 'and' is itself a relative in a
        # list, so the list's owner owns this noun too
        first = named_at
        while first - 1 >= 0 and (prev := ctx.refs.get(first - 1)) is not None and prev.key == ref.key:
            first -= 1
        # "sons Bo and Max and ex-husband Tom": back over the rest of the list to the noun that heads it
        k = first - 1
        while k > noun.sent.start and (k in ctx.refs and ctx.refs[k].kind == "name" or doc[k].text in (",", "and")
                                       or doc[k].like_num):
            k -= 1
        if k < first - 1 and relation_noun_at(doc[k]):
            first = k + 1
        earlier = doc[first - 1] if first >= 1 else None
        if earlier is not None and earlier.lower_ in ("named", "called") and first >= 2:
            earlier = doc[first - 2]  # "a son named Jace and a daughter named Ensley"
        if earlier is not None and relation_noun_at(earlier) and earlier.i != noun.i:
            # the list's owner, or nobody: in "parents to son Max, 4, and daughter Ada" Max owns nothing
            return others(noun_owners(ctx, earlier, [PersonArg(ref.key)]))
        return [PersonArg(ref.key, ref.confidence)]
    # "her close friends and fiancé Randall Emmett": a relation noun coordinated with a noun a possessive owns
    # is that possessor's, however the parser reads it (it took 'fiancé' for a verb of the clause)
    if j >= 2 and doc[j].lower_ in ("and", "&"):
        k = j - 1
        while k > max(0, j - 5) and doc[k].text.islower() and doc[k].pos_ in ("NOUN", "ADJ"):
            k -= 1
        if k < j - 1 and doc[k].tag_ == "PRP$" and (ref := ctx.refs.get(k)) is not None \
                and ref.key not in target_keys:
            return [PersonArg(ref.key, ref.confidence * 0.9)]
    # "her father Gary, the disgraced brother of Carole": an owner written after 'of' is the owner, even
    # when the resolver does not know them; the possessors up the apposition chain are not
    if noun.dep_ == "appos" and any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.pos_ == "PROPN" for g in c.children) for c in noun.children):
        return others([p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"
                       for g in c.children if g.dep_ == "pobj" for p in people_of(ctx, g)])
    # possessor of the noun, or of the name it modifies, or up a chain of conjuncts/appositions; not past a
    # noun whose owner is written after it ("Kourtney's former partner (and the father of her children)")
    node = noun
    own_of = any(c.dep_ == "prep" and c.lower_ in ("of", "for", "to") for c in noun.children)
    for _ in range(1 if own_of else 4):
        for c in node.children:
            if c.dep_ == "poss" and (owners := others(people_of(ctx, c))):
                surface = others(surface_possessors(ctx, noun)) if node is noun else []
                return surface if len(surface) > len(owners) else owners  # "Kylie and Travis's daughter"
        if node.dep_ in ("compound", "amod", "nmod") or node.dep_ in ("conj", "appos") and node.head.i != node.i:
            node = node.head
            continue
        break
    if any(c.dep_ == "poss" and c.pos_ == "PROPN" for c in noun.children):
        return []  # "hitched to Princess Anne's son, Peter": the owner is named, though not as a person we know
    # "mom to daughter Wren, 2", "parents to son Milo and daughter Wren": the children named after 'to' own the
    # parent noun, by word order (the small parser reads 'to daughter' as an infinitive)
    entry = RELATION_NOUNS.get(relation_noun_at(noun) or "")
    if entry is not None and entry.role == "parent" and noun.i + 1 < len(doc) and doc[noun.i + 1].lower_ == "to" \
            and (listed := named_list_after(ctx, doc[noun.i + 1])):
        # a parent taken from that list ('The couple are parents to son Bram and daughter Ida' with no couple
        # named) is no parent: the list is the children
        return [] if target_keys & {p.key for p in listed} else listed
    for c in noun.children:  # "Fitz is the second child for Reinholt", "the daughter of Kris Jenner"
        if c.dep_ == "prep" and c.lower_ in ("of", "for", "to") \
                and not of_ones_own_at(doc, c.i):  # not "daughters of his own, Nell"
            found: list[PersonArg] = []
            written = False  # an owner written as a proper name ('the brother of Carole') that no one resolves
            for g in c.children:
                if g.dep_ == "pobj":  # "parents of son Ashton", "mom to a daughter named Wren"
                    found += people_of(ctx, g) or (noun_targets(ctx, g) if relation_noun_at(g) else [])
                    written = written or g.pos_ == "PROPN"
            k = c.i + 1
            while k < len(doc) and k < c.i + 3 and doc[k].text.islower() and doc[k].lower_ in ROLE_NOUNS:
                k += 1  # "the daughter of actor Ron Lane and model Edna Lane" (the parser takes 'model' for a verb)
            if len(found) == 1 and c.lower_ in ("of", "to") and (first := ctx.refs.get(k)) is not None \
                    and first.kind == "name" and first.key == found[0].key:  # "a mom to Michael, 20, and Lola, 16"
                found = list(dict.fromkeys(found + named_list_after(ctx, c)))
            if owners := others(found):
                return owners
            # the owner is stated: never fall back to the clause's subject; also when it is an unnamed
            # relative ('the father of her children' is no parent of 'her')
            if (written or any(g.dep_ == "pobj" and relation_noun_at(g) for g in c.children)) and c.lower_ == "of":
                return []
    if noun.dep_ in ("compound", "amod") and noun.head.i in ctx.refs:
        for c in noun.head.children:
            if c.dep_ == "poss" and (owners := others(people_of(ctx, c))):
                return owners
    # a headline's "A and B Celebrate Son Sasha's Birthday": the pair that opens the sentence
    if noun.sent.start_char < ctx.title_end:
        opening = opening_pair(ctx, noun)
        if opening and not target_keys & {p.key for p in opening}:
            return opening
    # no possessor: the subject of the clause ("Hadid shares Khai with ex Zayn Malik")
    head = noun.head if noun.dep_ in ("compound", "amod", "nmod") else noun
    # ('npadvmod': "recounted events to grandma Barbara", where the parser reads 'to grandma' as a verb)
    if head.dep_ in ("pobj", "dobj", "appos", "attr", "npadvmod") or head.dep_ == "conj":
        verb = head.head
        for _ in range(6):
            if verb.dep_ not in ("prep", "pobj", "conj", "appos", "dobj", "attr", "acomp") \
                    or verb.pos_ in ("VERB", "AUX"):
                break
            if verb.dep_ == "prep" and verb.lower_ == "with" and (ref := ctx.refs.get(verb.head.i)) is not None \
                    and ref.kind == "name" and ref.key not in target_keys and ref.key not in ctx.children \
                    and not _listed_as_child(ctx, verb.head, ref.key):
                # caption: "Ravi (left) with son Kabir"; not "shares daughters Kendall and Kylie with ex-wife
                # Kris": there the children's parent, the clause's subject, is the ex-wife's partner
                return [PersonArg(ref.key, ref.confidence * 0.9)]
            verb = verb.head
        if verb.pos_ in ("VERB", "AUX"):
            if owners := others(subjects(ctx, verb)):
                return owners
            if verb.dep_ == "relcl":  # "their brood, which includes sons Brooklyn and Romeo": whose brood
                for c in verb.head.children:
                    if c.dep_ == "poss" and (owners := others(people_of(ctx, c))):
                        return owners
            return _couple_of_definite_children(ctx, noun, target_keys)
    # "Kim said that husband Kanye is her rock", "Aniston has no doubt that husband Justin is the one": the
    # relative is the subject of a clause another person's clause governs; that person owns the noun
    if head.dep_ in SUBJ_DEPS and (owners := _governing_subject(ctx, head, target_keys)):
        return owners
    # "the six kids — Maddox, 15; Pax, 12; ...": children named as 'the kids' are the current couple's
    if (owners := _couple_of_definite_children(ctx, noun, target_keys)):
        return owners
    # the parser gave no verb (a verb tagged NOUN: 'Kim Roarke shares Khai with ex Tyson Bell'): the name that
    # opens the sentence, when it stands before the noun
    sent = noun.sent
    first = ctx.refs.get(sent.start) or (ctx.refs.get(sent.start + 1) if sent.start + 1 < noun.i else None)
    if first is not None and first.kind == "name" and first.key not in target_keys and first.token < noun.i \
            and not any(t.pos_ in ("VERB", "AUX") and t.i < noun.i for t in sent):
        return [PersonArg(first.key, first.confidence * 0.8)]
    return _subject_before(ctx, noun, target_keys)


def _governing_subject(ctx: DocContext, subject: Token, target_keys: set[str]) -> list[PersonArg]:
    """The people who are the subject of the clause that governs `subject`'s clause (a clausal complement, or
    a clause on a noun of that clause), adults other than the targets."""
    clause = subject.head
    if clause.dep_ not in ("ccomp", "acl", "advcl"):
        return []
    node = clause.head
    for _ in range(3):
        if node.pos_ in ("VERB", "AUX"):
            return [PersonArg(p.key, p.confidence * 0.85) for p in subjects(ctx, node)
                    if p.key not in target_keys and p.key not in ctx.children]
        if node.head.i == node.i:
            break
        node = node.head  # 'has no doubt that ...': through the noun to its verb
    return []


def _subject_before(ctx: DocContext, noun: Token, target_keys: set[str]) -> list[PersonArg]:
    """'Bey sang at the wedding. Husband Jay and their kids were not there': a partner noun opening its
    sentence with no owner written is the partner of the one person who is the subject of the sentence
    before, when the noun names someone else."""
    entry = RELATION_NOUNS.get(relation_noun_at(noun) or "")
    if entry is None or not entry.type.is_couple or any(t.pos_ != "ADJ" for t in noun.sent[: noun.i - noun.sent.start]):
        return []
    si = ctx.sent_of[noun.i]
    if si == 0 or noun.sent.start_char < ctx.title_end:
        return []
    subject_tokens = [t for i in ctx.refs_by_sent[si - 1] if ctx.doc[i].dep_ in SUBJ_DEPS
                      for t in conjuncts(ctx.doc[i])]
    before = {ctx.refs[t.i].key for t in subject_tokens if t.i in ctx.refs
              and ctx.refs[t.i].kind in ("name", "pronoun")} - target_keys - ctx.children
    if len(before) != 1:
        return []
    return [PersonArg(next(iter(before)), 0.8)]
