import pytest

from tocsin.extract import movement
from tocsin.extract.movement import MovementCue, acled_sub_event_type, detect, plover_category


def test_pull_out_and_send_is_a_redeployment_with_both_ends():
    text = "ISIS pulled its fighters out of Idlib and Latakia and sent them east toward Raqqa."
    cue = detect(text)
    assert cue is not None
    assert cue.kind == "redeploy"
    assert cue.origin_texts == ("Idlib", "Latakia")
    assert cue.destination_texts == ("Raqqa",)
    assert cue.actor_text == "ISIS"
    assert text[cue.trigger[0]:cue.trigger[1]] == "pulled"


def test_withdrawal_names_the_town_left():
    cue = detect("Rebels withdrew from the town of Kafr Nabl on Sunday.")
    assert cue == MovementCue("withdraw", (7, 15), ("Kafr Nabl",), (), "Rebels")
    assert plover_category(cue) == "RETREAT"


def test_advance_names_the_target():
    cue = detect("Army columns advanced on Tikrit.")
    assert cue is not None and cue.kind == "advance"
    assert cue.destination_texts == ("Tikrit",)
    assert cue.actor_text == "Army columns"
    assert plover_category(cue) == "MOBILIZE"


def test_mobilisation_without_places():
    cue = detect("Kurdish forces mobilised thousands of fighters.")
    assert cue is not None and cue.kind == "mobilize"
    assert cue.origin_texts == () and cue.destination_texts == ()
    assert cue.actor_text == "Kurdish forces"


def test_headquarters_move_is_a_redeployment_of_a_base():
    cue = detect("The group moved its headquarters from Sirte to Bani Walid.")
    assert cue is not None and cue.kind == "redeploy"
    assert cue.origin_texts == ("Sirte",) and cue.destination_texts == ("Bani Walid",)
    assert cue.moves_base
    assert acled_sub_event_type(cue) == "Headquarters or base established"


def test_names_with_arabic_particles_stay_whole():
    cue = detect("The army sent reinforcements to Deir ez-Zor.")
    assert cue is not None and cue.kind == "redeploy"
    assert cue.destination_texts == ("Deir ez-Zor",)
    cue = detect("Fighters moved from al-Bab to Jarablus, the monitor said.")
    assert cue is not None and cue.origin_texts == ("al-Bab",)


@pytest.mark.parametrize("text", [
    "The central bank raised interest rates.",
    "Prices moved higher on Monday.",
    "The striker moved to a club in Madrid.",
    "",
])
def test_no_movement_in_ordinary_news(text):
    assert detect(text) is None


def test_weekday_is_not_a_place():
    cue = detect("Government troops advanced toward Mosul on Monday.")
    assert cue is not None and cue.destination_texts == ("Mosul",)


def test_rejects_non_text():
    with pytest.raises(TypeError):
        detect(42)


@pytest.mark.parametrize("text", [
    "Thousands of families fled the western neighbourhoods of the city on Sunday.",
    "Residents were evacuated from the village as the fire spread.",
    "Tens of thousands of people fled toward the mountains, aid agencies said.",
    "Foreign troops left at the end of 2011.",
])
def test_civilians_fleeing_and_bare_departures_are_not_armed_movements(text):
    assert detect(text) is None


def test_armed_actor_fleeing_keeps_its_destination():
    cue = detect("Several militia commanders fled east toward the countryside of Wadi Sirr.")
    assert cue is not None and cue.kind == "withdraw"
    assert cue.destination_texts == ("Wadi Sirr",)


def test_left_a_town_and_moved_toward_others_is_a_redeployment():
    text = "The monitor said the group's columns left Karmun overnight and moved east toward Bir Dalla and Safra."
    cue = detect(text)
    assert cue is not None and cue.kind == "redeploy"
    assert cue.origin_texts == ("Karmun",)
    assert cue.destination_texts == ("Bir Dalla", "Safra")
    assert cue.actor_text == "the group's columns"


def test_organisation_names_with_for_are_not_destinations():
    cue = detect("The Observatory for Human Rights said rebel units moved into Tell Abra from Kafr Daal.")
    assert cue is not None
    assert "Human Rights" not in cue.destination_texts
    assert cue.destination_texts == ("Tell Abra",) and cue.origin_texts == ("Kafr Daal",)


