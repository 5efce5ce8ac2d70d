"""`tocsin train event-types` and the `--model DIR` option of ingest, eval and serve."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tocsin.cli.main import cli
from tocsin.extract.event_type import use_model
from tocsin.store import Store

FIXTURE = Path(__file__).parents[1] / "fixtures" / "acled_training_sample.csv"
ARTICLE = ("KABUL, 3 May 2021 - A man threw a hand grenade into a crowded tea house in the city "
           "centre on Monday, wounding six customers, police said.\n")


@pytest.fixture
def runner():
    yield CliRunner()
    use_model(None)      # --model switches the process; put the shipped model back


@pytest.fixture(scope="module")
def user_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("train") / "acled-model"
    result = CliRunner().invoke(cli, ["train", "event-types", str(FIXTURE), "--out", str(out),
                                      "--drop-rare", "--quiet"])
    use_model(None)
    assert result.exit_code == 0, result.output
    return out, result.output


def test_train_reports_rows_skips_and_scores(user_model):
    out, output = user_model
    assert "52 rows read, 48 used, 3 skipped" in output
    assert "skipped      1  empty notes" in output
    assert "dropped      1  rows of GRENADE" in output
    assert "5-fold cross-validation" in output and f"--model {out}" in output


def test_too_few_rows_is_a_one_line_error(runner, tmp_path):
    result = runner.invoke(cli, ["train", "event-types", str(FIXTURE), "--out", str(tmp_path / "m"),
                                 "--quiet"])
    assert result.exit_code == 1
    assert "too few rows" in result.output and "--drop-rare" in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_bad_model_folder_is_a_one_line_error(runner, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    result = runner.invoke(cli, ["ingest", str(article), "--db", str(tmp_path / "x.duckdb"),
                                 "--model", str(tmp_path), "--quiet"])
    assert result.exit_code == 1
    assert "not an event-type model directory" in result.output


@pytest.mark.slow
def test_ingest_uses_the_model_a_user_trained(runner, tmp_path, user_model):
    out, _ = user_model
    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, "utf-8")
    shipped_db, user_db = tmp_path / "shipped.duckdb", tmp_path / "user.duckdb"
    assert runner.invoke(cli, ["ingest", str(article), "--db", str(shipped_db), "--quiet"]).exit_code == 0
    result = runner.invoke(cli, ["ingest", str(article), "--db", str(user_db), "--model", str(out),
                                 "--quiet"])
    assert result.exit_code == 0, result.output
    with Store(str(shipped_db), read_only=True) as store:
        shipped = {e.sub_event_type for e in store.mentions()}
    with Store(str(user_db), read_only=True) as store:
        mine = {e.sub_event_type for e in store.mentions()}
    assert "Grenade" in shipped
    # the user's export has no grenade class: its model must type the same sentence otherwise
    assert "Grenade" not in mine
    assert mine <= {"Armed clash", "Air/drone strike", "Peaceful protest", "Arrests"} | {
        "Change to group/activity"}
