from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

import pytest

from tocsin.analysis.backtest import Target, TargetError, read_targets, run
from tocsin.models import Alert, Movement

from .conftest import event, place


def alert(aid: str, fired: date, evidence: tuple[str, ...], kind: str = "surge") -> Alert:
    return Alert(id=aid, kind=kind, actor=None, region=None,
                 fired_at=datetime(fired.year, fired.month, fired.day, 9, tzinfo=timezone.utc),
                 severity=0.5, summary="s", evidence=evidence)


EVENTS = {
    "near": event("near", date(2015, 4, 1), "Palmyra"),
    "far": event("far", date(2015, 4, 1), "Mosul"),
    "move": event("move", date(2015, 4, 1), "Homs",
                  movement=Movement("advance", place("Homs"), place("Palmyra"))),
}
PALMYRA = Target("Fall of Palmyra", date(2015, 5, 20), 34.56, 38.28, 50.0)


def test_first_alert_and_lead_days_per_target_and_false_alarms() -> None:
    alerts = [alert("late", date(2015, 5, 1), ("near",)),
              alert("early", date(2015, 4, 2), ("near",)),
              alert("elsewhere", date(2015, 4, 2), ("far",)),
              alert("too-early", date(2014, 12, 1), ("near",)),
              alert("after", date(2015, 5, 21), ("near",))]
    result = run(alerts, EVENTS, [PALMYRA, Target("Quiet", date(2015, 6, 1), 0.0, 0.0, 10.0)])
    out = result.to_json()
    assert out["targets"][0] == {"name": "Fall of Palmyra", "date": "2015-05-20",
                                 "first_alert_id": "early",
                                 "fired_at": "2015-04-02T09:00:00+00:00", "lead_days": 48}
    assert out["targets"][1]["lead_days"] is None and out["targets"][1]["first_alert_id"] is None
    assert out["alerts"] == 5
    assert out["false_alarms"] == 3          # elsewhere, too-early, after
    table = result.format_table()
    assert "Fall of Palmyra" in table and "missed" in table and "1/2 targets" in table


def test_movement_destination_counts_as_evidence_place() -> None:
    result = run([alert("m", date(2015, 5, 10), ("move",), kind="movement")], EVENTS, [PALMYRA])
    assert result.targets[0].lead_days == 10
    assert result.false_alarms == 0


def test_same_day_alert_has_zero_lead() -> None:
    result = run([alert("d", date(2015, 5, 20), ("near",))], EVENTS, [PALMYRA])
    assert result.targets[0].lead_days == 0


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_read_targets(tmp_path: Path) -> None:
    path = write(tmp_path, "name,date,lat,lon,radius_km\nFall of Palmyra,2015-05-20,34.56,38.28,50\n\n")
    assert read_targets(path) == [PALMYRA]


@pytest.mark.parametrize("body, message", [
    ("name,date,lat,lon,radius_km\nA,2015-13-01,1,2,3\n", "line 2: bad date"),
    ("name,date,lat,lon,radius_km\nA,2015-01-01,1,2,3\nB,2015-01-01,north,2,3\n",
     "line 3: lat is not a number"),
    ("name,date,lat,lon,radius_km\nA,2015-01-01,1,2\n", "line 2: expected 5 fields"),
    ("name,date,lat,lon,radius_km\nA,2015-01-01,95,2,3\n", "line 2: lat/lon out of range"),
    ("name,date,lat,lon,radius_km\nA,2015-01-01,1,2,0\n", "line 2: radius_km must be positive"),
    ("name,when,lat,lon,radius_km\n", "line 1: header lacks date"),
    ("", "empty file"),
])
def test_malformed_targets_name_the_line(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(TargetError, match=message):
        read_targets(write(tmp_path, body))
