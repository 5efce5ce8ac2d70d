"""Request parameters turned into store filters, and the few queries the store lacks.

The filters themselves (names, aliases, checks) are the library's
(`tocsin.store.filters`); here a `FilterError` becomes a 400 naming the
parameter.  Every value reaches DuckDB as a bound parameter; nothing here
formats user input into SQL text.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tocsin.api.config import MAX_PAGE
from tocsin.api.errors import bad_request
from tocsin.models import Article
from tocsin.store import AlertFilter, EventFilter, FilterError, Store
from tocsin.store.codec import article_from_row


@contextmanager
def filter_errors() -> Iterator[None]:
    """A filter value the library refuses is the client's error: 400, with the parameter."""
    try:
        yield
    except FilterError as exc:
        raise bad_request(str(exc), exc.option) from None


def event_filter(values: dict[str, Any], store: Store | None = None, *, limit: int | None = None,
                 offset: int = 0) -> EventFilter:
    """The filter for these query parameters, checked against the store's names when given."""
    with filter_errors():
        flt = EventFilter.from_options(**values, limit=limit, offset=offset)
        if store is not None:
            store.where(flt)
    return flt


def alert_filter(values: dict[str, Any], store: Store | None = None) -> AlertFilter:
    with filter_errors():
        flt = AlertFilter.from_options(**values)
        if store is not None:
            store.vocabulary().alert_where(flt)
    return flt


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
    where, params = store.where(flt)
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
