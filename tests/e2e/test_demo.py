"""Golden end-to-end test: the bundled demo corpus, as `make demo` ingests it.

The golden file pins a compact projection of every event.  After an intended
change to extraction, regenerate it with  TOCSIN_UPDATE_GOLDEN=1 make test  and
review the diff like code.
"""
from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import pytest

from tocsin.geo.distance import haversine_km
from tocsin.store import EventFilter, Store

pytestmark = pytest.mark.slow
GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "demo_events.jsonl"
OPINION_OR_CONTROL = ("opinion-if-raqqa-holds", "u22-champions", "oil-exports-record",
                      "iraqis-vote", "syrian-pound", "election-results")


def projection(store: Store) -> list[dict]:
    rows = []
    for e in store.mentions():
        rows.append({
            "id": e.id, "article": e.evidence.article_id, "date": str(e.date),
            "sub_event_type": e.sub_event_type, "status": e.status,
            "actor1": e.actor1.name if e.actor1 else None,
            "place": e.location.name if e.location else None,
            "movement": e.movement.kind if e.movement else None,
            "cluster": e.cluster_id,
        })
    return sorted(rows, key=lambda r: r["id"])


def test_matches_golden_file(demo_db):
    with Store(demo_db, read_only=True) as store:
        rows = projection(store)
    if os.environ.get("TOCSIN_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(r, sort_keys=True) + "\n" for r in rows))
    golden = [json.loads(line) for line in GOLDEN.read_text().splitlines()]
    assert rows == golden


def test_eastward_redeployment_in_march_2014_is_a_movement_alert(demo_db):
    with Store(demo_db, read_only=True) as store:
        alerts = [a for a in store.alerts() if a.kind == "movement" and a.actor == "Islamic State"]
    march = [a for a in alerts if a.fired_at and a.fired_at.date() <= date(2014, 3, 31)]
    assert march, [a.summary for a in alerts]
    assert any(45 <= (a.bearing_deg or 0) <= 135 for a in march), [a.bearing_deg for a in march]


def test_alert_near_mosul_on_or_before_fall(demo_db):
    mosul = (36.34, 43.13)
    with Store(demo_db, read_only=True) as store:
        alerts = store.alerts()
        near = []
        for alert in alerts:
            events = [store.event(i) for i in alert.evidence]
            if any(e and e.location and haversine_km(*mosul, e.location.lat, e.location.lon) < 100
                   for e in events):
                near.append(alert)
    assert any(a.fired_at and a.fired_at.date() <= date(2014, 6, 10) for a in near)


def test_opinion_and_controls_raise_no_alert(demo_db):
    with Store(demo_db, read_only=True) as store:
        origins = {a.id: f"{a.origin} {a.id}" for a in store.articles()}
        for alert in store.alerts():
            for event_id in alert.evidence:
                event = store.event(event_id)
                origin = origins.get(event.evidence.article_id, "")
                assert not any(tag in origin for tag in OPINION_OR_CONTROL), (alert.summary, origin)


def test_wire_copies_count_as_one_independent_source(demo_db):
    with Store(demo_db, read_only=True) as store:
        copies = store.query("SELECT id, duplicate_of FROM articles WHERE duplicate_of IS NOT NULL")
        assert len(copies) == 1
        copy, original = copies[0]
        shared = [e for e in store.events()
                  if {m.evidence.article_id for m in store.cluster(e.id)} == {copy, original}]
    assert shared and all((e.sources.articles, e.sources.independent) == (2, 1) for e in shared)


def test_a_report_and_its_denial_are_one_contested_event(demo_db):
    with Store(demo_db, read_only=True) as store:
        contested = store.events(EventFilter(status="contested"))
        assert contested
        statuses = {m.status for m in store.cluster(contested[0].id)}
    assert "denied" in statuses and statuses & {"reported", "asserted"}


def test_each_real_world_event_is_listed_once(demo_db):
    with Store(demo_db, read_only=True) as store:
        events, mentions = store.events(), store.mentions()
    assert len(events) < len(mentions)
    assert {e.id for e in events} == {m.cluster_id for m in mentions}


def test_no_hypothetical_event_is_stored_as_fact(demo_db):
    with Store(demo_db, read_only=True) as store:
        origins = {a.id: f"{a.origin} {a.id}" for a in store.articles()}
        for event in store.events():
            if "opinion-if-raqqa-holds" in origins[event.evidence.article_id]:
                assert event.status in {"hypothetical", "opinion"}, event.evidence.sentence


def test_ingesting_in_another_order_gives_the_same_events(demo_db, pipeline, tmp_path):
    from tests.conftest import EXAMPLES
    from tocsin.runner import ingest

    files = [EXAMPLES / "feed.jsonl", *sorted((EXAMPLES / "articles").iterdir(), reverse=True)]
    reordered = tmp_path / "reordered.duckdb"
    with Store(reordered) as store:
        ingest(files, store, pipeline=pipeline)

    def summary(path):
        with Store(path, read_only=True) as store:
            return sorted((e.id, e.status, e.sources.articles, e.sources.independent,
                           tuple(sorted(m.id for m in store.cluster(e.id)))) for e in store.events())
    assert summary(reordered) == summary(demo_db)


def _backtest(demo_db):  # type: ignore[no-untyped-def]
    from tocsin.analysis.backtest import read_targets, run

    targets = Path(__file__).resolve().parents[2] / "examples" / "targets.csv"
    with Store(demo_db, read_only=True) as store:
        result = run(store.alerts(), {e.id: e for e in store.mentions()}, read_targets(targets))
    return {t.name: t for t in result.targets}


def test_backtest_anticipates_the_fall_of_mosul(demo_db):
    """`make demo`'s backtest table: an alert at or before the target date."""
    mosul = _backtest(demo_db)["Mosul taken"]
    assert mosul.lead_days is not None and mosul.lead_days >= 0, mosul


def test_backtest_anticipates_the_fall_of_tikrit(demo_db):
    tikrit = _backtest(demo_db)["Tikrit taken"]
    assert tikrit.lead_days is not None and tikrit.lead_days >= 0, tikrit
