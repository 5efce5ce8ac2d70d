"""A watch run that kills itself with SIGKILL at a chosen point (for test_watch_crash.py).

    python crash_watch.py STORE STATE FEED_URL ALERTS_JSONL KILL_AT

KILL_AT: none | after_article:N (the N-th article is committed, nothing saved
after it) | after_refresh (alerts and outbox committed, nothing delivered) |
after_send (the first alert appended to the JSONL file, not yet marked delivered).
"""
from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from watch_helpers import RecordingIngest  # noqa: E402

from tocsin.analysis.delivery import JsonlSink  # noqa: E402
from tocsin.live.config import WatchConfig  # noqa: E402
from tocsin.live.watcher import Watcher  # noqa: E402
from tocsin.models import Alert, Article, Problem  # noqa: E402


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class Crashing(RecordingIngest):
    def __init__(self, store: Path, kill_at: str) -> None:
        self.kill_at = kill_at
        super().__init__(store.parent)
        self.store.close()
        self.path = store
        from tocsin.store import Store
        self.store = Store(store)

    def ingest(self, articles: Iterable[Article]):  # type: ignore[no-untyped-def]
        def watched() -> Iterator[Article]:
            for count, article in enumerate(articles, start=1):
                yield article
                # the runner asks for the next article only after committing this one
                if self.kill_at == f"after_article:{count}":
                    die()
        return super().ingest(watched())

    def refresh(self) -> None:
        super().refresh()
        if self.kill_at == "after_refresh":
            die()


class CrashingSink(JsonlSink):
    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        problem = super().send(alert, update=update)
        if os.environ.get("KILL_AT") == "after_send":
            die()
        return problem


def main() -> None:
    store, state, feed, alerts, kill_at = sys.argv[1:6]
    os.environ["KILL_AT"] = kill_at
    config = WatchConfig(feeds=(feed,), state_path=Path(state), timeout_s=5.0,
                         per_host_delay_s=0.0, allow_private=True, stdout=False)
    backend = Crashing(Path(store), kill_at)
    with Watcher(config, backend, sinks=[CrashingSink(Path(alerts))], log=lambda line: None) as w:
        result = w.poll_once()
    print(result.summary())


if __name__ == "__main__":
    main()
