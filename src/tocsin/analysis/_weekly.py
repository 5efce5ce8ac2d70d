"""Weekly centres of an actor's located activity (what `tocsin track` draws).

Alerts do not use these: a centre of activity for an actor fighting on several
fronts jumps between them ("525 km from Damascus to Damascus").  Movement
alerts read reported moves and shifts on one front (`_movement`, `_drift`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tocsin.analysis import _geo
from tocsin.analysis._candidate import group_slices
from tocsin.analysis.frame import Columns, week_of

#: events this far from an actor's weekly mean do not move its centre.
DEFAULT_OUTLIER_KM = 300.0


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
