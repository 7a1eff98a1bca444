"""Document-level person resolution on a spaCy Doc.

The small model misses and mislabels names in this genre, so the label is a hint, not the answer:
1. find full names (PERSON entities, and proper-noun runs whose parts recur as names in the article);
2. derive aliases (first name, surname, nicknames such as "BCoop"), dropping any alias shared by two
   people in the article ("Gigi", "Yolanda Hadid", "Bella Hadid": a bare "Hadid" is ambiguous);
3. mark every occurrence of a name or alias, whatever label the model gave it;
4. keep single-name people (children, mononyms) when the text shows they are people.
The word lists come from lexicon.toml.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from transforms.extraction.ages import age_number
from transforms.extraction.facts import NameMention, PersonInDoc
from transforms.extraction.lexicon import COMMON_WORD_ZIPF, VERY_COMMON_WORD_ZIPF, lexicon, word_zipf
from transforms.extraction.names import first_name_gender, is_first_name

_LEX = lexicon()
_P = _LEX.people
# sibling words: given names listed in their sentence share a surname whatever their genders
_SIBLING_WORDS = frozenset(_P["sibling_cues"])
NOT_PEOPLE = _LEX.not_people
DEMONYMS = _LEX.people["demonyms"]
HONORIFICS = _P["honorifics"]
SURNAME_HONORIFICS = _P["surname_honorifics"]
PARTICLES = _P["particles"]
SUFFIXES = _P["suffixes"]
NOT_NAME_WORDS = _P["not_name_words"]
WORK_NOUNS = _P["work_nouns"]
TITLE_NOUNS = frozenset(_P["title_nouns"])
JOB_TITLES = frozenset(_P["job_titles"])
# a name never opens with a group or kinship noun: 'Couple Jen Roe', 'Sisters Kim', 'Grandpa Walt Huxley'
# nor with an occupation: 'Painter Laura Kell', 'Director Felix Ortan'
LEADING_NOISE = _P["leading_noise"] | set(_LEX.group_nouns) | _LEX.kin_nouns | _P["role_nouns"] | _P["occupations"] \
    | {"engaged", "former", "besties"}
INSTITUTION_NOUNS = _P["institution_nouns"]
ANIMAL_NOUNS = _P["animal_nouns"]
PHOTO_AGENCIES = _P["photo_agencies"]
SCREEN_NOUNS = _P["screen_nouns"]
FASHION_NOUNS = _P["fashion_nouns"]
PLAY_LEMMAS = _P["play_lemmas"]
_SERIES_WORDS = _P["series_words"]
SERIES_PAGE_MIN = 6  # series words on a page that tells a series' story
ROLE_CUE_LEMMAS = _P["role_cue_lemmas"]
THING_NOUNS = _P["thing_nouns"]
CASTING_VERBS = _P["casting_verbs"]
_ROLE_AS_VERBS = _P["role_with_as_verbs"] | CASTING_VERBS
QUOTES = {"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "``", "''"}
# Kinship and partner nouns: a capitalised token right after one is a person ("daughter Khai").
KIN_NOUNS = _LEX.kin_nouns



def _is_name_word(word: str) -> bool:
    """'Renée', "O'Neal", 'Jr.', 'K', 'J.': a capitalised word of letters (any script), apostrophes, hyphens."""
    if not word or not word[0].isalpha() or not word[0].isupper():
        return False
    if len(word) == 1 or word[1:] == ".":
        return True
    return all(c.isalpha() or c in "'\u2019-." for c in word[1:]) and (word[-1].isalpha() or word[-1] == ".")


_CAMEL_PARTS = re.compile(r"[A-Z][a-z]*")


def fold(text: str) -> str:
    """Accent-free lower-case key: 'Khloé' and 'Khloe' are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"\b(jr|sr)\.(?=\s|$)", r"\1", folded)  # 'Donald Trump Jr.' and 'Donald Trump Jr' are one


def _strip_span(span: Span) -> list[Token]:
    tokens = [t for t in span if not t.is_punct and t.text not in ("'s", "'")]
    while tokens and (tokens[0].lower_.rstrip(".") in HONORIFICS | {"the", "a", "an"} or tokens[0].text.islower()):
        tokens = tokens[1:]
    while tokens and (tokens[-1].lower_ in ("'s", "s'", "'") or tokens[-1].is_punct):
        tokens = tokens[:-1]
    return tokens


# words a role's descriptor never holds: 'starred as a nurse opposite Tom Vale' (Tom Vale is no role)
_NOT_IN_A_DESCRIPTOR = {"and", "or", "of", "with", "opposite", "alongside", "beside", "against", "to", "for", "in",
                        "on", "at", "by", "from", "who", "that", "which", "while", "but", "than", "after", "before"}
_AS_NOT_A_ROLE = {"known", "such", "same", "well", "just", "much", "soon", "far", "long"}


def _role_after_as(doc: Doc, start: int, end: int) -> bool:
    """'stars as the deceased father Jack Pearson', 'shot to fame as Joey in', 'his role as Thomas Forrester',
    'starring roles, including Marisa': a name after 'as' (or 'including'), past a lower-case descriptor, in a
    clause with a role word before it is a role ('known as Bibi' is a nickname, 'rose to fame as Kim's
    sister' a person's)."""
    if end < len(doc) and doc[end].text in ("'s", "'"):
        return False
    j = start - 1
    while j >= 0 and start - j <= 10 and doc[j].lower_ not in ("as", "including") and (
            doc[j].is_lower and doc[j].is_alpha or doc[j].text in ("-", ":", ",")) \
            and doc[j].lower_ not in _NOT_IN_A_DESCRIPTOR and doc[j].pos_ != "PRON":
        j -= 1
    if j < 1 or doc[j].lower_ not in ("as", "including") or doc[j - 1].lower_ in _AS_NOT_A_ROLE:
        return False
    k = j - 1
    window = 3 if doc[j].lower_ == "including" else 12  # 'roles, including Marisa'; 'starred in 2004 as X'
    while k >= 0 and j - k <= window and doc[k].text not in (".", "!", "?", ";", '"'):
        if doc[k].lemma_.lower() in ROLE_CUE_LEMMAS or doc[k].lower_ in _ROLE_AS_VERBS:
            return True
        k -= 1
    return False


def _role_before_its_actor(doc: Doc, start: int, end: int) -> bool:
    """'Sansa (Sophie Turner)', "Rusty's (Brad Pitt)", 'Rose (Marin Hinkle)', 'Harrison (Eichner)': a name
    and, in brackets, a first name and surname, or the surname of another person of the article (a recap
    writes its actors so)."""
    k = end + 1 if end < len(doc) and doc[end].text in ("'s", "'") else end
    if k + 2 >= len(doc) or doc[k].text != "(":
        return False
    inside = doc[k + 1]
    if not (inside.is_alpha and inside.text[:1].isupper()) or inside.text in doc[start:end].text.split():
        return False
    if doc[k + 2].text == ")":
        # one word: the surname of a person the article names in full, not this one's
        surnames = doc.user_data.get("_person_surnames")
        if surnames is None:
            surnames = {ent[-1].text for ent in doc.ents if ent.label_ == "PERSON" and len(ent) >= 2}
            doc.user_data["_person_surnames"] = surnames
        return inside.text in surnames or inside.ent_type_ == "PERSON" and inside.tag_ in ("NNP", "NNPS")
    # 'Susie (Alex Borstein, another Emmy winner)': the actor's name may be glossed after a comma
    close = next((c for c in range(k + 2, min(k + 6, len(doc))) if doc[c].text in (")", ",")), None)
    if close is None or not all(t.is_alpha and t.text[:1].isupper() for t in doc[k + 2 : close]):
        return False  # 'her husband, Theo (Dev Marlow's brother)': a gloss, not an actor
    second = doc[k + 2]
    return (inside.ent_type_ == "PERSON" and inside.tag_ in ("NNP", "NNPS")
            or is_first_name(inside.text) and second.tag_ in ("NNP", "NNPS"))


def _played_past_a_descriptor(doc: Doc, start: int) -> bool:
    """'who plays forensic scientist Abby Sciuto', 'played the cunning Lady Vane': a casting verb, then only
    lower-case descriptor words, then the name."""
    j = start - 1
    while j >= 0 and start - j <= 5 and doc[j].is_lower and doc[j].is_alpha and doc[j].pos_ in ("DET", "ADJ", "NOUN") \
            and doc[j].lower_ not in KIN_NOUNS:
        j -= 1
    return 0 <= j < start - 1 and (doc[j].lemma_.lower() in PLAY_LEMMAS or doc[j].lower_ in CASTING_VERBS)


def _thing_noun_before(doc: Doc, start: int) -> bool:
    """'burger restaurant Le Bun', 'shoe company Li Ning', 'a new comedy called Whiskey Cavalier': a thing."""
    j = start - 1
    if j >= 1 and doc[j].lower_ in ("called", "named"):
        j -= 1
    return j >= 0 and doc[j].is_lower and doc[j].lower_ in THING_NOUNS


def _made_by_a_house(doc: Doc, start: int) -> bool:
    """'a coat dress from Anna Valentine', 'a gown by Jenny Packham', 'fashion shows for Ralph Lauren': a name
    after 'by', 'from' or 'for' right after a fashion noun is the house that made it."""
    k = start - 1
    while k > start - 6 and k > 0 and (doc[k].text == "&" or doc[k].lower_ == "and" or doc[k].text[:1].isupper()):
        k -= 1  # 'shows for Lanyu and Ralph Lauren': the house joined to it too (not past a comma: '..., and Kate')
    return k >= 1 and doc[k].lower_ in ("by", "from", "for") and doc[k - 1].lower_ in FASHION_NOUNS


_TITLE_STOPS = {".", ",", ";", "!", "?", ":"}


