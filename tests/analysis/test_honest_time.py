"""The rule of time, as properties over random streams.

- Every evidence article of an alert was published at or before `fired_at`;
  every later-evidence article after it, the newest at `updated_at`.
- The alerts do not depend on the order events are given in.
- Computing over the part of the stream published by any moment gives
  exactly the alerts of the whole stream that had fired by then, with the
  same ids, firing times and evidence: no backtest can see the future, and a
  live system and a replay raise what `ingest` stores.
"""
from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tocsin.analysis.alerts import compute
from tocsin.analysis.config import default_config
from tocsin.models import Actor, Alert, Event, Movement, Place

from .conftest import PLACES, event, place

START = date(2014, 1, 6)
SUBS = ["Armed clash", "Attack", "Shelling/artillery/missile attack",
        "Non-state actor overtakes territory", "Government regains territory"]
ACTORS = ["ISIS", "Syrian Army", "Nusra Front", None]
NAMES = sorted(PLACES)


@st.composite
def streams(draw: st.DrawFn) -> tuple[list[Event], dict[str, datetime]]:
    n = draw(st.integers(5, 90))
    events: list[Event] = []
    articles: dict[str, datetime] = {}
    for i in range(n):
        day = START + timedelta(days=draw(st.integers(0, 120)))
        where = draw(st.sampled_from(NAMES))
        jitter = draw(st.integers(-1, 1)) / 10
        base = place(where)
        spot = Place(f"{where} {jitter:+.1f}", base.lat + jitter, base.lon + jitter,
                     base.admin1, base.country, draw(st.sampled_from(["city", "city", "admin1"])))
        who = draw(st.sampled_from(ACTORS))
        move = None
        if draw(st.integers(0, 9)) == 0:
            move = Movement(draw(st.sampled_from(["withdraw", "advance", "redeploy"])),
                            origin=place(draw(st.sampled_from(NAMES))),
                            destination=place(draw(st.sampled_from(NAMES))))
        article_id = f"a{draw(st.integers(0, n // 2))}"
        e = event(f"e{i:03d}", day, spot, who=who, sub=draw(st.sampled_from(SUBS)),
                  article=article_id, movement=move,
                  cluster_id=f"e{draw(st.integers(0, i)):03d}")
        if who == "Syrian Army":
            e = dataclasses.replace(e, actor1=Actor("the army", "Syrian Army", "state_military",
                                                    "SYR", known=True))
        events.append(e)
        lag = timedelta(days=draw(st.integers(0, 9)), hours=draw(st.integers(0, 23)))
        published = datetime.combine(day, datetime.min.time()) + lag
        articles[article_id] = min(articles.get(article_id, published), published)
    burst_week = draw(st.integers(6, 18))
    for k in range(draw(st.sampled_from([0, 0, 12, 25]))):    # a burst of attacks in one region
        day = START + timedelta(weeks=burst_week, days=draw(st.integers(0, 6)))
        article_id = f"burst{draw(st.integers(0, 6))}"
        events.append(event(f"s{k:03d}", day, Place(f"Village {k % 9}", 35.9 + k % 9 / 50, 36.6,
                                                     "Idlib", "Syria", "city"),
                            who=None, sub="Attack", article=article_id))
        published = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=draw(st.integers(1, 60)))
        articles[article_id] = min(articles.get(article_id, published), published)
    for k in range(draw(st.integers(0, 40))):        # articles with no event: coverage
        articles[f"bg{k}"] = datetime.combine(START, datetime.min.time()) + timedelta(
            hours=draw(st.integers(0, 150 * 24)))
    return events, articles


def published(alert_ids: tuple[str, ...], by_id: dict[str, Event],
              articles: dict[str, datetime]) -> list[datetime]:
    return [articles[by_id[i].evidence.article_id] for i in alert_ids]


def naive(moment: datetime | None) -> datetime | None:
    return None if moment is None else moment.replace(tzinfo=None)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(streams(), st.randoms(use_true_random=False), st.integers(0, 10_000))
def test_alerts_never_fire_before_their_evidence_and_match_any_prefix(stream, rng, cut_seed) -> None:
    events, articles = stream
    config = default_config()
    alerts = compute(events, articles, config)
    by_id = {e.id: e for e in events}
    for alert in alerts:
        fired = naive(alert.fired_at)
        assert fired is not None
        assert alert.evidence and all(t <= fired for t in published(alert.evidence, by_id, articles))
        later = published(alert.later_evidence, by_id, articles)
        assert all(t > fired for t in later)
        assert naive(alert.updated_at) == (max(later) if later else None)
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert [a.to_dict() for a in compute(shuffled, articles, config)] == [a.to_dict() for a in alerts]
    times = sorted(set(articles.values()))
    cut = times[cut_seed % len(times)]
    known = {a: t for a, t in articles.items() if t <= cut}
    prefix = compute([e for e in events if e.evidence.article_id in known], known, config)
    assert _fired_part(prefix) == _fired_part([a for a in alerts if naive(a.fired_at) <= cut])


def _fired_part(alerts: list[Alert]) -> list[tuple[object, ...]]:
    return sorted((a.id, a.kind, a.fired_at, a.evidence) for a in alerts)


def test_every_prefix_of_the_hand_built_scenarios_agrees_with_the_whole() -> None:
    """The drift, surge and presence fixtures of test_alerts, cut at every
    publication time."""
    from .test_alerts import advance_events, coverage, presence_events, surge_events

    events = advance_events(who="Jaysh al-Islam") + surge_events(12, articles=6) + presence_events()
    articles: dict[str, datetime] = {e.evidence.article_id: datetime.combine(
        e.date, datetime.min.time()) + timedelta(days=1, hours=12) for e in events if e.date}
    articles.update(coverage(11, 10))
    alerts = compute(events, articles)
    assert {a.kind for a in alerts} >= {"movement", "surge", "new_presence"}
    for cut in sorted(set(articles.values()))[::6]:
        known = {a: t for a, t in articles.items() if t <= cut}
        prefix = compute([e for e in events if e.evidence.article_id in known], known)
        assert _fired_part(prefix) == _fired_part(
            [a for a in alerts if naive(a.fired_at) <= cut]), cut
