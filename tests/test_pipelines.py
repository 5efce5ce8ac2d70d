"""Worker pipelines: a persistent process pool and a real Dask cluster give exactly
the events of one process, load their models once, and leave nothing running."""
from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tocsin.models import Article
from tocsin.runner import DaskPipeline, PoolPipeline, ingest_articles
from tocsin.store import Store

ROOT = Path(__file__).resolve().parent.parent
TEXTS = [
    "Militants seized the town of Tal Afar on Monday, residents said.",
    "Government aircraft bombed a market in Aleppo, killing 12 people.",
    "The central bank left interest rates unchanged.",
    *sorted(p.read_text(encoding="utf-8") for p in (ROOT / "examples" / "articles").glob("*.txt"))[:5],
]


def articles() -> list[Article]:
    return [Article(id=f"d{i}", text=text, published=None) for i, text in enumerate(TEXTS)]


@pytest.mark.slow
def test_a_pool_of_two_workers_gives_the_events_of_one_process(pipeline):
    local = pipeline.run(articles())
    with PoolPipeline(2, task_articles=2) as pool:
        assert pool.run(articles()) == local
        first = pool.submit(articles()[:4])
        second = pool.submit(articles()[4:])          # both in flight at once
        assert first.result() + second.result() == local
    assert multiprocessing.active_children() == []


class _Concurrent:
    """A pipeline whose results arrive later, as a worker pool's do."""

    concurrent = True

    def __init__(self) -> None:
        self.submitted: list[list[str]] = []

    def submit(self, batch):
        self.submitted.append([a.id for a in batch])
        return _Later(batch)

    def run(self, batch):
        return _Later(batch).result()


class _Later:
    def __init__(self, batch) -> None:
        self.batch = batch

    def result(self):
        if any("boom" in a.text for a in self.batch):
            raise RuntimeError("extractor broke")
        return [(a, []) for a in self.batch]


