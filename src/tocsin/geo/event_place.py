"""Which of a sentence's places is where its event happened, and where a move
started and ended.

"Fighters from Idlib attacked a checkpoint near Raqqa, a London-based monitor
said": the event is near Raqqa; Idlib is an origin, London an attribution.
The scores below encode those cues: the preposition before a place, "-based"
after it, demonyms, reporting clauses, and closeness to the main verb.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from tocsin.geo import event_place_frame as frame
from tocsin.geo.recognize import acts_as_agent, addressed
from tocsin.models import Mention, Place

Pair = tuple[Mention, Place | None]

_AT_PREPS = frozenset({"in", "at", "near", "outside", "inside", "into", "across", "around",
                       "throughout", "within", "on", "over", "nearby", "besieged"})
_TOWARD_PREPS = frozenset({"to", "toward", "towards", "into", "on", "for", "reached", "entered"})
_FROM_PREPS = frozenset({"from", "out"})
#: "heading toward Baghdad": a direction, not yet a scene.
_HEADING_PREPS = frozenset({"toward", "towards"})
#: "captured Tikrit", "shelled Aleppo": the place is the verb's target, so the scene.
_SCENE_VERBS = frozenset({"capture", "seize", "storm", "attack", "shell", "overrun", "strike",
                          "bomb", "raid", "recapture", "retake", "besiege", "bombard", "target",
                          "enter", "overran", "captured", "seized", "stormed"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                         "southwest", "outskirts", "km", "kilometres", "kilometers", "miles",
                         "northern", "southern", "eastern", "western", "countryside"})
_COORDINATION = frozenset({"and", "or", ",", "&", "as", "well"})
_SETTLEMENTS = frozenset({"village", "town", "city", "suburb", "district", "neighbourhood",
                          "neighborhood", "hamlet", "camp", "centre", "center", "heart", "port"})
#: Nouns after a demonym that make it a place ("on Syrian territory", "the Turkish
#: border", "European capitals"); after any other noun a demonym only says whose
#: forces, drones or officials they are ("French drones", "Syrian troops").
_PLACE_NOUNS = frozenset({"territory", "territories", "soil", "border", "borders", "frontier",
                          "side", "capital", "capitals", "city", "cities", "town", "towns",
                          "village", "villages", "coast", "coastline", "waters", "airspace",
                          "province", "provinces", "region", "regions", "countryside", "mainland",
                          "desert", "mountains", "north", "south", "east", "west", "interior",
                          "heartland", "hinterland", "enclave", "port", "ports", "shore", "island",
                          "islands", "area", "areas", "land", "lands", "part", "parts"})
#: Nouns that follow a place without making it a modifier ('in Syria yesterday').
_TIME_NOUNS = frozenset({"yesterday", "today", "tonight", "overnight", "morning", "afternoon",
                         "evening", "night", "week", "month", "year", "weekend", "time", "times"})
#: 'Turkish-held', 'US-controlled': the hyphenated word still says where.
_HELD_WORDS = frozenset({"held", "controlled", "occupied", "administered", "run", "ruled"})
#: Offices and bodies a country's name qualifies, in any case ('U.S. President', 'UK Foreign').
_OFFICE_WORDS = frozenset({"president", "secretary", "senator", "ambassador", "envoy", "minister",
                           "foreign", "defense", "defence", "state", "army", "navy", "military",
                           "government", "administration", "congress", "officials", "official"})
_PRECISION_SCORE = {"point": 1.2, "city": 1.0, "admin2": 0.8, "admin1": 0.5, "region": 0.2,
                    "country": 0.0}


def places_in(span: Span, doc_places: Sequence[Pair]) -> list[tuple[Mention, Place]]:
    """The resolved places whose mention lies inside `span`, in text order."""
    inside = [(m, p) for m, p in doc_places
              if p is not None and span.start_char <= m.start and m.end <= span.end_char]
    return sorted(inside, key=lambda pair: pair[0].start)


def _tokens_of(span: Span, mention: Mention) -> Span | None:
    return span.doc.char_span(mention.start, mention.end, alignment_mode="expand")


def _word_before(tokens: Span, skip: int = 0) -> Token | None:
    i = tokens.start - 1 - skip
    return tokens.doc[i] if i >= 0 else None


def _is_relative_position(tokens: Span) -> bool:
    """'south of Mosul', '20 km outside Raqqa', 'the outskirts of Aleppo'."""
    before = _word_before(tokens)
    if before is None:
        return False
    if before.lower_ == "of":
        earlier = _word_before(tokens, 1)
        return earlier is not None and earlier.lower_ in _DIRECTIONS
    return before.lower_ in ("outside", "near")


def _locates_the_name_before(tokens: Span) -> bool:
    """'Tal Afar, west of Mosul', 'Hit, 150 km west of Baghdad': the city after the
    comma only says where the place named before it lies."""
    if not _is_relative_position(tokens):
        return False
    start = tokens.start - 1
    while start > tokens.sent.start and tokens.doc[start].lower_ != "," \
            and tokens.start - start <= 5:
        start -= 1
    previous = tokens.doc[start - 1] if start > tokens.sent.start else None
    return tokens.doc[start].lower_ == "," and previous is not None and previous.ent_type_ in (
        "GPE", "LOC", "FAC")


def _is_named_settlement(tokens: Span) -> bool:
    """'the village of Kafr Zita': as specific as a place in a sentence gets."""
    before, earlier = _word_before(tokens), _word_before(tokens, 1)
    return before is not None and before.lower_ == "of" and earlier is not None \
        and earlier.lower_ in _SETTLEMENTS


def _after_scene_verb(before: Token | None) -> bool:
    """'captured Tikrit': the word before is a verb of attack or capture.  Read from
    the words, not the parse, which often mislabels such verbs in long sentences."""
    return before is not None and (before.lemma_.lower() in _SCENE_VERBS
                                   or before.lower_ in _SCENE_VERBS)


def _is_based_modifier(tokens: Span) -> bool:
    doc = tokens.doc
    after = doc[tokens.end:tokens.end + 2]
    text = "".join(t.text_with_ws for t in after).lower()
    return text.startswith("-based") or text.startswith("- based") or text.startswith("based")


def _is_source(tokens: Span, speech: frame.SpeechFrame | None = None) -> bool:
    """'..., a Syrian monitor in London said' / 'according to officials in Baghdad'."""
    window = tokens.doc[max(tokens.start - 6, tokens.sent.start):tokens.start]
    return "according to" in window.text.lower() or frame.role(tokens, speech) == "source"


def _in_speech_frame(span: Span, mention: Mention, speech: frame.SpeechFrame | None = None) -> bool:
    """'told reporters in Baghdad that ...': where the speaking happened."""
    tokens = _tokens_of(span, mention)
    return tokens is not None and frame.role(tokens, speech) == "frame"


def attributive_demonym(tokens: Span, mention: Mention) -> bool:
    """'French drones', 'Syrian troops', 'the Iraqis': a demonym that says whose
    people or weapons they are, not where anything is.  Only before a place noun
    ('Syrian territory', 'the Syrian-Turkish border') does it name a place."""
    if mention.label != "NORP":
        return False
    doc = tokens.doc
    i = tokens.end
    for _ in range(4):          # 'Syrian-Turkish border', 'Iraqi and Syrian territory'
        if i >= len(doc):
            return True
        word = doc[i]
        if word.text in ("-", "–", "and", ",") or (word.text[:1].isupper() and word.pos_ != "NOUN"):
            i += 1
            continue
        return word.lower_ not in _PLACE_NOUNS
    return True


def attributive_country(tokens: Span, place: Place) -> bool:
    """'in US airstrikes', 'the US strikes': a country's name before a common noun
    that is no place says whose, not where.  Read from the words: the parse often
    takes 'in US airstrikes' as 'in US' followed by a clause."""
    doc = tokens.doc
    if place.precision != "country" or tokens.end >= len(doc):
        return False
    after = doc[tokens.end]
    if after.text in ("-", "–") and tokens.end + 1 < len(doc):      # 'US-led', 'US-backed'
        word = doc[tokens.end + 1]
        return word.is_lower and word.is_alpha and word.lower_ not in _HELD_WORDS
    if after.lower_ in _OFFICE_WORDS:                               # 'U.S. President Obama'
        return True
    return after.pos_ == "NOUN" and after.is_lower and after.lower_ not in _PLACE_NOUNS \
        and after.lower_ not in _TIME_NOUNS


#: Words that put a whole country on the map as a scene ('in Syria', 'into Turkey',
#: 'reached Iraq'); after any other word a country's name is an actor or an owner
#: ('Russia's Aerospace Forces carry out strikes', 'a US-Russian brokered truce',
#: 'said by telephone from Britain').  'from' and 'for' are left out: an origin or a
#: beneficiary is no scene.
_COUNTRY_SCENE_WORDS = _AT_PREPS | (_TOWARD_PREPS - {"for", "on"})
#: Words that may stand between such a word and the country ('in the north of',
#: 'in war-torn Syria', 'across northern Iraq').
_SCENE_FILLERS = _DIRECTIONS | frozenset({"the", "a", "much", "all", "of", "-", "–"})
#: After a capital's possessive, nouns that still say where ('Kabul's airport'); other
#: nouns make the capital its government ('Moscow's report', 'Washington's decision').
_CITY_PART_NOUNS = _PLACE_NOUNS | _SETTLEMENTS | frozenset({
    "suburbs", "outskirts", "airport", "streets", "street", "neighbourhoods", "neighborhoods",
    "districts", "quarter", "quarters", "old", "downtown", "centre", "center", "outskirt"})


def _country_not_placed(tokens: Span, place: Place) -> bool:
    """A country named with no word that places anything in it: the country acts
    or owns ('Russia's jets struck', 'US Missile Attack on Syrian Air Base'), so
    the caller's document focus is a better guess at the scene than its centroid."""
    if place.precision != "country":
        return False
    if addressed(tokens.root):          # 'called on Russia to stop': asked, not a scene
        return True
    if _is_relative_position(tokens) or _after_scene_verb(_word_before(tokens)):
        return False
    i = tokens.start - 1
    while i >= tokens.sent.start and tokens.start - i <= 4 and (
            tokens.doc[i].lower_ in _SCENE_FILLERS or tokens.doc[i].pos_ == "ADJ"):
        i -= 1
    return i < tokens.sent.start or tokens.doc[i].lower_ not in _COUNTRY_SCENE_WORDS


def _capital_as_government(tokens: Span, mention: Mention, place: Place) -> bool:
    """'disagreed with Moscow's report': a capital in the possessive, before a noun
    that is no part of a city, names its government."""
    if place.feature_code != "PPLC":
        return False
    doc = tokens.doc
    last = tokens[-1].text.rstrip("'’")
    # 'Moscow 's', 'Moscow's', or 'Moscows' where the text lost its apostrophe
    possessive = last.lower().endswith(("'s", "’s")) or (
        last.lower().endswith("s") and not mention.text.lower().endswith("s"))
    i = tokens.end
    if i < len(doc) and doc[i].text.lower() in ("'s", "’s", "'", "’"):
        possessive, i = True, i + 1
    if not possessive:
        return False
    for word in doc[i:i + 3]:
        if word.pos_ in ("NOUN", "PROPN"):
            return word.pos_ == "NOUN" and word.lower_ not in _CITY_PART_NOUNS
    return False


def names_an_actor(doc: Doc, mention: Mention, place: Place) -> bool:
    """'Russian jets', 'Iranian-backed militias', 'US airstrikes', 'Turkey shelled
    the town': a demonym or a country's name that says who acts, not where; such a
    name is no vote for where a document's story happens."""
    tokens = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if tokens is None:
        return False
    if mention.label == "NORP":
        return attributive_demonym(tokens, mention)
    return place.precision == "country" and (attributive_country(tokens, place)
                                             or acts_as_agent(tokens.root)
                                             or addressed(tokens.root))


def _based_in(tokens: Span) -> bool:
    """'the Observatory, based in Britain, said', 'a group based in the UK': where an
    organisation sits."""
    skip = 1 if (before := _word_before(tokens)) is not None and before.lower_ == "the" else 0
    before, earlier = _word_before(tokens, skip), _word_before(tokens, skip + 1)
    return before is not None and before.lower_ == "in" and earlier is not None \
        and earlier.lower_ == "based"


#: 'a group banned in Russia', 'outlawed in Turkey': where a law holds, not where
#: anything happened (the note some outlets add after every such group's name).
_BAN_WORDS = frozenset({"banned", "outlawed", "prohibited", "proscribed", "illegal"})


def _where_banned(tokens: Span) -> bool:
    before, earlier = _word_before(tokens), _word_before(tokens, 1)
    return before is not None and before.lower_ == "in" and earlier is not None \
        and earlier.lower_ in _BAN_WORDS


def _never_the_scene(span: Span, mention: Mention, place: Place) -> bool:
    """'a Britain-based monitor', 'the Islamic State of Iraq and the Levant': a
    place that only qualifies an organisation is not where the event happened;
    nor is the country of 'French drones', 'Syrian troops' or 'US airstrikes', a
    country no word places anything in, a capital that stands for its government,
    or where a group is banned."""
    if mention.label == "ORG":
        return True
    tokens = _tokens_of(span, mention)
    return tokens is not None and (_is_based_modifier(tokens) or _based_in(tokens)
                                   or _where_banned(tokens)
                                   or attributive_demonym(tokens, mention)
                                   or attributive_country(tokens, place)
                                   or _country_not_placed(tokens, place)
                                   or _capital_as_government(tokens, mention, place))


def _score(span: Span, mention: Mention, place: Place,
           speech: frame.SpeechFrame | None = None) -> float:
    tokens = _tokens_of(span, mention)
    score = _PRECISION_SCORE.get(place.precision, 0.5)
    if tokens is None:
        return score
    before = _word_before(tokens)
    word = before.lower_ if before is not None else ""
    if _locates_the_name_before(tokens):
        score -= 1.0
    elif word in _AT_PREPS or _is_relative_position(tokens) or _is_named_settlement(tokens) \
            or _after_scene_verb(before):
        score += 2.0
    elif word in _FROM_PREPS:
        score -= 2.5
    elif word in _HEADING_PREPS:
        score -= 1.0
    if _is_based_modifier(tokens):
        score -= 3.0
    if mention.label in ("NORP", "ORG"):    # "Syrian troops", "U.S. Army"
        score -= 1.5
    if _is_source(tokens, speech):
        score -= 1.5
    score -= 0.05 * abs(tokens.start - frame.event_anchor(span, speech).i)
    return score


def event_place(sentence: Span, doc_places: Sequence[Pair],
                speech: frame.SpeechFrame | None = None) -> Place | None:
    """The place where this sentence's event happened, or None when it names none.

    A place given relative to a city ("south of Mosul") is returned as that
    city with precision 'admin2', meaning "somewhere around it".
    """
    candidates = [(m, p) for m, p in places_in(sentence, doc_places) if not _never_the_scene(sentence, m, p)]
    # A place that only frames the speaking ("said in Damascus") is never the
    # scene: with nothing else named, the caller's document focus is a better guess.
    candidates = [(m, p) for m, p in candidates if not _in_speech_frame(sentence, m, speech)]
    if not candidates:
        return None
    mention, place = max(candidates, key=lambda pair: _score(sentence, pair[0], pair[1], speech))
    tokens = _tokens_of(sentence, mention)
    before = _word_before(tokens) if tokens is not None else None
    if tokens is not None and place.precision == "city" and _is_relative_position(tokens) \
            and before is not None and before.lower_ == "of":
        return dataclasses.replace(place, precision="admin2")
    return place


def _role(tokens: Span, previous_end: int, previous_role: str | None) -> str | None:
    """'origin', 'destination' or None, from the words since the previous place."""
    doc = tokens.doc
    between = [t.lower_ for t in doc[previous_end:tokens.start]]
    if between and all(w in _COORDINATION for w in between) and previous_role:
        return previous_role
    for word in reversed(between[-3:]):
        if word in _FROM_PREPS:
            return "origin"
        if word in _TOWARD_PREPS:
            return "destination"
    return None


def movement_places(span: Span, doc_places: Sequence[Pair]) -> tuple[tuple[Place, ...], Place | None]:
    """'moved from Idlib and Latakia toward Raqqa' -> ((Idlib, Latakia), Raqqa)."""
    origins: list[Place] = []
    destination: Place | None = None
    previous_end, role = span.start, None
    for mention, place in places_in(span, doc_places):
        tokens = _tokens_of(span, mention)
        if tokens is None or mention.label == "ORG" or attributive_demonym(tokens, mention):
            continue            # 'to avoid French drones', 'to the Russian Museum': no destination
        role = _role(tokens, previous_end, role)
        if role == "origin":
            origins.append(place)
        elif role == "destination" and destination is None:
            destination = place
        previous_end = tokens.end
    return tuple(origins), destination