def _in_quoted_title(doc: Doc, start: int, end: int) -> bool:
    """'such projects as "Bulletproof", "I'm with Lucy"', '"Naomi and Ely's No Kiss List"': a name inside a
    short quotation written in Title Case is inside a title. Speech has lower-case words ('"Thanks, Kim"')."""
    a = start - 1
    while a >= 0 and start - a <= 6 and doc[a].text != '"':
        a -= 1
    b = end
    while b < len(doc) and b - end <= 6 and doc[b].text != '"':
        b += 1
    if a < 0 or b >= len(doc) or doc[a].text != '"' or doc[b].text != '"' or b - a - 1 < 2:
        return False
    for t in doc[a + 1 : b]:
        if t.text in _TITLE_STOPS or t.text == '"' or "\n" in t.text:
            return False
        if t.is_alpha and not t.text[:1].isupper() and t.lower_ not in _MINOR_WORDS:
            return False
    return True


def occurrence_verdict(doc: Doc, start: int, end: int) -> str:
    """'fiction' when the words around doc[start:end] make it a title, brand or role, 'person' when they make
    it a person (a kinship noun before, an age after), else ''."""
    prev = doc[start - 1] if start > 0 else None
    nxt = doc[end] if end < len(doc) else None
    after_next = doc[end + 1] if end + 1 < len(doc) else None
    before = [t.lemma_.lower() for t in doc[max(0, start - 4) : start]]
    if prev is not None and nxt is not None and prev.text in QUOTES and nxt.text in QUOTES:
        return "fiction"  # "'Big Brother'"
    if nxt is not None and nxt.lower_ in WORK_NOUNS and (
            after_next is None or after_next.tag_ in ("NNP", "NNPS")
            or prev is not None and prev.lower_ in ("the", "a", "an", "former", "fellow", "her", "his", "their")):
        return "fiction"  # "Wonder Woman star Gal Gadot", "the Big Brother alum", "the former Danity Kane member"
    if before[-2:] in (["member", "of"], ["band", "of"], ["creator", "of"], ["star", "of"], ["cast", "of"]):
        return "fiction"  # "the former member of Danity Kane"
    if end - start >= 2 and prev is not None and (prev.lower_ in TITLE_NOUNS or prev.text == "," and start >= 2
                                                  and doc[start - 2].lower_ in TITLE_NOUNS):
        # "her new song Me Enamore", "his memoir, Vulgar Favors": the title of a work (a one-word title
        # after 'record' may be its singer's name: "her 2014 record Shakira")
        return "fiction"
    if nxt is not None and (nxt.lower_ in SCREEN_NOUNS or nxt.lower_ in FASHION_NOUNS):
        return "fiction"  # "the 60-year-old Forrest Gump actress", "her custom Galia Lahav bridesmaid dress"
    if prev is not None and prev.lower_ in ("the", "a", "an") and nxt is not None and nxt.pos_ == "NOUN":
        return "fiction"  # "the Ray Donovan stud", "an Einstein quality"
    if prev is not None and prev.text in ("'s", "'") and start >= 3 and doc[start - 2].ent_type_ == "PERSON" \
            and doc[start - 3].ent_type_ == "PERSON" and doc[start - 3].ent_iob_ != "O":
        return "fiction"  # "Chris Pine's Steve Trevor": an actor's role
    if any(lemma in PLAY_LEMMAS for lemma in before[-2:]) or "character" in before or (
            prev is not None and prev.lower_ == "as" and any(lemma in PLAY_LEMMAS for lemma in before)):
        return "fiction"  # "who plays Jon Snow", "starred as Rocky Balboa"
    if prev is not None and prev.lower_ == "as" and start >= 2 and doc[start - 2].ent_type_ == "PERSON" \
            and doc[start - 2].tag_ in ("NNP", "NNPS"):
        return "fiction"  # a cast list: "Justin Prentice as Bryce Walker"
    if _role_after_as(doc, start, end) or _role_before_its_actor(doc, start, end) \
            or _played_past_a_descriptor(doc, start):
        return "fiction"  # "his role as Thomas Forrester", "Harrison (Eichner)"
    if _thing_noun_before(doc, start) or _in_quoted_title(doc, start, end) or _made_by_a_house(doc, start):
        return "fiction"  # "burger restaurant Le Bun", '"I'm with Lucy"'
    if prev is not None and prev.lower_ in KIN_NOUNS or (
            nxt is not None and nxt.text == "," and after_next is not None and after_next.text.isdigit()):
        return "person"  # "daughter True", "Marshall, 33,"
    return ""


_WORD = re.compile(r"[^\W\d_][\w'\-]*")
_MINOR_WORDS = {"a", "an", "the", "and", "or", "of", "in", "on", "at", "to", "for", "with", "by", "from", "vs"}


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """Character ranges of lines written In Title Case (4 to 25 words, seven in ten capitalised, not counting
    short function words, no final full stop): headlines and the titles of related stories."""
    out, offset = [], 0
    for line in text.split("\n"):
        words = [w for w in _WORD.findall(line) if w.lower() not in _MINOR_WORDS]
        capitalised = sum(w[0].isupper() for w in words)
        # a title is short and does not end like a sentence
        if 4 <= len(words) <= 25 and capitalised >= max(4, 0.7 * len(words)) and not line.rstrip().endswith("."):
            out.append((offset, offset + len(line)))
        offset += len(line) + 1
    return out


# Credit and author lines inside a paragraph (a whole credit line is cleaned away before extraction): their
# people are boilerplate, not in the story. 'Codey Albers contributed to this story.', 'Reporting by Nicki
# Gostin.', '- Continue the conversation with Matt Young on Facebook'
_CREDIT_SENTENCE = re.compile(
    r"\bcontributed( reporting)? to this (story|report|article)\b"
    r"|^\W*(additional )?reporting by\b|^\W*continue the conversation with\b|^\W*(written|edited) by\b",
    re.IGNORECASE)
# an author's bio, read only in the last paragraph: 'Veronica Wells is the culture editor at MadameNoire.com.'
_AUTHOR_BIO = re.compile(r"^[A-Z][\w'.-]+( [A-Z][\w'.-]+){0,3} is (a|an|the) ([\w-]+ ){0,4}"
                         r"(editor|writer|reporter|correspondent|contributor|columnist|blogger)\b")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+")


def _credit_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the credit sentences and the closing author bio of an article's text."""
    out: list[tuple[int, int]] = []
    lines = text.split("\n")
    last = max((i for i, line in enumerate(lines) if line.strip()), default=-1)
    offset = 0
    for i, line in enumerate(lines):
        if "by" in line.lower() or "contributed" in line or "conversation" in line or i == last:
            pos = 0
            for sentence in _SENTENCE_SPLIT.split(line):
                at = line.find(sentence, pos)
                pos = at + len(sentence)
                if _CREDIT_SENTENCE.search(sentence) or i == last and _AUTHOR_BIO.match(sentence):
                    out.append((offset + at, offset + pos))
        offset += len(line) + 1
    return out


_AGE_ADJECTIVE = re.compile(r"^\d{1,3}-(year|month|week|day)s?-old$")


def _age_precedes(token: Token) -> bool:
    """'six-month-old True', '3-year-old Khai'."""
    doc = token.doc
    if token.i == 0:
        return False
    prev = doc[token.i - 1].text.lower()
    if _AGE_ADJECTIVE.match(prev) or prev.endswith(("-year-old", "-month-old", "-week-old", "-day-old")):
        return True
    return token.i >= 5 and doc[token.i - 1].text == "old" and doc[token.i - 2].text == "-" \
        and doc[token.i - 3].lower_ in ("year", "month", "week", "day", "years", "months")


def _age_follows(token: Token) -> bool:
    """'Chet, 26, and Truman, 21,': a comma, a number under 120, then a comma, 'and' or the sentence end."""
    doc = token.doc
    if token.i + 3 > len(doc) or doc[token.i + 1].text != ",":
        return False
    age = age_number(doc[token.i + 2].text)  # 'Shiloh, nine, and twins Knox and Vivienne'
    after = doc[token.i + 3].text if token.i + 3 < len(doc) else "."
    return age is not None and age < 120 and after in (",", ".", "and", ")", ";")


def _child_word_before(token: Token) -> bool:
    """'little Stormi', 'baby Zephyr', 'newborn Ada': written in lower case, these words only go before a child's
    name ('Little Mix', 'Baby Driver' are capitalised)."""
    doc = token.doc
    nxt = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if nxt is not None and nxt.text.islower() and nxt.pos_ == "NOUN":
        return False  # "my little Canon camera": a brand modifying a noun
    return token.i > 0 and doc[token.i - 1].text in ("little", "baby", "newborn", "toddler")


def _listed_with_a_person(run: list[Token], person_tokens: set[int]) -> bool:
    """'Grant Kemp and Lace Morris', 'Reese Witherspoon and Mindy Kaling': a proper-noun run coordinated
    with a full name the model tags PERSON is a name too."""
    doc = run[0].doc
    before, after = run[0].i - 1, run[-1].i + 1
    joined_before = before >= 1 and doc[before].lower_ in ("and", "&", ",") and before - 1 in person_tokens
    joined_after = after + 1 < len(doc) and doc[after].lower_ in ("and", "&", ",") and after + 1 in person_tokens
    return joined_before or joined_after


def _split_joined_names(span: Span) -> list[Span]:
    """'Alex Rossi & Conor Daly' is two people the model ran into one entity."""
    parts, start = [], span.start
    for token in span:
        if token.text in ("&", ",", ";", "/") or token.lower_ in ("and", "with"):
            if token.i > start:
                parts.append(span.doc[start : token.i])
            start = token.i + 1
    if start < span.end:
        parts.append(span.doc[start : span.end])
    return parts


def _two_names_hyphenated(name: str, names: Iterable[str]) -> bool:
    """'Chris Pratt-Jennifer Lawrence': two full names of the article joined by a hyphen in one word (not
    'Catherine Zeta-Jones', whose hyphen joins two surnames)."""
    words = name.split()
    for i, word in enumerate(words):
        left, hyphen, right = word.partition("-")
        if hyphen and i >= 1 and i + 1 < len(words) and right[:1].isupper() and is_first_name(right):
            first, second = " ".join([*words[:i], left]), " ".join([right, *words[i + 1 : i + 2]])
            return first in names and second in names
    return False


