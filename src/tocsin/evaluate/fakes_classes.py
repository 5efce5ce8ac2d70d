"""Mapping actors onto the FA-KES `actor` column's seven classes.

FA-KES names who caused the deaths.  A class needs an identifiable side:
a generic "terrorists", "militants" or "a suicide bomber" is FA-KES's
"unknown", while generic "rebels" / "opposition fighters" are the armed
opposition.  Air forces of the US-led coalition's members count as the
coalition; Russia, Iran and Hezbollah fight on the government's side.
"""
from __future__ import annotations

from functools import lru_cache

from tocsin.models import Actor

#: FA-KES `actor` classes, in the order they are tried.
FAKES_CLASSES = ("syrian government or russian troops",
                 "the organization of the islamic state in iraq and the levant - isis",
                 "international coalition forces", "armed opposition groups", "al-nusra front",
                 "self administration forces", "unknown")
#: Members of the anti-IS coalition that flew or fired in Syria.
COALITION_COUNTRIES = frozenset(["USA", "GBR", "FRA", "AUS", "JOR", "CAN", "NLD", "BEL", "DNK",
                                 "TUR", "SAU", "ARE", "BHR", "DEU"])
#: Generic actor labels (actors_nouns.toml) that name no side of the war.
_FACELESS = frozenset(["Jihadists", "Militants", "Unidentified Armed Group", "Groups"])


def actor_class(actor: Actor | None) -> str:
    """Map an actor onto the FA-KES `actor` column's classes."""
    if actor is None or not actor.known:
        return "unknown"
    if actor.name == "Islamic State":
        return FAKES_CLASSES[1]
    if actor.name in ("Hayat Tahrir al-Sham", "al-Qaeda"):
        return FAKES_CLASSES[4]
    if actor.name in ("Syrian Democratic Forces", "YPG", "Kurdish forces"):
        return FAKES_CLASSES[5]
    if actor.country in ("SYR", "RUS", "IRN") and actor.kind in ("state_military", "government",
                                                                 "police", "militia"):
        return FAKES_CLASSES[0]
    if actor.name == "Hezbollah":
        return FAKES_CLASSES[0]
    if actor.name == "US-led coalition" or (actor.kind == "state_military"
                                           and actor.country in COALITION_COUNTRIES):
        return FAKES_CLASSES[2]
    if actor.kind in ("rebel", "jihadist") and actor.country in ("SYR", None) \
            and not _faceless(actor):
        return FAKES_CLASSES[3]
    return "unknown"


def _faceless(actor: Actor) -> bool:
    """A generic "Militants (Syria)": a noun-group label, not a named group."""
    return actor.name.split(" (")[0] in _faceless_labels()


@lru_cache(maxsize=1)
def _faceless_labels() -> frozenset[str]:
    from tocsin.extract.actors.data import tables

    labels = {group.label for group in tables().nouns.values()}
    return frozenset(labels & _FACELESS)
