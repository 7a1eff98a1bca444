"""Document-level person resolution on a spaCy Doc.

The small model misses and mislabels names in this genre, so the label is a hint, not the answer:
1. find full names (PERSON entities, and proper-noun runs whose parts recur as names in the article);
2. derive aliases (first name, surname, nicknames such as "BCoop"), dropping any alias shared by two
   people in the article ("Gigi", "Yolanda Hadid", "Bella Hadid": a bare "Hadid" is ambiguous);
3. mark every occurrence of a name or alias, whatever label the model gave it;
4. keep single-name people (children, mononyms) when the text shows they are people.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

HONORIFICS = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lady", "lord", "prince", "princess", "queen",
              "king", "duke", "duchess", "rev", "judge", "president", "senator", "sen", "gov", "officer"}
PARTICLES = {"de", "da", "del", "della", "di", "du", "van", "von", "der", "den", "la", "le", "bin", "al", "st"}
SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
# Words the model tags PERSON in this genre that are never a person's name on their own.
NOT_NAME_WORDS = {
    "instagram", "twitter", "facebook", "tiktok", "youtube", "snapchat", "netflix", "hulu", "google", "apple",
    "god", "jesus", "christmas", "easter", "thanksgiving", "halloween", "oscar", "oscars", "grammy", "grammys",
    "emmy", "emmys", "mom", "dad", "mum", "mama", "papa", "baby", "bae", "sir", "madam", "source", "insider",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "april", "june", "july", "august", "september", "october", "november", "december", "the", "a", "an",
    "he", "she", "they", "it", "we", "i", "you", "his", "her", "their", "us", "uk", "usa", "tv", "ok",
    "okay", "wow", "lol", "omg", "related", "photo", "photos", "video", "watch", "read", "more", "click",
    "ad", "advertisement", "via", "image", "images", "getty", "wenn", "mega", "backgrid", "splash",
    "perezcious", "perezitos", "bravo", "hbo", "abc", "nbc", "cbs", "fox", "cnn", "mtv", "vh1", "bbc",
    "nfl", "nba", "mlb", "nhl", "met", "gala", "vma", "vmas", "amas", "sag", "bafta", "golden", "globes",
    "fashion", "week", "vogue", "elle", "people", "weekly", "magazine", "daily", "mail", "tmz",
    "et", "news", "times", "post", "star", "page", "six", "e!", "hollywood", "beyhive", "swifties",
}
# Kinship and partner nouns: a capitalised token right after one is a person ("daughter Khai").
KIN_NOUNS = {
    "son", "daughter", "child", "kid", "baby", "sister", "brother", "mom", "mother", "dad", "father", "wife",
    "husband", "boyfriend", "girlfriend", "fiance", "fiancé", "fiancee", "fiancée", "ex", "cousin", "aunt",
    "uncle", "niece", "nephew", "grandmother", "grandfather", "grandma", "grandpa", "granddaughter",
    "grandson", "stepson", "stepdaughter", "twin", "pal", "bestie", "friend", "partner", "beau", "sis",
    "stepmom", "stepdad", "mum", "spouse", "hubby", "newborn",
}
_NAME_TOKEN = re.compile(r"^[A-Z][A-Za-z'\-.]*[A-Za-z.]$|^[A-Z]$|^[A-Z]\.$")
_CAMEL_PARTS = re.compile(r"[A-Z][a-z]*")


def fold(text: str) -> str:
    """Accent-free lower-case key: 'Khloé' and 'Khloe' are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


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


def _strip_span(span: Span) -> list[Token]:
    tokens = [t for t in span if not t.is_punct and t.text not in ("'s", "'")]
    while tokens and (tokens[0].lower_.rstrip(".") in HONORIFICS | {"the", "a", "an"} or tokens[0].text.islower()):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in ("'s", "s'", "'") or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


def _is_name_tokens(tokens: list[Token]) -> bool:
    if not tokens or len(tokens) > 5:
        return False
    words = [t.text for t in tokens]
    if any(w.lower().rstrip(".") in NOT_NAME_WORDS and w.lower() not in PARTICLES for w in words):
        return False
    for i, w in enumerate(words):
        if w.lower() in PARTICLES and 0 < i < len(words) - 1:
            continue
        if w.lower().rstrip(".") in SUFFIXES and i == len(words) - 1 and i > 0:
            continue
        if not _NAME_TOKEN.match(w) or w.isupper() and len(w) > 3:
            return False
    return True


_SLOT_WORDS = {"dating", "dated", "dates", "marry", "married", "marrying", "wed", "divorced", "divorcing",
               "befriended", "dumped", "kissed"}
