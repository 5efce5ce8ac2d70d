"""Document actor memory: "the group", "the militants", "its fighters"."""
from __future__ import annotations

import pytest

from tocsin.extract.actors import ActorResolver
from tocsin.extract.actors.memory import UNIDENTIFIED, ActorMemory

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def resolver():
    return ActorResolver()


def resolved(nlp, resolver, text, title=None):
    doc = nlp(text)
    memory = ActorMemory.of(resolver, doc, title)
    out = []
    for sentence in doc.sents:
        found, _ = resolver.candidates(sentence, "SY")
        out.append({m.text: a.name for a, m in memory.resolve(sentence, found)})
    return out


def test_anaphors_resolve_to_the_latest_compatible_named_actor(nlp, resolver):
    first, second, third, fourth = resolved(
        nlp, resolver, "The Islamic State captured Tabqa on Sunday. The militants shelled the "
                       "air base. Its fighters withdrew. The group withdrew too.")
    assert second["The militants"] == "Islamic State"
    assert third["Its fighters"] == "Islamic State"
    assert fourth["The group"] == "Islamic State"


def test_kinds_are_checked(nlp, resolver):
    # "the rebels" is not the jihadist group named last, but the rebel group named before it
    _, _, rebels = resolved(nlp, resolver, "Rebels of the Free Syrian Army fought on Monday. "
                                           "The Islamic State attacked Azaz. The rebels retreated.")
    assert rebels["The rebels"] == "Free Syrian Army"


def test_the_title_counts_and_nothing_named_gives_the_unidentified_group(nlp, resolver):
    (named,) = resolved(nlp, resolver, "The militants took the town.", title="ISIS takes Tabqa")
    assert named["The militants"] == "Islamic State"
    (unnamed,) = resolved(nlp, resolver, "The militants took the town.")
    assert unnamed["The militants"] == f"{UNIDENTIFIED} (Syria)"


def test_indefinite_and_unidentified_phrases_stay_unknown(nlp, resolver):
    _, second = resolved(nlp, resolver, "The Islamic State captured Tabqa. Unidentified gunmen "
                                        "killed a guard.")
    assert "Islamic State" not in second.values()


def test_a_subject_they_just_after_a_named_group_is_that_group(nlp, resolver):
    _, second = resolved(nlp, resolver, "The Nusra Front seized Ariha on Monday. "
                                        "Weeks later they captured Saraqib.")
    assert second.get("they") == "Hayat Tahrir al-Sham"


def test_they_after_a_nearer_plural_subject_is_not_the_group(nlp, resolver):
    _, second = resolved(nlp, resolver, "The Nusra Front seized Ariha on Monday. "
                                        "Residents said they fled to Turkey.")
    assert "they" not in second


def test_an_armed_group_the_dictionary_does_not_know_is_remembered(nlp, resolver):
    _, second = resolved(nlp, resolver, "The Northern Hawks Brigade attacked a checkpoint on "
                                        "Monday. Hours later the militants shelled the airport.")
    assert second["the militants"] == "Northern Hawks Brigade"
