"""What a territorial sentence says was taken (analysis/_claims.py), on sentences of our own."""
from __future__ import annotations

import pytest

from tocsin.analysis import _claims
from tocsin.geo.normalize import name_key


def taken(sentence: str, place: str) -> bool:
    return _claims.place_taken(sentence, frozenset({name_key(place)}), name_key)


@pytest.mark.parametrize("place", ["Ariha", "Saraqib", "Taftanaz"])
def test_every_town_of_a_list_of_towns_taken_is_taken(place: str) -> None:
    assert taken("Islamist fighters took the towns of Ariha, Saraqib and Taftanaz on Monday.", place)


@pytest.mark.parametrize("place", ["Mosul", "Tikrit"])
def test_two_cities_seized_are_both_taken(place: str) -> None:
    assert taken("The militants seized the cities of Mosul and Tikrit this week.", place)


@pytest.mark.parametrize("sentence", [
    "Rebels shelled Ariha and seized the airport road near Saraqib.",
    "Fighters advancing from Ariha took the hill overlooking the road.",
])
def test_a_town_named_beside_the_capture_but_not_taken_is_not_taken(sentence: str) -> None:
    assert not taken(sentence, "Ariha")


@pytest.mark.parametrize("sentence, expected", [
    ("The army regained the villages of Tell Ward and Kafr Hamra north of the city on Sunday.",
     ("villages", "Tell Ward and Kafr Hamra")),
    ("Government troops won back the village of al-Mansoura after a night of clashes.",
     ("village", "al-Mansoura")),
    ("Local sources said the fighters seized control of Ain Dara town on Friday.",
     ("town", "Ain Dara")),
])
def test_named_localities_taken_are_read_with_their_names(sentence: str,
                                                         expected: tuple[str, str]) -> None:
    assert _claims.locality_taken(sentence) == expected


def test_a_locality_the_attackers_failed_to_take_is_not_taken() -> None:
    assert _claims.locality_taken("The army failed to regain the villages of Tell Ward and "
                                  "Kafr Hamra.") == ("", "")


def test_a_base_known_by_its_number_is_a_facility_taken() -> None:
    assert _claims.facility_taken('"The rebels captured Base 17 at dawn," a commander said.') == "Base 17"
    assert _claims.facility_taken("The rebels failed to capture Base 17.") == ""


def test_an_area_named_and_taken_is_a_locality() -> None:
    assert _claims.locality_taken("Kurdish fighters captured the area of Jurn east of the dam.") \
        == ("area", "Jurn")


def test_a_place_something_else_lies_west_of_is_not_taken() -> None:
    assert not taken("Nusra Front fighters captured Base 17 west of Aleppo on Saturday.", "Aleppo")
    assert not taken("The rebels seized the villages north of Hama.", "Hama")


def test_fighters_who_only_entered_a_town_did_not_take_it() -> None:
    # going in is not holding: no control word, so no takeover of the town
    assert not taken("Jihadist fighters entered the historic town of Maaloula late on Tuesday.",
                     "Maaloula")


@pytest.mark.parametrize("sentence", [
    "Jihadist fighters entered and took control of the town of Maaloula on Tuesday.",
    "Jihadist fighters entered Maaloula on Tuesday and raised their flag over its church.",
])
def test_an_entry_with_a_control_word_is_a_takeover(sentence: str) -> None:
    assert taken(sentence, "Maaloula")
