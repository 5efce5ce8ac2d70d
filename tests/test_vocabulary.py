"""The shared vocabulary: one answer to "is this word speech, denial, a hedge, a move?"."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from tocsin import vocabulary


@pytest.mark.parametrize("lemma, expected", [
    ("deny", {"deny", "denies", "denied", "denying"}),
    ("state", {"state", "states", "stated", "stating"}),
    ("report", {"report", "reports", "reported", "reporting"}),
    ("push", {"push", "pushes", "pushed", "pushing"}),
    ("flee", {"flee", "flees", "fled", "fleeing"}),
])
def test_verb_forms_are_generated_or_listed(lemma, expected):
    irregular = {"flee": ["flees", "fled", "fled", "fleeing"]}
    assert vocabulary.inflect(lemma, irregular) == expected


def test_every_form_maps_back_to_its_lemma():
    for lemma in vocabulary.lemmas("reporting", "movement", "irrealis"):
        assert vocabulary.lemma_of(lemma) == lemma
    verb_forms = vocabulary.forms("reporting")
    assert all(vocabulary.lemma_of(form) for form in verb_forms)
    assert vocabulary.lemma_of("withdrew") == "withdraw"


def test_deny_and_warn_are_reporting_everywhere():
    # The lists this file replaced disagreed on these two.
    assert vocabulary.has("denied", "reporting")
    assert vocabulary.has("warned", "reporting")
    assert vocabulary.has("warns", "speech")
    assert vocabulary.lemma_of("denied") == "deny"


def test_a_lemma_is_enough_when_the_form_is_unknown():
    assert vocabulary.has("SAID", "speech")
    assert vocabulary.has("xyz", "speech", lemma="say")
    assert not vocabulary.has("attacked", "reporting", lemma="attack")


def test_groups_are_unions_of_their_classes():
    assert vocabulary.lemmas("reporting") >= vocabulary.lemmas("speech") | vocabulary.lemmas("denial")
    assert "withdrew" in vocabulary.forms("movement")
    assert "reportedly" in vocabulary.forms("hedge")
    assert "could" in vocabulary.forms("modal")


def test_unknown_names_fail_loudly():
    with pytest.raises(KeyError):
        vocabulary.forms("speeches")


def test_pattern_matches_every_form_and_prefers_the_longest():
    regex = re.compile(r"(?i)\b(?:" + vocabulary.pattern("claim") + r")\b")
    assert regex.search("the group claimed it").group(0) == "claimed"
    assert regex.fullmatch("Alleges")


def test_particle_verbs_name_their_particles():
    assert "out" in vocabulary.particles("withdrawal")["pull"]
    assert "toward" in vocabulary.particles("advance")["push"]


@given(st.from_regex(r"[a-z]{2,10}", fullmatch=True))
def test_inflect_always_keeps_the_base_form(word):
    found = vocabulary.inflect(word)
    assert word in found and len(found) <= 4


def test_verb_forms_leave_out_words_that_are_also_nouns():
    found = vocabulary.verb_forms("speech", "report")
    assert {"stated", "states", "said", "reported"} <= found
    assert "state" not in found and "report" not in found


def test_placeholders_expand_to_the_vocabulary():
    regex = re.compile(r"(?i)\b" + vocabulary.expand("{=deny}|{hedge}|{claim:verbs}") + r"\b")
    for text in ("denies", "denying", "reportedly", "is believed to", "claimed"):
        assert regex.fullmatch(text), text
    assert not regex.fullmatch("claim")
    assert vocabulary.expand("no placeholders {0,2}") == "no placeholders {0,2}"


def test_irregular_past_knows_pasts_that_are_not_also_base_forms():
    assert vocabulary.irregular_past("retook") and vocabulary.irregular_past("Overran")
    assert not vocabulary.irregular_past("hit")        # past and base form alike
    assert not vocabulary.irregular_past("retake") and not vocabulary.irregular_past("seized")
