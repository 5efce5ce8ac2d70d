"""Events as one columnar table: what the vectorised alert detectors read.

`to_frame` is the only per-event Python loop of the alert path; callers that
already hold columns (the store, `bench`) build the frame themselves with the
columns in `FRAME_COLUMNS`.  Times are UTC: naive datetimes are taken as UTC.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timezone

import numpy as np
import pandas as pd

from tocsin.analysis.config import NEVER_ALERTABLE, AlertConfig
from tocsin.models import Event, Place

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


def to_frame(events: Sequence[Event], published: Mapping[str, datetime | None]) -> pd.DataFrame:
    """One row per dated event; undated events cannot feed any alert and are left out."""
    rows = [_row(e, published.get(e.evidence.article_id)) for e in events if e.date is not None]
    frame = pd.DataFrame(rows, columns=list(FRAME_COLUMNS))
    frame["published"] = pd.to_datetime(frame["published"])
    return frame.astype({"day": np.int64, "independent": np.int64, "actor_known": bool})


def _row(event: Event, published: datetime | None) -> tuple[object, ...]:
    assert event.date is not None
    place, actor, move = event.location, event.actor1, event.movement
    origin = move.origin if move else None
    dest = move.destination if move else None
    return (
        event.id, event.cluster_id or event.id, event.evidence.article_id,
        utc_naive(published), day_number(event.date), event.date_precision, event.status,
        event.sources.independent, event.sub_event_type,
        actor.name if actor else "", actor.kind if actor else "", bool(actor and actor.known),
        *_place_cells(place),
        move.kind if move else "", *_end(origin)[:3], *_end(dest),
    )


def _place_cells(place: Place | None) -> tuple[object, ...]:
    if place is None:
        return (np.nan, np.nan, "", "", "", "")
    return (place.lat, place.lon, place.name, place.admin1 or "", place.country or "",
            place.precision)


def _end(place: Place | None) -> tuple[object, ...]:
    if place is None:
        return (np.nan, np.nan, "", "", "")
    return (place.lat, place.lon, place.name, place.admin1 or "", place.country or "")


def alertable(frame: pd.DataFrame, config: AlertConfig,
              opinion_articles: Collection[str] = ()) -> pd.DataFrame:
    """Rows that may feed alerts: factual status, not from an opinion piece,
    corroborated by enough independent sources."""
    # a hand-built AlertConfig skips load_config's checks: enforce the rule here too
    statuses = config.alertable_statuses - NEVER_ALERTABLE
    keep = frame["status"].isin(list(statuses))
    keep &= frame["independent"] >= config.min_independent_sources
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
    region: np.ndarray

    def __len__(self) -> int:
        return len(self.id)

    def take(self, rows: np.ndarray) -> Columns:
        """The rows selected by a boolean mask or an index array."""
        return Columns(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})


_FLOATS = ("lat", "lon", "mv_o_lat", "mv_o_lon", "mv_d_lat", "mv_d_lon")


def columns(frame: pd.DataFrame) -> Columns:
    """Convert once; every column becomes a numpy array."""
    data: dict[str, np.ndarray] = {}
    for name in FRAME_COLUMNS:
        series = frame[name]
        if name in _FLOATS:
            data[name] = series.to_numpy(dtype=float, na_value=np.nan)
        elif name in ("day", "independent"):
            data[name] = series.to_numpy(dtype=np.int64)
        elif name == "actor_known":
            data[name] = series.to_numpy(dtype=bool)
        elif name == "published":
            data[name] = pd.to_datetime(series).to_numpy(dtype="datetime64[ns]")
        else:
            data[name] = _strings(series)
    data["region"] = _labels(data["admin1"], data["country"])
    return Columns(**data)


def _strings(series: pd.Series) -> np.ndarray:
    """An object array of str with '' for missing, cheap for categoricals."""
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    names = np.array([str(u) if not pd.isna(u) else "" for u in uniques] + [""], dtype=object)
    return names[codes]          # code -1 (missing) picks the trailing ""


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


def tracked(cols: Columns, config: AlertConfig) -> Columns:
    """Rows that say where a resolved (known) actor was in a given week."""
    keep = cols.actor_known & (cols.actor != "")
    keep &= ~np.isin(cols.actor_kind, list(config.ignore_actor_kinds))
    keep &= np.isin(cols.date_precision, WEEKLY_PRECISIONS)
    keep &= np.isin(cols.place_precision, REGIONAL_PRECISIONS) & ~np.isnan(cols.lat)
    return cols.take(keep)
