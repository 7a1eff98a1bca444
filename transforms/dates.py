"""Find date expressions in text and resolve them against the article's date.

Each expression resolves to a range [start, end] and a precision (day, week, month, year). Relative
expressions ("last Thursday", "in August", "last week") need the article date; without one they are
returned unresolved with the reason, never guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

MONTHS = {
    name: i + 1
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
         ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
         ("october", "oct"), ("november", "nov"), ("december", "dec")]
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}

_MONTH_RE = (r"(?P<month>jan(?:uary|\.)?|feb(?:ruary|\.)?|mar(?:ch|\.)?|apr(?:il|\.)?|may|june?|july?"
             r"|aug(?:ust|\.)?|sep(?:t(?:ember|\.)?|\.)?|oct(?:ober|\.)?|nov(?:ember|\.)?|dec(?:ember|\.)?)")
_WEEKDAY_RE = r"(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_YEAR_RE = r"(?P<year>(?:19|20)\d{2})"
# holidays with a day of their own (US dates); Easter and other lunar ones are left out
_HOLIDAY_RE = (r"(?P<holiday>christmas\s+(?:day|eve)|christmas|new\s+year['\u2019]s\s+(?:day|eve)"
               r"|valentine['\u2019]s\s+day|thanksgiving(?:\s+day)?|mother['\u2019]s\s+day|father['\u2019]s\s+day|halloween|fourth\s+of\s+july"
               r"|independence\s+day)")

# Ordered: the first pattern that matches a stretch of text wins it.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<mnum>\d{2})-(?P<day>\d{2})\b")),
    ("month_day_year", re.compile(
        rf"\b(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+{_YEAR_RE}\b",
        re.IGNORECASE)),
    ("day_month_year", re.compile(
        rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\s*,?\s+{_YEAR_RE}\b", re.IGNORECASE)),
    ("month_day", re.compile(
        rf"\b(?:{_WEEKDAY_RE},?\s+)?{_MONTH_RE}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![,]?\s*\d)",
        re.IGNORECASE)),
    ("day_month", re.compile(
        rf"\b(?:the\s+)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_RE}\b(?!\.?,?\s*\d)", re.IGNORECASE)),
    ("month_year", re.compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?{_YEAR_RE}\b", re.IGNORECASE)),
    ("month_rel_year", re.compile(rf"\b{_MONTH_RE}\s+(?:of\s+)?(?P<mod>last|this)\s+year\b", re.IGNORECASE)),
    ("ago", re.compile(
        r"\b(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>day|week|month|year)s?\s+ago\b", re.IGNORECASE)),
    ("holiday", re.compile(
        rf"\b(?:(?P<mod>on|at|over|for|this|last|since|until|by|before|after|around|during)\s+)?"
        rf"{_HOLIDAY_RE}(?:,?\s+{_YEAR_RE}\b)?", re.IGNORECASE)),
    # counted from the date told before it in the story; resolved by the extraction, which knows that date
    # ("February of the following year": that month of the year after the earlier date's)
    ("later", re.compile(
        r"\b(?:(?P<count>\d{1,2}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
        r"(?P<unit>day|week|month|year)s?\s+later|the\s+(?:next|following)\s+(?P<next>day|night|morning|evening"
        rf"|week|month|year)|{_MONTH_RE}\s+(?:of\s+)?the\s+(?:following|next)\s+year)\b", re.IGNORECASE)),
    ("relative_day", re.compile(r"\b(?P<rel>yesterday|today|tonight|this morning|last night)\b", re.IGNORECASE)),
    ("weekday", re.compile(rf"\b(?:(?P<mod>last|this past|past|on|this|next)\s+)?{_WEEKDAY_RE}\b",
                           re.IGNORECASE)),
    ("weekend", re.compile(r"\b(?P<mod>over the|this past|last|this|the)\s+weekend\b", re.IGNORECASE)),
    ("week", re.compile(r"\b(?P<mod>last|this|next)\s+week\b", re.IGNORECASE)),
    ("month_rel", re.compile(r"\b(?P<mod>last|next)\s+month\b", re.IGNORECASE)),
    ("year_rel", re.compile(r"\b(?P<mod>last|next|this)\s+year\b", re.IGNORECASE)),
    ("this_month", re.compile(r"\bthis\s+month\b", re.IGNORECASE)),
    ("month_only", re.compile(
        rf"\b(?P<mod>in|since|by|during|until|till|from|back in|early|late|mid-?|last|this|next|a|an|the)?\s*"
        rf"{_MONTH_RE}\b(?!\s+\d)", re.IGNORECASE)),
    ("year_only", re.compile(r"(?<![\w$.,'-])(?P<year>(?:19|20)\d{2})(?![\w%'-]|,\d|\.\d)")),
]
_PATTERNS_BY_KIND = dict(_PATTERNS)
# Bare month names that are also ordinary words need a preposition before them.
_AMBIGUOUS_MONTHS = {"may", "march", "mar", "jan", "sep", "dec", "oct", "nov", "aug", "jun", "jul", "apr",
                     "feb", "sept"}


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    expression: str
    kind: str
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str | None  # day | week | month | year; None when unresolved
    unresolved_reason: str | None = None

    @property
    def event_date(self) -> dt.date | None:
        return self.date_start


def _month_num(token: str) -> int:
    return MONTHS[token.lower().rstrip(".")]


def _month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, month, 1)
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return start, nxt - dt.timedelta(days=1)


def _week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _day_without_year(month: int, day: int, ref: dt.date) -> dt.date | None:
    """A 'Month D' without year: the occurrence nearest the article date, preferring the past."""
    options = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            options.append(dt.date(year, month, day))
        except ValueError:
            continue
    # news mostly reports the past; a date up to ~2 months ahead is an announced plan
    plausible = [d for d in options if (ref - d).days >= -300 and (d - ref).days <= 60]
    pool = plausible or options
    return min(pool, key=lambda d: abs((ref - d).days)) if pool else None


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


def _holiday(name: str, year: int) -> dt.date:
    key = re.sub(r"\s+", " ", name.lower()).replace("\u2019", "'")
    fixed = {"christmas": (12, 25), "christmas day": (12, 25), "christmas eve": (12, 24),
             "new year's day": (1, 1), "new year's eve": (12, 31), "valentine's day": (2, 14),
             "halloween": (10, 31), "fourth of july": (7, 4), "independence day": (7, 4)}
    if key in fixed:
        return dt.date(year, *fixed[key])
    if key.startswith("thanksgiving"):
        return _nth_weekday(year, 11, 3, 4)  # fourth Thursday of November
    if key == "mother's day":
        return _nth_weekday(year, 5, 6, 2)  # second Sunday of May
    return _nth_weekday(year, 6, 6, 3)  # father's day: third Sunday of June


def _resolve(kind: str, m: re.Match[str], ref: dt.date | None) -> tuple[dt.date, dt.date, str] | str:
    """(start, end, precision), or a reason it cannot be resolved."""
    g = m.groupdict()
    if kind == "iso":
        day = dt.date(int(g["year"]), int(g["mnum"]), int(g["day"]))
        return day, day, "day"
    if kind in ("month_day_year", "day_month_year"):
        day = dt.date(int(g["year"]), _month_num(g["month"]), int(g["day"]))
        return day, day, "day"
    if kind == "month_year":
        start, end = _month_range(int(g["year"]), _month_num(g["month"]))
        return start, end, "month"
    if kind == "year_only":
        year = int(g["year"])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if kind == "later":
        return "counted from an earlier date of the story"
    if kind == "holiday" and g["year"]:
        day = _holiday(g["holiday"], int(g["year"]))
        return day, day, "day"
    if ref is None:
        return "relative date and the article has no date"
    if kind == "holiday":
        options = [_holiday(g["holiday"], year) for year in (ref.year - 1, ref.year, ref.year + 1)]
        day = min((d for d in options if (d - ref).days <= 7), key=lambda d: abs((ref - d).days))
        return day, day, "day"
    if kind == "month_rel_year":  # "in October last year"
        year = ref.year - (g["mod"].lower() == "last")
        return (*_month_range(year, _month_num(g["month"])), "month")
    if kind == "this_month":
        return (*_month_range(ref.year, ref.month), "month")
    if kind in ("month_day", "day_month"):
        day = _day_without_year(_month_num(g["month"]), int(g["day"]), ref)
        if day is None:
            return "no such day"
        return day, day, "day"
    if kind == "ago":
        return _shifted(ref, -_count(g["count"]), g["unit"].lower())
    if kind == "relative_day":
        day = ref - dt.timedelta(days=1) if g["rel"].lower() in ("yesterday", "last night") else ref
        return day, day, "day"
    if kind == "weekday":
        mod = (g["mod"] or "").lower()
        target = WEEKDAYS[g["weekday"].lower()]
        back = (ref.weekday() - target) % 7
        if mod == "next":
            ahead = (target - ref.weekday()) % 7 or 7
            day = ref + dt.timedelta(days=ahead)
        elif mod == "this":
            day = ref + dt.timedelta(days=(target - ref.weekday()) % 7)  # "this Friday": the coming one
        else:
            # "last Thursday" is strictly before the article day; "on Tuesday" may be the day itself
            if back == 0 and mod in ("last", "this past", "past"):
                back = 7
            day = ref - dt.timedelta(days=back)
        return day, day, "day"
    if kind == "weekend":
        back = (ref.weekday() - 6) % 7  # days since the last Sunday
        if back == 0 and g["mod"].lower() in ("last", "this past"):
            back = 7
        sunday = ref - dt.timedelta(days=back)
        return sunday - dt.timedelta(days=1), sunday, "week"
    if kind == "week":
        shift = {"last": -7, "this": 0, "next": 7}[g["mod"].lower()]
        return (*_week_range(ref + dt.timedelta(days=shift)), "week")
    if kind == "month_rel":
        shift = -1 if g["mod"].lower() == "last" else 1
        month_index = ref.year * 12 + ref.month - 1 + shift
        return (*_month_range(month_index // 12, month_index % 12 + 1), "month")
    if kind == "year_rel":
        year = ref.year + {"last": -1, "this": 0, "next": 1}[g["mod"].lower()]
        return dt.date(year, 1, 1), dt.date(year, 12, 31), "year"
    if kind == "month_only":
        month = _month_num(g["month"])
        mod = (g["mod"] or "").lower().strip()
        year = ref.year
        if mod == "next":
            year += month <= ref.month
        elif mod == "last":
            year -= month >= ref.month
        elif mod != "this" and month > ref.month:
            year -= 1  # "in August" in a December article is this year's; in a June article, last year's
        return (*_month_range(year, month), "month")
    return f"unknown kind {kind}"


_ROUGHLY_BEFORE = re.compile(r"\b(?:more than|over|nearly|almost|about|around|roughly|at least|some)\s+$",
                             re.IGNORECASE)
_HABIT_BEFORE = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)
_HABIT_AFTER = re.compile(
    r"^(?:\s+(?:and|or|through|to)\s+[a-z]+day)?\s+(?:nights|mornings|evenings|afternoons)\b|^s\b", re.IGNORECASE)


def _habitual(text: str, start: int, end: int) -> bool:
    """'every Sunday', 'airs Sunday nights': a habit, not a day."""
    return bool(_HABIT_BEFORE.search(text[max(0, start - 12):start]) or _HABIT_AFTER.search(text[end:end + 30]))


def find_dates(text: str, published: dt.date | None) -> list[DateMention]:
    """All date expressions in `text`, non-overlapping, in text order."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            start, end = m.span()
            expression = m.group(0).strip()
            start = start + (len(m.group(0)) - len(m.group(0).lstrip()))
            if any(start < e and s < end for s, e in taken):
                continue
            if kind == "month_only":
                month_word = m.group("month").lower().rstrip(".")
                if not m.group("month")[0].isupper():
                    continue
                if month_word in _AMBIGUOUS_MONTHS and not m.group("mod"):
                    continue
                if month_word == "may" and (m.group("mod") or "").lower() in ("a", "an", "the"):
                    continue
                if (m.group("mod") or "").lower() in ("a", "an", "the"):
                    # "a November profile": keep the month, drop the article from the expression
                    start = m.start("month")
                    expression = text[start:end]
            if kind == "relative_day" and expression.isupper():
                continue  # "TODAY": the show
            if kind == "weekday" and not m.group("weekday")[0].isupper():
                continue
            if kind == "weekday" and _habitual(text, start, end):
                continue
            if kind == "holiday" and not (m.group("mod") or m.group("year")):
                continue  # "a Christmas card", "Halloween costume": a holiday dates something after a preposition
            if kind == "holiday" and not m.group("holiday")[0].isupper():
                continue
            if kind == "ago" and _ROUGHLY_BEFORE.search(text, max(0, start - 20), start):
                # "more than a year ago", "nearly two years ago": no calendar time
                found.append(DateMention(start, end, expression, kind, None, None, None, "an approximate time"))
                taken.append((start, end))
                continue
            try:
                resolved = _resolve(kind, m, published)
            except ValueError as exc:
                resolved = f"impossible date: {exc}"
            taken.append((start, end))
            if isinstance(resolved, str):
                found.append(DateMention(start, end, expression, kind, None, None, None, resolved))
            else:
                found.append(DateMention(start, end, expression, kind, *resolved))
    return sorted(found, key=lambda d: d.start)


