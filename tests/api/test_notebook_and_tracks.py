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


def test_frames_are_typed(api_db):
    with open_db(api_db) as db:
        events = db.events()
        assert str(events["published"].dtype).startswith("datetime64") and "UTC" in str(events["published"].dtype)
        assert {c: str(events[c].dtype) for c in ("fatalities", "sources_articles", "evidence_start")} == {
            "fatalities": "Int64", "sources_articles": "Int64", "evidence_start": "Int64"}
        assert str(events["lat"].dtype) == "float64"
        alerts = db.alerts()
        assert str(alerts["fired_at"].dtype).startswith("datetime64")
        assert str(alerts["severity"].dtype) == "float64" and alerts["dismissed"].dtype == bool


def test_flattened_frames_keep_evidence_offsets_and_attribution(api_db):
    with open_db(api_db) as db:
        frame = db.mentions()
        row = frame[frame["id"] == "e-r1"].iloc[0]
        assert row["evidence_end"] > row["evidence_start"] >= 0
        assert {"attribution_text", "attribution_name", "attribution_kind"} <= set(frame.columns)


def test_mentions_actors_and_track(api_db):
    with open_db(api_db) as db:
        mentions = db.mentions(country="Iraq")
        assert len(mentions) == len(db.events(country="Iraq")) + 1        # e-r2 reports e-r1 again
        assert set(mentions[mentions["id"] == "e-r2"]["cluster_id"]) == {"e-r1"}
        actors = db.actors()
        assert actors.iloc[0]["events"] >= actors.iloc[-1]["events"]
        assert str(actors["first_date"].dtype).startswith("datetime64")
        track = db.track("ISIS")
        assert list(track["week_start"].dt.strftime("%Y-%m-%d")) == ["2014-06-09", "2014-06-16"]
        assert track["km_from_previous"].isna().tolist() == [True, False]


def test_python_filters_are_checked_like_the_cli(api_db):
    from tocsin.store import FilterError

    with open_db(api_db) as db:
        with pytest.raises(FilterError, match="did you mean 'reported'"):
            db.events(status="reportd")
        with pytest.raises(FilterError, match="did you mean 'Armed clash'"):
            db.events(type="Armed clsh")
        assert len(db.events(type="Armed clash")) == len(db.events(event_type="Armed clash")) > 0


def test_to_geodataframe(api_db):
    geopandas = pytest.importorskip("geopandas", reason="geopandas is the optional extra tocsin[geo]")
    from tocsin.api.notebook import to_geodataframe

    with open_db(api_db) as db:
        frame = to_geodataframe(db.events(country="Iraq"))
    assert isinstance(frame, geopandas.GeoDataFrame) and frame.crs.to_epsg() == 4326
    assert round(frame.geometry.iloc[0].y) == 36


def test_to_geodataframe_without_geopandas_says_what_to_install(api_db, monkeypatch):
    import builtins

    from tocsin.api.notebook import to_geodataframe

    real_import = builtins.__import__

    def no_geopandas(name, *args, **kwargs):
        if name == "geopandas":
            raise ImportError("no geopandas")
        return real_import(name, *args, **kwargs)
    monkeypatch.setattr(builtins, "__import__", no_geopandas)
    with open_db(api_db) as db, pytest.raises(ImportError, match=r"tocsin\[geo\]"):
        to_geodataframe(db.events())


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
