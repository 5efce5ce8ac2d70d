"""Approach alerts: an actor's nearest activity to a watched city or border
crossing gets closer week after week and ends within its radius."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tocsin.analysis import _geo
from tocsin.analysis._candidate import Candidate, clip01, latest, pick_evidence
from tocsin.analysis.config import AlertConfig, WatchedPlace
from tocsin.analysis.frame import Columns, day_from_number, week_of

#: activity further out than this many radii is not "closing in" yet.
_OUTER_RADII = 5.0


def detect(cols: Columns, config: AlertConfig) -> list[Candidate]:
    """`cols` holds tracked rows (frame.tracked)."""
    if not len(cols):
        return []
    out: list[Candidate] = []
    for place in config.approach.watch:
        out.extend(_for_place(cols, place, config))
    return out


def _for_place(cols: Columns, place: WatchedPlace, config: AlertConfig) -> list[Candidate]:
    distance = _geo.haversine_km(cols.lat, cols.lon, place.lat, place.lon)
    near = np.flatnonzero(distance <= _OUTER_RADII * place.radius_km)
    if not len(near):
        return []
    actor, names = pd.factorize(cols.actor[near], sort=True)
    week = week_of(cols.day[near])
    ids = cols.id[near].astype(str)
    # Per (actor, week), the row nearest to the place: sort, keep the first.
    order = np.lexsort((ids, distance[near], week, actor))
    first = np.ones(len(order), bool)
    first[1:] = (actor[order][1:] != actor[order][:-1]) | (week[order][1:] != week[order][:-1])
    obs = near[order[first]]           # frame rows, one per (actor, week), sorted
    obs_actor, obs_week, obs_km = actor[order[first]], week[order[first]], distance[obs]
    cfg = config.approach
    closer = np.zeros(len(obs), bool)
    closer[1:] = ((obs_actor[1:] == obs_actor[:-1])
                  & ((obs_week[1:] - obs_week[:-1]) * 7 <= cfg.max_gap_days)
                  & (obs_km[:-1] - obs_km[1:] >= cfg.min_step_km))
    run_id = np.cumsum(~closer)        # a run starts wherever the distance did not shrink
    steps = np.arange(len(obs)) - np.searchsorted(run_id, run_id)
    fires = (steps >= cfg.min_steps) & (obs_km <= place.radius_km)
    out = []
    for run in np.unique(run_id[fires]).tolist():
        start, stop = np.searchsorted(run_id, [run, run + 1])
        first_fire = start + int(np.argmax(fires[start:stop]))
        out.append(_candidate(cols, obs[start:stop], obs[start:first_fire + 1],
                              obs_km[start:stop], str(names[obs_actor[start]]), place, config))
    return out


def _candidate(cols: Columns, rows: np.ndarray, needed: np.ndarray, km: np.ndarray,
               actor: str, place: WatchedPlace, config: AlertConfig) -> Candidate:
    lat, lon, day = cols.lat[rows], cols.lon[rows], cols.day[rows]
    bearing = float(_geo.bearing_deg(lat[0], lon[0], lat[-1], lon[-1]))
    first, last = day_from_number(day.min()), day_from_number(day.max())
    summary = (f"{actor} activity closed in on {place.name}: nearest reported activity went "
               f"from {km[0]:.0f} km to {km[-1]:.0f} km over {len(rows)} weekly observations "
               f"{_geo.date_range_text(first, last)}.")
    region = set(cols.region[rows]) | set(cols.admin1[rows]) | {place.name}
    return Candidate(
        kind="approach", actor=actor, region=place.name, episode=f"{week_of(day[:1])[0]}",
        fired_at=latest(cols.published[needed]),
        severity=clip01(1.0 - float(km[-1]) / (2 * place.radius_km)), summary=summary,
        evidence=pick_evidence(cols.id[rows], day, config.max_evidence),
        regions=tuple(sorted(region - {""})), bearing_deg=round(bearing, 1),
        distance_km=round(float(km[-1]), 1))
