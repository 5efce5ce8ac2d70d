from datetime import date, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.models import (
    Actor, Alert, Article, Attribution, Event, Evidence, Mention, Movement, Place, Problem,
    Sources,
)
from tocsin.store import EventFilter, FilterError, Store, StoreError

text = st.text(min_size=1, max_size=40)
maybe_text = st.none() | text
coord = st.floats(min_value=-89, max_value=89, allow_nan=False)
places = st.builds(Place, name=text, lat=coord, lon=coord, admin1=maybe_text, country=maybe_text,
                   precision=st.sampled_from(["city", "admin1", "country"]),
                   country_code=st.none() | st.sampled_from(["SY", "IQ"]),
                   geonameid=st.none() | st.integers(1, 10**8), population=st.integers(0, 10**7))
actors = st.builds(Actor, text=text, name=text, kind=st.sampled_from(["jihadist", "other"]),
                   country=st.none() | st.just("SYR"), known=st.booleans())
events = st.builds(
    Event,
    id=st.text("abcdef0123456789", min_size=4, max_size=16),
    event_type=text, sub_event_type=text, plover=maybe_text,
    date=st.none() | st.dates(date(1990, 1, 1), date(2030, 1, 1)),
    date_precision=st.sampled_from(["day", "week", "month", "year"]),
    status=st.sampled_from(["asserted", "reported", "denied"]),
    actor1=st.none() | actors, actor2=st.none() | actors, location=st.none() | places,
    evidence=st.builds(Evidence, article_id=text, sentence=text, start=st.integers(0, 999),
                       end=st.integers(0, 999),
                       trigger=st.none() | st.builds(Mention, text=text, start=st.integers(0, 9),
                                                     end=st.integers(0, 9), label=text)),
    fatalities=st.none() | st.integers(0, 10_000),
    movement=st.none() | st.builds(Movement, kind=st.sampled_from(["withdraw", "redeploy"]),
                                   origin=st.none() | places, destination=st.none() | places),
    attribution=st.none() | st.builds(Attribution, text=text, kind=text, name=maybe_text,
                                      quote=maybe_text),
    sources=st.builds(Sources, articles=st.integers(1, 9), independent=st.integers(1, 9)),
    cluster_id=maybe_text, confidence=st.floats(0, 1),
    assoc_actor1=st.lists(actors, max_size=2).map(tuple),
)


def article(id_: str = "a1", text: str = "Fighters attacked a checkpoint.", **kw) -> Article:
    return Article(id=id_, text=text, title="T", published=datetime(2014, 6, 9), content_hash="h" + id_,
                   **kw)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(event=events)
def test_event_round_trips_through_the_store(tmp_path, event):
    with Store(tmp_path / "rt.duckdb") as store:
        store.write_batch([], [event])
        assert store.event(event.id) == event
        store.con.execute("DELETE FROM mentions")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=st.text(min_size=1), title=maybe_text)
def test_article_round_trips(tmp_path, body, title):
    art = Article(id="x", text=body, title=title, published=datetime(2014, 3, 14, 8, 30),
                  captions=((0, 1),), content_hash="abc", origin="f.txt")
    with Store(tmp_path / "a.duckdb") as store:
        store.write_batch([(art, b"sig")], [])
        assert store.article("x") == art
        assert list(store.signatures()) == [("x", b"sig")]
        store.con.execute("DELETE FROM articles")


def test_batch_is_atomic(tmp_path):
    store = Store(tmp_path / "t.duckdb")
    bad_event = object()  # not an Event: the write fails half way
    with pytest.raises(Exception):
        store.write_batch([(article(), None)], [bad_event])  # type: ignore[list-item]
    assert store.article("a1") is None
    store.write_batch([(article(), None)], [])
    store.write_batch([(article(), None)], [])   # re-running a batch adds nothing
    assert store.query("SELECT count(*) FROM articles") == [(1,)]


def test_filters_are_parameterised(tmp_path):
    store = Store(tmp_path / "f.duckdb")
    ev = Event(id="e1", event_type="Battles", sub_event_type="Armed clash", plover="ASSAULT",
               date=date(2014, 6, 9), date_precision="day", status="reported",
               actor1=Actor("ISIL", "ISIS", "jihadist"), actor2=None,
               location=Place("Mosul", 36.3, 43.1, "Nineveh", "Iraq"),
               evidence=Evidence("a1", "s", 0, 1))
    store.write_batch([(article(), None)], [ev])
    store.replace_events([ev], [ev])
    assert [e.id for e in store.events(EventFilter(actor="isis"))] == ["e1"]
    with pytest.raises(FilterError, match="unknown actor"):     # refused, never spliced into SQL
        store.events(EventFilter(actor="x' OR 1=1 --"))
    assert [e.id for e in store.mentions(EventFilter(bbox=(40, 30, 50, 40)))] == ["e1"]
    assert store.events(EventFilter(since=date(2014, 6, 10))) == []
    assert store.count_events(EventFilter(country="iraq")) == 1
    renamed = Event(**{**{f: getattr(ev, f) for f in ev.__dataclass_fields__},
                       "id": "e2", "actor1": Actor("Daesh", "Islamic State", "jihadist")})
    store.replace_events([ev, renamed], [ev, renamed])
    store.record_actor_names([("ISIL", "Islamic State"), ("the Islamic State", "Islamic State")])
    assert [e.id for e in store.events(EventFilter(actor="ISIL"))] == ["e2"]   # via the aliases


def test_problems_and_alerts_persist(tmp_path):
    path = tmp_path / "p.duckdb"
    with Store(path) as store:
        store.add_problems([Problem("x.txt", "empty", "x.txt: file is empty")])
        store.replace_alerts([Alert("al1", "surge", None, "Nineveh", datetime(2014, 6, 9), 0.8,
                                    "Surge in Nineveh.", ("e1",))])
    with Store(path, read_only=True) as store:
        assert [p.reason for p in store.problems()] == ["empty"]
        assert store.alerts()[0].evidence == ("e1",)


def test_a_store_from_another_schema_version_is_refused(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as store:
        store.con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="schema 1"):
        Store(path)


def _cached_table_bytes(store: Store) -> int:
    rows = store.con.execute("SELECT memory_usage_bytes FROM duckdb_memory() "
                             "WHERE tag = 'BASE_TABLE'").fetchall()
    return int(rows[0][0]) if rows else 0


def _filled(path) -> Store:
    """A store file with a few MB of table pages, closed and opened again."""
    with Store(path) as store:
        store.con.execute("CREATE TABLE filler AS SELECT range AS n, repeat('x', 40) || range "
                          "AS s FROM range(300000)")
    store = Store(path)
    store.con.execute("SELECT sum(n), max(s) FROM filler").fetchall()
    return store


def test_release_cache_evicts_read_pages_and_restores_the_limit(tmp_path):
    store = _filled(tmp_path / "cache.duckdb")
    with store:
        default = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
        assert _cached_table_bytes(store) > 2_000_000
        store.release_cache()
        assert _cached_table_bytes(store) < 1_000_000
        assert store.con.execute("SELECT current_setting('memory_limit')").fetchone() == default
        assert store.con.execute("SELECT count(*) FROM filler").fetchone() == (300000,)


def test_release_cache_leaves_a_shared_connection_alone(tmp_path):
    """A server's cursor: other requests read the same database meanwhile."""
    store = _filled(tmp_path / "shared.duckdb")
    with store:
        shared = Store.__new__(Store)
        shared.con, shared.path = store.con.cursor(), store.path
        cached = _cached_table_bytes(store)
        shared.release_cache()
        assert _cached_table_bytes(store) == cached
