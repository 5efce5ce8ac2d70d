"""Tests for extract/dates.py: hand-written sentences per rule, plus
properties over arbitrary anchors and text."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.extract.dates.datelines import find_dateline, find_dateline_phrase
from tocsin.extract.dates.context import DateContext, resolve_reported_anchor
from tocsin.extract.dates.rules import DateGuess, all_dates, resolve

FRIDAY = date(2016, 6, 3)          # a Friday
WEDNESDAY = date(2015, 3, 11)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def when(text: str, anchor: date = FRIDAY) -> tuple[date, str]:
    guess = resolve(text, anchor)
    assert guess is not None, text
    return guess.date, guess.precision


@pytest.mark.parametrize("text, expected", [
    ("Jets pounded the northern suburbs on Friday.", date(2016, 6, 3)),
    ("Jets pounded the northern suburbs on Thursday.", date(2016, 6, 2)),
    ("Jets pounded the northern suburbs on Saturday.", date(2016, 5, 28)),
    ("The convoy was ambushed on Monday night near the bridge.", date(2016, 5, 30)),
    ("Fighters stormed the checkpoint at dawn on Tuesday.", date(2016, 5, 31)),
    ("Shells fell on the market late Wednesday.", date(2016, 6, 1)),
    ("Militants seized the hill last Friday.", date(2016, 5, 27)),
    ("A drone struck the car last Thursday.", date(2016, 6, 2)),
])
def test_weekdays(text: str, expected: date) -> None:
    assert when(text) == (expected, "day")


@pytest.mark.parametrize("text, expected", [
    ("Two mortar rounds landed near the school yesterday.", date(2016, 6, 2)),
    ("Two mortar rounds landed near the school today.", FRIDAY),
    ("A blast shook the port city last night.", date(2016, 6, 2)),
    ("A blast shook the port city this morning.", FRIDAY),
    ("The shelling began overnight.", date(2016, 6, 2)),
    ("Troops entered the village two days ago.", date(2016, 6, 1)),
    ("Ten people died in the past 48 hours.", date(2016, 6, 2)),
    ("Clashes in the last 24 hours left six dead.", FRIDAY),
    ("The bridge was destroyed the day before yesterday.", date(2016, 6, 1)),
])
def test_relative_days(text: str, expected: date) -> None:
    assert when(text) == (expected, "day")


@pytest.mark.parametrize("text, expected, precision", [
    ("Rebels shot down a helicopter earlier this week.", date(2016, 5, 30), "week"),
    ("Rebels shot down a helicopter last week.", date(2016, 5, 23), "week"),
    ("The siege was tightened last month.", date(2016, 5, 1), "month"),
    ("The siege was tightened earlier this year.", date(2016, 1, 1), "year"),
    ("The siege was tightened last year.", date(2015, 1, 1), "year"),
    ("The town fell in March.", date(2016, 3, 1), "month"),
    ("The town fell in June.", date(2016, 6, 1), "month"),
    ("The town fell last June.", date(2015, 6, 1), "month"),
    ("The town fell in August.", date(2015, 8, 1), "month"),
    ("The town fell in June 2014.", date(2014, 6, 1), "month"),
    ("The town fell in 2013.", date(2013, 1, 1), "year"),
    ("The town fell in early 2013.", date(2013, 1, 1), "year"),
    ("The town fell in the middle of March.", date(2016, 3, 1), "month"),
])
def test_periods(text: str, expected: date, precision: str) -> None:
    assert when(text) == (expected, precision)


@pytest.mark.parametrize("text, expected", [
    ("The airport was retaken on June 10.", date(2016, 6, 10)),   # 7 days ahead: allowed
    ("The airport was retaken on May 28.", date(2016, 5, 28)),
    ("The airport was retaken on 10 June 2014.", date(2014, 6, 10)),
    ("The airport was retaken on June 10, 2014.", date(2014, 6, 10)),
    ("The airport was retaken on the 4th of May.", date(2016, 5, 4)),
    ("The airport was retaken on December 20.", date(2015, 12, 20)),  # future rolls back
    ("Report dated 2014-03-09 on the clashes.", date(2014, 3, 9)),
    ("Posted 16-12-2014 about the raid.", date(2014, 12, 16)),
    ("Posted 02.10.2017 about the raid.", date(2017, 10, 2)),
])
def test_absolute_dates(text: str, expected: date) -> None:
    assert when(text) == (expected, "day")


def test_day_month_without_year_near_new_year_goes_forward() -> None:
    assert when("Talks resume on January 3.", date(2015, 12, 30)) == (date(2016, 1, 3), "day")


def test_future_sentence_resolves_weekday_forward() -> None:
    assert when("The envoy will visit Damascus on Monday.") == (date(2016, 6, 6), "day")


def test_speech_date_loses_to_event_date() -> None:
    text = "The monitor said on Friday that 12 fighters were killed on Wednesday."
    assert when(text) == (date(2016, 6, 1), "day")


def test_speech_date_used_when_alone() -> None:
    assert when("The monitor said on Thursday that 12 fighters were killed.") == (
        date(2016, 6, 2), "day")


def test_since_is_not_an_event_date() -> None:
    assert resolve("The war has killed thousands since 2011.", FRIDAY) is None
    assert resolve("The road has been closed since March.", FRIDAY) is None


def test_phrase_offsets_point_into_the_text() -> None:
    text = "Warplanes bombed the bakery on Tuesday morning."
    guess = resolve(text, FRIDAY)
    assert guess is not None
    assert text[guess.start:guess.end] == guess.phrase == "on Tuesday morning"


@pytest.mark.parametrize("text", [
    "Fighters were seen near the base and officials were worried.",
    "May God protect them, she said.",
    "Troops march on towards the river.",
    "This is the worst attack in the area.",
    "At least 1500 people fled.",
    "",
])
def test_no_date_phrase(text: str) -> None:
    assert resolve(text, FRIDAY) is None


def test_all_dates_in_reading_order() -> None:
    found = all_dates("Rebels took the town in 2013 and lost it on Sunday.", FRIDAY)
    assert [g.phrase for g in found] == ["in 2013", "on Sunday"]


# --- reported anchors and the article context -------------------------------

@pytest.mark.parametrize("text, expected", [
    ("In March 2014 the newspaper reported that the brigade withdrew.", date(2014, 3, 1)),
    ("On 14 March, the daily reported that the brigade withdrew.", date(2016, 3, 14)),
    ("A report published on June 2 said the brigade withdrew.", date(2016, 6, 2)),
    ("The paper reported on 5 May 2015 that the brigade withdrew.", date(2015, 5, 5)),
])
def test_reported_anchor(text: str, expected: date) -> None:
    assert resolve_reported_anchor(text, FRIDAY) == expected


def test_no_reported_anchor_in_plain_news() -> None:
    assert resolve_reported_anchor("Jets struck the bakery on Tuesday.", FRIDAY) is None


def test_context_resolves_inside_report_and_carries_it() -> None:
    context = DateContext(FRIDAY)
    first = context.resolve("On 14 March, the daily reported that on Friday the brigade withdrew.")
    assert first is not None and first.date == date(2016, 3, 11)
    second = context.resolve("On Saturday it shelled the town.")
    assert second is not None and second.date == date(2016, 3, 12)
    undated = context.resolve("The brigade regrouped near the river.")
    assert undated is not None and undated.inferred and undated.date == date(2016, 3, 14)


def test_context_resets_at_new_paragraph_and_present_cues() -> None:
    context = DateContext(FRIDAY)
    context.resolve("In a report published on 2 February, the paper said fighters left.")
    back = context.resolve("The army attacked on Thursday.", new_paragraph=True)
    assert back is not None and back.date == date(2016, 6, 2)
    context.resolve("In a report published on 2 February, the paper said fighters left.")
    today = context.resolve("Today the army shelled the same town.")
    assert today is not None and today.date == FRIDAY


def test_context_keeps_report_across_paragraph_that_continues_it() -> None:
    context = DateContext(FRIDAY)
    context.resolve("In a report published on 2 February, the paper said fighters left.")
    more = context.resolve("The newspaper added that on Monday the militia arrived.",
                           new_paragraph=True)
    assert more is not None and more.date == date(2016, 2, 1)


def test_context_without_anchor_uses_absolute_dates_only() -> None:
    context = DateContext(None)
    assert context.resolve("Jets struck on Tuesday.") is None
    found = context.resolve("Jets struck on 3 May 2015.")
    assert found is not None and found.date == date(2015, 5, 3)


def test_context_accepts_datetime() -> None:
    from datetime import datetime
    guess = DateContext(datetime(2016, 6, 3, 22, 15)).resolve("Nothing dated here.")
    assert guess == DateGuess(FRIDAY, "day", -1, -1, "", inferred=True)


# --- datelines ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Tue 05 Jul 2016 Suicide bombing kills 16 in the northeast.", date(2016, 7, 5)),
    ("Date of publication 4 April 2017 At least 72 people were killed.", date(2017, 4, 4)),
    ("Posted on July 2 2016 by the desk Thirty killed.", date(2016, 7, 2)),
    ("Jets hit town Monitor AFP Saturday 16 Jul 2016 Air raids killed 18.", date(2016, 7, 16)),
    ("Last updated at Apr 052017 KHAN SHEIKHUN A suspected attack.", date(2017, 4, 5)),
    ("August 22 2013 1849 UTC+3 A total of 150 people died.", date(2013, 8, 22)),
    ("28.04.2017) Get short URL According to media reports.", date(2017, 4, 28)),
    ("16-12-2014 Army kills dozens of fighters.", date(2014, 12, 16)),
])
def test_datelines(text: str, expected: date) -> None:
    assert find_dateline(text) == expected


def test_prose_date_is_not_a_dateline() -> None:
    assert find_dateline("On 14 March 2011 protests began in the south.") is None
    assert find_dateline("Protests began in the south after arrests.") is None


def test_dateline_phrase_offsets() -> None:
    text = "Published July 20 2015 A checkpoint was taken."
    found = find_dateline_phrase(text)
    assert found is not None and text[found.start:found.end] == "July 20 2015"


# --- properties --------------------------------------------------------------

anchors = st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31))


@given(anchors, st.sampled_from(WEEKDAYS))
def test_on_weekday_is_within_the_past_week(anchor: date, weekday: str) -> None:
    guess = resolve(f"Artillery hit the depot on {weekday}.", anchor)
    assert guess is not None
    assert anchor - timedelta(days=6) <= guess.date <= anchor
    assert WEEKDAYS[guess.date.weekday()] == weekday


@given(anchors, st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
       st.sampled_from(["{d} {m} {y}", "{m} {d}, {y}", "{m} {d} {y}", "{dd}.{mm}.{y}",
                        "{y}-{mm}-{dd}"]))
def test_absolute_dates_round_trip(anchor: date, day: date, form: str) -> None:
    text = "The ceasefire collapsed on " + form.format(
        d=day.day, m=MONTHS[day.month - 1], y=day.year, dd=f"{day.day:02d}", mm=f"{day.month:02d}")
    guess = resolve(text, anchor)
    assert guess is not None and (guess.date, guess.precision) == (day, "day")


@given(anchors, st.sampled_from(MONTHS), st.integers(1, 28))
def test_day_month_without_year_is_not_far_in_the_future(anchor: date, month: str,
                                                         day: int) -> None:
    guess = resolve(f"The truce began on {day} {month}.", anchor)
    assert guess is not None
    assert anchor - timedelta(days=366) <= guess.date <= anchor + timedelta(days=7)


# No deadline: the first call that reaches the dateparser fallback imports it.
@settings(max_examples=300, deadline=None)
@given(st.text(), anchors)
def test_resolve_never_raises(text: str, anchor: date) -> None:
    guess = resolve(text, anchor)
    assert guess is None or guess.precision in ("day", "week", "month", "year")


@settings(deadline=None)
@given(st.lists(st.sampled_from(
    list("0123456789 ./-,") + ["May", "June", "on ", "Friday", "last ", "week", "ago", "2014",
                               "Published ", "hours", "report"])).map("".join),
    anchors)
def test_resolve_never_raises_on_date_like_noise(text: str, anchor: date) -> None:
    resolve(text, anchor)
    find_dateline(text)
    DateContext(anchor).resolve(text)


def test_the_following_day_counts_from_the_last_date_named_not_from_publication() -> None:
    dates = DateContext(date(2015, 6, 22))
    first = dates.resolve("On Wednesday rebels seized Ariha.")
    assert first is not None and first.date == date(2015, 6, 17)
    after = dates.resolve("On the following day they took Saraqib.")
    assert after is not None and (after.date, after.precision) == (date(2015, 6, 18), "day")
    later = dates.resolve("Two days later they shelled the airport.")
    assert later is not None and later.date == date(2015, 6, 20)


def test_a_vague_sequel_is_no_more_precise_than_it_says_and_never_after_publication() -> None:
    dates = DateContext(date(2015, 6, 22))
    dates.resolve("Last week they seized Ariha.")
    next_day = dates.resolve("The next day they took Saraqib.")
    assert next_day is not None and next_day.precision == "week"       # of a week-precise date
    weeks = dates.resolve("Weeks later they captured Idlib.")
    assert weeks is not None and weeks.precision == "month" and weeks.date <= date(2015, 6, 22)


def test_a_sentence_with_its_own_date_keeps_it() -> None:
    dates = DateContext(date(2015, 6, 22))
    dates.resolve("In May rebels took Ariha.")
    own = dates.resolve("On Sunday they seized Saraqib, and the next day took Idlib.")
    assert own is not None and own.date == date(2015, 6, 21)
