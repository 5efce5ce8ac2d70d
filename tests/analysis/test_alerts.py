from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta, timezone

import pytest

from tocsin.analysis.alerts import compute, diff
from tocsin.analysis.config import WatchedPlace, default_config
from tocsin.models import Event, Movement

from .conftest import event, place, published_next_day

START = date(2014, 1, 6)   # a Monday


def weekly(prefix: str, where: str | object, first_week: int, weeks: int, **kw: object) -> list[Event]:
    """Two events a week (Monday and Wednesday) at one place."""
    out = []
    for w in range(first_week, first_week + weeks):
        for d in (0, 2):
            out.append(event(f"{prefix}{w:02d}{d}", START + timedelta(weeks=w, days=d), where, **kw))
    return out


def run(events: list[Event], config=None, **kw: object):  # type: ignore[no-untyped-def]
    return compute(events, published_next_day(events), config or default_config(), **kw)


def kinds(alerts) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(a.kind for a in alerts)


# --- movement --------------------------------------------------------------

def drift_events(**kw: object) -> list[Event]:
    return weekly("i", "Idlib", 0, 3, **kw) + weekly("r", "Raqqa", 3, 3, **kw)


def test_consistent_shift_of_activity_fires_one_movement_alert() -> None:
    alerts = [a for a in run(drift_events()) if a.kind == "movement"]
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.actor == "ISIS"
    assert alert.distance_km is not None and 180 < alert.distance_km < 260
    assert alert.bearing_deg is not None and 70 < alert.bearing_deg < 110
    assert "shifted" in alert.summary and "east" in alert.summary
    assert "from Idlib to Ar-Raqqah" in alert.summary
    # fired once the second Raqqa week (3-5 February) was reported: the move held
    assert alert.fired_at == datetime(2014, 2, 6, 12, tzinfo=timezone.utc)


def test_one_week_excursion_is_not_a_movement() -> None:
    events = (weekly("i", "Idlib", 0, 3) + weekly("r", "Raqqa", 3, 1)
              + weekly("j", "Idlib", 4, 3))
    assert [a for a in run(events) if a.kind == "movement"] == []


@pytest.mark.parametrize("status", ["hypothetical", "opinion", "denied", "negated"])
def test_non_factual_statuses_never_feed_alerts(status: str) -> None:
    events = drift_events(status=status) + [
        event("t", START, "Palmyra", sub="Non-state actor overtakes territory", status=status)]
    assert run(events) == []


def test_a_hand_built_config_cannot_make_hypothetical_events_alert() -> None:
    config = dataclasses.replace(default_config(), alertable_statuses=frozenset({"hypothetical"}))
    assert run(drift_events(status="hypothetical"), config) == []


def test_events_from_opinion_articles_never_feed_alerts() -> None:
    events = drift_events()
    opinion = {e.evidence.article_id for e in events}
    assert run(events, opinion_articles=opinion) == []


def test_explicit_redeployment_gives_bearing_and_distance() -> None:
    move = Movement("redeploy", origin=place("Homs"), destination=place("Aleppo"))
    alerts = run([event("m", START, "Aleppo", movement=move, sub="Change to group/activity")])
    assert kinds(alerts) == ["movement"]
    alert = alerts[0]
    assert alert.distance_km is not None and 150 < alert.distance_km < 190
    assert alert.bearing_deg is not None and (alert.bearing_deg > 330 or alert.bearing_deg < 30)
    assert "redeployed" in alert.summary and "from Homs to Aleppo" in alert.summary
    assert alert.evidence == ("m",)


# --- surge -------------------------------------------------------------------

def surge_events(extra: int) -> list[Event]:
    base = [event(f"b{w:02d}", START + timedelta(weeks=w), "Idlib", who=None) for w in range(10)]
    burst = [event(f"s{i:02d}", START + timedelta(weeks=10, days=i % 7), "Idlib", who=None)
             for i in range(extra)]
    return base + burst


def test_a_week_far_above_baseline_is_a_surge() -> None:
    events = surge_events(12)
    alerts = [a for a in run(events) if a.kind == "surge"]
    assert len(alerts) == 1
    assert alerts[0].region == "Idlib, Syria"
    assert "12 events" in alerts[0].summary
    # baseline 1/week: P(X >= 6) < 0.001 first holds at the 6th report
    published = sorted(published_next_day(events[10:]).values())
    assert alerts[0].fired_at == published[5].replace(tzinfo=timezone.utc)


def test_a_normal_week_is_not_a_surge() -> None:
    assert [a for a in run(surge_events(2)) if a.kind == "surge"] == []


def test_reports_of_one_event_count_once_in_a_surge() -> None:
    events = [dataclasses.replace(e, cluster_id="same") if e.id.startswith("s") else e
              for e in surge_events(12)]
    assert [a for a in run(events) if a.kind == "surge"] == []


# --- new presence --------------------------------------------------------------

def test_actor_appearing_in_a_new_region_fires_once() -> None:
    history = weekly("i", "Idlib", 0, 15)
    new = [event("r1", START + timedelta(weeks=15), "Raqqa"),
           event("r2", START + timedelta(weeks=15, days=2), "Raqqa")]
    alerts = [a for a in run(history + new) if a.kind == "new_presence"]
    assert len(alerts) == 1
    assert alerts[0].region == "Ar-Raqqah, Syria"
    assert alerts[0].evidence == ("r1", "r2")
    assert "previously active in Idlib, Syria" in alerts[0].summary


