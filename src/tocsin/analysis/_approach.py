"""Approach alerts: an actor's nearest reported activity to a watched city or
border crossing gets closer week after week and ends within its radius.

Weeks are publication weeks, read as the stream arrives: a week's nearest
distance is final once the week is over, and the current week's is the
nearest so far.  The alert fires at the report that completes `min_steps`
consecutive weekly approaches (each at least `min_step_km` closer, weeks at
most `max_gap_days` apart) ending inside the radius.  Later reports of the
same run are later evidence.
"""
from __future__ import annotations

import numpy as np

from tocsin.analysis import _geo, _severity
from tocsin.analysis._candidate import (
    Candidate, clip01, published_days, split_evidence, stream_order, tie_last,
)
from tocsin.analysis.config import AlertConfig, WatchedPlace
from tocsin.analysis.frame import Columns, day_from_number, week_of

#: activity further out than this many radii is not "closing in" yet.
_OUTER_RADII = 5.0


def detect(cols: Columns, config: AlertConfig) -> list[Candidate]:
    """`cols` holds tracked rows (frame.tracked)."""
    out: list[Candidate] = []
    for place in config.approach.watch:
        out.extend(_for_place(cols, place, config))
    return out


def _for_place(cols: Columns, place: WatchedPlace, config: AlertConfig) -> list[Candidate]:
    distance = _geo.haversine_km(cols.lat, cols.lon, place.lat, place.lon)
    near = stream_order(cols, np.flatnonzero(distance <= _OUTER_RADII * place.radius_km))
    if not len(near):
        return []
    week = week_of(published_days(cols))
    out = []
    for actor in sorted(set(cols.actor[near].tolist())):
        mine = near[cols.actor[near] == actor]
        ends = tie_last(cols.published[mine])
        out.extend(_runs(cols, mine, ends, distance, week, actor, place, config))
    return out


def _runs(cols: Columns, rows: np.ndarray, tie_ends: np.ndarray, km: np.ndarray,
          week: np.ndarray, actor: str, place: WatchedPlace,
          config: AlertConfig) -> list[Candidate]:
    cfg = config.approach
    weeks: list[tuple[int, float, list[int]]] = []     # complete weeks: (week, nearest, rows)
    current: tuple[int, float, list[int]] | None = None
    fired_run: int | None = None                       # index in `weeks` where the fired run began
    out: list[Candidate] = []
    pending: list[tuple[int, int]] = []                # (fire row, run start)
    for row, end in zip(rows.tolist(), tie_ends.tolist()):
        w = int(week[row])
        if current is not None and current[0] != w:
            weeks.append(current)
            current = None
        current = (w, min(current[1], float(km[row])), current[2] + [row]) if current \
            else (w, float(km[row]), [row])
        if not end:
            continue
        run = _run_start(weeks + [current], cfg.min_step_km, cfg.max_gap_days)
        steps = len(weeks) - run
        if steps >= cfg.min_steps and current[1] <= place.radius_km and fired_run != run:
            fired_run = run
            pending.append((row, run))
    if current is not None:
        weeks.append(current)
    for fire_row, run in pending:
        run_end = _run_end(weeks, run, cfg.min_step_km, cfg.max_gap_days)
        members = [r for _, _, rs in weeks[run:run_end + 1] for r in rs]
        out.append(_candidate(cols, np.array(members), fire_row,
                              [d for _, d, _ in weeks[run:run_end + 1]], km, actor, place, config))
    return out


def _closer(a: tuple[int, float, list[int]], b: tuple[int, float, list[int]], step: float,
            gap: int) -> bool:
    return (b[0] - a[0]) * 7 <= gap and a[1] - b[1] >= step


def _run_start(weeks: list[tuple[int, float, list[int]]], step: float, gap: int) -> int:
    i = len(weeks) - 1
    while i > 0 and _closer(weeks[i - 1], weeks[i], step, gap):
        i -= 1
    return i


def _run_end(weeks: list[tuple[int, float, list[int]]], start: int, step: float, gap: int) -> int:
    i = start
    while i + 1 < len(weeks) and _closer(weeks[i], weeks[i + 1], step, gap):
        i += 1
    return i


def _candidate(cols: Columns, members: np.ndarray, fire_row: int, nearest: list[float],
               km: np.ndarray, actor: str, place: WatchedPlace, config: AlertConfig) -> Candidate:
    split = split_evidence(cols, members, fire_row, config.max_evidence)
    day = cols.day[members]
    first, last = day_from_number(day.min()), day_from_number(day.max())
    summary = (f"{actor} activity closed in on {place.name}: nearest reported activity went "
               f"from {nearest[0]:.0f} km to {nearest[-1]:.0f} km over {len(nearest)} weekly "
               f"observations {_geo.date_range_text(first, last)}.")
    far, close = members[np.argmax(km[members])], members[np.argmin(km[members])]
    bearing = float(_geo.bearing_deg(cols.lat[far], cols.lon[far], cols.lat[close], cols.lon[close]))
    region = set(cols.region[members].tolist()) | set(cols.admin1[members].tolist()) | {place.name}
    return Candidate(
        kind="approach", actor=actor, region=place.name,
        episode=f"{int(week_of(published_days(cols.take(members[:1])))[0])}",
        fired_at=split.fired_at,
        severity=_severity.severity(cols, members, clip01(1.0 - nearest[-1] / (2 * place.radius_km))),
        summary=summary, evidence=split.evidence, later_evidence=split.later,
        updated_at=split.updated_at, regions=tuple(sorted(region - {""})),
        bearing_deg=round(bearing, 1), distance_km=round(float(nearest[-1]), 1))
