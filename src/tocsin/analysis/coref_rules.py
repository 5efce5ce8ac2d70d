"""The compatibility tables coreference uses: precision tiers and type families.

Kept apart from `coref` so they can be read (and argued about) in one place.
"""
from __future__ import annotations

#: place precision -> tier; tiers 0-2 compare distances, tier 3 (country or
#: wider) needs the same country, sub-event type and known actor.
PLACE_TIERS = {"point": 0, "city": 0, "admin2": 1, "admin1": 2, "country": 3, "region": 3}
#: distance limits in km for place tiers 0, 1, 2.
PLACE_KM = (25.0, 60.0, 150.0)
STRONG_TIER = 3
#: date precision -> tier: day +-1 day, week +-7 days, same month, same year.
DATE_TIERS = {"day": 0, "week": 1, "month": 2, "year": 3}
#: tier of a missing place or date: such a mention never merges.
NO_TIER = 4

#: Sub-event types that reports of one event are often coded as.  A type may
#: sit in several families; two mentions match when they share one.
TYPE_FAMILIES: dict[str, frozenset[str]] = {
    "fighting": frozenset({
        "Armed clash", "Attack", "Government regains territory",
        "Non-state actor overtakes territory",
    }),
    "territory": frozenset({
        "Government regains territory", "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }),
    "remote": frozenset({
        "Air/drone strike", "Shelling/artillery/missile attack", "Chemical weapon",
        "Remote explosive/landmine/IED", "Grenade", "Suicide bomb",
    }),
    "bombing": frozenset({"Suicide bomb", "Remote explosive/landmine/IED", "Attack"}),
    "protest": frozenset({
        "Peaceful protest", "Protest with intervention", "Excessive force against protesters",
        "Violent demonstration",
    }),
    "riot": frozenset({"Violent demonstration", "Mob violence"}),
    "base": frozenset({"Headquarters or base established", "Change to group/activity"}),
}
#: Movement kinds that one move is often described as.
MOVEMENT_FAMILIES: dict[str, frozenset[str]] = {
    "forward": frozenset({"advance", "redeploy", "mobilize"}),
    "back": frozenset({"withdraw", "redeploy"}),
}


def _mask(value: str | None, families: dict[str, frozenset[str]]) -> int:
    if not value:
        return 0
    return sum(1 << bit for bit, members in enumerate(families.values()) if value in members)


def type_mask(sub_event_type: str | None) -> int:
    """Bit set of the type families a sub-event type belongs to."""
    return _mask(sub_event_type, TYPE_FAMILIES)


def movement_mask(kind: str | None) -> int:
    """Bit set of movement families; 0 for no movement."""
    return _mask(kind, MOVEMENT_FAMILIES)
