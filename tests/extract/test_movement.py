import pytest

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
