"""Mapping actors onto the FA-KES `actor` column's seven classes."""
from __future__ import annotations

from tocsin.models import Actor

#: FA-KES `actor` classes, in the order they are tried.
FAKES_CLASSES = ("syrian government or russian troops",
                 "the organization of the islamic state in iraq and the levant - isis",
                 "international coalition forces", "armed opposition groups", "al-nusra front",
                 "self administration forces", "unknown")


def actor_class(actor: Actor | None) -> str:
    """Map an actor onto the FA-KES `actor` column's classes."""
    if actor is None or not actor.known:
        return "unknown"
    if actor.name == "Islamic State":
        return FAKES_CLASSES[1]
    if actor.name == "Hayat Tahrir al-Sham":
        return FAKES_CLASSES[4]
    if actor.name in ("Syrian Democratic Forces", "YPG", "Kurdish forces"):
        return FAKES_CLASSES[5]
    if actor.country in ("SYR", "RUS", "IRN") and actor.kind in ("state_military", "government",
                                                                 "police", "militia"):
        return FAKES_CLASSES[0]
    if actor.name == "Hezbollah":
        return FAKES_CLASSES[0]
    if actor.name == "US-led coalition" or (actor.kind == "state_military" and actor.country
                                           in ("USA", "GBR", "FRA", "AUS", "JOR", "CAN", "NLD")):
        return FAKES_CLASSES[2]
    if actor.kind in ("rebel", "jihadist") and actor.country in ("SYR", None):
        return FAKES_CLASSES[3]
    return "unknown"
