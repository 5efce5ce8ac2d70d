"""`tocsin gazetteer import FILE...`: build an index from full GeoNames dumps.

The user downloads the dumps from GeoNames on a machine with internet:

- places: allCountries.zip, or per-country files such as SY.zip, IQ.zip, AF.zip
  (19 tab-separated columns, geonameid first);
- admin1CodesASCII.txt and admin2Codes.txt (code, name, ascii name, geonameid);
- alternate names: alternateNamesV2.zip / alternateNames.zip, or the per-country
  files of the alternatenames folder (geonameid in the second column).

Each file (plain .txt or a .zip holding them) is recognised by its columns, not
its name.  Places are streamed into typed arrays, never one Python object a
row, so an import of all of GeoNames needs memory for its arrays only.  The
embedded gazetteer's places of every country the dumps do not cover are kept,
so the world stays covered; its country records, continents and hand-written
aliases always stay.
"""
from __future__ import annotations

import io
import zipfile
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from tocsin.geo.gazetteer_build import LOOSE_KEY_MIN_POPULATION, Replaced, fill_embedded
from tocsin.geo.gazetteer_builder import Builder, good_alternate
from tocsin.geo.index import Row

#: Feature classes kept whole, and the codes kept from the other classes.
KEPT_CLASSES = frozenset({"A", "P"})
KEPT_CODES = frozenset({
    # water bodies
    "LK", "RSV", "SEA", "GULF", "BAY", "STRT", "OCN",
    # areas
    "RGN", "RGNE", "OAS", "MILB",
    # facilities and sites
    "AIRP", "AIRB", "DAM", "PRN", "CMPRF", "CMP", "FT", "CSTL", "ANS", "RUIN", "PS", "OILR",
    # terrain
    "ISL", "ISLS", "MT", "MTS", "PASS", "VAL", "DSRT", "PLN", "PLAT", "PEN", "CAPE",
})
#: Alternate-name "languages" that are really identifiers or links.
_PSEUDO_LANGUAGES = frozenset({"link", "post", "iata", "icao", "faac", "wkdt", "unlc", "tcid",
                               "fr_1793", "phon", "uicn"})
_SKIPPED_MEMBERS = ("readme", "iso-languagecodes", "timezones", "countryinfo")
_CHUNK = 50_000


class DumpError(ValueError):
    """A file that is not a GeoNames dump, with a one-line reason."""


@dataclass(slots=True)
class ImportStats:
    places: int = 0
    skipped_features: int = 0
    bad_rows: int = 0
    alternate_names: int = 0
    countries: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)


def _members(path: Path) -> Iterator[tuple[str, Callable[[], io.TextIOBase]]]:
    """(name, opener) of each text table in a file or zip."""
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".txt")
                     and not Path(n).name.lower().startswith(_SKIPPED_MEMBERS)]
        for name in names:
            def opener(name: str = name) -> io.TextIOBase:
                archive = zipfile.ZipFile(path)
                return io.TextIOWrapper(archive.open(name), encoding="utf-8", errors="replace")
            yield f"{path.name}:{name}", opener
    elif path.is_file():
        yield path.name, lambda: open(path, encoding="utf-8", errors="replace")
    else:
        raise DumpError(f"{path}: no such file")


def table_kind(first_line: str) -> str:
    """'places', 'admin_codes' or 'alternate_names', from one line's columns."""
    columns = first_line.rstrip("\n").split("\t")
    if len(columns) == 19 and columns[0].isdigit():
        return "places"
    if len(columns) == 4 and "." in columns[0]:
        return "admin_codes"
    if len(columns) in (8, 10) and columns[0].isdigit() and columns[1].isdigit():
        return "alternate_names"
    raise DumpError(f"unrecognised table ({len(columns)} columns): not a GeoNames dump")


def _first_line(opener: Callable[[], io.TextIOBase]) -> str:
    with opener() as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                return line
    return ""