def _glued_to_and(name: str, names: Iterable[str]) -> bool:
    """'Jamie Foxxand': a name whose last word runs into 'and', beside the same name without it."""
    words = name.split()
    return len(words) >= 2 and words[-1].endswith("and") and len(words[-1]) > 4 \
        and " ".join([*words[:-1], words[-1][:-3]]) in names


def _two_names_or_one(tokens: list[Token]) -> list[list[Token]]:
    """Runs of names glued together by a page's layout: 'Paula Sopp Billy Gunn' (first name, surname, first
    name, surname) is two people, 'Kingston Kofi Kingston' (a word repeated around a name) is 'Kofi
    Kingston'. A real four-word name has no first name third after a surname ('Ana Maria Garcia Lopez')."""
    words = [t.text for t in tokens]
    if len(words) == 4 and is_first_name(words[0]) and not is_first_name(words[1]) and is_first_name(words[2]):
        return [tokens[:2], tokens[2:]]
    if len(words) == 3 and words[0] == words[2]:
        return [tokens[1:]]
    return [tokens]


def _trim_non_name_edges(tokens: list[Token]) -> list[Token]:
    """'Though Bieber', 'Those Harry Styles', 'Naomi Watts Celebrate': a name starts with a proper noun and
    does not end with a verb."""
    while tokens and (tokens[0].tag_ not in ("NNP", "NNPS") and tokens[0].lower_ not in PARTICLES
                      or tokens[0].lower_ in LEADING_NOISE):
        tokens = tokens[1:]
    while tokens and tokens[-1].pos_ in ("VERB", "AUX") and tokens[-1].tag_ not in ("NNP", "NNPS"):
        tokens = tokens[:-1]
    if len(tokens) >= 3 and fold(tokens[0].text) in NOT_PEOPLE:
        tokens = tokens[1:]  # 'InStyle Jennifer Aniston': an outlet's name run into the name it credits
    for k in range(len(tokens) - 3, -1, -1):
        if tokens[k].lower_ in JOB_TITLES:
            return tokens[k + 1 :]  # 'MarketShare CEO Jon Vein': a company and a title before the name
    return tokens


_LIST_MARKS = {",", ":", "\u2014", "\u2013", "(", ")"}
_CALENDAR = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
             "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}


_NEVER_IN_NAME = _P["never_in_name"] | (_LEX.kin_nouns - {"ex"})


def _is_name_tokens(tokens: list[Token]) -> bool:
    if not tokens or len(tokens) > 5:
        return False
    words = [t.text for t in tokens]
    if len(words) >= 2 and any(w.lower() in _NEVER_IN_NAME for w in words):
        return False  # 'Catherine Boyfriend Jean', 'Kloth Women': a product, not a person
    if len(words) >= 2 and words[0].lower() in _P["never_first_in_name"]:
        return False  # 'St Lucia', 'St Mark': a place or a saint
    # 'June Alcott', 'April Ryan': a month or day opens a name when an uncommon surname follows
    calendar_first = len(words) >= 2 and words[0].lower() in _CALENDAR and word_zipf(words[-1]) < COMMON_WORD_ZIPF \
        and words[-1].lower() not in _CALENDAR
    if any(w.lower().rstrip(".") in NOT_NAME_WORDS and w.lower() not in PARTICLES and not (i == 0 and calendar_first)
           for i, w in enumerate(words)):
        return False
    for i, w in enumerate(words):
        if w.lower() in PARTICLES and 0 < i < len(words) - 1:
            continue
        if w.lower().rstrip(".") in SUFFIXES and i == len(words) - 1 and i > 0:
            continue
        if not _is_name_word(w) or w.isupper() and len(w) > 3:
            return False
    return True


_SLOT_WORDS = _P["slot_words"]
_ROLE_NOUNS = _P["role_nouns"]
_SLOT_PREPS = {"from": _P["slot_from"], "to": _P["slot_to"], "with": _P["slot_with"]}


def _in_photo_credit(doc: Doc, start: int, end: int) -> bool:
    """'(Photo : Jesse Grant/Getty Images)', 'Photo: Kevin Mazur': a credit, boilerplate in the story."""
    after = [t.lower_ for t in doc[end : end + 2]]
    if len(after) == 2 and after[0] == "/" and after[1] in PHOTO_AGENCIES:
        return True
    before = [t.lower_ for t in doc[max(0, start - 2) : start]]
    return len(before) == 2 and before[1] == ":" and before[0] in ("photo", "photos", "credit", "image", "photograph")


def _after_animal_noun(doc: Doc, token: Token) -> bool:
    """'her French bulldog, Biscotti', 'their puppy named Lulu', 'his horse Duke': a pet's name."""
    words = [t for t in doc[max(0, token.i - 3) : token.i] if not t.is_punct and t.lower_ not in ("named", "called")]
    return bool(words) and words[-1].lower_ in ANIMAL_NOUNS


def _not_a_person_occurrence(doc: Doc, token: Token, prev: Token | None, nxt: Token | None) -> bool:
    """Places where a lone capitalised word is a title, a product or a group whatever its entity label:
    between quotes ('"Coven,"'), a plural ('Cokes', 'the remaining Starks'), a work of a year ("2004's
    Dodgeball"), the end of an 'X of Y' title ('The Book of Mormon'), or a brand's owner word ("Victoria's
    Secret", "Assassin's Creed")."""
    after = doc[nxt.i + 1] if nxt is not None and nxt.i + 1 < len(doc) else None
    if prev is not None and prev.text in ("St", "St."):
        return True  # 'St Lucia', "St Kitt's": a saint or a place
    if prev is not None and prev.text in QUOTES and nxt is not None and (
            nxt.text in QUOTES or nxt.is_punct and after is not None and after.text in QUOTES):
        return True
    if token.tag_ == "NNPS" and token.text.endswith("s") and not is_first_name(token.text):
        return True
    before = doc[prev.i - 1] if prev is not None and prev.i > 0 else None
    if prev is not None and prev.text == "'s" and before is not None and before.like_num and len(before.text) == 4:
        return True
    if prev is not None and prev.lower_ == "of" and before is not None and before.text[:1].isupper() \
            and before.tag_ in ("NNP", "NNPS") and before.ent_type_ != "PERSON":
        return True
    return nxt is not None and nxt.text in ("'s", "’s") and after is not None and after.text[:1].isupper() \
        and after.pos_ in ("PROPN", "NOUN", "ADJ") and after.ent_type_ != "PERSON" and not after.is_sent_start


def of_ones_own_at(doc: Doc, i: int) -> bool:
    """'of his own', 'of her own', 'of their own' starts at doc[i] ('two daughters of his own, Brooke')."""
    return i >= 0 and i + 2 < len(doc) and doc[i].lower_ == "of" and doc[i + 1].lower_ in ("his", "her", "their") \
        and doc[i + 2].lower_ == "own"


def _before_of_ones_own(doc: Doc, own: int) -> Token | None:
    """The word before 'of his own' ending at `own`: 'daughters' in 'two daughters of his own'."""
    return doc[own - 3] if own >= 3 and of_ones_own_at(doc, own - 2) else None


def _ends_an_in_law(doc: Doc, j: int) -> bool:
    """doc[j] ends 'mother-in-law', 'sister - in - law' (the tokenizer's pieces)."""
    return j >= 4 and doc[j].lower_ == "law" and doc[j - 1].text == "-" and doc[j - 2].lower_ == "in" \
        and doc[j - 3].text == "-" and doc[j - 4].lower_ in KIN_NOUNS


def _person_slot(token: Token) -> bool:
    """The words before a proper-noun run make it a person: 'ex Irina Shayk', 'dating Bianca Moreau',
    'split from Zane Malik'. The small model often labels such a one-off name ORG or FAC."""
    doc = token.doc
    prev = doc[token.i - 1] if token.i > 0 else None
    if prev is None:
        return False
    if prev.lower_ in KIN_NOUNS or prev.lower_ in _SLOT_WORDS or _ends_an_in_law(doc, prev.i):
        return True
    if prev.text == "," and token.i > 1 and (doc[token.i - 2].lower_ in KIN_NOUNS or _ends_an_in_law(doc, token.i - 2)):
        return True  # "his brother, Wyatt Church", "her mother-in-law, Edna Park"
    j = token.i - 1
    while j > 0 and token.i - j <= 2 and doc[j].lower_ in _ROLE_NOUNS:
        j -= 1  # "dating model Cleo Rask", "his wife, actress Ana Ruiz"
    if j < token.i - 1 and (doc[j].lower_ in KIN_NOUNS or doc[j].lower_ in _SLOT_WORDS
                            or doc[j].lower_ in ("to", "with", "from") and j > 0
                            and doc[j - 1].lower_ in _SLOT_PREPS.get(doc[j].lower_, set())):
        return True
    before = doc[token.i - 2].lower_ if token.i > 1 else ""
    return before in _SLOT_PREPS.get(prev.lower_, set())


_SENTENCE_END = {".", "!", "?", ";"}


def _is_common_word(word: str) -> bool:
    """A common English word, inflections included: 'Marries' (marry), 'Celebrates', 'Splits', 'Welcomed'."""
    low = word.lower()
    forms = {low}
    if low.endswith("ies"):
        forms.add(low[:-3] + "y")
    if low.endswith(("es", "ed")):
        forms |= {low[:-2], low[:-1]}
    if low.endswith("s"):
        forms.add(low[:-1])
    if low.endswith("ing"):
        forms |= {low[:-3], low[:-3] + "e"}
    return max(word_zipf(f) for f in forms) >= COMMON_WORD_ZIPF


def _kin_noun_from(doc: Doc, j: int) -> bool:
    """A kinship noun at doc[j], after optional adjectives and an 'ex -': 'his ex-wife', 'her longtime beau'."""
    while j < len(doc) and (doc[j].pos_ == "ADJ" or doc[j].lower_ in ("ex", "-", "former", "late")):
        j += 1
    return j < len(doc) and doc[j].lower_ in KIN_NOUNS


