"""Cleaning: repair text, remove what is not the story, fingerprint for duplicate detection.

The cleaned text (title, blank line, kept body lines) is stored; every character span found later
points into it. Removed lines are returned with the rule that removed them, so cleaning is auditable.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import ftfy
import numpy as np

# A line is boilerplate when one of these matches it. Rules are per kind, so the audit says why.
_TEASER = re.compile(
    r"^\s*(related(\s+(content|stories|story|gallery|videos?|articles?|links?|posts?|coverage))?"
    r"|read\s+more|see\s+also|more\s+from|also\s+read|don'?t\s+miss|more|watch|video|videos|photos|pics"
    r"|gallery|listen|up\s+next|trending(\s+now)?|recommended|sponsored)\s*(:|$|[-–—]\s)",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\s*(\[?\s*(images?|photos?|pics?|video)\s+(via|by|courtesy)\b.*\]?"
    r"|image\s+zoom\b.*|image\s+copyright\b.*|photo(graph(y)?)?\s*(:|by|via|credit)\b.*"
    r"|credit:.*|getty(\s+images)?\.?|(\(|\[)(photo|image)s?:?.*(\)|\])|source:\s*(getty|instagram).*)\s*$",
    re.IGNORECASE,
)
_CALLOUT = re.compile(
    r"(let us know|tell us|sound off|share your thoughts|weigh in)\b.{0,40}\b(comments?|below|twitter|facebook)"
    r"|\bin the comments\b|\bwhat do you think\b.{0,80}\?\s*$",
    re.IGNORECASE,
)
_PROMO = re.compile(
    r"pick up (the|a) (new|latest) issue|on newsstands|subscribe (now|today|to)|sign up (for|here)"
    r"|click (here )?to (share|email|subscribe)|^\s*advertisement\b|continue reading below"
    r"|watch the video above|download (our|the) app|get (the|our) newsletter|follow us on"
    r"|^\W*continue the conversation with\b",
    re.IGNORECASE,
)
_EMBED = re.compile(
    r"^\s*(view this (post|photo|video) on (instagram|twitter|facebook|tiktok)"
    r"|a (post|photo|video) shared by\b.*"
    r"|.*\bpic\.twitter\.com/\S+.*"
    r"|[-—–]\s*.{1,60}\(@\w+\)\s+\w+ \d{1,2}, \d{4}"
    r"|https?://\S+"
    r"|follow\s+.{1,40}\s+on\s+(twitter|instagram|facebook)\.?"
    r"|embed( from getty images)?|tweet|share this( article)?|\(opens in new window\))\s*$",
    re.IGNORECASE,
)
# Bylines and photo-agency credits on a line of their own: "By Ciara Sheppard", "Rex Features", "Rex/Getty",
# "AP writer Jane Doe in Washington contributed to this story."
_BYLINE = re.compile(r"^\s*By\s+[A-Z][\w'.-]+(\s+[A-Z][\w'.-]+){0,3}"
                     r"(\s*(,|and|&)\s*[A-Z][\w'.-]+(\s+[A-Z][\w'.-]+){0,3})?\s*$")
_AGENCY = re.compile(
    r"^\s*(((rex|getty|splash|wenn|backgrid|shutterstock|ap|reuters|instar|mega|bauer[- ]griffin)"
    r"(\s*(features|images))?\s*[/,]?\s*){1,3}"
    r"|source:\s*[\w !.'-]{1,40}"
    r"|.{0,80}\bcontributed to this (story|report|article)\.?"
    r"|(additional\s+)?reporting\s+by\s+.{1,80})\s*$",
    re.IGNORECASE,
)
# A line wholly in square brackets that is no credit: the headline of a linked story ("[Master of horror
# fiction Stephen King says 'Trump presidency scares me to death']")
_BRACKETED_LINK = re.compile(r"^\s*\[[^\[\]]{10,240}\]\s*$")
# An embedded social post keeps its caption on the same line as the "A post shared by ... on <date>" footer.
_EMBED_FOOTER = re.compile(r"\b(a|this) (post|photo|video) shared by\b.{0,120}\bon \w+ \d{1,2}, \d{4}\b"
                           r"|\(@\w+\)\s+\w+\.? \d{1,2}, \d{4}\s*$", re.IGNORECASE)
# Call-out and promotion sentences usually sit in a short paragraph of their own; a long paragraph
# that merely contains "what do you think" is story.
_SHORT_PARAGRAPH_WORDS = 80

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
                         "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"', "\u00ab": '"',
                         "\u00bb": '"', "\u2013": "-", "\u2014": " - ", "\u00a0": " ", "\u200b": ""})


@dataclass(frozen=True)
class RemovedLine:
    kind: str  # teaser | credit | callout | promo | embed
    text: str


@dataclass
class CleanedArticle:
    clean_text: str  # title, blank line, cleaned body: the text all spans point into
    body_start: int  # offset of the body in clean_text
    removed: list[RemovedLine] = field(default_factory=list)
    body_hash: str = ""  # of the normalised body: equal hashes are exact duplicates
    minhash: list[int] = field(default_factory=list)  # for near-duplicate detection
    word_count: int = 0


def normalise(text: str) -> str:
    """Repair mojibake and HTML entities, straighten quotes, normalise whitespace, keep paragraphs."""
    text = ftfy.fix_text(text, normalization="NFC")
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [re.sub(r"[ \t\f\v]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def classify_line(line: str) -> str | None:
    """The boilerplate kind of one line, or None when it is story."""
    if _TEASER.match(line):
        return "teaser"
    if _EMBED.match(line) or _EMBED_FOOTER.search(line):
        return "embed"
    short_line = len(line.split()) <= 16
    if _CREDIT.match(line) and len(line.split()) <= 25 or short_line and (_BYLINE.match(line) or _AGENCY.match(line)):
        return "credit"
    if _BRACKETED_LINK.match(line):
        return "teaser"
    short = len(line.split()) <= _SHORT_PARAGRAPH_WORDS
    if short and _CALLOUT.search(line):
        return "callout"
    if short and _PROMO.search(line):
        return "promo"
    return None


def clean_article(title: str, text: str) -> CleanedArticle:
    title_clean = normalise(title).replace("\n", " ")
    kept: list[str] = []
    removed: list[RemovedLine] = []
    lines = normalise(text).split("\n")
    non_empty = [line for line in lines if line]
    for line in lines:
        kind = classify_line(line) if line else None
        if kind is None and line and non_empty.count(line) >= 2 and len(line.split()) <= 30:
            kind = "teaser"  # a related-story card repeats its headline as its summary
        if kind:
            removed.append(RemovedLine(kind, line))
        else:
            kept.append(line)
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip()
    prefix = f"{title_clean}\n\n" if title_clean else ""
    words = body.split()
    return CleanedArticle(
        clean_text=prefix + body,
        body_start=len(prefix),
        removed=removed,
        body_hash=body_fingerprint(body),
        minhash=minhash_signature(words),
        word_count=len(words),
    )


def _norm_words(words: Iterable[str]) -> list[str]:
    out = []
    for word in words:
        w = "".join(ch for ch in word.lower() if ch.isalnum())
        if w:
            out.append(w)
    return out


def body_fingerprint(body: str) -> str:
    return hashlib.sha256(" ".join(_norm_words(body.split())).encode()).hexdigest()


# MinHash over word 3-shingles: 64 permutations, 16 LSH bands of 4 rows.
NUM_PERM = 64
BANDS = 16
_PRIME = np.uint64(4294967311)
_rng = np.random.default_rng(20231010)
_A = _rng.integers(1, 2**31 - 1, NUM_PERM, dtype=np.uint64)
_B = _rng.integers(0, 2**31 - 1, NUM_PERM, dtype=np.uint64)
MIN_WORDS_FOR_NEAR_DUP = 30
NEAR_DUP_THRESHOLD = 0.75


def minhash_signature(words: list[str]) -> list[int]:
    tokens = _norm_words(words)
    if len(tokens) < MIN_WORDS_FOR_NEAR_DUP:
        return []
    shingles = {" ".join(tokens[i : i + 3]) for i in range(len(tokens) - 2)}
    hashed = np.fromiter(
        (int.from_bytes(hashlib.blake2b(s.encode(), digest_size=4).digest(), "little") for s in shingles),
        dtype=np.uint64,
        count=len(shingles),
    )
    values = (_A[:, None] * hashed[None, :] + _B[:, None]) % _PRIME
    return values.min(axis=1).astype(np.int64).tolist()


def signature_similarity(a: list[int], b: list[int]) -> float:
    if not a or not b:
        return 0.0
    return float(np.mean(np.asarray(a) == np.asarray(b)))


class DuplicateIndex:
    """Finds the first copy of an article: same normalised body, or a near-duplicate body."""

    def __init__(self) -> None:
        self._by_body: dict[str, str] = {}
        self._bands: dict[tuple[int, bytes], list[str]] = {}
        self._signatures: dict[str, list[int]] = {}

    def add(self, article_id: str, body_hash: str, signature: list[int]) -> None:
        self._by_body.setdefault(body_hash, article_id)
        if signature:
            self._signatures[article_id] = signature
            for key in self._band_keys(signature):
                self._bands.setdefault(key, []).append(article_id)

    def find(self, body_hash: str, signature: list[int]) -> str | None:
        if body_hash in self._by_body:
            return self._by_body[body_hash]
        if not signature:
            return None
        best, best_sim = None, NEAR_DUP_THRESHOLD
        seen: set[str] = set()
        for key in self._band_keys(signature):
            for candidate in self._bands.get(key, ()):
                if candidate in seen:
                    continue
                seen.add(candidate)
                sim = signature_similarity(signature, self._signatures[candidate])
                if sim >= best_sim:
                    best, best_sim = candidate, sim
        return best

    @staticmethod
    def _band_keys(signature: list[int]) -> Iterable[tuple[int, bytes]]:
        rows = NUM_PERM // BANDS
        arr = np.asarray(signature, dtype=np.int64)
        for band in range(BANDS):
            yield band, arr[band * rows : (band + 1) * rows].tobytes()
