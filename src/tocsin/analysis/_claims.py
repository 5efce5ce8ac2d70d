"""What a territorial sentence does not say: that ground changed hands.

The extractors decide that a sentence is about control of territory and give
it a status (a negated or denied capture never feeds an alert).  Two readings
still slip through and would make false takeover alerts, so the territory
rule checks the evidence sentence for them:

- a failed or attempted takeover: "militias were unable to complete the
  encirclement", "repelled an attempt to storm the airbase", "in a bid to
  capture";
- a capture of things or people, not ground: "captured gas masks and
  ammunition", "seized three tanks", "captured two soldiers".

Both are cues read near the capture verb, so "seized the town and its
weapons depots" stays a takeover.
"""
from __future__ import annotations

import re

TERRITORY_TYPES = frozenset({
    "Non-state actor overtakes territory", "Government regains territory",
    "Non-violent transfer of territory",
})

_CAPTURE = (r"(?:captur\w*|recaptur\w*|seiz\w*|took|tak(?:e|es|en|ing)|retook|retak\w*|regain\w*"
            r"|storm\w*|overr[au]n\w*|control\w*|liberat\w*|encircl\w*|enter\w*|advance\w*)")
#: a failure or an attempt governing the capture, or a defence against one
_ATTEMPT = re.compile(
    r"\b(?:fail(?:ed|s|ing)?|unable|attempt(?:ed|s|ing)?|tr(?:y|ied|ies|ying)|bids?|sought|seek(?:s|ing)?"
    r"|aim(?:ed|s|ing)?|struggl\w+|effort|push(?:ed)? to)\b(?:\W+\w+){0,4}?\W+(?:to\W+)?"
    + _CAPTURE + r"\b"
    r"|\b(?:repel\w*|repuls\w*|thwart\w*|foil\w*|beat back|beaten back|fought off|fend\w* off"
    r"|pushed back|drove back|driven back|halted|stopp?ed|prevent\w*)\b",
    re.IGNORECASE)
#: what is captured when no ground is: equipment, weapons, vehicles, people
_OBJECTS = (r"(?:weapons?|arms|ammunition|munitions|equipment|gear|masks?|rifles?|guns?|missiles?"
            r"|rockets?|mortars?|shells|explosives|bombs?|tanks?|vehicles?|trucks?|cars?|pick-?ups?"
            r"|armou?red|humvees?|aircraft|planes?|helicopters?|drones?|documents|supplies|food|fuel"
            r"|money|cash|oil|soldiers?|fighters?|militants?|rebels?|troops|officers?|members?|men"
            r"|prisoners?|hostages?|people|civilians|women|children|commanders?|leaders?|suspects?"
            r"|journalists?|pilots?|crew|dozens|scores|hundreds)")
_OBJECT_CAPTURE = re.compile(
    r"\b(?:captur\w*|seiz\w*|confiscat\w*|took|tak(?:en|ing)|recaptur\w*|gained|acquired|looted|stole)"
    r"(?:\s+[a-z][\w-]*){0,3}?\s+" + _OBJECTS + r"\b",
    re.IGNORECASE)
_GROUND = re.compile(
    r"\b(?:[Cc]aptur\w*|[Ss]eiz\w*|[Tt]ook|[Tt]ak(?:en|ing)|[Rr]ecaptur\w*|[Rr]etook|[Rr]egain\w*"
    r"|[Oo]verr[au]n\w*|[Ss]torm\w*|[Ll]iberat\w*)"
    r"(?:\s+(?:the|a|an|full|complete|total|of|over|most|much|all|parts?|large|key|strategic"
    r"|northern|southern|eastern|western|central|nearby|rebel-held|government-held|two|three|several))*"
    r"\s+(?:control|town|city|village|villages|district|area|region|neighbou?rhood|airport|air ?base"
    r"|base|hills?|checkpoints?|positions?|territory|ground|crossing|border|dam|field|oilfield"
    r"|refinery|prison|barracks|headquarters|outskirts|suburbs?|quarter|[A-Z][\w'-]+)\b")


def not_a_takeover(sentence: str) -> bool:
    """True when the sentence tells of a failed or attempted takeover, or of
    captured things or people rather than ground (see the module docstring)."""
    if _ATTEMPT.search(sentence):
        return True
    if _OBJECT_CAPTURE.search(sentence):
        return not _GROUND.search(sentence)
    return False