class GeoNamesImport:
    """One import: classify the files, then admin codes, places, alternate names."""

    def __init__(self, paths: list[Path], all_features: bool = False, with_embedded: bool = True) -> None:
        self.all_features, self.with_embedded = all_features, with_embedded
        self.tables: dict[str, list[tuple[str, Callable[[], io.TextIOBase]]]] = {
            "places": [], "admin_codes": [], "alternate_names": []}
        for path in paths:
            found = False
            for name, opener in _members(Path(path)):
                line = _first_line(opener)
                if not line:
                    continue
                try:
                    self.tables[table_kind(line)].append((name, opener))
                except DumpError as err:
                    raise DumpError(f"{name}: {err}") from None
                found = True
            if not found:
                raise DumpError(f"{path}: no GeoNames table in it")
        if not self.tables["places"]:
            raise DumpError("no places file (allCountries.zip or a country file such as SY.zip) given")
        self.stats = ImportStats(sources=[n for t in self.tables.values() for n, _ in t])
        self.admin_names: dict[str, str] = {}
        self._admin1_fallback: dict[tuple[str, str], str] = {}
        self._gids = array("i")
        self._records = array("i")

    # -- passes -------------------------------------------------------------------
    def build(self) -> Builder:
        self._read_admin_codes()
        builder = Builder()
        if self.with_embedded:
            self._admin1_fallback = fill_embedded(builder, self._replaced())
        else:
            from tocsin.geo.gazetteer_build import _load_json

            builder.add_countries(_load_json("countries.json"))
            self._admin1_fallback = {}
        self._read_places(builder)
        self._read_alternate_names(builder)
        builder.finish()
        return builder

    def _read_admin_codes(self) -> None:
        for _, opener in self.tables["admin_codes"]:
            with opener() as handle:
                for line in handle:
                    columns = line.rstrip("\n").split("\t")
                    if len(columns) >= 3 and "." in columns[0]:
                        self.admin_names[columns[0]] = columns[2] or columns[1]

    def _replaced(self) -> Replaced:
        """A first pass over the places: their ids, and which countries bring their own regions."""
        gids = array("i")
        admin1: set[str] = set()
        admin2: set[str] = set()
        for _, opener in self.tables["places"]:
            with opener() as handle:
                for line in handle:
                    columns = line.split("\t", 9)
                    if len(columns) < 9 or not columns[0].isdigit():
                        continue
                    if self._keep(columns[6], columns[7]):
                        gids.append(int(columns[0]))
                    if columns[7] == "ADM1":
                        admin1.add(columns[8])
                    elif columns[7] == "ADM2":
                        admin2.add(columns[8])
        ids = np.sort(np.frombuffer(gids, dtype=np.int32)) if len(gids) else np.zeros(0, np.int32)
        return Replaced(ids, frozenset(admin1), frozenset(admin2))

    def _keep(self, feature_class: str, code: str) -> bool:
        return self.all_features or feature_class in KEPT_CLASSES or code in KEPT_CODES

    def _read_places(self, b: Builder) -> None:
        for _, opener in self.tables["places"]:
            with opener() as handle:
                for line in handle:
                    columns = line.rstrip("\n").split("\t")
                    if len(columns) != 19:
                        self.stats.bad_rows += 1
                        continue
                    self._add_place(b, columns)

    def _add_place(self, b: Builder, c: list[str]) -> None:
        feature_class, code, cc = c[6], c[7], c[8]
        if not self._keep(feature_class, code) or not code:
            self.stats.skipped_features += 1
            return
        if code.startswith("PCL") and cc in b.countries:
            return      # the country record (with its demonyms and aliases) exists
        try:
            gid, lat, lon = int(c[0]), float(c[4]), float(c[5])
            population = int(c[14] or 0)
        except ValueError:
            self.stats.bad_rows += 1
            return
        admin1 = self.admin_names.get(f"{cc}.{c[10]}") or self._admin1_fallback.get((cc, c[10]))
        admin2 = self.admin_names.get(f"{cc}.{c[10]}.{c[11]}") if c[11] else None
        names = [c[2]] + [a for a in c[3].split(",") if good_alternate(a)]
        loose = population >= LOOSE_KEY_MIN_POPULATION or feature_class == "A"
        if code == "ADM1" and admin1:
            index = b.add_admin1(Row(admin1, lat, lon, cc, admin1, code, population, gid), code=c[10])
            b.index_names(index, [c[1], *names], loose=True)
        else:
            index = b.add(Row(c[1], lat, lon, cc, admin1, code, population, gid,
                              c[1] if code == "ADM2" else admin2), names, loose)
        self._gids.append(gid)
        self._records.append(index)
        self.stats.places += 1
        self.stats.countries.add(cc)

    def _read_alternate_names(self, b: Builder) -> None:
        if not self.tables["alternate_names"] or not len(self._gids):
            return
        gids = np.frombuffer(self._gids, dtype=np.int32)
        order = np.argsort(gids, kind="stable")
        sorted_gids, records = gids[order], np.frombuffer(self._records, dtype=np.int32)[order]
        for _, opener in self.tables["alternate_names"]:
            with opener() as handle:
                chunk: list[tuple[int, str]] = []
                for line in handle:
                    columns = line.rstrip("\n").split("\t")
                    if len(columns) < 4 or columns[2] in _PSEUDO_LANGUAGES:
                        continue
                    if len(columns) >= 8 and columns[7] == "1":      # historic name
                        continue
                    if not good_alternate(columns[3]) or not columns[1].isdigit():
                        continue
                    chunk.append((int(columns[1]), columns[3]))
                    if len(chunk) >= _CHUNK:
                        self._index_chunk(b, chunk, sorted_gids, records)
                        chunk = []
                self._index_chunk(b, chunk, sorted_gids, records)

    def _index_chunk(self, b: Builder, chunk: list[tuple[int, str]], sorted_gids: np.ndarray,
                     records: np.ndarray) -> None:
        if not chunk:
            return
        wanted = np.array([gid for gid, _ in chunk], dtype=np.int32)
        pos = np.searchsorted(sorted_gids, wanted)
        pos = np.minimum(pos, len(sorted_gids) - 1)
        hit = sorted_gids[pos] == wanted
        for (_, name), ok, where in zip(chunk, hit, pos):
            if ok:
                index = int(records[where])
                b.index_names(index, [name], loose=b.population(index) >= LOOSE_KEY_MIN_POPULATION)
                self.stats.alternate_names += 1


def import_geonames(paths: list[Path], out: Path, all_features: bool = False,
                    with_embedded: bool = True) -> ImportStats:
    """Build an index from GeoNames dumps at `out` (replacing any index there)."""
    job = GeoNamesImport(paths, all_features=all_features, with_embedded=with_embedded)
    builder = job.build()
    stats = job.stats
    builder.write(out, kind="imported", sources=stats.sources,
                  imported_countries=sorted(stats.countries), imported_places=stats.places,
                  alternate_names=stats.alternate_names, with_embedded=with_embedded)
    return stats
