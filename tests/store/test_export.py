"""Exports: ACLED CSV read back by the ACLED evaluator, Parquet read back by DuckDB and pandas."""
from __future__ import annotations

from tocsin.runner import consolidate

import csv
import io
import json
from dataclasses import replace
from datetime import date, datetime

import duckdb
import pytest
from click.testing import CliRunner

from tocsin.evaluate.acled import read_rows
from tocsin.models import Actor, Article, Event, Evidence, Movement, Place, Sources
from tocsin.store import EventFilter, Store
from tocsin.store.acled import ACLED_COLUMNS, disorder_type, interaction
from tocsin.store.export import ExportError, export

ALEPPO = Place("Aleppo", 36.2, 37.16, "Aleppo", "Syria", "city", "SY")
BAGHDAD = Place("Baghdad", 33.34, 44.4, "Baghdad", "Iraq", "city", "IQ")


def event(id_: str, article_id: str, day: date | None, *, place: Place | None = ALEPPO,
          kind: str = "state_military", event_type: str = "Battles", sub: str = "Armed clash",
          status: str = "reported", cluster: str | None = None, fatalities: int | None = None,
          precision: str = "day") -> Event:
    sentence = f"Report {id_}: fighting broke out."
    return Event(id=id_, event_type=event_type, sub_event_type=sub, plover="ASSAULT", date=day,
                 date_precision=precision, status=status,
                 actor1=Actor("troops", "Army", kind, "SYR"), location=place,
                 evidence=Evidence(article_id, sentence, 0, len(sentence)),
                 actor2=Actor("rebels", "Rebels", "rebel") if event_type == "Battles" else None,
                 fatalities=fatalities,
                 sources=Sources(2 if cluster else 1, 2 if cluster else 1),
                 cluster_id=cluster or id_, confidence=0.5)


@pytest.fixture()
def store(tmp_path):
    articles = [Article(id=f"a{i}", text="x", title=f"T{i}", source=f"Outlet {i}",
                        published=datetime(2014, 5 + i % 2, 3), content_hash=f"h{i}")
                for i in range(6)]
    events = [
        event("e1", "a0", date(2014, 5, 3), cluster="c1", fatalities=4),
        event("e2", "a1", date(2014, 5, 3), cluster="c1", fatalities=2),
        event("e3", "a2", date(2014, 6, 9), place=BAGHDAD, kind="civilians", event_type="Protests",
              sub="Peaceful protest", precision="month"),
        event("e4", "a3", date(2014, 6, 10), status="denied"),
        event("e5", "a4", None),
        event("e6", "a5", date(2014, 6, 11), event_type="None", sub="Organized crime"),
    ]
    with Store(tmp_path / "x.duckdb") as handle:
        handle.write_batch([(a, None) for a in articles], events)
        consolidate(handle)
        yield handle


def test_acled_export_is_read_back_by_the_acled_evaluator(store, tmp_path):
    out = tmp_path / "acled.csv"
    result = export(store, "acled", out)
    assert result.rows == 2
    # counted over real-world events: e1 and e2 are one event, not a skipped mention
    assert result.skipped == {"status denied": 1, "without a date": 1, "not an ACLED event type": 1}
    assert result.statuses == {"reported": 2}
    skipped: list[str] = []
    rows = list(read_rows(out, skipped))
    assert skipped == []
    assert [(r.event_date, r.sub_event_type, r.admin1) for r in rows] == [
        (date(2014, 5, 3), "Armed clash", "Aleppo"), (date(2014, 6, 9), "Peaceful protest", "Baghdad")]
    assert rows[0].notes == "Report e1: fighting broke out." and rows[0].lat == 36.2


def test_acled_columns_and_codes(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled", out, inter="numeric")
    with out.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames) == ACLED_COLUMNS
        clash, protest = list(reader)
    assert clash["source"] == "Outlet 0; Outlet 1"          # both reports of the cluster
    assert clash["fatalities"] == "2"                       # the conservative figure
    assert (clash["inter1"], clash["inter2"], clash["interaction"]) == ("1", "2", "12")
    assert (clash["iso"], clash["region"], clash["country"]) == ("760", "Middle East", "Syria")
    assert (clash["geo_precision"], clash["time_precision"]) == ("1", "1")
    assert clash["disorder_type"] == "Political violence" and clash["year"] == "2014"
    assert (protest["inter1"], protest["interaction"], protest["time_precision"]) == ("6", "60", "3")
    assert protest["inter2"] == "0"                         # no second actor: 0, never blank
    assert protest["actor1"] == "Protesters (Iraq)"         # an unnamed crowd, as ACLED names it
    assert protest["disorder_type"] == "Demonstrations" and protest["iso"] == "368"


