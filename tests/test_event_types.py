"""The event-type rules of transforms/extraction/event_types.toml: every example sentence and counter-example
run through the real model, and the file's validation."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest

from transforms.extraction import extract_article
from transforms.extraction.event_types import (
    EVENT_TYPES_FILE,
    OTHER,
    VOCABULARY,
    EventTypesError,
    event_types,
    parse_event_types,
)

ARTICLE_DATE = dt.date(2023, 10, 10)  # a Tuesday
CASES = [(t.name, text, True) for t in event_types().types for text in t.examples] + \
        [(t.name, text, False) for t in event_types().types for text in t.counter_examples]


def _first_event(nlp, text: str):  # noqa: ANN001, ANN202 - the spaCy pipeline, an EventFact
    events = extract_article(nlp(text), ARTICLE_DATE).events
    assert events, f"no dated event in {text!r}"
    return min(events, key=lambda e: e.date.start)


@pytest.mark.parametrize(("name", "text", "is_example"), CASES,
                         ids=[f"{n}-{'example' if e else 'counter'}-{i}" for i, (n, _, e) in enumerate(CASES)])
def test_event_type_rule(nlp, name: str, text: str, is_example: bool) -> None:
    found = _first_event(nlp, text).event_type
    if is_example:
        assert found == name, f"{text!r}: {found}, expected {name}"
    else:
        assert found != name, f"{text!r} must not be {name}"


def test_a_clause_without_a_trigger_is_other(nlp) -> None:  # noqa: ANN001
    assert _first_event(nlp, "Rita Vale vacationed in Mexico with friends last week.").event_type == "other"


@pytest.mark.parametrize("text", [
    "Lia Marsh and Cole Brandt will marry in Rome next June.",
    "Lia Marsh and Cole Brandt are set to wed in May 2030.",
    "Nico Vance plans to tour Europe in 2031.",
])
def test_plans_are_future(nlp, text: str) -> None:  # noqa: ANN001
    assert _first_event(nlp, text).is_future


@pytest.mark.parametrize("text", [
    "Lia Marsh and Cole Brandt married in Rome in June 2019.",
    "Lia Marsh said on Monday that she will marry Cole Brandt.",
])
def test_past_events_are_not_future(nlp, text: str) -> None:  # noqa: ANN001
    assert not _first_event(nlp, text).is_future


def test_the_description_is_the_sentence_as_written(nlp) -> None:  # noqa: ANN001
    text = "Lia Marsh and Cole Brandt split in March, but the pair has stayed friendly."
    assert _first_event(nlp, text).description == text


def test_a_long_sentence_is_cut_on_words_around_the_date(nlp) -> None:  # noqa: ANN001
    text = ("Lia Marsh, " + "who has long been a favourite of the fashion crowd and of everyone else too, " * 4
            + "split from Cole Brandt in March 2019, " + "after a romance that the tabloids followed closely, " * 4
            + "a source said.")
    description = _first_event(nlp, text).description
    assert description in text and "March 2019" in description
    assert len(description) <= 300
    assert text[text.index(description) - 1] == " " and text[text.index(description) + len(description)] == " "


def _data() -> dict:
    with EVENT_TYPES_FILE.open("rb") as fh:
        return tomllib.load(fh)


def test_a_trigger_of_two_types_is_refused() -> None:
    data = _data()
    data["type"][1]["triggers"].append(data["type"][0]["triggers"][0])
    with pytest.raises(EventTypesError, match="already a engaged trigger"):
        parse_event_types(data)


def test_types_out_of_the_documented_order_are_refused() -> None:
    data = _data()
    data["type"][0], data["type"][1] = data["type"][1], data["type"][0]
    with pytest.raises(EventTypesError, match="in that order"):
        parse_event_types(data)


def test_an_unknown_part_of_speech_is_refused() -> None:
    data = _data()
    data["type"][0]["triggers"].append("ring/NOUNS")
    with pytest.raises(EventTypesError, match="unknown part of speech"):
        parse_event_types(data)


def test_the_timeline_data_test_accepts_exactly_the_vocabulary() -> None:
    sql = (Path(__file__).resolve().parent.parent / "sql" / "tests" / "timeline_valid.sql").read_text()
    listed = re.search(r"event_type not in \(([^)]*)\)", sql)
    assert listed is not None
    assert re.findall(r"'(\w+)'", listed.group(1)) == [*VOCABULARY, OTHER]


def test_today_inside_a_quote_is_kept_out_with_its_reason(nlp) -> None:  # noqa: ANN001
    facts = extract_article(nlp('"I am so happy today," Lia Marsh told the magazine in 2015.'), ARTICLE_DATE)
    assert [e.date.expression for e in facts.events] == ["2015"]
    assert [(d.expression, d.unresolved_reason) for d in facts.unresolved_dates] == [
        ("today", "relative to the day of a quote the article does not date")]


def test_a_month_inside_a_persons_name_dates_nothing(nlp) -> None:  # noqa: ANN001
    facts = extract_article(nlp("Actress June Hollis married Theo Park in 2019, and April Dunne was a guest."),
                            ARTICLE_DATE)
    assert [e.date.expression for e in facts.events] == ["2019"]


TIMELINE_ARTICLE = """Lia and Cole: a timeline

