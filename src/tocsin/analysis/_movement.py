"""Movement alerts: an actor's weekly centre of activity drifts far in one
direction, or an event reports a redeployment from one place to another."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tocsin.analysis import _geo
from tocsin.analysis._candidate import (
    Candidate, clip01, earliest, group_slices, latest, mode_text, pick_evidence,
)
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, day_from_number, week_of

#: events this far from an actor's weekly mean do not move its centre.
DEFAULT_OUTLIER_KM = 300.0
_VERBS = {"withdraw": "withdrew", "advance": "advanced", "redeploy": "redeployed",
          "mobilize": "mobilised"}


@dataclass(frozen=True, slots=True)
class Weekly:
    """Weekly centres of activity, one row per (actor, week), sorted that way.

    Rows of week-row r in the source frame: order[starts[r]:starts[r + 1]]."""

    actor: np.ndarray
    week: np.ndarray
    count: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    order: np.ndarray
    starts: np.ndarray


def weekly_centres(cols: Columns, min_events: int = 1,
                   outlier_km: float = DEFAULT_OUTLIER_KM) -> Weekly:
    """Centre (on the sphere) of each actor's located events per ISO week.

    One stray report far away would drag a plain mean by hundreds of km, so
    the centre is the mean of the events within `outlier_km` of the week's
    coordinate-wise median (when none is, the plain mean stands)."""
    actor_codes, actor_names = pd.factorize(cols.actor, sort=True)
    weeks = week_of(cols.day)
    key = actor_codes.astype(np.int64) << 32 | (weeks - weeks.min() if len(weeks) else weeks)
    order, starts, _ = group_slices(key)
    count = np.diff(starts)
    vectors = _geo.unit_vectors(cols.lat, cols.lon)[order]
    group = np.repeat(np.arange(len(count)), count)
    sums = _sum_by(group, vectors, len(count))
    middle = starts[:-1] + count // 2
    lat_mid = _group_median(cols.lat[order], group, middle)
    lon_mid = _group_median(cols.lon[order], group, middle)
    centre = _geo.unit_vectors(lat_mid, lon_mid)
    cosine = np.clip(np.einsum("ij,ij->i", vectors, centre[group]), -1.0, 1.0)
    near = np.arccos(cosine) * _geo.EARTH_RADIUS_KM <= outlier_km
    trimmed = _sum_by(group[near], vectors[near], len(count))
    kept = np.bincount(group[near], minlength=len(count)) > 0
    sums = np.where(kept[:, None], trimmed, sums)
    first = order[starts[:-1]]
    lat, lon = _geo.to_lat_lon(sums[:, 0], sums[:, 1], sums[:, 2])
    keep = count >= min_events
    # Re-pack the order so dropped weeks vanish but slices stay contiguous.
    new_order = order[np.repeat(keep, count)]
    new_starts = np.concatenate([[0], np.cumsum(count[keep])])
    return Weekly(np.asarray(actor_names)[actor_codes[first][keep]], weeks[first][keep],
                  count[keep], lat[keep], lon[keep], new_order, new_starts)


def _group_median(values: np.ndarray, group: np.ndarray, middle: np.ndarray) -> np.ndarray:
    """Per group (rows contiguous by group), the (upper) median of `values`."""
    return values[np.lexsort((values, group))][middle]


def _sum_by(group: np.ndarray, vectors: np.ndarray, n: int) -> np.ndarray:
    return np.stack([np.bincount(group, vectors[:, k], minlength=n) for k in range(3)], axis=1)


def detect(located: Columns, usable: Columns, config: AlertConfig) -> list[Candidate]:
    """Drift of tracked (`located`) rows, explicit moves in any `usable` row."""
    return drift(located, config) + explicit(usable, config)


def drift(cols: Columns, config: AlertConfig) -> list[Candidate]:
    """Consistent shifts of weekly centres (see [movement] in alerts.toml).

    Week j to week i (at least `min_steps` observed weeks apart, within
    `window_days`) is a move when the centres are `min_distance_km` apart, the
    path between them is straight enough, and both week i-1 (the move held for
    a second week) and week j-1 (j was no stray week) are at least half that
    distance from the other end."""
    if not len(cols):
        return []
    cfg = config.movement
    weekly = weekly_centres(cols, cfg.min_events_per_week, cfg.outlier_km)
    triggers = _triggers(weekly, cfg.window_days, cfg.min_steps, cfg.min_distance_km,
                         cfg.min_straightness)
    return [_drift_candidate(cols, weekly, episode, config) for episode in _episodes(*triggers)]


def _triggers(w: Weekly, window_days: int, min_steps: int, min_km: float,
              min_straight: float) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) row pairs: week j to week i is a long, straight enough shift."""
    n = len(w.week)
    same_as_prev = np.zeros(n, bool)
    same_as_prev[1:] = w.actor[1:] == w.actor[:-1]
    step = np.zeros(n)
    step[1:] = _geo.haversine_km(w.lat[:-1], w.lon[:-1], w.lat[1:], w.lon[1:])
    step[~same_as_prev] = 0.0
    path = np.cumsum(step)
    best_net = np.zeros(n)
    best_j = np.full(n, -1)
    for lag in range(min_steps, window_days // 7 + 1):
        i = np.arange(lag, n)
        j = i - lag
        ok = (w.actor[i] == w.actor[j]) & ((w.week[i] - w.week[j]) * 7 <= window_days)
        net = _geo.haversine_km(w.lat[j], w.lon[j], w.lat[i], w.lon[i])
        length = np.maximum(path[i] - path[j], 1e-9)
        # confirmed: the week before i was already well away from j, so one
        # stray week at the far end is not yet a move
        held = _geo.haversine_km(w.lat[j], w.lon[j], w.lat[i - 1], w.lon[i - 1]) >= min_km / 2
        # and j itself is no stray week: the move shows from the week before j too
        before = np.maximum(j - 1, 0)
        settled = (j == 0) | (w.actor[before] != w.actor[j]) | (
            _geo.haversine_km(w.lat[before], w.lon[before], w.lat[i], w.lon[i]) >= min_km / 2)
        ok &= (net >= min_km) & held & settled & (net / length >= min_straight)
        ok &= net > best_net[i]
        best_net[i[ok]] = net[ok]
        best_j[i[ok]] = j[ok]
    hit = np.flatnonzero(best_j >= 0)
    return hit, best_j[hit]


def _episodes(hits: np.ndarray, origins: np.ndarray) -> list[tuple[int, int, int]]:
    """(first origin row, first trigger row, last trigger row) per run of
    overlapping trigger windows (hits and their windows are sorted by row)."""
    episodes: list[tuple[int, int, int]] = []
    for hit, origin in zip(hits.tolist(), origins.tolist()):
        if episodes and origin <= episodes[-1][2]:
            first_origin, first_hit, _ = episodes[-1]
            episodes[-1] = (first_origin, first_hit, hit)
        else:
            episodes.append((origin, hit, hit))
    return episodes


def _drift_candidate(cols: Columns, w: Weekly, episode: tuple[int, int, int],
                     config: AlertConfig) -> Candidate:
    origin, first_hit, last = episode
    if _geo.haversine_km(w.lat[origin], w.lon[origin], w.lat[last], w.lon[last]) \
            < config.movement.min_distance_km:
        last = first_hit       # came back since: report the move that was confirmed
    start_rows = w.order[w.starts[origin]:w.starts[origin + 1]]
    end_rows = w.order[w.starts[last]:w.starts[last + 1]]
    needed = w.order[w.starts[origin]:w.starts[first_hit + 1]]
    distance = float(_geo.haversine_km(w.lat[origin], w.lon[origin], w.lat[last], w.lon[last]))
    bearing = float(_geo.bearing_deg(w.lat[origin], w.lon[origin], w.lat[last], w.lon[last]))
    first_day = day_from_number(cols.day[start_rows].min())
    last_day = day_from_number(cols.day[end_rows].max())
    actor = str(w.actor[origin])
    summary = (f"{actor} activity shifted {distance:.0f} km {_geo.compass(bearing)} "
               f"(bearing {bearing:.0f}°) from {_where(cols, start_rows)} to "
               f"{_where(cols, end_rows)} {_geo.date_range_text(first_day, last_day)}.")
    half = max(1, config.max_evidence // 2)
    evidence = (pick_evidence(cols.id[start_rows], cols.day[start_rows], half)
                + pick_evidence(cols.id[end_rows], cols.day[end_rows], half))
    touched = np.concatenate([cols.region[start_rows], cols.region[end_rows],
                              cols.admin1[start_rows], cols.admin1[end_rows],
                              cols.country[start_rows], cols.country[end_rows]])
    return Candidate(
        kind="movement", actor=actor, region=mode_text(cols.region[end_rows]) or None,
        episode=f"drift|{int(w.week[origin])}", fired_at=latest(cols.published[needed]),
        severity=clip01(0.3 + 0.7 * distance / (5 * config.movement.min_distance_km)),
        summary=summary, evidence=evidence, regions=tuple(sorted(set(touched) - {""})),
        bearing_deg=round(bearing, 1), distance_km=round(distance, 1))


def _where(cols: Columns, rows: np.ndarray) -> str:
    """The admin1 most of these events are in, else the commonest place name."""
    return mode_text(cols.admin1[rows]) or mode_text(cols.place[rows]) or "an unnamed area"


def explicit(cols: Columns, config: AlertConfig) -> list[Candidate]:
    """One alert per reported move (actor, origin, destination, week)."""
    moves = cols.take(~np.isnan(cols.mv_o_lat) & ~np.isnan(cols.mv_d_lat)
                      & ~np.isin(cols.actor_kind, list(config.ignore_actor_kinds)))
    if not len(moves):
        return []
    distance = _geo.haversine_km(moves.mv_o_lat, moves.mv_o_lon, moves.mv_d_lat, moves.mv_d_lon)
    moves = moves.take(distance >= config.movement.min_explicit_km)
    keys = pd.Series(moves.actor).astype(str) + "|" + pd.Series(moves.mv_o_name).astype(str) \
        + "|" + pd.Series(moves.mv_d_name).astype(str) + "|" + week_of(moves.day).astype(str)
    codes, _ = pd.factorize(keys, sort=True)
    order, starts, _ = group_slices(codes)
    return [_explicit_candidate(moves, order[a:b], config) for a, b in zip(starts[:-1], starts[1:])]


def _explicit_candidate(moves: Columns, rows: np.ndarray, config: AlertConfig) -> Candidate:
    i = int(rows[np.argmin(moves.day[rows])])
    o_lat, o_lon, d_lat, d_lon = (moves.mv_o_lat[i], moves.mv_o_lon[i], moves.mv_d_lat[i],
                                  moves.mv_d_lon[i])
    distance = float(_geo.haversine_km(o_lat, o_lon, d_lat, d_lon))
    bearing = float(_geo.bearing_deg(o_lat, o_lon, d_lat, d_lon))
    actor = str(moves.actor[i]) or None
    verb = _VERBS.get(str(moves.mv_kind[i]), "moved")
    origin, dest = str(moves.mv_o_name[i]), str(moves.mv_d_name[i])
    when = _geo.date_range_text(day_from_number(moves.day[rows].min()),
                                day_from_number(moves.day[rows].max()))
    summary = (f"{actor or 'Unidentified forces'} {verb} {distance:.0f} km "
               f"{_geo.compass(bearing)} (bearing {bearing:.0f}°) from "
               f"{origin or 'an unnamed place'} to {dest or 'an unnamed place'} {when}.")
    dest_region = str(moves.mv_d_admin1[i]) or dest
    touched = {origin, dest, str(moves.mv_d_admin1[i]), str(moves.mv_d_country[i]),
               str(moves.admin1[i]), str(moves.country[i])} - {""}
    return Candidate(
        kind="movement", actor=actor, region=dest_region or None,
        episode=f"explicit|{origin}|{dest}|{int(week_of(moves.day[i]))}",
        fired_at=earliest(moves.published[rows]),
        severity=clip01(0.5 + 0.5 * distance / 500.0), summary=summary,
        evidence=pick_evidence(moves.id[rows], moves.day[rows], config.max_evidence),
        regions=tuple(sorted(touched)), bearing_deg=round(bearing, 1),
        distance_km=round(distance, 1))
