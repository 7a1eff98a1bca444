"""The document context: built once per article, then read by every rule.

It holds the sentences, the people the resolver found, every reference to a person (names, and the
pronouns, descriptors and relative pronouns resolved to them) and the entity state the coreference reads:
each person's gender, stated ages, whether they are a child, the descriptors the article gives them and
how often they are mentioned.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from spacy.tokens import Doc, Span, Token

from transforms.extraction.facts import Ref
from transforms.extraction.lexicon import lexicon
from transforms.extraction.names import first_name_gender
from transforms.extraction.people import CASTING_VERBS, PersonResolver, occurrence_verdict

_LEX = lexicon()
# the head word of every relation noun ('friend' of 'best friend', 'husband' of 'ex-husband')
_RELATION_HEADS = frozenset(n.tokens[n.head_index] for n in _LEX.relation_nouns.values())
ROLE_NOUNS = _LEX.people["role_nouns"]
ADULT_ROLE_NOUNS = _LEX.people["adult_role_nouns"]
PLURAL_REFS = _LEX.people["plural_refs"]
PRONOUNS_F = {"she", "her", "hers", "herself"}
PRONOUNS_M = {"he", "him", "his", "himself"}
RELATIVE_PRONOUNS = {"who", "whom", "whose"}
SUBJ_DEPS = {"nsubj", "nsubjpass"}
_DEFINITE = {"the", "this", "that", "both"}
CHILD_AGE = 16  # under this a person is a child: never the antecedent of an adult role or a subject "she"
FICTION_PAGE_WORDS = _LEX.people["fiction_page_words"]
REAL_LIFE_WORDS = _LEX.people["real_life_words"]
PLAY_LEMMAS = _LEX.people["play_lemmas"]
# whole words only: 'Girls' holds no 'IRL'
_REAL_LIFE = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(REAL_LIFE_WORDS)) + r")\b", re.IGNORECASE)
ROLE_WITH_AS_LEMMAS = _LEX.people["role_with_as_lemmas"]
ROLE_WITH_AS_VERBS = _LEX.people["role_with_as_verbs"]
# a page about a work of fiction: this many fiction words and casting marks per 1,000 words (at least 8),
# or 30 in all (a long cast list). Measured on the corpus: 2% of GossipCop pages, none holding a gold relation.
FICTION_PAGE_RATE, FICTION_PAGE_MIN, FICTION_PAGE_ANY = 12, 8, 30


FIRST_PERSON = frozenset({"i", "my", "me", "mine", "myself"})
SPEECH_LEMMAS = frozenset(_LEX.people["speech_lemmas"])
_OPEN_QUOTES = {"\u201c"}
_CLOSE_QUOTES = {"\u201d"}


def _quotations(texts: list[str]) -> list[tuple[int, int]]:
    """(first token, token after the closing mark) of each quotation, from the token texts: straight double
    quotes pair up in order, curly ones open and close; an unclosed quotation runs to the end of its
    paragraph (a whitespace token holding a blank line)."""
    out: list[tuple[int, int]] = []
    start: int | None = None
    for i, text in enumerate(texts):
        if text == '"' and start is None or text in _OPEN_QUOTES:
            start = i + 1
        elif (text == '"' or text in _CLOSE_QUOTES) and start is not None:
            out.append((start, i))
            start = None
        elif start is not None and "\n\n" in text:
            out.append((start, i + 1))
            start = None
    return out


def conjuncts(tok: Token) -> list[Token]:
    """The token and everything coordinated with it: 'Kim, Kourtney and Khloe'."""
    out = [tok]
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        node = stack.pop(0)
        out.append(node)
        stack.extend(c for c in node.children if c.dep_ == "conj")
    return out


def is_definite(tok: Token) -> bool:
    """'the couple', 'this pair', 'both': by the parse, or by the words before it ('The former couple share')."""
    if tok.lower_ == "both" or any(c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
        return True
    j = tok.i - 1
    while j >= tok.sent.start and (tok.doc[j].pos_ == "ADJ" or tok.doc[j].like_num
                                   or tok.doc[j].lower_ in ("-", "year", "years", "month", "old")
                                   or tok.doc[j].dep_ == "compound" and tok.doc[j].pos_ == "PROPN"
                                   and tok.doc[j].ent_type_ != "PERSON"):
        j -= 1  # "The former couple", "The 48-year-old singer", "The 57-year-old Chicago PD star"
    return j >= tok.sent.start and tok.doc[j].lower_ in _DEFINITE


class DocContext:
    """Everything the rules read about one article. Built by `build`, read-only afterwards."""

    def __init__(self, doc: Doc, published: dt.date | None) -> None:
        self.doc = doc
        self.published = published
        self.resolver = PersonResolver(doc)
        self.resolver.resolve()
        self.people = self.resolver.people
        self.text = self.resolver.text
        self.tokens = self.resolver.tokens
        self.token_person = self.resolver.person_tokens()
        self.sents: list[Span] = list(doc.sents)
        self.sent_of: dict[int, int] = {}
        for si, sent in enumerate(self.sents):
            for i in range(sent.start, sent.end):
                self.sent_of[i] = si
        self.refs: dict[int, Ref] = {}  # token -> reference
        self.refs_by_sent: list[list[int]] = [[] for _ in self.sents]  # sorted reference tokens per sentence
        self.descriptors: dict[str, set[str]] = {}
        self.salience: Counter[str] = Counter()
        self.ages: dict[str, int] = {}  # stated age per person (the first one)
        self.children: set[str] = set()  # people the article shows to be children
        self.offspring: set[str] = set()  # people it names as someone's child, of any age ('twins, Ada and Bo')
        self.gender_from_text: set[str] = set()
        self._pronoun_gender: dict[str, Counter[str]] = {}  # pronouns resolved to a person so far, by gender
        self.fiction_page = False  # the article is about a work of fiction: its relations are its characters'
        self.actors: set[str] = set()  # people the article casts in a role ('Meredith (Ellen Pompeo)')
        self.roles: set[str] = set()  # the roles they play, named like people

    # --- building --------------------------------------------------------------------------------------
    def build(self) -> DocContext:
        self._name_refs()
        self._infer_gender()
        self._learn_descriptors()
        self._learn_children()
        quotes = self._resolve_quoted_first_person(_quotations(self.resolver.texts))  # named speakers: 'the mother'
        self._resolve_coreference()                                              # after her quote is hers
        self._resolve_quoted_first_person(quotes)  # then those of speakers a pronoun names ('..., she said')
        self._index_refs()
        self._read_fiction()
        return self

    def _read_fiction(self) -> None:
        """A plot summary, a cast list or a series recap: count fiction words and casting marks, and note
        the people cast as actors ('Meredith (Ellen Pompeo)', 'Zoe Perry as Mary', 'played by Sara Ramirez',
        'Pompeo plays Meredith')."""
        doc, marks, words = self.doc, 0, 0
        names: list[tuple[Token, int, str, bool]] = []  # first token, last index, key, stands as an actor
        for tok in doc:
            if not tok.is_alpha:
                continue
            words += 1
            if tok.lower_ in FICTION_PAGE_WORDS:
                marks += 1
            key = self.token_person.get(tok.i)
            if key is None or tok.i > 0 and self.token_person.get(tok.i - 1) == key:
                continue  # one look per name, at its first word
            end = tok.i
            while end + 1 < len(doc) and self.token_person.get(end + 1) == key:
                end += 1
            actor = self._cast_as_actor(tok, end)
            marks += actor
            names.append((tok, end, key, actor))
        self.fiction_page = marks >= FICTION_PAGE_ANY or (
            marks >= FICTION_PAGE_MIN and 1000 * marks >= FICTION_PAGE_RATE * max(words, 1))
        if not self.fiction_page:
            return  # actors and roles are read on fiction pages only: most articles skip the role test
        cast: Counter[str] = Counter()  # +1 where a name stands as an actor, -1 where it stands as a role
        for tok, end, key, actor in names:
            if actor:
                cast[key] += 1
            elif self._cast_as_role(tok, end):
                cast[key] -= 1
        self.actors = {key for key, times in cast.items() if times > 0}  # 'Ryan' in '(Ryan Evans)' is a role too
        self.roles = {key for key, times in cast.items() if times < 0}

    def _cast_as_actor(self, first: Token, last: int) -> bool:
        """The name doc[first.i : last + 1] stands where an actor does: 'Meredith (Ellen Pompeo)', 'Zoe Perry
        as Mary', 'played by Sara Ramirez', 'Pompeo plays Meredith'."""
        doc, i = self.doc, first.i
        prev, before = (doc[i - 1] if i > 0 else None), (doc[i - 2] if i > 1 else None)
        if prev is not None and before is not None and (
                prev.text == "(" and before.text[:1].isupper() or prev.lower_ == "by" and before.lemma_ in PLAY_LEMMAS):
            return True
        if last + 2 < len(doc) and doc[last + 1].lower_ == "as" and doc[last + 2].text[:1].isupper():
            return True
        if last + 2 < len(doc) and (  # by word order, where the parse fails: 'and Lopez stars as police officer'
                doc[last + 1].lower_ in CASTING_VERBS
                and (doc[last + 2].text[:1].isupper() or doc[last + 2].pos_ == "DET")
                or doc[last + 1].lower_ in ROLE_WITH_AS_VERBS and doc[last + 2].lower_ == "as"):
            return True
        # 'Pompeo plays Meredith', 'Lopez stars as Harlee Santos'
        return any(t.dep_ == "nsubj" and (t.head.lemma_ in PLAY_LEMMAS or t.head.lemma_ in ROLE_WITH_AS_LEMMAS and any(
            c.lower_ == "as" for c in t.head.children)) for t in (first, doc[last]))

    def _cast_as_role(self, first: Token, last: int) -> bool:
        """The name stands where a role does: 'Meredith (Ellen Pompeo)', 'plays Meredith', 'the character of
        her husband, Tobin', 'Troy is portrayed by Zac Efron'."""
        if occurrence_verdict(self.doc, first.i, last + 1) == "fiction":
            return True
        if last + 2 < len(self.doc) and self.doc[last + 1].text == "(" and last + 2 in self.token_person:
            return True  # 'Dr Michael Mancini (Thomas Calabro)', whatever the model's label on the actor
        node = self.doc[last]
        for _ in range(4):  # up the noun phrase: 'Juna's mother, Hana Vell, is portrayed by', 'the character of'
            if node.lower_ in ("character", "characters", "role") or (
                    node.dep_ == "nsubjpass" and node.head.lemma_ in PLAY_LEMMAS):
                return True
            if node.dep_ not in ("appos", "pobj", "prep", "compound") or node.head is node:
                return False
            node = node.head
        return False

    def about_real_life(self, person_a: str, person_b: str, start_char: int, end_char: int) -> bool:
        """Outside a fiction page every statement is; on one, a relation of one of its actors with no role
        ('Lopez and her boyfriend Alex Rodriguez'), or one in a sentence about real life ('Pompeo, who in real
        life is married to Chris Ivery'). Characters named without their actor are neither, and drop."""
        if not self.fiction_page:
            return True
        if (person_a in self.actors or person_b in self.actors) and not {person_a, person_b} & self.roles:
            return True
        return bool(_REAL_LIFE.search(self.text[start_char:end_char]))

    @property
    def story_person(self) -> str | None:
        """The person the story is about: named at least twice as often as anyone else."""
        ranked = self.salience.most_common(2)
        if not ranked:
            return None
        if len(ranked) == 1 or ranked[0][1] >= 2 * ranked[1][1] and ranked[0][1] >= 3:
            return ranked[0][0]
        return None

    def _index_refs(self) -> None:
        for i in sorted(self.refs):
            self.refs_by_sent[self.sent_of[i]].append(i)

    def _add_ref(self, ref: Ref) -> None:
        self.refs[ref.token] = ref

    def _name_refs(self) -> None:
        for m in self.resolver.mentions:
            span = self.doc[m.start_token : m.end_token]
            head = span.root.i
            self.refs[head] = Ref(m.key, head, "name", 1.0)
            for t in span:
                self.refs.setdefault(t.i, Ref(m.key, t.i, "name", 1.0))
            self.salience[m.key] += 1

    def _infer_gender(self) -> None:
        votes: dict[str, Counter[str]] = {k: Counter() for k in self.people}
        for sent in self.sents:
            keys = {self.token_person[i] for i in range(sent.start, sent.end) if i in self.token_person}
            if len(keys) == 1:
                key = next(iter(keys))
                named_at = min(i for i in range(sent.start, sent.end) if i in self.token_person)
                # only subject pronouns after the name: an object "her" is often someone else, and so is a
                # pronoun before it ("She's enjoying it and Joe makes her laugh")
                for t in sent[named_at - sent.start + 1 :]:
                    if t.dep_ in SUBJ_DEPS and t.lower_ in ("she", "he"):
                        votes[key]["f" if t.lower_ == "she" else "m"] += 1
        doc = self.doc
        for t in self.tokens:  # gendered nouns next to a name: "sister Bella", "actress Jane Doe"
            key = self.token_person.get(t.i + 1) if t.i + 1 < len(doc) else None
            if key and t.i not in self.token_person:
                gender = _LEX.gender_of_noun(t.lower_)
                end = t.i + 2
                while end < len(doc) and self.token_person.get(end) == key:
                    end += 1
                if gender and not _subject_of_a_relative_clause(doc, t.i + 1, end):  # not 'the son Madonna adopted'
                    votes[key][gender] += 2
            elif t.dep_ == "attr" and t.head.lemma_ == "be" and (gender := _LEX.gender_of_noun(t.lower_)):
                # "Madonna is also the mother to ...", "Kim is a proud mom": the subject's own noun
                for c in t.head.children:
                    if c.dep_ == "nsubj" and (subject := self.token_person.get(c.i)) is not None:
                        votes[subject][gender] += 2
        self.gender_from_text = {k for k, v in votes.items() if v}  # pronouns or gendered nouns, not a name
        for key, person in self.people.items():  # a first name usually given to one gender: a weak vote
            gender, weight = first_name_gender(person.name.split()[0])
            if gender:
                votes[key][gender] += weight
        for key, v in votes.items():
            top, n = v.most_common(1)[0] if v else ("", 0)
            if n >= 2 and n >= 3 * (sum(v.values()) - n):
                self.people[key].gender = top

    def _learn_descriptors(self) -> None:
        """Descriptors stated next to a name: 'supermodel Gigi Hadid', 'Gigi Hadid, the supermodel,'."""
        for i, ref in list(self.refs.items()):
            if ref.kind != "name":
                continue
            tok = self.doc[i]
            for child in tok.children:
                if child.dep_ in ("compound", "amod", "appos") and child.i not in self.token_person \
                        and child.lemma_.lower() in ROLE_NOUNS:
                    phrase = " ".join(t.text for t in child.subtree if t.i not in self.token_person
                                      and not t.is_punct and t.lower_ not in ("the", "a", "an"))
                    if phrase:
                        self.descriptors.setdefault(ref.key, set()).add(phrase)

    def _learn_children(self) -> None:
        """Children: a stated age under 16 ('Bo, 6,', '3-year-old Khai') or a child noun before the name."""
        from transforms.extraction.ages import stated_ages  # ages read the name references only

        for age in stated_ages(self):
            self.ages.setdefault(age.key, age.age)
            if age.age < CHILD_AGE:
                self.children.add(age.key)
        child_words = {w for w, n in _LEX.relation_nouns.items() if n.role == "child" and len(n.tokens) == 1}
        for m in self.resolver.mentions:
            prev = self.doc[m.start_token - 1] if m.start_token > 0 else None
            if prev is not None and prev.lower_ in {"newborn", "baby", "toddler", "infant", "little"}:
                self.children.add(m.key)
            elif prev is not None and prev.lower_ in child_words and _subject_of_a_relative_clause(
                    self.doc, m.start_token, m.end_token):
                continue  # "David Banda, the son Madonna adopted": the name after the noun is its parent
            elif prev is not None and prev.lower_ in child_words and self.people[m.key].single_name:
                self.children.add(m.key)  # "daughter Khai": a single-named child
            elif prev is not None and prev.lower_ in child_words and m.start_token >= 2 and self.doc[
                    m.start_token - 2].lemma_ in ("welcome", "birth", "deliver", "adopt", "little"):
                self.children.add(m.key)  # "welcomed son Jayden Meeks-Green": a newborn
        for key in list(self.children):
            if self.ages.get(key, 0) >= 18:
                self.children.discard(key)
        self._learn_offspring(child_words)

    def _learn_offspring(self, child_words: set[str]) -> None:
        """People named right after a child noun, or listed after one ('fraternal twins, Hazel Patricia and
        Phinnaeus Walter'): someone's children, whatever their age. Two of them are siblings, not a couple."""
        doc = self.doc
        listing = False
        last_end = -1
        for m in sorted(self.resolver.mentions, key=lambda m: m.start_token):
            between = [t for t in doc[last_end:m.start_token]] if last_end >= 0 else []
            k = m.start_token - 1
            while k >= 0 and doc[k].text == ",":
                k -= 1
            after_noun = k >= 0 and doc[k].lower_ in child_words
            continued = listing and bool(between) and all(t.text in (",", "and", "&") or t.like_num
                                                          for t in between)
            listing = after_noun or continued
            if listing:
                self.offspring.add(m.key)
            last_end = m.end_token

    # --- coreference -----------------------------------------------------------------------------------
    def stated_gender_conflicts(self, key: str, gender: str) -> bool:
        """The text itself (pronouns, gendered nouns) gives the person the other gender."""
        have = self.people[key].gender
        return key in self.gender_from_text and have is not None and have != gender

    def gender_ok(self, key: str, gender: str | None) -> bool:
        have = self.people[key].gender
        if have is None and gender is not None and key in self._pronoun_gender:
            # no gender from names or nouns, but the pronouns resolved so far call them one: "Brown said he
            # ... his daughter ... her boyfriend" -- 'her' is not Brown's
            said = self._pronoun_gender[key]
            return said[gender] > 0 or not said
        return gender is None or have is None or have == gender

    def recent_people(self, token: Token, window: int = 3) -> list[str]:
        """People referred to before `token`, most recent first, within `window` sentences back."""
        si = self.sent_of[token.i]
        first_sent = self.sents[max(0, si - window)].start
        out: list[str] = []
        for i in range(token.i - 1, first_sent - 1, -1):
            ref = self.refs.get(i)
            if ref and ref.key not in out:
                out.append(ref.key)
        return out

    def clause_subject_people(self, token: Token) -> list[str]:
        """People who are subject of the clause `token` sits in (binding for 'her split', 'his wife')."""
        node = token
        while node.head.i != node.i:
            came_from, node = node, node.head
            if node.pos_ in ("VERB", "AUX"):
                if came_from.dep_ in SUBJ_DEPS and came_from.i != token.i:
                    # "her husband Angelo, daughter Sofia and mother Vicki joined her": a pronoun inside the
                    # subject is not bound by that subject; the words before it decide
                    return []
                keys = []
                for child in node.children:
                    if child.dep_ in SUBJ_DEPS:
                        keys += [self.refs[t.i].key for t in conjuncts(child) if t.i in self.refs]
                if keys:
                    return keys
                if node.dep_ not in ("xcomp", "advcl", "pcomp", "acl", "conj", "prep", "pobj"):
                    break
        return []

    def _resolve_coreference(self) -> None:
        for sent in self.sents:
            for tok in sent:
                if tok.i in self.refs:
                    continue
                low = tok.lower_
                if low in PRONOUNS_F or low in PRONOUNS_M:
                    gender = "f" if low in PRONOUNS_F else "m"
                    key = self._pronoun_antecedent(tok, gender)
                    if key:
                        self._add_ref(Ref(key, tok.i, "pronoun", 0.85))
                        self._pronoun_gender.setdefault(key, Counter())[gender] += 1
                elif low in RELATIVE_PRONOUNS and (clause := _relative_clause(tok)) is not None:
                    antecedent = clause.head
                    nearest = _name_right_before(tok, self.refs)
                    if nearest is not None and nearest != antecedent.i:
                        # "married to Ojani Noa (1997 to 1998), Cris Judd (...) and Marc Anthony (2004 to 2014),
                        # with whom she shares twins": the name written right before, not the parser's choice
                        antecedent = self.doc[nearest]
                    if antecedent.i in self.refs:
                        self._add_ref(Ref(self.refs[antecedent.i].key, tok.i, "relative", 0.95))
                elif tok.pos_ == "NOUN" and tok.lemma_.lower() in ROLE_NOUNS and is_definite(tok):
                    key = self._descriptor_antecedent(tok)
                    if key:
                        self._add_ref(Ref(key, tok.i, "descriptor", 0.75))

    def _resolve_quoted_first_person(self, quotes: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """'"I love my husband Dax," Kristen Bell said', 'Bell told People: "My daughter Lincoln ..."': I, my
        and me inside a quotation are its speaker's, the one person who is the subject of a speech verb right
        after the closing quote or before the opening one in its sentence. Returns the quotations with first
        person words whose speaker is not known yet."""
        left: list[tuple[int, int]] = []
        for start, end in quotes:
            first_person = [t for t in self.tokens[start:end] if t.lower_ in FIRST_PERSON and t.i not in self.refs]
            if not first_person:
                continue
            speaker = self._speaker_after(end) or self._speaker_before(start)
            if speaker is None:
                left.append((start, end))
                continue
            for t in first_person:
                self._add_ref(Ref(speaker, t.i, "pronoun", 0.8))
        return left

    def _speaker_of(self, verb: Token) -> str | None:
        if verb.lemma_.lower() not in SPEECH_LEMMAS:
            return None
        node = verb
        for _ in range(3):  # 'Evans uploaded a photo, writing, "...': the subject of the clause it hangs on
            subjects = [c for c in node.children if c.dep_ in SUBJ_DEPS]
            if subjects or node.dep_ not in ("advcl", "xcomp", "conj") or node.head.i == node.i:
                break
            node = node.head
        keys = {self.refs[t.i].key for c in subjects for t in conjuncts(c) if t.i in self.refs}
        return next(iter(keys)) if len(keys) == 1 else None

    def _speaker_after(self, end: int) -> str | None:
        """'..., " Kristen Bell said', '..., " said Bell', '..." she told People'."""
        tokens = self.tokens
        for i in range(end, min(len(tokens), end + 5)):
            tok = tokens[i]
            if tok.is_punct and tok.text not in (",",) and i > end:
                return None
            if tok.pos_ in ("VERB", "AUX") and (key := self._speaker_of(tok)) is not None:
                return key
        return None

    def _speaker_before(self, start: int) -> str | None:
        """'Bell told People: "...', 'Bell wrote, "...'."""
        if start == 0:
            return None
        sent = self.sents[self.sent_of[start - 1]]
        before = self.tokens[sent.start : start]
        for tok in reversed(before):
            if tok.pos_ in ("VERB", "AUX") and (key := self._speaker_of(tok)) is not None:
                return key
        if any(t.lemma_.lower() in SPEECH_LEMMAS for t in before[-4:]):
            # '..., writing, "...': a speech verb the parser gave no subject; the one person who is a subject
            # before it in the sentence
            keys = {self.refs[t.i].key for t in before if t.i in self.refs and t.dep_ in SUBJ_DEPS}
            if len(keys) == 1:
                return next(iter(keys))
        return None

    def _pronoun_antecedent(self, tok: Token, gender: str) -> str | None:
        if tok.dep_ == "poss" and tok.head.dep_ == "conj" and tok.head.head.pos_ == "PROPN" \
                and tok.i >= 2 and tok.doc[tok.i - 1].lower_ in ("and", "&") and tok.head.head.i == tok.i - 2:
            # 'between Meredith and her daughter', 'Kim and her sister': the name it is coordinated with,
            # or nobody when that name is no person the article knows (a character, a name the model missed)
            ref = self.refs.get(tok.head.head.i)
            if ref is None or not self.gender_ok(ref.key, gender):
                return None
            return ref.key
        # an object pronoun is never its own clause's subject: "Leo seems very into her", "he kisses her"
        following = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        is_object = tok.lower_ == "him" or tok.lower_ == "her" and tok.dep_ in ("dobj", "pobj", "dative") and (
            following is None or following.pos_ not in ("NOUN", "PROPN", "ADJ", "NUM", "ADV"))  # not 'her ex-husband'
        clause_subjects = self.clause_subject_people(tok) if is_object else None
        own_subjects = set(clause_subjects or ())
        if own_subjects:  # "Bea's grandmother, Ines, raised her": a possessor the parser made the subject is not it
            sent = self.sents[self.sent_of[tok.i]]
            own_subjects -= {self.refs[i].key for i in range(sent.start, sent.end - 1)
                             if i in self.refs and tok.doc[i + 1].text in ("'s", "\u2019s")}
        # "Kanye West, her ex-husband,": a possessive in an apposition to a name is never that name's; but
        # "Jada, her mother Adrienne and daughter Willow" is a list whose first item is her
        if tok.dep_ == "poss" and tok.head.dep_ == "appos" and (anchor := self.refs.get(tok.head.head.i)) \
                and not any(t.i in self.refs for t in tok.head.subtree if t.i != tok.i):
            own_subjects.add(anchor.key)
        if tok.tag_ == "PRP$":
            # "according to her best friend Francia Raisa": a possessive is never the person its noun names
            own_subjects |= self._named_by_owned_noun(tok)
        if tok.dep_ == "poss" or tok.lower_ == "his" or tok.lower_ == "her" and not own_subjects:
            if clause_subjects is None:
                clause_subjects = self.clause_subject_people(tok)
            subjects = [k for k in clause_subjects if self.gender_ok(k, gender) and k not in own_subjects]
            if _owns_a_partner(tok):  # "Lennon, 7, is Nina's son with her first husband": not the child's
                subjects = [k for k in subjects if k not in self.children]
            known = [k for k in subjects if self.people[k].gender == gender]
            if known:
                return known[0]
            if len(subjects) == 1:
                return subjects[0]
            if subjects:
                return None  # "Harry and Kendall celebrated at her father's": not for a guess
        # salience: subjects beat objects, a known matching gender beats an unknown one, then recency;
        # a subject pronoun prefers an adult ("She shares son Bo, 6, with ...": not Bo)
        best: tuple[float, str] | None = None
        si = self.sent_of[tok.i]
        first = self.sents[max(0, si - 2)].start
        subject_pronoun = tok.dep_ in SUBJ_DEPS
        story_person = self.story_person  # read once: it ranks every person of the article
        candidates = (i for i in range(tok.i - 1, first - 1, -1)
                      if i in self.refs or self._unnamed_relative(self.doc[i], gender))
        for rank, i in enumerate(candidates):
            ref = self.refs.get(i)
            if ref is not None and ref.key in own_subjects:
                continue
            score = -0.1 * rank
            score += 2.0 if self.doc[i].dep_ in SUBJ_DEPS else 0.0
            score += 0.5 if self.sent_of[i] == si else 0.0
            if ref is None:  # 'his daughter' with no name: of the pronoun's gender by the word itself
                score += 1.5
                if best is None or score > best[0]:
                    best = (score, None)
                continue
            if not self.gender_ok(ref.key, gender):
                continue
            score += 1.5 if self.people[ref.key].gender == gender else 0.0
            score -= 3.0 if subject_pronoun and ref.key in self.children else 0.0
            score += 1.0 if ref.key == story_person else 0.0  # a profile's 'she' is mostly its subject
            if best is None or score > best[0]:
                best = (score, ref.key)
        # the nearest fitting person may be one the article never names ('Bobby Brown's daughter ... her
        # boyfriend'): then the pronoun is hers, and no named person's
        if best is None:
            return self._last_known_gender(tok, first, gender, own_subjects)
        return best[1]

    def _named_by_owned_noun(self, poss: Token) -> set[str]:
        """The people named right after the noun a possessive pronoun owns: 'her best friend Francia Raisa',
        'his wife, Rita' -> the friend, the wife."""
        doc = self.doc
        j, end = poss.i + 1, min(len(doc), poss.i + 8)
        while j < end and j not in self.refs and (doc[j].pos_ in ("ADJ", "NOUN") and doc[j].text.islower()
                                                   or doc[j].text in ("-", ",")):
            j += 1
        keys: set[str] = set()
        while j < end and (ref := self.refs.get(j)) is not None and ref.kind == "name":
            keys.add(ref.key)
            j += 1
        return keys if j > poss.i + 1 and any(doc[k].lower_ in _RELATION_HEADS for k in range(poss.i + 1, j)) else set()

    def _known_gender(self, key: str) -> str | None:
        """The gender names and nouns give, or else the one every pronoun resolved so far gives."""
        if self.people[key].gender is not None:
            return self.people[key].gender
        said = self._pronoun_gender.get(key)
        return next(iter(said)) if said and len(said) == 1 else None

    def _last_known_gender(self, tok: Token, before: int, gender: str, skip: set[str]) -> str | None:
        """Nobody fits within two sentences (a quote cut into pieces by 'R.O.I.', a long aside): the last
        person of the pronoun's known gender up to three sentences further back, when that person is the
        only one there who can be it."""
        si = self.sent_of[tok.i]
        start = self.sents[max(0, si - 5)].start
        found = {self.refs[i].key for i in range(before - 1, start - 1, -1) if i in self.refs
                 and self.refs[i].key not in skip and self.refs[i].key not in self.children}
        fitting = [k for k in found if self._known_gender(k) == gender]
        # a person of unknown gender there could be the one too: then no guess
        unknown = [k for k in found if self._known_gender(k) is None]
        return fitting[0] if len(fitting) == 1 and not unknown else None

    def _unnamed_relative(self, tok: Token, gender: str) -> bool:
        """A singular relation noun of the pronoun's gender that names nobody: 'his daughter died', not
        'his daughter, Bobbi' or 'daughter Bobbi' (the name stands for that person)."""
        if tok.tag_ != "NN" or tok.i in self.refs or _LEX.gender_of_noun(tok.lower_) != gender:
            return False
        noun = _LEX.relation_nouns.get(tok.lower_)
        if noun is None or noun.plural:
            return False
        if not any(c.dep_ == "poss" or c.dep_ == "det" and c.lower_ in _DEFINITE for c in tok.children):
            return False  # someone's daughter, the daughter: not 'goes full-on bad boy'
        if any(c.dep_ == "poss" and c.lower_ in FIRST_PERSON for c in tok.children):
            return False  # '"... my son can travel now"': a quoted speaker's child, named in the story
        if tok.head.i in self.token_person or any(c.i in self.token_person for c in tok.children):
            return False  # 'daughter Bobbi Kristina', 'Bobbi, his daughter', 'his daughter, Bobbi'
        doc, j = tok.doc, tok.i + 1
        while j < len(doc) and j - tok.i <= 2 and (doc[j].is_punct or doc[j].like_num):
            j += 1
        return j >= len(doc) or j not in self.token_person

    def _descriptor_antecedent(self, tok: Token) -> str | None:
        excluded = {self.refs[t.i].key for t in conjuncts(tok) if t.i in self.refs}
        excluded |= {self.refs[c.i].key for c in tok.head.children if c.i in self.refs and c.dep_ in SUBJ_DEPS}
        gender = _LEX.gender_of_noun(tok.lower_)
        noun = tok.lower_
        adult = tok.lemma_.lower() in ADULT_ROLE_NOUNS
        candidates = [k for k in self.recent_people(tok, window=3) if k not in excluded and
                      self.gender_ok(k, gender) and not (adult and k in self.children)]
        age = _age_before(tok)
        if age is not None:  # "the 48-year-old singer": a person of that stated age, when there is one
            aged = [k for k in candidates if self.ages.get(k) == age]
            if aged:
                return aged[0]
        if gender is not None:  # "the heiress": a woman the article has shown to be one comes first
            candidates.sort(key=lambda k: self.people[k].gender != gender)
        for key in candidates:  # a descriptor the article itself attached to someone wins
            if any(noun in d.lower().split() for d in self.descriptors.get(key, ())):
                return key
        return candidates[0] if candidates else None

    # --- reading ---------------------------------------------------------------------------------------
    def persons_in(self, sent_index: int, end: int | None = None) -> list[tuple[int, str]]:
        """(token, person key) of every reference in the sentence, in order, before `end` if given."""
        return [(i, self.refs[i].key) for i in self.refs_by_sent[sent_index] if end is None or i < end]

    def key(self, tok: Token) -> str | None:
        ref = self.refs.get(tok.i)
        return ref.key if ref else None

    @property
    def title_end(self) -> int:
        return self.resolver.title_end


def _owns_a_partner(tok: Token) -> bool:
    """A possessive before a spouse or partner noun: 'her first husband', 'his ex-wife'."""
    doc = tok.doc
    for t in doc[tok.i + 1 : min(len(doc), tok.i + 5)]:
        noun = _LEX.relation_nouns.get(t.lower_)
        if noun is not None:
            return noun.type.is_couple
        if t.pos_ not in ("ADJ", "PUNCT") and t.lower_ != "ex":
            return False
    return False


def _name_right_before(tok: Token, refs: dict) -> int | None:
    """The token of a name that ends right before a relative pronoun: ', who', ', with whom', 'X (2004),
    with whom'; None when anything else stands between."""
    doc = tok.doc
    j = tok.i - 1
    if j >= 0 and doc[j].lower_ in ("with", "to", "for", "of", "by"):
        j -= 1
    if j >= 0 and doc[j].text == "(":
        j -= 1  # "son Lincoln Marshall, 3 (whom she shares with ...)"
    if j >= 1 and doc[j].like_num and doc[j - 1].text == ",":
        j -= 1  # the age between the name and the bracket
    if j >= 0 and doc[j].text == ",":
        j -= 1
    if j >= 0 and doc[j].text == ")":
        while j >= 0 and doc[j].text != "(" and tok.i - j < 12:
            j -= 1
        j -= 1
    ref = refs.get(j) if j >= tok.sent.start else None
    return j if ref is not None and ref.kind == "name" else None


def _subject_of_a_relative_clause(doc: Doc, start: int, end: int) -> bool:
    """'the son Madonna adopted', 'a daughter he had with her': after 'the/a <noun>', a name followed by a
    verb is the subject of a clause that modifies the noun (the parser often calls it an apposition), not
    the noun's name ('her son Rocco', 'daughter Khai turned 3')."""
    if start < 2 or end >= len(doc) or doc[start - 2].lower_ not in ("the", "a", "an"):
        return False
    verb = doc[end]
    return verb.pos_ in ("VERB", "AUX") and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.lower_ not in ("is", "was")


def _relative_clause(tok: Token) -> Token | None:
    """The relative clause a relative pronoun opens: 'who' is its subject, 'whose' the possessor of it."""
    node = tok.head
    for _ in range(2):
        if node.dep_ == "relcl":
            return node
        node = node.head
    return None


def _age_before(tok: Token) -> int | None:
    """'the 48-year-old singer' -> 48."""
    doc = tok.doc
    for t in doc[max(0, tok.i - 6) : tok.i]:
        text = t.text.lower()
        if text.endswith("-year-old") and text.split("-")[0].isdigit():
            return int(text.split("-")[0])
    window = [t.text.lower() for t in doc[max(0, tok.i - 6) : tok.i]]
    for j in range(len(window) - 4):
        if window[j].isdigit() and window[j + 1 : j + 5] == ["-", "year", "-", "old"]:
            return int(window[j])
    return None
