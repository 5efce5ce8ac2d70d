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
    r"oblast|prefecture|countryside|borough|township|co\.|twp\.)$", re.IGNORECASE)
_ADMIN_PREFIX = re.compile(r"^(?P<kind>province|governorate|state|county|district|region)\s+of\s+"
                           r"(?P<name>.+)$", re.IGNORECASE)
_QUALIFIER_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                              "southwest", "northern", "southern", "eastern", "western", "central",
                              "upper", "lower", "greater", "downtown", "rural", "metro", "suburban"})
_GENERIC_TAILS = frozenset({"city", "town", "township", "village", "area", "metro", "suburbs",
                            "countryside", "outskirts"})
_ADMIN1_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture",
                           "countryside"})
#: 'Town of Groton', 'City of Norfolk': a generic head before the place's own name.
_GENERIC_HEAD = re.compile(r"^(?:the\s+)?(?:town|city|village|township|borough|municipality)\s+of\s+(?P<name>.+)$",
                           re.IGNORECASE)
#: 'Cooke, Grayson and Love counties': the names of a list that a plural admin word closes.
_LISTED_ADMIN = re.compile(
    r"^(?:\s*(?:,|,?\s+and|,?\s+or|&)\s+(?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})*"
    r",?\s+(?P<kind>counties|parishes|districts|provinces|governorates|states)\b")
#: The admin word a listed district name takes when looked up on its own ('Love' -> 'Love County').
_DISTRICT_WORDS = ("County", "Parish")
_PLURAL_KIND = {"counties": "ADM2", "parishes": "ADM2", "districts": "ADM2", "provinces": "ADM1",
                "governorates": "ADM1", "states": "ADM1"}


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


def listed_admin_kind(text: str, end: int) -> str | None:
    """'ADM2' when the name ending at `end` is one of a list closed by 'counties' or
    'parishes' ('Alachua and Gilchrist counties'), 'ADM1' for 'provinces', 'states'."""
    match = _LISTED_ADMIN.match(text[end:end + 160])
    return _PLURAL_KIND[match.group("kind").lower()] if match else None


def without_generic_head(text: str) -> str:
    """'Town of Groton' -> 'Groton'; other names unchanged."""
    match = _GENERIC_HEAD.match(text)
    return match.group("name") if match else text


def split_admin_words(text: str) -> tuple[str, str | None]:
    """'Raqqa governorate' -> ('Raqqa', 'ADM1'); 'Laurel County' -> ('Laurel', 'ADM2')."""
    match = _ADMIN_SUFFIX.match(text) or _ADMIN_PREFIX.match(text)
    if not match:
        return text, None
    kind = match.group("kind").lower()      # 'Loudon Co.', 'Madison Twp.': abbreviated
    return match.group("name"), ("ADM1" if kind in _ADMIN1_WORDS else "ADM2")


class Resolver:
    def __init__(self, gazetteer: Gazetteer, weights: RankerWeights | None = None) -> None:
        self.gaz = gazetteer
        self.weights = weights

    # -- candidates ------------------------------------------------------------
    def choice_for(self, text: str, count: int = 1, scan: bool = False,
                   listed_as: str | None = None) -> NameChoice:
        """`listed_as`: the admin level a plural admin word after the name gives it
        ('Love' in 'Cooke, Grayson and Love counties' is 'ADM2')."""
        name = clean_name(text)
        found = list(self.gaz.candidates(name))
        if not found:
            name = without_generic_head(name)
            found = list(self.gaz.candidates(name))
        bare, want = split_admin_words(name)
        want = want or listed_as
        choice = NameChoice(text=name, count=count, want=want, scan=scan)
        if want and bare != name:
            found += [i for i in self.gaz.candidates(bare) if i not in found]
        found += [i for i in self._districts(bare, want) if i not in found]
        if not found:
            found = demonym_regions(self.gaz, name)
        truncated = False
        if not found:
            name, truncated = self._resolvable_part(bare)
            bare = name
            found = list(self.gaz.candidates(name))
        # A name cut short ('Belle Plaine' -> Belle) is a guess, like a skeleton match.
        loose = choice.loose = not found or truncated
        choice.cut = truncated
        if not found:
            found = [i for i in self.gaz.loose_candidates(bare) if self._similar(bare, i)]
        order = sorted(found, key=self._order_key, reverse=True)[:MAX_CANDIDATES]
        choice.candidates = order
        recs = [self.gaz.record(i) for i in order]
        choice.lats = np.array([r.lat for r in recs], dtype=float)
        choice.lons = np.array([r.lon for r in recs], dtype=float)
        choice.base = base_features(self.gaz, choice, bare)
        return choice

    def _districts(self, bare: str, want: str | None) -> list[int]:
        """'Gilchrist' -> Gilchrist County: a district is often named without its
        admin word.  Only where the text says so ('Alachua and Gilchrist counties')
        or no other place has the name; the ranker weighs them like any candidate."""
        if want not in (None, "ADM2") or bare.split()[-1].lower() in ("county", "parish"):
            return []
        if want is None and self.gaz.candidates(bare):
            return []
        return [i for word in _DISTRICT_WORDS for i in self.gaz.candidates(f"{bare} {word}")
                if self.gaz.record(i).feature_code in ("ADM2", "ADM3", "ADMD")]

    def _order_key(self, index: int) -> tuple[float, int]:
        rec = self.gaz.record(index)
        return math.log10(rec.population + 100) + _FEATURE_ORDER_BONUS.get(rec.feature_code, 0.0), -index

    def _similar(self, name: str, index: int) -> bool:
        """A skeleton match must still look like the name ('Mawsil' ~ 'Mosul')."""
        return fuzz.ratio(name_key(name), name_key(self.gaz.record(index).name)) >= LOOSE_MIN_SIMILARITY

    def _resolvable_part(self, name: str) -> tuple[str, bool]:
        """'Northeast Georgia' -> 'Georgia'; 'Henderson County Jail' -> 'Henderson County'.
        True with it when a word of the name proper was cut ('Belle Plaine' -> 'Belle')."""
        words = name.split()
        while len(words) > 1 and words[0].lower() in _QUALIFIER_WORDS:
            words = words[1:]
        while len(words) > 1 and words[-1].lower() in _GENERIC_TAILS:
            words = words[:-1]
        for end in range(len(words), 0, -1):
            part = " ".join(words[:end])
            if self.gaz.candidates(part):
                return part, end < len(words)
        return " ".join(words), False

    # -- joint resolution ------------------------------------------------------
    def resolve(self, choices: list[NameChoice], country_hint: str | None) -> None:
        """Set `best` on every choice, using the others as context (-1: unresolved)."""
        rank(self.gaz, choices, country_hint, self.weights)

    def explain(self, choice: NameChoice) -> str:
        return explain(self.gaz, choice, self.weights)
