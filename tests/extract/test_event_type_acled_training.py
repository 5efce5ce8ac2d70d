"""Training the event-type model on an ACLED export (fixture written for tocsin)."""
import csv
import json
from pathlib import Path

import pytest

from tocsin.extract.event_type import classify_many, load_model
from tocsin.extract.event_type.acled_training import (
    MIN_ROWS_PER_CLASS, AcledTrainingError, read_export, train_from_acled,
)
from tocsin.extract.event_type.scorer import ARRAYS_FILE, CARD_FILE

FIXTURE = Path(__file__).parents[1] / "fixtures" / "acled_training_sample.csv"
EXPORT_CODES = {"ARMED_CLASH", "AIR_STRIKE", "PEACE_PROTEST", "ARREST"}


def test_bad_rows_are_counted_with_their_reason():
    rows = read_export(FIXTURE)
    assert rows.read == 52
    assert len(rows.examples) == 49
    assert dict(rows.skipped) == {"empty notes": 1, "unknown sub_event_type 'Cyber attack'": 1,
                                  "duplicate notes": 1}
    assert {e.code for e in rows.examples} == EXPORT_CODES | {"GRENADE"}
    assert all(e.register == "acled_note" for e in rows.examples)


def test_too_few_rows_for_a_class_is_a_clear_error(tmp_path):
    with pytest.raises(AcledTrainingError, match=rf"need {MIN_ROWS_PER_CLASS} each: GRENADE \(1\)"):
        train_from_acled(FIXTURE, tmp_path / "model")
    assert not (tmp_path / "model").exists()


def test_a_file_that_is_not_an_export_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", "utf-8")
    with pytest.raises(AcledTrainingError, match="missing column"):
        read_export(path)


def test_an_export_with_one_usable_class_is_refused(tmp_path):
    path = tmp_path / "one.csv"
    with FIXTURE.open(newline="") as source, path.open("w", newline="") as target:
        reader = csv.DictReader(source)
        writer = csv.DictWriter(target, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        writer.writerows(r for r in reader if r["sub_event_type"] == "Armed clash")
    with pytest.raises(AcledTrainingError, match="at least two sub-event types"):
        train_from_acled(path, tmp_path / "model", drop_rare=True)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    out = tmp_path_factory.mktemp("m") / "model"
    return train_from_acled(FIXTURE, out, drop_rare=True)


def test_training_writes_a_model_with_its_card(trained):
    assert (trained.out / ARRAYS_FILE).is_file() and (trained.out / CARD_FILE).is_file()
    card = json.loads((trained.out / CARD_FILE).read_text("utf-8"))
    export = card["acled_export"]
    assert export["rows_read"] == 52 and export["rows_used"] == 48
    assert export["dropped_classes"] == {"GRENADE": 1}
    assert len(export["sha256"]) == 64 and export["bytes"] == FIXTURE.stat().st_size
    assert card["trained_at"].endswith("Z")
    focus = card["cross_validation"]["focus"]
    assert focus["n"] == 48 and 0.0 <= focus["weighted_f1"] <= 1.0
    # the export's classes, plus tocsin's own non-events so that the model can abstain
    assert EXPORT_CODES | {"NONE"} <= set(card["classes"])
    assert "GRENADE" not in card["classes"]


def test_the_trained_model_types_new_notes(trained):
    model = load_model(str(trained.out))
    guesses = classify_many([
        "On 4 May 2021, police arrested the opposition leader at his home in Harare (Harare).",
        "On 9 June 2021, warplanes bombed a market in the north of the province, killing 6.",
        "The central bank left interest rates unchanged on Thursday.",
    ], model)
    assert [g.code if g else None for g in guesses] == ["ARREST", "AIR_STRIKE", None]


def test_retraining_replaces_a_model_but_never_another_folder(trained, tmp_path):
    before = (trained.out / CARD_FILE).read_text("utf-8")
    train_from_acled(FIXTURE, trained.out, drop_rare=True)
    assert (trained.out / CARD_FILE).read_text("utf-8") != before    # a new training date
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", "utf-8")
    with pytest.raises(AcledTrainingError, match="not empty and not a model folder"):
        train_from_acled(FIXTURE, busy, drop_rare=True)
