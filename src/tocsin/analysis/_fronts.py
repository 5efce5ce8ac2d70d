"""Fronts: where an actor is active, as separate clusters of places.

An army or a group fighting around Damascus and around Aleppo has two fronts,
and the mean of its positions lies in neither.  So an actor's located events
are clustered in space before any shift is measured.

Clustering follows the stream, so that it never needs the future: each new
place (a 0.1-degree cell) an actor is reported in joins the front of the
nearest place the actor was already reported in, when that place is within
`link_km` and the front's first place within `radius_km`; otherwise it opens
a new front.  Fronts never merge later, so a prefix of the stream gets the
same fronts as the whole stream.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from tocsin.analysis import _geo

#: places are cells of this many degrees (about 28 km of latitude)
CELL_DEGREES = 0.25
_KM_PER_DEGREE = 111.2


def assign(actor: np.ndarray, lat: np.ndarray, lon: np.ndarray, link_km: float,
           radius_km: float) -> np.ndarray:
    """Front code per row; rows must be in publication order.  Codes are
    global integers; rows of different actors never share one."""
    from scipy.spatial import cKDTree

    n = len(actor)
    if not n:
        return np.zeros(0, np.int64)
    cell_lat = np.round(lat / CELL_DEGREES).astype(np.int64)
    cell_lon = np.round(lon / CELL_DEGREES).astype(np.int64)
    actor_code, _ = pd.factorize(actor)
    key = (actor_code.astype(np.int64) << 40) | ((cell_lat + 1000) << 20) | (cell_lon + 1000)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    fronts = np.empty(len(first), np.int64)
    centre_lat = cell_lat[first] * CELL_DEGREES
    centre_lon = cell_lon[first] * CELL_DEGREES
    points = _geo.unit_vectors(centre_lat, centre_lon)
    chord = 2 * np.sin(link_km / (2 * _geo.EARTH_RADIUS_KM))
    next_front = 0
    for cells in pd.Series(np.arange(len(first))).groupby(actor_code[first]).indices.values():
        cells = cells[np.argsort(first[cells], kind="stable")]    # order of first report
        rank = np.empty(len(first), np.int64)
        rank[cells] = np.arange(len(cells))
        near = cKDTree(points[cells]).query_ball_point(points[cells], chord)
        seeds: dict[int, int] = {}                                # front -> its first cell
        for position, cell in enumerate(cells.tolist()):
            best = -1
            candidates = np.asarray(near[position], dtype=np.int64)
            candidates = candidates[rank[cells[candidates]] < position] if len(candidates) else \
                candidates                                        # reported before this one
            if len(candidates):
                others = cells[candidates]
                squared = ((points[others] - points[cell]) ** 2).sum(axis=1)
                for other in others[np.argsort(squared, kind="stable")].tolist():
                    front = int(fronts[other])
                    seed = seeds[front]
                    if _km(centre_lat[cell], centre_lon[cell], centre_lat[seed],
                           centre_lon[seed]) <= radius_km:
                        best = front                              # the nearest within reach
                        break
            if best < 0:
                best = next_front
                next_front += 1
                seeds[best] = cell
            fronts[cell] = best
    return fronts[inverse]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance for two scalars (numpy's call overhead dominates here)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _geo.EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
