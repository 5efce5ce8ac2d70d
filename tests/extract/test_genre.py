"""Tests for extract/genre.py on invented articles."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.genre import THRESHOLD, classify, classify_article, opinion_score
from tocsin.models import Article

NEWS = (
    "Government forces shelled the rebel-held town on Monday, killing at least nine people, "
    "a monitoring group said. The Observatory said the dead included three children. "
    '"We heard the planes and then the explosions," a resident told reporters. '
    "The army said it had targeted militant positions and that the operation would continue."
)
OPINION = (
    "The world has failed this country. I have watched for five years as diplomats talked "
    "and children died. We should be ashamed. How many more towns must be flattened before "
    "anyone acts? The answer, sadly, is that nobody in power wants to pay the price. We must "
    "stop pretending that talks alone will end this war."
)


def test_news_report_is_news() -> None:
    assert classify("Shelling kills nine in northern town", NEWS) == "news"


def test_first_person_argument_is_opinion() -> None:
    assert classify("The country deserves better", OPINION) == "opinion"


@pytest.mark.parametrize("title", [
    "Opinion: The siege must end", "Analysis: why the town matters", "Comment | A hollow truce",
    "Editorial: Time to act", "COLUMN - Lessons from the north",
])
def test_labelled_titles_are_opinion(title: str) -> None:
    assert classify(title, NEWS) == "opinion"


def test_label_in_lead_is_opinion() -> None:
    assert classify(None, "Analysis: " + NEWS) == "opinion"


def test_quoted_first_person_does_not_make_opinion() -> None:
    text = ('"We must defend our homes, and we will," a commander said. "I saw them run," '
            "a resident told reporters. Fighting continued on Tuesday, activists said.")
    assert classify(None, text) == "news"


def test_us_the_country_is_not_first_person() -> None:
    text = "US jets struck targets near the dam, US officials said on Friday."
    assert opinion_score(text) < THRESHOLD


def test_classify_article() -> None:
    assert classify_article(Article(id="a1", text=OPINION, title="A view")) == "opinion"


@given(st.one_of(st.none(), st.text()), st.text())
def test_classify_always_returns_a_genre(title: str | None, text: str) -> None:
    assert classify(title, text) in ("news", "opinion")