@pytest.mark.parametrize("text,kind,destination", [
    ("Militant convoys were heading east toward Kirkan on Tuesday evening.", "advance", "Kirkan"),
    ("The army sent reinforcements to Samra.", "redeploy", "Samra"),
    ("Government troops pulled out of Tal Hamid and redeployed to the airport at Kassab.", "redeploy", "Kassab"),
    ("Rebel units advanced on Hamra from the north.", "advance", "Hamra"),
    ("Convoys of fighters arrived in Tabqa over the weekend.", "redeploy", "Tabqa"),
])
def test_movement_verbs_and_destinations(text, kind, destination):
    cue = detect(text)
    assert cue is not None and cue.kind == kind
    assert destination in cue.destination_texts


def test_relative_clause_is_not_the_actor():
    cue = detect("Convoys of fighters who left the north last week arrived in Tabqa on Sunday.")
    assert cue is not None and cue.actor_text == "Convoys of fighters"


def test_supporters_gathering_is_not_a_mobilisation():
    assert detect("Supporters gathered on the corniche in Basra and outside the stadium in Erbil.") is None
    cue = detect("The militia gathered hundreds of fighters near Tarhun.")
    assert cue is not None and cue.kind == "mobilize"


@pytest.mark.parametrize("text, kind", [
    # the place left is a descriptive phrase ending in a place noun
    ("Rebel fighters left the two northern provinces of Kunduz and Baghlan on Sunday.", "withdraw"),
    ("The militants quit their strongholds in Kunduz overnight.", "withdraw"),
])
def test_leaving_a_descriptive_place_phrase_is_a_withdrawal(text, kind):
    cue = detect(text)
    assert cue is not None and cue.kind == kind


@pytest.mark.parametrize("text", [
    "Rebel fighters drove west toward Takhar on Sunday.",
    "Several hundred fighters travelled north towards Takhar.",
    "The convoy traveled toward Takhar overnight.",
])
def test_driving_or_travelling_toward_a_place_is_a_movement(text):
    cue = detect(text)
    assert cue is not None and cue.destination_texts == ("Takhar",)


@pytest.mark.parametrize("text", [
    "The minister travelled to Moscow on Monday.",      # a visit, not a direction of travel
    "He left at the end of the meeting.",
    "She drove her children to school.",
])
def test_visits_and_errands_are_not_movements(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [
    "After the bombing the gunmen fled toward the town of Nasib.",
    "The attackers escaped in a pickup truck and headed to Ramtha, police said.",
    "Two masked men opened fire on the checkpoint and sped off toward the border.",
    "Rebel fighters who had ambushed the patrol fled the scene and moved toward Idlib.",
    "Dozens of inmates escaping from the central prison ran toward the river.",
])
def test_a_getaway_is_not_an_armed_movement(text):
    assert detect(text) is None


def test_a_withdrawal_along_an_escape_corridor_is_still_a_withdrawal():
    cue = detect("Islamic State fighters withdrew from Manbij toward Jarablus along an escape corridor.")
    assert cue is not None and cue.kind == "withdraw"


@pytest.mark.parametrize("text, kind", [
    ("Government troops fell back toward the city on Friday.", "withdraw"),
    ("The convoys crossed into Anbar at night.", "redeploy"),
])
def test_falling_back_and_crossing_into_are_moves(text, kind):
    cue = detect(text)
    assert cue is not None and cue.kind == kind


def test_falling_back_on_something_is_relying_on_it():
    assert detect("The group appears to be falling back on the east, where its roots are.") is None


@pytest.mark.parametrize("text, origins, destinations", [
    ("Rebel columns were moving from Kidal toward the capital on Sunday.", ("Kidal",),
     (movement.CAPITAL,)),
    ("Militia convoys pulled out of the capital and headed north.", (movement.CAPITAL,), ()),
])
def test_the_capital_named_by_its_title_is_an_end_point(text, origins, destinations):
    cue = detect(text)
    assert cue is not None
    assert (cue.origin_texts, cue.destination_texts) == (origins, destinations)
