"""Alerts from events: movement, surge, new presence, territory, approach.

`compute` turns events into one columnar frame (see `frame.FRAME_COLUMNS`) and
`compute_frame` runs the five vectorised detectors on it.  Each alert is one
episode: its id hashes kind, actor, region and what was known when it fired,
so recomputing later with more data gives the same id, the same `fired_at`
and the same `evidence`, with newer reports in `later_evidence` (see
`_candidate` for the rule of time every detector follows).  `diff` tells
which alerts are new or updated since the last run.

Only events with an alertable status (config) and a known publication time
feed alerts, whatever the genre of their article: status belongs to each
claim (an opinion piece relaying a report makes a 'reported' claim).
`opinion_articles` leaves out whole articles for callers that want to.  Pass
every mention with its coreference cluster (`coref.annotate`): surge counts
real-world events, the other kinds read each report as it arrived.
"""
from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

from tocsin.analysis import (
    _approach, _movement, _presence, _surge, _territory, _theatre, alert_input,
)
from tocsin.analysis._candidate import Candidate
from tocsin.analysis.config import AlertConfig, default_config
from tocsin.analysis.frame import (
    FRAME_COLUMNS, OPTIONAL_COLUMNS, ArticleInfo, Columns, alertable, columns,
    coverage_times, to_frame, tracked, with_optional,
)
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


def compute(events: Sequence[Event], articles: Mapping[str, ArticleInfo],
            config: AlertConfig | None = None, *,
            opinion_articles: Collection[str] = ()) -> list[Alert]:
    """All alert episodes in `events`; `articles` maps every article id of the
    store to its Article (or just its publication time): the articles with no
    event still tell how much the store was reading, and when."""
    return compute_frame(to_frame(events, articles), config, opinion_articles=opinion_articles,
                         coverage=coverage_times(articles))


def compute_frame(frame: pd.DataFrame, config: AlertConfig | None = None, *,
                  opinion_articles: Collection[str] = (),
                  coverage: np.ndarray | None = None) -> list[Alert]:
    """Alerts from a frame with the columns in `frame.FRAME_COLUMNS` (the
    optional ones may be left out).  `coverage` holds the publication times
    of every article read (default: those of the frame's articles)."""
    config = config or default_config()
    missing = set(FRAME_COLUMNS) - set(OPTIONAL_COLUMNS) - set(frame.columns)
    if missing:
        raise ValueError(f"event frame lacks columns: {', '.join(sorted(missing))}")
    frame = with_optional(frame)
    if coverage is None:
        coverage = _article_times(frame)
    return _detect([columns(alertable(frame, config, opinion_articles))], config, coverage)


def compute_arrays(arrays: dict[str, np.ndarray], config: AlertConfig | None = None, *,
                   coverage: np.ndarray, opinion_articles: Collection[str] = ()) -> list[Alert]:
    """`compute_frame` on a frame given as numpy arrays (`Store.alert_arrays`),
    with no pandas frame alive: the same alerts.  The dict is emptied (its
    arrays become the detectors' columns, filtered in place)."""
    config = config or default_config()
    return _detect([alert_input.columns_of(arrays, config, opinion_articles)], config, coverage)


def _detect(holder: list[Columns], config: AlertConfig, coverage: np.ndarray) -> list[Alert]:
    """The detectors on the alertable rows in `holder` (taken out of it, so
    that dropping the untrusted rows frees the columns they were read from)."""
    usable = holder.pop()
    theatre = _theatre.Theatre.of(usable)
    trusted = _theatre.trusted(usable, config, theatre) \
        & _theatre.trusted_ends(usable, config, theatre)
    if not trusted.all():
        data = {f.name: getattr(usable, f.name) for f in fields(usable)}
        del usable
        for name in data:       # one column at a time: never two copies of the rows
            data[name] = data[name][trusted]
        usable = Columns(**data)
        del data
    located = tracked(usable, config)
    candidates = (_movement.detect(located, usable, config)
                  + _surge.detect(usable, config, coverage)
                  + _presence.detect(located, usable, config)
                  + _territory.detect(usable, config) + _approach.detect(located, config))
    alerts = [_alert(c) for c in candidates if _watched(c, config)]
    return sorted(alerts, key=_order)


def _article_times(frame: pd.DataFrame) -> np.ndarray:
    """One publication time per article of the frame."""
    first = frame.drop_duplicates("article_id")["published"]
    return pd.to_datetime(first).dropna().to_numpy(dtype="datetime64[ns]")


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
                 distance_km=c.distance_km, later_evidence=c.later_evidence,
                 updated_at=c.updated_at)


def by_severity(alerts: Sequence[Alert]) -> list[Alert]:
    """Most severe first; ties newest first, then by id (what an analyst reads first)."""
    newest_first = sorted(alerts, key=lambda a: a.id)
    newest_first.sort(key=lambda a: a.fired_at.isoformat() if a.fired_at else "", reverse=True)
    return sorted(newest_first, key=lambda a: -a.severity)


def _order(alert: Alert) -> tuple[str, str]:
    return (alert.fired_at.isoformat() if alert.fired_at else "~", alert.id)


def diff(old: Sequence[Alert], new: Sequence[Alert]) -> AlertDiff:
    """Split `new` into alerts never seen, changed since `old`, and unchanged.

    An alert counts as changed when anything but `fired_at` and `updated_at`
    differs (later evidence arrived, severity moved, summary reworded)."""
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
            alert.evidence, alert.bearing_deg, alert.distance_km, alert.later_evidence)


def bench(n: int = 1_000_000, seed: int = 7) -> dict[str, float]:
    """Time `compute_frame` on `n` synthetic events (see analysis.synthetic)."""
    from tocsin.analysis.synthetic import timed_run
    return timed_run(n, seed)
