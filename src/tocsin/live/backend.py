"""The store as the watcher sees it: per-article writes, refresh, the outbox.

`StoreBackend` takes a `writer`, a callable that opens a context in which
it may write to the store: for `tocsin watch` the one Store the process
holds; inside `tocsin serve --watch` the server's `Database.writer`, whose
lock makes the watcher and POST /api/ingest take turns while readers go on
reading their own snapshots.  Each method holds the writer only for as long
as it needs, so a slow webhook never holds up a write.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from tocsin.models import Alert, Article
from tocsin.store.outbox import Outbox, OutboxEntry

if TYPE_CHECKING:
    from tocsin.runner import IngestReport, Pipeline
    from tocsin.store import Store

Writer = Callable[[], AbstractContextManager["Store"]]
#: (store) -> alerts: recompute coreference and alerts, queueing changes in the outbox.
RefreshFn = Callable[["Store"], list[Alert]]


class WatchBackend(Protocol):
    """What the watcher needs from the store; `StoreBackend` is the real one."""

    def has_article(self, article_id: str) -> bool: ...

    def ingest(self, articles: Iterable[Article]) -> "IngestReport": ...

    def refresh(self) -> None: ...

    def pending(self) -> list[OutboxEntry]: ...

    def queue(self, alerts: list[Alert]) -> None: ...

    def delivered_version(self, sink: str, alert_id: str) -> str | None: ...

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None: ...

    def settle(self, alert_id: str) -> None: ...

    def failed(self, alert_id: str, error: str) -> int: ...

    def abandon(self, alert_id: str) -> None: ...


class StoreBackend:
    """`WatchBackend` over a tocsin store through the runner."""

    def __init__(self, writer: Writer, pipeline: "Pipeline | None" = None, *,
                 alert_config: Path | None = None, refresh: RefreshFn | None = None) -> None:
        self._writer = writer
        self._pipeline = pipeline
        self._owned = pipeline is None
        if alert_config is not None:    # a bad rule file fails now, not at the first refresh
            from tocsin.analysis.config import load_config

            load_config(alert_config)
        self._alert_config = alert_config
        self._refresh = refresh

    @property
    def pipeline(self) -> "Pipeline":
        """Feed pages are untrusted: by default one worker process with a wall-clock
        budget per article, the only place a stalled parse can be stopped."""
        if self._pipeline is None:
            from tocsin.runner import RECORD_TIMEOUT_S, PoolPipeline

            self._pipeline = PoolPipeline(1, record_timeout_s=RECORD_TIMEOUT_S, overlap=False)
        return self._pipeline

    def close(self) -> None:
        """Stop the worker this backend started (a pipeline passed in is the caller's)."""
        if self._owned and self._pipeline is not None:
            self._pipeline.close()

    def has_article(self, article_id: str) -> bool:
        with self._writer() as store:
            return store.has_article(article_id)

    def ingest(self, articles: Iterable[Article]) -> "IngestReport":
        """Store each article (one transaction each) before the next is taken from
        `articles`, so a lazy iterable can note progress article by article."""
        from tocsin.runner import ingest_articles

        with self._writer() as store:
            return ingest_articles(articles, store, pipeline=self.pipeline, batch_size=1,
                                   refresh_after=False)

    def refresh(self) -> None:
        """Coreference and alerts over the store; changed alerts are queued in the
        outbox in the same transaction as the alerts themselves."""
        with self._writer() as store:
            if self._refresh is not None:
                self._refresh(store)
                return
            from tocsin.runner import refresh

            refresh(store, self._alert_config, outbox=True)

    # outbox ---------------------------------------------------------------------
    def pending(self) -> list[OutboxEntry]:
        with self._writer() as store:
            return Outbox(store).pending()

    def queue(self, alerts: list[Alert]) -> None:
        with self._writer() as store:
            Outbox(store).queue(alerts)

    def delivered_version(self, sink: str, alert_id: str) -> str | None:
        with self._writer() as store:
            return Outbox(store).delivered_version(sink, alert_id)

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None:
        with self._writer() as store:
            Outbox(store).record_delivery(sink, alert_id, version)

    def settle(self, alert_id: str) -> None:
        with self._writer() as store:
            Outbox(store).settle(alert_id)

    def failed(self, alert_id: str, error: str) -> int:
        with self._writer() as store:
            return Outbox(store).failed(alert_id, error)

    def abandon(self, alert_id: str) -> None:
        with self._writer() as store:
            Outbox(store).abandon(alert_id)
