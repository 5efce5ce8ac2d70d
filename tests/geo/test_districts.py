"""Districts named without their admin word, generic heads, and names cut short
(resolver candidate generation), on a hand-made gazetteer."""
from __future__ import annotations

import pytest

from tocsin.geo.geocoder import Geocoder
from tocsin.geo.resolver import listed_admin_kind, without_generic_head
from tocsin.models import Mention

from tocsin.geo.gazetteer import Gazetteer, Row

# name, lat, lon, cc, admin1, feature, population, geonameid, extra names
_ROWS = [
    ("United States", 39.8, -98.5, "US", None, "PCLI", 327_000_000, 1, ["US"]),
    ("Texas", 31.25, -99.25, "US", "Texas", "ADM1", 25_000_000, 2, []),
    ("Florida", 28.75, -82.5, "US", "Florida", "ADM1", 20_000_000, 3, []),
    ("Gainesville", 29.65, -82.32, "US", "Florida", "PPL", 130_000, 4, []),
    ("Gainesville", 33.63, -97.13, "US", "Texas", "PPL", 16_000, 5, []),
    ("Cooke County", 33.64, -97.21, "US", "Texas", "ADM2", 38_000, 6, []),
    ("Grayson County", 33.63, -96.68, "US", "Texas", "ADM2", 120_000, 7, []),
    # a town called Love far away, so the bare name has a reading of its own
    ("Love", 36.6, -87.2, "US", "Kentucky", "PPL", 600, 8, []),
    ("Love County", 33.95, -97.24, "US", "Oklahoma", "ADM2", 9_000, 9, []),
    ("Gilchrist County", 29.72, -82.8, "US", "Florida", "ADM2", 17_000, 10, []),
    ("Alachua County", 29.7, -82.36, "US", "Florida", "ADM2", 250_000, 11, []),
    ("Groton", 41.35, -72.08, "US", "Connecticut", "PPL", 10_000, 12, []),
    ("Belle", 38.23, -81.54, "US", "West Virginia", "PPL", 1_200, 13, []),
    ("Shakopee", 44.8, -93.53, "US", "Minnesota", "PPL", 40_000, 14, []),
    ("Minnesota", 46.25, -94.25, "US", "Minnesota", "ADM1", 5_600_000, 15, []),
]


@pytest.fixture(scope="module")
def geocoder() -> Geocoder:
    return Geocoder(Gazetteer.from_rows(
        (Row(name, lat, lon, cc, admin1, feature, pop, gid), extra)
        for name, lat, lon, cc, admin1, feature, pop, gid, extra in _ROWS))


def mentions(text: str, *names: str) -> list[Mention]:
    out, pos = [], 0
    for name in names:
        start = text.index(name, pos)
        out.append(Mention(name, start, start + len(name), "GPE"))
        pos = start + len(name)
    return out


@pytest.mark.parametrize("text, name, kind", [
    ("girls from Cooke, Grayson and Love counties will ride", "Cooke", "ADM2"),
    ("girls from Cooke, Grayson and Love counties will ride", "Love", "ADM2"),
    ("homes sold in Alachua and Gilchrist counties.", "Alachua", "ADM2"),
    ("in Avoyelles and Rapides parishes", "Avoyelles", "ADM2"),
    ("the Idlib and Hama provinces", "Idlib", "ADM1"),
    ("Love is all you need, counties aside", "Love", None),
    ("he drove from Gainesville to two counties", "Gainesville", None),
])
def test_a_plural_admin_word_closing_a_list_names_its_level(text, name, kind):
    end = text.index(name) + len(name)
    assert listed_admin_kind(text, end) == kind


def test_listed_counties_resolve_to_the_counties_and_pull_the_town_along(geocoder):
    text = "Rodeo Gainesville: girls from Cooke, Grayson and Love counties will ride."
    places = geocoder.resolve(mentions(text, "Gainesville", "Cooke", "Grayson", "Love"), text)
    assert [p.precision for p in places[1:]] == ["admin2", "admin2", "admin2"]
    assert places[3].name == "Love County" and places[3].admin1 == "Oklahoma"
    assert places[0].admin1 == "Texas"


def test_without_the_list_a_bare_name_keeps_its_town(geocoder):
    text = "She moved to Love last year."
    place = geocoder.resolve(mentions(text, "Love"), text)[0]
    assert place is not None and place.name == "Love" and place.precision == "city"


def test_a_name_no_town_has_reaches_its_district(geocoder):
    text = "In February, houses were sold in Alachua County and Gilchrist."
    places = geocoder.resolve(mentions(text, "Alachua County", "Gilchrist"), text)
    assert places[1] is not None and places[1].name == "Gilchrist County"


@pytest.mark.parametrize("text, bare", [("Town of Groton", "Groton"), ("City of Norfolk", "Norfolk"),
                                        ("the Village of Mayer", "Mayer"), ("Groton", "Groton"),
                                        ("Bank of America", "Bank of America")])
def test_generic_heads_come_off(text, bare):
    assert without_generic_head(text) == bare


def test_town_of_a_place_is_the_place(geocoder):
    place = geocoder.find("Town of Groton")
    assert place is not None and place.name == "Groton"


def test_a_name_cut_short_is_a_guess_dropped_outside_the_story(geocoder):
    text = "Storms hit Shakopee, Minnesota, and Belle Plaine overnight."
    places = geocoder.resolve(mentions(text, "Shakopee", "Minnesota", "Belle Plaine"), text)
    assert places[0].admin1 == "Minnesota"
    assert places[2] is None            # not Belle, West Virginia


def test_a_country_by_another_of_its_names_beats_a_small_town_of_that_main_name():
    gaz = Gazetteer.from_rows((Row(*row), extra) for row, extra in [
        (("North Macedonia", 41.6, 21.7, "MK", None, "PCLI", 2_000_000, 1), ["Macedonia"]),
        (("Macedonia", 41.3, -81.5, "US", "Ohio", "PPL", 11_000, 2), []),
        (("Ohio", 40.4, -82.7, "US", "Ohio", "ADM1", 11_000_000, 3), []),
    ])
    geocoder = Geocoder(gaz)
    assert geocoder.find("Macedonia").country_code == "MK"
    text = "The Macedonia, Ohio council met."                # the town, when the text says so
    assert geocoder.resolve(mentions(text, "Macedonia", "Ohio"), text)[0].country_code == "US"


def test_a_cut_name_in_the_callers_country_is_kept(geocoder):
    assert geocoder.find("Belle Plaine") is None
    place = geocoder.find("Belle Plaine", country_hint="US")
    assert place is not None and place.name == "Belle"
