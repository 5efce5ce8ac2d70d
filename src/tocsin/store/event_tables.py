"""The store's mentions and real-world events: typed reads and writes, and the
bookkeeping incremental coreference needs (`analysis/incremental.py`).

A mention whose `component_id` is NULL has not been clustered yet: `write_batch`
stores new mentions that way, and a mention written again over a clustered one
puts its old component in `refresh_pending`, so the next refresh rebuilds it.
Refresh writes back only the rows whose cluster, component or source counts
changed, and only the real-world events that differ.
"""
from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from tocsin.models import Article, Event
from tocsin.store import event_columns as typed

if TYPE_CHECKING:
    import duckdb
    import pandas as pd


#: what coreference reads of a mention (analysis/coref.CorefColumns), NULL-free
_COREF_SELECT = """
    id, coalesce(sub_event_type, '') AS sub_event_type,
    coalesce(movement_kind, '') AS movement_kind,
    CASE WHEN actor1.known THEN coalesce(actor1_name, '') ELSE '' END AS actor1,
    CASE WHEN actor2.known THEN coalesce(actor2_name, '') ELSE '' END AS actor2,
    coalesce(country, '') AS country,
    coalesce(lat, 'NaN'::DOUBLE) AS lat, coalesce(lon, 'NaN'::DOUBLE) AS lon,
    CASE WHEN lat IS NULL THEN '' ELSE coalesce(precision, '') END AS precision,
    coalesce(datediff('day', DATE '1970-01-01', date), 0) AS day,
    CASE WHEN date IS NULL THEN '' ELSE coalesce(date_precision, '') END AS date_precision,
    coalesce(component_id, '') AS component_id, coalesce(cluster_id, id) AS cluster_id,
    coalesce(sources_articles, 1) AS sources_articles,
    coalesce(sources_independent, 1) AS sources_independent
"""
#: alert-row strings that are (nearly) one per row: not worth a category
_UNIQUE_ALERT_COLUMNS = frozenset({"id", "key"})
#: how far (days) two day- or week-dated reports of one event may lie apart
_WEEK = 7
#: degrees of latitude that cover the widest coreference distance (150 km)
_LAT_MARGIN = 1.4


