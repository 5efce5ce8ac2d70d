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


@pytest.mark.parametrize("toll", [
    "More than 14,000 people have been killed across Sudan since the war between the army and "
    "the RSF began in April 2023, according to United Nations estimates.",
    "At least 60 Hezbollah fighters have been killed since the fighting started in October.",
    "The conflict has killed more than 300,000 civilians since 2011, the monitor says.",
])
def test_a_running_toll_since_the_war_began_is_background(pipeline, toll: str) -> None:
    told = "Gunmen attacked a market in Nyala on Saturday, killing five people."
    events = _events(pipeline, f"{told} {toll}")
    assert [e.evidence.sentence.strip() for e in events] == [told]


def test_a_toll_counted_from_a_day_is_the_event_s_own(pipeline) -> None:
    events = _events(pipeline, "At least 23 people have been killed in clashes between the ELN "
                               "and FARC dissidents in Arauca since Sunday, the ombudsman said.")
    assert [e.sub_event_type for e in events] == ["Armed clash"]


def test_a_toll_with_an_aside_first_is_the_told_event_s(pipeline) -> None:
    """'including four children' before the toll's verb is an aside, not another clause."""
    events = _events(pipeline, "Israeli drones struck the Jenin refugee camp on Monday. Twelve "
                               "Palestinians, including four children, were killed, according "
                               "to the health ministry.")
    assert [(e.evidence.sentence.split()[0], e.fatalities) for e in events] == [("Israeli", 12)]


def test_an_event_named_as_the_start_of_a_stretch_of_time_is_a_landmark(pipeline) -> None:
    events = _events(pipeline, "The fighting in Mosul is the most serious challenge to the "
                               "government's authority since the militants seized Fallujah in "
                               "January.")
    assert not [e for e in events if "territory" in e.sub_event_type]


@pytest.mark.parametrize("tally", [
    "Since November, the group has attacked more than 60 vessels.",
    "The Islamic State in the Sahel has claimed several similar attacks in the area in recent "
    "months.",
])
def test_a_tally_of_attacks_over_months_is_background(pipeline, tally: str) -> None:
    told = "Houthi fighters fired two missiles at a cargo ship off Hodeidah on Wednesday."
    events = _events(pipeline, f"{told} {tally}")
    assert [e.evidence.sentence.strip() for e in events] == [told]


@pytest.mark.parametrize("since", ["since Monday", "since the end of May"])
def test_a_count_since_a_weekday_or_last_month_is_the_event_s_own(pipeline, since: str) -> None:
    """The story is of 12 June: a count since Monday or since the end of May is news."""
    events = _events(pipeline, f"Police have arrested 40 protesters in Lagos {since}, "
                               "the force said.")
    assert [e.sub_event_type for e in events] == ["Arrests"]


def test_days_of_mourning_decreed_are_no_event(pipeline) -> None:
    told = "At least 23 soldiers were killed on Wednesday in an ambush near Ouallam."
    events = _events(pipeline, f"{told} The government decreed three days of national mourning.")
    assert [e.evidence.sentence.strip() for e in events] == [told]


@pytest.mark.parametrize("line", ["Fatalities unknown.", "3 fatalities.", "No fatalities reported."])
def test_an_acled_note_s_fatality_line_is_no_event(pipeline, line: str) -> None:
    note = ("On 5 July 2021, Taliban militants captured Islam Qala border crossing (Herat) after "
            "Afghan border police withdrew.")
    events = _events(pipeline, f"{note} {line}")
    assert {e.evidence.sentence.strip() for e in events} == {note}


@pytest.mark.parametrize("text", [
    "Three other officers were taken to hospital.",
    "Suspected militants killed two officers in an ambush near Garissa on Thursday. Three "
    "other officers were taken to hospital.",
])
def test_the_wounded_taken_to_hospital_are_not_abducted(pipeline, text: str) -> None:
    assert not [e for e in _events(pipeline, text) if e.sub_event_type in
                ("Abduction/forced disappearance", "Arrests")]


def test_people_taken_away_by_gunmen_are_still_abducted(pipeline) -> None:
    events = _events(pipeline, "Gunmen took 12 farmers from their fields near Zurmi on Thursday "
                               "and carried them into the forest.")
    assert any(e.sub_event_type == "Abduction/forced disappearance" for e in events)


def test_a_side_that_lost_soldiers_lost_no_territory(pipeline) -> None:
    """The model's word for a territorial claim was "forces" (a participant, not the
    verb); the clause's verb "lost" takes soldiers, not a place."""
    events = _events(pipeline, "Fighters attacked an army base in Djibo on Sunday.\n\n"
                               "The army said its forces had lost four soldiers.")
    assert not [e for e in events if e.event_type == "Strategic developments"
                or "territory" in e.sub_event_type]


def test_a_unit_that_was_the_target_of_an_attack_suffered_one(pipeline) -> None:
    events = _events(pipeline, "The General Staff said that on 7 November 2021, a unit of the "
                               "armed forces on a reconnaissance mission between Boni and Hombori "
                               "was the target of a complex attack by armed terrorist groups.")
    assert any(e.event_type == "Battles" or e.event_type == "Violence against civilians"
               or e.sub_event_type == "Armed clash" for e in events)


def test_a_count_of_places_taken_since_months_ago_is_background(pipeline) -> None:
    """What is counted hangs on "of": "control of five of the state's 12 districts"."""
    told = "Gunmen attacked a market in Nyala on Saturday, killing five people."
    events = _events(pipeline, f"{told} Since January, the rebels have taken control of five of "
                               "the state's 12 districts.")
    assert [e.evidence.sentence.strip() for e in events] == [told]


@pytest.mark.parametrize("text", [
    "The army and the M23 rebels began fighting for control of Goma on Saturday, residents said.",
    "In the capital, tribal fighters battled the militants for control of the eastern districts.",
])
def test_a_fight_for_control_of_a_place_is_a_battle_not_its_capture(pipeline, text: str) -> None:
    events = _events(pipeline, text)
    assert [e.sub_event_type for e in events] == ["Armed clash"]
