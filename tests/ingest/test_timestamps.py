"""Publication date parsing."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.ingest.timestamps import parse_published


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
