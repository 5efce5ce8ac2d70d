"""Events as one columnar table: what the vectorised alert detectors read.

`to_frame` is the only per-event Python loop of the alert path; callers that
already hold columns (`bench`) build the frame themselves with the columns in
`FRAME_COLUMNS`.  Times are UTC: naive datetimes are taken as UTC.

`published` is when a live system could first have known a row: every
detector fires at the publication time of a row and uses only rows published
at or before it (see `alerts`).
"""
from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from functools import lru_cache
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd

from tocsin.analysis import _actors, _claims
from tocsin.analysis.config import NEVER_ALERTABLE, AlertConfig
from tocsin.geo.normalize import fold, name_key
from tocsin.models import Article, Attribution, Event, Place

_EPOCH = date(1970, 1, 1)

#: column -> meaning.  Strings are '' when unknown, floats NaN.
FRAME_COLUMNS: dict[str, str] = {
    "id": "event id",
    "key": "cluster id (or the event id): one real-world event",
    "article_id": "article the evidence sentence comes from",
    "published": "article publication time, datetime64[ns] UTC, NaT if unknown",
    "day": "event date as int days since 1970-01-01",
    "date_precision": "day | week | month | year",
    "status": "epistemic status",
    "independent": "Sources.independent",
    "sub_event_type": "ACLED sub-event type",
    "actor": "actor1 canonical name",
    "actor_kind": "actor1 kind",
    "actor_known": "actor1 resolved to a canonical actor (bool)",
    "lat": "event place latitude", "lon": "event place longitude",
    "place": "event place name", "admin1": "event place admin1", "country": "event place country",
    "place_precision": "point | city | admin2 | admin1 | country | region",
    "mv_kind": "movement kind", "mv_o_lat": "origin lat", "mv_o_lon": "origin lon",
    "mv_o_name": "origin name", "mv_d_lat": "destination lat", "mv_d_lon": "destination lon",
    "mv_d_name": "destination name", "mv_d_admin1": "destination admin1",
    "mv_d_country": "destination country",
    "event_type": "ACLED event type",
    "actor_generic": "actor1 is a generic label such as 'Rebels (Syria)' (bool)",
    "actor_speaks": "actor1 is a monitor, an outlet or the official who says it (bool)",
    "not_takeover": "the sentence tells of a failed, attempted or denied takeover, or of "
                    "captured weapons or people rather than ground (bool)",
    "origin": "independent origin of the report: the outlet it cites, else its own "
              "outlet, else its article (a syndicated copy: the original article)",
    "place_named": "the evidence sentence names the event place (bool)",
    "country_named": "the evidence sentence spells out the event place's name, its "
                     "region's or its country's, letter for letter (bool)",
    "move_named": "the evidence sentence names an end of the reported move (bool)",
    "place_taken": "territorial sentences: the place itself is what was taken, not "
                   "something at or near it (bool)",
    "actor_country": "actor1 country, ISO 3166-1 alpha-3",
    "place_iso3": "event place country, ISO 3166-1 alpha-3",
    "facility": "territorial sentences: the named facility taken ('Abu al-Duhur military "
                "air base'), else ''",
    "move_planned": "the sentence's move is planned, agreed or expected, not made (bool)",
    "relayed_by": "a reported claim relayed from a named outlet other than the article's "
                  "own: that outlet's name ('Al-Hayat'), else ''",
    "move_unnamed_countries": "countries of the reported move's ends that the evidence "
                              "sentence does not name (nor their nationality), '|'-joined: "
                              "an end in such a country rests on a place name alone",
}
#: columns a hand-built frame may leave out, with the value they then take
OPTIONAL_COLUMNS: dict[str, object] = {
    "event_type": "", "actor_generic": False, "actor_speaks": False, "not_takeover": False,
    "origin": "", "place_named": True, "country_named": True, "move_named": True,
    "place_taken": True, "actor_country": "", "place_iso3": "", "relayed_by": "",
    "facility": "", "move_planned": False, "move_unnamed_countries": "",
}
#: place precisions fine enough to say which admin1 an event is in.
REGIONAL_PRECISIONS = ("point", "city", "admin2", "admin1")
#: date precisions fine enough to say which week an event is in.
WEEKLY_PRECISIONS = ("day", "week")


def day_number(day: date) -> int:
    return (day - _EPOCH).days


def day_from_number(number: int) -> date:
    return date.fromordinal(_EPOCH.toordinal() + int(number))


