from datetime import date
from pathlib import Path

import pytest

from tocsin.evaluate.acled import evaluate_acled, parse_event_date, read_rows

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "acled_sample.csv"


def test_reader_reads_by_header_and_counts_bad_rows():
    skipped: list[str] = []
    rows = list(read_rows(FIXTURE, skipped))
    assert [r.id for r in rows] == ["IRQ1001", "SYR2002", "SYR2003"]
    assert rows[1].event_date == date(2014, 3, 14)
    assert len(skipped) == 2          # unreadable date, empty notes
    assert any("event_date" in s for s in skipped)


@pytest.mark.parametrize("text,expected", [
    ("2020-03-21", date(2020, 3, 21)), ("21 March 2020", date(2020, 3, 21)),
    ("21-March-2020", date(2020, 3, 21)), (" 3 Jun 2014 ", date(2014, 6, 3)),
])
def test_event_date_vintages(text, expected):
    assert parse_event_date(text) == expected


def test_not_an_acled_file_is_a_clear_error(tmp_path):
    bad = tmp_path / "x.csv"
    bad.write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="missing columns"):
        list(read_rows(bad, []))


@pytest.mark.slow
def test_scores_the_fixture(nlp):
    metrics = evaluate_acled(FIXTURE)
    assert metrics["n"] == 3 and metrics["skipped"] == 2
    assert set(metrics) >= {"event_type_acc", "sub_event_type_acc", "sub_event_type_macro_f1",
                            "actor1_acc", "admin1_acc", "within_25km", "date_exact"}
    assert metrics["date_exact"] >= 2 / 3
    assert metrics["within_25km"] >= 1 / 3


def test_typing_alone_is_scored_on_each_note():
    from tocsin.evaluate.acled import _typing_scores

    skipped: list[str] = []
    metrics = _typing_scores(list(read_rows(FIXTURE, skipped)))
    assert set(metrics) == {"typing_event_type_acc", "typing_sub_event_type_acc",
                            "typing_sub_event_type_macro_f1", "typing_sub_event_type_weighted_f1"}
    assert metrics["typing_event_type_acc"] == 1.0   # a takeover, a redeployment, an air strike
