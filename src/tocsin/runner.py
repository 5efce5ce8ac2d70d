"""The runner: owns batching, processes and Dask, so stages never see them.

`ingest` streams inputs into a store in batches:
    read → de-duplicate → genre → nlp.pipe → extract events → write (one transaction)
and then `refresh` re-derives the whole-store views (coreference, alerts).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.models import Alert, Article, Problem

from tocsin.pipelines import (  # noqa: F401  (the runner's public names)
    DISABLED_PIPES, MODEL, RECORD_TIMEOUT_S, DaskPipeline, Found, Handle, ParseTimeout,
    Pipeline, PoolPipeline, load_nlp,
)

if TYPE_CHECKING:
    from tocsin.analysis.config import AlertConfig
    from tocsin.analysis.incremental import ClusterRefresh
    from tocsin.ingest.readers import CsvColumns
    from tocsin.store import Store


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


#: Problem reasons that note a change to a record that was still stored (ingest.limits).
NOTICE_REASONS = frozenset({"truncated", "collapsed"})


@dataclass
class IngestReport:
    """Counts of what was actually written (articles, events) and what was not."""

    articles: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    #: sentences that report an event, extracted from this run's articles
    mentions: int = 0
    #: real-world events those mentions belong to after coreference (0 without a refresh)
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: every alert in the store after the refresh
    alerts: list[Alert] = field(default_factory=list)
    #: the alerts whose id the store did not hold before this run
    new_alerts: list[Alert] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """Inputs not stored: every problem except notices on stored articles."""
        return sum(1 for p in self.problems if p.reason not in NOTICE_REASONS)

    @property
    def truncated(self) -> int:
        """Stored articles whose text was cut or collapsed by the ingest limits."""
        return sum(1 for p in self.problems if p.reason in NOTICE_REASONS)


def make_pipeline(processes: int = 1, dask: str | None = None, *,
                  record_timeout_s: float | None = None) -> Pipeline:
    """The pipeline for `tocsin ingest --processes N` or `--dask SCHEDULER`; close it
    (or use it in a `with` block) when done, so no worker is left running.

    Worker pools give each article `record_timeout_s` of wall-clock time (the
    default `RECORD_TIMEOUT_S` when None); asking for a budget with one process
    runs the work in one worker process, the only place it can be stopped."""
    if dask:
        return DaskPipeline(dask, workers=max(processes, 2))
    if processes > 1:
        return PoolPipeline(processes, record_timeout_s=record_timeout_s or RECORD_TIMEOUT_S)
    if record_timeout_s is not None:
        return PoolPipeline(1, record_timeout_s=record_timeout_s)
    return Pipeline()


def ingest(paths: Sequence[str | Path], store: "Store", *, columns: "CsvColumns | None" = None,
           **options: Any) -> IngestReport:
    """Read files, folders, CSV, JSONL or feeds and write their events to `store`."""
    from tocsin.ingest.readers import iter_inputs

    return ingest_articles(iter_inputs(paths, columns=columns), store, **options)


def ingest_articles(items: Iterable[Article | Problem], store: "Store", *,
                    pipeline: Pipeline | None = None, batch_size: int = 64,
                    progress: Callable[[int], None] | None = None, refresh_after: bool = True,
                    alert_config: Path | None = None) -> IngestReport:
    """Extract events from a stream of articles (and rejected inputs) into `store`."""
    job = _IngestJob(store, pipeline or Pipeline(), progress)
    before = {row[0] for row in store.query("SELECT id FROM alerts")}
    for item in items:
        job.take(item)
        if len(job.pending) >= batch_size:
            job.flush()
    job.flush()
    job.drain()
    if refresh_after:
        job.report.alerts = refresh(store, alert_config)
        job.report.new_alerts = [a for a in job.report.alerts if a.id not in before]
        job.report.events = store.count_clusters(job.written_ids)
    return job.report


def _safe(text: str) -> str:
    """Text the store accepts: lone surrogates (from undecodable names) become U+FFFD."""
    return "".join("\ufffd" if "\ud800" <= char <= "\udfff" else char for char in text) \
        if any("\ud800" <= char <= "\udfff" for char in text) else text


def _safe_problem(problem: Problem) -> Problem:
    origin, message = _safe(problem.origin), _safe(problem.message)
    if (origin, message) == (problem.origin, problem.message):
        return problem
    return replace(problem, origin=origin, message=message)


class _IngestJob:
    """State of one ingest run: the batch being filled and what has been written."""

    def __init__(self, store: "Store", pipeline: Any,
                 progress: Callable[[int], None] | None) -> None:
        from tocsin.extract.genre import classify as classify_genre
        from tocsin.ingest.dedup import Deduplicator

        self.store, self.pipeline, self.progress = store, pipeline, progress
        self.classify_genre = classify_genre
        self.dedup = Deduplicator(store)
        self.report = IngestReport()
        self.written_ids: list[str] = []
        self.pending: list[tuple[Article, bytes | None]] = []
        self.unwritten_problems: list[Problem] = []
        #: the batch a worker pipeline is extracting while the one before is written
        self.in_flight: tuple[list[tuple[Article, bytes | None]], list[Problem],
                              Handle | None] | None = None

    def _problem(self, problem: Problem) -> None:
        problem = _safe_problem(problem)
        self.report.problems.append(problem)
        self.unwritten_problems.append(problem)
        verb = "note" if problem.reason in NOTICE_REASONS else "rejected"
        print(f"tocsin: {verb} {problem.origin}: {problem.message}", file=sys.stderr)

    def take(self, item: Article | Problem) -> None:
        if isinstance(item, Problem):
            self._problem(item)
            return
        verdict = self.dedup.check(item)
        if verdict.problem is not None:
            self._problem(verdict.problem)
        if verdict.article is None:
            self.report.duplicates += verdict.outcome == "repeat"
            return
        article = verdict.article
        if article.origin != _safe(article.origin):
            article = replace(article, origin=_safe(article.origin))
        for reason, message in article.notices:
            self._problem(Problem(article.origin or article.id, reason, message))
        # a header label ("Opinion", "Analysis | Congo") already decided it at ingest
        genre = article.genre if article.genre == "opinion" else \
            self.classify_genre(article.title, article.text)
        self.pending.append((replace(article, genre=genre), verdict.signature))

    def _submit(self, articles: list[Article]) -> Handle | None:
        if not articles:
            return None
        submit = getattr(self.pipeline, "submit", None)
        if submit is None:                       # any object with run() will do
            return _Ran(lambda: self.pipeline.run(articles))
        return submit(articles)

    def _extract(self, articles: list[Article], handle: Handle | None) -> Found:
        """The batch's events; if the batch fails, article by article, so one
        article that breaks an extractor is a problem row, not a lost batch."""
        if handle is None:
            return []
        try:
            return handle.result()
        except ParseTimeout as late:
            if len(articles) == 1:               # late on its own: no need to try again
                self._late(articles[0], late)
                return []
        except Exception:  # noqa: BLE001 - isolated below, article by article
            if len(articles) == 1:
                return self._extract_alone(articles[0])
        return [found for article in articles for found in self._extract_alone(article)]

    def _late(self, article: Article, late: ParseTimeout) -> None:
        self.dedup.forget(article.id)
        self._problem(Problem(article.origin or article.id, "parse_timeout",
                              f"parsing took too long, article not stored: {late}"))

    def _extract_alone(self, article: Article) -> Found:
        try:
            return self.pipeline.run([article])
        except ParseTimeout as late:
            self._late(article, late)
            return []
        except Exception as error:  # noqa: BLE001 - becomes a problem row
            self.dedup.forget(article.id)
            message = " ".join(f"{type(error).__name__}: {error}".split())[:300]
            self._problem(Problem(article.origin or article.id, "extract_failed",
                                  f"event extraction failed, article not stored: {message}"))
            return []

    def flush(self) -> None:
        """Start extracting the pending batch.  With worker processes the batch
        before it is written while this one is read; otherwise at once."""
        batch = (self.pending, self.unwritten_problems,
                 self._submit([a for a, _ in self.pending]))
        self.pending, self.unwritten_problems = [], []
        if getattr(self.pipeline, "concurrent", False):
            self.drain()
            self.in_flight = batch
        else:
            self._write(*batch)

    def drain(self) -> None:
        """Write the batch still being extracted, if any."""
        if self.in_flight is not None:
            batch, self.in_flight = self.in_flight, None
            self._write(*batch)

    def _write(self, pending: list[tuple[Article, bytes | None]], problems: list[Problem],
               handle: Handle | None) -> None:
        """Write one extracted batch and its problems in one transaction."""
        results = self._extract([a for a, _ in pending], handle)
        extracted = {a.id for a, _ in results}
        written = [(a, sig) for a, sig in pending if a.id in extracted]
        events = [e for _, found in results for e in found]
        problems = problems + self.unwritten_problems      # failures found while extracting
        self.unwritten_problems = []
        if written or problems:
            self.store.write_batch(written, events, problems)
        self.report.articles += len(written)
        self.written_ids.extend(a.id for a, _ in written)
        self.report.near_duplicates += sum(a.duplicate_of is not None for a, _ in written)
        self.report.mentions += len(events)
        if self.progress and written:
            self.progress(len(written))


class _Ran:
    """The handle of a pipeline that only has `run`: the work is done when asked."""

    def __init__(self, run: Callable[[], Found]) -> None:
        self._run = run

    def result(self) -> Found:
        return self._run()


def refresh(store: "Store", alert_config: Path | None = None, *,
            outbox: bool = False, full: bool = False) -> list[Alert]:
    """Bring coreference clusters, source counts and alerts up to date; the alerts.

    Only the clusters that new (or rewritten) mentions can join are recomputed
    (analysis/incremental.py); `full` forgets every cluster and rebuilds them all,
    which gives the same store.  Alerts are computed from the stored alert rows,
    with no mention decoded.  `outbox` (the watcher) queues new or changed alerts
    for delivery in the transaction that stores them (store/outbox.py)."""
    return refresh_with_report(store, alert_config, outbox=outbox, full=full)[1]


def refresh_with_report(store: "Store", alert_config: Path | None = None, *,
                        outbox: bool = False,
                        full: bool = False) -> "tuple[ClusterRefresh, list[Alert]]":
    """`refresh`, and what it did to the clusters."""
    from tocsin.analysis import alerts as alert_rules
    from tocsin.analysis.config import load_config

    done = consolidate(store, full=full)
    config = load_config(alert_config)
    # Status belongs to each claim, whatever the article's genre: an opinion piece's
    # relayed reports are 'reported', its judgments 'opinion' (extract/claims/status.py).
    found = alert_rules.compute_arrays(_alert_arrays(store, config), config,
                                       coverage=store.publication_times())
    store.replace_alerts(found, outbox=outbox)
    return done, found


def _alert_arrays(store: "Store", config: "AlertConfig") -> Any:
    """The alert rows that can feed an alert under `config`, as numpy arrays
    (`frame.alertable_columns` applies the same test again, and what it keeps
    does not change)."""
    from tocsin.analysis import alert_input, frame
    from tocsin.analysis.config import NEVER_ALERTABLE

    arrays = store.alert_arrays(config.alertable_statuses - NEVER_ALERTABLE,
                                config.min_independent_sources)
    if arrays is None:
        empty = alert_input.rows_of([], {})
        arrays = {name: empty[name].to_numpy() for name in frame.FRAME_COLUMNS}
    return arrays


def consolidate(store: "Store", *, full: bool = False) -> "ClusterRefresh":
    """Merge mentions of the same real-world event (coreference) and store both
    levels, with analysts' corrections applied to the events (and to the alert
    rows, so alerts follow a corrected place or status).  Incremental unless `full`."""
    from tocsin.analysis.incremental import refresh_clusters

    _record_dictionary(store)
    return refresh_clusters(store, full=full)


def _record_dictionary(store: "Store") -> None:
    """The actor dictionary's aliases, written again only when the dictionary changed."""
    import hashlib

    pairs = actor_aliases()
    digest = hashlib.sha1(repr(sorted(pairs)).encode()).hexdigest()[:16]
    row = store.query("SELECT value FROM meta WHERE key = 'actor_dictionary'")
    if row and row[0][0] == digest:
        return
    store.record_actor_names(pairs)
    store.query("INSERT OR REPLACE INTO meta VALUES ('actor_dictionary', ?)", [digest])


def actor_aliases() -> list[tuple[str, str]]:
    """(alias, canonical name) of the actor dictionary, which the store keeps so its
    filters know that ISIL is Islamic State without importing the extractors."""
    from tocsin.extract.actors.data import tables

    return [(" ".join(key), entry.name) for key, entry in tables().named.items()]
