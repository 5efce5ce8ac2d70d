"""What `tocsin watch` remembers about its feeds between polls and restarts.

Per feed: the ETag / Last-Modified of the last response, the entry ids
already settled and how often each pending page failed; and whether stored
articles still wait for a refresh (alerts).  The file is JSON and always
replaced atomically (temp file + fsync + os.replace), so a crash leaves the
old or the new state, never half of one.

Alert delivery state is NOT here: it lives in the store, written in the
transaction that writes the alerts (store/outbox.py).  A state file from an
earlier version may still hold an outbox and a delivery ledger; they are
read once (`legacy_outbox`, `legacy_delivered`) so the watcher can move them
into the store, and never written again.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tocsin.ingest.fetch import FeedCursor

STATE_FORMAT = 1
#: seen entry ids kept per feed; feeds show their latest few dozen entries, so
#: this bounds the file without letting an old entry look new again.
MAX_SEEN_PER_FEED = 5_000


class WatchStateError(RuntimeError):
    """A state file that cannot be read; starting over would re-alert everything."""


class WatchState:
    """The persisted feed state of one watch."""

    def __init__(self, path: Path, data: dict[str, Any] | None = None) -> None:
        self.path = Path(path)
        self._feeds: dict[str, dict[str, Any]] = {}
        #: stored articles not yet covered by a refresh (alerts not recomputed).
        self.needs_refresh = False
        self._legacy_delivered: dict[str, dict[str, str]] = {}
        self._legacy_outbox: dict[str, dict[str, Any]] = {}
        if data:
            self._feeds = data.get("feeds", {})
            self.needs_refresh = bool(data.get("needs_refresh", False))
            self._legacy_delivered = data.get("delivered", {}) or {}
            self._legacy_outbox = data.get("outbox", {}) or {}

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
                              "needs_refresh": self.needs_refresh},
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

    # an earlier version's delivery state -------------------------------------------
    def legacy_outbox(self) -> list[dict[str, Any]]:
        """Alerts (as `Alert.to_dict()`) an older watch left undelivered in this file."""
        return [entry["alert"] for entry in self._legacy_outbox.values()
                if isinstance(entry, dict) and isinstance(entry.get("alert"), dict)]

    def legacy_delivered(self) -> dict[str, dict[str, str]]:
        """sink -> {alert id: version} an older watch recorded in this file."""
        return self._legacy_delivered

    def forget_legacy(self) -> None:
        """Drop the old delivery state once it has been moved into the store."""
        self._legacy_delivered, self._legacy_outbox = {}, {}
