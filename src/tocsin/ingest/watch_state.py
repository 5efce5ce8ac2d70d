"""What `tocsin watch` remembers between polls and restarts.

Per feed: the ETag / Last-Modified of the last response, the entry ids
already ingested and how often each pending page failed.  Globally: which
version of each alert each sink received, and an outbox of alerts not yet
delivered everywhere.  The file is JSON and always replaced atomically
(temp file + fsync + os.replace), so a crash leaves the old or the new state,
never half of one.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STATE_FORMAT = 1
#: seen entry ids kept per feed; feeds show their latest few dozen entries, so
#: this bounds the file without letting an old entry look new again.
MAX_SEEN_PER_FEED = 5_000


class WatchStateError(RuntimeError):
    """A state file that cannot be read; starting over would re-alert everything."""


@dataclass(frozen=True, slots=True)
class FeedCursor:
    """Validators for a conditional GET of one feed."""

    etag: str | None = None
    last_modified: str | None = None


class WatchState:
    """The persisted watch state; implements `DeliveryLedger` for delivery.deliver."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self._feeds: dict[str, dict[str, Any]] = {}
        self._delivered: dict[str, dict[str, str]] = {}
        self._outbox: dict[str, dict[str, Any]] = {}
        if data:
            self._feeds = data.get("feeds", {})
            self._delivered = data.get("delivered", {})
            self._outbox = data.get("outbox", {})

    @classmethod
    def load(cls, path: str | Path) -> WatchState:
        """The state at `path`, or an empty state if the file does not exist yet."""
        path = Path(path)
        if not path.exists():
            return cls(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise WatchStateError(
                f"{path}: unreadable watch state ({error}); move it aside to start over "
                "(feeds will be re-read and alerts re-sent)") from error
        if not isinstance(data, dict) or data.get("format") != STATE_FORMAT:
            raise WatchStateError(f"{path}: not a tocsin watch state file (format {STATE_FORMAT})")
        return cls(path, data)

    def save(self) -> None:
        """Write the whole state atomically beside its final path."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"format": STATE_FORMAT, "feeds": self._feeds,
                              "delivered": self._delivered, "outbox": self._outbox},
                             ensure_ascii=False, sort_keys=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.",
                                        suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(payload)
                out.flush()
                os.fsync(out.fileno())
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    # feeds ---------------------------------------------------------------
    def _feed(self, url: str) -> dict[str, Any]:
        return self._feeds.setdefault(url, {"etag": None, "last_modified": None,
                                            "seen": [], "page_failures": {}})

    def cursor(self, url: str) -> FeedCursor:
        feed = self._feeds.get(url, {})
        return FeedCursor(feed.get("etag"), feed.get("last_modified"))

    def set_cursor(self, url: str, cursor: FeedCursor) -> None:
        feed = self._feed(url)
        feed["etag"], feed["last_modified"] = cursor.etag, cursor.last_modified

    def is_seen(self, url: str, entry_id: str) -> bool:
        return entry_id in self._feeds.get(url, {}).get("seen", ())

    def mark_seen(self, url: str, entry_ids: list[str]) -> None:
        feed = self._feed(url)
        seen: list[str] = feed["seen"]
        known = set(seen)
        seen.extend(i for i in entry_ids if i not in known)
        del seen[:-MAX_SEEN_PER_FEED]
        for entry_id in entry_ids:
            feed["page_failures"].pop(entry_id, None)

    def page_failed(self, url: str, entry_id: str) -> int:
        """Count one more failed fetch of an entry's page; returns the count."""
        failures: dict[str, int] = self._feed(url)["page_failures"]
        failures[entry_id] = failures.get(entry_id, 0) + 1
        return failures[entry_id]

    # delivery ledger -------------------------------------------------------
    def delivered_version(self, sink: str, alert_id: str) -> str | None:
        return self._delivered.get(sink, {}).get(alert_id)

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None:
        self._delivered.setdefault(sink, {})[alert_id] = version

    # outbox -----------------------------------------------------------------
    def queue_alert(self, alert_dict: dict[str, Any]) -> None:
        """Queue an alert (as `Alert.to_dict()`); a newer version replaces an older one."""
        previous = self._outbox.get(alert_dict["id"])
        attempts = previous["attempts"] if previous else 0
        self._outbox[alert_dict["id"]] = {"alert": alert_dict, "attempts": attempts}

    def outbox(self) -> list[dict[str, Any]]:
        return [entry["alert"] for entry in self._outbox.values()]

    def delivery_attempted(self, alert_id: str) -> int:
        entry = self._outbox[alert_id]
        entry["attempts"] += 1
        return int(entry["attempts"])

    def dequeue_alert(self, alert_id: str) -> None:
        self._outbox.pop(alert_id, None)
