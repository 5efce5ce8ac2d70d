"""Who took control, and is a capture news or background?  Sentences written for these tests."""
import pytest

from tocsin.extract.event_type import classify
from tocsin.extract.event_type.territory import (
    GOV_REGAINS, NSA_OVERTAKES, direction, is_background, reliable_side, side_features,
)


@pytest.mark.parametrize("text,expected", [
    ("The group seized Harbel, a town on the river road, from rival rebels at the end of March.", NSA_OVERTAKES),
    ("Jihadist fighters seized control of Qaram after soldiers and police abandoned their posts.", NSA_OVERTAKES),
    ("The army said it had recaptured Dalmar from the militants.", GOV_REGAINS),
    ("The town fell to the insurgents on Sunday.", NSA_OVERTAKES),
    ("The village was retaken by government troops on Monday.", GOV_REGAINS),
    ("Rebels took the border crossing from the army.", NSA_OVERTAKES),
    ("Iraqi forces backed by tribal militias retook the district.", GOV_REGAINS),
])
def test_direction_follows_who_took_control(text, expected):
    for start in (GOV_REGAINS, NSA_OVERTAKES):
        assert direction(text, start) == expected


def test_direction_leaves_other_codes_and_unclear_sentences_alone():
    assert direction("The rebels seized the town.", "ARMED_CLASH") == "ARMED_CLASH"
    assert direction("The town changed hands twice.", GOV_REGAINS) == GOV_REGAINS


@pytest.mark.parametrize("text", [
    "Harbel has been held by the militants since early January, when they overran the police stations.",
    "The bombing came a day after militants briefly seized parts of Samra.",
    "It is the worst fighting since the insurgents captured Dalmar in January.",
    "Since regaining the city from rival rebels, the group has run it from the old courthouse.",
    "The valley was the scene of two long battles between foreign troops and insurgents in 2004.",
])
def test_background_mentions_are_flagged(text):
    # The flag is measured as an override (territory_background) but not applied: in 5-fold
    # CV on our training set it broke more answers than it fixed, because our writers code
    # "since X took the town, ..." as the capture.  Whether such an event is old is the
    # date resolver's question.
    assert is_background(text)


@pytest.mark.parametrize("text", [
    "The army retook Dalmar on Friday, a town the rebels had held since May.",
    "Militants captured the town of Qaram on Tuesday.",
])
def test_news_of_a_capture_is_not_background(text):
    assert not is_background(text)
    guess = classify(text)
    assert guess is not None and guess.code in (GOV_REGAINS, NSA_OVERTAKES)


@pytest.mark.parametrize("text", [
    "Voters went to the polls on Wednesday in the first election since foreign troops left.",
    "The central bank governor said the currency had since stabilised.",
    "Turnout was high as candidates from twelve parties competed for seats.",
])
def test_elections_and_economy_give_no_event(text):
    assert classify(text) is None


def test_protest_about_an_election_is_still_a_protest():
    guess = classify("Opposition supporters protested against the election results in the capital.")
    assert guess is not None and guess.code == "PEACE_PROTEST"


def test_stabilised_is_not_a_stabbing():
    assert classify("Prices have stabilised after a difficult month.") is None


@pytest.mark.parametrize("text", [
    # known misses until the 2026-12-02 data (captures and executions of people, our own rows)
    "Militants stormed the consulate and seized 49 people, among them the consul.",
    "The group executed dozens of captured rebels during the battle.",
])
def test_seizing_people_is_not_a_territory_event(text):
    guess = classify(text)
    assert guess is None or guess.code not in (GOV_REGAINS, NSA_OVERTAKES)


def test_the_people_reading_is_a_feature():
    from tocsin.extract.event_type.territory import side_features

    assert "t|people" in side_features("Militants stormed the consulate and seized 49 people.")
    assert "t|agent:nsa" in side_features("Militants seized the town of Qaram.")


# "lose ... to": the subject is the loser, the armed actor after "to" took control.
LOSSES = [
    ("Government forces lost the town of Khan Shaykhun to rebels after a week of fighting.",
     NSA_OVERTAKES),                                                     # Syria
    ("ISIS lost Manbij to the SDF after a two-month siege.", NSA_OVERTAKES),   # Syria, one armed group to another
    ("Islamic State militants lost the village of Bashiqa to Kurdish peshmerga on Monday.",
     GOV_REGAINS),                                                       # Iraq
    ("Malian troops lost the garrison town of Tessalit to separatists once their supply line was cut.",
     NSA_OVERTAKES),                                                     # Sahel
    ("The jihadists lost Konna to French and Malian troops in a day of fighting.", GOV_REGAINS),  # Sahel
    ("The military lost the border town of Myawaddy to resistance fighters.", NSA_OVERTAKES),  # Myanmar
    ("Russian forces lost the village of Robotyne to Ukrainian troops during the counteroffensive.",
     GOV_REGAINS),                                                       # Ukraine
    ("Pro-government forces lost the district of Harib to the Houthis.", NSA_OVERTAKES),   # Yemen
    ("The Houthis are losing the port of Mokha to government troops backed by the coalition.",
     GOV_REGAINS),                                                       # Yemen
]


