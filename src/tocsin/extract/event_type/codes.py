"""The event codes: 25 ACLED sub-event types, five CASE 2021 extras, and NONE.

Codes are spelled as in CASE 2021 Task 2 (AIR_STRIKE, ARMED_CLASH, ...);
`data/event_taxonomy.tsv` maps each to its ACLED event type, ACLED sub-event
type and default PLOVER category.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Mapping

#: The training label of a sentence that reports no event at all.
NO_EVENT = "NONE"
#: ACLED event_type used for the five non-ACLED CASE classes.
NOT_ACLED = "None"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    code: str
    event_type: str
    sub_event_type: str
    plover: str | None


class TaxonomyError(ValueError):
    """The taxonomy data file is malformed."""


def parse_taxonomy(lines: list[str], source: str) -> dict[str, CodeInfo]:
    codes: dict[str, CodeInfo] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4:
            raise TaxonomyError(f"{source}:{number}: expected 4 tab-separated fields")
        code, event_type, sub_type, plover = fields
        codes[code] = CodeInfo(code, event_type, sub_type, None if plover == "-" else plover)
    return codes


@lru_cache(maxsize=1)
def taxonomy() -> Mapping[str, CodeInfo]:
    """The 30 codes (25 ACLED + 5 CASE extras) with their ACLED/PLOVER names."""
    name = "event_taxonomy.tsv"
    text = resources.files("tocsin.data").joinpath(name).read_text("utf-8")
    return parse_taxonomy(text.splitlines(), name)


ACLED_CODES = frozenset({
    "ARMED_CLASH", "GOV_REGAINS_TERIT", "NON_STATE_ACTOR_OVERTAKES_TER", "CHEM_WEAP",
    "AIR_STRIKE", "SUIC_BOMB", "ART_MISS_ATTACK", "REM_EXPLOS", "GRENADE", "SEX_VIOL",
    "ATTACK", "ABDUCT_DISSAP", "PEACE_PROTEST", "PROTEST_WITH_INTER",
    "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR", "MOB_VIOL", "AGREEMENT", "ARREST",
    "CHANGE_TO_GROUP_ACT", "DISR_WEAP", "HQ_ESTABLISHED", "PROPERTY_DISTRUCT",
    "NON_VIOL_TERRIT_TRANSFER", "OTHER",
})

#: The model's summed belief in some political-violence event (every ACLED code
#: together) at or above which a sentence is an event even when its best code alone
#: stays under the event threshold: "Al-Shabaab said its fighters killed 12 soldiers"
#: is 0.44 an armed clash and 0.42 an attack.  Nine in ten was fixed beforehand, not
#: tuned; in the shipped model's CV it finds 51 of the 212 events the threshold
#: missed for 3 more false alarms (docs/accuracy_notes.md, session 13).
SURE_OF_AN_EVENT = 0.9

#: The protest family, whose confusions cost the most (scored separately).
PROTEST_FAMILY = ("PEACE_PROTEST", "PROTEST_WITH_INTER", "FORCE_AGAINST_PROTEST", "VIOL_DEMONSTR")


def code_for_sub_event_type(sub_event_type: str) -> str | None:
    """The code of an ACLED sub-event type name ("Air/drone strike" -> AIR_STRIKE)."""
    wanted = _fold(sub_event_type)
    for info in taxonomy().values():
        if info.code in ACLED_CODES and _fold(info.sub_event_type) == wanted:
            return info.code
    return None


def _fold(name: str) -> str:
    return " ".join(name.lower().replace("-", " ").split())
