from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest

from tocsin.analysis.alerts import compute
from tocsin.analysis.config import default_config
from tocsin.analysis.replay import final_alerts, replay
from tocsin.models import Movement

from .conftest import article, event, place

START = date(2014, 1, 6)
TAKEOVER = "Non-state actor overtakes territory"


def news(days: int, where: str = "Idlib"):  # type: ignore[no-untyped-def]
    """One article a day, each reporting one event in `where` from that day."""
    items = []
    for i in range(days):
        day = START + timedelta(days=i)
        a = article(f"a{i:03d}", datetime.combine(day, datetime.min.time()) + timedelta(hours=20))
        items.append((a, [event(f"e{i:03d}", day, where, article=a.id)]))
    return items


def stream():  # type: ignore[no-untyped-def]
    """Daily news, a takeover reported three times, a redeployment reported late too."""
    items = news(20)
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    late = [("t1", datetime(2014, 1, 20, 21), TAKEOVER, None),
            ("t2", datetime(2014, 1, 22, 9), TAKEOVER, None),
            ("t3", datetime(2014, 1, 23, 9), TAKEOVER, None),
            ("m1", datetime(2014, 1, 24, 8), "Change to group/activity", move),
            ("m2", datetime(2014, 1, 30, 8), "Change to group/activity", move)]
    for eid, when, sub, mv in late:
        a = article(f"art-{eid}", when)
        where = "Raqqa" if mv else "Palmyra"
        items.append((a, [event(eid, date(2014, 1, 20), where, sub=sub, article=a.id, movement=mv)]))
    items.sort(key=lambda item: item[0].published)
    return items


def everything(items):  # type: ignore[no-untyped-def]
    return compute([e for _, es in items for e in es], {a.id: a for a, _ in items},
                   default_config())


def test_replay_raises_each_alert_once_then_updates_it() -> None:
    items = stream()
    steps = list(replay(items, timedelta(days=1)))
    raised = [a.id for s in steps for a in s.new]
    assert raised and len(raised) == len(set(raised)), "an alert was raised twice"
    for s in steps:
        for alert in s.changed:
            assert alert.fired_at is not None and alert.fired_at <= s.at
        assert not {a.id for a in s.updated} - set(raised[:sum(len(x.new) for x in steps
                                                              if x.at <= s.at)])
    territory = [a for s in steps for a in s.changed if a.kind == "territory"]
    assert len({a.id for a in territory}) == 1
    assert [len(a.later_evidence) for a in territory] == [0, 1, 2]   # raised, then updated
    assert len({a.fired_at for a in territory}) == 1                   # never backdated


def test_replay_ends_with_exactly_what_compute_gives_over_everything() -> None:
    items = stream()
    for step in (timedelta(hours=12), timedelta(days=1), timedelta(weeks=1)):
        assert [a.to_dict() for a in final_alerts(replay(items, step))] == \
            [a.to_dict() for a in everything(items)]


def test_status_not_genre_decides_in_replay() -> None:
    opinion = article("op", datetime(2014, 1, 7), genre="opinion")
    judged = [(opinion, [event("t", START, "Palmyra", sub=TAKEOVER, article="op",
                               status="opinion")])]
    assert list(replay(judged)) == []
    relayed = [(opinion, [event("t", START, "Palmyra", sub=TAKEOVER, article="op")])]
    assert [a.kind for s in replay(relayed) for a in s.new] == ["territory"]


def test_articles_without_a_publication_time_are_skipped() -> None:
    undated = article("u", None)
    items = [(undated, [event("t", START, "Palmyra", sub=TAKEOVER, article="u")])]
    assert list(replay(items)) == []


def test_out_of_order_articles_are_refused() -> None:
    items = news(3)
    with pytest.raises(ValueError, match="out of order"):
        list(replay([items[1], items[0]]))


def test_replay_of_a_shuffled_day_gives_the_same_alerts() -> None:
    items = stream()
    same_time = [(article(f"x{i}", datetime(2014, 1, 25, 10)), [
        event(f"x{i}", date(2014, 1, 25), "Palmyra", sub=TAKEOVER, article=f"x{i}")])
        for i in range(4)]
    ordered = sorted(items + same_time, key=lambda it: it[0].published)
    shuffled = list(ordered)
    random.Random(5).shuffle(shuffled)
    shuffled.sort(key=lambda it: it[0].published)       # stable: ties keep the shuffled order
    assert [a.to_dict() for a in final_alerts(replay(ordered))] == \
        [a.to_dict() for a in final_alerts(replay(shuffled))]