@pytest.mark.parametrize("text,expected", LOSSES)
def test_a_loss_to_someone_is_a_capture_by_them(text, expected):
    for start in (GOV_REGAINS, NSA_OVERTAKES):
        assert direction(text, start) == expected
    assert reliable_side(text) == expected


@pytest.mark.parametrize("text,expected", LOSSES)
def test_the_loser_is_not_read_as_the_taker(text, expected):
    found = side_features(text)
    taker = "gov" if expected == GOV_REGAINS else "nsa"
    assert f"t|by:{taker}" in found
    assert not any(f.startswith("t|agent:") for f in found)


@pytest.mark.parametrize("text", [
    "Dozens of conscripts lost their lives to the cold on the northern front.",
    "The army lost contact with its patrol near Gao on Tuesday.",
    "The ruling party lost two seats to independents in the Aden council vote.",
])
def test_a_loss_with_no_armed_taker_after_to_is_no_capture(text):
    assert direction(text, GOV_REGAINS) == GOV_REGAINS
    assert direction(text, NSA_OVERTAKES) == NSA_OVERTAKES
    assert reliable_side(text) is None
    assert side_features(text) == []


def test_a_capture_verb_before_a_loss_is_still_read_first():
    text = "Rebels seized the airport, which the army had lost to the militias once before."
    assert direction(text, GOV_REGAINS) == NSA_OVERTAKES
    assert "t|agent:nsa" in side_features(text)


def test_the_word_is_is_not_islamic_state() -> None:
    """'IS' names the group only in capitals: 'what is now' names no taker."""
    from tocsin.extract.event_type import territory

    assert territory.side_features("The village fell to what is left of the old garrison.") == []
    assert territory.side_features("The village fell to IS on Monday.") == ["t|by:nsa"]


def _scored(**probabilities: float):
    from tocsin.extract.event_type.anchors import Probe
    from tocsin.extract.event_type.classifier import Scored

    return Scored("text", tuple(probabilities), tuple(probabilities.values()), {}, Probe("text"))


def test_a_place_changing_hands_is_believed_with_all_its_codes_together() -> None:
    """Split between the two sides (or a handover), the model still believes that the
    place changed hands; who took it is the actors' call."""
    from tocsin.extract.event_type.classifier import belief

    scored = _scored(NON_STATE_ACTOR_OVERTAKES_TER=0.37, GOV_REGAINS_TERIT=0.28,
                     NON_VIOL_TERRIT_TRANSFER=0.05, ARMED_CLASH=0.2, NONE=0.1)
    assert belief(scored, "NON_STATE_ACTOR_OVERTAKES_TER") == pytest.approx(0.70)
    assert belief(scored, "GOV_REGAINS_TERIT") == pytest.approx(0.70)
    assert belief(scored, "ARMED_CLASH") == pytest.approx(0.2)


def test_the_threshold_is_chosen_on_the_belief_the_classifier_thresholds() -> None:
    """Out of fold, a takeover split 0.4 / 0.3 between the sides is answered at a
    threshold of 0.6 (0.7 together), which the top code alone (0.4) would not reach."""
    import numpy as np

    from tocsin.extract.event_type.training import CrossValidation, choose_threshold
    from tocsin.extract.event_type.training_data import Example

    classes = ("NON_STATE_ACTOR_OVERTAKES_TER", "GOV_REGAINS_TERIT", "ARMED_CLASH", "NONE")
    probabilities = np.array([[0.4, 0.3, 0.2, 0.1]])
    cv = CrossValidation((Example("NON_STATE_ACTOR_OVERTAKES_TER", "t"),), classes,
                         np.log(probabilities), folds=1)
    _, curve = choose_threshold(cv, temperature=1.0)
    assert curve["0.60"] == 1.0 and curve["0.40"] == 1.0


def test_a_text_sure_to_tell_some_violence_is_an_event_below_the_threshold() -> None:
    """0.47 an armed clash and 0.45 an attack: no code alone reaches a 0.55 threshold,
    but the model is sure that some political violence happened; a clash half-believed
    beside a disaster is still no event."""
    from types import SimpleNamespace

    from tocsin.extract.event_type.classifier import _event_code

    model = SimpleNamespace(event_threshold=0.55)
    assert _event_code(_scored(ARMED_CLASH=0.47, ATTACK=0.45, NONE=0.08), model) == "ARMED_CLASH"
    assert _event_code(_scored(ARMED_CLASH=0.47, MAN_MADE_DISASTER=0.3, NONE=0.23),
                       model) == "NONE"


def test_the_threshold_is_chosen_with_the_texts_sure_to_tell_violence_answered() -> None:
    import numpy as np

    from tocsin.extract.event_type.training import CrossValidation, choose_threshold
    from tocsin.extract.event_type.training_data import Example

    classes = ("ARMED_CLASH", "ATTACK", "NONE")
    cv = CrossValidation((Example("ARMED_CLASH", "t"),), classes,
                         np.log(np.array([[0.5, 0.45, 0.05]])), folds=1)
    _, curve = choose_threshold(cv, temperature=1.0)
    assert curve["0.60"] == 1.0
