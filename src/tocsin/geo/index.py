"""The gazetteer's on-disk index: flat numpy arrays, memory-mapped when loaded.

A gazetteer of millions of places must not become millions of Python objects
(issue 12 measured 154 MB for the 254k embedded places as tuples and dicts).
Here every column is one array file in a directory, opened with
`numpy.load(mmap_mode="r")`, so a process touches only the pages it reads and
the memory of many worker processes is shared by the page cache:

- per record: `lat`, `lon` (float32), `population` (int64), `geonameid`
  (int32, -1 for none), `feature` (uint8 into `meta.features`), `country`
  (uint16 into `meta.countries`), `admin1`, `admin2` (int32 into the string
  table, -1 for none), `primary_key` (uint64 hash of the main name's key),
  and the main name in `names` (UTF-8 bytes) at `name_offsets`;
- name lookup: `key_hash` (sorted uint64 hashes of name keys) with
  `key_start` offsets into `key_postings` (record numbers); `loose_*` the
  same for consonant skeletons;
- `strings` / `string_offsets`: admin1 and admin2 names;
- `meta.json`: format, kind, sources, and the small tables (countries,
  admin1 regions, demonyms, display names).

`IndexWriter` builds one; `Index.open(path)` maps it; `Index.in_memory(...)`
keeps the arrays in RAM for tests and tiny gazetteers.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

FORMAT_VERSION = 3
_COLUMNS = ("lat", "lon", "population", "geonameid", "feature", "country", "admin1", "admin2",
            "primary_key", "name_offsets", "names", "key_hash", "key_start", "key_postings",
            "loose_hash", "loose_start", "loose_postings", "strings", "string_offsets")
_MISSING = -1


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a name key (Python's own hash is salted per process)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


@dataclass(frozen=True, slots=True)
class Row:
    """One record as the writer takes it."""

    name: str
    lat: float
    lon: float
    country_code: str
    admin1: str | None
    feature_code: str
    population: int
    geonameid: int | None
    admin2: str | None = None


class _Postings:
    """(hash, record) pairs collected while building, as compact typed arrays."""

    def __init__(self) -> None:
        self.hashes = array("Q")
        self.records = array("i")

    def add(self, key: str, record: int) -> None:
        self.hashes.append(key_hash(key))
        self.records.append(record)

    def arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sorted unique hashes, start offsets, postings), duplicates dropped."""
        hashes = np.frombuffer(self.hashes, dtype=np.uint64) if len(self.hashes) else np.zeros(0, np.uint64)
        records = np.frombuffer(self.records, dtype=np.int32) if len(self.records) else np.zeros(0, np.int32)
        order = np.lexsort((records, hashes))
        hashes, records = hashes[order], records[order]
        if len(hashes):
            keep = np.ones(len(hashes), dtype=bool)
            keep[1:] = (hashes[1:] != hashes[:-1]) | (records[1:] != records[:-1])
            hashes, records = hashes[keep], records[keep]
        unique, first = np.unique(hashes, return_index=True)
        start = np.append(first, len(hashes)).astype(np.int64)
        return unique.astype(np.uint64), start, records.astype(np.int32)