def _person_context(run: list[Token]) -> bool:
    """The words after a proper-noun run make it a person, whatever the model's label: an age ('Ames, 28,'),
    a kinship noun it owns ("Ames's father", 'Ames and wife Y', 'Ames and his wife'), a possessive pronoun
    with a kinship noun later in the clause ('Corbin Hale hasn't spoken to his ex'), 'whose' or ', who'."""
    doc = run[0].doc
    end = run[-1].i + 1
    if _age_follows(run[-1]) or _age_precedes(run[0]):
        return True
    if end + 1 < len(doc) and doc[end].text in ("'s", "'", "\u2019s") and (
            _kin_noun_from(doc, end + 1) or doc[end + 1].lower_ in _P["personal_nouns"]):
        return True
    j = end
    while j < len(doc) and doc[j].pos_ in ("AUX", "ADV", "PART") and j - end < 3:
        j += 1
    if j < len(doc) and doc[j].lower_ in _P["predicates"]:
        return True  # "Otis Klein divorced", "Mariah Stone has been linked to"
    for t in doc[end : min(len(doc), end + 8)]:
        if t.text in _SENTENCE_END or (t.is_sent_start and t.i > end) or t.lower_ in ("where", "when", "which"):
            break  # "off to New York, where her children are in school": a place's clause
        if t.lower_ in ("his", "her", "their") and _kin_noun_from(doc, t.i + 1):
            return True
        if t.i == end and t.lower_ in ("and", "&") and _kin_noun_from(doc, t.i + 1):
            return True
        if t.lower_ == "whose" and t.i <= end + 1:
            return True
        if t.lower_ == "who" and t.i == end + 1 and doc[end].text == "," and len(run) == 1:
            return True  # "Beyoncé, who's pregnant": 'who' is said of a person (a longer run may be a firm's)
    return False


def _subject_of_own_pronoun(token: Token) -> bool:
    """'Beyoncé also shared photos of her look', 'Beyoncé was in good company as she sat': a lone rare word
    that is a clause's subject, with 'she'/'he' or 'her'/'his' later in its sentence hanging under the same
    verb and no other name between them, is said of a person, whatever the model's label (it tags single
    stage names ORG). Evidence for one occurrence only: a word still needs two."""
    if token.dep_ != "nsubj" or _is_common_word(token.text):
        return False
    verb = token.head
    for t in token.doc[token.i + 1 : min(token.sent.end, token.i + 16)]:
        if t.pos_ == "PROPN" or t.ent_type_ == "PERSON":
            return False  # 'Vogue asked Kim about her ...': the pronoun may be the other name's
        if t.lower_ in ("she", "he", "her", "his") and t.dep_ in ("nsubj", "poss"):
            node = t
            for _ in range(6):
                if node.i == verb.i:
                    return True
                if node.head.i == node.i:
                    break
                node = node.head
    return False


_ROYAL_TITLES = _P["royal_titles"]


def _determined(token: Token) -> bool:
    """A determiner before the word, past its adjectives: 'the former Olympian', 'a proud Texan'."""
    j = token.i - 1
    while j >= 0 and token.i - j <= 3 and token.doc[j].pos_ == "ADJ":
        j -= 1
    return j >= 0 and token.doc[j].lower_ in ("the", "a", "an", "this", "that")


def _titled_given_name(token: Token) -> bool:
    """'Princess Charlotte', 'Prince Louis': a known first name after a title of lexicon
    people.given_name_titles is a person, whatever the model's label (it tags royal children GPE). Not a place
    named after one: "Prince George's County" (a place word after the possessive)."""
    doc = token.doc
    if token.i == 0 or doc[token.i - 1].lower_ not in _P["given_name_titles"] or not is_first_name(token.text):
        return False
    end = token.i + 1
    after = doc[end + 1] if end + 1 < len(doc) and doc[end].text in ("'s", "\u2019s") else None
    return not (after is not None and after.lower_ in INSTITUTION_NOUNS)


def _first_name_run(run: list[Token], lower_words: set[str]) -> bool:
    """'Pilar Osei': a known first name followed by a surname that is no common word of the article. The
    model's ORG label is no veto (it tags many one-off names ORG); a place, event or work label is."""
    if len(run) != 2 or not is_first_name(run[0].text) or run[-1].tag_ == "NNPS":
        return False  # 'New York Islanders', 'Cleveland Cavaliers': a team, not a person
    last = run[-1].text
    # the model's place label on a first name alone ('Felicity' GPE) is its mistake; on the surname it is not
    if run[-1].ent_type_ in ("GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"):
        return False
    return word_zipf(last) < VERY_COMMON_WORD_ZIPF and last.lower() not in lower_words \
        and last.lower() not in INSTITUTION_NOUNS and last.lower() not in NOT_NAME_WORDS


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


def _core_words(words: list[str]) -> list[str]:
    return [w.rstrip(".").lower() for w in words if w.lower().rstrip(".") not in HONORIFICS]


def _word_fits(short: str, full: str, position: int) -> bool:
    """'K' is the initial of 'kardashian'; 'don' shortens 'donald' (first names only)."""
    if short == full:
        return True
    if len(short) == 1:
        return full.startswith(short)
    return position == 0 and len(short) >= 3 and full.startswith(short)


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _target_keys(full: list[str]) -> set[str]:
    """What a name offers `_variant_keys` to find it by: its core words, their initials, and its first
    word's first three letters (a shortened first name: 'Don' of 'Donald')."""
    words = [w for w in _core_words(full) if w]
    return set(words) | {"initial:" + w[0] for w in words} | ({"prefix:" + words[0][:3]} if words else set())


def _variant_keys(variant: list[str]) -> set[str]:
    """Keys one of which every name this one can be a variant of carries (see `_is_variant_of`): a one-edit
    slip keeps its first or its second word exactly; an ordered fit matches its first word exactly, as an
    initial or as a shortened first name."""
    words = [w for w in _core_words(variant) if w]
    keys = set(words) | {"initial:" + w for w in words if len(w) == 1}
    if words and len(words[0]) >= 3:
        keys.add("prefix:" + words[0][:3])
    return keys


_HONORIFIC_GENDER = {"ms": "f", "mrs": "f", "miss": "f", "mr": "m"}


def _the_one_an_honorific_means(variant: str, targets: list[str], written: Counter[str]) -> list[str]:
    """'Ms. Jenner' beside Kendall, Kris and Bruce Jenner: the honorific's gender rules out the others' (a
    first name almost always given to the other gender), and of the rest the one the article names in full
    at least twice as often as each other is the one it calls by the honorific (its subject: newspapers name
    a person in full once, then 'Ms. Jenner'). Otherwise all of them: the variant stays itself."""
    words = variant.split()
    gender = _HONORIFIC_GENDER.get(words[0].lower().rstrip(".")) if len(words) == 2 else None
    if gender is None:
        return targets
    fitting = [t for t in targets if first_name_gender(t.split()[0]) != ({"f": "m", "m": "f"}[gender], 2)]
    ranked = sorted(fitting, key=lambda t: -written[t])  # how often each is written in full
    if len(ranked) == 1 or len(ranked) >= 2 and written[ranked[0]] >= 2 * written[ranked[1]]:
        return ranked[:1]
    return targets


def _is_variant_of(variant: list[str], full: list[str]) -> bool:
    """Whether a multi-word name is a shorter or slipped form of another in the same article."""
    v, f = _core_words(variant), _core_words(full)
    if len(v) == 1 and len(f) >= 2 and len(variant) == 2 and variant[0].lower().rstrip(".") in SURNAME_HONORIFICS:
        return v[0] == f[-1] or (f[-1] in SUFFIXES and len(f) >= 3 and v[0] == f[-2])  # 'Ms Evans'
    if len(v) < 2 or len(f) < 2:
        return False
    if v == f and len(variant) != len(full):
        return True  # 'Mr. Gianni Versace' is 'Gianni Versace'
    if len(v) == len(f) and v[:-1] == f[:-1] and _one_edit_apart(v[-1], f[-1]):
        return True
    if len(v) == len(f) and v[1:] == f[1:] and _one_edit_apart(v[0], f[0]):
        return True
    if len(v) >= len(f):
        return False
    # an ordered fit of every variant word to a full-name word, keeping the full name's last word or suffix
    j = 0
    fitted: list[int] = []
    for i, word in enumerate(v):
        while j < len(f) and not _word_fits(word, f[j], i if j == 0 else 1):
            j += 1
        if j == len(f):
            return False
        fitted.append(j)
        j += 1
    if f[-1] in SUFFIXES and v[-1] not in SUFFIXES and (fitted[-1] == len(f) - 2 or len(v) == 1):
        return False  # 'Alexis Ohanian' may be the father of 'Alexis Olympia Ohanian Jr.' ('Alexis Olympia' is her)
    first_kept = fitted[0] == 0
    ends_with_surname = fitted[-1] == len(f) - 1 or f[-1] in SUFFIXES and fitted[-1] == len(f) - 2
    return first_kept or ends_with_surname and fitted[-1] - fitted[0] == len(v) - 1


def _words_without_particles(name: str) -> list[str]:
    """'Vincent van Gogh' -> ['Vincent', 'Gogh']: the words a camel-case nickname abbreviates."""
    return [w for w in name.split() if w.lower() not in PARTICLES]