def test_the_runner_writes_a_batch_while_the_next_is_extracted(tmp_path):
    items = [Article(id=f"a{i}", text="boom" if i == 5 else f"text {i}") for i in range(9)]
    fake = _Concurrent()
    with Store(tmp_path / "t.duckdb") as store:
        report = ingest_articles(items, store, pipeline=fake, batch_size=4, refresh_after=False)
        stored = [row[0] for row in store.query("SELECT id FROM articles ORDER BY id")]
    assert fake.submitted == [["a0", "a1", "a2", "a3"], ["a4", "a5", "a6", "a7"], ["a8"]]
    assert stored == [f"a{i}" for i in range(9) if i != 5]
    assert report.articles == 8 and [p.reason for p in report.problems] == ["extract_failed"]


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _dask(*args: str) -> subprocess.Popen:
    """`dask scheduler ...` or `dask worker ...`, in its own process group."""
    return subprocess.Popen([str(Path(sys.executable).parent / "dask"), *args],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_dask_scheduler_and_two_workers_give_the_events_of_one_process(pipeline, tmp_path):
    from distributed import Client

    from tocsin.pipelines import worker_pipeline

    local = pipeline.run(articles())
    address = f"tcp://127.0.0.1:{_free_port()}"
    scheduler = _dask("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
                      "--no-dashboard")
    workers: list[subprocess.Popen] = []
    try:
        with Client(address, timeout=120) as client:
            for _ in range(2):
                workers.append(_dask("worker", address, "--nworkers", "1", "--nthreads", "1",
                                     "--no-dashboard", "--name", f"w{len(workers)}"))
            client.wait_for_workers(2, timeout=300)
            with DaskPipeline(address, task_articles=2) as spread:
                assert spread.run(articles()) == local
                assert spread.run(articles()[::-1]) == local[::-1]
            # each worker process built its pipeline once, for all the tasks it ran
            built = client.run(lambda: worker_pipeline.cache_info().misses)
            assert len(built) == 2 and set(built.values()) <= {0, 1} and sum(built.values()) >= 1
            pids = set(client.run(os.getpid).values())
            assert os.getpid() not in pids
    finally:
        for process in [*workers, scheduler]:
            _stop(process)
    assert all(p.poll() is not None for p in [*workers, scheduler])


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_a_local_dask_cluster_is_stopped_after_the_ingest(pipeline):
    local = pipeline.run(articles()[:3])
    with DaskPipeline("processes", workers=2) as spread:
        assert spread.run(articles()[:3]) == local
    assert multiprocessing.active_children() == []
    assert json.dumps([e.id for _, found in local for e in found])   # events were found


def test_spacy_is_imported_without_its_command_line_which_stays_importable():
    script = (
        "import sys\n"
        "from tocsin.pipelines import import_spacy\n"
        "spacy = import_spacy()\n"
        "assert 'spacy.cli' not in sys.modules and 'weasel' not in sys.modules\n"
        "assert 'cli' not in vars(spacy)\n"
        "import spacy.cli\n"
        "assert callable(spacy.cli.download) and spacy.cli.info.__module__ == 'spacy.cli.info'\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=ROOT)
    assert done.stdout.strip() == "ok", done.stderr


class _RecordingNlp:
    """Stands in for spaCy: records which texts each `pipe` call parsed."""

    def __init__(self) -> None:
        self.calls: list[list[str]] = []

    def pipe(self, texts, batch_size):
        self.calls.append(list(texts))
        return iter(self.calls[-1])


class _EchoExtractor:
    def __init__(self, nlp: _RecordingNlp) -> None:
        self.nlp, self.alive = nlp, []

    def batch(self, pairs):
        self.alive.append(len(pairs))           # Docs handed over at once
        return [[] for _ in pairs]


def test_a_write_batch_is_parsed_and_extracted_a_parse_batch_at_a_time():
    from tocsin.pipelines import Pipeline

    nlp = _RecordingNlp()
    extractor = _EchoExtractor(nlp)
    batch = [Article(id=f"a{i}", text=f"text {i}") for i in range(10)]
    found = Pipeline(nlp, extractor, batch_size=4).run(batch)   # type: ignore[arg-type]
    assert [a.id for a, _ in found] == [a.id for a in batch]
    assert [len(call) for call in nlp.calls] == [4, 4, 2] and extractor.alive == [4, 4, 2]


#: our own sentences, of the kinds the runner parses: wire leads, datelines, quotes,
#: paragraphs, lists of places and numbers
PARSED_TEXTS = [
    "Rebels shelled the outskirts of Taiz on Sunday, killing four civilians, a local "
    "official said.\n\nThe army said it had repelled the attack and regained two hills.",
    "GOMA, Congo (Reuters) - M23 fighters advanced towards Sake overnight as thousands "
    "fled south along the lake road.",
    '"We will not withdraw," the commander told reporters in Kharkiv. Ain\'t that clear?',
    "The council met on Tuesday. It approved the budget, 7 to 2; the mayor abstained.",
    "Police arrested 12 protesters outside parliament in Nairobi after tear gas was fired.",
    "",
]


def _token_rows(doc):
    return [(t.text, t.tag_, t.pos_, t.dep_, t.head.i, t.lemma_, str(t.morph), t.ent_iob_,
             t.ent_type_, t.is_sent_start) for t in doc]


def test_the_runner_model_multiplies_through_numpy_and_parses_as_the_default_ops_do(nlp):
    from tocsin.extract import array_annotators, segment
    from tocsin.pipelines import MODEL, import_spacy

    default = array_annotators.speed_up(segment.add_to(import_spacy().load(MODEL)))
    assert nlp.get_pipe("tok2vec").model.ops.use_blis is False
    assert default.get_pipe("tok2vec").model.ops.use_blis is True
    ours = [_token_rows(d) for d in nlp.pipe(PARSED_TEXTS * 2, batch_size=4)]
    theirs = [_token_rows(d) for d in default.pipe(PARSED_TEXTS * 2, batch_size=4)]
    assert ours == theirs
    assert any(row[8] == "GPE" for doc in ours for row in doc)     # the NER ran


def test_loading_the_model_leaves_numpy_blas_one_thread(nlp):
    from threadpoolctl import threadpool_info

    # numpy's own BLAS, the one thinc multiplies through: scipy may load its own copy
    # later in the same session, with its own thread count
    blas = [info for info in threadpool_info() if info["user_api"] == "blas"
            and "numpy" in info["filepath"]]
    assert blas and all(info["num_threads"] == 1 for info in blas)


#: articles of our own: two that report events, two that hold no candidate sentence
LATE_NER_TEXTS = [
    "Rebels shelled the outskirts of Taiz on Sunday, killing four civilians, a local "
    "official said. The army said it had regained two hills near the city.",
    "The city council of Mombasa approved the new budget on Tuesday.\n\nThe mayor "
    "thanked the traders' association for its proposals.",
    "Islamic State fighters withdrew from Manbij towards Raqqa overnight, activists said.",
    "Rain is expected across Yorkshire on Friday, and the cricket match may be delayed.",
]


def test_the_entity_recogniser_runs_only_on_articles_that_hold_a_candidate(nlp, pipeline):
    articles = [Article(id=f"n{i}", text=t) for i, t in enumerate(LATE_NER_TEXTS)]
    docs = list(nlp.pipe(LATE_NER_TEXTS, disable=["ner"]))
    finished: list = []
    pipeline.extractor.batch(list(zip(articles, docs)), complete=finished.extend)
    assert [docs.index(d) for d in finished] == [0, 2]


def test_parsing_entities_late_gives_the_events_of_a_full_parse(nlp, pipeline):
    articles = [Article(id=f"n{i}", text=t) for i, t in enumerate(LATE_NER_TEXTS * 2)]
    full = list(zip(articles, nlp.pipe((a.text for a in articles), batch_size=4)))
    expected = pipeline.extractor.batch(full)
    assert any(expected[0]) and any(expected[2]) and not expected[1]
    assert pipeline._late_pipes() == ("ner",)
    assert [found for _, found in pipeline.run(articles)] == expected
