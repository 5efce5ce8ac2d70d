"""Great-circle distance and bearing between two points given in degrees."""
from __future__ import annotations

import math

EARTH_RADIUS_KM = 6371.0088
_COMPASS_POINTS = ("N", "NE", "E", "SE", "S", "SW", "W", "NW")


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlmb = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    # min() guards against a rounding error pushing `a` just above 1.
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial bearing from point 1 to point 2, clockwise from north, in [0, 360)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dlmb = math.radians(lon2 - lon1)
    x = math.sin(dlmb) * math.cos(phi2)
    y = math.cos(phi1) * math.sin(phi2) - math.sin(phi1) * math.cos(phi2) * math.cos(dlmb)
    bearing = math.degrees(math.atan2(x, y)) % 360.0
    return 0.0 if bearing >= 360.0 else bearing   # -1e-17 % 360 rounds to 360.0


def compass(bearing: float) -> str:
    """Eight-point compass name ('N', 'NE', ... 'NW') of a bearing in degrees."""
    sector = int(((bearing % 360.0) + 22.5) // 45.0) % 8
    return _COMPASS_POINTS[sector]
