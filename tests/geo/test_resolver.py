"""Disambiguation logic on a hand-made gazetteer (fast, no package data)."""
import pickle

from tocsin.geo.geocoder import Geocoder
from tocsin.models import Mention

from .conftest import _ROWS, tiny_gazetteer_of


def mentions(text: str, *names: str, label: str = "GPE") -> list[Mention]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(Mention(name, start, start + len(name), label))
        pos = start + len(name)
    return out


def test_tripoli_alone_is_the_libyan_capital(tiny_gazetteer):
    place = Geocoder(tiny_gazetteer).find("Tripoli")
    assert place is not None and place.country_code == "LY" and place.country == "Libya"


def test_tripoli_in_a_lebanese_document(tiny_gazetteer):
    text = "Clashes in Beirut spread north to Tripoli and Byblos."
    places = Geocoder(tiny_gazetteer).resolve(mentions(text, "Beirut", "Tripoli", "Byblos"), text)
    assert [p.country_code for p in places] == ["LB", "LB", "LB"]


def test_country_hint_decides_tripoli(tiny_gazetteer):
    assert Geocoder(tiny_gazetteer).find("Tripoli", country_hint="LB").country_code == "LB"


def test_tripoli_next_to_misrata_stays_libyan(tiny_gazetteer):
    text = "Fighters moved from Misrata to Tripoli."
    places = Geocoder(tiny_gazetteer).resolve(mentions(text, "Misrata", "Tripoli"), text)
    assert places[1].country_code == "LY"


def test_homs_in_a_syrian_document_is_the_syrian_city(tiny_gazetteer):
    text = "Syrian forces shelled Homs and Raqqa."
    ms = [Mention("Syrian", 0, 6, "NORP")] + mentions(text, "Homs", "Raqqa")
    places = Geocoder(tiny_gazetteer).resolve(ms, text)
    assert places[0].precision == "country" and places[0].country_code == "SY"
    assert (places[1].name, places[1].precision, places[1].country_code) == ("Homs", "city", "SY")
    assert places[2].country_code == "SY" and places[2].precision == "city"


def test_governorate_suffix_selects_the_admin1(tiny_gazetteer):
    place = Geocoder(tiny_gazetteer).find("Raqqa governorate")
    assert place is not None and place.precision == "admin1" and place.name == "Raqqah"


def test_bare_name_prefers_the_city_over_its_governorate(tiny_gazetteer):
    assert Geocoder(tiny_gazetteer).find("Homs").precision == "city"


def test_qualifier_after_comma_picks_the_place_inside_it(tiny_gazetteer):
    text = "The fair in Paris, Tex. drew crowds."
    places = Geocoder(tiny_gazetteer).resolve(mentions(text, "Paris", "Tex."), text)
    assert places[0].country_code == "US" and places[0].admin1 == "Texas"


def test_unknown_name_does_not_empty_the_others(tiny_gazetteer):
    text = "From Qwertzville to Beirut."
    places = Geocoder(tiny_gazetteer).resolve(mentions(text, "Qwertzville", "Beirut"), text)
    assert places[0] is None and places[1].name == "Beirut"


def test_no_mentions_gives_no_places(tiny_gazetteer):
    assert Geocoder(tiny_gazetteer).resolve([], "") == []


def test_geocoder_pickles(tiny_gazetteer):
    copy = pickle.loads(pickle.dumps(Geocoder(tiny_gazetteer)))
    assert copy.find("Beirut").country_code == "LB"


_WITH_FOREIGN_SPELLINGS = [
    *_ROWS,
    # A town abroad that carries the spelling of a small Syrian village.
    ("Tokar", 18.43, 37.73, "SD", "Red Sea", "PPL", 37_000, 30, ["Tokhar"]),
]


def test_a_town_found_only_by_another_spelling_stays_out_of_a_syrian_document():
    geocoder = Geocoder(tiny_gazetteer_of(_WITH_FOREIGN_SPELLINGS))
    text = "Jets struck the Syrian village of Tokhar near Homs."
    ms = [Mention("Syrian", 16, 22, "NORP")] + mentions(text, "Tokhar", "Homs")
    assert geocoder.resolve(ms, text)[1] is None
    # With nothing else named, the one reading is kept: no other country speaks against it.
    assert geocoder.find("Tokhar").country_code == "SD"


def test_a_world_city_keeps_its_other_spellings_beside_other_countries(tiny_gazetteer):
    text = "Talks in Tarabulus and Beirut went on."
    places = Geocoder(tiny_gazetteer).resolve(mentions(text, "Tarabulus", "Beirut"), text)
    assert (places[0].name, places[0].country_code) == ("Tripoli", "LY")
