"""The alert outbox: crash-safe delivery state kept in the store itself.

`Store.replace_alerts(alerts, outbox=True)` queues every alert that is new
or whose content changed *in the same transaction* that writes the alerts, so
no crash can leave an alert stored but never queued.  A deliverer (the
watcher) then sends the queued rows and marks each delivered; a restart
delivers exactly the rows not yet marked.  Delivery is at least once: a crash
between a send and its mark repeats that one send, with the same alert id and
version, so receivers can drop the repeat (webhooks get an Idempotency-Key,
the JSONL sink skips lines it already holds).

Tables (in store/schema.py): `outbox` (alert id, version,
payload, queued_at, attempts, delivered_at, abandoned_at, last_error) and
`deliveries` (which version of each alert each sink has received).
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

import duckdb

from tocsin.models import Alert
from tocsin.store.codec import alert_from_json

if TYPE_CHECKING:
    from tocsin.store.store import Store

#: Longest failure message kept on an outbox row.
MAX_ERROR_CHARS = 500


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def alert_version(alert: Alert) -> str:
    """A short hash of what the alert says; `fired_at` is left out so that
    recomputing the same alert later does not count as a change."""
    body = alert.to_dict()
    body.pop("fired_at", None)
    body["severity"] = round(alert.severity, 4)  # float noise is not an update
    text = json.dumps(body, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def queue_changed(con: duckdb.DuckDBPyConnection, alerts: Sequence[Alert]) -> int:
    """Inside the caller's transaction, before the alerts table is replaced:
    queue each alert whose version differs from the stored one.  Returns how
    many were queued."""
    stored = {row[0]: alert_version(alert_from_json(json.loads(row[1])))
              for row in con.execute("SELECT id, payload FROM alerts").fetchall()}
    queued = 0
    now = _now()
    for alert in alerts:
        version = alert_version(alert)
        if stored.get(alert.id) == version:
            continue
        con.execute("INSERT OR IGNORE INTO outbox (alert_id, version, payload, queued_at, attempts) "
                    "VALUES (?, ?, ?, ?, 0)",
                    [alert.id, version, json.dumps(alert.to_dict(), ensure_ascii=False), now])
        queued += 1
    return queued


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    alert: Alert
    version: str
    attempts: int
    queued_at: datetime


class Outbox:
    """Delivery state of one store; also the `DeliveryLedger` that `delivery.deliver` reads."""

    def __init__(self, store: "Store") -> None:
        self.con = store.con

    def pending(self) -> list[OutboxEntry]:
        """Rows neither delivered nor abandoned, oldest first."""
        rows = self.con.execute(
            "SELECT payload, version, attempts, queued_at FROM outbox "
            "WHERE delivered_at IS NULL AND abandoned_at IS NULL "
            "ORDER BY queued_at, alert_id, version").fetchall()
        return [OutboxEntry(alert_from_json(json.loads(p)), v, int(n or 0), at)
                for p, v, n, at in rows]

    def queue(self, alerts: Sequence[Alert]) -> None:
        """Queue alerts whatever the alerts table says (e.g. an old state file's outbox)."""
        now = _now()
        for alert in alerts:
            self.con.execute(
                "INSERT OR IGNORE INTO outbox (alert_id, version, payload, queued_at, attempts) "
                "VALUES (?, ?, ?, ?, 0)",
                [alert.id, alert_version(alert), json.dumps(alert.to_dict(), ensure_ascii=False), now])

    # DeliveryLedger ------------------------------------------------------------
    def delivered_version(self, sink: str, alert_id: str) -> str | None:
        row = self.con.execute("SELECT version FROM deliveries WHERE sink = ? AND alert_id = ?",
                               [sink, alert_id]).fetchone()
        return None if row is None else str(row[0])

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None:
        self.con.execute("INSERT OR REPLACE INTO deliveries VALUES (?, ?, ?, ?)",
                         [sink, alert_id, version, _now()])

    # settling rows --------------------------------------------------------------
    def settle(self, alert_id: str) -> None:
        """Every pending version of the alert is done (the latest reached every sink)."""
        self.con.execute("UPDATE outbox SET delivered_at = ? WHERE alert_id = ? "
                         "AND delivered_at IS NULL AND abandoned_at IS NULL", [_now(), alert_id])

    def failed(self, alert_id: str, error: str) -> int:
        """Count one failed try of the alert's pending rows; returns the attempts so far."""
        self.con.execute("UPDATE outbox SET attempts = coalesce(attempts, 0) + 1, last_error = ? "
                         "WHERE alert_id = ? AND delivered_at IS NULL AND abandoned_at IS NULL",
                         [error[:MAX_ERROR_CHARS], alert_id])
        row = self.con.execute("SELECT max(attempts) FROM outbox WHERE alert_id = ? "
                               "AND delivered_at IS NULL AND abandoned_at IS NULL",
                               [alert_id]).fetchone()
        return int(row[0] or 0) if row else 0

    def abandon(self, alert_id: str) -> None:
        self.con.execute("UPDATE outbox SET abandoned_at = ? WHERE alert_id = ? "
                         "AND delivered_at IS NULL AND abandoned_at IS NULL", [_now(), alert_id])

    def counts(self) -> dict[str, int]:
        """Rows by state: pending, delivered, abandoned (for health and tests)."""
        row = self.con.execute(
            "SELECT count(*) FILTER (WHERE delivered_at IS NULL AND abandoned_at IS NULL), "
            "count(delivered_at), count(abandoned_at) FROM outbox").fetchone()
        pending, delivered, abandoned = row if row else (0, 0, 0)
        return {"pending": int(pending), "delivered": int(delivered), "abandoned": int(abandoned)}