def test_first_appearances_and_returns_within_the_lookback_do_not_fire() -> None:
    history = weekly("i", "Idlib", 0, 15) + weekly("q", "Raqqa", 0, 2)
    back = [event("r1", START + timedelta(weeks=8), "Raqqa")]
    newcomer = [event("n1", START + timedelta(weeks=14), "Hama", who="Jaysh al-Fatah")]
    assert [a for a in run(history + back + newcomer) if a.kind == "new_presence"] == []


# --- territory -----------------------------------------------------------------

def test_takeover_of_a_town_fires_a_territory_alert() -> None:
    alerts = run([event("t1", START, "Palmyra", sub="Non-state actor overtakes territory"),
                  event("t2", START + timedelta(days=1), "Palmyra",
                        sub="Non-state actor overtakes territory")])
    assert kinds(alerts) == ["territory"]
    assert alerts[0].summary.startswith("ISIS took control of Palmyra (Homs, Syria)")
    assert alerts[0].evidence == ("t1", "t2")


def test_a_clash_in_a_town_is_not_a_change_of_control() -> None:
    assert run([event("c1", START, "Palmyra", sub="Armed clash")]) == []


def test_territory_needs_a_town_a_dated_takeover_and_a_taker() -> None:
    takeover = "Non-state actor overtakes territory"
    assert run([event("p1", START, place("Homs", precision="admin1"), sub=takeover)]) == []
    assert run([event("p2", START, "Palmyra", sub=takeover, precision="year")]) == []
    assert run([event("p3", START, "Palmyra", sub=takeover, who=None)]) == []


# --- approach ------------------------------------------------------------------

def approach_config():  # type: ignore[no-untyped-def]
    base = default_config()
    watch = (WatchedPlace("Baghdad", 33.34, 44.40, 100.0),)
    return dataclasses.replace(base, approach=dataclasses.replace(base.approach, watch=watch))


def closing(lats: list[float]) -> list[Event]:
    return [event(f"a{i}", START + timedelta(weeks=i), place("Samarra", lat=lat, lon=44.2))
            for i, lat in enumerate(lats)]


def test_activity_closing_in_on_a_watched_city_fires() -> None:
    alerts = [a for a in run(closing([35.0, 34.6, 34.2, 33.9]), approach_config())
              if a.kind == "approach"]
    assert len(alerts) == 1
    assert alerts[0].region == "Baghdad"
    assert alerts[0].distance_km is not None and alerts[0].distance_km < 100
    assert "closed in on Baghdad" in alerts[0].summary


def test_activity_moving_away_does_not_fire_an_approach() -> None:
    alerts = run(closing([33.9, 34.2, 34.6, 35.0]), approach_config())
    assert [a for a in alerts if a.kind == "approach"] == []


# --- identity, updates, filters ------------------------------------------------------

def test_alert_ids_are_stable_across_runs_and_input_order() -> None:
    events = drift_events() + surge_events(12)
    shuffled = list(events)
    random.Random(3).shuffle(shuffled)
    assert [a.id for a in run(events)] == [a.id for a in run(shuffled)]


def test_more_evidence_updates_the_alert_instead_of_raising_a_new_one() -> None:
    first = run(surge_events(12))
    later = run(surge_events(12) + [event("late", START + timedelta(weeks=11), "Idlib",
                                          who=None)] + surge_events(0))
    more = run(surge_events(14))
    change = diff(first, more)
    assert change.new == () and len(change.updated) == 1
    assert diff(first, later).updated == ()
    assert diff([], first).new == tuple(first)


def test_watch_lists_filter_alerts() -> None:
    events = drift_events()
    config = dataclasses.replace(default_config(), watch_actors=frozenset({"Syrian Army"}))
    assert [a for a in run(events, config) if a.kind == "movement"] == []
    config = dataclasses.replace(default_config(), watch_regions=frozenset({"Ar-Raqqah"}))
    assert [a.kind for a in run(events, config)] == ["movement"]


def test_uncorroborated_events_can_be_held_back() -> None:
    config = dataclasses.replace(default_config(), min_independent_sources=2)
    assert run(drift_events(), config) == []


def test_unresolved_or_civilian_actors_are_not_tracked() -> None:
    unknown = [dataclasses.replace(e, actor1=dataclasses.replace(e.actor1, known=False))
               for e in drift_events()]
    assert [a for a in run(unknown) if a.kind == "movement"] == []
    civilians = [dataclasses.replace(e, actor1=dataclasses.replace(e.actor1, kind="civilians"))
                 for e in drift_events()]
    assert [a for a in run(civilians) if a.kind == "movement"] == []


def test_one_takeover_named_differently_by_two_reports_is_one_alert() -> None:
    takeover = "Non-state actor overtakes territory"
    alerts = run([event("n1", START, "Palmyra", sub=takeover, who="ISIS"),
                  event("n2", START, "Palmyra", sub=takeover, who="Militants")])
    assert kinds(alerts) == ["territory"]
    assert alerts[0].actor == "ISIS" and set(alerts[0].evidence) == {"n1", "n2"}


def test_a_takeover_reported_weeks_later_is_background() -> None:
    takeover = "Non-state actor overtakes territory"
    old = event("b1", START, "Palmyra", sub=takeover)
    late = {"art-b1": datetime.combine(START + timedelta(days=20), datetime.min.time())}
    assert compute([old], late, default_config()) == []
    fresh = {"art-b1": datetime.combine(START + timedelta(days=2), datetime.min.time())}
    assert kinds(compute([old], fresh, default_config())) == ["territory"]
