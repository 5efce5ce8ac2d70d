"""The few rules allowed to change the model's answer, each with its measured precision.

The model decides.  A rule here may change its answer only where the rule
reads something a bag of words cannot: who is the agent of a capture verb.
Each rule is measured on the out-of-fold answers of 5-fold cross-validation
on our own training set (`python -m tocsin.extract.event_type.training --cv`
prints the table, and `override_report` computes it): how often it fires,
how often the answer it gives is right, and how many answers it fixes and
breaks.  A rule that breaks as many as it fixes is not used.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from tocsin.extract.event_type.codes import NO_EVENT, PROTEST_FAMILY
from tocsin.extract.event_type.territory import (
    TERRITORY_CODES, is_background, reliable_side, takes_people,
)

#: (code, probability), best first; a function, because most texts never need it.
Ranking = Callable[[], Sequence[tuple[str, float]]]


@dataclass(frozen=True, slots=True)
class Override:
    name: str
    why: str
    #: (text, model's code, ranking, forced) -> the code to use instead, or None to keep it.
    rule: Callable[[str, str, Ranking, bool], str | None]
    #: whether the rule is applied (set from the measured report; see docs/accuracy_notes.md).
    active: bool = True


def _territory_direction(text: str, code: str, ranking: Ranking, forced: bool) -> str | None:
    if code not in TERRITORY_CODES:
        return None
    side = reliable_side(text)
    return side if side is not None and side != code else None


def _people_not_territory(text: str, code: str, ranking: Ranking, forced: bool) -> str | None:
    if code not in TERRITORY_CODES or not takes_people(text):
        return None
    return next((c for c, _ in ranking() if c not in TERRITORY_CODES
                 and not (forced and c == NO_EVENT)), None)


def _territory_background(text: str, code: str, ranking: Ranking, forced: bool) -> str | None:
    if forced or code not in TERRITORY_CODES or not is_background(text):
        return None
    return NO_EVENT


#: Words that put protesters or a crowd in a text. ACLED's "excessive force against
#: protesters" is force against people protesting; a casualty count told by the police
#: ("at least three people were killed, according to police") names no protest. The month
#: "March" is no march: only the lower-case word or its capitalised inflections count.
_PROTEST_WORDS = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies|ied|ying)|(?-i:march\w*)|(?-i:March(?:es|ed|ers?|ing))|MARCH(?:ES|ED|ERS?|ING)|crowds?|sit-ins?|strik(?:e|es|ers?|ing)"
    r"|mourners?|gather\w*|processions?|chant\w*|dispers\w*|streets?|pickets?|boycott\w*|unrest"
    r"|riot\w*|students?|worker?s|vigils?|funerals?|squares?|mob|hunger)\b", re.IGNORECASE)


#: A count told on someone's word ("according to police", "officials said"): the police
#: there are the source of the figure, not the ones using force.
_TOLD_BY = re.compile(r"\b(?:according to|said|say|says|told|reported|sources?)\b", re.IGNORECASE)


def _protesters_named(text: str, code: str, ranking: Ranking, forced: bool) -> str | None:
    if code != "FORCE_AGAINST_PROTEST" or _PROTEST_WORDS.search(text) or not _TOLD_BY.search(text):
        return None
    return next((c for c, _ in ranking() if c != code and c not in PROTEST_FAMILY
                 and (not forced or c != NO_EVENT)), None)


OVERRIDES = (
    # Measured in 5-fold CV on our set (docs/accuracy_notes.md): the first two broke at
    # least as many answers as they fixed, so they are kept for the report but not
    # applied; the model sees the same readings as features (t|people).
    Override("people_not_territory",
             "a capture verb whose object is people or arms ('seized 49 people') is no "
             "change of territory: the best other code wins",
             _people_not_territory, active=False),
    Override("territory_background",
             "a capture told as history ('has held the town since January') is no new event",
             _territory_background, active=False),
    Override("protesters_named",
             "force against protesters needs protesters or a crowd in the text: a casualty "
             "count told on someone's word ('according to police') with neither is not one; "
             "the best code outside the protest family wins",
             _protesters_named),
    Override("territory_direction",
             "who took control: the armed actor before the capture verb, or the loser after "
             "'from', when they agree (GOV_REGAINS_TERIT vs NON_STATE_ACTOR_OVERTAKES_TER)",
             _territory_direction),
)


def apply(text: str, code: str, ranking: Ranking, forced: bool,
          overrides: Sequence[Override] = OVERRIDES) -> tuple[str, tuple[str, ...]]:
    """(final code, names of the overrides that changed it), applied in order."""
    fired: list[str] = []
    for override in overrides:
        if not override.active:
            continue
        changed = override.rule(text, code, ranking, forced)
        if changed is not None and changed != code:
            code = changed
            fired.append(override.name)
    return code, tuple(fired)