def week_of(days: np.ndarray) -> np.ndarray:
    """ISO week index (Monday start) of day numbers; 1970-01-01 was a Thursday."""
    return (np.asarray(days, dtype=np.int64) + 3) // 7


def week_start(week: int) -> date:
    return day_from_number(int(week) * 7 - 3)


def utc_naive(moment: datetime | None) -> datetime | None:
    if moment is None or moment.tzinfo is None:
        return moment
    return moment.astimezone(timezone.utc).replace(tzinfo=None)


ArticleInfo = Article | datetime | None


def publication(info: ArticleInfo) -> datetime | None:
    """The publication time in an `articles` mapping value (an Article or a time)."""
    return info.published if isinstance(info, Article) else info


def to_frame(events: Sequence[Event], articles: Mapping[str, ArticleInfo]) -> pd.DataFrame:
    """One row per dated event; undated events cannot feed any alert and are left out.

    `articles` maps article id -> Article (or just its publication time)."""
    rows = [_row(e, articles.get(e.evidence.article_id), articles)
            for e in events if e.date is not None]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    frame["published"] = pd.to_datetime(frame["published"])
    return frame.astype({"day": np.int64, "independent": np.int64, **{b: bool for b in _BOOLS}})


def coverage_times(articles: Mapping[str, ArticleInfo]) -> np.ndarray:
    """Publication times (datetime64, UTC) of every article: how much the store read, when."""
    times = [utc_naive(publication(a)) for a in articles.values()]
    return pd.to_datetime(pd.Series([t for t in times if t is not None], dtype=object)
                          ).to_numpy(dtype="datetime64[ns]")


def _row(event: Event, info: ArticleInfo, articles: Mapping[str, ArticleInfo]) -> tuple[object, ...]:
    assert event.date is not None
    place, actor, move = event.location, event.actor1, event.movement
    origin = move.origin if move else None
    dest = move.destination if move else None
    territorial = event.sub_event_type in _claims.TERRITORY_TYPES
    return (
        event.id, event.cluster_id or event.id, event.evidence.article_id,
        utc_naive(publication(info)), day_number(event.date), event.date_precision,
        event.status, event.sources.independent, event.sub_event_type,
        actor.name if actor else "", actor.kind if actor else "", bool(actor and actor.known),
        *_place_cells(place),
        move.kind if move else "", *_end(origin)[:3], *_end(dest),
        event.event_type,
        bool(actor and _actors.is_generic(actor.name)), _actors.speaks(event),
        territorial and _claims.not_a_takeover(event.evidence.sentence),
        _origin(event, info, articles), *_named(event),
        territorial and _taken(event, info),
        (actor.country or "") if actor else "", _iso3(place.country_code if place else None),
        _facility(event.evidence.sentence, coarse=bool(place and place.precision == "admin2"))
        if territorial else "",
        move is not None and _claims.planned_move(event.evidence.sentence),
        _relayed_by(event, info),
        _unnamed_countries(event),
    )


def _unnamed_countries(event: Event) -> str:
    """Countries of the move's ends that the sentence names neither by name nor
    by nationality: "withdrew to Salt" names no country, so an end in Jordan
    rests on the town's name alone (a homonym, in a stream about Syria)."""
    move = event.movement
    if move is None:
        return ""
    text = f" {fold(event.evidence.sentence)} "
    out: list[str] = []
    for end in (move.origin, move.destination):
        if end is None or not end.country or end.country in out:
            continue
        names = (end.country, *_country_words(_iso3(end.country_code)))
        if not any(f" {fold(n)} " in text or f" {fold(n)}s " in text for n in names if n):
            out.append(end.country)
    return "|".join(out)


@lru_cache(maxsize=1)
def _country_table() -> dict[str, tuple[str, ...]]:
    import tomllib
    from importlib import resources

    data = tomllib.loads(resources.files("tocsin").joinpath("data/actors_countries.toml")
                        .read_text(encoding="utf-8"))
    return {code: tuple(entry.get("names", [])) + tuple(entry.get("demonyms", []))
            for code, entry in data.items() if isinstance(entry, dict)}


def _country_words(alpha3: str) -> tuple[str, ...]:
    """Other names and the nationality words of a country ('Jordanian')."""
    return _country_table().get(alpha3, ()) if alpha3 else ()


