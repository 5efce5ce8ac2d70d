"""Official and relayed phrasing read end to end, on sentences written for tocsin
(needs the model): recaptures in statement words, withdrawals to a named base,
and a relayed report dated only by its month."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from tocsin.models import Article

pytestmark = pytest.mark.slow


def _events(pipeline, text: str):
    article = Article(id="t1", text=text, published=datetime(2015, 6, 12, tzinfo=timezone.utc))
    return pipeline.run([article])[0][1]


@pytest.mark.parametrize("text, actor, town", [
    ("The Iraqi army said it had restored security and stability to the town of Baiji on "
     "Wednesday.", "Iraqi Security Forces", "Baiji"),
    ("Government troops liberated the government complex in the centre of Ramadi, the defence "
     "ministry said.", "Iraqi Security Forces", "Ramadi"),
    ("Syrian army units regained full control of the town of Palmyra on Sunday, state television "
     "reported.", "Syrian Arab Army", "Palmyra"),
])
def test_a_recapture_in_statement_words_is_the_state_regaining_territory(
        pipeline, text: str, actor: str, town: str) -> None:
    events = [e for e in _events(pipeline, text) if e.sub_event_type == "Government regains territory"]
    assert len(events) == 1
    event = events[0]
    assert event.actor1 is not None and event.actor1.name == actor
    assert event.location is not None and town in event.location.name


@pytest.mark.parametrize("text", [
    "Syrian troops pulled back to the Tabqa airbase on Friday after the town fell.",
    "Iraqi troops pulled back to the Ain al-Asad airbase on Friday, officials said.",
])
def test_a_withdrawal_to_a_base_reported_as_done_is_a_movement(pipeline, text: str) -> None:
    moves = [e for e in _events(pipeline, text) if e.movement is not None]
    assert len(moves) == 1
    assert moves[0].movement.kind == "withdraw"
    assert moves[0].status in ("asserted", "reported")


def test_a_relayed_report_dated_by_its_month_gives_month_precision(pipeline) -> None:
    events = _events(pipeline, "In March the Kurdish daily Rudaw reported that the Peshmerga had "
                               "retaken the village of Bashiqa on Friday.")
    assert events
    assert all(e.date_precision == "month" and e.date == date(2015, 3, 1) for e in events)


@pytest.mark.parametrize("text, town", [
    # spaCy's small model tags neither town: the takeover verb still says it changed hands
    ("Palmyra fell to the jihadists late on Wednesday, officials said.", "Palmyra"),
    ("Ramadi fell to Islamic State fighters on Sunday.", "Ramadi"),
])
def test_a_town_ner_missed_is_still_what_a_takeover_takes(pipeline, text: str, town: str) -> None:
    events = [e for e in _events(pipeline, text)
              if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(events) == 1
    assert events[0].location is not None and events[0].location.name == town


def test_a_takeover_relayed_by_a_sentence_initial_according_to_is_an_event(pipeline) -> None:
    # typed as no event with its attribution, a takeover without it
    text = ("According to the Syrian Observatory for Human Rights, al-Nusra Front took the "
            "village of Kafr Nabl.")
    events = [e for e in _events(pipeline, text)
              if e.sub_event_type == "Non-state actor overtakes territory"]
    assert len(events) == 1
    assert events[0].status == "reported"
    assert events[0].attribution is not None and "Observatory" in events[0].attribution.text


def test_an_untagged_name_abroad_is_not_taken_for_a_town(pipeline) -> None:
    # no town of that name in the gazetteer's Syria: the document's own country decides
    text = ("Rebels captured the town of Tal Rifaat in Aleppo province on Monday. "
            "Haddad fell to the jihadists a day later, the Observatory said.")
    for event in _events(pipeline, text):
        assert event.location is None or event.location.country_code == "SY"


def test_a_move_told_in_a_relative_clause_is_made_by_that_clause_s_own_subject(pipeline) -> None:
    # "the fighters [that] the Taliban pulled out of Kunduz": the Taliban moved them,
    # not "many of the men" of the main clause
    text = ("Witnesses said many of the men were among the fighters the Taliban pulled out of "
            "Kunduz last week.")
    moves = [e for e in _events(pipeline, text) if e.movement is not None]
    assert moves and all(e.actor1 is not None and e.actor1.name == "Taliban" for e in moves)
