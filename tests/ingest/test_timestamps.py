"""Publication date parsing."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.ingest.timestamps import parse_published, parse_stamp


@pytest.mark.parametrize(("text", "expected"), [
    ("2014-06-13", datetime(2014, 6, 13)),
    ("2014-06-13T10:00:00Z", datetime(2014, 6, 13, 10)),
    ("2014-06-13T10:00:00+02:00", datetime(2014, 6, 13, 8)),
    ("June 13, 2014", datetime(2014, 6, 13)),
    ("13 June 2014", datetime(2014, 6, 13)),
    ("6/13/14", datetime(2014, 6, 13)),
    ("4/5/17", datetime(2017, 4, 5)),
    ("31/12/2014", datetime(2014, 12, 31)),
    ("Fri, 13 Jun 2014 10:00:00 GMT", datetime(2014, 6, 13, 10)),
    ("Friday, June 13, 2014 10:31 AM EDT", datetime(2014, 6, 13, 14, 31)),
])
def test_known_forms(text: str, expected: datetime) -> None:
    assert parse_published(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "June 13", "yesterday", "not a date at all", "13/13/13", None])
def test_unclear_or_yearless_is_none(text: str | None) -> None:
    assert parse_published(text) is None


def test_aware_datetime_is_made_naive_utc() -> None:
    moment = datetime(2015, 1, 1, 12, tzinfo=timezone.utc)
    assert parse_published(moment) == datetime(2015, 1, 1, 12)


@given(st.text(max_size=60))
def test_never_crashes_and_is_naive(text: str) -> None:
    result = parse_published(text)
    assert result is None or result.tzinfo is None


@pytest.mark.parametrize(("text", "utc", "offset"), [
    ("2014-03-20T18:05:00+03:00", datetime(2014, 3, 20, 15, 5), 180),
    ("2014-03-20T18:05:00+0300", datetime(2014, 3, 20, 15, 5), 180),
    ("March 14, 2014 4:45 PM GMT+3", datetime(2014, 3, 14, 13, 45), 180),   # not GMT-3
    ("14 March 2014 16:45 UTC+03:00", datetime(2014, 3, 14, 13, 45), 180),
    ("Fri 14 Mar 2014 16.45 GMT", datetime(2014, 3, 14, 16, 45), 0),
    ("June 3, 2019 at 4:15 p.m. EDT", datetime(2019, 6, 3, 20, 15), -240),
    ("Tuesday 20 November 2012 14:42 CAT", datetime(2012, 11, 20, 12, 42), 120),
    ("Fri, 05 Aug 2016 21:00:00 +0430", datetime(2016, 8, 5, 16, 30), 270),
    ("12.03.2014 16:45 EET", datetime(2014, 3, 12, 14, 45), 120),
    ("12.03.2014", datetime(2014, 3, 12), None),
    ("2014-06-13", datetime(2014, 6, 13), None),
])
def test_time_and_zone_are_kept(text: str, utc: datetime, offset: int | None) -> None:
    stamp = parse_stamp(text)
    assert stamp is not None and (stamp.utc, stamp.offset_minutes) == (utc, offset)


def test_local_time_is_the_time_as_written() -> None:
    stamp = parse_stamp("June 3, 2019 at 4:15 p.m. EDT")
    assert stamp is not None and stamp.local.isoformat() == "2019-06-03T16:15:00-04:00"


@given(st.datetimes(min_value=datetime(1950, 1, 1), max_value=datetime(2090, 1, 1)),
       st.integers(min_value=-12 * 60, max_value=14 * 60))
def test_any_aware_time_round_trips_through_its_zone(moment: datetime, minutes: int) -> None:
    aware = moment.replace(microsecond=0, tzinfo=timezone(timedelta(minutes=minutes)))
    stamp = parse_stamp(aware.isoformat())
    assert stamp is not None and stamp.offset_minutes == minutes and stamp.local == aware
