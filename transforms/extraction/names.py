"""First names and their usual gender, from gender-guesser's bundled list (about 40,000 names, offline).

Two uses: a weak gender vote for a person the text gives no pronoun for, and evidence that a proper-noun
run the model did not tag PERSON ('Corbin Hale', tagged ORG) is a name.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import gender_guesser.detector as gender_detector

_GENDERS = {"female": ("f", 2), "mostly_female": ("f", 1), "male": ("m", 2), "mostly_male": ("m", 1)}


@lru_cache(maxsize=1)
def _detector() -> gender_detector.Detector:
    return gender_detector.Detector(case_sensitive=False)


def _spellings(word: str) -> list[str]:
    """The word, without accents, and with an American K for C ('Khloé' -> 'Khloe' -> 'Chloe', 'Kourtney' ->
    'Courtney'): the list knows the common spelling of many names this genre spells its own way."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    out = [word] + ([plain] if plain != word else [])
    if plain[:2] == "Kh" and len(plain) > 3:
        out.append("Ch" + plain[2:])
    elif plain[:1] == "K" and len(plain) > 3 and plain[1:2] in "aoulr":
        out.append("C" + plain[1:])
    return out


@lru_cache(maxsize=65536)
def first_name_gender(word: str) -> tuple[str | None, int]:
    """('f' | 'm' | None, weight): weight 2 for a name almost always given to one gender, 1 for mostly."""
    if len(word) < 2 or not word[0].isupper():
        return None, 0
    if _detector().get_gender(word) == "unknown":  # the list's spelling of the name, if it knows one
        for spelling in _spellings(word)[1:]:
            if _detector().get_gender(spelling) != "unknown":
                return first_name_gender(spelling)
    # the US column first: the pooled one follows Europe ('Gigi', 'Alexis' male), not this genre's names;
    # the pooled one for names the US column does not know ('Jonas', 'Priya')
    usa = _detector().get_gender(word, "usa")
    if usa in _GENDERS:
        return _GENDERS[usa]
    return _GENDERS.get(_detector().get_gender(word), (None, 0))


@lru_cache(maxsize=65536)
def is_first_name(word: str) -> bool:
    """The list knows the word as a first name (of either gender, or both: 'Jordan')."""
    if len(word) < 2 or not word[0].isupper():
        return False
    return any(_detector().get_gender(spelling) != "unknown" for spelling in _spellings(word))
