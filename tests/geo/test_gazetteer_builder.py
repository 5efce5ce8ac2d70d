"""Hand-written gazetteer additions (data/geo_aliases.toml) as the builder applies them."""
from __future__ import annotations

import tomllib

import pytest

from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.gazetteer_builder import Builder, data_file
from tocsin.geo.index import Index, Row
from tocsin.models import Mention


def _aliases() -> dict:
    return tomllib.loads(data_file("geo_aliases.toml").read_text(encoding="utf-8"))


def _resolve(geocoder, text: str, *names: str):
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names]
    return geocoder.resolve(mentions, text)


def test_a_dump_that_holds_a_town_keeps_its_record_and_gains_the_names():
    # An imported GeoNames dump has Sévaré: the [[town]] entry must not add a second one.
    builder = Builder()
    builder.add(Row("Sévaré", 14.53, -4.09, "ML", "Mopti", "PPL", 37000, 2451185))
    builder.finish()
    gaz = Gazetteer(Index.in_memory(builder.writer, **builder.meta("test")))
    found = gaz.candidates("Sevare")
    assert len(found) == 1 and gaz.record(found[0]).geonameid == 2451185


def test_a_city_entry_fills_in_a_population_geonames_lacks_and_only_then():
    builder = Builder()
    builder.add(Row("Ra\u2019s al \u2018Ayn", 36.85, 40.07, "SY", "Al-Hasakah", "PPL", 0, 1))
    builder.add(Row("Laukkai", 23.69, 98.76, "MM", "Shan", "PPL", 23435, 2))
    builder.finish()
    gaz = Gazetteer(Index.in_memory(builder.writer, **builder.meta("test")))
    ras = gaz.record(gaz.candidates("Serekaniye")[0])
    assert ras.geonameid == 1 and ras.population > 0
    assert gaz.record(gaz.candidates("Laukkaing")[0]).population == 23435


@pytest.mark.slow
def test_every_town_entry_lies_in_a_region_the_gazetteer_knows(real_gazetteer):
    towns = _aliases().get("town", [])
    assert towns
    for town in towns:
        assert real_gazetteer.admin1(town["cc"], town["admin1"]) is not None, town["name"]
        found = [real_gazetteer.record(i) for i in real_gazetteer.candidates(town["name"])]
        assert any(r.country_code == town["cc"] and r.feature_code == "PPL" for r in found), town["name"]


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Ras al-Ain", "Ras al-Ayn", "Serekaniye", "Serê Kaniyê"])
def test_ras_al_ain_is_the_syrian_town_not_its_turkish_twin(geocoder, name):
    text = f"Turkish-backed fighters shelled {name} in Hasakah province."
    place = _resolve(geocoder, text, name, "Hasakah province")[0]
    assert place is not None and place.country_code == "SY" and place.name == "Ras al-Ain"
    assert place.population > 0          # GeoNames has none: the entry's figure ranks it


@pytest.mark.slow
def test_the_holy_cities_are_in_saudi_arabia_not_ohio(geocoder):
    text = "Pilgrims travelled to Mecca and Medina in Saudi Arabia."
    mecca, medina, _ = _resolve(geocoder, text, "Mecca", "Medina", "Saudi Arabia")
    assert (mecca.name, mecca.country_code) == ("Mecca", "SA")
    assert (medina.name, medina.country_code) == ("Medina", "SA")


@pytest.mark.slow
@pytest.mark.parametrize("text,name,country,admin1", [
    ("The MNDAA captured Laukkaing in northern Shan State.", "Laukkaing", "MM", "Shan"),
    ("Resistance fighters held Mindat and Kanpetlet in Chin State.", "Kanpetlet", "MM", "Chin"),
    ("M23 rebels seized Bunagana on the border with Uganda.", "Bunagana", "CD", "North Kivu"),
    ("Jihadists advanced on Konna, north of Sévaré, in central Mali.", "Konna", "ML", "Mopti"),
    ("Insurgents attacked Palma in Cabo Delgado, Mozambique.", "Palma", "MZ", "Cabo Delgado"),
])
def test_conflict_towns_resolve_in_their_theatre(geocoder, text, name, country, admin1):
    others = [n for n in ("Shan State", "Chin State", "Uganda", "Sévaré", "Mali", "Cabo Delgado", "Mozambique")
              if n in text]
    place = _resolve(geocoder, text, name, *others)[0]
    assert place is not None and place.country_code == country and place.admin1 == admin1


@pytest.mark.slow
def test_palma_alone_is_still_majorca(geocoder):
    place = geocoder.find("Palma")
    assert place is not None and place.country_code == "ES"


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Dnipro River", "Dnieper River", "Dnieper"])
def test_the_dnipro_river_is_a_water_feature_not_the_city(geocoder, name):
    text = f"Russian shelling along the {name} killed two civilians near Kherson."
    place = _resolve(geocoder, text, name, "Kherson")[0]
    assert place is not None and place.feature_code == "STM" and place.precision == "region"
    assert place.name == "Dnipro River" and place.country_code == "UA"
    assert geocoder.find("Dnipro").feature_code.startswith("PPL")