def is_nickname_of(token: str, name: str) -> bool:
    """'BCoop' for 'Bradley Cooper', 'JLo' for 'Jennifer Lopez', 'ScarJo' for 'Scarlett Johansson'.

    The token splits at capitals into parts, each a prefix of consecutive name parts, covering the name.
    """
    parts = _CAMEL_PARTS.findall(token)
    words = _words_without_particles(name)
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
        self.title_end = 0
        self.title_lines: list[tuple[int, int]] = []
        self._title_line_starts: list[int] = []
        self.lower_words: set[str] = set()
        self.blocked_words: set[str] = set()
        # names the model tags PERSON or whose context shows a person ('Dana Hall and her husband'):
        # a lexicon word inside them ('hall') is no veto
        self.person_evidence: set[str] = set()
        self.standalone_person: Counter[str] = Counter()  # capitalised words outside proper-noun runs, tagged PERSON
        # token texts, read once: iterating a Doc builds a Token object per token, the main cost here
        self.text = doc.text  # Doc.text joins every token on each read
        # Token objects and entity spans, built once: iterating a Doc or reading doc.ents builds new ones each time
        self.tokens: list[Token] = list(doc)
        self.texts: list[str] = [t.text for t in self.tokens]
        self.ents: list[Span] = list(doc.ents)
        self.credit_ranges = _credit_ranges(self.text)
        self._positions: dict[str, list[int]] = {}
        for i, text in enumerate(self.texts):
            self._positions.setdefault(text, []).append(i)

    # -- step 1: full names -------------------------------------------------------------------
    def _headline_end(self) -> int:
        """Character offset where the headline ends (the first blank line), or 0 when there is none."""
        end = self.text.find("\n\n")
        return end if end > 0 else 0

    def _in_title_line(self, char: int) -> bool:
        # the lines are disjoint and in text order: a bisect keeps a long article linear
        k = bisect.bisect_right(self._title_line_starts, char) - 1
        return k >= 0 and char < self.title_lines[k][1]

    def _confirm_in_body(self, tokens: list[Token], body_words: set[str], lower_words: set[str]) -> list[Token]:
        """A headline span keeps only what the body confirms: in 'Naomi Watts Celebrate Son Sasha' the model
        runs the name into the verb. Trailing words the body never writes capitalised go, and so do leading
        words the body uses as common words ('Nutritionists', 'Congratulations')."""
        while tokens and tokens[-1].text not in body_words and (
                tokens[-1].text.lower() in lower_words or _is_common_word(tokens[-1].text)
                # 'Ryan Phillippe Hospitalized', 'Nicole Kidman Charmingly Bungles': a word the body never
                # writes, after a first name and surname it does
                or len(tokens) >= 3 and tokens[1].text in body_words and is_first_name(tokens[0].text)
                and not is_first_name(tokens[-1].text)):
            tokens = tokens[:-1]  # a common word the body never writes as a name: 'Celebrate', 'Parole'

        while tokens and (tokens[0].text.lower() in lower_words or tokens[0].text.lower() in NOT_NAME_WORDS):
            tokens = tokens[1:]
        return tokens

    def _first_name_before_name(self, token: Token) -> bool:
        """'Engaged couple Sunny Marsh': a first name the tagger called an adjective, before a proper noun."""
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        return nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper() and is_first_name(token.text)

    def _title_segments(self, run: list[Token], body_words: set[str], lower_words: set[str]) -> list[list[Token]]:
        """A Title Case line makes every word a proper noun: 'Priya Natarajan Marries Longtime Love Ben Colvin'.
        Cut the run at the words the body does not confirm as names (common words it never capitalises); a
        first name before an uncommon word stays ('Ben Colvin')."""
        def unconfirmed(t: Token) -> bool:
            return t.text not in body_words and (t.text.lower() in lower_words or _is_common_word(t.text))

        segments: list[list[Token]] = [[]]
        for k, t in enumerate(run):
            nxt = run[k + 1] if k + 1 < len(run) else None
            keeps_first_name = nxt is not None and is_first_name(t.text) and not unconfirmed(nxt)
            if unconfirmed(t) and not keeps_first_name:
                segments.append([])
            else:
                segments[-1].append(t)
        return [self._confirm_in_body(seg, body_words, lower_words) for seg in segments if seg]

    def _full_name_candidates(self) -> Counter[str]:
        counts: Counter[str] = Counter()
        # a Title-Case Headline makes every word a proper noun: there, trust only names the body confirms.
        # Related-story and video titles inside the body are Title Case too ('Katie Holmes Talks Directorial
        # Debut, Playing Joey on ...'): names there need the same confirmation as in the headline
        title_end = self.title_end = self._headline_end()
        self.title_lines = _title_case_lines(self.text)
        self._title_line_starts = [start for start, _ in self.title_lines]
        body_tokens = [t for t in self.tokens if t.idx > title_end and not self._in_title_line(t.idx)]
        body_words = {t.text for t in body_tokens}
        lower_words = {t.text for t in body_tokens if t.text.islower()}
        self.lower_words = {t for t in self.texts if t.islower()}
        standalone: Counter[str] = Counter()  # capitalised words outside proper-noun runs
        standalone_person: Counter[str] = self.standalone_person  # the same, tagged PERSON
        for t in self.tokens:
            if t.text[:1].isupper() and not _in_proper_run(t):
                standalone[t.text] += 1
                standalone_person[t.text] += t.ent_type_ == "PERSON"
        person_ent_tokens = {t.i for ent in self.ents if ent.label_ == "PERSON" and len(ent) >= 2 for t in ent}
        for ent in self.ents:
            if ent.label_ != "PERSON" or _in_photo_credit(self.doc, ent.start, ent.end):
                continue
            for part in _split_joined_names(ent):
                tokens = _trim_non_name_edges(_strip_span(part))
                if self._in_title_line(ent.start_char):
                    tokens = self._confirm_in_body(tokens, body_words, lower_words)
                for name in _two_names_or_one(tokens):
                    if len(name) >= 2 and _is_name_tokens(name):
                        counts[" ".join(t.text for t in name)] += 1
        # proper-noun runs the model left unlabelled, e.g. a name in a headline
        runs: list[list[Token]] = []
        run: list[Token] = []
        for token in [*self.tokens, None]:
            if token is not None and token.text[:1].isupper() and (token.tag_ in ("NNP", "NNPS") or (
                    len(run) == 1 and token.tag_ in ("NN", "NNS") and is_first_name(run[0].text)) or (
                    not run and not token.is_sent_start and self._first_name_before_name(token))) or (
                    run and token is not None and token.text in PARTICLES and token.i + 1 < len(self.tokens)
                    and self.tokens[token.i + 1].tag_ in ("NNP", "NNPS") and self.texts[token.i + 1][:1].isupper()):
                run.append(token)  # 'Kat Ives' with 'Ives' tagged NNS; 'Portia de Rossi' with 'de' tagged FW
                continue
            run = _trim_non_name_edges(run)
            if len(run) >= 3 and run[0].ent_type_ != "PERSON" and all(t.ent_type_ == "PERSON" for t in run[1:]) \
                    and not is_first_name(run[0].text) and is_first_name(run[1].text) \
                    and run[0].lower_ not in _P["given_name_titles"] \
                    and run[0].lower_.rstrip(".") not in HONORIFICS:
                run = run[1:]  # 'Pinterest Olivier Rousteing': page residue glued before a name the model tags
            if run and self._in_title_line(run[0].idx):
                runs += self._title_segments(run, body_words, lower_words)
            elif run:
                runs += _two_names_or_one(run)
            run = []
        for run in runs:
            if 2 <= len(run) <= 4 and _is_name_tokens(run) and not _in_photo_credit(self.doc, run[0].i, run[-1].i + 1):
                text = " ".join(t.text for t in run)
                unlabelled = all(t.ent_type_ in ("", "PERSON") for t in run)
                # the surname used alone elsewhere in the article marks the run as a name, whatever
                # the model's label ("Bradley Cooper's" tagged ORG, "Hadid" tagged WORK_OF_ART)
                surname_alone = standalone[run[-1].text] >= 2
                # 'Lace Morris' tagged ORG while 'Lace' alone is tagged PERSON
                first_alone = unlabelled and standalone[run[0].text] >= 1 or standalone_person[run[0].text] >= 1
                if not first_alone:
                    first_alone = _listed_with_a_person(run, person_ent_tokens)
                known = fold(text) in self.known_names
                in_title = self._in_title_line(run[0].idx)
                context = _person_slot(run[0]) or _person_context(run) or (
                    not in_title and _first_name_run(run, self.lower_words))
                # a headline name whose surname the body uses alone: the story's person ('Natarajan, 34,')
                headline_surname = in_title and standalone[run[-1].text] >= 1 \
                    and word_zipf(run[-1].text) < COMMON_WORD_ZIPF
                if context:
                    self.person_evidence.add(text)
                if text not in counts and (known or surname_alone or first_alone or context or headline_surname):
                    counts[text] += 1
        counts.update(self._shared_surname_names(counts))
        return self._without_common_edge_words(counts)

    def _shared_surname_names(self, counts: Counter[str]) -> Counter[str]:
        """'Kendall and Kylie Jenner', 'Kim, Kourtney & Khloe Kardashian': given names listed before one full
        name share its surname. Only a lone capitalised first name (not the end of another name: 'Prince
        William and Kate Middleton', 'Miley Cyrus and Liam Hemsworth') whose word no other person of the article
        has as a first name ('Kanye and Kim Kardashian' beside 'Kanye West'), and of the named one's gender as
        the name list gives both, unless a sibling word is in the sentence: a woman and a man so listed are
        mostly a couple, who need not share a name ('Madonna and Guy Ritchie', 'the likes of Madonna and Ashton
        Kutcher': 'Ashton' is either)."""
        doc, texts = self.doc, self.texts
        first_names = {n.split()[0] for n in counts}
        found: Counter[str] = Counter()
        for name in counts:
            words = name.split()
            if len(words) != 2 or not is_first_name(words[0]):
                continue
            gender = first_name_gender(words[0])[0]
            for start, _ in self._occurrences(words):
                j = start - 1
                if j < 1 or texts[j].lower() not in ("and", "&"):
                    continue
                sent = doc[start].sent
                siblings = any(t.lower_ in _SIBLING_WORDS for t in sent)
                given: list[Token] = []
                while j >= 1:
                    word = doc[j - 1]
                    before = doc[j - 2] if j >= 2 else None
                    other = first_name_gender(word.text)[0] if word.is_alpha else None
                    if not (word.is_alpha and word.text[:1].isupper() and is_first_name(word.text)) \
                            or word.text in first_names or not siblings and (None in (gender, other)
                                                                             or gender != other) \
                            or before is not None and before.is_alpha and (
                                before.lower_ in HONORIFICS or before.lower_ in _P["given_name_titles"]
                                or before.text[:1].isupper() and not before.is_stop
                                and before.lower_ not in _SIBLING_WORDS):
                        break
                    given.append(word)
                    if before is None or before.text != ",":
                        break
                    j -= 2  # 'Kim, Kourtney and': one more given name before the comma
                for word in given:
                    found[f"{word.text} {words[1]}"] += 1
        return found

    def _without_common_edge_words(self, counts: Counter[str]) -> Counter[str]:
        """'Pregnant Kate Hudson', 'Bomber Salman Abedi', 'Jenna Bush Hager Net Worth': common words at a
        name's edge are not the name when the article also writes the name without them, or writes the whole
        only in its headline ("'Pregnant Kate Hudson dumped'" above a story that says 'Kate' and 'Hudson')."""
        out: Counter[str] = Counter()
        for name, times in counts.items():
            words = name.split()
            cut = 0 if is_first_name(words[0]) else next(
                (i for i, w in enumerate(words[1:-1], start=1) if w.lower().rstrip(".") in HONORIFICS
                 and w[:1].isupper()), 0)
            if cut:  # 'Indiana Gov. Mike Pence', 'DM President Obama': what stands before a title is no name
                words, name = words[cut:], " ".join(words[cut:])
            full_at = self._occurrences(words)
            headline_only = bool(full_at) and all(self.doc[a].idx < self.title_end for a, _ in full_at)
            if full_at and self._demonym_at(full_at):  # 'Norwegian Aksel Lund Svindal', 'American Alpine skier'
                if len(words) <= 2:
                    continue
                words, name = words[1:], " ".join(words[1:])
                full_at = self._occurrences(words)
            lead = 0
            while len(words) - lead > 2 and self._edge_word(words[lead], True, headline_only):
                lead += 1
            tail = len(words)
            while tail - lead > 2 and self._edge_word(words[tail - 1], False, False):  # 'Jada Pinkett Smith'
                tail -= 1
            core = words[lead:tail]
            if headline_only and len(core) == 2 and self._headline_word_before_a_name(core):
                core = core[1:]  # 'Shep Disses Ashley's Behavior' over a story that says 'Ashley'
            if len(core) < len(words) and (headline_only or len(self._occurrences(core)) > len(full_at)):
                name = " ".join(core)
            out[name] += times
        return out

    def _headline_word_before_a_name(self, words: list[str]) -> bool:
        """'Disses Ashley' in a headline: the first word is no first name and the story never writes it,
        while it writes the second alone. A story writes a real first name or surname somewhere."""
        first, rest = words
        if is_first_name(first) or first.lower() in HONORIFICS:
            return False
        body = [t for t in self.doc if t.idx >= self.title_end]
        if any(t.lower_ == first.lower() for t in body):
            return False
        return any(self.doc[a].idx >= self.title_end for a, _ in self._occurrences([rest]))

    def _demonym_at(self, occurrences: list[tuple[int, int]]) -> bool:
        """The name opens with a nationality word of the lexicon ('American', 'Norwegian'). The model's NORP
        tag is no help: it tags children's names so ('Caspian')."""
        return self.doc[occurrences[0][0]].lower_ in DEMONYMS

    def _edge_word(self, word: str, first: bool, headline_only: bool) -> bool:
        """A common word the article also writes in lower case ('pregnant', 'net worth'; opening a
        headline-only name, any common word): surnames that are common words ('Smith', 'Parker') are not written so, and
        titles and first names stay ('Will Smith')."""
        low = word.lower()
        if not (headline_only or low in self.lower_words) or not _is_common_word(word) \
                or low.rstrip(".") in HONORIFICS | SUFFIXES:
            return False
        return not (first and is_first_name(word))

    def _merge_variants(self, counts: Counter[str]) -> dict[str, str]:
        """Map each full-name variant to its canonical form: 'Kim Kardashian', 'Kim K.' -> 'Kim Kardashian
        West'; 'Don Jr', 'Trump Jr.' -> 'Donald Trump Jr.'; 'Nick Vial' -> 'Nick Viall' (a one-letter slip).
        A variant that fits two different names stays itself."""
        # of equal cores the one with fewer honorifics first: 'Gianni Versace' is the form, 'Mr. Gianni Versace'
        # its variant
        names = sorted(counts, key=lambda n: (-len(_core_words(n.split())), len(n.split()), -counts[n], n))
        canonical: dict[str, str] = {}
        settled: list[str] = []  # the names that are their own canonical form, in the order settled
        by_key: dict[str, list[int]] = {}  # a variant key -> positions in `settled` of the names carrying it
        for name in names:
            # longer and more frequent names come first, so every possible target is already settled
            candidates = sorted({i for key in _variant_keys(name.split()) for i in by_key.get(key, ())})
            targets = [settled[i] for i in candidates if _is_variant_of(name.split(), settled[i].split())]
            # 'Donald Trump Jr.' and 'Donald Trump Jr' are one target (one key)
            distinct = {fold(t) for t in targets}
            if len(distinct) > 1:
                targets = _the_one_an_honorific_means(
                    name, targets, Counter({t: len(self._occurrences(t.split())) for t in targets}))
                distinct = {fold(t) for t in targets}
            canonical[name] = targets[0] if len(distinct) == 1 else name
            if canonical[name] == name:
                for key in _target_keys(name.split()):
                    by_key.setdefault(key, []).append(len(settled))
                settled.append(name)
        return canonical

    # -- titles and characters ---------------------------------------------------------------------
    def _occurrences(self, words: list[str]) -> list[tuple[int, int]]:
        texts = self.texts
        n = len(words)
        # only where the first word stands: a dict lookup instead of a scan of the whole text per name
        return [(i, i + n) for i in self._positions.get(words[0], ()) if texts[i : i + n] == words] if words else []

    def _ends_in_a_place(self, name: str) -> bool:
        """'Mammoth Lakes California': the model tags the last word a place wherever the name occurs."""
        ends = [self.doc[end - 1] for _, end in self._occurrences(name.split())]
        # the place begins at the last word: a name the model took whole for a place ('Zane Malo') stays
        return bool(ends) and all(t.ent_type_ in ("GPE", "LOC", "FAC") and t.ent_iob_ == "B" for t in ends)

    def _reads_as_words(self, name: str, others: Iterable[str] = ()) -> bool:
        """'Arrested Development', 'Getaway Car', 'Comedy Central', 'Wonder Woman': every word a common English
        word and none a first name, with nothing in the text showing a person: a title or a brand. A name the
        model tags PERSON somewhere whose surname another person of the article carries ('Kanye West' beside
        'Kim Kardashian West') is a family's name."""
        words = [w for w in name.split() if w.lower() not in PARTICLES]
        # wordfreq counts famous names as words ('Kanye' is common on the web): the model's PERSON label on
        # every occurrence keeps them
        if len(words) < 2 or not all(_is_common_word(w) for w in words) or any(is_first_name(w) for w in words):
            return False
        alone = max(self.standalone_person[words[0]], self.standalone_person[words[-1]])
        if name in self.person_evidence or alone >= 2:
            return False  # "Kanye West ... West was never a user ... West is": a part of it used alone as a person
        spans = self._occurrences(name.split())
        as_person = [all(t.ent_type_ == "PERSON" for t in self.doc[a:b]) for a, b in spans]
        if any(as_person) and any(o != name and len(o.split()) >= 2 and o.split()[-1] == words[-1]
                                  and not o.endswith(name) for o in others):
            return False
        return not (len(spans) >= 2 and all(as_person))

    def _a_title_after_the(self, name: str) -> bool:
        """'The Backstreet Boy and his wife', 'the Last Jedi', 'the Night King': a name written after 'the'
        every time is a title, a work or a band member's label, not a person's name ('the late Whitney
        Houston' has a word between). Kept when it opens with a first name and ends in no common word
        ('the Bill Simmons podcast')."""
        words = name.split()
        if len(words) < 2 or is_first_name(words[0]) and not _is_common_word(words[-1]):
            return False
        spans = self._occurrences(words)
        return bool(spans) and all(a > 0 and self.doc[a - 1].lower_ == "the" for a, _ in spans)

    def _plainly_a_person(self, name: str) -> bool:
        """The context shows a person ('Dana Hall and her husband'), or the model tags every occurrence PERSON
        and the name begins with a first name ('Dana Hall', not 'Vauxhall Tavern')."""
        first = name.split()[0]
        spans = self._occurrences(name.split())
        # a rare first word passes only if the model tags the name PERSON somewhere: institutions speak
        # and act too ('Kensington Palace shared via Twitter')
        tagged = any(all(t.ent_type_ == "PERSON" for t in self.doc[a:b]) for a, b in spans)
        if name in self.person_evidence and (is_first_name(first) or not _is_common_word(first) and tagged):
            return True  # not "married Creative Artists Agency's head of talent, Jim Toth"
        return bool(spans) and is_first_name(first) \
            and all(all(t.ent_type_ == "PERSON" for t in self.doc[a:b]) for a, b in spans)

    def _in_credit(self, char: int) -> bool:
        return any(a <= char < b for a, b in self.credit_ranges)  # a handful of ranges at most

    def _only_in_credits(self, name: str) -> bool:
        """Every occurrence is in a credit sentence or the closing author bio."""
        spans = self._occurrences(name.split())
        return bool(self.credit_ranges) and bool(spans) and all(self._in_credit(self.doc[a].idx) for a, _ in spans)

    def _tagged_a_place_everywhere(self, name: str) -> bool:
        """'their love of New York and their kids', 'Siem Reap': the model tags every occurrence a place, the
        name opens with no first name and no kinship noun or age stands beside it. ('Zane Malo', which the
        model also takes for a place, opens with a first name.)"""
        words = name.split()
        if is_first_name(words[0]):
            return False
        spans = self._occurrences(words)
        return bool(spans) and all(
            all(t.ent_type_ in ("GPE", "LOC", "FAC") for t in self.doc[a:b])
            and occurrence_verdict(self.doc, a, b) != "person" for a, b in spans)

    def _is_title_or_character(self, name: str) -> bool:
        """The article shows the name is a work, a brand or a role: quoted ("'Big Brother'"), followed by a
        work noun ('Wonder Woman star'), 'the X <noun>', or played by someone ('who plays Jon Snow'). An
        occurrence the model tags PERSON in a neutral context counts for the person ('a Mira Lane concert'
        beside two PERSON-tagged 'Mira Lane')."""
        doc = self.doc
        fiction = person = 0
        for start, end in self._occurrences(name.split()):
            verdict = occurrence_verdict(doc, start, end)
            fiction += verdict == "fiction"
            person += verdict == "person" or (verdict == "" and len(name.split()) >= 2
                                              and all(t.ent_type_ == "PERSON" for t in doc[start:end]))
        person += name in self.person_evidence
        return fiction > 0 and fiction >= person

    # -- main ------------------------------------------------------------------------------------
    def resolve(self) -> None:
        counts = self._full_name_candidates()
        for name in [n for n in counts if len(n.split()) >= 3 and n.split()[-1].lower() in self.lower_words
                     and " ".join(n.split()[:-1]) in counts]:
            del counts[name]  # 'Jimmy Kimmel Live' beside 'Jimmy Kimmel': a show named after its host
        for name in [n for n in counts if _two_names_hyphenated(n, counts) or _glued_to_and(n, counts)]:
            # 'Chris Pratt-Jennifer Lawrence Cheating Rumors': two people the story names; 'Jamie Foxxand Katie
            # Holmes': a missing space, beside the name written right elsewhere
            del counts[name]
        for name in [n for n in counts if self._is_title_or_character(n) or fold(n) in NOT_PEOPLE
                     or n.split()[-1].lower() in INSTITUTION_NOUNS and not self._plainly_a_person(n)
                     or self._ends_in_a_place(n) or self._reads_as_words(n, counts) or self._a_title_after_the(n)
                     or self._only_in_credits(n) or self._tagged_a_place_everywhere(n)]:
            del counts[name]
            self.blocked_words.update(name.split())  # 'Vuitton' is no person once 'Louis Vuitton' is a brand
        canonical = self._merge_variants(counts)
        self._join_birth_names(canonical)
        for variant, name in canonical.items():
            person = self.people.setdefault(fold(name), PersonInDoc(name=name, key=fold(name)))
            if variant != name:
                person.aliases.add(variant)
        self._mark_full_names(canonical)
        alias_owner = self._alias_table()
        self._mark_single_tokens(alias_owner)
        self._add_single_name_people(alias_owner)

    def _join_birth_names(self, canonical: dict[str, str]) -> None:
        """'Caitlyn Jenner (born William Bruce Jenner; ...)', 'Jenner, born William Bruce Jenner,': a birth
        name written right after a name is that person's other name, not a second person."""
        ends = {end: variant for variant in canonical for _, end in self._occurrences(variant.split())}
        doc = self.doc
        for variant in list(canonical):
            for start, _ in self._occurrences(variant.split()):
                if start < 3 or doc[start - 1].lower_ not in ("born", "née", "nee") \
                        or doc[start - 2].text not in ("(", ","):
                    continue
                owner = ends.get(start - 2)
                if owner is not None and canonical[owner] != canonical[variant]:
                    target = canonical[owner]
                    for other, name in canonical.items():  # the birth name's own variants follow it
                        if name == canonical[variant]:
                            canonical[other] = target
                    break

    def _alias_table(self) -> dict[str, str | None]:
        """First names and surnames -> person key. Where several people of the article share one, it goes to
        the person the story is about when that is plain (named in the headline while the others are not,
        or named in full at least twice as often as each other); otherwise to nobody (None)."""
        owners: dict[str, list[str]] = {}
        for key, person in self.people.items():
            first, last = _name_parts(person.name)
            for alias in {first, last}:
                if len(alias) >= 2 and alias.lower() not in PARTICLES:
                    owners.setdefault(alias, []).append(key)
        full_mentions = Counter(m.key for m in self.mentions if m.kind == "full")
        in_headline = {m.key for m in self.mentions if m.kind == "full"
                       and self.doc[m.start_token].idx < self.title_end}
        table: dict[str, str | None] = {}
        for alias, keys in owners.items():
            if len(keys) == 1:
                table[alias] = keys[0]
                continue
            plain = [k for k in keys if self.people[k].name.split()[-1].lower().rstrip(".") not in SUFFIXES]
            if len(plain) == 1:
                # 'Ohanian', 'Alexis' beside 'Alexis Ohanian' and 'Alexis Olympia Ohanian Jr.': the junior is
                # written with the suffix; the bare name is the elder's
                table[alias] = plain[0]
                continue
            ranked = sorted(keys, key=lambda k: (k in in_headline, full_mentions[k]), reverse=True)
            top, runner_up = ranked[0], ranked[1]
            headline_only = top in in_headline and not any(k in in_headline for k in ranked[1:])
            dominant = full_mentions[top] >= 2 * max(1, full_mentions[runner_up])
            table[alias] = top if headline_only or dominant else None
        return table

    def _claim(self, start: int, end: int, key: str, kind: str) -> None:
        if any(i in self.token_person for i in range(start, end)):
            return
        for i in range(start, end):
            self.token_person[i] = key
        span = self.doc[start:end]
        self.mentions.append(NameMention(key, start, end, span.text, kind))

    def _mark_full_names(self, canonical: dict[str, str]) -> None:
        # 'Donald Trump, Jr.': the comma-written suffix names the person with it, not the one without
        with_suffix = {tuple(n.split()[:-1]): fold(target) for n, target in canonical.items()
                       if len(n.split()) >= 3 and n.split()[-1].lower().rstrip(".") in SUFFIXES}
        # longest variants first so "Yolanda Hadid" is claimed before any bare "Hadid"
        for variant in sorted(canonical, key=lambda n: -len(n.split())):
            suffixed = with_suffix.get(tuple(variant.split()))
            for start, end in self._occurrences(variant.split()):
                if suffixed is not None and end + 1 < len(self.doc) and self.doc[end].text == "," \
                        and self.doc[end + 1].lower_.rstrip(".") in SUFFIXES:
                    self._claim(start, end + 2, suffixed, "full")
                else:
                    self._claim(start, end, fold(canonical[variant]), "full")

    def _mark_single_tokens(self, alias_owner: dict[str, str | None]) -> None:
        # per distinct word and by prefix, not per token and person: a long article stays linear
        nickname_owners: dict[str, str | None] = {}
        by_shape: dict[tuple[str, int], list[str]] = {}  # (first letter, words) -> keys, in article order
        for key, person in self.people.items():
            words = _words_without_particles(person.name)
            if words:
                by_shape.setdefault((words[0][0].lower(), len(words)), []).append(key)

        def nickname_owner(word: str) -> str | None:
            if word not in nickname_owners:
                parts = _CAMEL_PARTS.findall(word)  # 'BCoop', 'JLo': one part per word of the name
                candidates = by_shape.get((word[0].lower(), len(parts)), []) if len(parts) >= 2 else []
                nickname_owners[word] = next(
                    (key for key in candidates if is_nickname_of(word, self.people[key].name)), None)
            return nickname_owners[word]

        first_name_prefixes: dict[str, list[str]] = {}
        for key, person in self.people.items():
            if not person.single_name:
                first = _name_parts(person.name)[0]
                for length in range(3, len(first)):
                    first_name_prefixes.setdefault(first[:length], []).append(key)
        for token in self.tokens:
            if token.i in self.token_person or not token.text[:1].isupper():
                continue
            owner = alias_owner.get(token.text)
            if owner is not None:
                # a first name that is also a word ("Will") must be used as a proper noun
                if token.tag_ not in ("NNP", "NNPS") and not token.ent_type_ \
                        and word_zipf(token.text) >= VERY_COMMON_WORD_ZIPF and (token.is_sent_start
                        or self._in_title_line(token.idx)
                        or token.i > 0 and self.doc[token.i - 1].text in QUOTES):
                    continue  # capitalised mid-sentence it is the name even when tagged ADJ ('when Swift parted');
                    # at a sentence start only a word that is no English word is ('Lopez starred', not 'Will he')
                first, _ = _name_parts(self.people[owner].name)
                kind = "first" if token.text == first else "surname"
                if kind == "surname" and _titled_given_name(token):
                    continue  # 'Prince William' is a given name: not 'Edward Sebire William' of the same article
                self._claim(token.i, token.i + 1, owner, kind)
                self.people[owner].aliases.add(token.text)
                continue
            if token.text in alias_owner:  # ambiguous: shared by two people of this article
                continue
            owner = nickname_owner(token.text)
            if owner is not None:
                self._claim(token.i, token.i + 1, owner, "nickname")
                self.people[owner].aliases.add(token.text)
                continue
            owner = self._shortened_first_name_owner(token, first_name_prefixes)
            if owner is not None:
                self._claim(token.i, token.i + 1, owner, "first")
                self.people[owner].aliases.add(token.text)

    @staticmethod
    def _shortened_first_name_owner(token: Token, first_name_prefixes: dict[str, list[str]]) -> str | None:
        """'Jen' for Jennifer, 'Leo' for Leonardo, 'Jess' for Jessica: a proper noun of three letters or more
        that begins the first name of exactly one person of the article (`first_name_prefixes`: each proper
        prefix of three letters or more of a full-named person's first name -> their keys)."""
        word = token.text
        if len(word) < 3 or not word.isalpha() or token.tag_ not in ("NNP", "NNPS") or token.ent_type_ not in (
                "", "PERSON"):
            return None
        owners = first_name_prefixes.get(word, [])
        return owners[0] if len(owners) == 1 else None

    def _single_name_evidence(self, token: Token) -> bool:
        """The text shows this lone capitalised word is a person: a kinship noun before it, an age after it
        ('Truman, 21,'), or the PERSON label outside headlines, captions and quotes."""
        start, end = token.i, token.i + 1
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1  # the credit check reads around the whole name the word belongs to
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        if _after_animal_noun(self.doc, token) or _in_photo_credit(self.doc, start, end) \
                or self.credit_ranges and self._in_credit(token.idx):
            return False
        nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
        if token.is_stop and not is_first_name(token.text):
            return False  # 'baby No. 4', 'daughter Has'
        if nxt is not None and nxt.text == ":" and _is_common_word(token.text):
            return False  # a caption's label: 'her immigrant parents Picture: Kevin Winter/Getty'
        if self._kinship_before(token) or _age_follows(token) or _age_precedes(token) \
                or _child_word_before(token) or _titled_given_name(token):
            # a Title Case headline capitalises every word: "Jimmy Fallon's Mom Dies", "Welcome a Baby Boy"
            return not (self._in_title_line(token.idx) and _is_common_word(token.text))
        if token.ent_type_ != "PERSON" and not _subject_of_own_pronoun(token):
            return False
        # a headline word, a caption lead-in ("Split: ...") or a word between quotes ('Kenry') is no evidence
        if self._in_title_line(token.idx):
            return False
        if token.is_sent_start and nxt is not None and nxt.text in (":", "!"):
            return False
        if nxt is not None and nxt.pos_ == "NOUN" and nxt.text.islower() and token.dep_ in ("compound", "amod"):
            return False  # "Spoiler alert", "Rookie mistake", "Indy racers": a modifier, not a person
        if token.i > 0 and self.doc[token.i - 1].text in ("#", "@"):
            return False  # a hashtag or a handle
        prev = self.doc[token.i - 1] if token.i > 0 else None
        return not _not_a_person_occurrence(self.doc, token, prev, nxt)

    def _kinship_before(self, token: Token) -> bool:
        """'daughter Khai', 'sister, Bea', and the later names of a list after one: 'kids, Pip and Ora'."""
        prev = [t for t in self.doc[max(0, token.i - 3) : token.i] if t.text not in _LIST_MARKS]
        if prev and prev[-1].lower_ == "own" and (kin := _before_of_ones_own(self.doc, prev[-1].i)) is not None:
            prev = [kin]  # "two teen daughters of his own, Brooke and Brittany"
        if len(prev) >= 2 and prev[-1].lower_ in ("named", "called", "dubbed"):
            prev = prev[:-1]  # "a one-year-old daughter named Ensley"
        if prev and prev[-1].lower_ in KIN_NOUNS:
            # a capitalised kinship noun mid-sentence opens a title: "Lynch's 'Twin Peaks'", "Sister Wives"
            return prev[-1].text.islower() or prev[-1].is_sent_start or self._in_title_line(prev[-1].idx)
        j = token.i - 1
        listed = False
        while j >= max(0, token.i - 9):
            t = self.doc[j]
            if t.text in _LIST_MARKS or t.lower_ in ("and", "&") or t.text.isdigit():
                j -= 1
            elif t.tag_ in ("NNP", "NNPS") and t.text[:1].isupper() and t.i + 1 < token.i:
                listed = True
                j -= 1
            else:
                if t.lower_ == "own" and (kin := _before_of_ones_own(self.doc, t.i)) is not None:
                    t = kin
                return listed and t.lower_ in KIN_NOUNS
        return False

    def _not_a_person_word(self, word: str) -> bool:
        """Evidence the article itself gives against a lone word being a name: it also writes the word in
        lower case ('the split'), or uses it inside a place, title or brand ('Las Vegas', "Dawson's Creek")."""
        if word.lower() in self.lower_words or word.lower() in NOT_NAME_WORDS or word.lower() in KIN_NOUNS:
            return True
        if word_zipf(word) >= VERY_COMMON_WORD_ZIPF:
            return True  # 'Story', 'Split', 'Jack': without a kinship noun or an age, a word, not a name
        return any(ent.label_ not in ("PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL") and len(ent) > 1
                   and word in self.texts[ent.start : ent.end] for ent in self.ents)

    def _add_single_name_people(self, alias_owner: dict[str, str | None]) -> None:
        evidence: Counter[str] = Counter()
        kinship: set[str] = set()
        stage_names: set[str] = set()
        for token in self.tokens:
            if token.i in self.token_person:
                continue
            if token.tag_ not in ("NNP", "NNPS") and not self._common_tag_name(token):
                continue
            kin_calendar = token.text.lower() in _CALENDAR and self._kinship_before(token)  # "son August"
            # 'Prince William' beside 'Edward Sebire William': a titled given name is its own person
            aliased = token.text in alias_owner and not _titled_given_name(token)
            if aliased or not (kin_calendar or _is_name_tokens([token])) or len(token.text) < 2:
                continue
            nxt = self.doc[token.i + 1] if token.i + 1 < len(self.doc) else None
            if nxt is not None and nxt.tag_ in ("NNP", "NNPS") and nxt.text[:1].isupper():
                continue  # part of a longer proper-noun run that is not a name we know
            if nxt is not None and nxt.text == "-" and nxt.whitespace_ == "" and token.whitespace_ == "":
                continue  # half of a hyphenated name ('Seo-Mayer')
            prev = self.doc[token.i - 1] if token.i > 0 else None
            if prev is not None and prev.text == "the":
                continue  # 'the Trumps', 'the Kardashians': a family or a thing, not one person
            if token.lower_ in _ROLE_NOUNS and _determined(token):
                continue  # 'the former Olympian, 68,': a descriptor, however it is capitalised
            if token.lower_ in DEMONYMS:
                continue  # 'the greatest American gymnast': a nationality, not a name
            stage_name = prev is not None and prev.text == "The" and not prev.is_sent_start \
                and self._stage_name_evidence(prev, token)
            if stage_name:
                stage_names.add(token.text)  # outweighs 'watch The Weeknd perform', which reads as a show
            if self._single_name_evidence(token) or stage_name:
                evidence[token.text] += 1
                if stage_name or self._kinship_before(token) or _age_follows(token) or _age_precedes(token) \
                        or _child_word_before(token) or _person_context([token]) or _titled_given_name(token):
                    kinship.add(token.text)  # strong evidence: 'daughter Khai', 'Truman, 21', 'Oriel and his wife'
        # (a reality show's cast is named in full somewhere, so its first names are aliases and stay)
        series_page = sum(t.lower() in _SERIES_WORDS for t in self.texts) >= SERIES_PAGE_MIN
        for word, times in evidence.items():
            if series_page and word not in kinship:
                continue  # a series recap's lone first names are its characters: 'Daya', 'Frieda'
            if word not in kinship and times < 2 and not is_first_name(word.split("-")[0]) \
                    and not (self._written_with_the(word) and not _is_common_word(word)):
                continue  # one PERSON label on a word no first-name list knows ('Cokes', 'Presto'): too little
                # ('Jay-Z' passes: its first part is a first name)
            key = fold(word)
            with_article = self._written_with_the(word)
            if key in self.people or word in self.blocked_words \
                    or self._is_title_or_character(word) and word not in stage_names or (
                    word not in kinship and (self._not_a_person_word(word) or key in NOT_PEOPLE
                                             or with_article and f"the {key}" in NOT_PEOPLE)):
                continue  # a role stays a role with a kinship noun before it: "her husband Glenn (Steven Yeun)"
            name = word
            if with_article:  # 'The Weeknd': the article is part of the stage name
                name = f"The {word}"
            elif title := self._royal_title_of(word):
                name = f"{title} {word}"  # 'Prince George': the fullest name the article gives
            self.people[key] = PersonInDoc(name=name, key=key, single_name=True)
            for i in self._positions.get(word, ()):
                if i not in self.token_person:
                    start = i - 1 if with_article and i > 0 and self.texts[i - 1] == "The" else i
                    self._claim(start, i + 1, key, "single")

    def _royal_title_of(self, word: str) -> str | None:
        """The royal title the article writes before a lone given name ('Prince', 'Princess'), the most
        frequent one; None when it never does."""
        titles = Counter(self.texts[i - 1] for i in self._positions.get(word, ())
                         if i > 0 and self.texts[i - 1].lower() in _ROYAL_TITLES)
        return titles.most_common(1)[0][0] if titles else None

    def _stage_name_evidence(self, the: Token, token: Token) -> bool:
        """'singer The Weeknd', "her ex, The Weeknd", "The Weeknd's girlfriend", 'Selena Gomez and The Weeknd':
        a role or kinship noun before a mid-sentence 'The X', a person joined to it, or person words after it
        make 'The X' a stage name, whatever the model's label (it often calls 'The Weeknd' a work of art).
        X is no common word: 'the Voice', 'The Bachelor' are shows."""
        before = self.doc[the.i - 1] if the.i > 0 else None
        paired = before is not None and before.lower_ in ("and", "&") and the.i > 1 \
            and self.doc[the.i - 2].ent_type_ == "PERSON"  # 'Selena Gomez and The Weeknd'
        if token.tag_ == "NNPS" and token.text.endswith("s"):
            return False  # 'George Clooney and The Beckhams': a family written as a plural surname
        return _is_name_tokens([token]) and not _is_common_word(token.text) and (
            paired or before is not None and before.lower_ in _ROLE_NOUNS or _person_slot(the)
            or self._kinship_before(the) or _person_context([the, token]))

    def _common_tag_name(self, token: Token) -> bool:
        """'Pax, 12' in a list of children, tagged as a plural noun: a capitalised common-noun tag mid-sentence
        with an age after it or a kinship noun before it."""
        return token.tag_ in ("NN", "NNS") and token.text[:1].isupper() and not token.is_sent_start \
            and not self._in_title_line(token.idx) and (_age_follows(token) or self._kinship_before(token))

    def _written_with_the(self, word: str) -> bool:
        """Every occurrence is preceded by a capitalised 'The', at least one of them mid-sentence."""
        hits = self._positions.get(word, [])
        return bool(hits) and all(i > 0 and self.texts[i - 1] == "The" for i in hits) \
            and any(not self.doc[i - 1].is_sent_start for i in hits)

    def person_tokens(self) -> dict[int, str]:
        return self.token_person
