"""Places before a hyphenated adjective ('-based', '-led') and datelines after a byline's date."""
import pytest

from tocsin.geo.recognize_compounds import _suffix_fits, compound_mentions

pytestmark = pytest.mark.slow


def found(geocoder, nlp, text):
    return {(m.text, m.label): p for m, p in geocoder.geoparse(nlp(text))}


def codes(got):
    return {p.country_code for p in got.values() if p is not None}




def test_a_place_before_based_is_a_seat_not_a_scene(real_gazetteer, nlp):
    doc = nlp("The Denver-based company hired forty workers.")
    got = compound_mentions(doc, real_gazetteer, [False] * len(doc))
    assert [(m.text, m.label) for m in got] == [("Denver", "ORG")]


def test_led_takes_a_country_never_a_group(geocoder, nlp):
    got = found(geocoder, nlp, "The U.S.-led coalition and a Hamas-led government met.")
    assert ("U.S.", "ORG") in got
    assert not any(text == "Hamas" for text, _ in got)



def test_an_upper_case_place_after_a_bylines_date_is_a_dateline(geocoder, nlp):
    got = found(geocoder, nlp, "By JOHN SMITH Staff Writer June 2, 2010 ZANESVILLE -- The council met.")
    assert any(text == "ZANESVILLE" for text, _ in got)



def test_only_a_country_leads_or_backs(real_gazetteer):
    assert _suffix_fits(real_gazetteer, "Saudi", "led") and _suffix_fits(real_gazetteer, "Egypt", "backed")
    assert not _suffix_fits(real_gazetteer, "European", "led")
    assert not _suffix_fits(real_gazetteer, "Hamas", "led")
    assert _suffix_fits(real_gazetteer, "Denver", "based")