class IndexWriter:
    """Collects records and their names, then writes (or returns) the arrays."""

    def __init__(self, name_key: Any, loose_key: Any) -> None:
        self._name_key, self._loose_key = name_key, loose_key
        self.lat, self.lon = array("f"), array("f")
        self.population, self.geonameid = array("q"), array("i")
        self.feature, self.country = array("B"), array("H")
        self.admin1, self.admin2 = array("i"), array("i")
        self.primary_key = array("Q")
        self.name_offsets = array("q", [0])
        self._names = bytearray()
        self.keys, self.loose = _Postings(), _Postings()
        self.features: dict[str, int] = {}
        self.countries: dict[str, int] = {}
        self._strings: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.lat)

    def _string(self, text: str | None) -> int:
        if not text:
            return _MISSING
        return self._strings.setdefault(text, len(self._strings))

    def add(self, row: Row, names: Iterable[str] = (), loose: bool = False) -> int:
        """Append a record; index its main name and `names`.  Returns its number."""
        index = len(self.lat)
        self.lat.append(row.lat)
        self.lon.append(row.lon)
        self.population.append(int(row.population or 0))
        self.geonameid.append(int(row.geonameid) if row.geonameid else _MISSING)
        self.feature.append(self.features.setdefault(row.feature_code, len(self.features)))
        self.country.append(self.countries.setdefault(row.country_code or "", len(self.countries)))
        self.admin1.append(self._string(row.admin1))
        self.admin2.append(self._string(row.admin2))
        self.primary_key.append(key_hash(self._name_key(row.name)))
        self._names += row.name.encode("utf-8")
        self.name_offsets.append(len(self._names))
        self.index_names(index, [row.name, *names], loose)
        return index

    def index_names(self, index: int, names: Iterable[str], loose: bool = False) -> None:
        keys = {self._name_key(n) for n in names} - {""}
        for key in keys:
            self.keys.add(key, index)
        if loose:
            for skeleton in {self._loose_key(n) for n in names} - {""}:
                if len(skeleton) >= 3:
                    self.loose.add(skeleton, index)

    def arrays(self) -> dict[str, np.ndarray]:
        strings = sorted(self._strings, key=self._strings.__getitem__)
        encoded = [s.encode("utf-8") for s in strings]
        string_offsets = np.cumsum([0] + [len(b) for b in encoded]).astype(np.int64)
        key_h, key_s, key_p = self.keys.arrays()
        loose_h, loose_s, loose_p = self.loose.arrays()
        return {
            "lat": np.array(self.lat, dtype=np.float32), "lon": np.array(self.lon, dtype=np.float32),
            "population": np.array(self.population, dtype=np.int64),
            "geonameid": np.array(self.geonameid, dtype=np.int32),
            "feature": np.array(self.feature, dtype=np.uint8),
            "country": np.array(self.country, dtype=np.uint16),
            "admin1": np.array(self.admin1, dtype=np.int32), "admin2": np.array(self.admin2, dtype=np.int32),
            "primary_key": np.array(self.primary_key, dtype=np.uint64),
            "name_offsets": np.array(self.name_offsets, dtype=np.int64),
            "names": np.frombuffer(bytes(self._names), dtype=np.uint8).copy(),
            "key_hash": key_h, "key_start": key_s, "key_postings": key_p,
            "loose_hash": loose_h, "loose_start": loose_s, "loose_postings": loose_p,
            "strings": np.frombuffer(b"".join(encoded), dtype=np.uint8).copy(),
            "string_offsets": string_offsets,
        }

    def meta(self, **extra: Any) -> dict[str, Any]:
        features = sorted(self.features, key=self.features.__getitem__)
        countries = sorted(self.countries, key=self.countries.__getitem__)
        return {"format": FORMAT_VERSION, "records": len(self), "features": features,
                "countries": countries, **extra}

    def write(self, path: Path, **meta: Any) -> None:
        """Write the index directory atomically: a temporary sibling, then a rename."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, values in self.arrays().items():
            np.save(tmp / f"{name}.npy", values, allow_pickle=False)
        (tmp / "meta.json").write_text(json.dumps(self.meta(**meta), ensure_ascii=False), encoding="utf-8")
        old = path.with_name(f".{path.name}.old{os.getpid()}")
        if path.exists():
            path.rename(old)
        tmp.rename(path)
        shutil.rmtree(old, ignore_errors=True)


class Index:
    """Read access to one index: arrays (mapped or in memory) and its meta tables."""

    def __init__(self, arrays: dict[str, np.ndarray], meta: dict[str, Any], path: Path | None = None) -> None:
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(f"gazetteer index format {meta.get('format')}, expected {FORMAT_VERSION}: rebuild it")
        missing = [c for c in _COLUMNS if c not in arrays]
        if missing:
            raise ValueError(f"gazetteer index lacks {', '.join(missing)}: rebuild it")
        self.arrays, self.meta, self.path = arrays, meta, path
        self.features: list[str] = list(meta["features"])
        self.countries: list[str] = list(meta["countries"])
        a = arrays
        self.lat, self.lon, self.population = a["lat"], a["lon"], a["population"]
        self.geonameid, self.feature, self.country = a["geonameid"], a["feature"], a["country"]
        self.admin1, self.admin2, self.primary_key = a["admin1"], a["admin2"], a["primary_key"]
        self._name_offsets, self._names = a["name_offsets"], a["names"]
        self._strings, self._string_offsets = a["strings"], a["string_offsets"]

    @classmethod
    def open(cls, path: Path) -> Index:
        path = Path(path)
        meta_file = path / "meta.json"
        if not meta_file.is_file():
            raise ValueError(f"{path}: not a tocsin gazetteer index (no meta.json)")
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
        arrays = {}
        for name in _COLUMNS:
            file = path / f"{name}.npy"
            if not file.is_file():
                raise ValueError(f"{path}: gazetteer index lacks {file.name}: rebuild it")
            arrays[name] = np.load(file, mmap_mode="r", allow_pickle=False)
        return cls(arrays, meta, path)

    @classmethod
    def in_memory(cls, writer: IndexWriter, **meta: Any) -> Index:
        return cls(writer.arrays(), writer.meta(**meta))

    def __len__(self) -> int:
        return len(self.lat)

    def name(self, index: int) -> str:
        start, end = int(self._name_offsets[index]), int(self._name_offsets[index + 1])
        return bytes(self._names[start:end]).decode("utf-8")

    def string(self, number: int) -> str | None:
        if number < 0:
            return None
        start, end = int(self._string_offsets[number]), int(self._string_offsets[number + 1])
        return bytes(self._strings[start:end]).decode("utf-8")

    def lookup(self, key: str, loose: bool = False) -> tuple[int, ...]:
        """Record numbers indexed under `key` (strict name key, or skeleton when `loose`)."""
        prefix = "loose" if loose else "key"
        hashes = self.arrays[f"{prefix}_hash"]
        wanted = np.uint64(key_hash(key))
        pos = int(np.searchsorted(hashes, wanted))
        if pos >= len(hashes) or hashes[pos] != wanted:
            return ()
        start = self.arrays[f"{prefix}_start"]
        postings = self.arrays[f"{prefix}_postings"][int(start[pos]):int(start[pos + 1])]
        return tuple(int(i) for i in postings)

    def has_key(self, key: str) -> bool:
        hashes = self.arrays["key_hash"]
        wanted = np.uint64(key_hash(key))
        pos = int(np.searchsorted(hashes, wanted))
        return pos < len(hashes) and bool(hashes[pos] == wanted)
