"""Joint toponym disambiguation for one document.

Each distinct name gets candidate gazetteer records and a prior score
(population, feature type, how well the spelling matches).  Then, twice over,
every name is re-scored with the document context that the other names'
current best choices give: their countries and admin1 regions (the document's
focus), their distance to each candidate, and explicit containment such as
"Alexandria, Va.".  Names are grouped so that one name gets one sense per
document.
"""
from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz

from tocsin.geo.gazetteer import Gazetteer, Record
from tocsin.geo.normalize import fold, name_key

MAX_CANDIDATES = 40
#: rapidfuzz ratio (0-100) a skeleton-only match needs against the place's main name.
LOOSE_MIN_SIMILARITY = 70
#: What a caller's country hint is worth: about a factor 1000 in population.
COUNTRY_HINT_BONUS = 3.0
ITERATIONS = 2

_FEATURE_BONUS = {"PCLI": 3.0, "CONT": 3.0, "RGN": 2.0, "ADM1": 0.5, "PPLC": 1.0, "ADM2": 0.0}
#: Candidates of other names within these distances (km) support a candidate.
_NEAR_KM = (30.0, 100.0, 300.0)
_NEAR_BONUS = (1.5, 0.8, 0.3)
MAX_NEAR_BONUS = 4.0
PROXIMITY_CANDIDATES = 15
#: How fast a rival reading's support fades with its prior gap (1 prior unit ~ 10x population).
PROXIMITY_SHARPNESS = 0.3
_ADMIN_SUFFIX = re.compile(
    r"^(?P<name>.+?)\s+(?P<kind>province|governorate|county|parish|district|state|region|"
    r"oblast|prefecture|countryside|borough)$", re.IGNORECASE)
_ADMIN_PREFIX = re.compile(r"^(?P<kind>province|governorate|state|county|district|region)\s+of\s+"
                           r"(?P<name>.+)$", re.IGNORECASE)
_QUALIFIER_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast",
                              "southwest", "northern", "southern", "eastern", "western", "central",
                              "upper", "lower", "greater", "downtown", "rural", "metro", "suburban"})
_GENERIC_TAILS = frozenset({"city", "town", "township", "village", "area", "metro", "suburbs",
                            "countryside", "outskirts"})
_ADMIN1_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture",
                           "countryside"})


