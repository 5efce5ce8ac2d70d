"""The training-set loader: every malformed row is reported with file and line."""
from collections import Counter
from pathlib import Path

import pytest

from tocsin.extract.event_type import ACLED_CODES, NO_EVENT, taxonomy
from tocsin.extract.event_type.training_data import (
    REGISTERS, TrainingDataError, parse_legacy_rows, parse_rows, read_folder, shipped_examples,
)

GOOD = "GRENADE\twire\tKenya\tA grenade was thrown into a bar in Garissa, wounding four.\n"


def write(folder: Path, name: str, text: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")


def test_reads_rows_and_skips_comments(tmp_path):
    write(tmp_path, "GRENADE.tsv", "# what the code covers\n\n" + GOOD)
    (example,) = read_folder(tmp_path)
    assert (example.code, example.register, example.theatre) == ("GRENADE", "wire", "Kenya")
    assert example.source == "event_training/GRENADE.tsv:3"


@pytest.mark.parametrize("row,message", [
    ("GRENADE\twire\tA grenade exploded.\n", "expected 4 tab-separated fields"),
    ("GRENADE\twire\tKenya\tA grenade.\textra\n", "expected 4 tab-separated fields"),
    ("GRENADES\twire\tKenya\tA grenade exploded.\n", "unknown code 'GRENADES'"),
    ("GRENADE\tblog\tKenya\tA grenade exploded.\n", "unknown register 'blog'"),
    ("GRENADE\twire\tKenya\t  \n", "empty text"),
    ("ATTACK\twire\tKenya\tGunmen shot a farmer.\n", "code ATTACK in the file for GRENADE"),
])
def test_malformed_rows_name_file_and_line(tmp_path, row, message):
    write(tmp_path, "GRENADE.tsv", GOOD + row)
    with pytest.raises(TrainingDataError) as error:
        read_folder(tmp_path)
    assert "event_training/GRENADE.tsv:2" in str(error.value)
    assert message in str(error.value)


def test_exact_duplicates_across_files_are_an_error(tmp_path):
    write(tmp_path, "GRENADE.tsv", GOOD)
    write(tmp_path, "ATTACK.tsv", GOOD.replace("GRENADE", "ATTACK", 1))
    with pytest.raises(TrainingDataError, match="GRENADE.tsv:1: duplicate of event_training/ATTACK.tsv:1"):
        read_folder(tmp_path)


def test_duplicates_of_the_legacy_file_are_an_error(tmp_path):
    write(tmp_path, "GRENADE.tsv", GOOD)
    legacy = tmp_path.parent / "legacy.tsv"
    legacy.write_text("GRENADE\tA grenade was thrown into a bar in Garissa, wounding four.\n", "utf-8")
    with pytest.raises(TrainingDataError, match="duplicate of legacy.tsv:1"):
        read_folder(tmp_path, legacy)


def test_a_file_named_after_no_code_is_an_error(tmp_path):
    write(tmp_path, "BOMBS.tsv", GOOD)
    with pytest.raises(TrainingDataError, match="BOMBS.tsv: file named after no known code"):
        read_folder(tmp_path)


def test_every_problem_is_listed_at_once(tmp_path):
    write(tmp_path, "GRENADE.tsv", GOOD + "bad row\n" + "GRENADE\twire\tKenya\t\n")
    with pytest.raises(TrainingDataError) as error:
        read_folder(tmp_path)
    assert len(error.value.problems) == 2


def test_legacy_rows_have_two_columns():
    problems: list[str] = []
    rows = parse_legacy_rows(["# c", "GRENADE\tA grenade.", "just text", "NOPE\tx"], "ex.tsv", problems)
    assert [r.code for r in rows] == ["GRENADE"]
    assert problems == ["ex.tsv:3: expected code<TAB>sentence", "ex.tsv:4: unknown code 'NOPE'"]


def test_parse_rows_accepts_every_register():
    problems: list[str] = []
    rows = parse_rows([f"NONE\t{r}\tPeru\tText {r}." for r in sorted(REGISTERS)], "x", problems)
    assert len(rows) == len(REGISTERS) and not problems


def test_the_shipped_set_loads_and_covers_every_code():
    examples = shipped_examples()
    counts = Counter(e.code for e in examples)
    assert set(counts) == set(taxonomy()) | {NO_EVENT}
    assert all(counts[code] >= 15 for code in ACLED_CODES)
    assert len({e.text for e in examples}) == len(examples)
