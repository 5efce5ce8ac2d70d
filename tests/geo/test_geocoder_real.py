"""The real gazetteer and spaCy model: transliterations, context, event places."""
import pytest

from tocsin.models import Mention

pytestmark = pytest.mark.slow

VARIANTS = [
    (["Raqqa", "Ar-Raqqah", "Al-Raqqa", "Raqqah"], "SY", 35.95, 39.01),
    (["Deir ez-Zor", "Dayr az Zawr", "Deir al-Zour"], "SY", 35.34, 40.14),
    (["Mosul", "Al-Mawsil"], "IQ", 36.34, 43.13),
    (["Tal Afar", "Tall Afar"], "IQ", 36.38, 42.45),
    (["Aleppo", "Halab"], "SY", 36.20, 37.16),
    (["Homs"], "SY", 34.73, 36.72),
    (["Hasakah", "Al-Hasakah", "Hassakeh"], "SY", 36.50, 40.75),
    (["Fallujah", "Falluja"], "IQ", 33.35, 43.78),
    (["Ramadi"], "IQ", 33.42, 43.30),
    (["Tikrit"], "IQ", 34.60, 43.68),
    (["Baiji", "Bayji"], "IQ", 34.93, 43.49),
    (["Kobani", "Ayn al-Arab"], "SY", 36.89, 38.35),
    (["Palmyra", "Tadmur"], "SY", 34.56, 38.28),
    (["Idlib", "Idleb"], "SY", 35.93, 36.63),
    (["Latakia", "Lattakia", "Al-Ladhiqiyah"], "SY", 35.52, 35.79),
    (["Samarra"], "IQ", 34.20, 43.87),
]


@pytest.mark.parametrize("names,country,lat,lon", VARIANTS)
def test_transliteration_variants_in_a_syria_iraq_context(geocoder, names, country, lat, lon):
    for name in names:
        text = f"Fighting near {name}, the militants said, spread across Syria and Iraq."
        start = text.index(name)
        ms = [Mention(name, start, start + len(name), "GPE"),
              Mention("Syria", text.index("Syria"), text.index("Syria") + 5, "GPE"),
              Mention("Iraq", text.index("Iraq"), text.index("Iraq") + 4, "GPE")]
        place = geocoder.resolve(ms, text)[0]
        assert place is not None, name
        assert place.country_code == country, (name, place)
        assert abs(place.lat - lat) < 0.5 and abs(place.lon - lon) < 0.5, (name, place)


@pytest.mark.parametrize("name,country,precision", [
    ("Nineveh province", "IQ", "admin1"), ("Anbar", "IQ", "admin1"),
    ("Raqqa governorate", "SY", "admin1"), ("Deir ez-Zor governorate", "SY", "admin1"),
    ("Syria", "SY", "country"), ("Iraq", "IQ", "country"), ("Kurdistan", "IQ", "region"),
])
def test_regions_and_countries(geocoder, name, country, precision):
    place = geocoder.find(name)
    assert place is not None and place.country_code == country and place.precision == precision


def test_country_names_are_readable(geocoder):
    assert geocoder.find("Mosul").country == "Iraq"
    assert geocoder.find("Aleppo").country == "Syria"


def test_tripoli_follows_the_document(geocoder):
    text = "Protesters in Beirut and Tripoli blocked roads, Lebanese media said."
    ms = [Mention("Beirut", 14, 20, "GPE"), Mention("Tripoli", 25, 32, "GPE"),
          Mention("Lebanese", 49, 57, "NORP")]
    assert geocoder.resolve(ms, text)[1].country_code == "LB"
    assert geocoder.find("Tripoli").country_code == "LY"


def test_geoparse_finds_and_resolves(geocoder, nlp):
    doc = nlp("Islamic State fighters attacked a checkpoint near Tal Afar in Nineveh province "
              "on Tuesday, a Baghdad-based official said.")
    found = {m.text: p for m, p in geocoder.geoparse(doc)}
    assert found["Tal Afar"].country_code == "IQ"
    assert "Baghdad" in found


def test_event_place_prefers_the_scene_over_attribution_and_origin(geocoder, nlp):
    doc = nlp("Fighters from Idlib attacked a checkpoint near Raqqa on Monday, "
              "a London-based monitor said.")
    pairs = geocoder.geoparse(doc)
    sentence = next(iter(doc.sents))
    assert geocoder.event_place(sentence, pairs).name == "Raqqa"


def test_event_place_relative_position_is_marked(geocoder, nlp):
    doc = nlp("A car bomb exploded 20 km south of Mosul, Iraqi police said.")
    place = geocoder.event_place(next(iter(doc.sents)), geocoder.geoparse(doc))
    assert place.name == "Mosul" and place.precision == "admin2"


def test_event_place_none_without_places(geocoder, nlp):
    doc = nlp("The talks ended without agreement.")
    assert geocoder.event_place(next(iter(doc.sents)), geocoder.geoparse(doc)) is None


def test_movement_places(geocoder, nlp):
    doc = nlp("Convoys moved from Idlib and Latakia toward Raqqa overnight.")
    origins, destination = geocoder.movement_places(next(iter(doc.sents)), geocoder.geoparse(doc))
    assert [p.name for p in origins] == ["Idlib", "Latakia"]
    assert destination is not None and destination.country_code == "SY" and "Raqq" in destination.name


@pytest.mark.slow
@pytest.mark.parametrize("text,names", [
    ("Wildfires burned across Nevada, Oregon and Idaho on Sunday.", ["Nevada", "Oregon", "Idaho"]),
    ("Officials in Nevada and Oregon declared emergencies.", ["Nevada", "Oregon"]),
])
def test_names_listed_with_states_are_the_states_not_towns_of_their_names(geocoder, text, names):
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names]
    for name, place in zip(names, geocoder.resolve(mentions, text)):
        assert place is not None and place.precision == "admin1" and place.admin1 == name, (name, place)


@pytest.mark.slow
def test_cities_listed_with_cities_their_regions_are_named_after_stay_cities(geocoder):
    text = "Regime jets struck Homs, Hama and Aleppo on Friday."
    names = ["Homs", "Hama", "Aleppo"]
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names]
    assert [p.precision for p in geocoder.resolve(mentions, text)] == ["city", "city", "city"]


@pytest.mark.slow
@pytest.mark.parametrize("quarter,city,expected", [
    ("Hamra", "Beirut", None),                    # not Hamra, Jordan
    ("Roxbury", "Boston", None),                  # not Roxbury, Wisconsin
    ("Brooklyn", "New York", "New York"),         # a quarter the gazetteer holds stays
    ("Sadr City", "Baghdad", "Baghdad"),
])
def test_a_quarter_of_a_city_is_not_a_far_town_of_its_name(geocoder, quarter, city, expected):
    text = f"Shelling hit the {quarter} neighbourhood of {city} on Monday."
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in (quarter, city)]
    place, city_place = geocoder.resolve(mentions, text)
    assert city_place is not None
    assert (place.admin1 if place else None) == expected, place


@pytest.mark.parametrize("country, capital", [("SD", "Khartoum"), ("ML", "Bamako"),
                                              ("ht", "Port-au-Prince")])
def test_a_country_s_capital_is_found_in_that_country(geocoder, country, capital):
    place = geocoder.capital(country)
    assert place is not None and place.name == capital and place.country_code == country.upper()


@pytest.mark.parametrize("country", [None, "", "XX"])
def test_no_capital_without_a_known_country(geocoder, country):
    assert geocoder.capital(country) is None
