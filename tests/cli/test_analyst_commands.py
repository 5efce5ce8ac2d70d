"""The analyst's command line on a hand-built store (no NLP): the friction points of
issue 13, each a test that failed before the change."""
from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from tocsin.api.sample import build_sample_store
from tocsin.cli.main import cli
from tocsin.store import Store


@pytest.fixture()
def db(tmp_path):
    """The sample store (7 real-world events), its alerts recomputed by the rules."""
    from tocsin.runner import refresh

    path = build_sample_store(tmp_path / "sample.duckdb")
    with Store(path) as store:
        refresh(store)
    return str(path)


def alert_ids(db: str) -> list[str]:
    with Store(db, read_only=True) as store:
        return [a.id for a in store.alerts()]


def run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.mark.parametrize(("args", "hint"), [
    (["--type", "Armed clsh"], "did you mean 'Armed clash'"),
    (["--actor", "Islamik State"], "did you mean"),
    (["--country", "Irakk"], "did you mean 'Iraq'"),
    (["--status", "reportd"], "did you mean 'reported'"),
    (["--since", "2014-06-01", "--until", "2014-01-01"], "after until"),
])
def test_events_refuse_what_cannot_match_instead_of_printing_0_events(db, args, hint):
    output = run("events", "--db", db, *args, code=2)
    assert hint in output and "0 real-world events" not in output


@pytest.mark.parametrize("country", ["Iraq", "Irak", "IRQ", "IQ"])
def test_countries_by_alias_and_iso_code(db, country):
    assert run("events", "--db", db, "--country", country).strip().endswith("4 real-world events")


def test_events_take_the_export_filters(db):
    ids = lambda *a: [json.loads(line)["id"] for line in run("events", "--db", db, "--format",  # noqa: E731
                                                             "jsonl", *a).splitlines()]
    assert set(ids("--bbox", "42,33,45,35")) == {"e-r3", "e-r8", "e-r7"}
    assert ids("--admin1", "Salah ad Din") == ["e-r3", "e-r8"]
    assert ids("--min-sources", "2") == ["e-r1"]
    assert len(ids("--limit", "2")) == 2
    assert ids("--event-type", "Protests") == ids("--type", "Protests") == ["e-r7"]


def test_alerts_take_filters(tmp_path):
    db = str(build_sample_store(tmp_path / "hand.duckdb"))          # its hand-written alerts
    def listed(*args: str) -> str:
        return run("alerts", "--db", db, *args)
    assert "al-mosul" in listed("--kind", "territory") and "al-south" not in listed("--kind", "territory")
    assert "al-south" in listed("--region", "Salah ad Din") and "al-mosul" not in listed("--region", "Salah ad Din")
    assert "2 alerts" in listed("--actor", "ISIS", "--min-severity", "0.5")
    assert "al-mosul" not in listed("--since", "2014-06-15")
    assert "did you mean 'surge'" in run("alerts", "--db", db, "--kind", "surges", code=2)


def test_ingest_of_nothing_reports_no_new_alerts(db, tmp_path):
    output = run("ingest", str(tmp_path / "missing.txt"), "--db", db, "--quiet", code=1)
    assert "0 articles stored" in output and "0 mentions of 0 real-world events" in output
    assert "0 new alerts" in output


def test_backtest_prints_json_alone_or_the_table_alone(db, tmp_path):
    targets = tmp_path / "targets.csv"
    targets.write_text("name,date,lat,lon,radius_km\nMosul taken,2014-06-10,36.34,43.13,100\n")
    as_json = run("backtest", "--db", db, "--targets", str(targets), "--json")
    assert set(json.loads(as_json)) == {"targets", "alerts", "false_alarms"}
    table = run("backtest", "--db", db, "--targets", str(targets))
    assert "targets anticipated" in table and "{" not in table


def test_replay_takes_a_store(db):
    output = run("replay", "--db", db, "--step", "1d")
    assert output == "" or output[:4] == "2014"
    assert "not both" in run("replay", "x.txt", "--db", db, code=2)


def test_export_reports_status_counts_over_real_world_events(db, tmp_path):
    result = CliRunner().invoke(cli, ["export", "--db", db, "--format", "csv", "--out",
                                      str(tmp_path / "e.csv")])
    assert result.exit_code == 0
    with Store(db, read_only=True) as store:
        statuses = {e.status for e in store.events()}
    assert "7 rows written" in result.output and all(s in result.output for s in statuses)


