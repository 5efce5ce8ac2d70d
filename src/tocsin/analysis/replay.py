"""Replay: what a live system would have raised, step by simulated step.

At each step the alerts are recomputed over the events of every article
published so far (`alerts.compute`, which follows the rule of time in
`_candidate`) and compared with the alerts already out.  An alert is raised
once, at the first step that holds its `fired_at`; when later reports join it,
it comes out again as an update with the same id, never as a new alert.  The
last step holds exactly what `ingest` stores for the same articles, because
both run the same computation over the same events: give replay the mentions
as the store holds them (`stored_stream`), with their coreference clusters.

Recomputing from scratch keeps replay exactly consistent with `compute`; the
cost is one `compute` per step with news, fine for years of daily steps over
thousands of articles (use a longer `step` for millions).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

from tocsin.analysis.alerts import compute, diff
from tocsin.analysis.config import AlertConfig, default_config
from tocsin.models import Alert, Article, Event

if TYPE_CHECKING:
    from tocsin.store import Store


@dataclass(frozen=True, slots=True)
class ReplayStep:
    """What changed at one simulated moment: alerts raised, alerts updated."""

    at: datetime
    new: tuple[Alert, ...]
    updated: tuple[Alert, ...]

    @property
    def changed(self) -> tuple[Alert, ...]:
        return self.new + self.updated


def replay(items: Iterable[tuple[Article, Sequence[Event]]],
           step: timedelta = timedelta(days=1),
           config: AlertConfig | None = None) -> Iterator[ReplayStep]:
    """Yield a `ReplayStep` at each step where an alert was raised or updated.

    `items` are (article, its events) in publication order; steps run from the
    first publication time.  An article without a publication time cannot be
    placed in time: it feeds no alert (as in `compute`) and is skipped.  Times
    are UTC."""
    if step <= timedelta(0):
        raise ValueError(f"replay step must be positive, got {step}")
    config = config or default_config()
    events: list[Event] = []
    articles: dict[str, Article] = {}
    out: dict[str, Alert] = {}
    boundary: datetime | None = None
    latest: datetime | None = None
    for article, article_events in items:
        moment = _utc(article.published)
        if moment is None:
            continue
        if latest is not None and moment < latest:
            raise ValueError(f"article {article.id} published {moment.isoformat()} is out of "
                             f"order (after one published {latest.isoformat()})")
        if boundary is None:
            boundary = moment
        if moment > boundary:
            found = _step(boundary, events, articles, out, config)
            if found is not None:
                yield found
            # nothing arrives before `moment`, so the steps in between are empty
            boundary += step * math.ceil((moment - boundary) / step)
        latest = moment
        articles[article.id] = article
        events.extend(article_events)
    if boundary is not None:
        found = _step(boundary, events, articles, out, config)
        if found is not None:
            yield found


def _step(at: datetime, events: list[Event], articles: dict[str, Article],
          out: dict[str, Alert], config: AlertConfig) -> ReplayStep | None:
    current = compute(events, articles, config)
    change = diff(list(out.values()), current)
    for alert in current:
        out[alert.id] = alert
    if not change.changed:
        return None
    return ReplayStep(at, change.new, change.updated)


def final_alerts(steps: Iterable[ReplayStep]) -> list[Alert]:
    """The alerts as they stand after the last step (what `ingest` would store)."""
    latest: dict[str, Alert] = {}
    for found in steps:
        for alert in found.changed:
            latest[alert.id] = alert
    return sorted(latest.values(), key=lambda a: (a.fired_at.isoformat() if a.fired_at else "~",
                                                   a.id))


def stored_stream(store: "Store") -> list[tuple[Article, list[Event]]]:
    """A store's articles in publication order, each with its mentions as
    `runner.refresh` feeds them to the alert rules (coreference clusters and
    analysts' corrections applied)."""
    articles = store.article_meta()
    by_article: dict[str, list[Event]] = {}
    for mention in store.with_corrections(store.mentions()):
        by_article.setdefault(mention.evidence.article_id, []).append(mention)
    ordered = sorted(articles.values(), key=lambda a: (a.published is None,
                                                       _utc(a.published) or datetime.min.replace(
                                                           tzinfo=timezone.utc), a.id))
    return [(a, by_article.get(a.id, [])) for a in ordered]


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