@lru_cache(maxsize=512)
def _iso3(alpha2: str | None) -> str:
    if not alpha2:
        return ""
    import pycountry

    found = pycountry.countries.get(alpha_2=alpha2.upper())
    return str(found.alpha_3) if found is not None else ""


def _named(event: Event) -> tuple[bool, bool, bool]:
    """(place named, place spelled out, an end of the move named) by the sentence.

    Named: the sentence has a run of words whose gazetteer key equals the
    place's ("Raqqah" names Raqqa), not merely a toponym the geocoder resolved
    to this place ("Daesh" read as Dasha, China).  Spelled out: the sentence
    has the place's name, its region's or its country's, letter for letter
    (keys let "Salma" name Salme, Estonia)."""
    sentence = event.evidence.sentence
    text = f" {fold(sentence)} "

    def spells(name: str | None) -> bool:
        folded = fold(name or "")
        return bool(folded) and f" {folded} " in text

    loc = event.location
    # other gazetteer names cost a lookup per word run: only where a rule reads them
    territorial = event.sub_event_type in _claims.TERRITORY_TYPES
    place_named = loc is not None and bool(place_keys(loc, sentence, alternates=territorial))
    spelled = loc is not None and any(spells(n) for n in (loc.name, loc.admin1, loc.admin2,
                                                          loc.country))
    move = event.movement
    move_named = move is not None and any(bool(place_keys(end, sentence)) for end in (
        move.origin, move.destination) if end)
    return place_named, spelled, move_named


def place_keys(place: Place, sentence: str, *, alternates: bool = True) -> frozenset[str]:
    """The gazetteer keys by which the sentence names `place`: its own name's,
    or (with `alternates`) another name of the same gazetteer record ("Kafr
    Nabl" names Kafranbel), never a different place's."""
    keys = sentence_keys(sentence)
    own = name_key(place.name or "")
    if own and own in keys:
        return frozenset({own})
    if not alternates or place.geonameid is None or not keys:
        return frozenset()
    return frozenset(k for k in keys if place.geonameid in _geonameids(k))


@lru_cache(maxsize=16384)
def _geonameids(key: str) -> frozenset[int]:
    """geonameids of the gazetteer records with a name of this key (at most 50)."""
    from tocsin.geo.gazetteer import Gazetteer

    try:
        gazetteer = Gazetteer.default()
    except (OSError, ValueError):          # no gazetteer here: only own names count
        return frozenset()
    found = (gazetteer.record(i).geonameid for i in gazetteer.candidates(key)[:50])
    return frozenset(g for g in found if g is not None)


def _facility(sentence: str, *, coarse: bool = False) -> str:
    """The named facility taken ('Abu al-Duhur military air base'), or a named
    locality ('village of al-Sabha') that the geocoder did not place: one the
    gazetteer does not know, or any when the event is placed at its district
    (`coarse`: the name was not read as a place at all; a province is too
    coarse to vouch for a known town's name); '' if none."""
    named = _claims.facility_taken(sentence)
    if named:
        return named
    noun, name = _claims.locality_taken(sentence)
    # a known town is placed, not described (each town of a list: "the villages of A and B")
    if name and (coarse or not any(_geonameids(name_key(n)) for n in _LIST_SPLIT.split(name) if n)):
        return f"{noun} of {name}"
    return ""


