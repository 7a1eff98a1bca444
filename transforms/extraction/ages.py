"""Ages the article states for its people: 'Name, 28,', 'the supermodel, 28,', '3-year-old daughter Khai'."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from transforms.dates import NUMBER_WORDS
from transforms.extraction.facts import AgeFact

if TYPE_CHECKING:
    from transforms.extraction.context import DocContext

AGE_MIN, AGE_MAX = 0, 110
_AFTER_AGE = {",", ".", ")", ";", "and", "-", "is", "was", "who", "has"}
_AGE_WORDS = {**{w: n for w, n in NUMBER_WORDS.items() if w not in ("a", "an")}, "thirteen": 13, "fourteen": 14,
              "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20}
# '3-year-old', 'five-year-old', '18-month-old' (under a year old in weeks or days: age 0)
_YEAR_OLD = re.compile(r"\b(\d{1,3}|" + "|".join(_AGE_WORDS) + r")[- ](year|month|week|day)s?[- ]old\b",
                       re.IGNORECASE)


def age_number(text: str) -> int | None:
    """'28' -> 28, 'nine' -> 9 (written ages of children: 'Shiloh, nine, and twins Knox and Vivienne')."""
    return int(text) if text.isdigit() else _AGE_WORDS.get(text) if text.islower() else None


def _age_of(count: str, unit: str) -> int:
    n = int(count) if count.isdigit() else _AGE_WORDS[count.lower()]
    return n if unit.lower() == "year" else n // 12 if unit.lower() == "month" else 0


def stated_ages(ctx: DocContext) -> list[AgeFact]:
    doc = ctx.doc
    out: list[AgeFact] = []
    for i, ref in ctx.refs.items():
        if ref.kind not in ("name", "descriptor"):
            continue
        # "Name, 28," / "The supermodel, 28,": a number right after the mention's last token
        end = i
        while end + 1 < len(doc) and (nxt := ctx.refs.get(end + 1)) is not None and nxt.key == ref.key:
            end += 1
        if end + 2 < len(doc) and doc[end + 1].text == "," and (age := age_number(doc[end + 2].text)) is not None:
            after = doc[end + 3].text if end + 3 < len(doc) else "."
            if after in _AFTER_AGE and AGE_MIN <= age <= AGE_MAX:
                out.append(AgeFact(ref.key, age, doc[end + 2].idx, doc[end + 2].idx + len(doc[end + 2].text)))
    for m in _YEAR_OLD.finditer(ctx.text):
        age = _age_of(m.group(1), m.group(2))
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or not AGE_MIN <= age <= AGE_MAX:
            continue
        for t in doc[span.end : min(len(doc), span.end + 4)]:
            ref = ctx.refs.get(t.i)
            if ref is not None and ref.kind in ("name", "descriptor"):
                out.append(AgeFact(ref.key, age, m.start(), m.end()))
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
