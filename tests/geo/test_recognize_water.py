"""Rivers that share a city's name are not that city."""
import pytest

from tocsin.geo.recognize_water import water_body

from tests.geo.conftest import tagged_doc

pytestmark = pytest.mark.slow


def found(geocoder, nlp, text):
    return {m.text: (m, p) for m, p in geocoder.geoparse(nlp(text))}


@pytest.mark.parametrize("text", [
    "The general ordered his brigades to leave the west bank of the Dnipro by Friday.",
    "Marines crossed to the left bank of the Dnipro overnight.",
    "Two boats were sunk on the Dnipro river before dawn.",
    "Engineers built a pontoon bridge across the Dnipro under fire.",
])
def test_the_river_is_not_the_city_of_the_same_name(geocoder, nlp, text):
    assert "Dnipro" not in found(geocoder, nlp, text)


def test_the_city_itself_is_still_found(geocoder, nlp):
    got = found(geocoder, nlp, "A missile struck an apartment block in Dnipro on Tuesday.")
    assert got["Dnipro"][1].country_code == "UA"


def test_across_a_country_is_its_extent_not_a_river(real_gazetteer):
    doc = tagged_doc("Protests spread across the Ukraine/B-GPE overnight")
    assert not water_body(real_gazetteer, doc[3:4])


def test_a_bank_of_a_river_needs_the_article(real_gazetteer):
    river = tagged_doc("They held the east bank of the Dnipro/B-GPE all week")
    bank = tagged_doc("A branch of Dnipro/B-GPE bank opened")
    assert water_body(real_gazetteer, river[7:8])
    assert not water_body(real_gazetteer, bank[3:4])


def test_a_river_named_like_a_state_keeps_the_state(real_gazetteer):
    doc = tagged_doc("Barges sailed down the Mississippi/B-LOC river at dawn")
    assert not water_body(real_gazetteer, doc[4:5])


def test_a_name_the_gazetteer_lacks_is_kept_across_the_article(real_gazetteer):
    doc = tagged_doc("Storms moved across the Chesapeake/B-LOC Bay/I-LOC overnight")
    assert not water_body(real_gazetteer, doc[4:6])


def test_a_town_before_reservoir_is_still_the_town(real_gazetteer):
    doc = tagged_doc("Volunteers cleaned the Dnipro/B-GPE reservoir on Saturday")
    assert not water_body(real_gazetteer, doc[3:4])
