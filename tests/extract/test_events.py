"""Sentence to event (extract/events.py), end to end on sentences written for tocsin
(needs the model)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tocsin.models import Article

pytestmark = pytest.mark.slow


def _events(pipeline, text: str):
    article = Article(id="t1", text=text, published=datetime(2023, 9, 10, tzinfo=timezone.utc))
    return pipeline.run([article])[0][1]


@pytest.mark.parametrize("text, town", [
    ("Al-Shabaab fighters attacked Cowsweyne, a town in Galguduud region, on Sunday.", "Cowsweyne"),
    ("If the clan militias that fought beside the army last year lose heart, towns such as "
     "Moqokori could change hands again.", "Moqokori"),
    ("Gunmen raided the village of Kaurawa on Monday and abducted 40 people.", "Kaurawa"),
])
def test_a_name_the_sentence_calls_a_settlement_is_no_actor(pipeline, text: str, town: str) -> None:
    actors = [a for e in _events(pipeline, text) for a in (e.actor1, e.actor2) if a is not None]
    assert actors and not [a for a in actors if town in a.name]


def test_the_pluperfect_under_a_past_reporting_verb_goes_on_telling_the_story(pipeline) -> None:
    """'the monitor said the fighters had seized' is the monitor's 'have seized': the
    scene is still Aleppo on Friday, not the document's focus on the day of publication,
    for both claims of the sentence (the withdrawal has another actor)."""
    events = _events(pipeline, "Insurgents led by Hayat Tahrir al-Sham pushed into the city of "
                               "Aleppo on Friday, the monitor said, two days after they launched "
                               "an offensive from their stronghold in Idlib province.\n\nThe "
                               "monitor said the fighters had seized control of several western "
                               "neighbourhoods and that government forces had withdrawn from the "
                               "city's university district.\n\nRussian aircraft struck rebel-held areas in "
                               "Idlib on Saturday.")
    seized = [e for e in events if "had seized" in e.evidence.sentence]
    assert len(seized) >= 2 and all(e.location is not None and e.location.name == "Aleppo"
                          and e.date == datetime(2023, 9, 8).date() for e in seized)


def test_the_dateline_town_named_in_the_lead_is_the_scene(pipeline) -> None:
    """Ingest removed 'TYRE, Lebanon -'; 'near Tyre' in the lead's words is where the
    strike was, and Hezbollah's answer 'at military positions in northern Israel' is
    across the border, not a continuation of the strike's scene."""
    text = ("An Israeli drone strike on a car near Tyre on Wednesday killed a senior Hezbollah "
            "commander, a security source said.\n\nHezbollah said it fired more than 100 rockets "
            "at military positions in northern Israel in response. The Israeli army said fires "
            "broke out near Kiryat Shmona.")
    article = Article(id="t2", text=text, dateline_place="TYRE, Lebanon",
                      published=datetime(2024, 7, 4, tzinfo=timezone.utc))
    events = pipeline.run([article])[0][1]
    (strike,) = [e for e in events if "drone strike" in e.evidence.sentence]
    assert strike.location is not None and strike.location.name == "Tyre"
    rockets = [e for e in events if "100 rockets" in e.evidence.sentence]
    assert rockets and all(e.location is not None and e.location.country_code == "IL"
                           for e in rockets)


def test_a_monitor_that_reports_strikes_is_not_their_actor(pipeline) -> None:
    events = _events(pipeline, "The Observatory had earlier reported 26 airstrikes on Sunday "
                               "across Idlib, one of the last opposition bastions.")
    assert events and all(e.actor1 is None or "Observatory" not in e.actor1.name for e in events)


def test_a_party_s_claim_of_its_own_attack_is_the_attack(pipeline) -> None:
    """The model reads 'X said it had fired ...' as a claim of responsibility (no ACLED
    event); the claim is how the attack is known.  The comment tacked on ('the latest
    in a campaign ... over the war in Gaza') names no scene."""
    events = _events(pipeline, "ADEN, Yemen - Yemen's Houthi movement said on Friday it had "
                               "fired an anti-ship missile at a Marshall Islands-flagged tanker "
                               "in the Gulf of Aden, the latest in a campaign the group says is "
                               "aimed at pressing Israel over the war in Gaza.")
    fired = [e for e in events if e.event_type == "Explosions/Remote violence"]
    assert fired and fired[0].actor1 is not None and fired[0].actor1.name == "Houthis"
    assert fired[0].attribution is not None and fired[0].attribution.kind == "claim"
    assert fired[0].location is None or fired[0].location.country_code == "YE"


def test_a_name_beside_a_known_town_is_a_place_not_an_actor(pipeline) -> None:
    events = _events(pipeline, "Militants planted a roadside bomb on the road between Mandera "
                               "and Elwak on Tuesday, wounding two police officers.")
    actors = [a for e in events for a in (e.actor1, e.actor2) if a is not None]
    assert events and not [a for a in actors if "Elwak" in a.name]


def test_a_denial_of_a_claim_then_a_strike_told_reports_the_strike(pipeline) -> None:
    events = _events(pipeline, "The ministry denied the claim and said its jets had bombed rebel "
                               "camps near Kunduz on Tuesday.")
    strikes = [e for e in events if e.sub_event_type == "Air/drone strike"]
    assert strikes and strikes[0].status == "reported"


def test_a_move_toward_the_capital_ends_at_the_country_s_capital(pipeline) -> None:
    events = _events(pipeline, "BAMAKO - Columns of rebel vehicles were seen moving from Kidal "
                               "toward the capital on Sunday, witnesses said.")
    moves = [e for e in events if e.movement is not None]
    assert moves and moves[0].movement.destination is not None
    assert moves[0].movement.destination.name == "Bamako"
    assert moves[0].movement.origin is not None and moves[0].movement.origin.name == "Kidal"


def test_a_sentence_naming_the_focus_keeps_it_rather_than_the_scene_before(pipeline) -> None:
    """The same group's next sentence would go on at the told event's town (Afgooye);
    it names the focus city itself, which is its own place."""
    events = _events(pipeline, "Fighting spreads in Mogadishu\n\nMOGADISHU - Al-Shabaab fighters "
                               "attacked an army base in Afgoye on Monday, a day after heavy "
                               "fighting in Mogadishu, police said.\n\nThe group said its "
                               "fighters had seized two police stations in Mogadishu.")
    seized = [e for e in events if "seized" in e.evidence.sentence]
    assert seized and seized[0].location is not None and seized[0].location.name == "Mogadishu"


def test_an_advance_keeps_its_end_when_its_sentence_is_typed_as_a_handover(pipeline) -> None:
    """The sentence's type is read from "entered without a fight" (a handover), but the
    claim is the advance the movement cue names, with the end it names."""
    events = _events(pipeline, "Rebel units advanced on Friday towards the capital Bangui, "
                               "coming from the town of Damara, which they entered without a "
                               "fight on the same day.")
    moves = [e for e in events if e.movement is not None]
    assert moves and moves[0].movement.destination is not None
    assert moves[0].movement.destination.name == "Bangui"
