"""Mentions and events in typed columns: every field round-trips, with no JSON."""
from __future__ import annotations

import dataclasses
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin import models
from tocsin.models import (
    Actor, Attribution, Correction, Event, Evidence, Mention, Movement, Place, Sources,
)
from tocsin.store import Store
from tocsin.store import event_columns

text = st.text(min_size=0, max_size=12)
maybe = st.none() | text
coordinate = st.floats(-89, 89, allow_nan=False)
places = st.builds(Place, name=text, lat=coordinate, lon=coordinate, admin1=maybe, country=maybe,
                   precision=st.sampled_from(models.PLACE_PRECISIONS), country_code=maybe,
                   geonameid=st.none() | st.integers(0, 2**40),
                   feature_code=maybe, population=st.integers(0, 2**40), admin2=maybe,
                   explanation=maybe)
actors = st.builds(Actor, text=text, name=text, kind=text, country=maybe, known=st.booleans())
said = st.recursive(st.builds(Attribution, text=text, kind=text, name=maybe, quote=maybe),
                    lambda inner: st.builds(Attribution, text=text, kind=text, name=maybe,
                                            quote=maybe, cites=inner), max_leaves=3)
moments = st.datetimes(datetime(1990, 1, 1), datetime(2030, 1, 1))
corrections = st.builds(Correction, id=text, event_id=text, fields=st.tuples(text),
                        note=maybe, made_at=st.none() | moments)
events = st.builds(
    Event, id=st.text(min_size=1, max_size=10), event_type=text, sub_event_type=text,
    plover=maybe, date=st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    date_precision=text, status=text, actor1=st.none() | actors,
    location=st.none() | places,
    evidence=st.builds(Evidence, article_id=text, sentence=text, start=st.integers(0, 10**6),
                       end=st.integers(0, 10**6),
                       trigger=st.none() | st.builds(Mention, text=text, start=st.integers(0, 999),
                                                     end=st.integers(0, 999), label=text)),
    actor2=st.none() | actors, fatalities=st.none() | st.integers(0, 10**6),
    movement=st.none() | st.builds(Movement, kind=text, origin=st.none() | places,
                                   destination=st.none() | places),
    attribution=st.none() | said,
    sources=st.builds(Sources, articles=st.integers(1, 50), independent=st.integers(1, 50)),
    cluster_id=st.none() | text, confidence=st.floats(0, 1),
    places_mentioned=st.lists(places, max_size=3).map(tuple),
    corrections=st.lists(corrections, max_size=2).map(tuple),
    assoc_actor1=st.lists(actors, max_size=2).map(tuple),
    assoc_actor2=st.lists(actors, max_size=2).map(tuple))


@settings(max_examples=60, deadline=None)
@given(st.lists(events, min_size=1, max_size=5, unique_by=lambda e: e.id))
def test_every_field_of_an_event_round_trips_through_the_typed_columns(tmp_path_factory, found):
    expected = [dataclasses.replace(e, cluster_id=e.cluster_id or e.id) for e in found]
    with Store(tmp_path_factory.mktemp("typed") / "t.duckdb") as store:
        with store.transaction() as con:
            store.insert_events(con, "mentions", found)
            store.insert_events(con, "events", found)
        assert store.query("SELECT count(*) FROM mentions WHERE payload IS NOT NULL") == [(0,)]
        for table in ("mentions", "events"):
            assert sorted(store.event_rows(table), key=lambda e: e.id) == \
                sorted(expected, key=lambda e: e.id)


def test_the_codec_knows_every_field_of_the_records_it_stores():
    """A field added to a record must be given a column (event_columns.py), or this fails."""
    covered = {
        Event: set(event_columns.FLAT_COLUMNS) | set(event_columns.TYPED_COLUMNS),
        Place: set(event_columns._PLACE_FIELDS),
        Actor: {"text", "name", "kind", "country", "known"},
        Attribution: {"text", "kind", "name", "quote", "cites"},
        Mention: {"text", "start", "end", "label"},
        Correction: {"id", "event_id", "fields", "note", "made_at"},
    }
    # Event fields stored under other names, or spread over several columns
    renamed = {"movement": "movement_kind", "sources": "sources_articles",
               "evidence": "sentence"}
    for record, names in covered.items():
        for f in dataclasses.fields(record):
            assert renamed.get(f.name, f.name) in names, f"{record.__name__}.{f.name} has no column"
