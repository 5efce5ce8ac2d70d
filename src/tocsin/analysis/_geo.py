"""Vectorised great-circle helpers and wording for the analysis layer.

Kept private here (rather than using geo.distance) because every caller works
on numpy columns of a million rows, and scalars go through the same code.
"""
from __future__ import annotations

from datetime import date

import numpy as np
from numpy.typing import ArrayLike, NDArray

EARTH_RADIUS_KM = 6371.0088
_COMPASS = ("north", "north-east", "east", "south-east",
            "south", "south-west", "west", "north-west")


def haversine_km(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike,
                 lon2: ArrayLike) -> NDArray[np.float64]:
    """Great-circle distance in km; broadcasts like numpy."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dphi = p2 - p1
    dlam = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    a = np.sin(dphi / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def bearing_deg(lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike,
                lon2: ArrayLike) -> NDArray[np.float64]:
    """Initial bearing from point 1 to point 2, degrees clockwise from north."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dlam = np.radians(np.asarray(lon2, dtype=float) - np.asarray(lon1, dtype=float))
    x = np.sin(dlam) * np.cos(p2)
    y = np.cos(p1) * np.sin(p2) - np.sin(p1) * np.cos(p2) * np.cos(dlam)
    return np.degrees(np.arctan2(x, y)) % 360.0


def unit_vectors(lat: ArrayLike, lon: ArrayLike) -> NDArray[np.float64]:
    """(n, 3) points on the unit sphere; averaging these gives a true centroid."""
    la, lo = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)], axis=-1)


def to_lat_lon(x: ArrayLike, y: ArrayLike, z: ArrayLike) -> tuple[NDArray[np.float64],
                                                                   NDArray[np.float64]]:
    """Back from (possibly unnormalised) sphere vectors to degrees."""
    x, y, z = np.asarray(x, float), np.asarray(y, float), np.asarray(z, float)
    lat = np.degrees(np.arctan2(z, np.hypot(x, y)))
    lon = np.degrees(np.arctan2(y, x))
    return lat, lon


def compass(bearing: float) -> str:
    """'east' for 95 degrees: the nearest of eight compass points."""
    return _COMPASS[int(((bearing % 360) + 22.5) // 45) % 8]


def day_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def date_range_text(first: date, last: date) -> str:
    """'between 2 and 14 March 2014', 'on 5 May 2015', across months and years."""
    if first == last:
        return f"on {day_text(first)}"
    if (first.year, first.month) == (last.year, last.month):
        return f"between {first.day} and {day_text(last)}"
    if first.year == last.year:
        return f"between {first.day} {first:%B} and {day_text(last)}"
    return f"between {day_text(first)} and {day_text(last)}"
