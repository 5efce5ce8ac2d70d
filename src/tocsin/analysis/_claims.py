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
from collections.abc import Callable

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
    r"|\b(?:offensives?|operations?|campaigns?|drives?|push|battles?|assaults?|attacks?|fight"
    r"|fighting|efforts?|plans?|aim(?:ed|s)?|aiming)\b(?:\W+\w+){0,4}?\W+(?:to|at|for)\W+"
    r"(?:\w+\W+){0,2}?" + _CAPTURE + r"\b"
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


# --- which place was taken -----------------------------------------------------------------

_TAKE_VERBS = frozenset("""captured capture captures capturing recaptured recapture recaptures
recapturing seized seize seizes seizing took take takes taking taken retook retake retakes
retaking retaken regained regain regains regaining overran overrun overruns overrunning stormed
storms storming liberated liberate liberates liberating reclaimed reclaims wrested entered
occupied won""".split())
_FALL_VERBS = frozenset("fell fallen falls".split())
#: verbs that only say the fighters went in: "ISIS militants entered the historic
#: city of Palmyra" is no takeover unless the sentence also says control was
#: taken ("entered and took control of", "entered ... and raised their flag")
_ENTRY_VERBS = frozenset("entered enter enters entering".split())
_CONTROL_WORD = re.compile(
    r"\b(?:control\w*|seiz\w*|captur\w*|took|taken|overr[au]n\w*|fell|fallen|flags?)\b",
    re.IGNORECASE)


def _takes(word: str, sentence: str) -> bool:
    """The word is a capture verb or noun here; an entry verb only counts when
    the same sentence has a control word (see `_ENTRY_VERBS`)."""
    lowered = word.lower()
    if lowered in _ENTRY_VERBS:
        return bool(_CONTROL_WORD.search(sentence))
    return lowered in _TAKE_VERBS or lowered in _TAKE_NOUNS
_TAKE_NOUNS = frozenset("capture seizure fall takeover liberation recapture loss".split())
#: words that may stand between a capture verb and the place it took
_CONNECTIVES = frozenset("""the a an full complete total control of over back town city village
villages hamlet towns cities districts neighbourhoods neighborhoods strategic key important nearby border northern southern eastern western central
north south east west northwestern northeastern southwestern southeastern entire whole most much
all remaining last besieged embattled ancient historic desert contested rebel held government
isis is isil daesh militant jihadist regime opposition kurdish two three several large city's
town's provincial regional capital district centre center heart downtown""".split())
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def place_taken(sentence: str, keys_of_place: frozenset[str], key: Callable[[str], str]) -> bool:
    """Does the sentence say the place itself was taken, not something at or near it?

    The place must be the object of a capture verb with only connective words
    between ("took control of the town of X", "captured X"), the subject of a
    fall or a passive capture ("X fell", "X was retaken"), or the object of a
    capture noun ("the fall of X").  "Seized the oilfield east of Homs",
    "retook villages in the countryside of Latakia" and "won back the
    hospital of Manbij" took something else.  `key` is the gazetteer key
    function and `keys_of_place` the keys of the place's names."""
    words = _WORD.findall(sentence)
    lower = [w.lower() for w in words]
    spans = [(i, n) for i in range(len(words)) for n in (4, 3, 2, 1)
             if i + n <= len(words) and words[i][0].isupper()
             and key(" ".join(words[i:i + n])) in keys_of_place]
    for start, length in spans:
        before = words[max(0, start - 12):start]
        for back, word in enumerate(reversed(before)):
            between = before[len(before) - back:]
            if word.lower() in _DIRECTIONS and between[:1] and between[0].lower() == "of":
                break               # "captured Base 17 west of Aleppo": somewhere else
            if _takes(word, sentence) and all(
                    _connective(w) or _listed(w) for w in between):
                return True
            if not (_connective(word) or _listed(word)):
                break
        after = lower[start + length:start + length + 4]
        if _inside_something(lower, start):
            continue                # "the headquarters inside Manbij was captured"
        if after and (after[0] in _FALL_VERBS or (
                after[0] in ("was", "were", "has", "had", "is") and any(
                    (w in _TAKE_VERBS and w not in _ENTRY_VERBS) or w in _FALL_VERBS
                    for w in after[1:3]))):
            return True
    return False


_NATIONALITY = re.compile(r"^[A-Z][a-z]+(?:i|ian|an|ish|ese)$")


