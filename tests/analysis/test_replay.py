from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from tocsin.analysis.alerts import compute
from tocsin.analysis.config import default_config
from tocsin.analysis.replay import replay

from .conftest import article, event

START = date(2014, 1, 6)


def news(days: int, where: str = "Idlib", genre: str = "news"):  # type: ignore[no-untyped-def]
    """One article a day, each reporting one event in `where` from that day."""
    items = []
    for i in range(days):
        day = START + timedelta(days=i)
        a = article(f"a{i:03d}", datetime.combine(day, datetime.min.time()) + timedelta(hours=20),
                    genre=genre)
        items.append((a, [event(f"e{i:03d}", day, where, article=a.id)]))
    return items


def test_replay_raises_each_alert_once_then_updates_it() -> None:
    items = news(14) + [(a, [event(f"t{i}", START + timedelta(days=14), "Palmyra",
                                   sub="Non-state actor overtakes territory", article=a.id)])
                        for i, a in enumerate([article("late1", datetime(2014, 1, 20, 21)),
                                               article("late2", datetime(2014, 1, 22, 9))])]
    steps = list(replay(items, timedelta(days=1)))
    assert steps, "the takeover should be raised"
    seen: dict[str, int] = {}
    for moment, alerts in steps:
        for alert in alerts:
            seen[alert.id] = seen.get(alert.id, 0) + 1
            assert alert.fired_at is not None and alert.fired_at <= moment
    territory = [a for _, alerts in steps for a in alerts if a.kind == "territory"]
    assert len({a.id for a in territory}) == 1
    assert [len(a.evidence) for a in territory] == [1, 2]     # raised, then updated
    final = compute([e for _, es in items for e in es],
                    {a.id: a.published for a, _ in items}, default_config())
    assert {a.id for a in final} == set(seen)


def test_opinion_articles_never_raise_alerts_in_replay() -> None:
    items = [(a, [event("t", START, "Palmyra", sub="Non-state actor overtakes territory",
                        article=a.id)]) for a in [article("op", datetime(2014, 1, 7), genre="opinion")]]
    assert list(replay(items)) == []


def test_out_of_order_articles_are_refused() -> None:
    items = news(3)
    with pytest.raises(ValueError, match="out of order"):
        list(replay([items[1], items[0]]))