def test_acled_export_joins_to_events_and_reads_as_integers(db, tmp_path):
    import pandas as pd

    out = tmp_path / "acled.csv"
    run("export", "--db", db, "--format", "acled", "--out", str(out), "--inter", "numeric")
    frame = pd.read_csv(out)
    assert {str(frame[c].dtype) for c in ("inter1", "inter2", "interaction", "iso", "fatalities",
                                          "timestamp", "geo_precision")} == {"int64"}
    listed = {json.loads(line)["id"] for line in run("events", "--db", db, "--format", "jsonl").splitlines()}
    assert set(frame["event_id_cnty"]) <= listed and len(frame) > 0


def test_parquet_export_needs_overwrite_or_append_for_a_used_folder(db, tmp_path):
    folder = str(tmp_path / "pq")
    run("export", "--db", db, "--format", "parquet", "--out", folder)
    assert "--overwrite" in run("export", "--db", db, "--format", "parquet", "--out", folder, code=1)
    assert "7 rows written" in run("export", "--db", db, "--format", "parquet", "--out", folder,
                                   "--overwrite")
    assert "0 rows written" in run("export", "--db", db, "--format", "parquet", "--out", folder,
                                   "--append")


def test_counts_by_week_and_admin1(db):
    table = run("counts", "--db", db, "--by", "week,admin1", "--country", "IRQ")
    assert "week" in table.splitlines()[0] and "admin1" in table.splitlines()[0]
    rows = list(csv.DictReader(io.StringIO(run("counts", "--db", db, "--by", "week,admin1",
                                                "--country", "Iraq", "--format", "csv"))))
    assert sum(int(r["events"]) for r in rows) == 4
    assert {r["week"] for r in rows} == {"2014-06-09", "2014-06-16"}
    assert any(r["events"] == "0" for r in rows)                 # zero-filled, as GDELT's
    body = json.loads(run("counts", "--db", db, "--by", "event_type", "--format", "json"))
    assert sum(r["events"] for r in body["rows"]) == 7 and body["period"] is None
    assert "did you mean 'week'" in run("counts", "--db", db, "--by", "weak", code=2)


def test_correct_and_dismiss(db):
    output = run("correct", "e-r4", "--db", db, "--place", "Azaz", "--lat", "36.586", "--lon",
                 "37.046", "--status", "alleged", "--note", "the market is in Azaz")
    assert "corrected e-r4: location, status" in output
    listed = [json.loads(line) for line in run("events", "--db", db, "--format", "jsonl").splitlines()]
    fixed = next(e for e in listed if e["id"] == "e-r4")
    assert fixed["location"]["name"] == "Azaz" and fixed["status"] == "alleged"
    assert fixed["corrections"][0]["note"] == "the market is in Azaz"
    assert "e-r4*" in run("events", "--db", db) and "1 corrected" in run("events", "--db", db)
    assert "e-r4" in run("correct", "--list", "--db", db)
    assert "1 corrections, 0 alerts dismissed" in run("summary", "--db", db)
    assert "location, status (the market is in Azaz)" in run("show", "e-r4", "--db", db)
    assert "no event" in run("correct", "nope", "--db", db, "--status", "alleged", code=1)
    assert "1 corrections of e-r4 withdrawn" in run("correct", "e-r4", "--db", db, "--undo")

    first = alert_ids(db)[0]
    run("dismiss", first, "--db", db, "--why", "a geocoding error")
    assert first not in run("alerts", "--db", db)
    assert "1 dismissed not shown" in run("alerts", "--db", db)
    assert "[dismissed: a geocoding error]" in run("alerts", "--db", db, "--dismissed")
    assert first in run("dismiss", "--list", "--db", db)
    run("ingest", "missing.txt", "--db", db, "--quiet", code=1)        # alerts recomputed
    assert first in alert_ids(db) and first not in run("alerts", "--db", db)   # still dismissed
    assert "--why" in run("dismiss", first, "--db", db, code=2)
    assert "no alert" in run("dismiss", "nope", "--db", db, "--why", "x", code=1)
    assert "restored" in run("dismiss", first, "--db", db, "--undo")
