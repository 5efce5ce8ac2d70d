"""Candidates for each toponym of a document, and their joint resolution.

Each distinct name gets up to MAX_CANDIDATES gazetteer records: by strict name
key, with the admin word it carries ("Raqqa governorate"), as a demonym of a
region, as the resolvable part of a longer name ("Northeast Georgia"), and
last by consonant skeleton.  The learned ranker (`tocsin.geo.ranker`) then
chooses among them with the document's other names as context, or leaves the
name unresolved.  Names are grouped so that one name gets one sense per
document.
"""
from __future__ import annotations

import math
import re

import numpy as np
from rapidfuzz import fuzz

from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import name_key
from tocsin.geo.ranker import NameChoice, RankerWeights, base_features, explain, rank

MAX_CANDIDATES = 40
#: rapidfuzz ratio (0-100) a skeleton-only match needs against the place's main name.
LOOSE_MIN_SIMILARITY = 70
#: Only for ordering candidates before the cap: population and feature kind.
_FEATURE_ORDER_BONUS = {"PCLI": 3.0, "CONT": 3.0, "RGN": 2.0, "ADM1": 0.5, "PPLC": 1.0, "ADM2": 0.0}
_ADMIN_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s+(?P<kind>province|governorate|county|parish|district|state|region|"
    r"oblast|prefecture|countryside|borough|township)$", re.IGNORECASE)
_ADMIN_PREFIX = re.compile(r"^(?P<kind>province|governorate|state|county|district|region)\s+of\s+"
                           r"(?P<name>.+)$", re.IGNORECASE)
_QUALIFIER_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                              "southwest", "northern", "southern", "eastern", "western", "central",
                              "upper", "lower", "greater", "downtown", "rural", "metro", "suburban"})
_GENERIC_TAILS = frozenset({"city", "town", "township", "village", "area", "metro", "suburbs",
                            "countryside", "outskirts"})
_ADMIN1_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture",
                           "countryside"})


def clean_name(text: str) -> str:
    """Drop a leading 'the', possessive 's and stray punctuation."""
    name = text.strip().strip(",;:()\"“”")
    name = re.sub(r"(’s|'s|’|')$", "", name).strip()
    name = re.sub(r"^(the|The|THE)\s+", "", name)
    return name


_REGION_FEATURES = frozenset({"PCLI", "ADM1", "RGN"})


def demonym_regions(gaz: Gazetteer, text: str) -> list[int]:
    """'South Ossetians' -> South Ossetia, 'Minnesotans' -> Minnesota, 'Texan'
    -> Texas: a region whose main name the word builds on with '-n' or '-an'.
    Only regions and countries, so a surname ending in -an is no village."""
    word = text[:-1] if text.endswith("s") else text
    if len(word) < 5 or not word.endswith("n"):
        return []
    for stem in (word[:-1], word[:-2], word[:-1] + "s"):
        found = [i for i in gaz.candidates(stem) if gaz.record(i).feature_code in _REGION_FEATURES
                 and gaz.is_primary_name(i, stem)]
        if found:
            return found
    return []


def split_admin_words(text: str) -> tuple[str, str | None]:
    """'Raqqa governorate' -> ('Raqqa', 'ADM1'); 'Laurel County' -> ('Laurel', 'ADM2')."""
    match = _ADMIN_SUFFIX.match(text) or _ADMIN_PREFIX.match(text)
    if not match:
        return text, None
    kind = match.group("kind").lower()
    return match.group("name"), ("ADM1" if kind in _ADMIN1_WORDS else "ADM2")


class Resolver:
    def __init__(self, gazetteer: Gazetteer, weights: RankerWeights | None = None) -> None:
        self.gaz = gazetteer
        self.weights = weights

    # -- candidates ------------------------------------------------------------
    def choice_for(self, text: str, count: int = 1, scan: bool = False) -> NameChoice:
        name = clean_name(text)
        bare, want = split_admin_words(name)
        choice = NameChoice(text=name, count=count, want=want, scan=scan)
        found = list(self.gaz.candidates(name))
        if want and bare != name:
            found += [i for i in self.gaz.candidates(bare) if i not in found]
        if not found:
            found = demonym_regions(self.gaz, name)
        if not found:
            name = bare = self._resolvable_part(bare)
            found = list(self.gaz.candidates(name))
        loose = choice.loose = not found
        if loose:
            found = [i for i in self.gaz.loose_candidates(bare) if self._similar(bare, i)]
        order = sorted(found, key=self._order_key, reverse=True)[:MAX_CANDIDATES]
        choice.candidates = order
        recs = [self.gaz.record(i) for i in order]
        choice.lats = np.array([r.lat for r in recs], dtype=float)
        choice.lons = np.array([r.lon for r in recs], dtype=float)
        choice.base = base_features(self.gaz, choice, bare)
        return choice

    def _order_key(self, index: int) -> tuple[float, int]:
        rec = self.gaz.record(index)
        return math.log10(rec.population + 100) + _FEATURE_ORDER_BONUS.get(rec.feature_code, 0.0), -index

    def _similar(self, name: str, index: int) -> bool:
        """A skeleton match must still look like the name ('Mawsil' ~ 'Mosul')."""
        return fuzz.ratio(name_key(name), name_key(self.gaz.record(index).name)) >= LOOSE_MIN_SIMILARITY

    def _resolvable_part(self, name: str) -> str:
        """'Northeast Georgia' -> 'Georgia'; 'Henderson County Jail' -> 'Henderson County'."""
        words = name.split()
        while len(words) > 1 and words[0].lower() in _QUALIFIER_WORDS:
            words = words[1:]
        while len(words) > 1 and words[-1].lower() in _GENERIC_TAILS:
            words = words[:-1]
        for end in range(len(words), 0, -1):
            part = " ".join(words[:end])
            if self.gaz.candidates(part):
                return part
        return " ".join(words)

    # -- joint resolution ------------------------------------------------------
    def resolve(self, choices: list[NameChoice], country_hint: str | None) -> None:
        """Set `best` on every choice, using the others as context (-1: unresolved)."""
        rank(self.gaz, choices, country_hint, self.weights)

    def explain(self, choice: NameChoice) -> str:
        return explain(self.gaz, choice, self.weights)
