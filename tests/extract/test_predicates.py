"""One claim per predicate and target, and what is not an event."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tocsin.extract import event_type, movement
from tocsin.extract.dates.rules import DateGuess
from tocsin.extract.frame import build
from tocsin.extract.nonevents import named, not_an_event
from tocsin.extract.predicates import claims_of
from tocsin.models import Actor, Article, Mention, Place

pytestmark = pytest.mark.slow
MOSUL = Place("Mosul", 36.34, 43.13, precision="city", country_code="IQ")
TIKRIT = Place("Tikrit", 34.6, 43.68, precision="city", country_code="IQ")


def claims(nlp, text, places=()):
    span = list(nlp(text).sents)[0]
    frame = build(span)
    found = []
    for name, place in places:
        at = text.index(name)
        found.append((Mention(name, span.start_char + at, span.start_char + at + len(name)), place))
    return claims_of(frame, event_type.classify(text), movement.detect(text), found)


def test_coordinated_places_give_one_claim_each(nlp):
    text = "Islamic State fighters seized the cities of Mosul and Tikrit on Tuesday."
    found = claims(nlp, text, [("Mosul", MOSUL), ("Tikrit", TIKRIT)])
    assert [c.target.text for c in found] == ["Mosul", "Tikrit"]
    assert len({c.part for c in found}) == 2


def test_one_place_gives_one_claim(nlp):
    found = claims(nlp, "Islamic State fighters seized the city of Mosul on Tuesday.",
                   [("Mosul", MOSUL)])
    assert len(found) == 1 and found[0].target is None


def test_a_withdrawal_and_its_redeployment_are_one_movement(nlp):
    found = claims(nlp, "ISIS pulled its fighters out of Idlib and Latakia and sent them east "
                        "toward Raqqa.")
    moves = [c for c in found if c.cue is not None]
    assert len(moves) == 1
    assert [s.text for s in moves[0].ends.origins] == ["Idlib and Latakia"]
    assert [s.text for s in moves[0].ends.destinations] == ["Raqqa"]


def test_a_noun_phrase_origin_is_read_from_the_parse(nlp):
    found = claims(nlp, "Fighters of the group have pulled out of the two provinces of Idlib and "
                        "Latakia and are moving east toward their stronghold of Raqqa.")
    move = next(c for c in found if c.cue is not None)
    assert "Idlib and Latakia" in move.ends.origins[0].text
    assert "Raqqa" in move.ends.destinations[0].text


def _article(genre="news"):
    return Article(id="a", text="", published=datetime(2014, 6, 20), genre=genre)


@pytest.mark.parametrize("text", [
    "ISIS is the final manifestation of a decade of failed policy.",
    "Its leaders are masters of the strategic retreat.",
])
def test_labels_and_descriptions_are_not_events(nlp, text):
    frame = build(list(nlp(text).sents)[0])
    from tocsin.extract.predicates import Claim

    claim = Claim(frame.main, ("Strategic developments", "Change to group/activity", None), 0.5, None)
    assert not_an_event(claim, claim.kind, Actor("ISIS", "Islamic State", "jihadist", known=True),
                        None, _article())


def test_history_is_not_an_event(nlp):
    frame = build(list(nlp("In 2006 its predecessor proclaimed a state.").sents)[0])
    from tocsin.extract.predicates import Claim

    claim = Claim(frame.main, ("Strategic developments", "Change to group/activity", None), 0.5, None)
    when = DateGuess(date(2006, 1, 1), "year", 3, 7, "2006")
    isis = Actor("ISIS", "Islamic State", "jihadist", known=True)
    assert not_an_event(claim, claim.kind, isis, when, _article())
    recent = DateGuess(date(2014, 3, 1), "month", 3, 13, "March 2014")
    assert not not_an_event(claim, claim.kind, isis, recent, _article())


def test_strategic_developments_need_a_named_actor():
    assert named(Actor("ISIS", "Islamic State", "jihadist", known=True))
    assert named(Actor("the army", "Military Forces of Iraq", "state_military", "IRQ", known=True))
    assert not named(Actor("militants", "Militants (Iraq)", "rebel", "IRQ", known=True))
    assert not named(Actor("Western capitals", "Western capitals", "other", known=False))
    assert not named(None)


def _strategic(nlp, text, sub_type, score=0.9):
    from tocsin.extract.predicates import Claim

    frame = build(list(nlp(text).sents)[0])
    return Claim(frame.main, ("Strategic developments", sub_type, None), score, None)


def test_an_agreement_or_a_sure_decree_needs_no_actor(nlp):
    deal = _strategic(nlp, "The parties agreed in Doha on a ceasefire for the holidays.", "Agreement", 0.5)
    assert not not_an_event(deal, deal.kind, None, None, _article())
    curfew = _strategic(nlp, "A curfew was declared in the province after the riots.", "Other", 0.9)
    assert not not_an_event(curfew, curfew.kind, None, None, _article())
    unsure = _strategic(nlp, "A curfew was declared in the province after the riots.", "Other", 0.5)
    assert not_an_event(unsure, unsure.kind, None, None, _article())
    militants = Actor("militants", "Militants (Iraq)", "rebel", "IRQ", known=True)
    move = _strategic(nlp, "The militants agreed to a truce.", "Agreement", 0.9)
    assert not_an_event(move, move.kind, militants, None, _article())   # a generic group still needs a name


def test_a_headline_in_the_present_is_news_not_a_habit(nlp):
    army = Actor("the army", "Military Forces of Mali", "state_military", "MLI", known=True)
    headline = _strategic(nlp, "Army takes over UN base in Tessalit as peacekeepers leave",
                          "Non-violent transfer of territory")
    assert not not_an_event(headline, headline.kind, army, None, _article())
    habit = _strategic(nlp, "The army takes over every base the peacekeepers leave.",
                       "Non-violent transfer of territory")
    assert not_an_event(habit, habit.kind, army, None, _article())
    assert not_an_event(headline, headline.kind, army, None, _article("opinion"))


@pytest.mark.parametrize("text", [
    "At least eight people were killed and 30 wounded in air strikes on Kafr Nabl on Sunday.",
    "Mortar shells fell on the old market, killing four shoppers and wounding a dozen more.",
])
def test_victims_counted_beside_an_event_are_that_event(nlp, text):
    # one strike, one event: "killed" and "wounded" are its casualties, not an attack of their own
    found = claims(nlp, text)
    assert len({c.kind[1] for c in found}) == 1, [(c.kind[1], c.text) for c in found]


def test_a_takeover_and_the_killing_of_its_defenders_stay_two_events(nlp):
    found = claims(nlp, "Islamic State fighters seized the city of Mosul and executed dozens "
                        "of captured soldiers.", [("Mosul", MOSUL)])
    assert len({c.kind[1] for c in found}) == 2
