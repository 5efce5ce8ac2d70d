from __future__ import annotations

from datetime import date, timedelta

from tocsin.analysis.tracks import track
from tocsin.models import Movement

from .conftest import event, place

START = date(2014, 1, 6)


def ev(i: int, where: str, **kw: object):  # type: ignore[no-untyped-def]
    return event(f"e{i}", START + timedelta(weeks=i), where, **kw)


def test_track_has_weekly_centres_shifts_regions_and_moves() -> None:
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    events = [ev(0, "Idlib"), ev(1, "Idlib"), ev(2, "Raqqa", movement=move), ev(3, "Raqqa"),
              ev(4, "Deir ez-Zor", who="Syrian Army"), ev(5, "Mosul", status="hypothetical")]
    t = track(events, "ISIS")
    assert [c.week_start for c in t.centres] == [START + timedelta(weeks=i) for i in range(4)]
    assert [round(s.distance_km) for s in t.shifts][0] == 0
    assert 180 < t.shifts[1].distance_km < 260 and 70 < t.shifts[1].bearing_deg < 110
    assert [(r.region, r.first, r.last) for r in t.regions] == [
        ("Idlib, Syria", START, START + timedelta(weeks=1)),
        ("Ar-Raqqah, Syria", START + timedelta(weeks=2), START + timedelta(weeks=3))]
    assert [m.event_id for m in t.moves] == ["e2"]


def test_since_and_until_bound_the_track() -> None:
    events = [ev(i, "Idlib") for i in range(6)]
    t = track(events, "ISIS", since=START + timedelta(weeks=2), until=START + timedelta(weeks=3))
    assert len(t.centres) == 2


def test_geojson_has_points_segments_and_move_arrows() -> None:
    move = Movement("advance", origin=place("Tikrit"), destination=place("Samarra"))
    events = [ev(0, "Idlib"), ev(1, "Raqqa"), ev(2, "Raqqa", movement=move)]
    geo = track(events, "ISIS").to_geojson()
    assert geo["type"] == "FeatureCollection"
    kinds = [f["properties"]["kind"] for f in geo["features"]]
    assert kinds.count("centre") == 3 and kinds.count("shift") == 2 and kinds.count("movement") == 1
    shift = next(f for f in geo["features"] if f["properties"]["kind"] == "shift")
    assert shift["geometry"]["type"] == "LineString"
    assert len(shift["geometry"]["coordinates"]) == 2
    assert set(shift["properties"]) >= {"start", "end", "distance_km", "bearing_deg"}
    arrow = next(f for f in geo["features"] if f["properties"]["kind"] == "movement")
    assert arrow["geometry"]["coordinates"][0] == [43.68, 34.60]   # lon, lat order
    centre = next(f for f in geo["features"] if f["properties"]["kind"] == "centre")
    assert centre["geometry"]["type"] == "Point"


def test_unknown_actor_gives_an_empty_track() -> None:
    t = track([ev(0, "Idlib")], "Nobody")
    assert t.centres == () and t.to_geojson()["features"] == []
