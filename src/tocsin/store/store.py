"""The embedded DuckDB event store.

One file holds articles, events, actors, places, alerts and problems.  Writes
go through `write_batch`, one transaction per batch, so an ingest killed part
way and run again finishes with no article lost or duplicated.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb

from tocsin.models import Alert, Article, Event, Problem
from tocsin.store.codec import (
    ALERT_COLUMNS, ARTICLE_COLUMNS, EVENT_COLUMNS, PROBLEM_COLUMNS, alert_from_json, alert_row, article_from_row, article_row,
    event_from_json, event_row, problem_row,
)
from tocsin.store.schema import SCHEMA, SCHEMA_VERSION

DEFAULT_DB = "tocsin.duckdb"


def _insert(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
            rows: Sequence[tuple[Any, ...]], verb: str = "INSERT") -> None:
    """Bulk insert through an Arrow table: DuckDB's executemany costs ~10 ms a row."""
    if not rows:
        return
    import pyarrow as pa

    frame = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
    con.register("_incoming", frame)
    try:
        con.execute(f"{verb} INTO {table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(columns)} FROM _incoming")
    finally:
        con.unregister("_incoming")


class StoreError(Exception):
    """The database file cannot be opened or is not a tocsin store."""


@lru_cache(maxsize=256)
def canonical_actor(name: str) -> str:
    """The alias dictionary's name for `name`, so a filter on "ISIL" or "Daesh"
    finds the events stored under the canonical "Islamic State"."""
    return _resolver().resolve(name).name


@lru_cache(maxsize=1)
def _resolver():  # type: ignore[no-untyped-def]
    from tocsin.extract.actors import ActorResolver

    return ActorResolver()


