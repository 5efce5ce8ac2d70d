"""Places before a hyphenated adjective, which spaCy reads as one word or no entity.

"Rock Hill-based", "an Ohio-born painter", "the U.S.-led invasion": the name
before the hyphen is a place.  After "-based", "-born" and the like any
settlement, county, region or country of some size qualifies; after "-led" or
"-backed" only a country, since a group leads and backs too ("Hamas-led").
They come back labelled ORG (a seat or an actor, not where anything happened),
like the places found inside organisation names.

Demonym compounds ("Russian-American crew") are left alone: LGL counts each
demonym as a toponym, GeoVirus counts none, so splitting them trades one
corpus for the other.

Only the gazetteer decides what a name is; no names are listed here.
"""
from __future__ import annotations

import re

from spacy.tokens import Doc

from tocsin.geo.gazetteer import Gazetteer
from tocsin.models import Mention

#: After a hyphen, words that make the name before it a place of origin or seat.
ORIGIN_SUFFIXES = frozenset({"based", "born", "bred", "raised", "headquartered", "area", "bound"})
#: After a hyphen, words that make the name before it an actor: only a country qualifies.
AGENCY_SUFFIXES = frozenset({"led", "backed", "allied", "brokered", "sponsored", "funded",
                             "supported", "controlled", "held", "run", "made", "owned"})
_TOKEN_COMPOUND = re.compile(r"^(?P<name>[A-Z][\w.]*?)-(?P<suffix>[a-z]+)$")
_POPULATED = ("PPL", "ADM", "PCL")
_MIN_POPULATION = 1000


def _country_word(gaz: Gazetteer, text: str) -> bool:
    """A country's demonym ('Saudi') or name ('Egypt', 'U.S.'); not a continent's ('European')."""
    demonym = gaz.demonym_country(text)
    if demonym is not None:
        return gaz.record(demonym).feature_code.startswith("PCL")
    return any(gaz.record(i).feature_code.startswith("PCL") for i in gaz.candidates(text))


def _origin_place(gaz: Gazetteer, text: str) -> bool:
    """A settlement, county, region or country of some size by one of its main names."""
    if _country_word(gaz, text):
        return True
    for index in gaz.candidates(text):
        rec = gaz.record(index)
        if not rec.feature_code.startswith(_POPULATED) or not gaz.is_primary_name(index, text):
            continue
        if rec.population >= _MIN_POPULATION or rec.feature_code.startswith(("ADM", "PCL")):
            return True
    return False


def _suffix_fits(gaz: Gazetteer, name: str, suffix: str) -> bool:
    if suffix in AGENCY_SUFFIXES:
        return _country_word(gaz, name)
    return suffix in ORIGIN_SUFFIXES and _origin_place(gaz, name)


def compound_mentions(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Mention]:
    """Places before '-based' / '-led' ('Rock Hill-based', 'U.S.-led') that no
    mention found so far (`taken`, per token) covers."""
    found: list[Mention] = []
    for token in doc:
        if taken[token.i]:
            continue
        whole = _TOKEN_COMPOUND.match(token.text)
        if whole is not None:                           # one token: 'U.S.-led'
            name, suffix = whole.group("name"), whole.group("suffix")
            if _suffix_fits(gaz, name, suffix):
                found.append(Mention(name, token.idx, token.idx + len(name), "ORG"))
        elif token.text == "-" and 0 < token.i < len(doc) - 1:
            hit = _before_suffix(doc, gaz, token.i, taken)
            if hit is not None:
                found.append(hit)
    return found


def _before_suffix(doc: Doc, gaz: Gazetteer, hyphen: int, taken: list[bool]) -> Mention | None:
    """'Rock' 'Hill' '-' 'based': the longest capitalised run (up to 3 words) before a
    hyphen written without spaces, when the word after it is an origin or agency word."""
    before, dash, after = doc[hyphen - 1], doc[hyphen], doc[hyphen + 1]
    if before.idx + len(before.text) != dash.idx or dash.idx + 1 != after.idx:
        return None
    suffix = after.lower_
    if suffix not in ORIGIN_SUFFIXES and suffix not in AGENCY_SUFFIXES:
        return None
    for length in (3, 2, 1):
        first = hyphen - length
        if first < 0:
            continue
        words = doc[first:hyphen]
        if not all(t.text[:1].isupper() and not t.is_punct and not t.is_stop for t in words) or any(taken[first:hyphen]):
            continue
        if _suffix_fits(gaz, words.text, suffix):
            return Mention(words.text, words.start_char, words.end_char, "ORG")
    return None
