"""Who took which town.

- `taker_kind`: ACLED's "Government regains territory" is the state's; a non-state
  taker of ground the state lost is "Non-state actor overtakes territory".
- `borrow_takers`: a takeover whose sentence names no taker ("The town was captured
  on Tuesday") is the armed actor of the event told just before it.
- `taken_places`: towns a territorial verb takes that NER did not tag.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

from tocsin.extract.frame import Predicate, lemma
from tocsin.extract.nonevents import TERRITORY_TYPES
from tocsin.extract.predicates import Claim
from tocsin.models import NON_STATE_KINDS, Actor, Event, Mention, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from tocsin.geo.geocoder import Geocoder


#: ACLED territorial sub-event types whose taker another sentence may name
_TAKEOVER_TYPES = frozenset(["Non-state actor overtakes territory", "Government regains territory"])
#: actor kinds that can take a town by force, by takeover type: a defender told before a
#: non-state takeover ("troops held Baiji for a week. The town was captured ...") is no taker
_TAKER_KINDS = {"Non-state actor overtakes territory": NON_STATE_KINDS,
                "Government regains territory": frozenset(["state_military", "police", "militia"])}
#: how far back (characters) a takeover with no taker looks for the armed actor told before it
TAKER_LOOKBACK_CHARS = 400


#: with no document focus, an untagged name taken by a territorial verb must be a town this big
TAKEN_PLACE_MIN_POPULATION = 5000
#: entity labels that are never a town that changed hands
_NOT_TOWN_LABELS = frozenset(["ORG", "NORP", "PERSON", "DATE", "TIME", "CARDINAL", "ORDINAL",
                              "MONEY", "PERCENT", "QUANTITY", "EVENT", "LAW", "WORK_OF_ART"])


def _lone_person_word(token: "Token") -> bool:
    """One word that NER calls a person ("captured Lalibela"): the small model
    often tags unfamiliar town names so; a person taken is mostly named in full."""
    return token.ent_type_ == "PERSON" and token.ent_iob_ == "B" \
        and (token.i + 1 >= len(token.doc) or token.doc[token.i + 1].ent_iob_ != "I")


def _taken_names(predicate: "Predicate") -> list["Span"]:
    """Proper names the territorial predicate takes: the subject of "fell" or of a
    passive ("Palmyra was captured"), and its direct objects ("seized Hit")."""
    heads: list["Token"] = list(predicate.objects)
    subject = predicate.subject
    if subject is not None and (predicate.passive or not predicate.objects
                                or lemma(predicate.head) == "fall"):
        heads.append(subject)
    names = []
    for token in heads:
        if token.pos_ != "PROPN" or (token.ent_type_ in _NOT_TOWN_LABELS
                                     and not _lone_person_word(token)):
            continue
        parts = [t for t in token.subtree
                 if t.i <= token.i and (t.pos_ == "PROPN" or t.text == "-") and t.dep_ != "poss"]
        first = min((t.i for t in parts), default=token.i)
        names.append(token.doc[first:token.i + 1])
    return names


_STATE_KINDS = frozenset(["state_military", "police", "government"])


def taker_kind(kind: "tuple[str, str, str | None]", actor1: Actor | None,
               actor2: Actor | None) -> "tuple[str, str, str | None]":
    """ACLED's "Government regains territory" is the state (or forces fighting for
    it) taking ground back; a non-state taker of ground the state lost ("Government
    forces lost Idlib to Jaish al-Fatah", "ISIS drove the army out of Palmyra") is
    "Non-state actor overtakes territory", whatever the words of recovery."""
    if kind[1] != "Government regains territory" or actor1 is None \
            or actor1.kind not in NON_STATE_KINDS:
        return kind
    if actor2 is not None and actor2.kind not in _STATE_KINDS:
        return kind
    return kind[0], "Non-state actor overtakes territory", kind[2]


def borrow_takers(events: list[Event]) -> list[Event]:
    """"Islamic State fighters attacked Baiji. The town was captured on Tuesday,
    a police officer said.": a takeover whose sentence names no taker (a passive
    without "by") is the armed actor of the event told just before it, in the
    same place or with no place.  Sources never become actors (a monitor is no
    actor1 of any event), so the taker is never the one who reports it."""
    out: list[Event] = []
    for event in events:
        if event.actor1 is None and event.sub_event_type in _TAKEOVER_TYPES:
            taker = _taker_before(out, event)
            if taker is not None:
                event = dataclasses.replace(event, actor1=taker)
        out.append(event)
    return out


def _taker_before(before: list[Event], event: Event) -> Actor | None:
    for previous in reversed(before):
        if previous.evidence.start == event.evidence.start:
            continue
        if event.evidence.start - previous.evidence.end > TAKER_LOOKBACK_CHARS:
            return None
        actor = previous.actor1
        same_place = previous.location is None or event.location is None \
            or previous.location.name == event.location.name
        if actor is not None and actor.kind in _TAKER_KINDS[event.sub_event_type] and same_place:
            return actor
    return None


def taken_places(geocoder: "Geocoder", claims: Sequence[Claim], known: Sequence[Mention],
                 focus_country: str | None, in_sentence: Sequence[tuple[Mention, Place]],
                 ) -> list[tuple[Mention, Place]]:
    """Towns that a territorial verb takes but NER did not tag: spaCy's small model
    misses many sentence-initial names ("Ramadi fell to ...", "Palmyra was
    captured ...").  The parse still says the name is what changed hands, so it is
    looked up in the gazetteer, and kept only in the document's own country
    (`focus_country`), or, with no focus, when the place is a sizeable town.
    `known`: the document's toponym mentions, never looked up again."""
    found: list[tuple[Mention, Place]] = []
    known = [*known, *(m for m, _ in in_sentence)]
    for claim in claims:
        if claim.kind[1] not in TERRITORY_TYPES or claim.predicate is None:
            continue
        for span in _taken_names(claim.predicate):
            if any(m.start < span.end_char and span.start_char < m.end for m in known):
                continue
            place = geocoder.find(span.text, focus_country)
            if place is None or place.precision not in ("city", "admin2", "admin1"):
                continue
            if focus_country is not None and place.country_code != focus_country:
                continue
            if (focus_country is None or span.root.ent_type_ == "PERSON") \
                    and (place.population or 0) < TAKEN_PLACE_MIN_POPULATION:
                continue
            mention = Mention(span.text, span.start_char, span.end_char, "GPE")
            found.append((mention, place))
            known.append(mention)
    return found