_SLOT_PREPS = {"from": {"split", "splitting", "divorce", "divorced", "separated", "breakup"},
               "to": {"married", "engaged", "linked", "wed"},
               "with": {"split", "linked", "romance", "fling", "engaged", "relationship", "affair", "shares",
                        "coparents", "welcomed"}}


def _person_slot(token: Token) -> bool:
    """The words before a proper-noun run make it a person: 'ex Irina Shayk', 'dating Bianca Moreau',
    'split from Zane Malik'. The small model often labels such a one-off name ORG or FAC."""
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    if prev is None:
        return False
    if prev.lower_ in KIN_NOUNS or prev.lower_ in _SLOT_WORDS:
        return True
    before = doc[token.i - 2].lower_ if token.i > 1 else ""
    return before in _SLOT_PREPS.get(prev.lower_, set())


def _in_proper_run(token: Token) -> bool:
    doc = token.doc
    prev_nnp = token.i > 0 and doc[token.i - 1].tag_ in ("NNP", "NNPS")
    next_nnp = token.i + 1 < len(doc) and doc[token.i + 1].tag_ in ("NNP", "NNPS")
    return token.tag_ in ("NNP", "NNPS") and (prev_nnp or next_nnp)


def _name_parts(name: str) -> tuple[str, str]:
    # a name of honorifics only ('Mrs. Dr.') keeps its words rather than crash the whole run
    words = [w for w in name.split() if w.lower().rstrip(".") not in HONORIFICS] or name.split() or [name]
    while len(words) > 1 and words[-1].lower().rstrip(".") in SUFFIXES:
        words = words[:-1]
    return words[0], words[-1]


def is_nickname_of(token: str, name: str) -> bool:
    """'BCoop' for 'Bradley Cooper', 'JLo' for 'Jennifer Lopez', 'ScarJo' for 'Scarlett Johansson'.

    The token splits at capitals into parts, each a prefix of consecutive name parts, covering the name.
    """
    parts = _CAMEL_PARTS.findall(token)
    words = [w for w in name.split() if w.lower() not in PARTICLES]
    if len(parts) < 2 or len(parts) != len(words) or "".join(parts) != token:
        return False
    return all(w.lower().startswith(p.lower()) for p, w in zip(parts, words, strict=True)) and any(
        len(p) >= 3 for p in parts
    )


