"""The embedded DuckDB event store.

One file holds articles, events, actors, places, alerts and problems.  Writes
go through `write_batch`, one transaction per batch, so an ingest killed part
way and run again finishes with no article lost or duplicated.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb

from tocsin.models import Alert, Article, Event, Problem
from tocsin.store import corrections as review
from tocsin.store.bulk import insert_rows
from tocsin.store.event_tables import EventTables
from tocsin.store.minhash_bands import MinhashBands
from tocsin.store.review_tables import ReviewTables
from tocsin.store.codec import (
    ALERT_COLUMNS, ARTICLE_COLUMNS, PROBLEM_COLUMNS, alert_from_json, alert_row, article_from_row, article_row,
    problem_row,
)
from tocsin.store.filters import AlertFilter, EventFilter, FilterError
from tocsin.store.resolve import Vocabulary
from tocsin.store.names import name_key
from tocsin.store.schema import SCHEMA, SCHEMA_VERSION

__all__ = ["DEFAULT_DB", "AlertFilter", "EventFilter", "FilterError", "Store", "StoreError"]

DEFAULT_DB = "tocsin.duckdb"


class StoreError(Exception):
    """The database file cannot be opened or is not a tocsin store."""


class Store(ReviewTables, EventTables, MinhashBands):
    """A tocsin database file.  Use as a context manager or call `close()`."""

    #: the names this store holds (built on first use, dropped after each write)
    _vocabulary: Vocabulary | None = None
    #: the connection is this store's alone (not a server's cursor, whose
    #: database other requests read at the same moment): see `release_cache`
    _own_connection = False

    def __init__(self, path: str | Path = DEFAULT_DB, *, read_only: bool = False) -> None:
        self.path = str(path)
        try:
            self.con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open database {self.path}: {exc}") from exc
        self._own_connection = self.path != ":memory:"
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

    def release_cache(self) -> None:
        """Hand back the table pages DuckDB keeps cached after reading them.

        They are a copy of the file, so nothing is lost, but DuckDB keeps them
        until its memory limit (80% of RAM) is reached: a refresh of a
        300k-mention store held ~80 MB of pages that coreference had read
        while it read every alert row.  A limit below what is cached evicts
        every page no query holds (DuckDB then says it could not reach that
        limit, which is expected), and the default limit is put back: the
        store never sets one of its own.  The limit is the whole database's,
        so this is done only on a connection no one else uses: a query on a
        server's other cursor could fail for want of memory meanwhile."""
        if not self._own_connection:
            return
        try:
            self.con.execute("SET memory_limit = '0B'")
        except duckdb.OutOfMemoryException:
            pass
        finally:
            self.con.execute("RESET memory_limit")

    def vocabulary(self) -> Vocabulary:
        """The names this store holds, for checking filters; rebuilt after writes."""
        vocabulary = self._vocabulary
        if vocabulary is None:
            vocabulary = self._vocabulary = Vocabulary(self.query)
        return vocabulary

    def _changed(self) -> None:
        self._vocabulary = None

    def where(self, flt: EventFilter) -> tuple[str, list[Any]]:
        """The filter as a SQL WHERE clause over events or mentions; raises FilterError
        for a name the store does not know."""
        return self.vocabulary().event_where(flt)

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
            insert_rows(con, "articles", ARTICLE_COLUMNS, [article_row(a, sig) for a, sig in articles],
                    verb="INSERT OR IGNORE")
            self.insert_events(con, "mentions", events)
            self.copies_of(con, [a.id for a, _ in articles])
            insert_rows(con, "problems", PROBLEM_COLUMNS, [problem_row(p) for p in problems])
        self._changed()

    def add_problems(self, problems: Iterable[Problem]) -> None:
        with self.transaction() as con:
            insert_rows(con, "problems", PROBLEM_COLUMNS, [problem_row(p) for p in problems])

    def replace_events(self, mentions: Sequence[Event], events: Sequence[Event]) -> None:
        """After coreference: every mention with its cluster and source counts, and
        the merged real-world events that replace the previous ones."""
        stored = self.corrections()
        events = review.apply_all(events, stored, review.clusters_of(mentions)) if stored else events
        with self.transaction() as con:
            self.insert_events(con, "mentions", mentions)
            con.execute("DELETE FROM events")
            self.insert_events(con, "events", events, verb="INSERT")
            self._refresh_entities(con)
            con.execute("DELETE FROM actor_names WHERE source = 'text'")
            insert_rows(con, "actor_names", ("alias_key", "name", "source"),
                    _alias_rows(_written_names(mentions), "text"), verb="INSERT OR IGNORE")
        self._changed()

    def record_actor_names(self, pairs: Iterable[tuple[str, str]], source: str = "dictionary") -> None:
        """Replace the (alias, canonical name) pairs from `source`; filters read them,
        so the store needs no import of the extractors to know that ISIL is Islamic State."""
        rows = _alias_rows(pairs, source)
        with self.transaction() as con:
            con.execute("DELETE FROM actor_names WHERE source = ?", [source])
            insert_rows(con, "actor_names", ("alias_key", "name", "source"), rows, verb="INSERT OR IGNORE")
        self._changed()

    def replace_alerts(self, alerts: Sequence[Alert], *, outbox: bool = False) -> None:
        """Replace the alerts; with `outbox`, queue the new or changed ones for
        delivery in the same transaction (store/outbox.py)."""
        from tocsin.store.outbox import queue_changed

        with self.transaction() as con:
            if outbox:
                queue_changed(con, alerts)
            con.execute("DELETE FROM alerts")
            insert_rows(con, "alerts", ALERT_COLUMNS, [alert_row(a) for a in alerts])
        self._changed()

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
        where, params = self.where(flt)
        return self.event_rows(table, where, params, order=" ORDER BY date NULLS LAST, id",
                               limit=flt.limit, offset=flt.offset)

    def count_clusters(self, article_ids: Sequence[str]) -> int:
        """How many real-world events the mentions of these articles belong to."""
        if not article_ids:
            return 0
        rows = self.query("SELECT count(DISTINCT cluster_id) FROM mentions WHERE article_id IN "
                          "(SELECT unnest(?::VARCHAR[]))", [list(article_ids)])
        return int(rows[0][0])

    def count_events(self, flt: EventFilter = EventFilter()) -> int:
        where, params = self.where(flt)
        return int(self.con.execute(f"SELECT count(*) FROM events{where}", params).fetchall()[0][0])

    def event(self, event_id: str) -> Event | None:
        """A real-world event by id, or else a single mention by its id."""
        for table in ("events", "mentions"):
            found = self._payload(table, event_id)
            if found is not None:
                return found
        return None

    def actor_name(self, value: str) -> str:
        """The stored spelling of the actor a user named ("ISIL" -> "Islamic State"):
        of the names it may stand for, the one with the most events as actor1."""
        candidates = self.vocabulary().actor_names(value)
        rows = self.query("SELECT actor1_name, count(*) AS n FROM events WHERE lower(actor1_name) IN "
                          "(SELECT unnest(?::VARCHAR[])) GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1",
                          [[c.lower() for c in candidates]])
        return rows[0][0] if rows else candidates[0]

    def events_of_clusters(self, cluster_ids: Sequence[str]) -> dict[str, list[Event]]:
        """The mentions of many real-world events in one query, by cluster id."""
        out: dict[str, list[Event]] = {}
        if not cluster_ids:
            return out
        for event in self.event_rows("mentions", " WHERE cluster_id IN (SELECT unnest(?::VARCHAR[]))",
                                     [list(cluster_ids)], order=" ORDER BY id"):
            out.setdefault(event.cluster_id or event.id, []).append(event)
        return out

    def cluster(self, cluster_id: str) -> list[Event]:
        """The mentions merged into one real-world event."""
        return self.event_rows("mentions", " WHERE cluster_id = ?", [cluster_id], order=" ORDER BY id")

    def alerts(self, flt: AlertFilter = AlertFilter(include_dismissed=True)) -> list[Alert]:
        """Alerts, oldest first, each with its dismissal if an analyst dismissed it.
        With no filter every alert is returned; AlertFilter() leaves dismissed ones out."""
        dismissed = self.dismissals()
        if not flt.include_dismissed and not dismissed:
            flt = replace(flt, include_dismissed=True)     # nothing to leave out (or no table)
        where, params = self.vocabulary().alert_where(flt)
        sql = f"SELECT id, payload FROM alerts{where} ORDER BY fired_at, id"
        if flt.limit is not None:
            sql += " LIMIT ?"
            params.append(flt.limit)
        return [replace(alert_from_json(json.loads(p)), dismissed=dismissed.get(id_))
                for id_, p in self.con.execute(sql, params).fetchall()]

    def problems(self) -> list[Problem]:
        rows = self.con.execute("SELECT origin, reason, message, noted_at FROM problems ORDER BY noted_at").fetchall()
        return [Problem(origin=o, reason=r, message=m, at=t) for o, r, m, t in rows]

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self.con.execute(sql, list(params)).fetchall()


def _written_names(events: Iterable[Event]) -> Iterator[tuple[str, str]]:
    """(as written, canonical name) of every resolved actor in the reports."""
    for event in events:
        for actor in (event.actor1, event.actor2):
            if actor is not None and actor.known and actor.text and actor.name:
                yield actor.text, actor.name


def _alias_rows(pairs: Iterable[tuple[str, str]], source: str) -> list[tuple[str, str, str]]:
    rows = {(name_key(alias), name, source) for alias, name in pairs if alias and name}
    return sorted(row for row in rows if row[0])