@dataclass(slots=True)
class NameChoice:
    """Working state for one distinct name in the document."""

    text: str
    count: int
    want: str | None                      # "ADM1"/"ADM2" when the text says so
    candidates: list[int] = field(default_factory=list)
    priors: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lons: np.ndarray = field(default_factory=lambda: np.zeros(0))
    best: int = -1                        # position in candidates, -1 when none
    #: positions (in the document's choice list) of names qualifying this one
    inside: list[int] = field(default_factory=list)
    #: candidates came from the lossy consonant skeleton only ("Najjar" ~ "Nijar")
    loose: bool = False


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
    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gaz = gazetteer

    # -- candidates and priors -------------------------------------------------
    def choice_for(self, text: str, count: int = 1) -> NameChoice:
        name = clean_name(text)
        bare, want = split_admin_words(name)
        choice = NameChoice(text=name, count=count, want=want)
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
        priors = [self._prior(i, name, bare, want, loose) for i in found]
        order = np.argsort(priors)[::-1][:MAX_CANDIDATES]
        choice.candidates = [found[k] for k in order]
        choice.priors = np.array([priors[k] for k in order], dtype=float)
        self._penalise_same_name_regions(choice)
        recs = [self.gaz.record(i) for i in choice.candidates]
        choice.lats = np.array([r.lat for r in recs], dtype=float)
        choice.lons = np.array([r.lon for r in recs], dtype=float)
        choice.best = int(np.argmax(choice.priors)) if choice.candidates else -1
        return choice

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

    def _prior(self, index: int, name: str, bare: str, want: str | None, loose: bool) -> float:
        rec = self.gaz.record(index)
        score = math.log10(rec.population + 100) + _FEATURE_BONUS.get(rec.feature_code, 0.0)
        record_fold = fold(rec.name).replace(" ", "")
        if record_fold in (fold(name).replace(" ", ""), fold(bare).replace(" ", "")):
            score += 1.5
        elif name_key(rec.name) in (name_key(name), name_key(bare)):
            score += 1.0
        if loose:
            score -= 2.0
        if want:
            score += 3.0 if rec.feature_code == want else (
                1.5 if rec.feature_code in ("ADM1", "ADM2") else -1.0)
        return score

    def _penalise_same_name_regions(self, choice: NameChoice) -> None:
        """A bare 'Aleppo' is the city, not the governorate named after it."""
        if choice.want:
            return
        recs = [self.gaz.record(i) for i in choice.candidates]
        seats = {(r.country_code, r.admin1) for r in recs if r.feature_code.startswith("PPL")
                 and r.population >= 1000}
        for pos, rec in enumerate(recs):
            if rec.feature_code == "ADM1" and (rec.country_code, rec.name) in seats:
                choice.priors[pos] -= 2.5

    # -- joint resolution ------------------------------------------------------
    def resolve(self, choices: list[NameChoice], country_hint: str | None) -> None:
        """Set `best` on every choice, using the others as context."""
        near = self._mutual_proximity(choices)
        for choice, bonus in zip(choices, near):
            if len(choice.candidates) > 1:
                choice.priors = choice.priors + bonus
                choice.best = int(np.argmax(choice.priors))
        for _ in range(ITERATIONS):
            bests = [self._best_record(c) for c in choices]
            for pos, choice in enumerate(choices):
                if len(choice.candidates) > 1:
                    others = [(k, b, choices[k]) for k, b in enumerate(bests) if k != pos
                              and b is not None and name_key(choices[k].text) != name_key(choice.text)]
                    scores = choice.priors + self._context(choice, others, country_hint)
                    choice.best = int(np.argmax(scores))
        self._drop_stray_loose_matches(choices, country_hint)

    def _drop_stray_loose_matches(self, choices: list[NameChoice], country_hint: str | None) -> None:
        """A skeleton-only match is a guess; in a document it must land in a country
        the other names (or the caller's hint) point to, else 'Khabur' becomes Kabul."""
        for pos, choice in enumerate(choices):
            if not choice.loose or choice.best < 0:
                continue
            countries = {self.gaz.record(b).country_code for k, c in enumerate(choices)
                         if k != pos and not c.loose and (b := self._best_record(c)) is not None}
            countries |= {country_hint.upper()} if country_hint else set()
            if countries and self.gaz.record(choice.candidates[choice.best]).country_code not in countries:
                choice.best = -1

    def _best_record(self, choice: NameChoice) -> int | None:
        return None if choice.best < 0 else choice.candidates[choice.best]

    def _context(self, choice: NameChoice, others: list[tuple[int, int, NameChoice]],
                 country_hint: str | None) -> np.ndarray:
        recs = [self.gaz.record(i) for i in choice.candidates]
        bonus = np.zeros(len(recs))
        countries, admin1s = Counter[str](), Counter[tuple[str, str]]()
        for _, index, other in others:
            rec = self.gaz.record(index)
            countries[rec.country_code] += other.count
            if rec.admin1:
                admin1s[(rec.country_code, rec.admin1)] += other.count
        total = sum(countries.values()) or 1
        for pos, rec in enumerate(recs):
            bonus[pos] += 3.0 * countries[rec.country_code] / total
            bonus[pos] += 2.0 * admin1s[(rec.country_code, rec.admin1 or "")] / total
            if country_hint and rec.country_code == country_hint.upper():
                bonus[pos] += COUNTRY_HINT_BONUS
        bonus += self._containment(choice, recs, others)
        return bonus

    def _mutual_proximity(self, choices: list[NameChoice]) -> list[np.ndarray]:
        """Support each candidate gets from other names having a candidate nearby.

        Small towns of one county support each other ("Alexandria", "Brandon"
        and "Kensington" are all in Minnesota), whatever each one's best guess
        is, so this looks at the point-like candidates of the other names,
        each weighted by how likely it is against its rivals: a hamlet called
        Dallas near a Mount Pleasant supports it little when the document's
        Dallas is far more likely the big city.
        """
        points = [self._point_candidates(c) for c in choices]
        out = []
        for pos, choice in enumerate(choices):
            bonus = np.zeros(len(choice.candidates))
            if len(choice.candidates) > 1:
                for other_pos, (lats, lons, weights) in enumerate(points):
                    if other_pos != pos and len(lats) and \
                            name_key(choices[other_pos].text) != name_key(choice.text):
                        km = _distances_km(choice.lats, choice.lons, lats, lons)
                        for limit, gain in zip(_NEAR_KM, _NEAR_BONUS):
                            support = np.where(km < limit, weights[None, :], 0.0).max(axis=1)
                            bonus += gain * support
            out.append(np.minimum(bonus, MAX_NEAR_BONUS))
        return out

    def _point_candidates(self, choice: NameChoice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point-like candidates with their likelihood relative to the name's best prior."""
        keep = [k for k, i in enumerate(choice.candidates[:PROXIMITY_CANDIDATES])
                if self.gaz.record(i).feature_code.startswith("PPL")
                or self.gaz.record(i).feature_code == "ADM2"]
        if not keep:
            return np.zeros(0), np.zeros(0), np.zeros(0)
        weights = np.exp(PROXIMITY_SHARPNESS * (choice.priors[keep] - choice.priors.max()))
        return choice.lats[keep], choice.lons[keep], weights

    def _containment(self, choice: NameChoice, recs: list[Record],
                     others: list[tuple[int, int, NameChoice]]) -> np.ndarray:
        """'Alexandria, Va.': candidates inside the qualifying region win."""
        bonus = np.zeros(len(recs))
        qualifiers = [self.gaz.record(i) for pos, i, _ in others if pos in choice.inside]
        for qual in qualifiers:
            for pos, rec in enumerate(recs):
                if qual.feature_code == "PCLI" and rec.country_code == qual.country_code:
                    bonus[pos] += 3.0
                elif qual.feature_code == "ADM1" and (rec.country_code, rec.admin1) == (
                        qual.country_code, qual.name):
                    bonus[pos] += 4.0
        return bonus


def _distances_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine distances between every point of set 1 (rows) and set 2 (columns)."""
    la1, lo1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    la2, lo2 = np.radians(lat2)[None, :], np.radians(lon2)[None, :]
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