def _connective(word: str) -> bool:
    """A word that leaves the place the object of the capture: 'the', 'town of',
    'strategic', a number or a nationality ('the Iraqi city of')."""
    return word.lower() in _CONNECTIVES or word.isdigit() or bool(_NATIONALITY.match(word))


_DIRECTIONS = frozenset("""north south east west northeast northwest southeast southwest
north-east north-west south-east south-west""".split())


def _listed(word: str) -> bool:
    """A word of a list of places before this one: "took the towns of Ariha,
    Saraqib and Taftanaz" took Taftanaz too (commas are not words here)."""
    return word.lower() in ("and", "or") or word[0].isupper()


_LOCATIVE = frozenset("in inside near at outside around into from across within on by off toward "
                      "towards behind beyond".split())
_PLACE_NOUNS = frozenset("town city village district province governorate area region "
                         "neighbourhood neighborhood".split())


def _inside_something(lower: list[str], start: int) -> bool:
    """The place follows a locative ("inside Manbij") or names where something
    else is ("the hospital of Manbij"), so it is not the subject itself."""
    if start == 0:
        return False
    previous = lower[start - 1]
    if previous in _LOCATIVE:
        return True
    return previous == "of" and (start < 2 or lower[start - 2] not in _PLACE_NOUNS)


#: "overran the ancient desert city", "entered the besieged town": a place taken
#: by description, named in an earlier sentence.  Not "the town of X" (a name
#: follows) nor "the city east of X" (somewhere else).
_DESCRIBED = re.compile(
    r"\b(?:captur\w*|recaptur\w*|seiz\w*|took|taken|retook|retaken|regain\w*|overr[au]n\w*"
    r"|storm\w*|liberat\w*|wrest\w*|(?:took|taken|tak(?:e|es|ing)|gain\w*|seiz\w*) (?:full |complete )?"
    r"control (?:of|over))"
    r"\s+the\s+(?:[a-z][\w-]*\s+){0,3}?(?:city|town|village|(?:provincial|regional|district) (?:capital|centre|center))\b(?!['’]s\b)"
    r"(?!\s+(?:of|called|named)\b(?!\s+(?:[A-Z][\w'’-]*\s+){1,3}(?:province|governorate|region|state)\b))"
    r"(?!,?\s+(?:(?:\w+\s+){1,2}of|(?:\w+\s+){0,2}(?:from|near|outside))\s+[A-Z])")


def description_taken(sentence: str) -> bool:
    """The sentence says a place described, not named, was taken ("overran
    the ancient desert city"), and no failure or captured objects are told."""
    return bool(_DESCRIBED.search(sentence)) and not not_a_takeover(sentence)


#: a named facility taken: "captured the Abu al-Duhur military air base",
#: "regained control of Kuweires airport", "stormed the Division 17 base"
_FACILITY_NOUN = (r"(?:air ?base|airbase|airport|air ?field|airfield|military base|army base|base"
                  r"|barracks|military academy|academy|oil ?field|gas ?field|oilfield|gasfield"
                  r"|refinery|dam|border crossing|crossing|prison)")
_FACILITY = re.compile(
    r"\b(?:[Cc]aptur\w*|[Rr]ecaptur\w*|[Ss]eiz\w*|[Tt]ook|[Tt]aken|[Rr]etook|[Rr]etaken|[Rr]egain\w*"
    r"|[Oo]verr[au]n\w*|[Ss]torm\w*|[Ll]iberat\w*|[Ww]rest\w*)"
    r"(?:\s+(?:full|complete|total|back))?(?:\s+control\s+(?:of|over))?\s+(?:the\s+)?"
    r"(?P<name>(?:(?:[A-Z][\w'’-]*|al-[A-Z][\w'’-]*|[0-9]+|al|el|of)\s+){1,5}?"
    r"(?:(?:military|army|government|regime|strategic|main)\s+){0,2}" + _FACILITY_NOUN + r")\b")


