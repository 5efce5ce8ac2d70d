"""The PLOVER gold reader and scorer, on a small fixture written for these tests."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.evaluate.plover import (
    GoldRecord, Prediction, actor_code, evaluate_plover, main, normalise_code, parse_records,
    read_records, score,
)
from tocsin.models import Actor

FIXTURE = [
    {"id": "DOC-0", "event": "DOCUMENT", "comment": "documents the file"},
    {"id": "T-1", "event": "ASSAULT", "text": "Kenyan troops shelled a village held by Ugandan rebels.",
     "source": [{"actorText": "Kenyan troops", "code": "KEN", "sector": "MIL"}],
     "target": [{"actorText": "Ugandan rebels", "code": "UGA", "sector": "REB"}]},
    {"id": "T-2", "event": "AGREE", "text": "{Chile and Peru agreed to reopen their border.}",
     "source": [{"actorText": "Chile", "code": "CHL"}, {"actorText": "Peru", "code": "PER"}],
     "target": ""},
    {"id": "T-3", "event": "CONSULT", "text": "The UN envoy met officials in Tokyo.",
     "source": [{"actorText": "UN envoy", "code": "IGO"}],
     "target": [{"actorText": "Tokyo", "code": "JAP"}]},
    {"id": "BAD-1", "event": "AGREE"},
    "not a record",
    {"id": "BAD-2", "event": 7, "text": "Numbers are not events."},
]


@pytest.fixture()
def gold_file(tmp_path: Path) -> Path:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(FIXTURE), encoding="utf-8")
    return path


def test_reader_skips_documentation_and_counts_malformed(gold_file: Path) -> None:
    records, skipped = read_records(gold_file)
    assert [r.id for r in records] == ["T-1", "T-2", "T-3"]
    assert skipped == 3
    assert records[1].text == "Chile and Peru agreed to reopen their border."
    assert records[1].sources == {"CHL", "PER"} and records[1].targets == frozenset()
    assert records[2].sources == {"INT"} and records[2].targets == {"JPN"}


def test_reader_rejects_non_list_and_bad_json(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="JSON list"):
        parse_records({"event": "AGREE"})
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid JSON"):
        read_records(broken)


@pytest.mark.parametrize("code, expected", [("SYR", "SYR"), ("JAP", "JPN"), ("ITL", "ITA"),
                                            ("IGO", "INT"), ("NGO", "INT"), ("usa", "USA")])
def test_gold_codes_are_normalised(code: str, expected: str) -> None:
    assert normalise_code(code) == expected


def test_actor_codes() -> None:
    assert actor_code(Actor("Syria", "Government of Syria", "government", "SYR")) == "SYR"
    assert actor_code(Actor("NATO", "NATO", "international", None)) == "INT"
    assert actor_code(Actor("gunmen", "gunmen", "other", None)) is None
    assert actor_code(None) is None


def test_score_counts_any_gold_code_and_leaves_out_missing_targets() -> None:
    # "a" is in the tuning half, "e" in the held-out half (odd sha1).
    records = [GoldRecord("a", "t", "AGREE", frozenset({"CHL", "PER"}), frozenset()),
               GoldRecord("e", "t", "ASSAULT", frozenset({"KEN"}), frozenset({"UGA"}))]
    predictions = [Prediction("AGREE", "PER", None), Prediction("FIGHT", "UGA", "UGA")]
    metrics = score(records, predictions, skipped=2)
    assert metrics == {"n": 2, "skipped": 2, "event_acc": 0.5, "n_source": 2,
                       "source_country_acc": 0.5, "n_target": 1, "target_country_acc": 1.0,
                       "n_heldout": 1, "event_acc_heldout": 0.0, "n_source_heldout": 1,
                       "source_country_acc_heldout": 0.0, "n_target_heldout": 1,
                       "target_country_acc_heldout": 1.0}


@pytest.mark.slow
def test_evaluate_end_to_end_prints_json_last(gold_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    metrics = evaluate_plover(gold_file)
    assert metrics["n"] == 3 and metrics["skipped"] == 3
    assert metrics["source_country_acc"] is not None and metrics["source_country_acc"] >= 2 / 3
    assert main([str(gold_file)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last) == metrics


def test_main_reports_a_missing_file_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "absent.json")]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith("error:") and "\n" not in err