class PersonResolver:
    """Resolves the people of one article. `known_names` are full names learned from other articles."""

    def __init__(self, doc: Doc, known_names: frozenset[str] = frozenset()) -> None:
        self.doc = doc
        self.known_names = known_names
        self.people: dict[str, PersonInDoc] = {}
        self.mentions: list[NameMention] = []
        self.token_person: dict[int, str] = {}

    # -- step 1: full names -------------------------------------------------------------------
    def _full_name_candidates(self) -> Counter[str]:
        doc = self.doc
        counts: Counter[str] = Counter()
        # a Title-Case Headline makes every word a proper noun: there, trust only names the body confirms
        title_end = doc.text.find("\n\n")
        title_words = [t for t in doc if t.idx < title_end and t.is_alpha]
        title_case = title_end > 0 and len(title_words) >= 4 and sum(
            t.text[0].isupper() for t in title_words) >= 0.7 * len(title_words)
        body_text = doc.text[title_end:] if title_case else ""
        standalone = Counter(t.text for t in doc if t.text[:1].isupper() and not _in_proper_run(t))
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            tokens = _strip_span(ent)
            if len(tokens) >= 2 and _is_name_tokens(tokens):
                counts[" ".join(t.text for t in tokens)] += 1
        # proper-noun runs the model left unlabelled, e.g. a name in a headline
        run: list[Token] = []
        for token in [*doc, None]:
            if token is not None and token.tag_ in ("NNP", "NNPS") and token.text[:1].isupper():
                run.append(token)
                continue
            if title_case and run and run[0].idx < title_end:
                run = [t for t in run if t.text in body_text]
                run = run if " ".join(t.text for t in run) in body_text else []
            if 2 <= len(run) <= 4 and _is_name_tokens(run):
                text = " ".join(t.text for t in run)
                unlabelled = all(t.ent_type_ in ("", "PERSON") for t in run)
                # the surname used alone elsewhere in the article marks the run as a name, whatever
                # the model's label ("Bradley Cooper's" tagged ORG, "Hadid" tagged WORK_OF_ART)
                surname_alone = standalone[run[-1].text] >= 2
                first_alone = unlabelled and standalone[run[0].text] >= 1
                known = fold(text) in self.known_names
                if text not in counts and (known or surname_alone or first_alone or _person_slot(run[0])):
                    counts[text] += 1
            run = []
        return counts

    def _merge_variants(self, counts: Counter[str]) -> dict[str, str]:
        """Map each full-name variant to its canonical form ('Kim Kardashian' -> 'Kim Kardashian West')."""
        names = sorted(counts, key=lambda n: (-len(n.split()), -counts[n], n))
        canonical: dict[str, str] = {}
        for name in names:
            words = name.split()
            target = name
            for other in names:
                if other == name or canonical.get(other, other) != other:
                    continue
                ow = other.split()
                if len(ow) > len(words) and ow[: len(words)] == words:
                    target = other
                    break
            canonical[name] = target
        return canonical

    # -- main ------------------------------------------------------------------------------------
    def resolve(self) -> None:
        counts = self._full_name_candidates()
        canonical = self._merge_variants(counts)
        for variant, name in canonical.items():
            person = self.people.setdefault(fold(name), PersonInDoc(name=name, key=fold(name)))
            if variant != name:
                person.aliases.add(variant)
        alias_owner = self._alias_table()
        self._mark_full_names(canonical)
        self._mark_single_tokens(alias_owner)
        self._add_single_name_people(alias_owner)

    def _alias_table(self) -> dict[str, str | None]:
        """first names, surnames and nicknames -> person key; None where two people share it."""
        table: dict[str, str | None] = {}
        for key, person in self.people.items():
            first, last = _name_parts(person.name)
            for alias in {first, last}:
                if len(alias) < 2 or alias.lower() in PARTICLES:
                    continue
                table[alias] = None if alias in table and table[alias] != key else key
        return table

    def _claim(self, start: int, end: int, key: str, kind: str) -> None:
        if any(i in self.token_person for i in range(start, end)):
            return
        for i in range(start, end):
            self.token_person[i] = key
        span = self.doc[start:end]
        self.mentions.append(NameMention(key, start, end, span.text, kind))

    def _mark_full_names(self, canonical: dict[str, str]) -> None:
        doc = self.doc
        words = [t.text for t in doc]
        # longest variants first so "Yolanda Hadid" is claimed before any bare "Hadid"
        for variant in sorted(canonical, key=lambda n: -len(n.split())):
            parts = variant.split()
            n = len(parts)
            for i in range(len(words) - n + 1):
                if words[i : i + n] == parts:
                    self._claim(i, i + n, fold(canonical[variant]), "full")

    def _mark_single_tokens(self, alias_owner: dict[str, str | None]) -> None:
        for token in self.doc:
            if token.i in self.token_person or not token.text[:1].isupper():
                continue
            owner = alias_owner.get(token.text)
            if owner is not None:
                # a first name that is also a word ("Will") must be used as a proper noun
                if token.tag_ not in ("NNP", "NNPS") and not token.ent_type_:
                    continue
                first, _ = _name_parts(self.people[owner].name)
                kind = "first" if token.text == first else "surname"
                self._claim(token.i, token.i + 1, owner, kind)
                self.people[owner].aliases.add(token.text)
                continue
            if token.text in alias_owner:  # ambiguous: shared by two people of this article
                continue
            for key, person in self.people.items():
                if is_nickname_of(token.text, person.name):
                    self._claim(token.i, token.i + 1, key, "nickname")
                    person.aliases.add(token.text)
                    break

    def _single_name_evidence(self, token: Token) -> bool:
        """The text shows this lone capitalised word is a person: PERSON label or a kinship noun before it."""
        if token.ent_type_ == "PERSON":
            return True
        prev = [t for t in self.doc[max(0, token.i - 3) : token.i] if t.text != ","]
        return bool(prev) and prev[-1].lower_ in KIN_NOUNS

    def _add_single_name_people(self, alias_owner: dict[str, str | None]) -> None:
        evidence: Counter[str] = Counter()
        for token in self.doc:
            if token.i in self.token_person or token.tag_ not in ("NNP", "NNPS"):
                continue
            if token.text in alias_owner or not _is_name_tokens([token]) or len(token.text) < 2:
                continue
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper():
                continue  # part of a longer proper-noun run that is not a name we know
            if self._single_name_evidence(token):
                evidence[token.text] += 1
        for word in evidence:
            key = fold(word)
            if key in self.people:
                continue
            self.people[key] = PersonInDoc(name=word, key=key, single_name=True)
            for token in self.doc:
                if token.text == word and token.i not in self.token_person:
                    self._claim(token.i, token.i + 1, key, "single")

    def person_tokens(self) -> dict[int, str]:
        return self.token_person
