"""Place names are where things happen, not who does them.

`drop_places` removes from a sentence's actor candidates the toponyms the
geocoder resolved ("ar-Raqqah", "Nineveh province", "the town of Atarib"),
place phrases built on a country ("Syria's north-west", "the Turkish
border") and countries used as locations ("in Syria", "into Turkey").

Two metonymies stay actors: a country acting ("Turkey shelled the border
villages") and a capital city as the subject of a verb, standing for its
government ("Damascus said", "Baghdad sent troops").  A capital anywhere
else ("the assault on Damascus") is only a place.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tocsin.extract.actors.resolver import COUNTRY, NAMED
from tocsin.extract.actors.data import strip_article, tables, words
from tocsin.models import Actor, Mention

Found = list[tuple[Actor, Mention]]

#: where a country is only the scene: "in Syria", "across Iraq".  Not "to",
#: "into", "of", "against": "arms to Pakistan", "the invasion of Lebanon".
_SCENE = frozenset("""in near inside within throughout across around""".split())
#: where an unknown name is a place: "from al-Bab", "toward Jarablus".
_LOCATIVE = _SCENE | frozenset("""at from outside into through along to toward towards""".split())
_PLACE_ENTITIES = frozenset(["GPE", "LOC", "FAC"])
_PLACE_NOUNS = frozenset("""town towns city cities village villages province provinces district
districts countryside outskirts neighbourhood neighborhood neighbourhoods neighborhoods area areas
region suburb suburbs governorate capital municipality camp crossing""".split())
_PLACE_HEADS = _PLACE_NOUNS | frozenset("""border borders frontier coast territory soil heartland
interior north south east west north-west north-east south-west south-east northwest northeast
southwest southeast""".split())
#: sites fought over: a phrase of a name the dictionary does not know built on one
#: ("the Kassara front line", "the Tal Hamis checkpoint") is a place, not a party
_SITE_HEADS = frozenset("""line lines front frontline frontlines position positions outpost
outposts checkpoint checkpoints base bases hill hills highway road roads airport airbase
junction bridge dam""".split())
_REGION_NOUNS = _PLACE_NOUNS | frozenset(["state", "states", "territory", "territories",
                                          "regions", "governorates", "districts"])
_CONTESTS = frozenset(["battle", "fight", "fighting", "struggle", "race", "offensive", "push"])
_ATTACKS = frozenset("""attack attacks assault assaults strike strikes airstrike airstrikes
raid raids bombing bombings shelling bombardment offensive""".split())
#: dependency labels of a subject: a capital there is its government.
_ACTING = frozenset(["nsubj"])


def drop_places(span: Any, found: Found, places: Sequence[Mention] = ()) -> Found:
    """`found` without the candidates that are places in this sentence."""
    ranges = [(m.start, m.end) for m in places]
    return [(actor, mention) for actor, mention in found
            if not _is_place(span, actor, mention, ranges)]


def _is_place(span: Any, actor: Actor, mention: Mention, ranges: list[tuple[int, int]]) -> bool:
    root = _root(span, mention)
    if root is None:
        return False
    if mention.label == COUNTRY:
        return _country_is_place(mention, root)
    if mention.label == NAMED:
        return False
    if any(start <= root.idx < end for start, end in ranges):
        return True
    if _names_a_place(root, ranges):
        return True
    return not actor.known and (root.ent_type_ in _PLACE_ENTITIES or _placed(root)
                                or _place_head(root)
                                or (root.lower_ in _SITE_HEADS and root.pos_ != "PROPN"))


def _names_a_place(root: Any, ranges: list[tuple[int, int]]) -> bool:
    """"the two north-eastern states of Borno and Yobe": a region noun whose
    "of" names a toponym of the sentence is that place, not a government."""
    if root.lower_ not in _REGION_NOUNS:
        return False
    for prep in (c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if any(start <= pobj.idx < end for start, end in ranges):
                return True
    return False


def _place_head(root: Any) -> bool:
    """"the Turkish border", "Iraq's second city"; not "Ivory Coast", a name."""
    return root.lower_ in _PLACE_HEADS and root.pos_ != "PROPN"


def _placed(root: Any) -> bool:
    """A name the dictionary does not know, where a place would stand: "near
    al-Bukamal", "the town of Atarib", "the battle for Raqqa"."""
    if root.dep_ in ("appos", "conj", "compound"):
        root = root.head
    if root.dep_ != "pobj":
        return False
    preposition, noun = root.head, root.head.head
    if preposition.lower_ == "of":
        return noun.lower_ in _PLACE_NOUNS
    if preposition.lower_ == "for":
        return noun.lower_ in _CONTESTS
    if preposition.lower_ == "on":      # "air strikes on Saraqeb", "the assault on Yabroud"
        return _attack_noun(noun)
    return preposition.lower_ in _LOCATIVE


def _attack_noun(token: Any) -> bool:
    from tocsin.extract.actors.resolver import noun_group

    group = noun_group(token.lower_)
    return token.lower_ in _CONTESTS or token.lower_ in _ATTACKS or (
        group is not None and group.needs_modifier)


def _country_is_place(mention: Mention, root: Any) -> bool:
    """A country or capital mention that names a location rather than a government."""
    key = strip_article(words(mention.text))
    if _place_head(root):
        return True                     # "Syria's north-west", "Iraq's second city"
    if key in tables().capitals:
        return not _acting(root)
    return root.dep_ == "pobj" and root.head.lower_ in _SCENE


def _acting(token: Any) -> bool:
    """Subject of a verb (or conjoined with one), or the "by" agent of a passive."""
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    if token.dep_ in _ACTING:
        return True
    return token.dep_ == "pobj" and token.head.dep_ == "agent"


def _root(span: Any, mention: Mention) -> Any:
    phrase = span.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return phrase.root if phrase is not None and len(phrase) else None
