"""Counting fatalities in sentences and articles."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from tocsin.extract.casualties import Casualties, count, count_by_group, count_lead, parse_number

_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven",
          8: "eight", 9: "nine", 10: "ten", 11: "eleven", 12: "twelve", 20: "twenty",
          30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy",
          80: "eighty", 90: "ninety"}


def _spell(n: int) -> str:
    if n in _WORDS:
        return _WORDS[n]
    tens, units = divmod(n, 10)
    return f"{_WORDS[tens * 10]}-{_WORDS[units]}"


@pytest.mark.parametrize("text, expected", [
    ("Gunmen killed 12 people at a checkpoint.", 12),
    ("At least 70 dead after the blast at the market.", 70),
    ("The death toll rose to 35 on Tuesday.", 35),
    ("Two children were killed when a shell hit their house.", 2),
    ("A soldier was killed in the ambush.", 1),
    ("Dozens killed in an air raid.", 24),
    ("The bombing left 9 dead and 30 injured.", 9),
    ("Shelling killed 1,250 people over the month.", 1250),
    ("Three soldiers and four civilians were killed.", 7),
    ("Forty people, including six women, were killed.", 40),
    ("The raid killed one hundred and twenty people.", 120),
])
def test_count_sentences(text: str, expected: int) -> None:
    assert count(text) == expected


@pytest.mark.parametrize("text", [
    "Five people were wounded in the attack.",
    "The convoy of 40 trucks reached the town on 12 March 2016.",
    "Police arrested 14 suspects after the protest.",
    "A car bomb exploded but caused no casualties.",
    "",
])
def test_no_fatalities_gives_none(text: str) -> None:
    assert count(text) is None


def test_wounded_are_not_counted() -> None:
    assert count("The blast killed 6 people and wounded 40 others.") == 6
    assert count("12 wounded and 3 killed in the clash.") == 3


def test_the_killer_is_not_counted() -> None:
    assert count("Two suicide bombers killed 30 worshippers.") == 30


def test_article_count_is_the_largest_sentence_not_the_sum() -> None:
    article = ("Air strikes kill 20 in Idlib.\n"
               "Air strikes killed 20 people in Idlib on Monday, a monitor said. "
               "Among the dead were 5 children.")
    assert count(article) == 20


@given(st.integers(min_value=1, max_value=99), st.sampled_from(["people", "civilians", "villagers"]))
def test_spelled_and_digit_numbers_agree(n: int, noun: str) -> None:
    for number in (str(n), _spell(n), _spell(n).capitalize()):
        assert count(f"{number} {noun} were killed in the shelling.") == n
        assert count(f"The strike killed {number} {noun}.") == n


@given(st.integers(min_value=0, max_value=999_999))
def test_parse_number_reads_digits_with_separators(n: int) -> None:
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.integers(min_value=1, max_value=99))
def test_wounded_only_is_never_a_death(n: int) -> None:
    assert count(f"{_spell(n)} people were wounded.") is None


def test_count_by_group_splits_children_women_and_fighters() -> None:
    text = ("The strike killed 10 civilians, including 3 children and 2 women. "
            "Four soldiers were also killed in clashes.")
    assert count_by_group(text) == Casualties(children=3, civilians=10, noncivilians=4, women=2)


def test_running_war_totals_are_not_events() -> None:
    assert count("More than 300,000 people have been killed since the war began in 2011.") is None
    assert count("Shelling killed 4 people on Monday. Since then the conflict has killed 5,000.") == 4


def test_lead_sentences_limit_the_article() -> None:
    text = "A mortar killed 3 soldiers. Last spring, a raid killed 9 soldiers elsewhere."
    assert count_by_group(text, lead_sentences=1).noncivilians == 3


def test_article_toll_comes_from_its_lead() -> None:
    text = ("Shelling killed 14 people in a market on Friday. Medics said the dead included "
            "four children. Rescuers searched the rubble. The town was quiet at night. "
            "A raid on the same town killed 60 people in 2014.")
    assert count_lead(text) == 14
    assert count_lead(text, lead_sentences=10) == 60
    assert count_lead("Rescuers searched the rubble.") is None


@pytest.mark.parametrize("text, dead", [
    ("Militants killed a police commander and another officer in an ambush.", 2),
    ("Gunmen killed a teacher and two students near the school.", 3),
    ("The militants killed another five soldiers at the checkpoint.", 5),
    ("Another soldier was killed on Monday.", 1),
    # a coordinated count that opens a clause of its own, or names no people, is not killed
    ("Gunmen killed two soldiers and a civilian was wounded.", 2),
    ("They killed four soldiers and another attack followed in Gao.", 4),
])
def test_every_object_of_one_killed_is_counted(text: str, dead: int) -> None:
    assert count(text) == dead


@pytest.mark.parametrize("text, dead", [
    ("The response of our forces made it possible to neutralise eight terrorists.", 8),
    ("Eight assailants were neutralised during the counter-attack.", 8),
    ("The army neutralised a bomb on the road.", None),
    ("Soldiers neutralised two explosive devices near the bridge.", None),
])
def test_a_communique_s_neutralised_people_are_dead(text: str, dead: int | None) -> None:
    assert count(text) == dead