#: a base known by its number: "captured Base 46", "stormed the Brigade 80 base"
_NUMBERED_FACILITY = re.compile(
    r"\b(?:[Cc]aptur\w*|[Rr]ecaptur\w*|[Ss]eiz\w*|[Tt]ook|[Tt]aken|[Rr]etook|[Rr]etaken|[Rr]egain\w*"
    r"|[Oo]verr[au]n\w*|[Ss]torm\w*|[Ll]iberat\w*|[Ww]rest\w*)"
    r"(?:\s+(?:full|complete|total|back))?(?:\s+control\s+(?:of|over))?\s+(?:the\s+)?"
    r"(?P<name>(?:Base|Division|Brigade|Regiment|Battalion)\s+[0-9]+(?:\s+(?:base|barracks))?)\b")


def facility_taken(sentence: str) -> str:
    """The named facility the sentence says was taken ('Abu al-Duhur military
    air base'), or ''.  Its name must start with a capital: 'the base' alone
    is no name, and a failure or captured objects are no takeover."""
    if not_a_takeover(sentence):
        return ""
    found = _FACILITY.search(sentence) or _NUMBERED_FACILITY.search(sentence)
    if found is None:
        return ""
    name = found.group("name").strip()
    return name if name[0].isupper() and not name.startswith("The ") else ""


#: "took control of the village of al-Sabha": a named locality, which the
#: gazetteer may not know (the event is then placed at its district or region)
_LOCALITY_VERB = (r"\b(?:[Cc]aptur\w*|[Rr]ecaptur\w*|[Ss]eiz\w*|[Tt]ook|[Tt]aken|[Tt]aking|[Rr]etook"
                  r"|[Rr]etaken|[Rr]egain\w*|[Oo]verr[au]n\w*|[Ss]torm\w*|[Ll]iberat\w*|[Ww]rest\w*"
                  r"|[Ww]on back|[Ww]in(?:s|ning)? back)"
                  r"(?:\s+(?:full|complete|total|back))?(?:\s+control\s+(?:of|over))?\s+")
_LOCALITY_NAME = (r"(?:(?:al|el|ad|ar|as|at|az|an|ash|ath|Al|El)-)?[A-Z][\w'’-]*"
                  r"(?:\s+(?:(?:al|el|ad|ar|as|at|az|an|ash|ath)-)?[A-Z][\w'’-]*){0,3}")
_LOCALITY = re.compile(
    _LOCALITY_VERB + r"the\s+"
    r"(?:(?:strategic|key|nearby|northern|southern|eastern|western|central|rebel-held"
    r"|government-held|besieged|two|three|four|several)\s+)?"
    r"(?P<noun>towns?|villages?|city|neighbou?rhoods?|district|hills?|suburbs?|area)\s+of\s+"
    # "the villages of Zaytan and Khalasa": a list names them all
    r"(?P<name>" + _LOCALITY_NAME + r"(?:(?:\s*,\s*|\s*,?\s+and\s+)" + _LOCALITY_NAME + r")*)")
#: "seized control of Ain Daqneh town", "retook the al-Qaryatain city"
_LOCALITY_AFTER = re.compile(
    _LOCALITY_VERB + r"(?:the\s+)?(?P<name>" + _LOCALITY_NAME + r")\s+(?P<noun>town|village|city)\b")


def locality_taken(sentence: str) -> tuple[str, str]:
    """(noun, name) of the one named locality the sentence says was taken
    ('village', 'al-Sabha'), or ('', '')."""
    if not_a_takeover(sentence):
        return "", ""
    found = _LOCALITY.search(sentence) or _LOCALITY_AFTER.search(sentence)
    if found is None:
        return "", ""
    return found.group("noun"), found.group("name")


#: a move that is planned, agreed or expected, not made: "a deal ... will see rebels
#: evacuated to Idlib", "troops are due to withdraw", "plans to redeploy"
_PLANNED_MOVE = re.compile(
    r"\b(?:will|would|shall|plans?|planned|planning|expected|set|due|agreed|agrees?|deal"
    r"|intends?|intended|ready|prepared|preparing)\b(?:\W+\w+){0,4}?\W+(?:be\W+)?"
    r"(?:withdraw\w*|pull(?:ed|ing|s)?\W+(?:out|back)|evacuat\w*|mov(?:e|ed|es|ing)|redeploy\w*"
    r"|leav(?:e|es|ing)|advanc\w*|head(?:ed|ing|s)?|transferr?\w*|relocat\w*|sen[dt]\w*)\b",
    re.IGNORECASE)


def planned_move(sentence: str) -> bool:
    """True when the sentence's move is planned, agreed or expected rather than made."""
    return bool(_PLANNED_MOVE.search(sentence))

