"""Corrections and dismissals: stored apart from extraction, kept through refresh and
re-ingest, shown in every listing and export (issue 13, friction point 10)."""
from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, datetime

import pytest

from tocsin.models import Actor, Alert, Article, Correction, Event, Evidence, Place
from tocsin.runner import consolidate
from tocsin.store import AlertFilter, EventFilter, Store
from tocsin.store.corrections import Changes, CorrectionError, StoredCorrection, apply_all
from tocsin.store.export import export

MOSUL = Place("Mosul", 36.34, 43.13, "Nineveh", "Iraq", "city", "IQ")
ROME = Place("Rome", 41.89, 12.48, "Lazio", "Italy", "city", "IT")
IS = Actor("ISIL fighters", "Islamic State", "jihadist", None, known=True)


def _event(id_: str, article: str, place: Place = ROME, day: date = date(2014, 6, 10)) -> Event:
    return Event(id=id_, event_type="Battles", sub_event_type="Armed clash", plover=None, date=day,
                 date_precision="day", status="reported", actor1=IS, actor2=None, location=place,
                 evidence=Evidence(article, f"Fighting in {place.name}.", 0, 20))


def _articles(*ids: str) -> list[tuple[Article, None]]:
    return [(Article(id=i, text="x", content_hash="h" + i, published=datetime(2014, 6, 10)), None)
            for i in ids]


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "c.duckdb") as handle:
        handle.write_batch(_articles("a1", "a2"), [_event("ev5", "a1"), _event("ev7", "a2")])
        consolidate(handle)
        yield handle


def test_a_correction_changes_the_event_and_not_the_mentions(store):
    assert [e.id for e in store.events()] == ["ev5"]          # two reports, one event
    record = store.add_correction("ev5", Changes(location=MOSUL, status="alleged"), "geocoded to Rome")
    event = store.event("ev5")
    assert event.location == MOSUL and event.status == "alleged"
    assert event.corrections == (record,) and record.fields == ("location", "status")
    assert {m.location.name for m in store.mentions()} == {"Rome"}    # what was extracted
    assert [e.id for e in store.events(EventFilter(country="Iraq"))] == ["ev5"]   # filters see it
    assert store.events(EventFilter(country="Italy")) == []


def test_a_correction_survives_refresh_and_re_ingest(store):
    store.add_correction("ev5", Changes(location=MOSUL), "wrong Rome")
    consolidate(store)
    assert store.event("ev5").location == MOSUL
    store.write_batch(_articles("a1", "a2"), [_event("ev5", "a1"), _event("ev7", "a2")])
    consolidate(store)
    assert store.event("ev5").location == MOSUL and len(store.event("ev5").corrections) == 1


def test_a_correction_given_a_mention_id_corrects_its_real_world_event(store):
    store.add_correction("ev7", Changes(fatalities=3))
    assert store.event("ev5").fatalities == 3 and store.event("ev7").fatalities is None   # ev7: a mention
    assert store.corrections()[0].record.event_id == "ev5"


def test_the_correction_follows_its_mention_when_the_cluster_is_renamed(store):
    store.add_correction("ev5", Changes(location=MOSUL))
    # a new report with a smaller id joins the cluster: the real-world event is now "ev1"
    store.write_batch(_articles("a0"), [_event("ev1", "a0")])
    consolidate(store)
    assert [e.id for e in store.events()] == ["ev1"]
    assert store.event("ev1").location == MOSUL


def test_merges_apply_oldest_first_and_splits_keep_the_anchor():
    early, late = datetime(2014, 7, 1), datetime(2014, 7, 2)
    first = StoredCorrection(Correction("co-1", "m1", ("fatalities",), None, early), Changes(fatalities=1))
    second = StoredCorrection(Correction("co-2", "m3", ("fatalities",), None, late), Changes(fatalities=9))
    merged = apply_all([_event("m1", "a1")], [first, second], {"m1": "m1", "m2": "m1", "m3": "m1"})
    assert merged[0].fatalities == 9 and [c.id for c in merged[0].corrections] == ["co-1", "co-2"]
    split = apply_all([_event("m1", "a1"), _event("m3", "a3")], [first],
                      {"m1": "m1", "m2": "m1", "m3": "m3"})
    assert [e.fatalities for e in split] == [1, None]


