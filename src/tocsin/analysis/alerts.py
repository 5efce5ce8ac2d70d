"""Alerts from events: movement, surge, new presence, territory, approach.

`compute` turns events into one columnar frame (see `frame.FRAME_COLUMNS`) and
`compute_frame` runs the five vectorised detectors on it.  Each alert is one
episode: its id hashes kind, actor, region and the first evidence window, so
recomputing later with more data gives the same id, with updated evidence.
`diff` tells which alerts are new or updated since the last run.

Only events with an alertable status (config) feed alerts, whatever the genre
of their article: status belongs to each claim (an opinion piece relaying a
report makes a 'reported' claim).  `opinion_articles` leaves out whole articles
for callers that want to.  Pass merged
events (`coref.merge`, one per real-world event) where you can: surge counts
distinct `cluster_id`s, but the other kinds take each row as given.
"""
from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from tocsin.analysis import _approach, _movement, _presence, _surge, _territory
from tocsin.analysis._candidate import Candidate
from tocsin.analysis.config import AlertConfig, default_config
from tocsin.analysis.frame import FRAME_COLUMNS, alertable, columns, to_frame, tracked
from tocsin.models import Alert, Event


@dataclass(frozen=True, slots=True)
class AlertDiff:
    new: tuple[Alert, ...]
    updated: tuple[Alert, ...]
    unchanged: tuple[Alert, ...]

    @property
    def changed(self) -> tuple[Alert, ...]:
        """What to deliver: new alerts, then updated ones."""
        return self.new + self.updated


def compute(events: Sequence[Event], articles: Mapping[str, datetime | None],
            config: AlertConfig | None = None, *,
            opinion_articles: Collection[str] = ()) -> list[Alert]:
    """All alert episodes in `events`; `articles` maps article id -> published."""
    return compute_frame(to_frame(events, articles), config, opinion_articles=opinion_articles)


def compute_frame(frame: pd.DataFrame, config: AlertConfig | None = None, *,
                  opinion_articles: Collection[str] = ()) -> list[Alert]:
    """Alerts from a frame with the columns in `frame.FRAME_COLUMNS`."""
    config = config or default_config()
    missing = set(FRAME_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"event frame lacks columns: {', '.join(sorted(missing))}")
    usable = columns(alertable(frame, config, opinion_articles))
    located = tracked(usable, config)
    first_day = int(usable.day.min()) if len(usable) else None
    candidates = (_movement.detect(located, usable, config) + _surge.detect(usable, config)
                  + _presence.detect(located, config, first_day)
                  + _territory.detect(usable, config) + _approach.detect(located, config))
    alerts = [_alert(c) for c in candidates if _watched(c, config)]
    return sorted(alerts, key=_order)


def _watched(candidate: Candidate, config: AlertConfig) -> bool:
    if config.watch_actors and candidate.actor is not None \
            and candidate.actor not in config.watch_actors:
        return False
    if config.watch_regions and not set(candidate.regions) & config.watch_regions:
        return False
    return True


def alert_id(kind: str, actor: str | None, region: str | None, episode: str) -> str:
    """Stable id: the same episode gets the same id on every run."""
    text = "\x1f".join((kind, actor or "", region or "", episode))
    return f"{kind[:2]}-{hashlib.sha1(text.encode('utf-8')).hexdigest()[:16]}"


def _alert(c: Candidate) -> Alert:
    return Alert(id=alert_id(c.kind, c.actor, c.region, c.episode), kind=c.kind, actor=c.actor,
                 region=c.region, fired_at=c.fired_at, severity=round(c.severity, 3),
                 summary=c.summary, evidence=c.evidence, bearing_deg=c.bearing_deg,
                 distance_km=c.distance_km)


def _order(alert: Alert) -> tuple[str, str]:
    return (alert.fired_at.isoformat() if alert.fired_at else "~", alert.id)


def diff(old: Sequence[Alert], new: Sequence[Alert]) -> AlertDiff:
    """Split `new` into alerts never seen, changed since `old`, and unchanged.

    An alert counts as changed when anything but `fired_at` differs (evidence
    grew, severity moved, summary reworded)."""
    before = {a.id: a for a in old}
    fresh, updated, same = [], [], []
    for alert in new:
        previous = before.get(alert.id)
        if previous is None:
            fresh.append(alert)
        elif _content(previous) != _content(alert):
            updated.append(alert)
        else:
            same.append(alert)
    return AlertDiff(tuple(fresh), tuple(updated), tuple(same))


def _content(alert: Alert) -> tuple[object, ...]:
    return (alert.kind, alert.actor, alert.region, round(alert.severity, 3), alert.summary,
            alert.evidence, alert.bearing_deg, alert.distance_km)


def bench(n: int = 1_000_000, seed: int = 7) -> dict[str, float]:
    """Time `compute_frame` on `n` synthetic events (see analysis.synthetic)."""
    from tocsin.analysis.synthetic import timed_run
    return timed_run(n, seed)
