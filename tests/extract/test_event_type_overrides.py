"""The overrides allowed to change the model's answer (extract/event_type/overrides.py)."""
import pytest

from tocsin.extract.event_type import classify
from tocsin.extract.event_type.overrides import OVERRIDES, _protesters_named


@pytest.mark.parametrize("text", [
    "At least nine people were killed, according to police in the district.",
    "Hospital sources said dozens of people had died by nightfall, most of them soldiers.",
    "Eleven members of the security forces were killed, a provincial official said.",
])
def test_a_casualty_count_told_by_the_police_is_no_force_against_protesters(text):
    guess = classify(text)
    assert guess is None or guess.sub_event_type != "Excessive force against protesters"


def test_force_against_a_crowd_is_still_force_against_protesters():
    guess = classify("Police opened fire on protesters outside the governor's office in Kassala, "
                     "killing four of them, witnesses said.")
    assert guess is not None and guess.sub_event_type == "Excessive force against protesters"


def test_the_rule_takes_the_best_code_outside_the_protest_family():
    ranking = [("FORCE_AGAINST_PROTEST", 0.6), ("PEACE_PROTEST", 0.2), ("ATTACK", 0.15), ("NONE", 0.05)]
    assert _protesters_named("Six people were killed, police said.", "FORCE_AGAINST_PROTEST", lambda: ranking, True) == "ATTACK"
    assert _protesters_named("They shot people for nothing.", "FORCE_AGAINST_PROTEST", lambda: ranking, True) is None
    assert _protesters_named("Police fired on the crowd.", "FORCE_AGAINST_PROTEST", lambda: ranking, True) is None
    assert _protesters_named("Six people were killed.", "ATTACK", lambda: ranking, True) is None
    assert "protesters_named" in {o.name for o in OVERRIDES if o.active}


def test_the_month_of_march_is_no_march():
    ranking = [("FORCE_AGAINST_PROTEST", 0.5), ("ATTACK", 0.3)]
    told = "On 3 March, six people were killed, police said."
    assert _protesters_named(told, "FORCE_AGAINST_PROTEST", lambda: ranking, True) == "ATTACK"
    marched = "Marchers were shot at, police said."
    assert _protesters_named(marched, "FORCE_AGAINST_PROTEST", lambda: ranking, True) is None
