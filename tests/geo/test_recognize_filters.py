"""Recognition filters and cues: junk that is never a place, people named like
places, administrative words after a name, and demonyms that place nothing."""
import pytest


pytestmark = pytest.mark.slow


def found(geocoder, nlp, text):
    return {m.text: p for m, p in geocoder.geoparse(nlp(text))}


def scene(geocoder, nlp, text):
    doc = nlp(text)
    place = geocoder.event_place(next(iter(doc.sents)), geocoder.geoparse(doc))
    return place


# --- junk -------------------------------------------------------------------

@pytest.mark.parametrize("text, junk", [
    ("Al Qaeda's branch claimed the bombing in Mogadishu on Friday.", "Al"),
    ("The news agency SANA said shells fell on a school in Homs.", "SANA"),
    ("Doctors in Kinshasa reported twelve new cases of Marburg fever and two of Ebola virus.",
     "Marburg"),
    ("Eastern delegates met in Accra on Monday.", "Eastern"),
])
def test_particles_agencies_eponyms_and_compass_words_are_never_places(geocoder, nlp, text, junk):
    got = found(geocoder, nlp, text)
    assert junk not in got and not any(name.startswith(junk + " ") for name in got if junk != "Al")


def test_a_town_named_like_a_particle_is_still_a_town(geocoder, nlp):
    # "Beni" begins Arabic names (Beni Suef, Beni Walid) but alone it is the city in North Kivu
    got = found(geocoder, nlp, "Gunmen killed 20 villagers near Beni overnight, officials said.")
    assert got.get("Beni") is not None and got["Beni"].country_code == "CD"


def test_a_known_place_abbreviation_survives_the_acronym_filter(geocoder, nlp):
    got = found(geocoder, nlp, "Officials in the UAE and the US condemned the raid.")
    assert {p.country_code for p in got.values() if p} >= {"AE", "US"}


def test_a_name_that_speaks_is_a_person_not_a_place(geocoder, nlp):
    got = found(geocoder, nlp, "Moore, 26, told the court she had never met him. "
                               "Moore's stepfather was not charged.")
    assert "Moore" not in got


def test_a_capital_that_speaks_stays_a_place(geocoder, nlp):
    got = found(geocoder, nlp, "Fighting resumed near the border. Tbilisi says the rebels fired first.")
    assert got["Tbilisi"] is not None and got["Tbilisi"].country_code == "GE"


# --- administrative words -----------------------------------------------------

def test_a_name_before_region_is_the_region_not_its_capital(geocoder, nlp):
    got = found(geocoder, nlp, "Gunmen killed nine herders near a well in the Mopti region.")
    place = got["Mopti region"]
    assert place.precision == "admin1" and place.country_code == "ML"


def test_a_region_spacy_missed_is_found_by_its_admin_word(geocoder, nlp):
    got = found(geocoder, nlp, "Troops burned houses in a village in Kyunhla township, Sagaing region.")
    place = got["Sagaing region"]
    assert place.precision == "admin1" and place.country_code == "MM"


def test_an_unknown_village_leaves_the_named_region_as_the_scene(geocoder, nlp):
    place = scene(geocoder, nlp, "Soldiers burned houses in a village in Kyunhla township, "
                                 "Sagaing region, residents said.")
    assert place is not None and place.precision == "admin1" and place.country_code == "MM"


def test_a_university_is_no_region(geocoder, nlp):
    got = found(geocoder, nlp, "She studied at Ohio State University before moving to Dallas.")
    assert not any(name.endswith("State") for name in got)


# --- demonyms -------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The fighters moved their camps into the hills to escape Turkish jets.",
    "Russian drones struck a fuel depot overnight, the governor said.",
    "The convoy travelled at night to avoid French helicopters.",
])
def test_a_demonym_before_a_force_or_weapon_places_nothing(geocoder, nlp, text):
    assert scene(geocoder, nlp, text) is None


def test_a_demonym_before_a_place_noun_is_a_place(geocoder, nlp):
    place = scene(geocoder, nlp, "Two shells landed on Turkish territory on Sunday.")
    assert place is not None and place.country_code == "TR"


def test_a_demonym_is_no_movement_end(geocoder, nlp):
    doc = nlp("The column drove from Menaka to avoid French drones.")
    origins, destination = geocoder.movement_places(next(iter(doc.sents)), geocoder.geoparse(doc))
    assert destination is None or destination.country_code != "FR"


# --- the scan's fast window test ----------------------------------------------------

def test_scan_windows_tested_on_token_lists_equal_the_span_test(nlp):
    """scan_mentions tests capitalisation on per-token lists before building a Span;
    the answer must be the one the Span-by-Span test gave."""
    from tocsin.geo.recognize import _plausible

    text = ("NEW YORK - Rebels in Upper Nile State, near Malakal, said U.S.-backed forces "
            "shelled Al-Bab, the ISIS-held town. \"We are ready,\" said John O'Neill of "
            "Port Said.\n\nMore in the Bekaa Valley and in Tel Aviv-Yafo: 3 dead.")
    doc = nlp(text)
    flags = [not (t.is_punct or t.is_space) and (t.is_title or t.is_upper) for t in doc]
    for i in range(len(doc)):
        for length in (1, 2, 3, 4):
            if i + length > len(doc):
                continue
            span = doc[i:i + length]
            slow = not any(t.is_punct or t.is_space for t in span) \
                and all(t.is_title or t.is_upper for t in span) and _plausible(span.text)
            assert (all(flags[i:i + length]) and _plausible(span.text)) == slow


@pytest.mark.parametrize("text, expected", [
    ("At least 15 civilians were killed in northern Syria in US airstrikes on Sunday.", "SY"),
    ("The Observatory, based in Britain, said 45 fighters were killed in Syria.", "SY"),
    ("Twelve fighters were killed in Syria by air strikes of the US-led coalition.", "SY"),
])
def test_a_country_that_says_whose_or_where_a_monitor_sits_is_not_the_scene(geocoder, nlp, text,
                                                                             expected):
    place = scene(geocoder, nlp, text)
    assert place is not None and place.country_code == expected


def test_a_country_named_as_the_scene_stays_the_scene(geocoder, nlp):
    place = scene(geocoder, nlp, "Two bombs exploded in Lebanon on Monday.")
    assert place is not None and place.country_code == "LB"



def test_where_a_monitor_is_based_is_no_scene(geocoder, nlp):
    assert scene(geocoder, nlp, "A monitoring group based in the UK said 20 people were killed.") is None


def test_an_outlets_name_is_no_place_anywhere_in_the_text(geocoder, nlp):
    got = found(geocoder, nlp, "The Lebanese daily As-Safir reported that the fighters had left "
                               "Idlib for Raqqa. As-Safir said more columns would follow.")
    assert not any("Safir" in name for name in got)
    assert got["Idlib"].country_code == "SY" and got["Raqqa"].country_code == "SY"
    got = found(geocoder, nlp, "A local newspaper in Raqqa said the town was calm.")
    assert got["Raqqa"].country_code == "SY"
