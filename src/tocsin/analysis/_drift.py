"""Movement alerts from a consistent shift of an actor's activity on one front.

Located events of a named non-state actor (never a generic label, never a
speaker; a state's forces fight with many units on many fronts, so for them
only reported moves count) are first split into fronts (`_fronts`).  On each front, activity is bucketed by
the week it was reported in (publication week), so a week is complete once
it is over and a live system sees the current week fill up report by
report.  At each report the current week's partial centre is compared with
the centres of earlier complete weeks on the same front: the alert fires at
the first report for which the centre has moved at least `min_distance_km`
(and at most `max_distance_km`) from a week at least `min_steps` observed
weeks and at most `window_days` earlier, along a straight enough path
(net distance / path length >= `min_straightness`); the start must have held
for two observed weeks and the end too (the previous observed week within
half that distance of the current centre, and at least half of it from the
start).  And it is a shift, not a spread: no report of the current
week, nor of the observed week before it, lies within half that distance of
the start.  Every week used needs `min_events_per_week` reports.  After a
shift fires, the same front raises no new shift for `window_days`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tocsin.analysis import _fronts, _geo, _severity
from tocsin.analysis._candidate import (
    Candidate, clip01, fresh, mode_text, plural, published_days, split_evidence,
    stream_order,
)
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, day_from_number, week_of

#: place precisions fine enough to place an event on a front
FRONT_PRECISIONS = ("point", "city", "admin2")
#: a state's forces fight with many units on many fronts: a shift in where they are
#: reported is not the move of one force, so only reported moves count for them
STATE_KINDS = ("state_military", "police", "government")


def detect(located: Columns, config: AlertConfig) -> list[Candidate]:
    cfg = config.movement
    keep = np.isin(located.place_precision, FRONT_PRECISIONS) & fresh(located,
                                                                       cfg.max_report_lag_days)
    keep &= ~np.isin(located.actor_kind, STATE_KINDS)
    rows = stream_order(located, np.flatnonzero(keep))
    if not len(rows):
        return []
    cols = located.take(rows)               # now in stream order
    front = _fronts.assign(cols.actor, cols.lat, cols.lon, cfg.front_link_km, cfg.front_radius_km)
    week = week_of(published_days(cols))
    state = _State.build(cols, front, week, cfg.min_events_per_week)
    fires = _fire_rows(cols, state, config)
    return [_candidate(cols, state, row, origin, config) for row, origin in fires]


@dataclass(frozen=True, slots=True)
class _State:
    """Per row: its front, its publication week, the partial centre of that
    week up to and including it, how many reports that is, and whether it is
    the last report of its time there; per complete (front, week) with
    enough reports (t_*): the full centre, its rows and the path so far."""

    front: np.ndarray
    week: np.ndarray
    p_lat: np.ndarray
    p_lon: np.ndarray
    count: np.ndarray
    whole: np.ndarray
    t_front: np.ndarray
    t_week: np.ndarray
    t_lat: np.ndarray
    t_lon: np.ndarray
    t_path: np.ndarray
    t_rows: list[np.ndarray]

    @classmethod
    def build(cls, cols: Columns, front: np.ndarray, week: np.ndarray,
              min_events: int) -> "_State":
        vectors = _geo.unit_vectors(cols.lat, cols.lon)
        n = len(cols)
        key = front.astype(np.int64) * (1 << 32) + (week - week.min())
        order = np.lexsort((np.arange(n), key))            # stream order within each cell
        sorted_key = key[order]
        start = np.ones(n, bool)
        start[1:] = sorted_key[1:] != sorted_key[:-1]
        run = np.cumsum(start) - 1
        cum = np.cumsum(vectors[order], axis=0)
        offset = np.vstack([np.zeros((1, 3)), cum])[np.flatnonzero(start)][run]
        partial = np.empty_like(vectors)
        partial[order] = cum - offset
        count = np.empty(n, np.int64)
        count[order] = np.arange(n) - np.flatnonzero(start)[run] + 1
        # the last report of its time in its cell: where the partial centre is whole
        times = cols.published[order]
        settles = np.ones(n, bool)
        settles[:-1] = (sorted_key[1:] != sorted_key[:-1]) | (times[1:] != times[:-1])
        whole = np.empty(n, bool)
        whole[order] = settles
        # complete cells, in (front, week) order
        cells, first, sizes = np.unique(sorted_key, return_index=True, return_counts=True)
        totals = np.add.reduceat(vectors[order], first, axis=0)
        cell_front = (cells >> 32).astype(np.int64)
        cell_week = (cells & ((1 << 32) - 1)) + week.min()
        good = sizes >= min_events
        lat, lon = _geo.to_lat_lon(totals[:, 0], totals[:, 1], totals[:, 2])
        p_lat, p_lon = _geo.to_lat_lon(partial[:, 0], partial[:, 1], partial[:, 2])
        table = np.flatnonzero(good)
        t_front, t_week, t_lat, t_lon = cell_front[table], cell_week[table], lat[table], lon[table]
        step = np.zeros(len(table))
        same = np.zeros(len(table), bool)
        same[1:] = t_front[1:] == t_front[:-1]
        step[1:] = np.where(same[1:], _geo.haversine_km(t_lat[:-1], t_lon[:-1], t_lat[1:],
                                                        t_lon[1:]), 0.0)
        members = [order[first[c]:first[c] + sizes[c]] for c in table.tolist()]
        return cls(front=front, week=week, p_lat=p_lat, p_lon=p_lon, count=count, whole=whole,
                   t_front=t_front, t_week=t_week, t_lat=t_lat, t_lon=t_lon,
                   t_path=np.cumsum(step), t_rows=members)


def _fire_rows(cols: Columns, s: _State, config: AlertConfig) -> list[tuple[int, int]]:
    """(row, origin table entry) for each shift that fires, in stream order."""
    cfg = config.movement
    n = len(cols)
    if not len(s.t_front):
        return []
    # table entries before each row's own week on its front
    probe = s.front.astype(np.int64) * (1 << 32) + s.week
    table_key = s.t_front.astype(np.int64) * (1 << 32) + s.t_week
    k = np.searchsorted(table_key, probe, side="left")
    group_start = np.searchsorted(s.t_front, s.front, side="left")
    best = np.full(n, -1)
    best_net = np.zeros(n)
    eligible = s.whole & (s.count >= cfg.min_events_per_week)
    half = cfg.min_distance_km / 2
    for lag in range(cfg.min_steps, cfg.window_days // 7 + 2):
        j = k - lag
        prev = k - 1
        ok = eligible & (j >= group_start) & (prev >= group_start)
        jj, pp = np.where(ok, j, 0), np.where(ok, prev, 0)
        ok &= (s.week - s.t_week[jj]) * 7 <= cfg.window_days
        net = _geo.haversine_km(s.t_lat[jj], s.t_lon[jj], s.p_lat, s.p_lon)
        last_step = _geo.haversine_km(s.t_lat[pp], s.t_lon[pp], s.p_lat, s.p_lon)
        path = np.maximum(s.t_path[pp] - s.t_path[jj] + last_step, 1e-9)
        held = _geo.haversine_km(s.t_lat[jj], s.t_lon[jj], s.t_lat[pp], s.t_lon[pp]) >= half
        before = np.maximum(jj - 1, 0)
        # the start held for two observed weeks, and so did the end
        settled = (jj > group_start) & (
            _geo.haversine_km(s.t_lat[before], s.t_lon[before], s.t_lat[jj], s.t_lon[jj]) <= half)
        arrived = last_step <= half
        ok &= (net >= cfg.min_distance_km) & (net <= cfg.max_distance_km) & held & settled
        ok &= arrived
        ok &= (net / path >= cfg.min_straightness) & (net > best_net)
        best[ok], best_net[ok] = j[ok], net[ok]
    fires: list[tuple[int, int]] = []
    quiet_until: dict[int, np.datetime64] = {}
    window = np.timedelta64(cfg.window_days, "D")
    for row in np.flatnonzero(best >= 0).tolist():        # rows are in stream order
        front = int(s.front[row])
        if front in quiet_until and cols.published[row] <= quiet_until[front]:
            continue
        if not _left_origin(cols, s, row, int(best[row]), half):
            continue
        quiet_until[front] = cols.published[row] + window
        fires.append((row, int(best[row])))
    return fires


def _left_origin(cols: Columns, s: _State, row: int, origin: int, half: float) -> bool:
    """A shift, not a spread: no report of this week so far, nor of the observed
    week before, lies within `half` of where the front's activity started."""
    front, week = s.front[row], s.week[row]
    now = np.flatnonzero((s.front == front) & (s.week == week)
                         & (cols.published <= cols.published[row]))
    previous = np.flatnonzero((s.t_front == front) & (s.t_week < week))
    rows = np.concatenate([now, s.t_rows[int(previous[-1])]]) if len(previous) else now
    km = _geo.haversine_km(cols.lat[rows], cols.lon[rows], s.t_lat[origin], s.t_lon[origin])
    return bool((km >= half).all())


