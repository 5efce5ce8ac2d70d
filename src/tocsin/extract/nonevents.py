"""What is not an event, though a classifier may type it as one.

- A sentence that only names or describes an actor: a label ("ISIS is the
  final manifestation of ..."), a description ("the group is a magnet for
  foreign volunteers", "Its leaders are masters of the strategic retreat").
  Its predicate is a copula (or a verb of being: remain, become, seem), and
  "there were clashes" is the one copula that reports an event.
- A takeover of nothing: a territorial event needs a place taken (a named
  place or a place noun among the predicate's subject and objects): "the rise
  of ISIS took Washington by surprise" takes no territory.
- History: a claim dated by a phrase that ends more than a year before the
  article was published ("In 2006 its predecessor proclaimed a state").
- A question: rhetoric ("Who will admit that these warnings were ignored?").
- A habit or state in the present tense ("ISIS treats borders as lines on
  someone else's map", "Abu Bakr al-Baghdadi leads an organisation"), in an
  opinion piece or for a strategic development; news in the historical
  present ("Army units destroy terrorists' dens") stays.
- A strategic development (ACLED's "Change to group/activity", "Headquarters
  or base established", "Non-violent transfer of territory", "Agreement",
  "Other") needs a concrete change by a named actor: the actor is a named
  group or a country's forces, not "militants" or "the West".
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from tocsin.extract.dates.context import period_start
from tocsin.models import Actor, Article, Mention

if TYPE_CHECKING:
    from tocsin.extract.dates.rules import DateGuess
    from tocsin.extract.frame import Predicate
    from tocsin.extract.predicates import Claim, Kind

#: verbs of being: their sentences describe, they do not narrate.
_BEING = frozenset(["be", "remain", "become", "seem", "appear", "represent", "constitute",
                    "symbolise", "symbolize", "embody", "epitomise", "epitomize", "resemble"])
_STRATEGIC_NEEDING_ACTOR = frozenset(["Change to group/activity", "Headquarters or base established",
                                      "Non-violent transfer of territory", "Agreement", "Other"])
#: generic labels from actors_nouns.toml that name nobody in particular
_NAMELESS = frozenset(["Militants", "Jihadists", "Groups", "Unidentified Armed Group", "Rebels",
                       "Militias", "Civilians", "Protesters", "Activists", "Officials",
                       "International observers"])
_TERRITORY = frozenset(["Non-state actor overtakes territory", "Government regains territory",
                        "Non-violent transfer of territory"])
#: nouns for what can be taken: "captured the town", "regained ground"
_PLACE_NOUNS = frozenset("""town city village district province governorate region area base
airport airbase air-base compound headquarters building checkpoint checkpoints position
positions territory ground neighbourhood neighborhood quarter suburb outskirts countryside
border crossing hill hills mountain mountains road highway bridge dam field fields oilfield
oilfields refinery port island camp barracks outpost post garrison prison control hands
capital stronghold bastion enclave pocket front line lines villages towns cities""".split())
#: how long ago a dated claim must be to be history
HISTORY_DAYS = 365
_PRESENT_TAGS = frozenset(["VBZ", "VBP"])
_PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}


def not_an_event(claim: "Claim", kind: "Kind", actor1: Actor | None, when: "DateGuess | None",
                 article: Article, places: Sequence[Mention] = (),
                 predicate: "Predicate | None" = None) -> bool:
    """True when the claim only labels, describes or recalls.  `predicate`: the
    clause the claim is read from, when not its own (a sentence's first claim
    is read from the main clause)."""
    predicate = predicate or claim.predicate
    if predicate is not None and claim.cue is None and _describes(predicate):
        return True
    if predicate is not None and kind[1] in _TERRITORY and not _takes_a_place(predicate, places):
        return True
    if _history(when, article):
        return True
    if predicate is not None and predicate.modality.question:
        return True                 # a rhetorical question asks, it does not report
    if predicate is not None and _habitual(predicate) and (
            kind[0] == "Strategic developments" or article.genre == "opinion"):
        return True
    if kind[0] == "Strategic developments" and kind[1] in _STRATEGIC_NEEDING_ACTOR \
            and not named(actor1):
        return True
    return False


def named(actor: Actor | None) -> bool:
    """A named group or a country's own forces, not a generic noun."""
    if actor is None or not actor.known or actor.kind == "civilians":
        return False
    return actor.name.split(" (")[0] not in _NAMELESS


def _takes_a_place(predicate: "Predicate", places: Sequence[Mention]) -> bool:
    if predicate.head.pos_ not in ("VERB", "AUX"):
        return True                 # a headline run into the lead parses badly: no verdict
    tokens = [*predicate.objects, *([predicate.subject] if predicate.subject is not None else [])]
    for token in tokens:
        if token.lemma_.lower() in _PLACE_NOUNS or token.lower_ in _PLACE_NOUNS:
            return True
        if any(m.start <= token.idx < m.end for m in places):
            return True
    return False


def _describes(predicate: object) -> bool:
    head = predicate.head  # type: ignore[attr-defined]
    from tocsin.extract.frame import lemma

    if lemma(head) not in _BEING:
        return False
    # "There were clashes", "there has been fighting": an existential reports an event.
    return not any(c.dep_ == "expl" for c in head.children)


def _habitual(predicate: object) -> bool:
    """Present simple with no auxiliary: a habit or a state ("ISIS controls ...")."""
    head = predicate.head  # type: ignore[attr-defined]
    return head.tag_ in _PRESENT_TAGS and not any(c.dep_ in ("aux", "auxpass") for c in head.children)


def _history(when: "DateGuess | None", article: Article) -> bool:
    if when is None or when.inferred or when.relative or article.published is None:
        return False
    ends = period_start(when.date, when.precision) + timedelta(days=_PERIOD_DAYS[when.precision])
    return (article.published.date() - ends).days > HISTORY_DAYS
