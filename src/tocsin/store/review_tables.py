"""The analysts' tables of a store: corrections of real-world events and dismissed alerts.

Kept apart from what was extracted (see `tocsin.store.corrections` for how a
correction follows its event when clusters are rebuilt); `Store` inherits these.
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from tocsin.models import Correction, Dismissal, Event
from tocsin.store import corrections as review
from tocsin.store.event_tables import queue_components

if TYPE_CHECKING:
    from collections.abc import Mapping
    from contextlib import AbstractContextManager
    from typing import Any

    import duckdb


class ReviewTables:
    """Corrections and dismissals; mixed into `Store`, which provides these:"""

    if TYPE_CHECKING:
        con: duckdb.DuckDBPyConnection

        def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]: ...
        def transaction(self) -> AbstractContextManager[duckdb.DuckDBPyConnection]: ...
        def event(self, event_id: str) -> Event | None: ...
        def _changed(self) -> None: ...
        def event_by_id(self, table: str, event_id: str) -> Event | None: ...
        def insert_events(self, con: duckdb.DuckDBPyConnection, table: str,
                          events: Sequence[Event], *, verb: str = ...,
                          components: Mapping[str, str] | None = ...) -> None: ...

    def add_correction(self, event_id: str, changes: "review.Changes", note: str | None = None,
                       made_at: datetime | None = None) -> Correction:
        """Record a correction of a real-world event and apply it to the stored event
        at once (refresh applies it again whenever clusters are rebuilt)."""
        if not changes.named():
            raise review.CorrectionError("nothing to correct: give at least one new value")
        event = self.event(event_id)
        if event is None:
            raise review.CorrectionError(f"no event with id {event_id}")
        anchor = event.cluster_id or event.id          # a mention id names its real-world event
        made_at = made_at or datetime.now(timezone.utc).replace(tzinfo=None)
        record = Correction(review.correction_id(anchor, changes, made_at), anchor, changes.named(),
                            note, made_at)
        with self.transaction() as con:
            con.execute("INSERT INTO corrections VALUES (?, ?, ?, ?, ?)",
                        [record.id, anchor, json.dumps(changes.to_json(), ensure_ascii=False),
                         note, made_at])
            current = self._payload("events", anchor)
            if current is not None:
                corrected = review.apply(current, [review.StoredCorrection(record, changes)])
                con.execute("DELETE FROM events WHERE id = ?", [anchor])
                self.insert_events(con, "events", [corrected], verb="INSERT")
            # the event shows the correction at once, so refresh would not see it as
            # changed (correction_anchors_changed); its mentions' alert rows still carry
            # the old status, place or actor until their component is refreshed
            queue_components(con, [anchor])
        self._changed()
        return record

    def corrections(self, event_id: str | None = None) -> list["review.StoredCorrection"]:
        """Stored corrections, oldest first; of one anchor event id when given."""
        if not self._has_table("corrections"):
            return []
        sql = "SELECT id, event_id, changes, note, made_at FROM corrections"
        rows = self.query(sql + (" WHERE event_id = ?" if event_id else "") + " ORDER BY made_at, id",
                          [event_id] if event_id else [])
        out = []
        for id_, anchor, changes, note, made_at in rows:
            parsed = review.Changes.from_json(json.loads(changes))
            out.append(review.StoredCorrection(Correction(id_, anchor, parsed.named(), note, made_at),
                                               parsed))
        return out

    def with_corrections(self, mentions: Sequence[Event]) -> list[Event]:
        """Mentions as their real-world event's corrections say (for computing alerts
        from corrected places, statuses and actors); the stored mentions are unchanged."""
        stored = self.corrections()
        return review.apply_all(mentions, stored, review.clusters_of(mentions)) if stored else list(mentions)

    def remove_corrections(self, event_id: str) -> int:
        """Withdraw every correction anchored at `event_id` (or at the mention it names);
        the event shows what was extracted after the next refresh."""
        event = self.event(event_id)
        anchor = (event.cluster_id or event.id) if event else event_id
        with self.transaction() as con:
            (n,) = con.execute("SELECT count(*) FROM corrections WHERE event_id IN (?, ?)",
                               [anchor, event_id]).fetchall()[0]
            con.execute("DELETE FROM corrections WHERE event_id IN (?, ?)", [anchor, event_id])
        self._changed()
        return int(n)

    def dismiss(self, alert_id: str, why: str, made_at: datetime | None = None) -> Dismissal:
        """Mark an alert a false alarm; it stays dismissed when recomputed with the same id."""
        if not why or not why.strip():
            raise review.CorrectionError("say why the alert is dismissed")
        if not self.query("SELECT 1 FROM alerts WHERE id = ?", [alert_id]):
            raise review.CorrectionError(f"no alert with id {alert_id}")
        dismissal = Dismissal(why.strip(), made_at or datetime.now(timezone.utc).replace(tzinfo=None))
        with self.transaction() as con:
            con.execute("INSERT OR REPLACE INTO dismissals VALUES (?, ?, ?)",
                        [alert_id, dismissal.why, dismissal.made_at])
        return dismissal

    def undismiss(self, alert_id: str) -> bool:
        with self.transaction() as con:
            found = con.execute("SELECT 1 FROM dismissals WHERE alert_id = ?", [alert_id]).fetchone()
            con.execute("DELETE FROM dismissals WHERE alert_id = ?", [alert_id])
        return found is not None

    def dismissals(self) -> dict[str, Dismissal]:
        if not self._has_table("dismissals"):
            return {}
        rows = self.query("SELECT alert_id, why, made_at FROM dismissals")
        return {alert_id: Dismissal(why, made_at) for alert_id, why, made_at in rows}

    def _has_table(self, name: str) -> bool:
        return bool(self.query("SELECT 1 FROM information_schema.tables WHERE table_name = ?", [name]))

    def _payload(self, table: str, event_id: str) -> Event | None:
        return self.event_by_id(table, event_id)

    def _refresh_entities(self, con: duckdb.DuckDBPyConnection) -> None:
        # A name's kind is its most common one (ties alphabetical), and a place's
        # admin1, country and precision the smallest: any_value() gave a different
        # row from run to run ("Unidentified Armed Group (United States)" is rebel in
        # some events and other in as many), so two stores of the same input differed.
        con.execute("DELETE FROM actors")
        con.execute("""
            INSERT INTO actors
            SELECT name, first(kind ORDER BY n DESC, kind), sum(n)::BIGINT FROM (
                SELECT name, kind, count(*) AS n FROM (
                    SELECT actor1_name AS name, actor1_kind AS kind FROM events
                    WHERE actor1_name IS NOT NULL
                    UNION ALL
                    SELECT actor2_name, actor2_kind FROM events WHERE actor2_name IS NOT NULL)
                GROUP BY name, kind)
            GROUP BY name""")
        con.execute("DELETE FROM places")
        con.execute("""
            INSERT INTO places
            SELECT place_name, min(admin1), min(country), avg(lat), avg(lon),
                   min(precision), count(*)
            FROM events WHERE place_name IS NOT NULL GROUP BY place_name""")
