"""Names the small model often calls PERSON in celebrity news but that are never a person in this genre.

Kept short and generic on purpose: outlets, magazines, fashion houses named after no living person in the
story, shows and events. Everything else is decided from the article's own context (see people.py).
Keys are folded (lower case, accents off), as `people.fold` makes them.
"""

from __future__ import annotations

from functools import lru_cache

from wordfreq import zipf_frequency

# Zipf frequency (log10 per billion words) from which an English word is common. 'celebrate' 4.5, 'parole'
# 3.8, 'story' 5.5 are common; 'liev' 2.1, 'schreiber' 2.7, 'truman' 3.6 are not.
COMMON_WORD_ZIPF = 3.7
# A lone capitalised word this common needs more than the PERSON label to be a person: 'Story', 'Split'.
VERY_COMMON_WORD_ZIPF = 4.6

_OUTLETS = """
vogue, elle, instyle, glamour, marie claire, harper's bazaar, cosmopolitan, cosmo, allure, vanity fair, gq,
esquire, rolling stone, billboard, variety, people, us weekly, closer, ok!, hello!, grazia, tatler,
entertainment tonight, e! news, access hollywood, tmz, page six, daily mail, mail online, the sun,
radar online, radaronline, in touch, life & style, star magazine, hollywood life, hollywoodlife, just jared,
popsugar, teen vogue, w magazine, nylon, refinery29, buzzfeed, perez hilton, perezhilton, pagesix
"""
_BRANDS = """
louis vuitton, cartier, chanel, dior, christian dior, gucci, prada, lanvin, versace, givenchy, balenciaga,
valentino, hermes, tiffany & co., burberry, fendi, saint laurent, yves saint laurent, manolo blahnik,
jimmy choo, louboutin, christian louboutin, bulgari, bvlgari, moschino, balmain, miu miu, bottega veneta,
alexander mcqueen, marchesa, oscar de la renta, net-a-porter, sephora, fenty beauty, skims, kylie cosmetics
"""
_SHOWS_EVENTS = """
american idol, big brother, the bachelor, the bachelorette, bachelor in paradise, dancing with the stars,
keeping up with the kardashians, game of thrones, saturday night live, snl, the voice, x factor,
the x factor, met gala, coachella, golden globes, academy awards, grammy awards, super bowl,
metoo, me too, timesup, time's up, good morning america, the today show, the view, star wars, twilight
"""
_SCREEN_NAMES = """
perezcious, perezitos, kimye, brangelina, bennifer, jelena
"""


def _entries(block: str) -> set[str]:
    return {entry.strip() for entry in block.replace("\n", " ").split(",") if entry.strip()}


NOT_PEOPLE: frozenset[str] = frozenset().union(*map(_entries, (_OUTLETS, _BRANDS, _SHOWS_EVENTS, _SCREEN_NAMES)))


@lru_cache(maxsize=65536)
def word_zipf(word: str) -> float:
    """How common the word is in English, whatever its case (wordfreq's bundled lists, no download)."""
    return zipf_frequency(word.lower(), "en")
