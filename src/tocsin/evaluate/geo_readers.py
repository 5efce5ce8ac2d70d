"""Readers for the geoparsing gold corpora: LGL/TR-News, GeoVirus, GeoWebNews.

All three are `<articles><article><text>...` files; they differ in how a
toponym is written:

- LGL / TR-News: `<toponyms><toponym><start/><end/><phrase/>
  <gaztag geonameid><lat/><lon/><country/></gaztag>`
- GeoVirus: `<locations><location><name/><start/><end/><lat/><lon/>`
- GeoWebNews: `<toponyms><toponym><extractedName/><start/><end/>
  <latitude/><longitude/>` (coordinates only on some)

A broken article or toponym is counted and skipped, never fatal.
"""
from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

FORMATS = ("lgl", "geovirus", "geowebnews")


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None          # country name where the corpus gives one

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass(frozen=True, slots=True)
class GoldCorpus:
    format: str
    articles: tuple[GoldArticle, ...]
    skipped_articles: int = 0
    skipped_toponyms: int = 0


class BadToponym(ValueError):
    """A toponym entry that cannot be scored (missing or impossible offsets)."""


def detect_format(root: ET.Element) -> str:
    if root.find(".//article/locations/location") is not None:
        return "geovirus"
    first = root.find(".//article/toponyms/toponym")
    if first is not None and (first.find("extractedName") is not None or first.find("latitude") is not None):
        return "geowebnews"
    if first is not None:
        return "lgl"
    raise ValueError("no <toponym> or <location> elements: not an LGL, GeoVirus or GeoWebNews file")


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    value = float(text)
    return value if math.isfinite(value) else None


def _coordinates(lat: str | None, lon: str | None) -> tuple[float | None, float | None]:
    try:
        la, lo = _float(lat), _float(lon)
    except ValueError:
        return None, None
    if la is None or lo is None or not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None, None
    return la, lo


def _offsets(el: ET.Element, text: str, name: str | None) -> tuple[int, int]:
    try:
        start, end = int((el.findtext("start") or "").strip()), int((el.findtext("end") or "").strip())
    except ValueError as err:
        raise BadToponym(f"bad offsets: {err}") from None
    if not 0 <= start < end <= len(text):
        raise BadToponym(f"offsets {start}-{end} outside a text of {len(text)} characters")
    return _realigned(text, start, end, name)


def _realigned(text: str, start: int, end: int, name: str | None) -> tuple[int, int]:
    """Some corpora (GeoVirus) count offsets from 1: snap the span onto the name
    when it sits a few characters away, else keep the offsets as given."""
    if not name or text[start:end] == name:
        return start, end
    for shift in (-1, 1, -2, 2, -3, 3):
        moved = start + shift
        if 0 <= moved and text[moved:moved + len(name)] == name:
            return moved, moved + len(name)
    return start, end


def _lgl(el: ET.Element, text: str) -> GoldToponym:
    start, end = _offsets(el, text, el.findtext("phrase"))
    tag = el.find("gaztag")
    lat, lon = _coordinates(tag.findtext("lat"), tag.findtext("lon")) if tag is not None else (None, None)
    country = tag.findtext("country") if tag is not None else None
    return GoldToponym(start, end, el.findtext("phrase") or text[start:end], lat, lon, country)


def _geovirus(el: ET.Element, text: str) -> GoldToponym:
    start, end = _offsets(el, text, el.findtext("name"))
    lat, lon = _coordinates(el.findtext("lat"), el.findtext("lon"))
    return GoldToponym(start, end, el.findtext("name") or text[start:end], lat, lon)


def _geowebnews(el: ET.Element, text: str) -> GoldToponym:
    start, end = _offsets(el, text, el.findtext("extractedName"))
    lat, lon = _coordinates(el.findtext("latitude"), el.findtext("longitude"))
    return GoldToponym(start, end, el.findtext("extractedName") or text[start:end], lat, lon)


_READERS = {"lgl": ("toponyms/toponym", _lgl), "geovirus": ("locations/location", _geovirus),
            "geowebnews": ("toponyms/toponym", _geowebnews)}


def read_corpus(path: Path | str) -> GoldCorpus:
    """Read a gold file; raises ValueError (one line) only if the file is not usable at all."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as err:
        raise ValueError(f"{path}: cannot read XML: {err}") from None
    fmt = detect_format(root)
    xpath, reader = _READERS[fmt]
    articles: list[GoldArticle] = []
    skipped_articles = skipped_toponyms = 0
    for article in root.iter("article"):
        text = article.findtext("text")
        if not text or not text.strip():
            skipped_articles += 1
            continue
        toponyms = []
        for el in article.findall(xpath):
            try:
                toponyms.append(reader(el, text))
            except BadToponym:
                skipped_toponyms += 1
        articles.append(GoldArticle(text, tuple(toponyms)))
    return GoldCorpus(fmt, tuple(articles), skipped_articles, skipped_toponyms)
