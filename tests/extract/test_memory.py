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