def test_acled_text_inter_labels_are_the_default(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled", out)
    clash, protest = list(csv.DictReader(out.open(encoding="utf-8")))
    assert (clash["inter1"], clash["inter2"]) == ("State forces", "Rebel group")
    assert clash["interaction"] == "State forces-Rebel group"
    assert (protest["inter1"], protest["inter2"], protest["interaction"]) == (
        "Protesters", "", "Protesters only")


def test_acled_integer_columns_read_as_integers_by_pandas(store, tmp_path):
    import pandas as pd

    for style in ("text", "numeric"):
        out = tmp_path / f"acled-{style}.csv"
        export(store, "acled", out, inter=style)
        frame = pd.read_csv(out)
        ints = ["year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"]
        if style == "numeric":
            ints += ["inter1", "inter2", "interaction"]
        assert {c: str(frame[c].dtype) for c in ints} == {c: "int64" for c in ints}


def test_acled_ids_join_to_the_events_listing(store, tmp_path):
    out = tmp_path / "acled.csv"
    export(store, "acled", out)
    acled_ids = [r["event_id_cnty"] for r in csv.DictReader(out.open(encoding="utf-8"))]
    listed = {e.id for e in store.events()}
    assert acled_ids and set(acled_ids) <= listed
    assert "e1" in acled_ids           # the cluster's id, not whichever mention ACLED coded from


def test_acled_missing_actor_admin2_and_associated_actors(tmp_path):
    idlib = Place("Jisr al-Shughur", 35.81, 36.32, "Idlib", "Syria", "city", "SY",
                  admin2="Jisr al-Shughur")
    nusra = Actor("al-Nusra", "Nusra Front", "jihadist", None, known=True)
    fsa = Actor("FSA", "Free Syrian Army", "rebel", "SYR", known=True)
    army = Actor("the army", "Syrian Arab Army", "state_military", "SYR", known=True)
    articles = [Article(id=f"b{i}", text="x", source=f"S{i}", published=datetime(2015, 4, 25, 9),
                        content_hash=f"hb{i}") for i in range(3)]
    clash_1 = replace(event("m1", "b0", date(2015, 4, 25), place=idlib), actor1=nusra, actor2=army)
    clash_2 = replace(event("m2", "b1", date(2015, 4, 25), place=idlib), actor1=nusra, actor2=army,
                      assoc_actor1=(fsa,))
    shelling = replace(event("m3", "b2", date(2015, 4, 28), place=idlib,
                             event_type="Explosions/Remote violence",
                             sub="Shelling/artillery/missile attack"), actor1=None,
                       actor2=Actor("the gunmen", "the gunmen", "other"))
    with Store(tmp_path / "a.duckdb") as handle:
        handle.write_batch([(a, None) for a in articles], [clash_1, clash_2, shelling])
        consolidate(handle)
        out = tmp_path / "acled.csv"
        export(handle, "acled", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    by_type = {r["sub_event_type"]: r for r in rows}
    clash, strike = by_type["Armed clash"], by_type["Shelling/artillery/missile attack"]
    assert (clash["actor1"], clash["assoc_actor_1"]) == ("Nusra Front", "Free Syrian Army")
    assert clash["admin2"] == "Jisr al-Shughur" and clash["admin3"] == ""
    assert strike["actor1"] == "Unidentified Armed Group (Syria)"
    assert strike["actor2"] == "Unidentified Armed Group (Syria)"
    assert strike["inter1"] == "Political militia" and strike["interaction"] == "Political militia-Political militia"


@pytest.mark.parametrize(("pair", "code"), [((1, 2), 12), ((2, 1), 12), ((6, None), 60),
                                             ((7, 7), 77), ((None, None), 0)])
def test_interaction_code(pair, code):
    assert interaction(*pair) == code


@pytest.mark.parametrize(("types", "disorder"), [
    (("Battles", "Armed clash"), "Political violence"),
    (("Riots", "Violent demonstration"), "Demonstrations"),
    (("Riots", "Mob violence"), "Political violence"),
    (("Protests", "Excessive force against protesters"), "Political violence; Demonstrations"),
    (("Strategic developments", "Agreement"), "Strategic developments"),
])
def test_disorder_type(types, disorder):
    assert disorder_type(*types) == disorder


def test_parquet_is_hive_partitioned_by_month_and_read_by_duckdb_and_pandas(store, tmp_path):
    import pandas as pd

    folder = tmp_path / "pq"
    result = export(store, "parquet", folder)
    assert result.rows == 4 and result.skipped == {"without a date": 1}   # e1+e2: one event
    assert sorted(p.relative_to(folder).parts[:2] for p in folder.rglob("*.parquet")) == [
        ("year=2014", "month=5"), ("year=2014", "month=6")]
    rows = duckdb.sql(f"SELECT year, month, count(*) FROM read_parquet('{folder}/**/*.parquet', "
                      "hive_partitioning = true) GROUP BY ALL ORDER BY ALL").fetchall()
    assert rows == [(2014, 5, 1), (2014, 6, 3)]
    frame = pd.read_parquet(folder)
    assert len(frame) == 4 and set(frame["cluster_id"]) >= {"e1"}
    assert str(frame["date"].dtype).startswith(("object", "datetime"))
    assert str(frame["published"].dtype).startswith("datetime64") and "UTC" in str(frame["published"].dtype)
    assert str(frame["sources_articles"].dtype) == "int32"


def test_parquet_into_a_folder_with_an_export_needs_overwrite_or_append(store, tmp_path):
    import pandas as pd

    folder = tmp_path / "pq"
    export(store, "parquet", folder, EventFilter(since=date(2014, 6, 1)))     # June only
    with pytest.raises(ExportError, match="--overwrite .* --append"):
        export(store, "parquet", folder)
    again = export(store, "parquet", folder, mode="append")
    assert again.rows == 1 and again.skipped == {"without a date": 1, "already in the folder": 3}
    assert sorted(pd.read_parquet(folder)["id"]) == ["e1", "e3", "e4", "e6"]
    replaced = export(store, "parquet", folder, EventFilter(country="Iraq"), mode="overwrite")
    assert replaced.rows == 1
    assert list(pd.read_parquet(folder)["id"]) == ["e3"]     # no old partition left behind
    assert sorted(p.relative_to(folder).parts[:2] for p in folder.rglob("*.parquet")) == [
        ("year=2014", "month=6")]


def test_parquet_and_csv_keep_movement_coordinates(tmp_path):
    import pandas as pd

    idlib = Place("Idlib", 35.93, 36.63, "Idlib", "Syria")
    raqqa = Place("Raqqa", 35.95, 39.01, "Raqqa", "Syria")
    move = replace(event("mv", "c0", date(2014, 3, 14), place=raqqa,
                         event_type="Strategic developments", sub="Change to group/activity"),
                   movement=Movement("redeploy", idlib, raqqa))
    with Store(tmp_path / "m.duckdb") as handle:
        handle.write_batch([(Article(id="c0", text="x", content_hash="hc0"), None)], [move])
        consolidate(handle)
        export(handle, "parquet", tmp_path / "pq")
        export(handle, "csv", tmp_path / "m.csv")
    row = pd.read_parquet(tmp_path / "pq").iloc[0]
    assert (row["movement_origin_lat"], row["movement_destination_lon"]) == (35.93, 39.01)
    flat = next(csv.DictReader((tmp_path / "m.csv").open(encoding="utf-8")))
    assert (flat["movement_origin"], flat["movement_origin_lon"]) == ("Idlib", "36.63")


def test_filters_apply_to_exports(store, tmp_path):
    out = tmp_path / "iraq.csv"
    assert export(store, "csv", out, EventFilter(country="Iraq")).rows == 1
    assert [r["id"] for r in csv.DictReader(out.open(encoding="utf-8"))] == ["e3"]


def test_geojson_and_jsonl_to_a_stream(store):
    stream = io.StringIO()
    result = export(store, "geojson", None, stream=stream)
    body = json.loads(stream.getvalue())
    assert result.rows == len(body["features"]) == 5
    lines = io.StringIO()
    export(store, "jsonl", None, stream=lines)
    assert len(lines.getvalue().splitlines()) == 5


def test_bad_requests_raise_export_error(store):
    with pytest.raises(ExportError):
        export(store, "xlsx", None, stream=io.StringIO())
    with pytest.raises(ExportError):
        export(store, "parquet", None)


def test_export_command(store, tmp_path):
    import click

    from tocsin.cli.serve_cmd import register

    @click.group()
    def cli() -> None: ...

    register(cli)
    store.close()
    runner = CliRunner()
    db = store.path
    done = runner.invoke(cli, ["export", "--db", db, "--format", "acled", "--out", str(tmp_path / "a.csv"),
                               "--since", "2014-06-01"])
    assert done.exit_code == 0, done.output
    assert "1 rows written" in done.output and "1 reported" in done.output
    bad = runner.invoke(cli, ["export", "--db", db, "--format", "csv", "--bbox", "0,0,500,1"])
    assert bad.exit_code == 2 and "bbox" in bad.output
    missing = runner.invoke(cli, ["export", "--db", str(tmp_path / "none.duckdb"), "--format", "csv"])
    assert missing.exit_code == 1 and "no database" in missing.output


@pytest.mark.slow
def test_acled_export_scores_through_the_full_evaluator(demo_db, tmp_path):
    """The pipeline reads back our own notes: event types should mostly survive the trip."""
    from tocsin.evaluate.acled import evaluate_acled

    out = tmp_path / "demo_acled.csv"
    with Store(demo_db, read_only=True) as store:
        result = export(store, "acled", out)
    assert result.rows > 0
    metrics = evaluate_acled(out)
    assert metrics["n"] == result.rows and metrics["skipped"] == 0
    assert metrics["event_type_acc"] >= 0.7
