"""The array attribute ruler and lemmatizer leave exactly the Doc that spaCy's own
components leave: every attribute of every token, on text of several kinds."""
from __future__ import annotations

import numpy
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, TAG

from tocsin.extract.array_annotators import (
    ArrayAttributeRuler, ArrayEnglishLemmatizer, speed_up,
)

COLUMNS = [ORTH, POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE]

TEXTS = [
    "Fighters of the group withdrew from two provinces on Friday and moved east.",
    "They didn't say whether the convoys weren't armed; nothin' was confirmed, y'know.",
    "KABUL, Afghanistan —  Gunmen attacked a checkpoint\n\nin Kunduz   overnight, police said.",
    "Protesters gathered outside the governor's office; riot police fired tear gas at them.",
    "\"We will not leave,\" the commander told reporters. Ain't that the question?",
    "The U.S.-backed forces regained control of the town, which rebels had held since 2019.",
    "3 killed, 12 wounded as mortar shells hit Aleppo's al-Shaar district — SOHR",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def stock():
    """The runner's pipeline with spaCy's own attribute ruler and lemmatizer."""
    from tocsin.extract import segment
    from tocsin.pipelines import MODEL, import_spacy

    return segment.add_to(import_spacy().load(MODEL))


def _same(a, b) -> bool:
    return numpy.array_equal(a.to_array(COLUMNS), b.to_array(COLUMNS)) \
        and [t.lemma_ for t in a] == [t.lemma_ for t in b] \
        and [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_the_runner_pipeline_uses_the_array_components(nlp):
    assert isinstance(nlp.get_pipe("attribute_ruler"), ArrayAttributeRuler)
    assert isinstance(nlp.get_pipe("lemmatizer"), ArrayEnglishLemmatizer)


@pytest.mark.parametrize("text", TEXTS)
def test_array_components_match_spacys_own(stock, nlp, text):
    assert _same(stock(text), nlp(text))


def test_a_batch_matches_too(stock, nlp):
    ours = list(nlp.pipe(TEXTS * 3, batch_size=4))
    theirs = list(stock.pipe(TEXTS * 3, batch_size=4))
    assert all(_same(a, b) for a, b in zip(theirs, ours))


def test_speed_up_leaves_other_components_alone(stock):
    from tocsin.pipelines import MODEL, import_spacy

    fresh = import_spacy().load(MODEL)
    before = [type(c) for _, c in fresh.pipeline]
    speed_up(fresh)
    after = [type(c) for _, c in fresh.pipeline]
    changed = [(b.__name__, a.__name__) for b, a in zip(before, after) if a is not b]
    assert changed == [("AttributeRuler", "ArrayAttributeRuler"),
                       ("EnglishLemmatizer", "ArrayEnglishLemmatizer")]


words = st.sampled_from(["the", "rebels", "didn't", "n't", "Y'", "nothin'", "ISIS", "killed",
                         "were", "’s", "  ", "\n", "Mosul", "better", "best", "went", "'re",
                         "ca", "gonna", ",", ".", "—", "sheep", "mice", "data"])


@settings(max_examples=40)
@given(st.lists(words, min_size=1, max_size=25))
def test_any_word_salad_matches(stock, nlp, parts):
    text = " ".join(parts)
    assert _same(stock(text), nlp(text))
