import math

import pytest
from hypothesis import given, strategies as st

from tocsin.geo.distance import bearing_deg, compass, haversine_km

lat = st.floats(min_value=-90, max_value=90, allow_nan=False)
lon = st.floats(min_value=-180, max_value=180, allow_nan=False)


def test_known_distance_london_paris():
    assert haversine_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=2)


def test_one_degree_of_longitude_at_equator():
    assert haversine_km(0, 0, 0, 1) == pytest.approx(111.2, abs=0.2)


@pytest.mark.parametrize("lat2,lon2,expected", [(1, 0, 0), (0, 1, 90), (-1, 0, 180), (0, -1, 270)])
def test_cardinal_bearings(lat2, lon2, expected):
    assert bearing_deg(0, 0, lat2, lon2) == pytest.approx(expected, abs=1e-6)


def test_compass_names():
    assert [compass(b) for b in (0, 44, 46, 90, 180, 270, 337, 359.9)] == \
        ["N", "NE", "NE", "E", "S", "W", "NW", "N"]


@given(lat, lon, lat, lon)
def test_distance_is_symmetric_and_bounded(a, b, c, d):
    forward = haversine_km(a, b, c, d)
    assert forward == pytest.approx(haversine_km(c, d, a, b), abs=1e-6)
    assert 0 <= forward <= math.pi * 6371.0088 + 1e-6


@given(lat, lon)
def test_distance_to_itself_is_zero(a, b):
    assert haversine_km(a, b, a, b) == pytest.approx(0, abs=1e-6)


@given(lat, lon, lat, lon, lat, lon)
def test_triangle_inequality(a, b, c, d, e, f):
    # haversine loses a few metres of precision next to antipodal points: allow 1 m
    assert haversine_km(a, b, e, f) <= haversine_km(a, b, c, d) + haversine_km(c, d, e, f) + 1e-3


@given(lat, lon, lat, lon)
def test_bearing_is_in_range(a, b, c, d):
    assert 0 <= bearing_deg(a, b, c, d) < 360
    assert compass(bearing_deg(a, b, c, d)) in {"N", "NE", "E", "SE", "S", "SW", "W", "NW"}