def _candidate(cols: Columns, s: _State, row: int, origin: int,
               config: AlertConfig) -> Candidate:
    start_rows = s.t_rows[origin]
    end_rows = np.flatnonzero((s.front == s.front[row]) & (s.week == s.week[row]))
    members = np.concatenate([start_rows, end_rows])
    split = split_evidence(cols, members, row, config.max_evidence)
    known_end = end_rows[cols.published[end_rows] <= cols.published[row]]
    o_lat, o_lon = s.t_lat[origin], s.t_lon[origin]
    distance = float(_geo.haversine_km(o_lat, o_lon, s.p_lat[row], s.p_lon[row]))
    bearing = float(_geo.bearing_deg(o_lat, o_lon, s.p_lat[row], s.p_lon[row]))
    actor = str(cols.actor[row])
    summary = (f"{actor} activity on one front shifted {distance:.0f} km "
               f"{_geo.compass(bearing)} (bearing {bearing:.0f}°) from {_where(cols, start_rows)} "
               f"to {_where(cols, known_end)}: a shift in where its activity is reported "
               f"({plural(len(start_rows), 'report')} at the start, "
               f"{plural(len(known_end), 'report')} at the end), not a reported move.")
    touched = np.concatenate([cols.region[members], cols.admin1[members], cols.country[members]])
    strength = 0.4 + 0.4 * clip01(distance / (3 * config.movement.min_distance_km))
    return Candidate(
        kind="movement", actor=actor, region=mode_text(cols.region[known_end]) or None,
        episode=f"drift|{int(s.t_week[origin])}|{int(s.week[row])}|"
                f"{cols.lat[start_rows[0]]:.1f},{cols.lon[start_rows[0]]:.1f}",
        fired_at=split.fired_at, severity=_severity.severity(cols, members, strength),
        summary=summary, evidence=split.evidence, later_evidence=split.later,
        updated_at=split.updated_at, regions=tuple(sorted(set(touched.tolist()) - {""})),
        bearing_deg=round(bearing, 1), distance_km=round(distance, 1))


def _where(cols: Columns, rows: np.ndarray) -> str:
    """'Aleppo (3 March 2014)': the commonest place and the dates of these reports."""
    place = mode_text(cols.place[rows]) or mode_text(cols.admin1[rows]) or "an unnamed area"
    days = cols.day[rows]
    return f"{place} ({_geo.date_range_text(day_from_number(days.min()), day_from_number(days.max()))})"
