"""The command line: one-line errors, exit codes, output formats."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tocsin.cli.main import cli
from tocsin.store import Store


@pytest.fixture
def runner():
    return CliRunner()


BAD_INPUTS = {
    "empty.txt": b"",
    "junk.txt": bytes(range(256)) * 40,
    "broken.jsonl": b'{"id": "x", "text": "Gunmen attacked a checkpoint."\n',
    "blank.html": b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>",
    "latin.txt": "Caf\xe9 au lait \x81\x8d\x8f\x90\x9d".encode("latin-1") * 3 + b"\x00\x00",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_is_one_line_error_and_a_problem_row(tmp_path, runner, name):
    path = tmp_path / name
    path.write_bytes(BAD_INPUTS[name])
    db = tmp_path / "t.duckdb"
    result = runner.invoke(cli, ["ingest", str(path), "--db", str(db), "--quiet"])
    assert result.exit_code == 1, result.output
    with Store(db, read_only=True) as store:
        problems = store.problems()
    assert len(problems) >= 1
    assert all(p.reason and p.message and "\n" not in p.message for p in problems)


def test_oversized_and_missing_files_are_rejected(tmp_path, runner):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    db = tmp_path / "t.duckdb"
    result = runner.invoke(cli, ["ingest", str(big), str(tmp_path / "missing.txt"), "--db", str(db)])
    assert result.exit_code == 1
    with Store(db, read_only=True) as store:
        reasons = sorted(p.reason for p in store.problems())
    assert len(reasons) == 2 and "too_large" in reasons or "binary" in reasons


@pytest.mark.slow
def test_good_file_beside_bad_ones_is_still_ingested(tmp_path, runner):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.jsonl").write_text(
        '{"id": "g1", "published": "2014-06-10", "title": "Mosul", '
        '"text": "Militants seized the city of Mosul on Tuesday, officials said."}\n'
        "{not json}\n")
    db = tmp_path / "t.duckdb"
    result = runner.invoke(cli, ["ingest", str(tmp_path), "--db", str(db), "--quiet"])
    assert result.exit_code == 1
    assert "1 articles stored" in result.output
    with Store(db, read_only=True) as store:
        assert store.article("g1") is not None
        assert {p.reason for p in store.problems()} >= {"empty", "bad_json"}


def test_missing_database_is_a_clear_error(tmp_path, runner):
    result = runner.invoke(cli, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "no database" in result.output


def test_bad_date_flag_is_a_usage_error(demo_db, runner):
    result = runner.invoke(cli, ["events", "--db", str(demo_db), "--since", "last tuesday"])
    assert result.exit_code == 2
    assert "not a date" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["jsonl", "csv", "geojson", "table"])
def test_event_formats(demo_db, runner, fmt):
    result = runner.invoke(cli, ["events", "--db", str(demo_db), "--format", fmt])
    assert result.exit_code == 0, result.output
    if fmt == "jsonl":
        record = json.loads(result.output.splitlines()[0])
        assert set(record) == {"id", "event_type", "sub_event_type", "plover", "date",
                               "date_precision", "status", "fatalities", "movement", "actor1",
                               "actor2", "location", "attribution", "evidence", "article",
                               "sources", "corrections", "assoc_actor1", "assoc_actor2"}
        assert set(record["evidence"]) == {"article_id", "sentence", "start", "end"}
        assert set(record["sources"]) == {"articles", "independent"}
    elif fmt == "geojson":
        assert json.loads(result.output)["type"] == "FeatureCollection"
    elif fmt == "csv":
        assert result.output.startswith("id,date,")


@pytest.mark.slow
def test_show_highlights_the_evidence(demo_db, runner):
    with Store(demo_db, read_only=True) as store:
        event = next(e for e in store.events() if e.location and e.actor1)
    result = runner.invoke(cli, ["show", event.id, "--db", str(demo_db)])
    assert result.exit_code == 0
    assert "{place}" in result.output or "{actor1}" in result.output
    assert runner.invoke(cli, ["show", "nope", "--db", str(demo_db)]).exit_code == 1


@pytest.mark.slow
def test_alerts_summary_and_backtest(demo_db, runner, tmp_path):
    assert runner.invoke(cli, ["alerts", "--db", str(demo_db)]).exit_code == 0
    assert "top actors" in runner.invoke(cli, ["summary", "--db", str(demo_db)]).output
    targets = tmp_path / "targets.csv"
    targets.write_text("name,date,lat,lon,radius_km\nMosul taken,2014-06-10,36.34,43.13,100\n")
    result = runner.invoke(cli, ["backtest", "--db", str(demo_db), "--targets", str(targets), "--json"])
    assert result.exit_code == 0
    assert set(json.loads(result.output)) == {"targets", "alerts", "false_alarms"}


@pytest.mark.slow
def test_replay_prints_alerts_at_their_simulated_time(runner):
    from tests.conftest import EXAMPLES

    result = runner.invoke(cli, ["replay", str(EXAMPLES / "articles"), "--step", "1d"])
    assert result.exit_code == 0, result.output
    march = [line for line in result.output.splitlines()
             if line.startswith("2014-03-14") and "movement" in line]
    assert march and "east" in march[0]


@pytest.mark.parametrize("step", ["0d", "1y", "soon"])
def test_replay_rejects_bad_steps(runner, tmp_path, step):
    result = runner.invoke(cli, ["replay", str(tmp_path), "--step", step])
    assert result.exit_code == 2 and "step" in result.output


@pytest.mark.slow
def test_track_as_geojson(demo_db, runner):
    result = runner.invoke(cli, ["track", "ISIL", "--db", str(demo_db), "--format", "geojson"])
    assert result.exit_code == 0, result.output
    features = json.loads(result.output)["features"]
    assert any(f["geometry"]["type"] == "LineString" for f in features)


@pytest.mark.slow
def test_acled_round_trip_through_the_command_line(demo_db, runner, tmp_path):
    """export --format acled is read by `tocsin eval acled` and by pandas with integer
    dtypes, and its ids join to `tocsin events --format jsonl`."""
    import pandas as pd

    out = tmp_path / "acled.csv"
    done = runner.invoke(cli, ["export", "--db", str(demo_db), "--format", "acled", "--out", str(out)])
    assert done.exit_code == 0, done.output
    frame = pd.read_csv(out)
    assert {str(frame[c].dtype) for c in ("year", "iso", "fatalities", "timestamp", "geo_precision",
                                          "time_precision")} == {"int64"}
    listed = runner.invoke(cli, ["events", "--db", str(demo_db), "--format", "jsonl"]).output
    ids = {json.loads(line)["id"] for line in listed.splitlines()}
    assert len(frame) > 0 and set(frame["event_id_cnty"]) <= ids
    scored = runner.invoke(cli, ["eval", "acled", str(out), "--limit", "20"])
    assert scored.exit_code == 0, scored.output
    assert json.loads(scored.output.strip().splitlines()[-1])["n"] == 20
