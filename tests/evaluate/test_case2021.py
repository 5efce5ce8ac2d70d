import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.evaluate.case_events import (
    Case2021FormatError, evaluate_case2021, main, read_tsv, score,
)

FIXTURE = (
    "id\tEventSnippet\tSubType\n"
    "1\tA grenade was thrown at a police post in the old town, wounding two officers.\tGRENADE\n"
    "2\tA suicide bomber blew himself up outside a mosque, killing five worshippers.\tSUIC_BOMB\n"
    '3\t"Flooding after days of heavy rain forced thousands from their homes."\tNATURAL_DISASTER\n'
    "4\t\tARMED_CLASH\n"                                  # empty snippet
    "5\tPolice arrested three suspects.\n"                # no label column
    "6\tToo\tmany\tfields\n"
    "7\tThe rebels claimed responsibility for the ambush.\tATTRIB\n"
)


@pytest.fixture
def tsv(tmp_path):
    path = tmp_path / "case.tsv"
    path.write_text(FIXTURE, encoding="utf-8")
    return path


def test_reader_keeps_good_rows_and_counts_malformed_ones(tsv):
    rows = read_tsv(tsv)
    assert rows.ids == ("1", "2", "3", "7")
    assert rows.labels == ("GRENADE", "SUIC_BOMB", "NATURAL_DISASTER", "ATTRIB")
    assert rows.skipped == 3
    assert rows.snippets[2].startswith("Flooding")   # outer quotes removed


def test_reader_reads_columns_by_name_in_any_order(tmp_path):
    path = tmp_path / "swapped.tsv"
    path.write_text("SubType\tid\tEventSnippet\nGRENADE\t9\tA grenade went off.\n", encoding="utf-8")
    rows = read_tsv(path)
    assert rows.ids == ("9",) and rows.labels == ("GRENADE",)


def test_reader_rejects_a_file_without_the_columns(tmp_path):
    path = tmp_path / "bad.tsv"
    path.write_text("a\tb\n1\t2\n", encoding="utf-8")
    with pytest.raises(Case2021FormatError, match="SubType"):
        read_tsv(path)


def test_metrics_have_the_contract_keys(tsv):
    metrics = evaluate_case2021(tsv)
    assert {"n", "accuracy", "macro_f1", "weighted_f1"} <= set(metrics)
    assert metrics["n"] == 4 and metrics["skipped"] == 3
    assert metrics["accuracy"] == 1.0


def test_score_counts_confusions():
    metrics = score(["A", "A", "B"], ["A", "B", "B"])
    assert metrics["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert metrics["top_confusions"] == ["A->B:1"]


def test_main_prints_json_as_last_line(tsv, capsys):
    assert main([str(tsv)]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert json.loads(last)["n"] == 4


def test_main_reports_a_missing_file_in_one_line(tmp_path, capsys):
    assert main([str(tmp_path / "nope.tsv")]) == 1
    assert capsys.readouterr().err.startswith("error:")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40), max_size=6))
def test_reader_never_crashes_on_arbitrary_lines(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("h") / "x.tsv"
    path.write_text("id\tEventSnippet\tSubType\n" + "\n".join(lines), encoding="utf-8")
    rows = read_tsv(path)
    assert len(rows.labels) + rows.skipped <= max(len("\n".join(lines).splitlines()), 0) + 1


def test_protest_family_is_scored_separately():
    gold = ["PEACE_PROTEST", "PEACE_PROTEST", "VIOL_DEMONSTR", "GRENADE"]
    predicted = ["PEACE_PROTEST", "VIOL_DEMONSTR", "VIOL_DEMONSTR", "GRENADE"]
    metrics = score(gold, predicted)
    assert metrics["protest_n"] == 3
    assert metrics["protest_macro_f1"] == pytest.approx((2 / 3 + 2 / 3) / 2, abs=1e-3)
    assert metrics["weighted_f1"] < 1.0


def test_limit_scores_only_the_first_rows(tsv, capsys):
    assert main([str(tsv), "--limit", "2"]) == 0
    assert json.loads(capsys.readouterr().out.strip().splitlines()[-1])["n"] == 2


def test_a_missing_model_directory_is_one_line(tsv, tmp_path, capsys):
    assert main([str(tsv), "--model", str(tmp_path / "none")]) == 1
    assert capsys.readouterr().err.startswith("error:")


def test_strict_mode_counts_abstentions(tsv):
    metrics = evaluate_case2021(tsv, strict=True)
    assert metrics["mode"] == "strict" and metrics["n"] == 4


def test_halves_partition_the_file_by_the_sha1_of_the_snippet(tsv):
    from tocsin.evaluate.case_events import in_heldout_half

    rows = read_tsv(tsv)
    metrics = evaluate_case2021(tsv)
    held = sum(in_heldout_half(s) for s in rows.snippets)
    assert metrics["n_heldout"] == held and metrics["n_even"] == len(rows.snippets) - held
    assert metrics["n_heldout"] + metrics["n_even"] == metrics["n"]
    assert "top_confusions" not in metrics   # confusions are the even half's only


def test_the_split_is_fixed_by_text_alone():
    from tocsin.evaluate.case_events import in_heldout_half

    # sha1("e") ends in ...7f (odd), sha1("a") ends in ...b8 (even)
    assert in_heldout_half("e") is True and in_heldout_half("a") is False


def test_printed_table_is_the_even_half_only(tsv, capsys):
    from tocsin.evaluate.case_events import in_heldout_half

    main([str(tsv)])
    out = capsys.readouterr().out
    rows = read_tsv(tsv)
    for snippet, label in zip(rows.snippets, rows.labels):
        if in_heldout_half(snippet) and label not in {l for s, l in zip(rows.snippets, rows.labels)
                                                      if not in_heldout_half(s)}:
            assert f"\n{label} " not in out
