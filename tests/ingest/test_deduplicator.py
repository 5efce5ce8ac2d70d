"""The per-run de-duplicator: repeats skipped, duplicate ids refused, syndicated copies kept."""
from __future__ import annotations

import pytest

from tocsin.ingest.build import Fields, from_body
from tocsin.ingest.dedup import Deduplicator, copy_id
from tocsin.models import Article
from tocsin.store import Store

WIRE = ("Gunmen attacked a checkpoint on the road north of Tal Hamra before dawn on Tuesday, "
        "killing three guards, a local council member said by telephone.")
OTHER = "Heavy rain closed the mountain pass for a second day, the roads office said on Monday."


def article(text: str = WIRE, **meta: str | None) -> Article:
    built = from_body(text, meta.pop("origin", None) or "test", Fields(**meta))
    assert isinstance(built, Article)
    return built


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "d.duckdb") as opened:
        yield opened


def stored(store: Store, dedup: Deduplicator, item: Article):
    verdict = dedup.check(item)
    if verdict.article is not None:
        store.write_batch([(verdict.article, verdict.signature)], [])
    return verdict


def test_same_id_and_body_is_a_repeat(store):
    dedup = Deduplicator(store)
    assert stored(store, dedup, article(id="x1")).outcome == "new"
    assert dedup.check(article(id="x1")).outcome == "repeat"
    assert Deduplicator(store).check(article(id="x1")).outcome == "repeat"   # from the store too


def test_same_id_with_another_body_is_refused(store):
    dedup = Deduplicator(store)
    stored(store, dedup, article(id="x1"))
    verdict = dedup.check(article(OTHER, id="x1", origin="file.jsonl:2"))
    assert verdict.outcome == "duplicate_id" and verdict.article is None
    assert verdict.problem.reason == "duplicate_id" and verdict.problem.origin == "file.jsonl:2"


def test_duplicate_id_within_one_batch_before_anything_is_stored(store):
    dedup = Deduplicator(store)
    assert dedup.check(article(id="x1")).outcome == "new"              # not written yet
    assert dedup.check(article(OTHER, id="x1")).outcome == "duplicate_id"
    assert dedup.check(article(id="x1")).outcome == "repeat"


def test_the_same_wire_story_from_another_outlet_is_a_linked_copy(store):
    dedup = Deduplicator(store)
    first = stored(store, dedup, article(source="Levant Wire", title="Checkpoint attacked")).article
    copy = dedup.check(article(source="Orontes Post", title="Guards killed at checkpoint"))
    assert copy.outcome == "syndicated"
    assert copy.article.id != first.id and copy.article.id == copy_id(copy.article)
    assert copy.article.duplicate_of == first.id
    assert copy.article.text == first.text


def test_a_copy_is_a_repeat_when_read_again(store):
    stored(store, Deduplicator(store), article(source="Levant Wire"))
    stored(store, Deduplicator(store), article(source="Orontes Post"))
    again = Deduplicator(store)
    assert again.check(article(source="Levant Wire")).outcome == "repeat"
    assert again.check(article(source="Orontes Post")).outcome == "repeat"
    assert store.query("SELECT count(*) FROM articles") == [(2,)]


def test_given_ids_with_one_body_are_copies_unless_the_url_is_the_same(store):
    dedup = Deduplicator(store)
    stored(store, dedup, article(id="w-1", url="https://wire.example/1"))
    copy = dedup.check(article(id="p-7", url="https://post.example/7"))
    assert copy.outcome == "syndicated" and copy.article.duplicate_of == "w-1"
    assert dedup.check(article(id="w-1-again", url="https://wire.example/1")).outcome == "repeat"


def test_copies_of_a_copy_point_at_the_first_copy(store):
    dedup = Deduplicator(store)
    stored(store, dedup, article(id="w-1"))
    stored(store, dedup, article(id="p-7"))
    third = dedup.check(article(id="q-9"))
    assert third.article.duplicate_of == "w-1"


def test_forget_lets_a_record_in_again(store):
    dedup = Deduplicator(store)
    assert dedup.check(article(id="x1")).outcome == "new"
    dedup.forget("x1")
    assert dedup.check(article(id="x1")).outcome == "new"
    assert dedup.check(article(OTHER, id="y1")).outcome == "new"
