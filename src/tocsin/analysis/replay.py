"""Replay: what a live system would have raised, step by simulated step.

At each step the alerts are recomputed over the events of every article
published so far and compared with the previous step (`alerts.diff`), so each
episode is raised once and then updated as evidence grows.  Recomputing from
scratch keeps it simple and exactly consistent with `alerts.compute`; the
cost is one `compute` per step, fine for days of news, slow for years of
daily steps over millions of events (use a longer `step` there).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta, timezone

from tocsin.analysis.alerts import compute, diff
from tocsin.analysis.config import AlertConfig, default_config
from tocsin.models import Alert, Article, Event


def replay(items: Iterable[tuple[Article, Sequence[Event]]],
           step: timedelta = timedelta(days=1),
           config: AlertConfig | None = None) -> Iterator[tuple[datetime, list[Alert]]]:
    """Yield (simulated time, new and updated alerts) at each step with news.

    `items` are (article, its events) in publication order.  Steps run from the
    first publication time; an article without a publication time arrives with
    the article before it.  Times are UTC.  Steps where nothing changed are
    skipped."""
    if step <= timedelta(0):
        raise ValueError(f"replay step must be positive, got {step}")
    config = config or default_config()
    events: list[Event] = []
    published: dict[str, datetime | None] = {}
    opinion: set[str] = set()
    previous: list[Alert] = []
    boundary: datetime | None = None
    latest: datetime | None = None
    for article, article_events in items:
        moment = _utc(article.published) or latest
        if moment is not None and latest is not None and moment < latest:
            raise ValueError(f"article {article.id} published {moment.isoformat()} is out of "
                             f"order (after one published {latest.isoformat()})")
        if boundary is None and moment is not None:
            boundary = moment
        if boundary is not None and moment is not None and moment > boundary:
            changed, previous = _step(events, published, opinion, previous, config)
            if changed:
                yield boundary, changed
            # nothing arrives before `moment`, so the steps in between are empty
            boundary += step * math.ceil((moment - boundary) / step)
        latest = moment
        published[article.id] = moment
        # status, not genre, decides what feeds alerts (runner.refresh does the same)
        events.extend(article_events)
    if boundary is not None:
        changed, previous = _step(events, published, opinion, previous, config)
        if changed:
            yield boundary, changed


def _step(events: list[Event], published: dict[str, datetime | None], opinion: set[str],
          previous: list[Alert], config: AlertConfig) -> tuple[list[Alert], list[Alert]]:
    current = compute(events, published, config, opinion_articles=opinion)
    return list(diff(previous, current).changed), current


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
