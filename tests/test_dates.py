import datetime as dt

import pytest

from transforms.dates import after, find_dates

TUESDAY = dt.date(2023, 10, 10)


@pytest.mark.parametrize(("text", "ref", "date", "precision"), [
    ("They met last Thursday.", TUESDAY, dt.date(2023, 10, 5), "day"),
    ("Then, on Sunday, they drove.", TUESDAY, dt.date(2023, 10, 8), "day"),
    ("They dined last week.", TUESDAY, dt.date(2023, 10, 2), "week"),
    ("They went away over the weekend.", TUESDAY, dt.date(2023, 10, 7), "week"),
    ("She said so in August.", dt.date(2023, 12, 15), dt.date(2023, 8, 1), "month"),
    ("They split in December.", dt.date(2023, 6, 1), dt.date(2022, 12, 1), "month"),
    ("linked in September 2022", TUESDAY, dt.date(2022, 9, 1), "month"),
    ("split in 2019", None, dt.date(2019, 1, 1), "year"),
    ("on Tuesday, December 12, the premiere", dt.date(2023, 12, 15), dt.date(2023, 12, 12), "day"),
    ("on Dec. 6 she posted", dt.date(2024, 1, 3), dt.date(2023, 12, 6), "day"),
    ("married on June 3, 2016 in Rome", None, dt.date(2016, 6, 3), "day"),
    ("two years ago", TUESDAY, dt.date(2021, 1, 1), "year"),
    ("They married earlier this year.", TUESDAY, dt.date(2023, 1, 1), "year"),
    ("She moved out earlier this month.", TUESDAY, dt.date(2023, 10, 1), "month"),
    ("They were seen out last night.", TUESDAY, dt.date(2023, 10, 9), "day"),
    ("He proposed on Christmas Eve 2018 in Aspen.", TUESDAY, dt.date(2018, 12, 24), "day"),
    ("He proposed on Valentine\u2019s Day.", TUESDAY, dt.date(2023, 2, 14), "day"),
    ("They hosted dinner for Thanksgiving.", dt.date(2023, 12, 1), dt.date(2023, 11, 23), "day"),
    ("She posted a tribute on Father's Day.", TUESDAY, dt.date(2023, 6, 18), "day"),
    ("In October last year, he revealed it.", TUESDAY, dt.date(2022, 10, 1), "month"),
    ("They marked it on the 30th of April.", TUESDAY, dt.date(2023, 4, 30), "day"),
    ("On 2 September we wrote about it.", TUESDAY, dt.date(2023, 9, 2), "day"),
    ("They spent Christmas in Aspen, over Christmas.", dt.date(2023, 1, 5), dt.date(2022, 12, 25), "day"),
    # 'this Friday' is the coming one (the article is of a Tuesday); 'on Friday' the last
    ("Tickets go on sale this Friday.", TUESDAY, dt.date(2023, 10, 13), "day"),
    ("She wed on Friday.", TUESDAY, dt.date(2023, 10, 6), "day"),
])
def test_resolution(text: str, ref: dt.date | None, date: dt.date, precision: str):
    found = [d for d in find_dates(text, ref) if d.precision]
    assert [(d.date_start, d.precision) for d in found] == [(date, precision)]


def test_relative_dates_without_article_date_are_flagged_not_guessed():
    found = find_dates("They met last Thursday and again in 2019.", None)
    assert [(d.expression, d.precision, d.unresolved_reason) for d in found] == [
        ("last Thursday", None, "relative date and the article has no date"),
        ("2019", "year", None),
    ]


def test_may_the_verb_is_not_a_month():
    assert find_dates("She may return. In May she did.", TUESDAY)[0].expression == "In May"
    assert len(find_dates("She may return.", TUESDAY)) == 0


@pytest.mark.parametrize("text", [
    "The show airs Sunday nights on HBO.",
    "The series airs Sunday and Monday nights on E!",
    "She takes the kids to church every Sunday.",
    "They sent a Christmas card to fans.",
    "Her Halloween costume went viral.",
    "She told TODAY about it.",
])
def test_habits_and_holiday_words_are_no_dates(text: str):
    assert find_dates(text, TUESDAY) == []


@pytest.mark.parametrize(("text", "date", "precision"), [
    ("They met on June 3, 2016. Two weeks later they were engaged.", dt.date(2016, 6, 13), "week"),
    ("They met on June 3, 2016, and married the next day.", dt.date(2016, 6, 4), "day"),
    # a month of the year after the earlier date's, not the month's latest past occurrence
    ("They started dating in January of 2016, but split in February of the following year.", dt.date(2017, 2, 1),
     "month"),
])
def test_a_later_expression_counts_from_the_date_told_before_it(text: str, date: dt.date, precision: str):
    earlier, later = find_dates(text, dt.date(2018, 7, 19))
    assert later.precision is None and later.unresolved_reason  # alone it says no date
    counted = after(later, earlier)
    assert (counted.date_start, counted.precision) == (date, precision)


@pytest.mark.parametrize("text", ["She met him more than a year ago.", "They dated nearly two years ago.",
                                  "It was about three weeks ago."])
def test_an_approximate_ago_is_no_calendar_time(text: str):
    [found] = find_dates(text, TUESDAY)
    assert found.precision is None and found.unresolved_reason == "an approximate time"
