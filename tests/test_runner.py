"""The runner: batching, transactional writes, resume after a crash, Dask."""
from __future__ import annotations

import json
from datetime import date

import pytest

from tocsin.models import Article, Event, Evidence
from tocsin.runner import DaskPipeline, Pipeline, ingest
from tocsin.store import Store


class FlakyPipeline:
    """Extracts one event per article; dies on the given call, like a killed process."""

    def __init__(self, die_on_call: int | None = None) -> None:
        self.calls = 0
        self.die_on_call = die_on_call

    def run(self, articles):
        self.calls += 1
        if self.calls == self.die_on_call:
            raise KeyboardInterrupt("killed")
        return [(a, [Event(id="ev-" + a.id, event_type="Battles", sub_event_type="Armed clash",
                           plover="ASSAULT", date=date(2014, 6, 9), date_precision="day",
                           status="reported", actor1=None, location=None,
                           evidence=Evidence(a.id, a.text, 0, len(a.text)))])
                for a in articles]


def write_corpus(path, n: int) -> None:
    with path.open("w") as handle:
        for i in range(n):
            handle.write(json.dumps({"id": f"n{i}", "published": "2014-06-09",
                                     "text": f"Report number {i}: gunmen attacked checkpoint {i}."}) + "\n")


def test_killed_ingest_resumes_without_loss_or_duplicates(tmp_path):
    corpus, db = tmp_path / "c.jsonl", tmp_path / "t.duckdb"
    write_corpus(corpus, 10)
    with Store(db) as store, pytest.raises(KeyboardInterrupt):
        ingest([corpus], store, pipeline=FlakyPipeline(die_on_call=2), batch_size=4)
    with Store(db) as store:
        assert store.query("SELECT count(*) FROM articles") == [(4,)]   # first batch only
        assert store.query("SELECT count(*) FROM mentions") == [(4,)]
        report = ingest([corpus], store, pipeline=FlakyPipeline(), batch_size=4)
        assert report.articles == 6 and report.duplicates == 4
        assert store.query("SELECT count(*), count(DISTINCT id) FROM articles") == [(10, 10)]
        assert store.query("SELECT count(*) FROM mentions") == [(10,)]


def test_reingest_changes_nothing(tmp_path):
    corpus, db = tmp_path / "c.jsonl", tmp_path / "t.duckdb"
    write_corpus(corpus, 3)
    with Store(db) as store:
        ingest([corpus], store, pipeline=FlakyPipeline())
        first = (store.mentions(), store.events(), store.alerts())
        report = ingest([corpus], store, pipeline=FlakyPipeline())
        assert report.articles == 0 and report.duplicates == 3
        assert (store.mentions(), store.events(), store.alerts()) == first


@pytest.mark.slow
def test_dask_gives_the_same_events_as_one_process(pipeline):
    articles = [Article(id=f"d{i}", text=text, published=None) for i, text in enumerate([
        "Militants seized the town of Tal Afar on Monday, residents said.",
        "Government aircraft bombed a market in Aleppo, killing 12 people.",
        "The central bank left interest rates unchanged.",
    ])]
    local = pipeline.run(articles)
    spread = DaskPipeline(scheduler="sync", partitions=2).run(articles)
    assert spread == local
    assert isinstance(pipeline, Pipeline)
