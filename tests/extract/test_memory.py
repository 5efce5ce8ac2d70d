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


def test_a_definite_description_refers_back_instead_of_naming_another_group(nlp, resolver):
    # "the hardline Sunni militants" here describes the group named before it
    _, _, third = resolved(
        nlp, resolver, "Jabhat al-Nusra fighters attacked a checkpoint near Ariha on Monday. "
                       "The hardline Sunni militants have gained ground this spring. "
                       "On Tuesday the group seized the town.")
    assert third["the group"] == "Hayat Tahrir al-Sham"


def test_a_group_named_only_as_anothers_offshoot_is_no_antecedent(nlp, resolver):
    _, second = resolved(
        nlp, resolver, "Islamic State fighters shelled Tabqa, the latest blow between the "
                       "al Qaeda offshoot and the army. Then the group stormed the air base.")
    assert second["the group"] == "Islamic State"


def test_the_forces_are_the_forces_named_before(nlp, resolver):
    _, second = resolved(
        nlp, resolver, "The Syrian Democratic Forces opened a push against Islamic State on "
                       "Tuesday. A monitor said the forces captured ten villages.")
    assert second["the forces"] == "Syrian Democratic Forces"


def test_the_troops_after_a_named_army_are_that_army(nlp, resolver):
    _, second = resolved(
        nlp, resolver, "The Syrian army shelled Ariha on Monday. "
                       "Hours later the troops entered the town.")
    assert second["the troops"] == "Syrian Arab Army"


def test_the_forces_with_no_one_named_stay_a_generic_label(nlp, resolver):
    (only,) = resolved(nlp, resolver, "A monitor said the forces captured ten villages near Manbij.")
    assert only["the forces"] == "Military forces (Syria)"


def test_its_aircraft_are_the_owner_s(nlp, resolver):
    army, group, ministry = resolved(
        nlp, resolver, "The army said its aircraft struck rebel positions near Idlib. The Syrian "
                       "Democratic Forces said their drones hit a depot. The interior ministry "
                       "said its aircraft bombed hideouts.")
    assert army["its aircraft"] == "Syrian Arab Army"
    assert group["their drones"] == "Syrian Democratic Forces"
    assert ministry["its aircraft"] == "Syrian Arab Army"


def test_a_foreign_ministry_s_units_are_its_own_country_s_forces(nlp, resolver):
    (said,) = resolved(nlp, resolver, "Russia's defence ministry said its units had taken "
                                      "control of two villages near Palmyra.")
    assert said["its units"] == "Russian armed forces"
