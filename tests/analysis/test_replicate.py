"""The bench's large stores: copies of a store, shifted in time, that never corefer."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tocsin.benchmarks.replicate import replicate
from tocsin.runner import refresh
from tocsin.store import Store

from .conftest import article, event


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.duckdb"
    arts = [article("a1", datetime(2014, 3, 3, 12), source="AFP"),
            article("a2", datetime(2016, 5, 1, 12), source="SANA")]
    mentions = [event("m1", date(2014, 3, 2), article="a1"),
                event("m2", date(2014, 3, 2), article="a1", who="Free Syrian Army"),
                event("m3", date(2016, 4, 30), "Aleppo", article="a2")]
    with Store(path) as store:
        store.write_batch([(a, None) for a in arts], mentions)
        refresh(store)
    return path


def test_copies_are_shifted_past_each_other_and_cluster_alone(tmp_path, source):
    target = tmp_path / "large.duckdb"
    done = replicate(source, target, mentions=8)
    assert (done["copies"], done["span_years"], done["mentions"]) == (3, 3, 9)
    with Store(target, read_only=True) as store:
        rows = store.query("SELECT id, article_id, cluster_id, year(date) FROM mentions "
                           "ORDER BY id")
        published = dict(store.query("SELECT id, year(published) FROM articles"))
        with Store(source, read_only=True) as original:
            clusters = original.query("SELECT count(DISTINCT cluster_id) FROM mentions")[0][0]
        copied = store.query("SELECT count(DISTINCT cluster_id) FROM mentions")[0][0]
    assert copied == 3 * clusters
    for mention_id, article_id, cluster_id, year in rows:
        prefix, original_id = mention_id.split(":", 1)
        k = int(prefix[1:])
        assert article_id.startswith(prefix + ":") and cluster_id.startswith(prefix + ":")
        assert year == {"m1": 2014, "m2": 2014, "m3": 2016}[original_id] + 3 * k
        assert published[article_id] == {"a1": 2014, "a2": 2016}[article_id.split(":", 1)[1]] + 3 * k


def test_replicate_never_overwrites_a_store(tmp_path, source):
    with pytest.raises(FileExistsError):
        replicate(source, source, mentions=10)
