"""What is not an event, read end to end on sentences written for tocsin (needs the model)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tocsin.models import Article

pytestmark = pytest.mark.slow


def _events(pipeline, text: str):
    article = Article(id="t1", text=text, published=datetime(2015, 6, 12, tzinfo=timezone.utc))
    return pipeline.run([article])[0][1]


@pytest.mark.parametrize("text", [
    "The opposition party captured the towns of Kano and Kaduna in the election, according to "
    "official results.",
    "Labour captured the seats of Bolton and Bury in the vote on Thursday.",
])
def test_a_party_winning_at_the_polls_takes_no_territory(pipeline, text: str) -> None:
    territory = [e for e in _events(pipeline, text) if "territory" in e.sub_event_type]
    assert territory == []


def test_an_armed_takeover_beside_it_stays(pipeline) -> None:
    events = _events(pipeline, "Islamic State militants captured the town of Baiji on Sunday.")
    assert [e.sub_event_type for e in events] == ["Non-state actor overtakes territory"]



@pytest.mark.parametrize("told, untold", [
    ("Rebels pulled out of Ariha on Thursday.", "The group has not commented on its withdrawal."),
    ("Gunmen attacked the army post in Dikwa on Friday.",
     "The army did not say how many soldiers had been killed."),
    ("Gunmen attacked the market in Kidal on Friday.",
     "Following the attack, hundreds of families fled toward Anefis."),
])
def test_a_sentence_that_leaves_an_event_untold_or_only_follows_it_is_none(
        pipeline, told: str, untold: str) -> None:
    events = _events(pipeline, f"{told} {untold}")
    assert events and not [e for e in events if e.evidence.sentence.strip() == untold]