@dataclass(frozen=True, slots=True)
class EventFilter:
    since: date | None = None
    until: date | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    status: str | None = None
    min_independent: int | None = None
    bbox: tuple[float, float, float, float] | None = None   # west, south, east, north
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[Any]]:
        """SQL WHERE clause with bound parameters; never string-formats user input."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        if self.since:
            add("date >= ?", self.since)
        if self.until:
            add("date <= ?", self.until)
        if self.actor:
            names = sorted({self.actor.lower(), canonical_actor(self.actor).lower()})
            add("(lower(actor1_name) IN (SELECT unnest(?::VARCHAR[])) "
                "OR lower(actor2_name) IN (SELECT unnest(?::VARCHAR[])))", names, names)
        if self.country:
            add("lower(country) = lower(?)", self.country)
        if self.admin1:
            add("lower(admin1) = lower(?)", self.admin1)
        if self.event_type:
            add("(lower(event_type) = lower(?) OR lower(sub_event_type) = lower(?))",
                self.event_type, self.event_type)
        if self.status:
            add("status = ?", self.status)
        if self.min_independent:
            add("sources_independent >= ?", self.min_independent)
        if self.article_id:
            add("article_id = ?", self.article_id)
        if self.bbox:
            west, south, east, north = self.bbox
            add("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?", west, east, south, north)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


class Store:
    """A tocsin database file.  Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._check_schema()
        if not read_only:
            self.con.execute(SCHEMA)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                             [SCHEMA_VERSION])

    def _check_schema(self) -> None:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return                      # a new file
        if row and row[0] != SCHEMA_VERSION:
            self.con.close()
            raise StoreError(f"{self.path} was written by another tocsin version (schema {row[0]}, "
                             f"this one reads {SCHEMA_VERSION}); ingest into a new file")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writes ------------------------------------------------------------
    def write_batch(self, articles: Sequence[tuple[Article, bytes | None]],
                    events: Sequence[Event], problems: Sequence[Problem] = ()) -> None:
        """Store one batch atomically: its articles, their events and any problems."""
        with self.transaction() as con:
            _insert(con, "articles", ARTICLE_COLUMNS, [article_row(a, sig) for a, sig in articles],
                    verb="INSERT OR IGNORE")
            _insert(con, "mentions", EVENT_COLUMNS, [event_row(e) for e in events],
                    verb="INSERT OR REPLACE")
            _insert(con, "problems", PROBLEM_COLUMNS, [problem_row(p) for p in problems])

    def add_problems(self, problems: Iterable[Problem]) -> None:
        with self.transaction() as con:
            _insert(con, "problems", PROBLEM_COLUMNS, [problem_row(p) for p in problems])

    def replace_events(self, mentions: Sequence[Event], events: Sequence[Event]) -> None:
        """After coreference: every mention with its cluster and source counts, and
        the merged real-world events that replace the previous ones."""
        with self.transaction() as con:
            _insert(con, "mentions", EVENT_COLUMNS, [event_row(e) for e in mentions],
                    verb="INSERT OR REPLACE")
            con.execute("DELETE FROM events")
            _insert(con, "events", EVENT_COLUMNS, [event_row(e) for e in events])
            self._refresh_entities(con)

    def replace_alerts(self, alerts: Sequence[Alert], *, outbox: bool = False) -> None:
        """Replace the alerts; with `outbox`, queue the new or changed ones for
        delivery in the same transaction (store/outbox.py)."""
        from tocsin.store.outbox import queue_changed

        with self.transaction() as con:
            if outbox:
                queue_changed(con, alerts)
            con.execute("DELETE FROM alerts")
            _insert(con, "alerts", ALERT_COLUMNS, [alert_row(a) for a in alerts])

    def _refresh_entities(self, con: duckdb.DuckDBPyConnection) -> None:
        con.execute("DELETE FROM actors")
        con.execute("""
            INSERT INTO actors
            SELECT name, any_value(kind), count(*) FROM (
                SELECT actor1_name AS name, actor1_kind AS kind FROM events WHERE actor1_name IS NOT NULL
                UNION ALL
                SELECT actor2_name, actor2_kind FROM events WHERE actor2_name IS NOT NULL)
            GROUP BY name""")
        con.execute("DELETE FROM places")
        con.execute("""
            INSERT INTO places
            SELECT place_name, any_value(admin1), any_value(country), avg(lat), avg(lon),
                   any_value(precision), count(*)
            FROM events WHERE place_name IS NOT NULL GROUP BY place_name""")

    # -- reads -------------------------------------------------------------
    def has_content(self, content_hash: str) -> str | None:
        row = self.con.execute("SELECT id FROM articles WHERE content_hash = ? LIMIT 1",
                               [content_hash]).fetchone()
        return row[0] if row else None

    def has_article(self, article_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone() is not None

    def matching_articles(self, article_id: str, content_hash: str) -> list[Article]:
        """Stored articles (metadata, no text) with this id or this content hash:
        what the de-duplicator compares a new record with."""
        cur = self.con.execute(
            "SELECT id, url, title, author, source, published, genre, captions, dateline_place, "
            "content_hash, duplicate_of, origin, '' AS text FROM articles "
            "WHERE id = ? OR content_hash = ? ORDER BY id", [article_id, content_hash])
        names = [d[0] for d in cur.description]
        return [article_from_row(dict(zip(names, row))) for row in cur.fetchall()]

    def signatures(self) -> Iterator[tuple[str, bytes]]:
        cur = self.con.execute(
            "SELECT id, minhash FROM articles WHERE minhash IS NOT NULL ORDER BY published, id")
        while rows := cur.fetchmany(1000):
            yield from rows

    def article(self, article_id: str) -> Article | None:
        cur = self.con.execute("SELECT * FROM articles WHERE id = ?", [article_id])
        row = cur.fetchone()
        if row is None:
            return None
        return article_from_row(dict(zip([d[0] for d in cur.description], row)))

    def articles(self) -> Iterator[Article]:
        cur = self.con.execute("SELECT * FROM articles ORDER BY published NULLS LAST, id")
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(500):
            for row in rows:
                yield article_from_row(dict(zip(names, row)))

    def article_meta(self) -> dict[str, Article]:
        """Every article without its text, for attaching metadata to events."""
        cur = self.con.execute(
            "SELECT id, url, title, author, source, published, genre, captions, dateline_place, "
            "content_hash, duplicate_of, origin, '' AS text FROM articles")
        names = [d[0] for d in cur.description]
        return {row[0]: article_from_row(dict(zip(names, row))) for row in cur.fetchall()}

    def events(self, flt: EventFilter = EventFilter()) -> list[Event]:
        """Real-world events: mentions merged by coreference, with merged status."""
        return self._select("events", flt)

    def mentions(self, flt: EventFilter = EventFilter()) -> list[Event]:
        """Every extracted mention, each with its own evidence sentence and status."""
        return self._select("mentions", flt)

    def _select(self, table: str, flt: EventFilter) -> list[Event]:
        where, params = flt.where()
        sql = f"SELECT payload FROM {table}{where} ORDER BY date NULLS LAST, id"
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [flt.limit, flt.offset]
        return [event_from_json(json.loads(p)) for (p,) in self.con.execute(sql, params).fetchall()]

    def count_events(self, flt: EventFilter = EventFilter()) -> int:
        where, params = flt.where()
        return self.con.execute(f"SELECT count(*) FROM events{where}", params).fetchone()[0]

    def event(self, event_id: str) -> Event | None:
        """A real-world event by id, or else a single mention by its id."""
        for table in ("events", "mentions"):
            row = self.con.execute(f"SELECT payload FROM {table} WHERE id = ?", [event_id]).fetchone()
            if row:
                return event_from_json(json.loads(row[0]))
        return None

    def cluster(self, cluster_id: str) -> list[Event]:
        """The mentions merged into one real-world event."""
        rows = self.con.execute("SELECT payload FROM mentions WHERE cluster_id = ? ORDER BY id",
                                [cluster_id]).fetchall()
        return [event_from_json(json.loads(p)) for (p,) in rows]

    def alerts(self) -> list[Alert]:
        rows = self.con.execute("SELECT payload FROM alerts ORDER BY fired_at, id").fetchall()
        return [alert_from_json(json.loads(p)) for (p,) in rows]

    def problems(self) -> list[Problem]:
        rows = self.con.execute("SELECT origin, reason, message, noted_at FROM problems ORDER BY noted_at").fetchall()
        return [Problem(origin=o, reason=r, message=m, at=t) for o, r, m, t in rows]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()
