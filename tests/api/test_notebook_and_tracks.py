from datetime import date

import pytest

from tocsin.api.notebook import open as open_db
from tocsin.api.tracks import track_geojson
from tocsin.store import Store, StoreError


def test_open_returns_dataframes(api_db):
    with open_db(api_db) as db:
        frame = db.events(country="Iraq", since="2014-06-11")
        assert list(frame["id"]) == ["e-r3", "e-r7", "e-r8"]
        assert str(frame["date"].dtype).startswith("datetime64")
        assert set(db.alerts()["kind"]) == {"territory", "movement", "surge"}
        assert db.stats()["events"] == 8 and db.stats()["mentions"] == 9
        assert db.sql("SELECT count(*) AS n FROM events WHERE country = ?", ["Syria"])["n"][0] == 4


def test_open_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no database"):
        open_db(tmp_path / "missing.duckdb")


def test_weekly_centres_in_time_order_joined_by_shifts(api_db):
    with Store(api_db, read_only=True) as store:
        track = track_geojson(store, "ISIS")
    points = [f for f in track["features"] if f["geometry"]["type"] == "Point"]
    lines = [f for f in track["features"] if f["geometry"]["type"] == "LineString"]
    assert [p["properties"]["week_start"] for p in points] == ["2014-06-09", "2014-06-16"]
    assert points[0]["properties"]["events"] == 1   # two reports of one real-world event
    assert len(lines) == 1
    assert lines[0]["geometry"]["coordinates"][0] == [43.119, 36.335]   # Mosul


def test_one_week_gives_a_point_and_no_line(api_db):
    with Store(api_db, read_only=True) as store:
        track = track_geojson(store, "ISIS", since=date(2014, 6, 10), until=date(2014, 6, 10))
    assert [f["geometry"]["type"] for f in track["features"]] == ["Point"]


def test_result_cache_keeps_the_newest_entries():
    from tocsin.api.tracks import ResultCache

    cache, calls = ResultCache(size=2), []

    def compute(key):
        return lambda: calls.append(key) or {"key": key}

    for key in ("a", "b", "a", "c", "a", "b"):
        cache.get(key, compute(key))
    assert calls == ["a", "b", "c", "b"]       # "b" was evicted when "c" came in


def test_every_write_bumps_the_generation(tmp_path):
    from api_helpers import build_test_store

    from tocsin.api.database import Database

    path = tmp_path / "g.duckdb"
    build_test_store(path)
    database = Database(path, writable=True)
    before = database.generation
    with database.writer():
        pass
    assert database.generation == before + 1
    database.close()
