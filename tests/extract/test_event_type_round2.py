"""Contrasts between neighbouring classes (ACLED definitions), and verbal acts
inside non-event contexts.  Sentences written for these tests."""
import pytest

from tocsin.extract.event_type import classify, is_political_violence


@pytest.mark.parametrize("code,text", [
    # a peaceful protest physically stopped, nobody seriously hurt
    ("PROTEST_WITH_INTER", "Municipal guards chased off vendors protesting against the new stall fees."),
    ("PROTEST_WITH_INTER", "Police rounded up forty students who were holding a vigil for a jailed poet."),
    # lethal force against protesters
    ("FORCE_AGAINST_PROTEST", "Troops fired into the crowd of marchers, and hospital staff counted six dead."),
    # the demonstrators themselves are violent
    ("VIOL_DEMONSTR", "Demonstrators set tyres ablaze on the ring road and stoned passing police cars."),
    # a crowd that is not a demonstration
    ("MOB_VIOL", "An angry crowd beat a suspected pickpocket until he died."),
    ("MOB_VIOL", "Farmers and herders fought with clubs over a watering point, wounding nine."),
    # a capture that failed is a battle, not a change of control
    ("ARMED_CLASH", "Soldiers killed twenty insurgents who tried to overrun the army post."),
    ("NON_STATE_ACTOR_OVERTAKES_TER", "Rebels raised their flag over the customs post after the garrison fled."),
])
def test_contrasting_classes(code, text):
    guess = classify(text)
    assert guess is not None and guess.code == code


@pytest.mark.parametrize("code,text", [
    ("ATTRIB", "The insurgent group said in a statement that it had carried out the ambush."),
    ("ATTRIB", "Police said the bombing was the work of a local cell."),
])
def test_claims_and_attributions(code, text):
    guess = classify(text)
    assert guess is not None and guess.code == code


@pytest.mark.parametrize("plover,text", [
    ("THREATEN", "The opposition threatened to reject the results of the election."),
    ("REQUEST", "Observers urged the electoral commission to publish the results by polling station."),
])
def test_verbal_acts_about_elections_are_verbal_not_violent(plover, text):
    guess = classify(text)
    assert guess is not None and guess.plover == plover
    assert not is_political_violence(guess)


@pytest.mark.parametrize("text", [
    "The visitors beat the champions three goals to one in the cup final.",
    "Stocks fell sharply after the central bank raised interest rates.",
])
def test_physical_words_in_sport_and_markets_stay_non_events(text):
    assert classify(text) is None