def test_corrections_reach_exports_and_can_be_withdrawn(store, tmp_path):
    store.add_correction("ev5", Changes(location=MOSUL), "wrong Rome")
    out = io.StringIO()
    export(store, "csv", None, stream=out)
    row = next(csv.DictReader(io.StringIO(out.getvalue())))
    assert (row["location"], row["corrected"], row["correction_note"]) == ("Mosul", "location", "wrong Rome")
    acled = tmp_path / "acled.csv"
    export(store, "acled", acled)
    assert "corrected by an analyst: location" in next(csv.DictReader(acled.open()))["tags"]
    assert store.remove_corrections("ev5") == 1
    consolidate(store)
    assert store.event("ev5").location.name == "Rome" and store.event("ev5").corrections == ()


def test_bad_corrections_are_refused(store):
    with pytest.raises(CorrectionError, match="no event"):
        store.add_correction("nope", Changes(fatalities=1))
    with pytest.raises(CorrectionError, match="nothing to correct"):
        store.add_correction("ev5", Changes())
    with pytest.raises(CorrectionError, match="unknown status"):
        Changes(status="maybe")


def test_mentions_with_corrections_for_alerts(store):
    store.add_correction("ev5", Changes(status="negated"))
    assert {m.status for m in store.with_corrections(store.mentions())} == {"negated"}
    assert {m.status for m in store.mentions()} == {"reported"}


def test_a_dismissed_alert_stays_dismissed_when_recomputed(store):
    alert = Alert("su-1", "surge", None, "Lazio, Italy", datetime(2014, 6, 10, 12), 0.5,
                  "Surge in Lazio.", ("ev5",))
    store.replace_alerts([alert])
    store.dismiss("su-1", "the places are a geocoding error")
    assert store.alerts(AlertFilter()) == []
    (kept,) = store.alerts(AlertFilter(include_dismissed=True))
    assert kept.dismissed.why == "the places are a geocoding error"
    store.replace_alerts([replace(alert, severity=0.7)])       # recomputed, same id
    assert store.alerts(AlertFilter()) == [] and store.alerts()[0].dismissed is not None
    assert store.undismiss("su-1") and [a.id for a in store.alerts(AlertFilter())] == ["su-1"]
    with pytest.raises(CorrectionError, match="no alert"):
        store.dismiss("nope", "x")
    with pytest.raises(CorrectionError, match="say why"):
        store.dismiss("su-1", " ")


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tocsin.models import STATUSES  # noqa: E402

places = st.builds(Place, name=st.text(min_size=1, max_size=20), lat=st.floats(-90, 90),
                   lon=st.floats(-180, 180), admin1=st.none() | st.text(max_size=10),
                   country=st.none() | st.text(max_size=10))
actors = st.builds(Actor, text=st.text(min_size=1, max_size=20), name=st.text(min_size=1, max_size=20),
                   kind=st.sampled_from(["jihadist", "other"]), known=st.booleans())


@given(st.builds(Changes, location=st.none() | places, actor1=st.none() | actors,
                 actor2=st.none() | actors, status=st.none() | st.sampled_from(STATUSES),
                 date=st.none() | st.dates(), fatalities=st.none() | st.integers(0, 10_000)))
def test_changes_round_trip_through_json(changes):
    assert Changes.from_json(changes.to_json()) == changes


def test_a_corrected_type_brings_its_plover_category(store):
    from tocsin.store.corrections import event_type_of

    event_type, sub = event_type_of("peaceful protest")
    store.add_correction("ev5", Changes(event_type=event_type, sub_event_type=sub))
    event = store.event("ev5")
    assert (event.event_type, event.sub_event_type, event.plover) == ("Protests", "Peaceful protest", "PROTEST")
    with pytest.raises(CorrectionError, match="did you mean 'Peaceful protest'"):
        event_type_of("Peacefull protest")
