"""Incremental refresh equals a full recomputation, whatever order the mentions arrive in."""
from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.analysis import alert_input
from tocsin.analysis import alerts as alert_rules
from tocsin.analysis import coref
from tocsin.analysis.config import load_config
from tocsin.models import Article, Event, Sources
from tocsin.runner import consolidate, refresh, refresh_with_report
from tocsin.store import Store
from tocsin.store.corrections import Changes, apply_all, clusters_of

from .conftest import PLACES, article, event

D = date(2014, 3, 2)


def reference(store: Store) -> tuple[dict[str, Event], dict[str, Event], list]:
    """What refresh computed before it was incremental: everything, from scratch."""
    found = store.mentions()
    articles = store.article_meta()
    clusters = coref.cluster(found)
    annotated = coref.annotate(found, clusters, articles)
    merged = coref.merge(found, clusters, articles)
    stored = store.corrections()
    merged = apply_all(merged, stored, clusters_of(annotated)) if stored else merged
    alerts = alert_rules.compute(store.with_corrections(annotated), articles, load_config(None))
    return {m.id: m for m in annotated}, {e.id: e for e in merged}, alerts


def state(store: Store) -> tuple[dict[str, Event], dict[str, Event], list]:
    return ({m.id: m for m in store.mentions()}, {e.id: e for e in store.events()},
            [dataclasses.replace(a, dismissed=None) for a in store.alerts()])


def fresh(event: Event) -> Event:
    """A mention as the extractor writes it: no cluster, one source."""
    return dataclasses.replace(event, cluster_id=None, sources=Sources())


