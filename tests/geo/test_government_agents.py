"""A capital or country in agent position acts for its government; it is no scene.

The unit tests build each parse by hand (words, heads, dependency labels and
parts of speech), so they read only the rule; the slow ones run the model.
"""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tocsin.geo.event_place import names_an_actor
from tocsin.geo.recognize import acts_as_agent, addressed, toponym_mentions
from tocsin.models import Mention, Place

_VOCAB = spacy.blank("en").vocab


def parsed(rows: list[tuple[str, int, str, str]]) -> Doc:
    """(word, head index, dependency, part of speech) per token; the root heads itself."""
    words, heads, deps, pos = zip(*rows)
    return Doc(_VOCAB, words=list(words), heads=list(heads), deps=list(deps), pos=list(pos))


def test_the_subject_of_a_verb_with_an_object_acts():
    doc = parsed([("Cairo", 1, "nsubj", "PROPN"), ("dispatched", 1, "ROOT", "VERB"),
                  ("two", 3, "nummod", "NUM"), ("frigates", 1, "dobj", "NOUN"), (".", 1, "punct", "PUNCT")])
    assert acts_as_agent(doc[0])


def test_the_by_agent_of_a_passive_acts():
    doc = parsed([("Raids", 2, "nsubjpass", "NOUN"), ("were", 2, "auxpass", "AUX"),
                  ("ordered", 2, "ROOT", "VERB"), ("by", 2, "agent", "ADP"),
                  ("Cairo", 3, "pobj", "PROPN")])
    assert acts_as_agent(doc[4])


def test_the_subject_of_a_verb_of_setting_is_still_a_place():
    # 'Lima hosted the summit': where it happened, not who did it
    doc = parsed([("Lima", 1, "nsubj", "PROPN"), ("hosted", 1, "ROOT", "VERB"),
                  ("the", 3, "det", "DET"), ("summit", 1, "dobj", "NOUN")])
    assert not acts_as_agent(doc[0])


def test_the_subject_of_an_intransitive_verb_is_still_a_place():
    # 'Lima shook': the city undergoes it
    doc = parsed([("Lima", 1, "nsubj", "PROPN"), ("shook", 1, "ROOT", "VERB"), (".", 1, "punct", "PUNCT")])
    assert not acts_as_agent(doc[0])


def test_the_object_of_a_preposition_is_no_agent():
    doc = parsed([("Jets", 1, "nsubj", "NOUN"), ("struck", 1, "ROOT", "VERB"),
                  ("near", 1, "prep", "ADP"), ("Lima", 2, "pobj", "PROPN")])
    assert not acts_as_agent(doc[3])


_RUSSIA = Place("Russia", 61.5, 105.3, country_code="RU", precision="country")


def test_a_demonym_before_a_weapon_names_an_actor():
    doc = parsed([("Russian", 1, "amod", "ADJ"), ("jets", 2, "nsubj", "NOUN"),
                  ("bombed", 2, "ROOT", "VERB"), ("Homs", 2, "dobj", "PROPN")])
    assert names_an_actor(doc, Mention("Russian", 0, 7, "NORP"), _RUSSIA)


def test_a_demonym_before_a_place_noun_does_not():
    doc = parsed([("on", 0, "ROOT", "ADP"), ("Russian", 2, "amod", "ADJ"), ("soil", 0, "pobj", "NOUN")])
    assert not names_an_actor(doc, Mention("Russian", 3, 10, "NORP"), _RUSSIA)


def test_a_country_in_agent_position_names_an_actor():
    doc = parsed([("Russia", 1, "nsubj", "PROPN"), ("sent", 1, "ROOT", "VERB"),
                  ("bombers", 1, "dobj", "NOUN")])
    assert names_an_actor(doc, Mention("Russia", 0, 6, "GPE"), _RUSSIA)


def test_a_country_after_in_is_a_place():
    doc = parsed([("Talks", 1, "nsubj", "NOUN"), ("opened", 1, "ROOT", "VERB"),
                  ("in", 1, "prep", "ADP"), ("Russia", 2, "pobj", "PROPN")])
    at = doc.text.index("Russia")
    assert not names_an_actor(doc, Mention("Russia", at, at + 6, "GPE"), _RUSSIA)


@pytest.mark.slow
@pytest.mark.parametrize("text, capital", [
    ("Paris launched a wave of air strikes on the militants' depots near Sirte.", "Paris"),
    ("Tripoli sent two hundred troops to retake the oil port.", "Tripoli"),
    ("The raids on the port were carried out by Paris, officials said.", "Paris"),
])
def test_a_capital_that_acts_is_its_government(real_gazetteer, nlp, text, capital):
    labels = {m.text: m.label for m in toponym_mentions(nlp(text), real_gazetteer)}
    assert labels[capital] == "ORG"


@pytest.mark.slow
@pytest.mark.parametrize("text, capital", [
    ("Beirut saw the heaviest fighting in a decade on Sunday.", "Beirut"),
    ("Hundreds of protesters marched through Paris on Saturday.", "Paris"),
])
def test_a_capital_where_things_happen_stays_a_place(real_gazetteer, nlp, text, capital):
    labels = {m.text: m.label for m in toponym_mentions(nlp(text), real_gazetteer)}
    assert labels[capital] != "ORG"


def test_the_party_called_on_is_addressed():
    doc = parsed([("Envoys", 1, "nsubj", "NOUN"), ("called", 1, "ROOT", "VERB"),
                  ("on", 1, "prep", "ADP"), ("Peru", 2, "pobj", "PROPN")])
    assert addressed(doc[3])


def test_a_surface_something_lands_on_is_not_addressed():
    doc = parsed([("Shells", 1, "nsubj", "NOUN"), ("fell", 1, "ROOT", "VERB"),
                  ("on", 1, "prep", "ADP"), ("Lima", 2, "pobj", "PROPN")])
    assert not addressed(doc[3])


@pytest.mark.slow
def test_a_capital_called_on_is_its_government(real_gazetteer, nlp):
    doc = nlp("The envoy called on Paris to reopen its embassy in Tripoli.")
    labels = {m.text: m.label for m in toponym_mentions(doc, real_gazetteer)}
    assert labels["Paris"] == "ORG" and labels["Tripoli"] != "ORG"