_LIST_SPLIT = re.compile(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+")


def _taken(event: Event, info: ArticleInfo) -> bool:
    """Is the event place what the territorial sentence says was taken?"""
    place = event.location
    if place is None:
        return False
    sentence = event.evidence.sentence
    return (_claims.place_taken(sentence, place_keys(place, sentence), name_key)
            or _described_city_taken(event, info))


def _described_city_taken(event: Event, info: ArticleInfo) -> bool:
    """'they overran the ancient desert city' after a sentence naming Palmyra:
    the taken place is a description the geocoder resolved from the text
    before, to a town or city that is not the article's dateline."""
    place = event.location
    if place is None or place.precision != "city" or place_keys(place, event.evidence.sentence):
        return False
    dateline = info.dateline_place if isinstance(info, Article) else None
    if dateline and name_key(dateline) == name_key(place.name):
        return False
    return _claims.description_taken(event.evidence.sentence)


_WORDS = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@lru_cache(maxsize=4096)
def sentence_keys(sentence: str, longest: int = 4) -> frozenset[str]:
    """Gazetteer keys of every run of 1 to `longest` words that starts with a
    capital letter (names do) in a sentence."""
    words = _WORDS.findall(sentence)
    return frozenset(name_key(" ".join(words[i:i + n])) for i, first in enumerate(words)
                     if first[0].isupper() for n in range(1, longest + 1) if i + n <= len(words))


def _origin(event: Event, info: ArticleInfo, articles: Mapping[str, ArticleInfo]) -> str:
    """Reports from one origin are one source: a copy counts for its original,
    a report citing an outlet counts for that outlet."""
    cited = event.attribution.cites if event.attribution else None
    if event.attribution is not None and event.attribution.kind == "outlet":
        cited = event.attribution
    if cited is not None and cited.kind == "outlet" and (cited.name or cited.text):
        return "outlet:" + _actors.name_key(cited.name or cited.text)
    if isinstance(info, Article):
        if info.duplicate_of:
            original = articles.get(info.duplicate_of)
            if isinstance(original, Article) and original.source:
                return "outlet:" + _actors.name_key(original.source)
            return "article:" + info.duplicate_of
        if info.source:
            return "outlet:" + _actors.name_key(info.source)
    return "article:" + event.evidence.article_id


def _relayed_by(event: Event, info: ArticleInfo) -> str:
    """The named outlet whose report a 'reported' claim relays ("Al-Hayat reported
    that ..."), unless it is the article's own outlet; '' otherwise."""
    if event.status != "reported" or event.attribution is None:
        return ""
    said: Attribution | None = event.attribution
    own = _actors.name_key(info.source) if isinstance(info, Article) and info.source else ""
    while said is not None:
        name = said.name or said.text
        if said.kind == "outlet" and name and _actors.name_key(name) != own:
            return name
        said = said.cites
    return ""


def _place_cells(place: Place | None) -> tuple[object, ...]:
    if place is None:
        return (np.nan, np.nan, "", "", "", "")
    return (place.lat, place.lon, place.name, place.admin1 or "", place.country or "",
            place.precision)


def _end(place: Place | None) -> tuple[object, ...]:
    if place is None:
        return (np.nan, np.nan, "", "", "")
    return (place.lat, place.lon, place.name, place.admin1 or "", place.country or "")


def with_optional(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with any optional column it lacks added at its neutral value."""
    missing = {name: value for name, value in OPTIONAL_COLUMNS.items() if name not in frame}
    return frame.assign(**missing) if missing else frame


#: an event dated this many days after its article came out is a misread date
#: or a plan, not something the article could report
MAX_DAYS_AHEAD = 1


def alertable(frame: pd.DataFrame, config: AlertConfig,
              opinion_articles: Collection[str] = ()) -> pd.DataFrame:
    """Rows that may feed alerts: factual status, a known publication time no
    earlier than the event (a row cannot be evidence before anyone could read
    it), not from an excluded article, corroborated by enough independent
    sources."""
    # a hand-built AlertConfig skips load_config's checks: enforce the rule here too
    statuses = config.alertable_statuses - NEVER_ALERTABLE
    keep = frame["status"].isin(list(statuses))
    keep &= frame["independent"] >= config.min_independent_sources
    published = pd.to_datetime(frame["published"])
    keep &= published.notna()
    published_day = (published - pd.Timestamp("1970-01-01")).dt.days
    keep &= ~(frame["day"] > published_day + MAX_DAYS_AHEAD)
    if opinion_articles:
        keep &= ~frame["article_id"].isin(list(opinion_articles))
    return frame.loc[keep.to_numpy()].reset_index(drop=True)


def region_label(admin1: str, country: str) -> str:
    if admin1 and country:
        return f"{admin1}, {country}"
    return admin1 or country


@dataclass(frozen=True, slots=True)
class Columns:
    """The frame as plain numpy arrays (strings as object arrays, '' unknown),
    plus `region`, the 'admin1, country' label.  Detectors index these
    directly: a pandas lookup per alert would cost more than the detection."""

    id: np.ndarray
    key: np.ndarray
    article_id: np.ndarray
    published: np.ndarray
    day: np.ndarray
    date_precision: np.ndarray
    status: np.ndarray
    independent: np.ndarray
    sub_event_type: np.ndarray
    actor: np.ndarray
    actor_kind: np.ndarray
    actor_known: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    place: np.ndarray
    admin1: np.ndarray
    country: np.ndarray
    place_precision: np.ndarray
    mv_kind: np.ndarray
    mv_o_lat: np.ndarray
    mv_o_lon: np.ndarray
    mv_o_name: np.ndarray
    mv_d_lat: np.ndarray
    mv_d_lon: np.ndarray
    mv_d_name: np.ndarray
    mv_d_admin1: np.ndarray
    mv_d_country: np.ndarray
    event_type: np.ndarray
    actor_generic: np.ndarray
    actor_speaks: np.ndarray
    not_takeover: np.ndarray
    origin: np.ndarray
    place_named: np.ndarray
    country_named: np.ndarray
    move_named: np.ndarray
    place_taken: np.ndarray
    actor_country: np.ndarray
    place_iso3: np.ndarray
    facility: np.ndarray
    move_planned: np.ndarray
    relayed_by: np.ndarray
    move_unnamed_countries: np.ndarray
    region: np.ndarray
    #: each row's position in the stream: publication time, then id
    seq: np.ndarray

    def __len__(self) -> int:
        return len(self.id)

    def take(self, rows: np.ndarray) -> Columns:
        """The rows selected by a boolean mask or an index array."""
        return Columns(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


_FLOATS = ("lat", "lon", "mv_o_lat", "mv_o_lon", "mv_d_lat", "mv_d_lon")
_BOOLS = ("actor_known", "actor_generic", "actor_speaks", "not_takeover", "place_named",
          "country_named", "move_named", "place_taken", "move_planned")


def columns(frame: pd.DataFrame) -> Columns:
    """Convert once; every column becomes a numpy array."""
    data: dict[str, np.ndarray] = {}
    for name in FRAME_COLUMNS:
        series = frame[name]
        if name in _FLOATS:
            data[name] = series.to_numpy(dtype=float, na_value=np.nan)
        elif name in ("day", "independent"):
            data[name] = series.to_numpy(dtype=np.int64)
        elif name in _BOOLS:
            data[name] = series.to_numpy(dtype=bool)
        elif name == "published":
            data[name] = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
        else:
            data[name] = _strings(series)
    data["region"] = _labels(data["admin1"], data["country"])
    data["seq"] = _stream_positions(data["published"], data["id"])
    return Columns(**data)


def _strings(series: pd.Series) -> np.ndarray:
    """An object array of str with '' for missing."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes, uniques = series.cat.codes.to_numpy(), series.cat.categories
        names = np.array([str(u) for u in uniques] + [""], dtype=object)
        return names[codes]          # code -1 (missing) picks the trailing ""
    values = series.to_numpy(dtype=object, na_value="")
    if values.dtype != object:
        values = values.astype(object)
    return values


def _stream_positions(published: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Rank of every row in publication order, ties by id (computed once: the
    detectors order their rows by it)."""
    id_rank = pd.Series(ids).rank(method="dense").to_numpy(dtype=np.int64) if len(ids) else \
        np.zeros(0, np.int64)
    order = np.lexsort((id_rank, published))
    positions = np.empty(len(order), np.int64)
    positions[order] = np.arange(len(order))
    return positions


def _labels(admin1: np.ndarray, country: np.ndarray) -> np.ndarray:
    """'Idlib, Syria' per row, built on the distinct pairs only."""
    a_codes, a_names = pd.factorize(admin1)
    c_codes, c_names = pd.factorize(country)
    pair = a_codes.astype(np.int64) * (len(c_names) + 1) + c_codes
    uniques, inverse = np.unique(pair, return_inverse=True)
    labels = np.array([region_label(str(a_names[u // (len(c_names) + 1)]),
                                    str(c_names[u % (len(c_names) + 1)])) for u in uniques],
                      dtype=object)
    return labels[inverse] if len(pair) else np.zeros(0, dtype=object)


def acting(cols: Columns) -> np.ndarray:
    """Rows whose actor1 acts: named, and not the monitor, outlet or official
    who tells of it."""
    return (cols.actor != "") & ~cols.actor_speaks


def tracked(cols: Columns, config: AlertConfig) -> Columns:
    """Rows that say where a named actor was in a given week: resolved, not a
    generic label (which would merge unrelated groups), not a speaker."""
    keep = cols.actor_known & acting(cols) & ~cols.actor_generic
    keep &= ~np.isin(cols.actor_kind, list(config.ignore_actor_kinds))
    keep &= np.isin(cols.date_precision, WEEKLY_PRECISIONS)
    keep &= np.isin(cols.place_precision, REGIONAL_PRECISIONS) & ~np.isnan(cols.lat)
    return cols.take(keep)
