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
    n = len(actor)
    if not n:
        return np.zeros(0, np.int64)
    cell_lat = np.round(lat / CELL_DEGREES).astype(np.int64)
    cell_lon = np.round(lon / CELL_DEGREES).astype(np.int64)
    actor_code, _ = pd.factorize(actor)
    key = (actor_code.astype(np.int64) << 40) | ((cell_lat + 1000) << 20) | (cell_lon + 1000)
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    fronts = np.empty(len(first), np.int64)
    reach = int(np.ceil(link_km / (_KM_PER_DEGREE * CELL_DEGREES)))
    seen: dict[tuple[int, int, int], int] = {}          # (actor, cell lat, cell lon) -> front
    seeds: list[tuple[float, float]] = []               # front -> its first place
    for cell in np.argsort(first, kind="stable").tolist():   # cells in order of first report
        row = int(first[cell])
        a, la, lo = int(actor_code[row]), int(cell_lat[row]), int(cell_lon[row])
        here = (la * CELL_DEGREES, lo * CELL_DEGREES)
        widen = int(np.ceil(reach / max(np.cos(np.radians(here[0])), 0.1)))
        best, best_km = -1, float("inf")
        for dy in range(-reach, reach + 1):
            for dx in range(-widen, widen + 1):
                front = seen.get((a, la + dy, lo + dx))
                if front is None:
                    continue
                km = _km(here[0], here[1], (la + dy) * CELL_DEGREES, (lo + dx) * CELL_DEGREES)
                seed = seeds[front]
                if km <= link_km and km < best_km and _km(*here, *seed) <= radius_km:
                    best, best_km = front, km
        if best < 0:
            best = len(seeds)
            seeds.append(here)
        seen[(a, la, lo)] = best
        fronts[cell] = best
    return fronts[inverse]


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance for two scalars (numpy's call overhead dominates here)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * _geo.EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))
