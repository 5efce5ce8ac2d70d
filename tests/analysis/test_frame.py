from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from tocsin.analysis.alerts import bench, compute, compute_frame
from tocsin.analysis.frame import FRAME_COLUMNS, to_frame
from tocsin.analysis.synthetic import bench_config, events_frame

from .conftest import event


def test_to_frame_has_the_documented_columns_and_drops_undated_events() -> None:
    frame = to_frame([event("a", date(2014, 3, 2)), event("b", None)], {"art-a": None})
    assert list(frame.columns) == list(FRAME_COLUMNS)
    assert list(frame["id"]) == ["a"]
    assert frame["admin1"].iloc[0] == "Idlib"


def test_frame_without_needed_columns_is_refused() -> None:
    frame = to_frame([event("a", date(2014, 3, 2))], {})
    with pytest.raises(ValueError, match="lacks columns: status"):
        compute_frame(frame.drop(columns=["status"]))


def test_an_unknown_publication_time_feeds_no_alert_and_aware_times_become_utc() -> None:
    events = [event("t", date(2014, 3, 2), "Palmyra", sub="Non-state actor overtakes territory")]
    assert compute(events, {}) == []
    aware = datetime(2014, 3, 3, 14, tzinfo=timezone(timedelta(hours=2)))
    assert compute(events, {"art-t": aware})[0].fired_at == datetime(2014, 3, 3, 12,
                                                                       tzinfo=timezone.utc)


def test_synthetic_frame_runs_through_every_detector() -> None:
    frame = events_frame(20_000, seed=1)
    alerts = compute_frame(frame, bench_config(frame))
    assert {a.kind for a in alerts} >= {"movement", "territory"}
    assert len({a.id for a in alerts}) == len(alerts)


def test_a_hand_built_frame_may_leave_out_the_optional_columns() -> None:
    from tocsin.analysis.frame import OPTIONAL_COLUMNS
    full = to_frame([event("t", date(2014, 3, 2), "Palmyra",
                           sub="Non-state actor overtakes territory")],
                    {"art-t": datetime(2014, 3, 3)})
    bare = full.drop(columns=list(OPTIONAL_COLUMNS))
    assert [a.id for a in compute_frame(bare)] == [a.id for a in compute_frame(full)]


def test_bench_reports_times() -> None:
    result = bench(5_000)
    assert result["events"] == 5_000 and result["compute_s"] >= 0


def test_a_sentence_names_a_place_by_any_of_its_gazetteer_names() -> None:
    """'Kafr Nabl' is a name of the gazetteer record Kafranbel; another town's
    name is not, and a place with no record counts its own name only."""
    import dataclasses

    from tocsin.geo.gazetteer import Gazetteer
    from tocsin.models import Place

    gazetteer = Gazetteer.default()
    found = [i for i in gazetteer.candidates("Kafranbel") if gazetteer.record(i).geonameid]
    if not found:
        pytest.skip("this gazetteer has no Kafranbel")
    town = gazetteer.place(found[0])
    e = event("k", date(2015, 5, 21), town, sub="Non-state actor overtakes territory")

    def row(sentence: str, place: Place = town):  # type: ignore[no-untyped-def]
        changed = dataclasses.replace(e, location=place, evidence=dataclasses.replace(
            e.evidence, sentence=sentence))
        return to_frame([changed], {}).iloc[0]

    named = row("Nusra fighters seized the town of Kafr Nabl in Idlib province on Thursday.")
    assert named["place_named"] and named["place_taken"]
    other = row("Nusra fighters seized the town of Saraqeb in Idlib province on Thursday.")
    assert not other["place_named"] and not other["place_taken"]
    unknown = dataclasses.replace(town, geonameid=None)
    assert not row("Nusra fighters seized the town of Kafr Nabl.", unknown)["place_named"]


def test_a_locality_the_geocoder_did_not_place_is_the_facility_of_a_coarse_event() -> None:
    """'won back the village of al-Tiba': a village name the gazetteer knows
    elsewhere still names what was taken when the event is placed at a district."""
    import dataclasses

    from tocsin.models import Place

    district = Place("Mount Simeon", 36.3, 36.9, "Aleppo", "Syria", "admin2")
    e = event("k", date(2015, 5, 21), district, sub="Government regains territory")
    sentence = "Government troops won back the village of al-Tiba east of Aleppo on Monday."
    row = to_frame([dataclasses.replace(e, evidence=dataclasses.replace(
        e.evidence, sentence=sentence))], {}).iloc[0]
    assert row["facility"] == "village of al-Tiba"