class EventTables:
    """Typed event rows of `mentions` and `events`; mixed into `Store`."""

    if TYPE_CHECKING:
        con: duckdb.DuckDBPyConnection

        def _changed(self) -> None: ...

        def release_cache(self) -> None: ...

    # -- reads -------------------------------------------------------------
    def event_rows(self, table: str, where: str = "", params: Sequence[Any] = (),
                   order: str = "", limit: int | None = None, offset: int = 0) -> list[Event]:
        """Events of `mentions` or `events` (`where` starts with ' WHERE')."""
        sql = f"SELECT {self._read_list(table)} FROM {table}{where}{order}"
        params = list(params)
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [limit, offset]
        return [typed.event_from_values(row) for row in self.con.execute(sql, params).fetchall()]

    def event_by_id(self, table: str, event_id: str) -> Event | None:
        found = self.event_rows(table, " WHERE id = ?", [event_id])
        return found[0] if found else None

    def _read_list(self, table: str) -> str:
        """The typed columns, or NULLs for them in a read-only file written before them."""
        cache: dict[str, str] = self.__dict__.setdefault("_read_lists", {})
        if table not in cache:
            present = {row[0] for row in self.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                [table]).fetchall()}
            cache[table] = ", ".join(f'"{name}"' if name in present else f'NULL AS "{name}"'
                                     for name in typed.READ_COLUMNS)
        return cache[table]

    # -- writes ------------------------------------------------------------
    def insert_events(self, con: "duckdb.DuckDBPyConnection", table: str, events: Sequence[Event],
                      *, verb: str = "INSERT OR REPLACE",
                      components: Mapping[str, str] | None = None) -> None:
        """Write `events` to `mentions` or `events` in one typed statement.  A mention
        written over a clustered one sends its old component back to refresh."""
        if not events:
            return
        frame = typed.arrow_table(events, dict(components) if components else None)
        con.register("_typed_events", frame)
        try:
            if table == "mentions":
                con.execute("INSERT OR IGNORE INTO refresh_pending SELECT DISTINCT m.component_id "
                            "FROM mentions m JOIN _typed_events t ON m.id = t.id "
                            "WHERE m.component_id IS NOT NULL")
            names = ", ".join(f'"{name}"' for name in typed.WRITE_COLUMNS)
            con.execute(f"{verb} INTO {table} ({names}) SELECT {names} FROM _typed_events")
        finally:
            con.unregister("_typed_events")

    def copies_of(self, con: "duckdb.DuckDBPyConnection", article_ids: Sequence[str]) -> None:
        """Articles just written may be the originals of stored copies (written first,
        in an order other than the real one): their clusters count sources again."""
        if article_ids:
            con.execute("INSERT OR IGNORE INTO refresh_pending SELECT DISTINCT m.component_id "
                        "FROM mentions m JOIN articles a ON m.article_id = a.id "
                        "WHERE a.duplicate_of IN (SELECT unnest(?::VARCHAR[])) "
                        "AND m.component_id IS NOT NULL", [list(article_ids)])

    # -- incremental coreference ---------------------------------------------
    def upgrade_legacy_rows(self, batch: int = 5000) -> int:
        """Rewrite rows stored as JSON payload only (older files) in typed columns."""
        done = 0
        for table in ("mentions", "events"):
            while True:
                rows = self.event_rows(table, " WHERE sentence IS NULL AND payload IS NOT NULL",
                                       limit=batch)
                if not rows:
                    break
                with self._transaction() as con:
                    con.execute(f"DELETE FROM {table} WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [[e.id for e in rows]])
                    self.insert_events(con, table, rows, verb="INSERT")
                    if table == "mentions":
                        con.execute("UPDATE mentions SET component_id = NULL WHERE id IN "
                                    "(SELECT unnest(?::VARCHAR[]))", [[e.id for e in rows]])
                done += len(rows)
        return done

    def forget_components(self, everything: bool = False) -> None:
        """Send components back to refresh: those in `refresh_pending`, or all of them."""
        with self._transaction() as con:
            if everything:
                con.execute("UPDATE mentions SET component_id = NULL")
                con.execute("DELETE FROM events")
                con.execute("DELETE FROM actor_names WHERE source = 'text'")
            else:
                con.execute("UPDATE mentions SET component_id = NULL WHERE component_id IN "
                            "(SELECT component_id FROM refresh_pending)")
            con.execute("DELETE FROM refresh_pending")

    def pending_coref(self, limit: int | None = None) -> dict[str, np.ndarray]:
        """Coreference columns of mentions no refresh has clustered, by date then id."""
        sql = (f"SELECT {_COREF_SELECT} FROM mentions WHERE component_id IS NULL "
               "ORDER BY date NULLS LAST, id")
        if limit is not None:
            sql += f" LIMIT {int(limit)}"
        return self.con.execute(sql).fetchnumpy()

    def neighbour_coref(self, pending: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
        """Clustered mentions that could corefer with a pending one: a superset
        (dates close enough for the coarser precision, place within the widest
        distance or in the same country); coref.joined makes the exact test."""
        located = (pending["precision"] != "") & (pending["date_precision"] != "")
        if not located.any():
            return self.con.execute(f"SELECT {_COREF_SELECT} FROM mentions LIMIT 0").fetchnumpy()
        days = pending["day"][located].astype(np.int64)
        precision = pending["date_precision"][located]
        years = np.unique(days.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64)
                          + 1970).tolist()
        coarse = precision != "day"
        coarse &= precision != "week"
        coarse_years = np.unique(days[coarse].astype("datetime64[D]").astype("datetime64[Y]")
                                 .astype(np.int64) + 1970).tolist()
        ranges = _ranges(days[~coarse])
        date_terms = [f"date BETWEEN DATE '1970-01-01' + {lo} AND DATE '1970-01-01' + {hi}"
                      for lo, hi in ranges]
        date_terms.append("(date_precision IN ('month', 'year') AND year(date) IN "
                          "(SELECT unnest(?::INTEGER[])))")
        params: list[Any] = [years]
        if coarse_years:
            date_terms.append("year(date) IN (SELECT unnest(?::INTEGER[]))")
            params.append(coarse_years)
        lat = pending["lat"][located]
        countries = sorted({c.lower() for c in pending["country"][located].tolist() if c})
        place_terms = [f"lat BETWEEN {float(lat.min()) - _LAT_MARGIN} AND "
                       f"{float(lat.max()) + _LAT_MARGIN}"]
        if countries:
            place_terms.append("lower(country) IN (SELECT unnest(?::VARCHAR[]))")
            params.append(countries)
        sql = (f"SELECT {_COREF_SELECT} FROM mentions WHERE component_id IS NOT NULL "
               f"AND date IS NOT NULL AND lat IS NOT NULL AND ({' OR '.join(date_terms)}) "
               f"AND ({' OR '.join(place_terms)})")
        return self.con.execute(sql, params).fetchnumpy()

    def component_coref(self, component_ids: Iterable[str]) -> dict[str, np.ndarray]:
        """Coreference columns of every member of these components."""
        return self.con.execute(
            f"SELECT {_COREF_SELECT} FROM mentions WHERE component_id IN "
            "(SELECT unnest(?::VARCHAR[]))", [sorted(set(component_ids))]).fetchnumpy()

    def mentions_by_id(self, ids: Iterable[str]) -> list[Event]:
        return self.event_rows("mentions", " WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                               [sorted(set(ids))], order=" ORDER BY id")

    def article_meta_of(self, article_ids: Iterable[str]) -> dict[str, Article]:
        """These articles without their text, and the originals they copy (followed
        through `duplicate_of`), which source counting needs."""
        from tocsin.store.codec import article_from_row

        found: dict[str, Article] = {}
        wanted, asked = set(article_ids), set()
        while wanted:
            asked |= wanted
            cur = self.con.execute(
                "SELECT id, url, title, author, source, published, genre, captions, "
                "dateline_place, content_hash, duplicate_of, origin, '' AS text FROM articles "
                "WHERE id IN (SELECT unnest(?::VARCHAR[]))", [sorted(wanted)])
            names = [d[0] for d in cur.description]
            for row in cur.fetchall():
                article = article_from_row(dict(zip(names, row)))
                found[article.id] = article
            wanted = {a.duplicate_of for a in found.values() if a.duplicate_of} - asked
        return found

    def publication_times(self) -> np.ndarray:
        """Publication times (UTC, datetime64) of every article: how much the store read, when."""
        rows = self.con.execute("SELECT published FROM articles WHERE published IS NOT NULL "
                                "ORDER BY published").fetchnumpy()
        return np.asarray(rows["published"], dtype="datetime64[ns]")

    def events_by_id(self, ids: Iterable[str]) -> dict[str, Event]:
        found = self.event_rows("events", " WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [sorted(set(ids))])
        return {e.id: e for e in found}

    def write_clusters(self, changes: Sequence[tuple[str, str, str, int, int]],
                       events: Sequence[Event], gone: Iterable[str],
                       written_names: Sequence[tuple[str, str, str]],
                       alert_rows: tuple[Sequence[str], "pd.DataFrame"] | None = None) -> None:
        """One refresh step, in one transaction: mentions' (id, cluster, component,
        articles, independent) that changed, real-world events that are new or
        changed, ids of events that no longer exist, reports' actor spellings, and
        the alert rows of the re-clustered mentions."""
        import pyarrow as pa

        with self._transaction() as con:
            if alert_rows is not None:
                self._replace_alert_rows(con, *alert_rows)
            if changes:
                ids, clusters, components, articles, independent = zip(*changes)
                frame = pa.table({"id": list(ids), "cluster_id": list(clusters),
                                  "component_id": list(components),
                                  "sources_articles": pa.array(articles, pa.int32()),
                                  "sources_independent": pa.array(independent, pa.int32())})
                con.register("_cluster_changes", frame)
                try:
                    con.execute("UPDATE mentions SET cluster_id = c.cluster_id, "
                                "component_id = c.component_id, "
                                "sources_articles = c.sources_articles, "
                                "sources_independent = c.sources_independent "
                                "FROM _cluster_changes c WHERE mentions.id = c.id")
                finally:
                    con.unregister("_cluster_changes")
            gone = sorted(set(gone))
            if gone:
                con.execute("DELETE FROM events WHERE id IN (SELECT unnest(?::VARCHAR[]))", [gone])
            self.insert_events(con, "events", events)
            if written_names:
                import pyarrow as pa

                names = pa.table({"alias_key": [r[0] for r in written_names],
                                  "name": [r[1] for r in written_names],
                                  "source": [r[2] for r in written_names]})
                con.register("_names", names)
                try:
                    con.execute("INSERT OR IGNORE INTO actor_names SELECT alias_key, name, source "
                                "FROM _names")
                finally:
                    con.unregister("_names")
        self._changed()

    # -- the alert detectors' input (analysis/alert_input.py) ----------------
    def alert_rows_fingerprint(self) -> str | None:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'alert_rows'").fetchone()
        return row[0] if row else None

    def set_alert_rows_fingerprint(self, value: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('alert_rows', ?)", [value])

    def clear_alert_rows(self) -> None:
        with self._transaction() as con:
            con.execute("DROP TABLE IF EXISTS alert_rows")
            con.execute("DELETE FROM meta WHERE key = 'alert_rows'")

    def write_alert_rows(self, ids: Sequence[str], frame: "pd.DataFrame") -> None:
        with self._transaction() as con:
            self._replace_alert_rows(con, ids, frame)

    def _replace_alert_rows(self, con: "duckdb.DuckDBPyConnection", ids: Sequence[str],
                            frame: "pd.DataFrame") -> None:
        """Rows of `ids` replaced by `frame` (undated mentions have no row)."""
        exists = self._has_alert_rows()
        if exists and ids:
            con.execute("DELETE FROM alert_rows WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                        [sorted(set(ids))])
        if not len(frame):
            return
        con.register("_alert_rows", frame)
        try:
            if not exists:
                con.execute("CREATE TABLE alert_rows AS SELECT * FROM _alert_rows")
            else:
                con.execute("INSERT INTO alert_rows BY NAME SELECT * FROM _alert_rows")
        finally:
            con.unregister("_alert_rows")

    def _has_alert_rows(self) -> bool:
        return bool(self.con.execute("SELECT 1 FROM information_schema.tables "
                                     "WHERE table_name = 'alert_rows'").fetchall())

    def alert_frame(self, statuses: Collection[str] | None = None,
                    min_independent: int | None = None) -> "pd.DataFrame | None":
        """The alert rows by id (None before any refresh wrote one); only those
        of `statuses` and with at least `min_independent` independent sources,
        and a publication time, when asked (`frame.alertable` asks the same, so
        the detectors' other rows never leave DuckDB).  Strings that repeat come
        back as categories: one Python string per distinct value, not per row."""
        if not self._has_alert_rows():
            return None
        import pyarrow as pa

        where: list[str] = []
        params: list[object] = []
        if statuses is not None:
            where.append("status IN (SELECT unnest(?::VARCHAR[])) AND published IS NOT NULL")
            params.append(sorted(statuses))
        if min_independent is not None:
            where.append("independent >= ?")
            params.append(min_independent)
        sql = "SELECT * FROM alert_rows" + (" WHERE " + " AND ".join(where) if where else "")
        # through Arrow record batches: fetchdf's conversion peaked ~170 MB
        # higher on a 300k-row table, for the same frame
        reader: Any = self.con.sql(sql + " ORDER BY id", params=params).to_arrow_reader(20_000)
        table = pa.Table.from_batches(list(reader), schema=reader.schema)
        for i, field in enumerate(table.schema):
            if pa.types.is_string(field.type) and field.name not in _UNIQUE_ALERT_COLUMNS:
                table = table.set_column(i, field.name, table.column(i).dictionary_encode())
        return table.to_pandas()

    def alert_arrays(self, statuses: Collection[str],
                     min_independent: int) -> dict[str, np.ndarray] | None:
        """The rows `alert_frame(statuses, min_independent)` selects, by id, as
        numpy arrays in the conventions of `frame.columns` (strings as object
        arrays with '' for missing, floats with NaN; times datetime64 in the
        store's unit), with no pandas frame between.  Read a batch at a time
        into arrays of the final size, unsorted (a DuckDB ORDER BY held the
        whole result a second time, ~150 MB at 300k rows) and sorted by id
        here; each repeated string is one Python object."""
        if not self._has_alert_rows():
            return None
        self.release_cache()
        where = ("FROM alert_rows WHERE status IN (SELECT unnest(?::VARCHAR[])) "
                 "AND published IS NOT NULL AND independent >= ?")
        params = [sorted(statuses), min_independent]
        ((rows,),) = self.con.execute(f"SELECT count(*) {where}", params).fetchall()
        reader: Any = self.con.sql(f"SELECT * {where}", params=params).to_arrow_reader(20_000)
        schema = reader.schema
        out = {field.name: _empty_column(field.type, rows) for field in schema}
        shared: dict[str, dict[str, str]] = {field.name: {} for field in schema}
        at = 0
        for batch in reader:
            size = batch.num_rows
            for i, field in enumerate(schema):
                out[field.name][at:at + size] = _batch_values(
                    batch.column(i), field.name, shared[field.name])
            at += size
        del shared
        if at != rows:      # the table changed between the two reads: cannot happen in one connection
            raise RuntimeError(f"alert rows: counted {rows}, read {at}")
        order = np.argsort(out["id"], kind="stable")
        for name in out:                          # one column at a time
            out[name] = out[name][order]
        if "key" in out and len(out["id"]):       # a lone mention is its own cluster:
            same = out["key"] == out["id"]        # one string object for both
            out["key"][same] = out["id"][same]
        self.release_cache()
        return out

    def mention_chunks(self, size: int, *, clustered: bool = False) -> Iterable[list[Event]]:
        """Every mention (or, with `clustered`, those a refresh has clustered),
        `size` at a time, in id order (keyset pages: flat memory)."""
        last = ""
        where = " WHERE id > ?" + (" AND component_id IS NOT NULL" if clustered else "")
        while True:
            chunk = self.event_rows("mentions", where, [last], order=" ORDER BY id", limit=size)
            if not chunk:
                return
            yield chunk
            last = chunk[-1].id

    def correction_anchors_changed(self) -> set[str]:
        """Events that should show a correction they do not (its anchor), or show one
        that was withdrawn (their id): the clusters refresh must apply corrections to."""
        rows = self.con.execute(
            "WITH shown AS (SELECT id AS event_id, unnest(corrections).id AS cid FROM events) "
            "SELECT c.event_id FROM corrections c WHERE c.id NOT IN (SELECT cid FROM shown) "
            "UNION SELECT s.event_id FROM shown s WHERE s.cid NOT IN (SELECT id FROM corrections)"
        ).fetchall()
        return {r[0] for r in rows if r[0]}

    def components_of(self, mention_or_cluster_ids: Iterable[str]) -> None:
        """Send the components holding these mentions (or clusters) back to refresh."""
        ids = sorted(set(mention_or_cluster_ids))
        if not ids:
            return
        with self._transaction() as con:
            queue_components(con, ids)

    def refresh_entities(self) -> None:
        """The actors and places tables, recomputed from `events` in SQL."""
        with self._transaction() as con:
            self._refresh_entities(con)          # type: ignore[attr-defined]

    def _transaction(self) -> Any:
        return self.transaction()                # type: ignore[attr-defined]


def queue_components(con: Any, ids: Sequence[str]) -> None:
    """Inside a transaction: send the components holding these mentions (or clusters)
    back to refresh."""
    con.execute("INSERT OR IGNORE INTO refresh_pending SELECT DISTINCT component_id "
                "FROM mentions WHERE component_id IS NOT NULL AND (id IN "
                "(SELECT unnest(?::VARCHAR[])) OR cluster_id IN (SELECT unnest(?::VARCHAR[])))",
                [list(ids), list(ids)])


def _empty_column(kind: Any, rows: int) -> np.ndarray:
    """An array for `rows` values of an Arrow type, as `alert_arrays` fills it."""
    import pyarrow as pa

    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        return np.empty(rows, dtype=object)
    if pa.types.is_timestamp(kind):
        return np.empty(rows, dtype=f"datetime64[{kind.unit}]")
    if pa.types.is_floating(kind):
        return np.empty(rows, dtype=float)
    return np.empty(rows, dtype=kind.to_pandas_dtype())


def _batch_values(column: Any, name: str, shared: dict[str, str]) -> np.ndarray:
    """One batch's values of a column; strings '' when missing and, but for
    the (nearly) unique ones, each distinct value one object across batches."""
    import pyarrow as pa
    import pyarrow.compute as pc

    kind = column.type
    if pa.types.is_string(kind) or pa.types.is_large_string(kind):
        if name in _UNIQUE_ALERT_COLUMNS:
            return column.fill_null("").to_numpy(zero_copy_only=False)
        encoded = column.dictionary_encode()
        names = np.array([shared.setdefault(u, u) for u in encoded.dictionary.to_pylist()]
                         + [""], dtype=object)
        codes = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False)
        return names[codes]              # code -1 (missing) picks the trailing ""
    if pa.types.is_floating(kind):
        return column.to_numpy(zero_copy_only=False).astype(float)
    return column.to_numpy(zero_copy_only=False)


def _ranges(days: np.ndarray) -> list[tuple[int, int]]:
    """Merged day intervals [d - 7, d + 7] around `days`; at most 64 of them."""
    if not len(days):
        return []
    out: list[list[int]] = []
    for day in np.unique(days).tolist():
        if out and day - _WEEK <= out[-1][1] + 1:
            out[-1][1] = day + _WEEK
        else:
            out.append([day - _WEEK, day + _WEEK])
    if len(out) > 64:
        return [(out[0][0], out[-1][1])]
    return [(lo, hi) for lo, hi in out]