# expressions that name a month (and a day) but no year
YEARLESS_KINDS = {"month_only", "month_day", "day_month"}


def in_year(mention: DateMention, year: int) -> DateMention:
    """A year-less expression ("In January", "April 3") resolved in the year its context gives."""
    match = dict(_PATTERNS)[mention.kind].search(mention.expression)
    if match is None or mention.kind not in YEARLESS_KINDS:
        return mention
    month = _month_num(match.group("month"))
    if mention.kind == "month_only":
        start, end = _month_range(year, month)
        return replace(mention, date_start=start, date_end=end, precision="month", unresolved_reason=None)
    try:
        day = dt.date(year, month, int(match.group("day")))
    except ValueError as exc:
        return replace(mention, date_start=None, date_end=None, precision=None,
                       unresolved_reason=f"impossible date: {exc}")
    return replace(mention, date_start=day, date_end=day, precision="day", unresolved_reason=None)


_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


def _count(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


def _shifted(base: dt.date, count: int, unit: str) -> tuple[dt.date, dt.date, str]:
    """The day, week, month or year `count` units after `base` (before it when negative)."""
    if unit == "day":
        day = base + dt.timedelta(days=count)
        return day, day, "day"
    if unit == "week":
        return (*_week_range(base + dt.timedelta(weeks=count)), "week")
    if unit == "month":
        month_index = base.year * 12 + base.month - 1 + count
        return (*_month_range(month_index // 12, month_index % 12 + 1), "month")
    return dt.date(base.year + count, 1, 1), dt.date(base.year + count, 12, 31), "year"


def after(mention: DateMention, earlier: DateMention) -> DateMention:
    """A 'later' expression ("two weeks later", "the next day") counted from the date told before it."""
    g = _PATTERNS_BY_KIND["later"].search(mention.expression)
    if g is None or earlier.date_start is None:
        return mention
    if g.group("month"):
        start, end = _month_range(earlier.date_start.year + 1, _month_num(g.group("month")))
        return replace(mention, date_start=start, date_end=end, precision="month", unresolved_reason=None)
    if g.group("next"):
        unit, count = {"night": "day", "morning": "day", "evening": "day"}.get(g.group("next").lower(),
                                                                              g.group("next").lower()), 1
    else:
        unit, count = g.group("unit").lower(), _count(g.group("count"))
    if _PRECISION_RANK[earlier.precision] > _PRECISION_RANK[unit]:
        return mention  # only as precise as the earlier date: "the next day" after "in 2019" says no day
    start, end, precision = _shifted(earlier.date_start, count, unit)
    return replace(mention, date_start=start, date_end=end, precision=precision, unresolved_reason=None)
