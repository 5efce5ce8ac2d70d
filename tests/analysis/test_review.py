"""tocsin review: sampling, verdicts in the store, precision with Wilson intervals, the audit."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.analysis import review
from tocsin.cli.main import cli
from tocsin.models import Alert, Movement, Place, Verdict
from tocsin.store import Store
from tocsin.store import verdicts as table

from .conftest import event, place


def alert(aid: str, kind: str = "territory", evidence: tuple[str, ...] = ("e1",),
          actor: str | None = "ISIS") -> Alert:
    return Alert(id=aid, kind=kind, actor=actor, region="Homs, Syria",
                 fired_at=datetime(2015, 5, 20, 9, tzinfo=timezone.utc), severity=0.8,
                 summary=f"summary of {aid}", evidence=evidence)


def test_wilson_interval_matches_the_formula() -> None:
    low, high = review.wilson(8, 10)
    assert round(low, 3) == 0.490 and round(high, 3) == 0.943
    assert review.wilson(0, 0) == (0.0, 1.0)
    low, high = review.wilson(0, 15)
    assert low == 0.0 and round(high, 3) == 0.204


def test_the_sample_is_stratified_by_kind_and_reproducible() -> None:
    alerts = [alert(f"t{i}") for i in range(30)] + [alert(f"s{i}", "surge") for i in range(4)]
    first = review.sample(alerts, 10, seed=3)
    assert sorted(a.kind for a in first) == ["surge"] * 4 + ["territory"] * 10
    assert [a.id for a in first] == [a.id for a in review.sample(list(reversed(alerts)), 10, seed=3)]
    assert [a.id for a in first] != [a.id for a in review.sample(alerts, 10, seed=4)]


def test_precision_by_kind_strict_and_lenient() -> None:
    verdicts = [Verdict("a", "valid", kind="territory"), Verdict("b", "partly", "place", kind="territory"),
                Verdict("c", "invalid", "actor", kind="territory"), Verdict("d", "valid", kind="surge")]
    rows = {r.kind: r for r in review.report(verdicts)}
    assert (rows["territory"].strict, rows["territory"].lenient) == (1 / 3, 2 / 3)
    assert rows["all"].reviewed == 4 and rows["all"].valid == 2
    assert rows["territory"].causes == {"actor": 1, "place": 1}
    assert "territory" in review.format_report(list(rows.values()))


def test_verdict_files_are_checked_line_by_line(tmp_path: Path) -> None:
    alerts = {"te-1": alert("te-1"), "su-2": alert("su-2", "surge")}
    good = tmp_path / "v.csv"
    good.write_text("alert_id,verdict,cause,note\nte-1,valid,,\nsu-2,partly,duplicate,one bombing\n")
    found = review.read_verdicts(good, alerts, reviewer="me")
    assert [(v.alert_id, v.verdict, v.cause, v.kind) for v in found] == [
        ("te-1", "valid", None, "territory"), ("su-2", "partly", "duplicate", "surge")]
    assert found[1].alert is not None and found[1].alert["summary"] == "summary of su-2"
    for text, message in [("te-1,maybe,,\n", "line 2: verdict for te-1 must be one of"),
                          ("te-1,invalid,,\n", "line 2: a invalid verdict for te-1 needs a cause"),
                          ("te-1,invalid,luck,\n", "cause for te-1 must be one of"),
                          ("xx-9,valid,,\n", "line 2: no alert xx-9 in the store")]:
        bad = tmp_path / "bad.csv"
        bad.write_text("alert_id,verdict,cause,note\n" + text)
        with pytest.raises(review.ReviewError, match=message):
            review.read_verdicts(bad, alerts)
    jsonl = tmp_path / "v.jsonl"
    jsonl.write_text(json.dumps({"alert_id": "te-1", "verdict": "invalid", "cause": "place"}) + "\n")
    assert review.read_verdicts(jsonl, alerts)[0].cause == "place"


def test_verdicts_live_in_the_store_by_alert_id_and_rescore_later_alerts(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as store:
        table.record(store, [Verdict("te-1", "valid", kind="territory", alert=alert("te-1").to_dict()),
                             Verdict("te-2", "invalid", "actor", kind="territory")])
        table.record(store, [Verdict("te-2", "partly", "place", kind="territory")])   # judged again
        stored = table.load(store)
    assert [(v.alert_id, v.verdict) for v in stored] == [("te-1", "valid"), ("te-2", "partly")]
    assert stored[0].alert is not None and stored[0].alert["id"] == "te-1"
    again = review.rescore(stored, [alert("te-1"), alert("te-3")])
    assert again.still_raised == {"valid": 1} and again.dropped == {"partly": 1}
    assert again.unjudged == 1


def test_the_audit_counts_what_a_reviewer_checks_first() -> None:
    norway = Place("Al", 61.0, 8.0, None, "Norway", "country")
    mentions = {
        "in": event("in", datetime(2015, 5, 19).date(), "Palmyra"),
        "out": event("out", datetime(2015, 5, 19).date(), norway),
        "mv": event("mv", datetime(2015, 5, 19).date(), "Raqqa",
                    movement=Movement("redeploy", place("Idlib"), place("Raqqa"))),
    }
    alerts = [alert("te-1", evidence=("in",)),
              dataclasses_replace(alert("te-2", evidence=("in",)), hours=30),
              alert("te-3", evidence=("out",)),
              alert("mo-1", "movement", evidence=("in",)),
              alert("mo-2", "movement", evidence=("mv",)),
              alert("su-1", "surge", evidence=("in",), actor="Syrian Observatory for Human Rights")]
    found = review.audit(alerts, mentions)
    assert found.outside_region == 1
    assert found.source_actor == 1
    assert found.repeated_takeovers == 1            # te-2 repeats Palmyra 30 hours later
    assert found.movement_without_reported_move == 1
    assert found.by_kind == {"movement": 2, "surge": 1, "territory": 3}


def dataclasses_replace(a: Alert, hours: int) -> Alert:
    import dataclasses
    from datetime import timedelta

    assert a.fired_at is not None
    return dataclasses.replace(a, fired_at=a.fired_at + timedelta(hours=hours))


def store_with_alerts(path: Path) -> str:
    with Store(path) as store:
        store.replace_alerts([alert("te-1"), alert("te-2"), alert("su-1", "surge")])
    return str(path)


def test_review_records_a_verdict_file_and_reports(tmp_path: Path) -> None:
    db = store_with_alerts(tmp_path / "s.duckdb")
    verdict_file = tmp_path / "v.csv"
    verdict_file.write_text("alert_id,verdict,cause,note\nte-1,valid,,\nte-2,invalid,actor,x\n")
    runner = CliRunner()
    done = runner.invoke(cli, ["review", "--db", db, "--verdicts", str(verdict_file)])
    assert done.exit_code == 0, done.output
    assert "2 verdicts recorded" in done.output
    report = runner.invoke(cli, ["review", "--db", db, "--report"])
    assert "territory" in report.output and "0.50" in report.output
    as_json = json.loads(runner.invoke(cli, ["review", "--db", db, "--report", "--json"]).output)
    assert as_json["still_raised"] == {"invalid": 1, "valid": 1} and as_json["unjudged"] == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("alert_id,verdict\nnope,valid\n")
    failed = runner.invoke(cli, ["review", "--db", db, "--verdicts", str(bad)])
    assert failed.exit_code == 1 and "no alert nope" in failed.output


def test_review_walks_an_analyst_through_the_sample(tmp_path: Path) -> None:
    db = store_with_alerts(tmp_path / "s.duckdb")
    answers = "v\n\np\nplace\nwrong town\nq\n"
    done = CliRunner().invoke(cli, ["review", "--db", db, "--per-kind", "5", "--reviewer", "me"],
                              input=answers)
    assert done.exit_code == 0, done.output
    assert "summary of" in done.output and "verdict:" in done.output
    with Store(db, read_only=True) as store:
        stored = table.load(store)
    assert sorted(v.verdict for v in stored) == ["partly", "valid"]
    assert {v.reviewer for v in stored} == {"me"}
    assert any(v.note == "wrong town" for v in stored)


def test_review_can_write_the_sample_for_offline_judging(tmp_path: Path) -> None:
    db = store_with_alerts(tmp_path / "s.duckdb")
    out = tmp_path / "sample.txt"
    done = CliRunner().invoke(cli, ["review", "--db", db, "--sample-out", str(out)])
    assert done.exit_code == 0, done.output
    assert "summary of te-1" in out.read_text()
    assert (tmp_path / "sample.txt.csv").read_text().startswith("alert_id,kind,verdict,cause,note")
