"""The `verdicts` table: an analyst's review of alerts (`tocsin review`).

One row per alert id: the verdict (valid, partly, invalid), its cause and
note, who gave it and when, and the alert as it was judged (JSON), so that
a later change to the rules can be scored against the same judgments even
when the alert is no longer raised.  Judging an alert again replaces its row.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from tocsin.models import Verdict

if TYPE_CHECKING:
    from tocsin.store.store import Store

COLUMNS = ("alert_id", "kind", "verdict", "cause", "note", "reviewer", "made_at", "alert")


def record(store: "Store", verdicts: Iterable[Verdict]) -> int:
    """Store verdicts (replacing earlier ones on the same alerts); how many."""
    rows: list[tuple[Any, ...]] = []
    for v in verdicts:
        made_at = v.made_at or datetime.now(timezone.utc).replace(tzinfo=None)
        rows.append((v.alert_id, v.kind, v.verdict, v.cause, v.note, v.reviewer,
                     made_at.replace(tzinfo=None) if made_at.tzinfo else made_at,
                     json.dumps(v.alert, ensure_ascii=False) if v.alert is not None else None))
    with store.transaction() as con:
        for row in rows:
            con.execute("DELETE FROM verdicts WHERE alert_id = ?", [row[0]])
            con.execute(f"INSERT INTO verdicts ({', '.join(COLUMNS)}) VALUES "
                        f"({', '.join('?' for _ in COLUMNS)})", list(row))
    return len(rows)


def load(store: "Store") -> list[Verdict]:
    """Every stored verdict, oldest first; none in a store made before the table existed."""
    if not store.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'verdicts'"):
        return []
    rows = store.query(f"SELECT {', '.join(COLUMNS)} FROM verdicts ORDER BY made_at, alert_id")
    return [Verdict(alert_id=r[0], kind=r[1], verdict=r[2], cause=r[3], note=r[4], reviewer=r[5],
                    made_at=r[6], alert=json.loads(r[7]) if r[7] else None) for r in rows]


def remove(store: "Store", alert_ids: Iterable[str]) -> int:
    ids = list(alert_ids)
    with store.transaction() as con:
        for alert_id in ids:
            con.execute("DELETE FROM verdicts WHERE alert_id = ?", [alert_id])
    return len(ids)
