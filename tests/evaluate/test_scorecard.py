"""make eval's scorecard: which evaluators it runs, with which arguments, and how it reads them."""
from __future__ import annotations

import json
import subprocess

from tocsin.cli.eval_cmd import EVALUATORS
from tocsin.evaluate import scorecard


def test_every_run_names_a_real_evaluator_and_distinct_rows():
    for run in scorecard.RUNS:
        assert run.kind in EVALUATORS
        keys = [key for key, _, _ in run.rows]
        assert len(keys) == len(set(keys))


def test_held_out_geo_folds_are_passed_to_the_evaluator(tmp_path, monkeypatch):
    seen: list[list[str]] = []

    def fake_run(argv, capture_output, text):
        seen.append(list(argv))
        return subprocess.CompletedProcess(argv, 0, stdout='table\n{"acc_161km": 0.5}\n', stderr="")

    monkeypatch.setattr(scorecard.subprocess, "run", fake_run)
    (tmp_path / "eval" / "geo").mkdir(parents=True)
    (tmp_path / "eval" / "geo" / "lgl.xml").write_text("<articles/>")
    held_out = next(r for r in scorecard.RUNS if r.kind == "geo" and "--folds" in r.args)
    metrics, _ = scorecard.run_one(held_out, tmp_path)
    assert metrics == {"acc_161km": 0.5}
    assert seen[0][-2:] == ["--folds", "4"] and seen[0][-3].endswith("lgl.xml")


def test_a_missing_file_is_not_run_and_shows_as_not_run(tmp_path):
    run = scorecard.RUNS[0]
    metrics, seconds = scorecard.run_one(run, tmp_path)
    assert (metrics, seconds) == ({}, 0.0)
    text = scorecard.render([(run, metrics, seconds)], "notes")
    assert "not run" in text and text.endswith("notes")


def test_folds_is_refused_for_other_evaluators(tmp_path):
    from click.testing import CliRunner

    from tocsin.cli.main import cli

    path = tmp_path / "records.txt"
    path.write_text(json.dumps({}))
    result = CliRunner().invoke(cli, ["eval", "plover", str(path), "--folds", "4"])
    assert result.exit_code == 2 and "--folds applies to 'tocsin eval geo' only" in result.output

