"""Request parameters turned into store filters, and the few queries the store lacks.

Every value reaches DuckDB as a bound parameter; nothing here formats user
input into SQL text.
TODO(lead): `actors`, `timeline` and `events_by_ids` could move to store.py.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from tocsin.api.config import MAX_PAGE
from tocsin.api.errors import bad_request
from tocsin.models import STATUSES, Article
from tocsin.store import EventFilter, Store
from tocsin.store.codec import article_from_row

#: Statuses a filter may name: the stored ones plus coreference's "contested".
FILTER_STATUSES = frozenset(STATUSES) | {"contested"}


@dataclass(frozen=True, slots=True)
class EventQuery:
    """The filter parameters shared by /api/events, exports and the dashboard."""

    since: date | None = None
    until: date | None = None
    bbox: str | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    type: str | None = None
    status: str | None = None
    min_sources: int | None = None

    def to_filter(self, *, limit: int | None = None, offset: int = 0) -> EventFilter:
        if self.since and self.until and self.since > self.until:
            raise bad_request("since must not be after until", "since")
        if self.status is not None and self.status not in FILTER_STATUSES:
            raise bad_request(f"unknown status; use one of {', '.join(sorted(FILTER_STATUSES))}",
                              "status")
        if self.min_sources is not None and self.min_sources < 1:
            raise bad_request("min_sources must be at least 1", "min_sources")
        return EventFilter(
            since=self.since, until=self.until, actor=_blank(self.actor),
            country=_blank(self.country), admin1=_blank(self.admin1),
            event_type=_blank(self.type), status=self.status,
            min_independent=self.min_sources, bbox=parse_bbox(self.bbox),
            limit=limit, offset=offset)


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """'west,south,east,north' in degrees; anything else is a 400."""
    if text is None or not text.strip():
        return None
    parts = text.split(",")
    if len(parts) != 4:
        raise bad_request("bbox must be four numbers: west,south,east,north", "bbox")
    try:
        west, south, east, north = (float(p) for p in parts)
    except ValueError:
        raise bad_request("bbox must be four numbers: west,south,east,north", "bbox") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise bad_request("bbox values must be finite", "bbox")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise bad_request("bbox is outside -180..180 longitude or -90..90 latitude", "bbox")
    if west > east or south > north:
        raise bad_request("bbox needs west <= east and south <= north "
                          "(boxes across the antimeridian are not supported)", "bbox")
    return west, south, east, north


def page_window(page: int, limit: int | None, default: int, maximum: int) -> tuple[int, int]:
    """(limit, offset) for a 1-based page; an oversized page is a 400, not a silent cap."""
    size = default if limit is None else limit
    if size < 1:
        raise bad_request("limit must be at least 1", "limit")
    if size > maximum:
        raise bad_request(f"limit {size} is over the maximum page size {maximum}", "limit")
    if page < 1:
        raise bad_request("page must be at least 1", "page")
    if page > MAX_PAGE:
        # page * limit must stay a small integer: DuckDB refuses a huge OFFSET.
        raise bad_request(f"page must be at most {MAX_PAGE:,}", "page")
    return size, (page - 1) * size


def actors(store: Store, limit: int) -> list[dict[str, Any]]:
    """Actors with their kind, event count and active dates, busiest first."""
    rows = store.query("""
        SELECT name, any_value(kind), count(*) AS n, min(date), max(date) FROM (
            SELECT actor1_name AS name, actor1_kind AS kind, date FROM events
            WHERE actor1_name IS NOT NULL
            UNION ALL
            SELECT actor2_name, actor2_kind, date FROM events WHERE actor2_name IS NOT NULL)
        GROUP BY name ORDER BY n DESC, name LIMIT ?""", [limit])
    return [{"name": name, "kind": kind, "events": n,
             "first_date": first.isoformat() if first else None,
             "last_date": last.isoformat() if last else None}
            for name, kind, n, first, last in rows]


def timeline(store: Store, flt: EventFilter) -> list[dict[str, Any]]:
    """Events per day under a filter, for the dashboard's histogram."""
    where, params = flt.where()
    extra = " AND date IS NOT NULL" if where else " WHERE date IS NOT NULL"
    rows = store.query(f"SELECT date, count(*) FROM events{where}{extra} GROUP BY date ORDER BY date",
                       params)
    return [{"date": day.isoformat(), "events": n} for day, n in rows]


def events_by_ids(store: Store, ids: list[str]) -> list[dict[str, Any]]:
    """Where and when a handful of mentions happened (an alert's evidence)."""
    if not ids:
        return []
    rows = store.query("""
        SELECT id, date, sub_event_type, place_name, lat, lon FROM mentions
        WHERE list_contains(?::VARCHAR[], id) ORDER BY date NULLS LAST, id""", [ids])
    return [{"id": id_, "date": day.isoformat() if day else None, "sub_event_type": sub,
             "place": place, "lat": lat, "lon": lon}
            for id_, day, sub, place, lat, lon in rows]


_META_COLUMNS = ("id", "url", "title", "author", "source", "published", "genre", "captions",
                 "dateline_place", "content_hash", "duplicate_of", "origin")


def article_meta(store: Store, ids: list[str]) -> dict[str, Article]:
    """Metadata (no text) of just the articles a page of events cites."""
    if not ids:
        return {}
    rows = store.query(f"SELECT {', '.join(_META_COLUMNS)}, '' AS text FROM articles "
                       "WHERE list_contains(?::VARCHAR[], id)", [sorted(set(ids))])
    names = (*_META_COLUMNS, "text")
    return {row[0]: article_from_row(dict(zip(names, row))) for row in rows}
