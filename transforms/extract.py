"""Extraction from one parsed article: people, coreference, ages, descriptors, relations, dated events.

Everything here is a plain function of a spaCy Doc plus the article date, so it is testable on a
sentence. Relations come from what a sentence says (a kinship noun with its owner, or a verb with its
subject and object), never from two names appearing together.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from transforms.dates import DateMention, find_dates
from transforms.people import NameMention, PersonInDoc, PersonResolver

# --- lexicons ---------------------------------------------------------------------------------------
# noun -> (relation type, role): role 'parent' means the named person is the parent of the owner,
# 'child' the owner is the parent of the named person, 'sym' a symmetric relation.
REL_NOUNS: dict[str, tuple[str, str]] = {
    **{w: ("romantic", "sym") for w in ("boyfriend", "girlfriend", "beau", "lover", "sweetheart", "squeeze",
                                        "bf", "gf", "boo", "flame", "love", "partner")},
    **{w: ("married", "sym") for w in ("husband", "wife", "spouse", "hubby", "wifey", "bride", "groom")},
    **{w: ("engaged", "sym") for w in ("fiance", "fiancé", "fiancee", "fiancée")},
    **{w: ("ex_partner", "sym") for w in ("ex", "exes", "ex-boyfriend", "ex-girlfriend", "ex-husband",
                                          "ex-wife", "ex-fiance", "ex-fiancé", "ex-fiancee")},
    **{w: ("parent_of", "parent") for w in ("mom", "mother", "mum", "mama", "mommy", "dad", "father",
                                            "daddy", "papa", "parent")},
    **{w: ("parent_of", "child") for w in ("son", "daughter", "child", "kid", "baby", "children", "kids",
                                           "sons", "daughters", "newborn", "babies")},
    **{w: ("sibling", "sym") for w in ("sister", "brother", "sibling", "twin", "sis", "siblings", "sisters",
                                       "brothers", "half-sister", "half-brother")},
    **{w: ("relative", "sym") for w in ("cousin", "aunt", "uncle", "niece", "nephew", "grandmother",
                                        "grandfather", "grandma", "grandpa", "granddaughter", "grandson",
                                        "grandchild", "stepmother", "stepfather", "stepmom", "stepdad",
                                        "stepson", "stepdaughter", "stepsister", "stepbrother", "in-law",
                                        "mother-in-law", "father-in-law", "sister-in-law", "brother-in-law",
                                        "son-in-law", "daughter-in-law", "relative", "cousins")},
    **{w: ("friend", "sym") for w in ("friend", "pal", "bestie", "bff", "buddy", "confidant", "friends",
                                      "pals", "besties", "bestfriend")},
}
# Plural nouns that relate the members of a group to each other: "couple Jennifer Lopez and Alex Rodriguez",
# "sisters Kim and Kourtney", "X and Y are exes", "the exes reunited".
GROUP_NOUNS: dict[str, str] = {
    "couple": "romantic", "lovebirds": "romantic", "exes": "ex_partner", "spouses": "married",
    "newlyweds": "married", "siblings": "sibling", "sisters": "sibling", "brothers": "sibling",
    "friends": "friend", "pals": "friend", "besties": "friend", "bffs": "friend", "cousins": "relative",
}
# Nouns that relate their possessor to the object of "with"/"to": "her relationship with Tristan Thompson",
# "his marriage to Melissa".
PARTNERSHIP_NOUNS: dict[str, tuple[str, float]] = {
    "relationship": ("romantic", 0.7), "romance": ("romantic", 0.8), "fling": ("romantic", 0.8),
    "affair": ("romantic", 0.7), "courtship": ("romantic", 0.8), "engagement": ("engaged", 0.8),
    "marriage": ("married", 0.8), "wedding": ("married", 0.8), "friendship": ("friend", 0.8),
}
# modifiers that turn a partner noun into a former partner
FORMER = {"former", "ex", "ex-", "previous", "old", "onetime", "one-time"}
PARTNER_TYPES = {"romantic", "married", "engaged"}
GENDER_NOUNS = {
    "f": {"actress", "wife", "girlfriend", "mom", "mother", "mum", "daughter", "sister", "aunt", "niece",
          "grandmother", "grandma", "songstress", "starlet", "heiress", "businesswoman", "queen", "princess",
          "fiancee", "fiancée", "bride", "mama", "stepmom", "granddaughter", "waitress", "hostess"},
    "m": {"actor", "husband", "boyfriend", "dad", "father", "son", "brother", "uncle", "nephew",
          "grandfather", "grandpa", "businessman", "king", "prince", "fiance", "fiancé", "groom", "frontman",
          "daddy", "stepdad", "grandson", "hunk"},
}
ROLE_NOUNS = {
    "actor", "actress", "singer", "model", "supermodel", "star", "musician", "rapper", "comedian", "host",
    "director", "producer", "athlete", "player", "designer", "dancer", "personality", "mogul", "socialite",
    "heiress", "author", "writer", "filmmaker", "chef", "influencer", "politician", "businessman",
    "businesswoman", "entrepreneur", "icon", "frontman", "songstress", "starlet", "hitmaker", "crooner",
    "songwriter", "quarterback", "footballer", "golfer", "boxer", "wrestler", "anchor", "journalist",
    "reality", "alum", "alumna", "judge", "coach", "billionaire", "legend", "diva", "beauty",
    "hunk", "performer", "artist", "newcomer", "veteran", "mom", "dad", "mother", "father",
    "champion", "champ", "co-founder", "founder", "ceo", "executive", "heir", "lawyer", "attorney", "editor",
    "stylist", "photographer", "publicist", "manager", "tycoon", "magnate", "president",
    "senator", "governor", "congressman", "congresswoman", "prince", "princess", "duchess", "duke",
}
PLURAL_REFS = {"pair", "couple", "duo", "two", "lovebirds", "twosome", "both", "a-listers", "stars", "exes",
               "newlyweds", "spouses", "parents"}
# a date inside a title or modifying a work is no event: "the 1989 film", "Wonder Woman 1984"
WORK_WORDS = {"film", "movie", "album", "song", "single", "series", "season", "show", "book", "novel", "sequel",
              "version", "remake", "original", "edition", "model", "collection", "classic", "hit"}
SPECULATION = {"rumor", "rumour", "rumored", "rumoured", "reportedly", "allegedly", "speculation",
               "speculate", "alleged", "reports", "report", "claim", "claims", "might", "may", "could",
               "possibly", "apparently"}
DENIAL = {"deny", "dismiss", "refute", "shut"}
PRONOUNS_F = {"she", "her", "hers", "herself"}
PRONOUNS_M = {"he", "him", "his", "himself"}
RELATIVE_PRONOUNS = {"who", "whom", "whose"}
SUBJ_DEPS = {"nsubj", "nsubjpass"}
AGE_MIN, AGE_MAX = 0, 110


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
    description: str


@dataclass
class ArticleFacts:
    people: dict[str, PersonInDoc]
    mentions: list[NameMention]
    ages: list[AgeFact] = field(default_factory=list)
    descriptors: list[tuple[str, str]] = field(default_factory=list)  # (person key, descriptor)
    relations: list[RelationFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    unresolved_dates: list[DateMention] = field(default_factory=list)


class ArticleExtractor:
    def __init__(self, doc: Doc, published: dt.date | None, known_names: frozenset[str] = frozenset()):
        self.doc = doc
        self.published = published
        self.resolver = PersonResolver(doc, known_names)
        self.resolver.resolve()
        self.people = self.resolver.people
        self.token_person = self.resolver.person_tokens()
        self.sents = list(doc.sents)
        self.sent_of = {t.i: si for si, s in enumerate(self.sents) for t in s}
        self.refs: dict[int, Ref] = {}  # head token -> reference
        self.learned_descriptors: dict[str, set[str]] = {}
        self.salience: Counter[str] = Counter()

    # ---------------------------------------------------------------------------------------------
    def run(self) -> ArticleFacts:
        self._name_refs()
        self._infer_gender()
        self._learn_descriptors()
        self._resolve_coreference()
        facts = ArticleFacts(people=self.people, mentions=self.resolver.mentions)
        facts.ages = self._ages()
        facts.descriptors = sorted({(k, d) for k, ds in self.learned_descriptors.items() for d in ds})
        for sent in self.sents:
            facts.relations.extend(self._relations_in(sent))
        facts.events, facts.unresolved_dates = self._events()
        return facts

    # --- references --------------------------------------------------------------------------------
    def _name_refs(self) -> None:
        for m in self.resolver.mentions:
            span = self.doc[m.start_token : m.end_token]
            head = span.root.i
            self.refs[head] = Ref(m.key, head, "name", 1.0)
            for t in span:
                self.refs.setdefault(t.i, Ref(m.key, t.i, "name", 1.0))
            self.salience[m.key] += 1

    def _persons_in(self, sent: Span) -> list[tuple[int, str]]:
        return [(i, r.key) for i, r in sorted(self.refs.items()) if sent.start <= i < sent.end]

    def _infer_gender(self) -> None:
        votes: dict[str, Counter[str]] = {k: Counter() for k in self.people}
        for sent in self.sents:
            keys = {self.token_person[t.i] for t in sent if t.i in self.token_person}
            if len(keys) == 1:
                key = next(iter(keys))
                for t in sent:  # only subject pronouns: an object "her" is often someone else
                    if t.dep_ in SUBJ_DEPS and t.lower_ in ("she", "he"):
                        votes[key]["f" if t.lower_ == "she" else "m"] += 1
        for t in self.doc:  # gendered nouns next to a name: "sister Bella", "actress Jane Doe"
            key = self.token_person.get(t.i + 1) if t.i + 1 < len(self.doc) else None
            if key and t.i not in self.token_person:
                for g, nouns in GENDER_NOUNS.items():
                    if t.lower_ in nouns:
                        votes[key][g] += 2
        for key, v in votes.items():
            top, n = v.most_common(1)[0] if v else ("", 0)
            if n >= 2 and n >= 3 * (sum(v.values()) - n):
                self.people[key].gender = v.most_common(1)[0][0]

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
                        self.learned_descriptors.setdefault(ref.key, set()).add(phrase)

    def _gender_ok(self, key: str, gender: str | None) -> bool:
        have = self.people[key].gender
        return gender is None or have is None or have == gender

    def _recent_people(self, token: Token, window: int = 3) -> list[str]:
        """People referred to before `token`, most recent first, within `window` sentences back."""
        si = self.sent_of[token.i]
        first_sent = self.sents[max(0, si - window)].start
        out: list[str] = []
        for i in range(token.i - 1, first_sent - 1, -1):
            ref = self.refs.get(i)
            if ref and ref.key not in out:
                out.append(ref.key)
        return out

    def _clause_subject_people(self, token: Token) -> list[str]:
        """People who are subject of the clause `token` sits in (binding for 'her split', 'his wife')."""
        node = token
        while node.head.i != node.i:
            node = node.head
            if node.pos_ in ("VERB", "AUX"):
                keys = []
                for child in node.children:
                    if child.dep_ in SUBJ_DEPS:
                        keys += [self.refs[t.i].key for t in _conjuncts(child) if t.i in self.refs]
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
                        self.refs[tok.i] = Ref(key, tok.i, "pronoun", 0.85)
                elif low in RELATIVE_PRONOUNS and tok.head.dep_ == "relcl":
                    antecedent = tok.head.head
                    if antecedent.i in self.refs:
                        self.refs[tok.i] = Ref(self.refs[antecedent.i].key, tok.i, "relative", 0.95)
                elif tok.pos_ == "NOUN" and tok.lemma_.lower() in ROLE_NOUNS and _definite(tok):
                    key = self._descriptor_antecedent(tok)
                    if key:
                        self.refs[tok.i] = Ref(key, tok.i, "descriptor", 0.75)

    def _pronoun_antecedent(self, tok: Token, gender: str) -> str | None:
        if tok.dep_ == "poss" or tok.lower_ in ("her", "his"):
            subjects = [k for k in self._clause_subject_people(tok) if self._gender_ok(k, gender)]
            known = [k for k in subjects if self.people[k].gender == gender]
            if known:
                return known[0]
            if len(subjects) == 1:
                return subjects[0]
            if subjects:
                return None  # "Harry and Kendall celebrated at her father's": not for a guess
        # salience: subjects beat objects, a known matching gender beats an unknown one, then recency
        best: tuple[float, str] | None = None
        si = self.sent_of[tok.i]
        first = self.sents[max(0, si - 2)].start
        for rank, i in enumerate(i for i in range(tok.i - 1, first - 1, -1) if i in self.refs):
            ref = self.refs[i]
            if not self._gender_ok(ref.key, gender) or ref.kind == "pronoun" and ref.key == "":
                continue
            score = -0.1 * rank
            score += 2.0 if self.doc[i].dep_ in SUBJ_DEPS else 0.0
            score += 1.5 if self.people[ref.key].gender == gender else 0.0
            score += 0.5 if self.sent_of[i] == si else 0.0
            if best is None or score > best[0]:
                best = (score, ref.key)
        return best[1] if best else None

    def _descriptor_antecedent(self, tok: Token) -> str | None:
        excluded = {self.refs[t.i].key for t in _conjuncts(tok) if t.i in self.refs}
        excluded |= {self.refs[c.i].key for c in tok.head.children if c.i in self.refs and c.dep_ in SUBJ_DEPS}
        gender = next((g for g, nouns in GENDER_NOUNS.items() if tok.lower_ in nouns), None)
        noun = tok.lower_
        candidates = [k for k in self._recent_people(tok, window=3) if k not in excluded and
                      self._gender_ok(k, gender)]
        if gender is not None:  # "the heiress": a woman the article has shown to be one comes first
            candidates.sort(key=lambda k: self.people[k].gender != gender)
        for key in candidates:  # a descriptor the article itself attached to someone wins
            if any(noun in d.lower().split() for d in self.learned_descriptors.get(key, ())):
                return key
        return candidates[0] if candidates else None

    # --- ages --------------------------------------------------------------------------------------
    def _ages(self) -> list[AgeFact]:
        doc = self.doc
        out: list[AgeFact] = []
        for i, ref in self.refs.items():
            if ref.kind not in ("name", "descriptor"):
                continue
            # "Name, 28," / "The supermodel, 28,": a number right after the mention's last token
            end = i
            while end + 1 < len(doc) and self.refs.get(end + 1, None) and self.refs[end + 1].key == ref.key:
                end += 1
            if end + 3 < len(doc) + 1 and end + 2 < len(doc) and doc[end + 1].text == "," \
                    and doc[end + 2].like_num and doc[end + 2].text.isdigit():
                after = doc[end + 3].text if end + 3 < len(doc) else "."
                if after in (",", ".", ")", ";", "and", "-", "is", "was", "who", "has"):
                    age = int(doc[end + 2].text)
                    if AGE_MIN <= age <= AGE_MAX:
                        out.append(AgeFact(ref.key, age, doc[end + 2].idx, doc[end + 2].idx + 2))
        # "3-year-old daughter Khai", "the 28-year-old model"
        for m in re.finditer(r"\b(\d{1,3})-year-old\b", doc.text):
            age = int(m.group(1))
            span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
            if span is None or not AGE_MIN <= age <= AGE_MAX:
                continue
            for t in doc[span.end : min(len(doc), span.end + 4)]:
                if t.i in self.refs and self.refs[t.i].kind in ("name", "descriptor"):
                    out.append(AgeFact(self.refs[t.i].key, age, m.start(), m.end()))
                    break
                if t.pos_ in ("VERB", "AUX", "ADP") or t.text in (".", ";"):
                    break
        seen: set[tuple[str, int, int]] = set()
        unique = []
        for a in out:
            if (a.key, a.age, a.start_char) not in seen:
                seen.add((a.key, a.age, a.start_char))
                unique.append(a)
        return unique

    # --- relations ---------------------------------------------------------------------------------
    def _key(self, tok: Token) -> str | None:
        ref = self.refs.get(tok.i)
        return ref.key if ref else None

    def _people_of(self, tok: Token, joined_pair_only: bool = False) -> list[tuple[str, float]]:
        """People a phrase headed by `tok` refers to, including conjuncts ('X and Y'). With
        `joined_pair_only`, 'their' and 'the pair' reach back only to two names joined by 'and'."""
        out = []
        for t in _conjuncts(tok):
            ref = self.refs.get(t.i)
            if ref:
                out.append((ref.key, ref.confidence))
            elif t.lower_ in REL_NOUNS and REL_NOUNS[t.lower_][0] in PARTNER_TYPES | {"ex_partner"} \
                    and t.pos_ == "NOUN" and (named := self._noun_targets(t)):
                out += named  # "split from his wife of 17 years, Christine Taylor"
            elif t.lower_ == "their" and len(subjects := self._clause_subject_people(t)) >= 2:
                out += [(k, 0.8) for k in subjects]  # "Kim and Kanye pose with their children"
            elif t.lower_ in PLURAL_REFS or t.lower_ in ("they", "them", "their"):
                out += [(k, 0.7) for k in self._current_pair(t, joined_pair_only)]
        return out

    def _current_pair(self, tok: Token, joined_pair_only: bool = False) -> list[str]:
        """'the pair', 'their', 'they': the last two people named together before this, within seven sentences:
        two names joined by 'and', or the only two names of a sentence. Three names without a pair are not one."""
        si = self.sent_of[tok.i]
        for back in range(si, max(-1, si - 7), -1):
            sent = self.sents[back]
            end = tok.i if back == si else sent.end
            named = [k for i, k in self._persons_in(sent) if i < end and self.refs[i].kind == "name"]
            pairs = self._paired_by_and([(k, 1.0) for k in named], sent, end)
            if pairs:
                (a, _), (b, _) = pairs[-1]
                return [a, b]
            if len(set(named)) == 2 and not joined_pair_only:  # "Bradley split from Irina in 2019, but the pair"
                return list(dict.fromkeys(named))
        return []

    def _subjects(self, verb: Token) -> list[tuple[str, float]]:
        node = verb
        for _ in range(4):
            subj = [c for c in node.children if c.dep_ in SUBJ_DEPS]
            if subj:
                people = []
                for s in subj:
                    people += self._people_of(s)
                return people
            if node.dep_ in ("xcomp", "advcl", "pcomp", "conj", "acomp", "ccomp", "prep", "pobj") \
                    and node.head.i != node.i:
                node = node.head
                continue
            if node.dep_ in ("acl", "relcl") and node.head.i in self.refs:
                return [(self.refs[node.head.i].key, self.refs[node.head.i].confidence)]
            break
        return []

    def _objects(self, verb: Token, preps: set[str]) -> list[tuple[str, float]]:
        out = []
        # the small parser often hangs "with Y" on the object instead of the verb
        holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "appos")]
        holders += [g for h in holders[1:] for g in h.children if g.dep_ == "appos"]
        for holder in holders:
            for c in holder.children:
                if holder is verb and c.dep_ in ("dobj", "attr", "oprd"):
                    out += self._people_of(c)
                elif c.dep_ in ("prep", "agent") and c.lower_ in preps:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            out += self._people_of(p)
        if not out and verb.pos_ == "VERB":  # surface fallback: "dating Cooper", "linked to Brady"
            j = verb.i + 1
            if j < len(verb.doc) and verb.doc[j].lower_ in preps:
                j += 1
            if j in self.refs and self.refs[j].kind == "name":
                out.append((self.refs[j].key, self.refs[j].confidence * 0.9))
        return out

    def _polarity(self, trigger: Token, sent: Span) -> tuple[bool, bool]:
        negated = any(c.dep_ == "neg" for c in trigger.children) or any(
            c.dep_ == "neg" for c in trigger.head.children if trigger.dep_ in ("xcomp", "acomp", "attr")
        )
        node = trigger
        for _ in range(3):
            if node.lemma_.lower() in DENIAL:
                negated = True
            if node.head.i == node.i:
                break
            node = node.head
        speculative = any(t.lower_ in SPECULATION for t in sent)
        return negated, speculative

    def _relations_in(self, sent: Span) -> list[RelationFact]:
        facts: list[RelationFact] = []
        plural = any(t.lower_ in ("their", "they", "them") or t.lower_ in PLURAL_REFS for t in sent)
        if len({self.refs[i].key for i, _ in self._persons_in(sent)}) < (1 if plural else 2):
            return facts

        def emit(a: tuple[str, float], b: tuple[str, float], rtype: str, base: float, trig: Token) -> None:
            if a[0] == b[0]:
                return
            negated, speculative = self._polarity(trig, sent)
            conf = base * a[1] * b[1] * (0.6 if speculative else 1.0)
            facts.append(RelationFact(a[0], b[0], rtype, round(min(conf, 0.99), 3), trig.text,
                                      sent.start_char, sent.end_char, negated, speculative))

        for tok in sent:
            low = tok.lower_
            lemma = tok.lemma_.lower()
            if tok.pos_ in ("NOUN", "PROPN") and low in GROUP_NOUNS and tok.i not in self.refs:
                self._group_relation(tok, emit)
            elif tok.pos_ in ("NOUN", "PROPN", "ADJ") and low in REL_NOUNS and tok.i not in self.refs:
                self._noun_relation(tok, emit)
            elif tok.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
                self._verb_relation(tok, lemma, sent, emit)
        return facts

    def _noun_relation(self, noun: Token, emit) -> None:  # noqa: ANN001 - local callback
        rtype, role = REL_NOUNS[noun.lower_]
        following = [t.lower_ for t in noun.doc[noun.i + 1 : noun.i + 4]]
        if following[-2:] == ["in", "-"] or following[:3] == ["-", "in", "-"]:
            rtype, role = "relative", "sym"  # "sister-in-law" split by the tokenizer
        prev = noun.doc[noun.i - 1] if noun.i > 0 else None
        mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "advmod")}
        former = prev is not None and prev.lower_ in FORMER or mods & FORMER or (
            noun.i > 1 and noun.doc[noun.i - 1].text == "-" and noun.doc[noun.i - 2].lower_ == "ex"
        )
        if former and rtype in PARTNER_TYPES:
            rtype = "ex_partner"
        if noun.lower_ in ("partner",) and rtype != "ex_partner":
            return  # "partner" alone may be a business partner
        targets = self._noun_targets(noun)
        if not targets:
            return
        owners = self._noun_owners(noun, targets)
        for owner in owners:
            for target in targets:
                if role == "parent":
                    emit(target, owner, "parent_of", 0.9, noun)
                elif role == "child":
                    emit(owner, target, "parent_of", 0.9, noun)
                else:
                    emit(owner, target, rtype, 0.9, noun)

    def _opening_pair(self, token: Token) -> list[tuple[str, float]]:
        """Two names joined by 'and' at the very start of the sentence, before `token`."""
        sent = token.sent
        spans: list[tuple[int, int, str]] = []
        i = sent.start
        while i < token.i and len(spans) < 2:
            ref = self.refs.get(i)
            if ref is None or ref.kind != "name":
                break
            end = i
            while end + 1 < token.i and self.refs.get(end + 1) and self.refs[end + 1].key == ref.key:
                end += 1
            spans.append((i, end, ref.key))
            i = end + 1
            if len(spans) == 1:
                if i < token.i and self.doc[i].lower_ in ("and", "&"):
                    i += 1
                else:
                    break
        if len(spans) == 2 and spans[0][2] != spans[1][2]:
            return [(spans[0][2], 0.9), (spans[1][2], 0.9)]
        return []

    def _group_relation(self, noun: Token, emit) -> None:  # noqa: ANN001 - local callback
        """Everyone a group noun gathers is related to everyone else in it by the noun's type."""
        rtype = GROUP_NOUNS[noun.lower_]
        mods = {c.lower_ for c in noun.children if c.dep_ in ("amod", "compound", "nmod", "advmod")}
        if rtype in PARTNER_TYPES and mods & FORMER:
            rtype = "ex_partner"
        elif rtype == "romantic" and mods & {"married", "wedded"}:
            rtype = "married"  # "the married couple"
        elif rtype == "romantic" and mods & {"engaged", "betrothed"}:
            rtype = "engaged"  # "the engaged couple"
        members: list[tuple[str, float]] = []
        if noun.dep_ in ("compound", "nmod", "appos") and noun.head.i in self.refs:
            members = self._people_of(noun.head)  # "couple Jennifer Lopez and Alex Rodriguez"
        if len(members) < 2:
            for c in noun.children:
                if c.dep_ == "appos":
                    members = self._people_of(c)  # "the sisters, Kim and Kourtney"
        if len(members) < 2 and noun.dep_ == "attr" and noun.head.lemma_ == "be":
            for c in noun.head.children:
                if c.dep_ in SUBJ_DEPS:
                    members = self._people_of(c)  # "Kim and Kourtney are sisters"
        # a bare "the couple" is left alone: it often means another pair than the last two names; "the exes"
        # names the pair the story is about
        qualified = noun.lower_ == "couple" and mods & {"engaged", "married", "newlywed", "wedded", "betrothed"}
        if len(members) < 2 and (noun.lower_ == "exes" or qualified) and _definite(noun):
            members = [(k, 0.7) for k in self._current_pair(noun)]
        members = list(dict.fromkeys(members))
        if len(members) > 4:
            return
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                emit(members[i], members[j], rtype, 0.85, noun)

    def _noun_targets(self, noun: Token) -> list[tuple[str, float]]:
        """The person a kinship noun names: 'ex Zayn Malik', 'her ex, Zayn Malik', 'X is his wife'."""
        doc = noun.doc
        # the noun modifies a name: "pal Leonardo DiCaprio", "daughter Khai"
        if noun.dep_ in ("compound", "amod", "nmod", "appos") and noun.head.i in self.refs \
                and self.refs[noun.head.i].kind == "name":
            return self._people_of(noun.head)
        for c in noun.children:
            if c.dep_ == "appos" and c.i > noun.i:
                people = self._people_of(c)
                if people:
                    return people
        # "Bloom, a former truTV anchor and lawyer Gloria Allred's daughter": a conjunct of an apposition
        node = noun.head if noun.dep_ == "conj" else noun
        if node is not noun and node.dep_ == "appos" and node.head.i in self.refs \
                and self.refs[node.head.i].kind == "name":
            return self._people_of(node.head)
        # surface fallback: the name starts right after the noun (", " allowed)
        j = noun.i + 1
        if j < len(doc) and doc[j].text == ",":
            j += 1
        if j < len(doc) and j in self.refs and self.refs[j].kind == "name" and j not in (noun.head.i,):
            ref = self.refs[j]
            if self.doc[j].sent == noun.sent:
                return [(ref.key, ref.confidence)]
        # copula: "Y is X's wife"
        if noun.dep_ == "attr" and noun.head.lemma_ == "be":
            for c in noun.head.children:
                if c.dep_ == "nsubj":
                    return self._people_of(c)
        return []

    def _noun_owners(self, noun: Token, targets: list[tuple[str, float]]) -> list[tuple[str, float]]:
        target_keys = {k for k, _ in targets}
        # "Tom Hanks and wife Rita Wilson", "Matt Damon and his wife, Luciana": the name before the 'and'
        doc = noun.doc
        j = noun.i - 1
        while j >= 0 and doc[j].pos_ == "ADJ":
            j -= 1
        if j >= 0 and doc[j].lower_ in ("his", "her", "their"):
            j -= 1
        if j >= 1 and doc[j].lower_ in ("and", "&") and j - 1 in self.refs and self.refs[j - 1].kind == "name" \
                and self.refs[j - 1].key not in target_keys:
            return [(self.refs[j - 1].key, self.refs[j - 1].confidence)]
        # possessor of the noun, or of the name it modifies, or up a chain of conjuncts/appositions
        node = noun
        for _ in range(4):
            for c in node.children:
                if c.dep_ == "poss":
                    owners = [p for p in self._people_of(c) if p[0] not in target_keys]
                    if owners:
                        return owners
            if node.dep_ in ("compound", "amod", "nmod") or node.dep_ in ("conj", "appos") and node.head.i != node.i:
                node = node.head
                continue
            break
        for c in noun.children:  # "Fitz is the second child for Reinholt", "the daughter of Kris Jenner"
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                owners = [p for g in c.children if g.dep_ == "pobj" for p in self._people_of(g)
                          if p[0] not in target_keys]
                if owners:
                    return owners
        if noun.dep_ in ("compound", "amod") and noun.head.i in self.refs:
            for c in noun.head.children:
                if c.dep_ == "poss":
                    owners = [p for p in self._people_of(c) if p[0] not in target_keys]
                    if owners:
                        return owners
        # a headline's "A and B Celebrate Son Sasha's Birthday": the pair that opens the sentence
        if noun.sent.start_char < self.resolver.title_end:
            opening = self._opening_pair(noun)
            if opening and not target_keys & {k for k, _ in opening}:
                return opening
        # no possessor: the subject of the clause ("Hadid shares Khai with ex Zayn Malik")
        head = noun.head if noun.dep_ in ("compound", "amod", "nmod") else noun
        if head.dep_ in ("pobj", "dobj", "appos") or head.dep_ == "conj":
            verb = head.head
            while verb.dep_ in ("prep", "pobj", "conj", "appos", "dobj") and verb.pos_ not in ("VERB", "AUX"):
                verb = verb.head
            if verb.pos_ in ("VERB", "AUX"):
                return [p for p in self._subjects(verb) if p[0] not in target_keys]
        return []

    def _verb_relation(self, tok: Token, lemma: str, sent: Span, emit) -> None:  # noqa: ANN001
        low = tok.lower_
        nxt = tok.i + 1
        if tok.dep_ in ("amod", "compound") and tok.pos_ != "NOUN" and nxt not in self.refs:
            return  # "dating speculation": a modifier, not a predicate
        if lemma in ("date", "see", "romance", "link") and tok.pos_ in ("VERB", "AUX") or (
            lemma == "link" and tok.tag_ == "VBN"
        ):
            if lemma == "see" and not (tok.tag_ == "VBG" and any(c.lower_ == "other" for c in tok.subtree)):
                return
            rtype = "romantic" if self._is_current(tok) else "ex_partner"
            if any(t.lower_ in ("last", "previously", "once", "formerly") for t in tok.children):
                rtype = "ex_partner"
            self._pairs(tok, rtype, {"to", "with"}, 0.85, emit)
        elif lemma in ("marry", "wed") and tok.pos_ in ("VERB", "ADJ"):
            self._pairs(tok, "married", {"to", "with"}, 0.85, emit)
        elif lemma == "tie" and any(c.lower_ == "knot" for c in tok.children):
            self._pairs(tok, "married", {"with", "to"}, 0.85, emit)
        elif lemma in ("engage", "propose") or low == "engaged":
            self._pairs(tok, "engaged", {"to", "with"}, 0.85, emit)
        elif lemma in ("split", "divorce", "separate", "dump", "breakup", "divorce") or (
            lemma == "break" and any(c.lower_ == "up" for c in tok.children)
        ) or (lemma == "call" and any(c.lower_ == "quits" for c in tok.subtree)) or (
            lemma == "part" and any(c.lower_ == "ways" for c in tok.children)
        ):
            self._pairs(tok, "ex_partner", {"from", "with"}, 0.85, emit)
        elif lemma in PARTNERSHIP_NOUNS and tok.pos_ == "NOUN":
            rtype, base = PARTNERSHIP_NOUNS[lemma]
            mods = {c.lower_ for c in tok.children if c.dep_ in ("amod", "compound", "advmod")}
            ended_by_verb = tok.dep_ == "dobj" and tok.head.lemma_ in ("end", "finish", "call", "break")
            if rtype in PARTNER_TYPES and (mods & FORMER or ended_by_verb or mods & {
                    "ended", "failed", "previous", "first", "brief", "short-lived", "past", "doomed"}):
                rtype = "ex_partner"  # "who ended the pair's affair", "enjoy a brief romance"
            elif lemma == "wedding" and mods & {"upcoming", "planned", "future", "impending", "pending"}:
                rtype = "engaged"  # "their upcoming wedding"
            elif rtype in PARTNER_TYPES and any(c.dep_ in ("nummod", "compound", "amod") and c.text.isdigit()
                                                and len(c.text) == 4 for c in tok.children):
                rtype = "ex_partner"  # "his 2012 relationship with Taylor Swift": dated, so over
            self._pairs(tok, rtype, {"with", "to"}, base, emit)
        elif lemma in ("share", "coparent", "co-parent", "welcome", "raise") and tok.pos_ == "VERB" or (
            low in ("shares", "coparents", "co-parents") and tok.dep_ == "ROOT"
        ):
            self._shared_child(tok, emit)

    def _is_current(self, verb: Token) -> bool:
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" and a.lemma_ == "be" for a in auxes):
            return False
        has_have = any(a.lemma_ == "have" for a in auxes)
        # "has dated" is in the past; "has been dating" is not
        return not (has_have and verb.tag_ == "VBN" and not any(a.lower_ == "been" for a in auxes))

    def _pairs(self, trig: Token, rtype: str, preps: set[str], base: float, emit) -> None:  # noqa: ANN001
        if trig.pos_ == "NOUN":
            subjects = []
            for c in trig.children:
                if c.dep_ == "poss":  # "their romance": only a pair the text joined with 'and'
                    subjects += self._people_of(c, joined_pair_only=True)
            surface = self._surface_possessors(trig)
            if len(surface) > len(subjects):
                subjects = surface
            if not subjects and trig.dep_ in ("dobj", "pobj", "attr"):
                verb = trig.head.head if trig.dep_ == "pobj" else trig.head
                subjects = self._subjects(verb) if verb.pos_ in ("VERB", "AUX") else []
        else:
            subjects = self._subjects(trig) or [
                (k, 0.8) for k in self._clause_subject_people(trig)]
        objects = self._objects(trig, preps)
        if trig.pos_ == "ADJ" or trig.dep_ in ("acomp",):
            objects += self._objects(trig.head, preps) if not objects else []
        if objects:
            for s in subjects:
                for o in objects:
                    emit(s, o, rtype, base, trig)
        elif len(subjects) == 2:
            emit(subjects[0], subjects[1], rtype, base * 0.95, trig)
        elif len(subjects) > 2:
            for a, b in self._paired_by_and(subjects, trig.sent):
                emit(a, b, rtype, base * 0.9, trig)

    def _paired_by_and(self, people: list[tuple[str, float]], sent: Span,
                       end: int | None = None) -> list[tuple[tuple[str, float], tuple[str, float]]]:
        """'Josh Murray and Amanda Stanton, Grant Kemp and Lace Morris get engaged': with more than two
        subjects, only names joined by a bare 'and' are couples."""
        wanted = {k for k, _ in people}
        confidence = dict(people)
        spans: list[tuple[int, int, str]] = []  # name mentions in order: (first token, last token, key)
        for i in range(sent.start, sent.end if end is None else end):
            ref = self.refs.get(i)
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
            between = [t.lower_ for t in gap if not t.text.isdigit() and not (with_age and t.text == ",")]
            if between in (["and"], ["&"]) and a != b and start_b - end_a <= 6:
                pairs.append(((a, confidence[a]), (b, confidence[b])))
        return pairs

    def _surface_possessors(self, noun: Token) -> list[tuple[str, float]]:
        """'X and Y's romance', 'her split': possessors read off the words before the noun."""
        doc = noun.doc
        j = noun.i - 1
        while j >= 0 and doc[j].pos_ == "ADJ":
            j -= 1
        if j < 1 or doc[j].text not in ("'s", "'"):
            return []
        j -= 1
        out: list[tuple[str, float]] = []
        while j >= 0 and j in self.refs:
            key = self.refs[j].key
            if not out or out[-1][0] != key:
                out.append((key, self.refs[j].confidence))
            j -= 1
            while j >= 0 and j in self.refs and self.refs[j].key == key:
                j -= 1
            if j >= 1 and doc[j].lower_ in ("and", "&"):
                j -= 1
            else:
                break
        return out

    def _shared_child(self, verb: Token, emit) -> None:  # noqa: ANN001
        """'X shares Khai with Y', 'X coparents Lea with Y', 'X and Y welcomed son Z'."""
        children: list[tuple[str, float]] = []
        for c in verb.children:
            if c.dep_ in ("dobj", "appos"):
                for t in _conjuncts(c):
                    if t.i in self.refs:
                        children.append((self.refs[t.i].key, self.refs[t.i].confidence))
                    elif t.lower_ in REL_NOUNS and REL_NOUNS[t.lower_][1] == "child":
                        children += self._noun_targets(t)
        if not children:
            return
        parents = self._subjects(verb) + self._objects(verb, {"with"})
        if verb.lower_.startswith("shar") and not self._objects(verb, {"with"}):
            return  # "shares a photo of Khai": not a shared child without "with"
        child_keys = {k for k, _ in children}
        for parent in parents:
            if parent[0] in child_keys:
                continue  # "She shares Chet, 26, and Truman, 21, with ...": no child is a parent here
            for child in children:
                emit(parent, child, "parent_of", 0.85, verb)

    def _names_a_work(self, span: Span) -> bool:
        """The date is part of a title or describes a work, not a happening."""
        if any(t.ent_type_ in ("WORK_OF_ART", "PRODUCT", "ORG") for t in span):
            return True  # "Wonder Woman 1984", "USA TODAY"
        prev = self.doc[span.start - 1] if span.start > 0 else None
        if len(span) == 1 and span[0].text.isdigit() and prev is not None and prev.tag_ in ("NNP", "NNPS") \
                and prev.text[:1].isupper() and not prev.is_sent_start:
            return True  # a bare year right after a title word: "Wonder Woman 1984"
        head = span.root.head
        return span.root.dep_ in ("compound", "nummod", "amod", "npadvmod") and head.lower_ in WORK_WORDS

    # --- events ------------------------------------------------------------------------------------
    def _events(self) -> tuple[list[EventFact], list[DateMention]]:
        dates = find_dates(self.doc.text, self.published)
        events: list[EventFact] = []
        unresolved: list[DateMention] = []
        by_sentence: dict[int, list[DateMention]] = {}
        for d in dates:
            if d.precision is None:
                unresolved.append(d)
                continue
            span = self.doc.char_span(d.start, d.end, alignment_mode="expand")
            if span is None or self._names_a_work(span):
                continue
            by_sentence.setdefault(self.sent_of[span.start], []).append(d)
        for si, found in by_sentence.items():
            sent = self.sents[si]
            # within a sentence, an expression whose range holds a more precise one adds nothing
            kept = [d for d in found if not any(
                o is not d and o.date_start >= d.date_start and o.date_end <= d.date_end and
                (o.date_end - o.date_start) < (d.date_end - d.date_start) for o in found)]
            people: list[str] = []
            # "... on Saturday to take in the fight of the summer: Floyd Mayweather vs. Conor McGregor."
            continued = self.sents[si + 1] if sent.text.rstrip().endswith(":") and si + 1 < len(self.sents) else None
            for _, key in self._persons_in(sent) + (self._persons_in(continued) if continued else []):
                if key not in people:
                    people.append(key)
            for t in sent:
                # "They married in 2000 and share two children, daughter Ella ...": the pair is the subject
                subject_they = t.lower_ == "they" and t.dep_ in SUBJ_DEPS
                if t.lower_ in PLURAL_REFS and _definite(t) or subject_they or t.lower_ == "them" and len(people) < 2:
                    for key in self._current_pair(t):
                        if key not in people:
                            people.append(key)
            if not people:
                continue
            seen: set[tuple[dt.date, str]] = set()
            for d in kept:
                if (d.date_start, d.precision) in seen:
                    continue
                seen.add((d.date_start, d.precision))
                events.append(EventFact(d, tuple(people), sent.start_char, sent.end_char,
                                        _describe(sent, d)))
        return events, unresolved


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj":
            out += _conjuncts(c)
    return out


def _definite(tok: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that", "both") for c in tok.children) or (
        tok.lower_ == "both"
    )


def _describe(sent: Span, date: DateMention) -> str:
    """A short description of a dated event: the sentence's clause around its main verb, without the date."""
    text = sent.text.replace(date.expression, "").strip()
    text = re.sub(r"\s+", " ", text)
    return text[:200]


def extract_article(doc: Doc, published: dt.date | None, known_names: frozenset[str] = frozenset()) -> ArticleFacts:
    return ArticleExtractor(doc, published, known_names).run()