2014 - Are They or Aren't They?
In January, Lia Marsh was arrested on DUI charges. In November, Lia Marsh released a song about Cole Brandt.

2015 - Moving On
In May, Lia Marsh and Cole Brandt were spotted in Paris.
"""


@pytest.mark.parametrize("published", [None, dt.date(2018, 3, 1)])
def test_a_month_under_a_year_heading_is_in_that_year(nlp, published: dt.date | None) -> None:  # noqa: ANN001
    facts = extract_article(nlp(TIMELINE_ARTICLE), published)
    months = {e.date.expression: (e.date.date_start, e.event_type) for e in facts.events if e.people}
    assert months == {"In January": (dt.date(2014, 1, 1), "legal"), "In November": (dt.date(2014, 11, 1), "career"),
                      "In May": (dt.date(2015, 5, 1), "spotted_together")}


def test_one_dated_line_is_no_heading(nlp) -> None:  # noqa: ANN001
    text = "2014: a year to remember\nIn May, Lia Marsh and Cole Brandt were spotted in Paris."
    (event,) = [e for e in extract_article(nlp(text), dt.date(2018, 3, 1)).events if e.people]
    assert event.date.date_start == dt.date(2017, 5, 1)


def test_a_year_after_an_occasion_dates_it_and_after_a_title_names_it(nlp) -> None:  # noqa: ANN001
    facts = extract_article(nlp("Lia Marsh met Cole Brandt at the British Fashion Awards 2014. Later Lia Marsh "
                                "starred in Wonder Woman 1984 with Cole Brandt."), ARTICLE_DATE)
    assert [e.date.expression for e in facts.events] == ["2014"]


@pytest.mark.parametrize("sentence", [
    "On Friday, Lia Marsh said she misses her husband.",
    "On Friday, Lia Marsh said she hopes to win back her soon-to-be ex-husband.",
])
def test_an_owned_partner_noun_brings_the_partner_into_the_event(nlp, sentence: str) -> None:  # noqa: ANN001
    facts = extract_article(nlp("Lia Marsh married Cole Brandt in 2015. " + sentence), ARTICLE_DATE)
    friday = [e for e in facts.events if e.date.expression == "On Friday"]
    assert [set(e.people) for e in friday] == [{"lia marsh", "cole brandt"}]


def test_a_later_expression_counts_from_the_date_told_before_it(nlp) -> None:  # noqa: ANN001
    text = ("Lia Marsh met Cole Brandt on June 3, 2016. Two weeks later, Lia Marsh and Cole Brandt were spotted in "
            "Paris. In 2019 Lia Marsh and Cole Brandt married. The next day Lia Marsh posted a photo.")
    facts = extract_article(nlp(text), ARTICLE_DATE)
    assert [(e.date.expression, e.date.date_start, e.date.precision) for e in facts.events] == [
        ("June 3, 2016", dt.date(2016, 6, 3), "day"), ("Two weeks later", dt.date(2016, 6, 13), "week"),
        ("2019", dt.date(2019, 1, 1), "year")]
    # 'the next day' after a year says no day: kept out, with the reason
    assert [(d.expression, d.unresolved_reason) for d in facts.unresolved_dates] == [
        ("The next day", "counted from an earlier date of the story")]


def test_a_later_expression_of_the_storys_present_dates_nothing(nlp) -> None:  # noqa: ANN001
    text = "Lia Marsh married Cole Brandt in 2016. It's a year later, and now Lia Marsh says she is happy."
    facts = extract_article(nlp(text), ARTICLE_DATE)
    assert [e.date.expression for e in facts.events] == ["2016"]
    assert [d.expression for d in facts.unresolved_dates] == ["a year later"]
