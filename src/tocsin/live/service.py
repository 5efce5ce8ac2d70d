"""The watch loop on a thread of the server process (`tocsin serve --watch FEEDS`).

Why one process with a writer thread: DuckDB lets one process write a store
file, but many connections inside that process read it at once, each from
its own MVCC snapshot.  So the server keeps the file, the watch thread writes
through `Database.writer` (a lock it shares with POST /api/ingest), and every
request reads through its own cursor: a refresh that replaces the events
table is invisible to readers until it commits, and no read ever waits for an
ingest.  A second process (a separate `tocsin watch`) could not open the file
at all while the server holds it.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.live.backend import StoreBackend, Writer
from tocsin.live.config import WatchConfig
from tocsin.live.watcher import STORE_FAILURES

if TYPE_CHECKING:
    from tocsin.live.watcher import PollResult
    from tocsin.runner import Pipeline

log = logging.getLogger("tocsin.watch")


@dataclass
class WatchStatus:
    running: bool = False
    polls: int = 0
    last_poll: str | None = None
    last_poll_at: datetime | None = None
    last_error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"running": self.running, "polls": self.polls, "last_poll": self.last_poll,
                "last_poll_at": self.last_poll_at.isoformat() if self.last_poll_at else None,
                "last_error": self.last_error}


def _log_line(line: str) -> None:
    # One summary per poll is routine; every other line is a problem worth seeing.
    (log.info if line.startswith("tocsin watch: poll:") else log.warning)(line)


class WatchService:
    """Runs a `Watcher` over `writer` on a daemon thread until `stop`."""

    def __init__(self, config: WatchConfig, writer: Writer, *, pipeline: "Pipeline | None" = None,
                 alert_config: Path | None = None) -> None:
        self.config = config
        self._backend = StoreBackend(writer, pipeline, alert_config=alert_config)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.status = WatchStatus()

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="tocsin-watch", daemon=True)
        self.status.running = True
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        """Ask the loop to stop after the article in hand, and wait for it."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _record(self, result: "PollResult") -> None:
        self.status.polls += 1
        self.status.last_poll = result.summary()
        self.status.last_poll_at = result.started_at
        failures = [p for p in result.problems if p.reason in STORE_FAILURES]
        self.status.last_error = f"{failures[0].reason}: {failures[0].message}" if failures else None

    def _run(self) -> None:
        from tocsin.live.watcher import Watcher

        try:
            with Watcher(self.config, self._backend, log=_log_line) as watcher:
                watcher.run(stop_event=self._stop, on_poll=self._record)
        except Exception as error:  # noqa: BLE001 - reported by /api/watch, the server stays up
            self.status.last_error = " ".join(f"{type(error).__name__}: {error}".split())[:300]
            log.error("watch stopped: %s", self.status.last_error)
        finally:
            self._backend.close()
            self.status.running = False