def ingest_in_chunks(path, articles: list[Article], mentions: list[Event],
                     rng: random.Random) -> None:
    by_article: dict[str, list[Event]] = {}
    for mention in mentions:
        by_article.setdefault(mention.evidence.article_id, []).append(fresh(mention))
    order = list(articles)
    rng.shuffle(order)
    with Store(path) as store:
        while order:
            size = rng.randint(1, max(1, len(order) // 3))
            chunk, order = order[:size], order[size:]
            store.write_batch([(a, None) for a in chunk],
                              [m for a in chunk for m in by_article.get(a.id, [])])
            refresh(store)


@pytest.fixture(scope="module")
def demo_copy(demo_db):
    """The demo store's articles (with text) and mentions, as extracted."""
    with Store(demo_db, read_only=True) as store:
        return list(store.articles()), store.mentions()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_refresh_in_random_chunk_orders_equals_full_rebuild(tmp_path, demo_copy, seed):
    articles, mentions = demo_copy
    path = tmp_path / "chunks.duckdb"
    ingest_in_chunks(path, articles, mentions, random.Random(seed))
    with Store(path) as store:
        incremental = state(store)
        assert incremental == reference(store)
        done, _ = refresh_with_report(store, full=True)
        assert done.reclustered == len(mentions)
        assert state(store) == incremental
    assert len(incremental[1]) < len(incremental[0])       # some mentions did merge


def test_a_new_report_rewrites_only_the_rows_it_changes(tmp_path, demo_copy):
    articles, mentions = demo_copy
    path = tmp_path / "one_more.duckdb"
    last = max(articles, key=lambda a: (a.published or datetime.min, a.id))
    ingest_in_chunks(path, [a for a in articles if a.id != last.id],
                     [m for m in mentions if m.evidence.article_id != last.id], random.Random(0))
    with Store(path) as store:
        store.write_batch([(last, None)], [fresh(m) for m in mentions
                                           if m.evidence.article_id == last.id])
        done, _ = refresh_with_report(store)
        assert done.pending == sum(m.evidence.article_id == last.id for m in mentions)
        assert done.reclustered < len(mentions) // 2
        assert done.mention_rows <= done.reclustered
        assert state(store) == reference(store)


def test_stale_alert_rows_are_rebuilt_for_clustered_mentions_and_built_once_for_new_ones(
        tmp_path, demo_copy):
    """A change to the alert-row code rebuilds the rows of the clustered mentions;
    the mentions no refresh has clustered get theirs when they are clustered
    (a new store's rows were built twice)."""
    articles, mentions = demo_copy
    half = {a.id for a in articles[:len(articles) // 2]}
    path = tmp_path / "stale.duckdb"
    ingest_in_chunks(path, [a for a in articles if a.id in half],
                     [m for m in mentions if m.evidence.article_id in half], random.Random(6))
    with Store(path) as store:
        store.write_batch([(a, None) for a in articles if a.id not in half],
                          [fresh(m) for m in mentions if m.evidence.article_id not in half])
        store.set_alert_rows_fingerprint("written by older code")
        ((clustered,),) = store.query("SELECT count(*) FROM mentions "
                                      "WHERE component_id IS NOT NULL")
        assert 0 < clustered < len(mentions)
        assert alert_input.ensure_current(store) == clustered
        refresh(store)
        assert state(store) == reference(store)
        rows = repr(store.query("SELECT * FROM alert_rows ORDER BY id"))
        refresh(store, full=True)
        assert repr(store.query("SELECT * FROM alert_rows ORDER BY id")) == rows


def test_a_rewritten_mention_sends_its_old_cluster_back_to_refresh(tmp_path):
    a, b = event("a", D, "Idlib"), event("b", D + timedelta(days=1), "Idlib")
    with Store(tmp_path / "t.duckdb") as store:
        store.write_batch([(article("art-a"), None), (article("art-b"), None)], [a, b])
        refresh(store)
        assert {e.id for e in store.events()} == {"a"}
        moved = dataclasses.replace(b, location=dataclasses.replace(b.location, name="Raqqa",
                                    lat=PLACES["Raqqa"][0], lon=PLACES["Raqqa"][1]))
        store.write_batch([], [moved])
        refresh(store)
        assert {e.id for e in store.events()} == {"a", "b"}
        assert state(store) == reference(store)


def test_corrections_added_and_withdrawn_reach_events_and_alert_rows(tmp_path, demo_copy):
    articles, mentions = demo_copy
    path = tmp_path / "corrected.duckdb"
    ingest_in_chunks(path, articles, mentions, random.Random(5))
    with Store(path) as store:
        target = next(e for e in store.events() if e.location is not None)
        store.add_correction(target.id, Changes(status="negated"), "not so")
        refresh(store)
        assert store.event(target.id).status == "negated"
        assert state(store) == reference(store)
        store.remove_corrections(target.id)
        refresh(store)
        assert store.event(target.id).status == target.status
        assert state(store) == reference(store)


def test_rows_written_as_json_by_older_versions_are_read_and_upgraded(tmp_path):
    from tocsin.store.codec import EVENT_COLUMNS, event_row
    from tocsin.store.bulk import insert_rows

    legacy = [event("a", D, "Idlib"), event("b", D, "Idlib")]
    with Store(tmp_path / "old.duckdb") as store:
        store.write_batch([(article("art-a"), None), (article("art-b"), None)], [])
        with store.transaction() as con:
            insert_rows(con, "mentions", EVENT_COLUMNS, [event_row(e) for e in legacy])
        assert [m.id for m in store.mentions()] == ["a", "b"]     # read from the payload
        refresh(store)
        assert store.query("SELECT count(*) FROM mentions WHERE sentence IS NULL") == [(0,)]
        assert state(store) == reference(store)


@st.composite
def streams(draw: st.DrawFn) -> list[Event]:
    names = list(PLACES)
    out = []
    for i in range(draw(st.integers(1, 30))):
        out.append(event(
            f"e{i:02d}", D + timedelta(days=draw(st.integers(0, 40))), draw(st.sampled_from(names)),
            who=draw(st.sampled_from(["ISIS", "Syrian Army", None])),
            victim=draw(st.sampled_from([None, None, "Syrian Army"])),
            sub=draw(st.sampled_from(["Armed clash", "Attack", "Air/drone strike",
                                      "Non-state actor overtakes territory"])),
            precision=draw(st.sampled_from(["day", "day", "week", "month", "year"])),
            article=f"art{draw(st.integers(0, 8))}"))
    return out


@settings(max_examples=15, deadline=None)
@given(streams(), st.randoms(use_true_random=False), st.integers(1, 6))
def test_incremental_clusters_equal_coref_over_everything(tmp_path_factory, events, rng, chunk):
    published = datetime(2014, 3, 1)
    arts = [article(f"art{i}", published + timedelta(days=3 * i)) for i in range(9)]
    shuffled = list(events)
    rng.shuffle(shuffled)
    path = tmp_path_factory.mktemp("prop") / "p.duckdb"
    with Store(path) as store:
        store.write_batch([(a, None) for a in arts], [])
        for start in range(0, len(shuffled), chunk):
            store.write_batch([], shuffled[start:start + chunk])
            consolidate(store)
        refresh(store)
        clusters = {m.id: m.cluster_id for m in store.mentions()}
        assert clusters == coref.cluster(events)
        assert state(store) == reference(store)


@pytest.mark.parametrize("opinion", [False, True])
def test_alert_rows_read_as_arrays_give_the_columns_of_the_frame_path(tmp_path, demo_copy,
                                                                        opinion):
    """refresh reads the alert rows as numpy arrays (no pandas frame): the same
    columns, value for value and type for type, as frame.columns(alertable(...))."""
    import numpy as np

    from tocsin.analysis import alert_input, frame
    from tocsin.analysis.config import NEVER_ALERTABLE

    articles, mentions = demo_copy
    path = tmp_path / "arrays.duckdb"
    ingest_in_chunks(path, articles, mentions, random.Random(4))
    config = load_config(None)
    statuses = config.alertable_statuses - NEVER_ALERTABLE
    skip = sorted({m.evidence.article_id for m in mentions})[:3] if opinion else ()
    with Store(path) as store:
        rows = store.alert_frame(statuses, config.min_independent_sources)
        arrays = store.alert_arrays(statuses, config.min_independent_sources)
    want = frame.columns(frame.alertable(frame.with_optional(rows), config, skip))
    got = alert_input.columns_of(arrays, config, skip)
    assert arrays == {}
    assert 0 < len(got) == len(want)
    for field in dataclasses.fields(want):
        a, b = getattr(want, field.name), getattr(got, field.name)
        assert a.dtype == b.dtype, field.name
        if a.dtype.kind == "f":
            assert np.array_equal(a, b, equal_nan=True), field.name
        else:
            assert a.tolist() == b.tolist(), field.name


def test_a_correction_reaches_the_alert_rows_of_its_event(tmp_path, demo_copy):
    """add_correction shows the correction on the event at once; the next refresh must
    still rewrite the alert rows of its mentions, which alerts are computed from."""
    articles, mentions = demo_copy
    path = tmp_path / "corrected.duckdb"
    ingest_in_chunks(path, articles, mentions, random.Random(5))
    with Store(path) as store:
        target = next(e for e in store.events() if e.location is not None and e.status != "negated")
        store.add_correction(target.id, Changes(status="negated"), "not so")
        refresh(store)
        statuses = {s for (s,) in store.query(
            "SELECT a.status FROM alert_rows a JOIN mentions m ON a.id = m.id "
            "WHERE m.cluster_id = ? OR m.id = ?", [target.id, target.id])}
        assert statuses == {"negated"}
