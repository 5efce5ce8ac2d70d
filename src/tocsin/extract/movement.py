"""Movement cues: an armed actor withdraws, advances, redeploys or mobilises.

`detect(text)` reads one sentence (plain text, or a spaCy Span) and returns a
`MovementCue` naming the kind of movement, the trigger word, the places it
leaves and heads for (as written), and the actor when it can be read.  Places
are proper names found after movement prepositions ("out of Idlib and
Latakia", "toward Raqqa"); geocoding them is the geo stage's job.  Negation
and hedging are deliberately ignored: epistemic status is decided elsewhere.

In ACLED terms a movement is a Strategic development / Change to group/activity
(Headquarters or base established when a base moves); in PLOVER it is MOBILIZE,
or RETREAT for a withdrawal (see `plover_category`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from tocsin import vocabulary

KINDS = ("withdraw", "advance", "redeploy", "mobilize")

_KIND_CLASSES = {"withdraw": "withdrawal", "advance": "advance", "redeploy": "redeployment",
                 "mobilize": "mobilisation"}
#: a capitalised place name next: "left Azaz", "quit the town of Atarib".
#: Also a descriptive phrase ending in a place noun: "left the two northern
#: provinces of Kunduz and Baghlan".
_PLACE_NOUN = (r"(?:towns?|city|cities|villages?|areas?|provinces?|districts?|regions?|states?"
               r"|territor(?:y|ies)|governorates?|countryside|outskirts|strongholds?|bases?)")
_BEFORE_PLACE = (r"(?=\s+(?:(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}?" + _PLACE_NOUN
                 + r"\s+(?:of\s+|in\s+|around\s+)?)?(?-i:[A-Z]))")


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


def _trigger_pattern(class_name: str) -> re.Pattern[str]:
    """Movement triggers of one vocabulary class: its verbs (those that need a
    particle only with it: "pulled its fighters out"), and its nouns."""
    word_class = vocabulary.word_class(class_name)
    parts = []
    for lemma in sorted(word_class.lemmas):
        forms = _alternation(vocabulary.forms_of(lemma))
        if lemma in word_class.particles:
            reach = word_class.reach.get(lemma, 0)
            parts.append(rf"(?:{forms})\s+(?:[\w'’-]+\s+){{0,{reach}}}?"
                         rf"(?:{_alternation(word_class.particles[lemma])})")
        elif lemma in word_class.before_place:
            parts.append(rf"(?:{forms}){_BEFORE_PLACE}")
        else:
            parts.append(rf"(?:{forms})")
    if word_class.words:
        parts.append(_alternation(word_class.words))
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b", re.IGNORECASE)


_TRIGGERS = {kind: _trigger_pattern(name) for kind, name in _KIND_CLASSES.items()}

#: A proper name: capitalised words, allowing Arabic-style particles (al-, ad-).
_PARTICLE = r"(?:al|el|ad|ar|as|ash|at|az|an|ez|es|ed|ul|ud|ibn|bin|de|del|la|le)[- ]"
_NAME = rf"(?:{_PARTICLE})?[A-Z][\w'’]*(?:[- ](?:{_PARTICLE})?[A-Z][\w'’]*)*"
_FEATURE = (r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central)\s+)?"
            r"(?:(?:town|city|village|province|district|region|area|outskirts|suburbs?|port|base"
            r"|governorate|countryside|border|airport|villages|towns|cities|areas)\s+(?:of\s+)?)?")
_NAME_LIST = rf"{_FEATURE}{_NAME}(?:\s*(?:,|and|,\s*and)\s+{_FEATURE}{_NAME})*"
_DIRECTION = r"(?:(?:north|south|east|west|northeast|northwest|southeast|southwest)(?:wards?)?\s+)?"
_ORIGIN = re.compile(rf"\b(?:from|out\s+of|(?<=withdrew )|(?<=retreated )|(?<=evacuated )"
                     rf"|(?<=abandoned )|(?<=fled )|(?<=left )|(?<=quit ))\s*({_NAME_LIST})")
#: "for" only after a verb of setting off: "Observatory for Human Rights" is no destination.
_DESTINATION = re.compile(rf"\b{_DIRECTION}(?:to|toward|towards|into|on|onto|(?<=arrived )in"
                          rf"|(?<=arrived )at|(?<=headed )for|(?<=heading )for|(?<=left )for)"
                          rf"\s+({_NAME_LIST})")
_SPLIT = re.compile(r"\s*(?:,\s*and|,|\band\b)\s*")
_FEATURE_PREFIX = re.compile(_FEATURE)
_NOT_PLACES = frozenset({
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "The", "A", "An", "He", "She", "They",
})
_ACTOR_STOP = re.compile(r"(?:^|[,;:]|\bthat\b|\bsaid\b|\band\b|\bafter\b|\bwhen\b|\bas\b)\s*", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:on|last|this|early|late|overnight)\s+\w+\s+|then\s+|also\s+)+", re.IGNORECASE)
_MOVED_THINGS = re.compile(r"\b(?:troops|forces|fighters|soldiers|units|headquarters|base|command"
                           r"|militants|men|members|columns|convoys?|brigades?|battalions?|reinforcements|them|tanks"
                           r"|vehicles|pick-?ups|gun\s+trucks)\b",
                           re.IGNORECASE)
#: verbs that civilians do as often as armed men: they need an armed subject.
_FLIGHT = re.compile(r"fled|fleeing|evacuat|gather|rall", re.IGNORECASE)
_ARMED = re.compile(r"\b(?:troops|forces|fighters|soldiers|units|militants|rebels|insurgents|jihadists"
                    r"|army|police|policemen|militias?|militiamen|gunmen|commanders?|guards|officers"
                    r"|peshmerga|ISIS|ISIL|IS|Daesh|Taliban|Shabaab|the group|columns?|convoys?"
                    r"|brigades?|battalions?|garrison|attackers|peacekeepers|contingent)\b", re.IGNORECASE)
#: the few men of one attack or crime: their flight is a getaway, not a unit's move
_PERPETRATORS = re.compile(r"\b(?:gunm[ae]n|attackers?|assailants?|kidnappers?|abductors?|suspects?"
                           r"|(?:suicide\s+)?bombers?|perpetrators?|robbers?|thieves|thief|smugglers?"
                           r"|culprits?|killers?|hijackers?|inmates?|prisoners?|detainees?|escapees?"
                           r"|convicts?|hostage[- ]takers?)\b", re.IGNORECASE)
#: how a getaway is told: "fled the scene", "escaped", "sped off in a car"
_GETAWAY = re.compile(
    r"\b(?:fled|flee(?:s|ing)?|escap(?:e|ed|es|ing)|sped|made|got|drove|rode)\b(?:\W+\w+){0,3}?\W+"
    r"(?:the\s+scene|off|away|on\s+foot|(?:in|aboard)\s+(?:a|an|their|two|several)\s+(?:\w+\s+)?"
    r"(?:car|vehicle|pick-?up|van|taxi|truck)s?|on\s+(?:a\s+|their\s+)?motorcycles?|on\s+motorbikes?)\b"
    r"|\bgetaway\b|\bescap(?:ed|ing)\b",
    re.IGNORECASE)
#: the verbs of an armed unit's own moves, whoever its men are called
_MILITARY_MOVE = re.compile(r"withdr|retreat|pull|redeploy|deploy|reposition|mobili|regroup",
                            re.IGNORECASE)
_RELATIVE = re.compile(r"\s+(?:who|which|whose)\s+", re.IGNORECASE)
#: "fall back on" is to rely on, whatever it is said of
_RELY_ON = re.compile(r"f[ae]ll\w*\s+back\s+(?:on|upon)\b", re.IGNORECASE)
_LEADING_LOWER = re.compile(r"^(?:(?:at|near|in|of|the|a|an|around|outside)\s+)+")
_BASE_MOVE = re.compile(r"\b(?:headquarters|base|command cent(?:er|re)|HQ)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class MovementCue:
    kind: str                               # one of KINDS
    trigger: tuple[int, int]                # offsets of the trigger word in the text
    origin_texts: tuple[str, ...] = ()
    destination_texts: tuple[str, ...] = ()
    actor_text: str | None = None
    #: True when a headquarters or base is what moved (ACLED: base established).
    moves_base: bool = False


def plover_category(cue: MovementCue) -> str:
    """PLOVER category of a movement: a withdrawal is RETREAT, the rest MOBILIZE."""
    return "RETREAT" if cue.kind == "withdraw" else "MOBILIZE"


def acled_sub_event_type(cue: MovementCue) -> str:
    return "Headquarters or base established" if cue.moves_base else "Change to group/activity"


def detect(sentence: Any) -> MovementCue | None:
    """Movement cue in a sentence (str or spaCy Span/Doc); None when there is none."""
    text = sentence if isinstance(sentence, str) else getattr(sentence, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"detect expects a str or spaCy Span, got {type(sentence).__name__}")
    hits = {kind: pattern.search(text) for kind, pattern in _TRIGGERS.items()}
    found = {kind: match for kind, match in hits.items() if match is not None}
    for kind in ("withdraw", "mobilize"):
        if kind in found and _is_civilian_flight(sentence, text, found[kind]):
            del found[kind]
    if "withdraw" in found and _RELY_ON.match(text, found["withdraw"].start()):
        del found["withdraw"]       # "falling back on the east": relying on it
    if found and _is_getaway(sentence, text, min(found.values(), key=lambda m: m.start())):
        return None
    if not found:
        return None
    origins = _places(_ORIGIN, text) or _capital(_FROM_CAPITAL, text)
    destinations = _places(_DESTINATION, text, exclude=origins) or _capital(_TO_CAPITAL, text)
    chosen = _kind(found, text, origins, destinations)
    if chosen is None:
        return None
    kind = chosen
    trigger = found[kind]
    if kind == "redeploy":  # "pulled out of A and sent them to B": the first verb leads
        trigger = min(found.values(), key=lambda m: m.start())
    actor = _actor_from_span(sentence, trigger.start()) or _actor_before(text, trigger.start())
    word_end = trigger.start() + len(trigger.group(0).split()[0])
    return MovementCue(kind, (trigger.start(), word_end), origins, destinations, actor,
                       bool(_BASE_MOVE.search(text)) and kind == "redeploy")


def _kind(found: dict[str, re.Match[str]], text: str, origins: tuple[str, ...],
          destinations: tuple[str, ...]) -> str | None:
    if "withdraw" in found and "redeploy" in found and destinations:
        return "redeploy"      # pulled out of A and sent them to B
    if "redeploy" in found and _MOVED_THINGS.search(text) and (origins or destinations):
        if origins and destinations or _is_explicit_redeploy(found["redeploy"]):
            return "redeploy"
    if "mobilize" in found:
        return "mobilize"
    if "withdraw" in found:
        return "withdraw"
    if "advance" in found:
        return "advance"
    if "redeploy" in found and _MOVED_THINGS.search(text) and destinations:
        return "redeploy"      # sent reinforcements to B
    return None


def _is_civilian_flight(sentence: Any, text: str, trigger: re.Match[str]) -> bool:
    """"Families fled", "supporters gathered": civilians, not an armed actor moving."""
    if not _FLIGHT.match(trigger.group(0)):
        return False
    actor = _actor_from_span(sentence, trigger.start()) or _actor_before(text, trigger.start()) or ""
    return not _ARMED.search(actor)


def _is_getaway(sentence: Any, text: str, trigger: re.Match[str]) -> bool:
    """"The gunmen fled toward Daraa", "the attackers escaped in a car to the
    border": the men of one attack getting away, or a flight told as an escape,
    is not an armed unit withdrawing, advancing or redeploying."""
    if _GETAWAY.search(text):
        return True
    if _MILITARY_MOVE.match(trigger.group(0)):
        return False        # "the attackers had withdrawn toward the desert": a withdrawal
    actor = _actor_from_span(sentence, trigger.start()) or _actor_before(text, trigger.start()) or ""
    return bool(_PERPETRATORS.search(actor))


def _is_explicit_redeploy(match: re.Match[str]) -> bool:
    return match.group(0).lower().startswith(("redeploy", "relocat", "transfer", "shift"))


#: the country's capital, named by its title: "moving ... toward the capital"
CAPITAL = "the capital"
_TO_CAPITAL = re.compile(r"\b(?:to|toward|towards|into|on)\s+the\s+(?:country's\s+|national\s+)?capital\b",
                         re.I)
_FROM_CAPITAL = re.compile(r"\b(?:from|out\s+of)\s+the\s+(?:country's\s+)?capital\b", re.I)


def _capital(pattern: re.Pattern[str], text: str) -> tuple[str, ...]:
    return (CAPITAL,) if pattern.search(text) else ()


def _places(pattern: re.Pattern[str], text: str, exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    names: list[str] = []
    for match in pattern.finditer(text):
        for part in _SPLIT.split(match.group(1)):
            name = _FEATURE_PREFIX.sub("", part, count=1).strip() if _FEATURE_PREFIX.match(part) else part
            name = _LEADING_LOWER.sub("", name.strip())
            if name and name not in _NOT_PLACES and name not in exclude and name not in names:
                names.append(name)
    return tuple(names)


def _actor_before(text: str, trigger_start: int) -> str | None:
    """The words just before the trigger, back to a clause boundary."""
    head = text[:trigger_start].rstrip()
    boundary = 0
    for match in _ACTOR_STOP.finditer(head):
        if match.end() < len(head):
            boundary = match.end()
    actor = _LEADING.sub("", _RELATIVE.split(head[boundary:], maxsplit=1)[0].strip())
    actor = re.sub(r"\s+(?:have|has|had|were|was|is|are|reportedly|also|then|had been)$", "", actor)
    words = actor.split()
    if not words or len(words) > 8:
        return " ".join(words[-4:]) or None
    return actor


def _actor_from_span(sentence: Any, trigger_start: int) -> str | None:
    """With a parsed spaCy Span, use the grammatical subject of the trigger verb."""
    tokens = getattr(sentence, "__iter__", None)
    if isinstance(sentence, str) or tokens is None:
        return None
    offset = getattr(sentence, "start_char", 0)
    for token in sentence:
        if token.idx - offset == trigger_start:
            for child in token.children:
                if child.dep_ in ("nsubj", "nsubjpass"):
                    return " ".join(t.text for t in child.subtree)
    return None


# --- where a movement starts and ends, from the sentence frame -------------

#: verbs whose object is the place left ("abandoned their checkpoints around Saraqeb").
_LEAVES_OBJECT = frozenset(["abandon", "evacuate", "leave", "quit", "vacate", "flee", "depart"])
#: verbs whose object is the place reached.
_REACHES_OBJECT = frozenset(["approach", "enter", "reach"])
_TO = frozenset(["to", "toward", "towards", "into", "onto"])
#: where the things left were: "abandoned their camps in A", "left their positions around B"
_LEFT_AT = frozenset(["in", "around", "near", "outside", "inside"])
#: "for" and "on" end a movement only after these: "headed for Raqqa", "marched on Mosul".
_FOR = frozenset(["head", "leave", "depart", "set"])
_ON = frozenset(["advance", "march", "move", "close", "converge", "push"])
#: "in" and "at" end a movement after these: "arrived in Raqqa", "redeployed them in Raqqa"
_AT = frozenset(["arrive", "redeploy", "deploy", "station", "reposition", "regroup"])


@dataclass(frozen=True, slots=True)
class MovementEnds:
    """The phrases a movement leaves and heads for (doc token spans), as the
    parse says: "out of the two provinces of Idlib and Latakia" is one origin
    phrase naming two places; the caller finds the places inside."""

    origins: tuple[Any, ...]
    destinations: tuple[Any, ...]


def ends(predicates: Iterable[Any]) -> MovementEnds:
    """Origin and destination phrases of movement predicates (`frame.Predicate`):
    the objects of from / out of, to / toward / into (for, on, in after the
    verbs that take them), and the object of a verb of leaving or reaching."""
    origins: list[Any] = []
    destinations: list[Any] = []
    for predicate in predicates:
        head = predicate.head
        lemma = head.lemma_.lower() or vocabulary.lemma_of(head.lower_) or head.lower_
        for child in head.children:
            if child.dep_ == "prep":
                _prepositional(child, lemma, origins, destinations)
            elif child.dep_ in ("prt", "advmod") and child.lower_ in ("out", "away", "back"):
                for prep in (c for c in child.children if c.dep_ == "prep"):
                    if prep.lower_ in ("of", "from"):
                        origins.extend(_objects(prep))
            elif child.dep_ == "dobj":
                if lemma in _LEAVES_OBJECT:
                    origins.append(_subtree(child))
                elif lemma in _REACHES_OBJECT:
                    destinations.append(_subtree(child))
                for prep in (c for c in child.children if c.dep_ == "prep"):
                    if prep.lower_ in ("from",) or (prep.lower_ == "of" and _after_out(prep)):
                        origins.extend(_objects(prep))
                    elif prep.lower_ in _TO:
                        destinations.extend(_objects(prep))
    return MovementEnds(tuple(origins), tuple(destinations))


def _prepositional(prep: Any, lemma: str, origins: list[Any], destinations: list[Any]) -> None:
    word = prep.lower_
    if word == "from" or (word == "of" and _after_out(prep)):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            _origin_and_onward(pobj, origins, destinations)
    elif word in _LEFT_AT and lemma in _LEAVES_OBJECT:     # "abandoned their bases in A and B"
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            _origin_and_onward(pobj, origins, destinations)
    elif word in _TO or (word == "for" and lemma in _FOR) or (word == "on" and lemma in _ON) \
            or (word in ("in", "at") and lemma in _AT):
        destinations.extend(_objects(prep))
    elif word == "out":                 # "out" parsed as a preposition governing "of X"
        for inner in (c for c in prep.children if c.dep_ == "prep" and c.lower_ == "of"):
            origins.extend(_objects(inner))


def _origin_and_onward(pobj: Any, origins: list[Any], destinations: list[Any]) -> None:
    """"from the Cite Soleil area towards Cabaret": the parser often hangs the
    destination on the origin's noun; what follows a to-preposition there is where
    the move heads, not part of where it started."""
    onward = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ in _TO
                   and c.i > pobj.i), None)
    # "leaving Idlib in long convoys heading east toward Raqqa": the participle
    # that describes the noun says where it heads
    heading = next((c for c in pobj.children if c.dep_ in ("acl", "relcl") and c.i > pobj.i), None)
    if onward is None and heading is not None:
        onward = next((c for c in heading.children if c.dep_ == "prep" and c.lower_ in _TO), None)
        if onward is not None:
            origins.append(pobj.doc[pobj.left_edge.i:heading.i])
            destinations.extend(_objects(onward))
            return
    if onward is None:
        origins.append(_subtree(pobj))
        return
    origins.append(pobj.doc[pobj.left_edge.i:onward.i])
    destinations.extend(_objects(onward))


def _after_out(prep: Any) -> bool:
    i = prep.i
    return i > 0 and prep.doc[i - 1].lower_ in ("out", "away")


def _objects(prep: Any) -> list[Any]:
    return [_subtree(c) for c in prep.children if c.dep_ == "pobj"]


def _subtree(token: Any) -> Any:
    return token.doc[token.left_edge.i:token.right_edge.i + 1]
