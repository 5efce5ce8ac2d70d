"""New-presence alerts: an actor shows up in an admin1 region where it had
no events in the previous `lookback_days`.

An actor's very first appearances would all be "new", so an entry counts only
when the actor already has `min_prior_events` earlier events (anywhere) and
the data already covers the whole lookback window before the entry.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tocsin.analysis._candidate import Candidate, clip01, earliest, pick_evidence
from tocsin.analysis._geo import day_text
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, day_from_number


def detect(cols: Columns, config: AlertConfig, first_day: int | None = None) -> list[Candidate]:
    """`cols` holds tracked rows (frame.tracked); `first_day` is where the
    data coverage starts (default: the earliest row)."""
    rows = cols.take(cols.admin1 != "")
    if not len(rows):
        return []
    cfg = config.new_presence
    actor, _ = pd.factorize(rows.actor, sort=True)
    region, labels = pd.factorize(rows.region, sort=True)
    day = rows.day
    prior = _prior_counts(actor, day)
    previous_region = _previous_region(actor, day, region)
    # ties inside one (actor, region, day) do not matter: all are in the window
    order = np.lexsort((day, region, actor))
    a, r, d = actor[order], region[order], day[order]
    same = np.zeros(len(order), bool)
    same[1:] = (a[1:] == a[:-1]) & (r[1:] == r[:-1])
    gap = np.full(len(order), np.iinfo(np.int64).max)
    gap[1:] = d[1:] - d[:-1]
    entry = ~same | (gap > cfg.lookback_days)
    coverage_start = int(day.min()) if first_day is None else first_day
    qualifies = entry & (prior[order] >= cfg.min_prior_events)
    qualifies &= d >= coverage_start + cfg.lookback_days
    run = np.cumsum(entry) - 1
    run_start_day = d[np.flatnonzero(entry)][run]
    in_window = (d - run_start_day) <= cfg.window_days
    hits = np.flatnonzero(qualifies)
    out = []
    run_end = np.searchsorted(run, run[hits], side="right")
    for position, stop in zip(hits.tolist(), run_end.tolist()):
        members = order[position:stop][in_window[position:stop]]
        before = previous_region[order[position]]
        out.append(_candidate(rows, members, str(labels[r[position]]),
                              str(labels[before]) if before >= 0 else "", config))
    return out


def _run_starts(actor: np.ndarray, day: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows sorted by (actor, day): where each row's actor run and its
    (actor, day) run begin."""
    n = len(actor)
    new_actor = np.ones(n, bool)
    new_actor[1:] = actor[1:] != actor[:-1]
    actor_start = np.maximum.accumulate(np.where(new_actor, np.arange(n), 0))
    new_day = new_actor.copy()
    new_day[1:] |= day[1:] != day[:-1]
    day_start = np.maximum.accumulate(np.where(new_day, np.arange(n), 0))
    return actor_start, day_start


def _prior_counts(actor: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per row: how many events the same actor has on strictly earlier days."""
    order = np.lexsort((day, actor))
    a, d = actor[order], day[order]
    n = len(order)
    actor_start, day_start = _run_starts(a, d)
    counts = np.empty(n, np.int64)
    counts[order] = day_start - actor_start
    return counts


def _previous_region(actor: np.ndarray, day: np.ndarray, region: np.ndarray) -> np.ndarray:
    """Per row: a region of the same actor's last event on an earlier day, or -1
    (of several that day, the last in region order, so input order never matters)."""
    order = np.lexsort((region, day, actor))
    a, d = actor[order], day[order]
    n = len(order)
    actor_start, day_start = _run_starts(a, d)
    previous = day_start - 1
    out = np.full(n, -1)
    valid = previous >= actor_start
    out[order[valid]] = region[order[previous[valid]]]
    return out


def _candidate(rows: Columns, members: np.ndarray, label: str, before: str,
               config: AlertConfig) -> Candidate:
    day = rows.day
    first = day_from_number(int(day[members].min()))
    actor = str(rows.actor[members[0]])
    lookback = config.new_presence.lookback_days
    since = f"; previously active in {before}" if before and before != label else ""
    summary = (f"{actor} active in {label} on {day_text(first)}, with no events there "
               f"in the previous {lookback} days{since}.")
    return Candidate(
        kind="new_presence", actor=actor, region=label, episode=f"{first.isoformat()}",
        fired_at=earliest(rows.published[members]),
        severity=clip01(0.4 + 0.15 * len(members)), summary=summary,
        evidence=pick_evidence(rows.id[members], day[members], config.max_evidence),
        regions=(label, *label.split(", ")))
