"""The learned toponym ranker: which gazetteer record a name in a document means.

Every candidate of a name gets a feature vector (`FEATURES`); a conditional
logit (softmax over the candidates plus an "unresolved" option) scores them.
It runs in two stages, each a plain weight vector:

1. the *prior* stage sees only the candidate itself: population, feature
   class, how the name matches, what the text says about its kind;
2. the *context* stage adds what the document's other names say, read from
   the prior stage's beliefs: shared country and admin1, other names' places
   nearby, distance to the document's focus, containment ("Alexandria, Va.";
   "Raqqa ... in Syria"), the dateline's country.  It may also choose
   "unresolved" rather than a distant, weak homonym.

The weights are trained by `tocsin.geo.ranker_train` and shipped as
`data/geo_ranker.json` (plain numbers: nothing from scikit-learn at run time).
Rules are features here: the model decides.
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from tocsin.geo.gazetteer import Gazetteer, Record
from tocsin.geo.normalize import fold, name_key

BASE_FEATURES = (
    "log_population", "largest_population", "is_country", "is_admin1", "is_admin2", "is_capital",
    "is_seat", "is_region", "is_other_feature", "exact_main_name", "main_name_key", "skeleton_only",
    "text_says_this_admin_level", "text_says_another_admin_level", "text_says_admin_not_this",
    "region_shadowing_its_seat",
)
CONTEXT_FEATURES = (
    "same_country_as_others", "same_admin1_as_others", "others_within_30km", "others_within_100km",
    "others_within_300km", "focus_distance", "no_focus", "dateline_country", "qualifier_contains",
    "contains_others", "country_votes", "admin1_votes", "skeleton_far_from_focus", "inside_named_region",
    "region_among_regions",
)
FEATURES = BASE_FEATURES + CONTEXT_FEATURES
#: Features of the "unresolved" option (a name whose candidates are all unlikely).
NULL_FEATURES = ("null_bias", "null_from_scan", "null_skeleton_only", "null_best_log_population",
                 "null_many_candidates", "null_nearest_focus_distance", "null_no_country_support",
                 "null_called_a_quarter")
N_BASE, N_ALL, N_NULL = len(BASE_FEATURES), len(FEATURES), len(NULL_FEATURES)

_SEAT_CODES = frozenset({"PPLA", "PPLA2", "PPLA3", "PPLA4", "PPLG"})
_REGION_CODES = frozenset({"CONT", "RGN", "RGNE", "AREA"})
_ADMIN2_CODES = frozenset({"ADM2", "ADM3", "ADMD"})
_NEAR_KM = (30.0, 100.0, 300.0)
#: Other names' candidates below this prior probability give no support.
_SUPPORT_FLOOR = 0.01
SUPPORT_TEMPER = 0.3
UNKNOWN_POPULATION = 300


@dataclass(slots=True)
class NameChoice:
    """Working state for one distinct name in the document."""

    text: str
    count: int
    want: str | None                      # "ADM1"/"ADM2" when the text says so
    candidates: list[int] = field(default_factory=list)
    lats: np.ndarray = field(default_factory=lambda: np.zeros(0))
    lons: np.ndarray = field(default_factory=lambda: np.zeros(0))
    best: int = -1                        # position in candidates, -1 when none
    #: positions (in the document's choice list) of names qualifying this one
    inside: list[int] = field(default_factory=list)
    #: positions of the names listed right beside this one ('Nevada, Oregon and Idaho')
    listed_with: list[int] = field(default_factory=list)
    #: candidates came from the lossy consonant skeleton only ("Najjar" ~ "Nijar")
    loose: bool = False
    #: the name was cut short to find any candidate ('Belle Plaine' -> Belle): a guess too
    cut: bool = False
    #: the name was found by the gazetteer scan or a locative cue, not by NER
    scan: bool = False
    #: fixed reading (a demonym's country): not ranked
    fixed: bool = False
    #: the text calls the name a part of a city ('the Sheikh Maqsoud neighbourhood of
    #: Aleppo'): a far town of that name is unlikely, the city named after it is the place
    quarter: bool = False
    base: np.ndarray = field(default_factory=lambda: np.zeros((0, N_BASE)))
    prior: np.ndarray = field(default_factory=lambda: np.zeros(0))     # stage-1 probabilities
    probs: np.ndarray = field(default_factory=lambda: np.zeros(0))     # final, without null
    null_prob: float = 0.0
    features: np.ndarray = field(default_factory=lambda: np.zeros((0, N_ALL)))


@dataclass(frozen=True, slots=True)
class RankerWeights:
    prior: np.ndarray          # N_BASE
    context: np.ndarray        # N_ALL + N_NULL
    trained_on: str = ""

    @classmethod
    def from_json(cls, data: dict) -> RankerWeights:
        prior = np.array([data["prior"][f] for f in BASE_FEATURES], dtype=float)
        context = np.array([data["context"][f] for f in FEATURES + NULL_FEATURES], dtype=float)
        return cls(prior, context, data.get("trained_on", ""))

    def to_json(self) -> dict:
        return {"trained_on": self.trained_on,
                "prior": {f: round(float(w), 6) for f, w in zip(BASE_FEATURES, self.prior)},
                "context": {f: round(float(w), 6) for f, w in zip(FEATURES + NULL_FEATURES, self.context)}}


def weights_path() -> Path:
    return Path(str(resources.files("tocsin").joinpath("data/geo_ranker.json")))


@lru_cache(maxsize=1)
def shipped_weights() -> RankerWeights:
    return RankerWeights.from_json(json.loads(weights_path().read_text(encoding="utf-8")))


# -- features ----------------------------------------------------------------------
def base_features(gaz: Gazetteer, choice: NameChoice, bare: str) -> np.ndarray:
    """Features of each candidate on its own (the prior stage's input)."""
    recs = [gaz.record(i) for i in choice.candidates]
    x = np.zeros((len(recs), N_BASE))
    if not recs:
        return x
    # GeoNames writes 0 for an unknown population: count such a place as a village.
    logpop = np.array([math.log10(max(r.population, UNKNOWN_POPULATION) + 1) for r in recs])
    x[:, 0] = logpop / 7
    x[:, 1] = logpop >= logpop.max()
    text_fold = fold(choice.text).replace(" ", "")
    bare_fold = fold(bare).replace(" ", "")
    keys = {name_key(choice.text), name_key(bare)}
    seats = {(r.country_code, r.admin1) for r in recs if r.feature_code.startswith("PPL") and r.population >= 1000}
    for k, rec in enumerate(recs):
        code = rec.feature_code
        x[k, 2] = code.startswith("PCL") or code == "TERR"
        x[k, 3] = code == "ADM1"
        x[k, 4] = code in _ADMIN2_CODES
        x[k, 5] = code == "PPLC"
        x[k, 6] = code in _SEAT_CODES
        x[k, 7] = code in _REGION_CODES
        x[k, 8] = not (code.startswith(("PPL", "PCL", "ADM")) or code in _REGION_CODES or code == "TERR")
        main = fold(rec.name).replace(" ", "")
        shown = fold(gaz.display_name(choice.candidates[k])).replace(" ", "")
        # Every name a country goes by is its name in English prose ('Burma', 'Holland',
        # 'Macedonia'): an exact match as much as its main name is.
        x[k, 9] = main in (text_fold, bare_fold) or shown in (text_fold, bare_fold) \
            or (code == "PCLI" and not choice.loose)
        x[k, 10] = not x[k, 9] and name_key(rec.name) in keys
        x[k, 11] = choice.loose
        if choice.want:
            x[k, 12] = code == choice.want or (choice.want == "ADM2" and code in _ADMIN2_CODES)
            x[k, 13] = not x[k, 12] and code.startswith("ADM")
            x[k, 14] = not code.startswith("ADM")
        else:
            x[k, 15] = code == "ADM1" and (rec.country_code, rec.name) in seats
    return x


def _softmax(scores: np.ndarray) -> np.ndarray:
    if not len(scores):
        return scores
    e = np.exp(scores - scores.max())
    return e / e.sum()


def prior_probabilities(weights: RankerWeights, choice: NameChoice) -> np.ndarray:
    return _softmax(choice.base @ weights.prior)


def distances_km(lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray) -> np.ndarray:
    """Haversine distances between every point of set 1 (rows) and set 2 (columns)."""
    la1, lo1 = np.radians(lat1)[:, None], np.radians(lon1)[:, None]
    la2, lo2 = np.radians(lat2)[None, :], np.radians(lon2)[None, :]
    a = np.sin((la2 - la1) / 2) ** 2 + np.cos(la1) * np.cos(la2) * np.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(slots=True)
class Belief:
    """What one other name currently says: its best record and its candidates' weights."""

    position: int
    count: int
    key: str
    best: Record | None
    lats: np.ndarray
    lons: np.ndarray
    weights: np.ndarray        # tempered support of each point-like candidate
    #: tempered support of each country and (country, admin1) among all its candidates
    countries: dict[str, float] = field(default_factory=dict)
    admin1s: dict[tuple[str, str], float] = field(default_factory=dict)


def beliefs(gaz: Gazetteer, choices: Sequence[NameChoice], use_final: bool) -> list[Belief]:
    out = []
    for pos, choice in enumerate(choices):
        probs = choice.probs if use_final and len(choice.probs) else choice.prior
        best = gaz.record(choice.candidates[choice.best]) if choice.best >= 0 else None
        keep = [k for k, i in enumerate(choice.candidates)
                if len(probs) > k and probs[k] >= _SUPPORT_FLOOR and not choice.fixed
                and (gaz.record(i).feature_code.startswith("PPL") or gaz.record(i).feature_code in _ADMIN2_CODES)]
        # Support is tempered: a rival reading a tenth as likely still counts half as much.
        tempered = (probs / probs.max()) ** SUPPORT_TEMPER if len(probs) else probs
        belief = Belief(pos, choice.count, name_key(choice.text), best,
                        choice.lats[keep], choice.lons[keep], tempered[keep] if keep else np.zeros(0))
        if not choice.fixed:
            for k, index in enumerate(choice.candidates):
                if k < len(tempered) and probs[k] >= _SUPPORT_FLOOR:
                    rec = gaz.record(index)
                    belief.countries[rec.country_code] = max(belief.countries.get(rec.country_code, 0.0), tempered[k])
                    if rec.admin1:
                        key = (rec.country_code, rec.admin1)
                        belief.admin1s[key] = max(belief.admin1s.get(key, 0.0), tempered[k])
        elif best is not None:
            belief.countries[best.country_code] = 1.0
        out.append(belief)
    return out


def context_features(gaz: Gazetteer, choices: Sequence[NameChoice], pos: int, others: list[Belief],
                     country_hint: str | None) -> np.ndarray:
    choice = choices[pos]
    recs = [gaz.record(i) for i in choice.candidates]
    x = np.zeros((len(recs), len(CONTEXT_FEATURES)))
    key = name_key(choice.text)
    rivals = [b for b in others if b.position != pos and b.key != key]
    named = [b for b in rivals if b.best is not None]
    total = sum(b.count for b in named) or 1
    countries: dict[str, int] = {}
    admin1s: dict[tuple[str, str | None], int] = {}
    for b in named:
        assert b.best is not None
        countries[b.best.country_code] = countries.get(b.best.country_code, 0) + b.count
        if b.best.admin1:
            admin1s[(b.best.country_code, b.best.admin1)] = admin1s.get((b.best.country_code, b.best.admin1), 0) + b.count
    # Regions and countries the other names are read as: 'Raqqa ... in Syria', 'Palma ...
    # Cabo Delgado province' say the name lies inside them, wherever in the text they stand.
    containers = [b.best for b in named if b.best is not None and (
        b.best.feature_code == "ADM1" or b.best.feature_code.startswith("PCL"))]
    points = [b.best for b in named if b.best is not None and (
        b.best.feature_code.startswith("PPL") or b.best.feature_code in _ADMIN2_CODES or b.best.feature_code == "ADM1")]
    focus = (float(np.median([p.lat for p in points])), float(np.median([p.lon for p in points]))) if points else None
    for k, rec in enumerate(recs):
        x[k, 0] = countries.get(rec.country_code, 0) / total
        x[k, 1] = admin1s.get((rec.country_code, rec.admin1), 0) / total if rec.admin1 else 0.0
        if rec.feature_code in ("ADM1",) or rec.feature_code.startswith("PCL"):
            inside = sum(b.count for b in named if b.best is not None and b.best.country_code == rec.country_code
                         and (rec.feature_code.startswith("PCL") or b.best.admin1 == rec.name))
            x[k, 9] = inside / total
        if country_hint and rec.country_code == country_hint.upper():
            x[k, 7] = 1.0
        x[k, 13] = _inside_named_region(rec, containers)
        # A region that shares its seat's name means the city when bare, in a list too
        # ('Homs, Hama and Aleppo'): the feature speaks only for the other regions.
        if rec.feature_code == "ADM1" and choice.listed_with and not choice.base[k, _SHADOWS_SEAT]:
            x[k, 14] = _share_listed_as_regions(gaz, choices, choice.listed_with, rec.country_code)
        votes = sum(b.count * b.countries.get(rec.country_code, 0.0) for b in rivals)
        x[k, 10] = votes / (sum(b.count for b in rivals) or 1)
        if rec.admin1:
            votes = sum(b.count * b.admin1s.get((rec.country_code, rec.admin1), 0.0) for b in rivals)
            x[k, 11] = votes / (sum(b.count for b in rivals) or 1)
    for b in rivals:
        if len(b.lats):
            km = distances_km(choice.lats, choice.lons, b.lats, b.lons)
            for col, limit in zip((2, 3, 4), _NEAR_KM):
                x[:, col] = np.maximum(x[:, col], np.where(km < limit, b.weights[None, :], 0.0).max(axis=1))
    if focus is not None:
        km = distances_km(choice.lats, choice.lons, np.array([focus[0]]), np.array([focus[1]]))[:, 0]
        x[:, 5] = np.log10(1 + km) / 4
        x[:, 12] = x[:, 5] * choice.loose      # a guessed spelling far from the story is a bad guess
    else:
        x[:, 6] = 1.0
    qualifiers = [others[q].best for q in choice.inside if q < len(others) and others[q].best is not None]
    for qual in qualifiers:
        assert qual is not None
        for k, rec in enumerate(recs):
            if qual.feature_code.startswith("PCL") and rec.country_code == qual.country_code:
                x[k, 8] = 1.0
            elif qual.feature_code == "ADM1" and (rec.country_code, rec.admin1) == (qual.country_code, qual.name):
                x[k, 8] = 1.0
    return x


#: inside_named_region for a candidate inside a named first-level region, and inside
#: only a named country (weaker: a whole country holds most homonyms' rivals too).
INSIDE_NAMED_ADMIN1, INSIDE_NAMED_COUNTRY = 1.0, 0.5


def _inside_named_region(rec: Record, containers: Sequence[Record]) -> float:
    """How closely a region or country the document names elsewhere contains `rec`."""
    value = 0.0
    for region in containers:
        if region == rec or region.country_code != rec.country_code or not rec.country_code:
            continue
        if region.feature_code == "ADM1":
            if rec.admin1 == region.name and rec.feature_code != "ADM1":
                return INSIDE_NAMED_ADMIN1
        elif not rec.feature_code.startswith("PCL"):
            value = INSIDE_NAMED_COUNTRY
    return value


_SHADOWS_SEAT = BASE_FEATURES.index("region_shadowing_its_seat")


def _share_listed_as_regions(gaz: Gazetteer, choices: Sequence[NameChoice], listed: Sequence[int],
                             country: str) -> float:
    """Share of the names listed beside one that can be a first-level region of `country`
    which no town of the region shares its name with: in 'Nevada, Oregon and Idaho' each
    name is a state, not the towns of Nevada and Oregon in Ohio.  A region that shares
    its seat's name ('Homs, Hama and Idlib') is no such evidence: bare, it means the city."""
    regions = 0
    for q in listed:
        other = choices[q]
        regions += not other.fixed and any(
            rec.feature_code == "ADM1" and rec.country_code == country
            and not other.base[k, _SHADOWS_SEAT]
            for k, rec in enumerate(map(gaz.record, other.candidates)))
    return regions / len(listed)


_FOCUS_DISTANCE = CONTEXT_FEATURES.index("focus_distance")
_NO_FOCUS = CONTEXT_FEATURES.index("no_focus")
_COUNTRY_VOTES = CONTEXT_FEATURES.index("country_votes")
#: Below this share of the other names' votes a country has no support from them.
_NO_SUPPORT = 0.05


def null_features(choice: NameChoice, context: np.ndarray | None = None) -> np.ndarray:
    """The "unresolved" option's features.  With the candidates' context features it
    also sees how far the nearest reading lies from the places the document is about,
    and whether any reading is in a country the other names could be in: a name whose
    every reading is far off ('Baga' in a Borno story: Bagà, Spain or Bagé, Brazil) is
    more likely a place the gazetteer lacks."""
    best_pop = float(choice.base[:, 0].max()) if len(choice.base) else 0.0
    nearest, unsupported = 0.0, 0.0
    if context is not None and len(context) and not context[0, _NO_FOCUS]:
        nearest = float(context[:, _FOCUS_DISTANCE].min())
        unsupported = float(context[:, _COUNTRY_VOTES].max() < _NO_SUPPORT)
    return np.array([1.0, float(choice.scan), float(choice.loose), best_pop,
                     math.log1p(len(choice.candidates)) / 4, nearest, unsupported, float(choice.quarter)])


def rank(gaz: Gazetteer, choices: Sequence[NameChoice], country_hint: str | None,
         weights: RankerWeights | None = None, iterations: int = 2) -> None:
    """Set `best`, `probs` and `null_prob` on every ranked choice of one document."""
    w = weights or shipped_weights()
    for choice in choices:
        if choice.fixed:
            continue
        choice.prior = prior_probabilities(w, choice)
        choice.best = int(np.argmax(choice.prior)) if len(choice.prior) else -1
    for round_ in range(iterations):
        state = beliefs(gaz, choices, use_final=round_ > 0)
        for pos, choice in enumerate(choices):
            if choice.fixed or not choice.candidates:
                continue
            context = context_features(gaz, choices, pos, state, country_hint)
            choice.features = np.hstack([choice.base, context])
            scores = np.append(choice.features @ w.context[:N_ALL], null_features(choice, context) @ w.context[N_ALL:])
            probs = _softmax(scores)
            choice.probs, choice.null_prob = probs[:-1], float(probs[-1])
        for choice in choices:
            if not choice.fixed and choice.candidates:
                top = int(np.argmax(choice.probs))
                choice.best = top if choice.probs[top] >= choice.null_prob else -1
    _drop_stray_skeleton_matches(gaz, choices, country_hint)


_EXACT = BASE_FEATURES.index("exact_main_name")


def weak_spelling(choice: NameChoice, position: int) -> bool:
    """The candidate's own name (main or shown) is not the name as written: it was
    found through one of its alternate names ('Al-Quriyah' is listed for Korla in
    China, 'Zara' for Zadar) or a looser name key ('Tokhar' for Tokār, Sudan)."""
    return bool(len(choice.base)) and not choice.base[position, _EXACT]


#: A city this big is known by many spellings the world over ('Kiev' for Kyiv).
WORLD_CITY_POPULATION = 1_000_000
_ADMIN_WORD = re.compile(r"\s+(?:county|parish|district|province|governorate|region|state)$", re.IGNORECASE)


def _foreign_spelling_matters(choice: NameChoice, rec: Record) -> bool:
    """Whether another spelling than the place's own makes the reading suspect.  It
    does for towns and regions (Malé and the atoll Maale carry the spelling of Syria's
    al-Malaah), not for a world city or a sea ('Kiev' for Kyiv, 'the Mediterranean'),
    nor for a district named without its admin word ('Pointe Coupee' for its parish)."""
    if not rec.country_code or rec.population >= WORLD_CITY_POPULATION:
        return False
    own = fold(_ADMIN_WORD.sub("", rec.name)).replace(" ", "")
    return own != fold(_ADMIN_WORD.sub("", choice.text)).replace(" ", "")


def _drop_stray_skeleton_matches(gaz: Gazetteer, choices: Sequence[NameChoice], country_hint: str | None) -> None:
    """A skeleton-only match is a guess at a spelling: it is kept only in a country the
    document's other names (or its dateline) point to, else 'Khabur' becomes Kabul.

    A match by another spelling than the place's own name is as weak: foreign towns
    carry the spellings of small Syrian places the gazetteer lacks ('the Syrian village
    of Tokhar' read as Tokar, Sudan), so it too is kept only where the document's other
    names are, and is left unresolved rather than put in a country nothing else in the
    text points to."""
    # Weak readings never vouch for each other ('Tokhar' and 'Tokhar Amnesty International'
    # both read as Tokar): only names read by their main name give the country.
    weak = [c.best >= 0 and not c.fixed and (c.loose or (weak_spelling(c, c.best) and _foreign_spelling_matters(
        c, gaz.record(c.candidates[c.best])))) for c in choices]
    for pos, choice in enumerate(choices):
        if not weak[pos]:
            continue
        countries = {gaz.record(c.candidates[c.best]).country_code for k, c in enumerate(choices)
                     if k != pos and not weak[k] and c.best >= 0}
        countries |= {country_hint.upper()} if country_hint else set()
        rec = gaz.record(choice.candidates[choice.best])
        if countries and rec.country_code not in countries:
            choice.best = -1
        elif choice.cut and not _near_another(gaz, choices, pos, rec) \
                and not (country_hint and rec.country_code == country_hint.upper()):
            # the caller's country ('Manbij Kurdish-led forces' as a movement's end, hint SY)
            # vouches for a cut name as the text's other places would
            choice.best = -1


#: A cut-short name is kept only this close to another place the document names.
CUT_NAME_KM = 300.0


def _near_another(gaz: Gazetteer, choices: Sequence[NameChoice], pos: int, rec: Record) -> bool:
    """A name cut short is only believed beside the story's other places: the same
    country is not enough when a whole local paper is in one country."""
    for k, other in enumerate(choices):
        if k == pos or other.loose or other.best < 0:
            continue
        near = gaz.record(other.candidates[other.best])
        if near.feature_code.startswith("PCL"):
            continue
        if (near.country_code, near.admin1) == (rec.country_code, rec.admin1) and near.admin1:
            return True
        if ranker_km(rec.lat, rec.lon, near.lat, near.lon) <= CUT_NAME_KM:
            return True
    return False


def ranker_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    return float(distances_km(np.array([lat1]), np.array([lon1]), np.array([lat2]), np.array([lon2]))[0, 0])


# -- explanations ---------------------------------------------------------------------
#: feature -> (said when the chosen reading has more of it, said when it has less)
_REASONS = {
    "log_population": ("larger population", "smaller, as the context wants"),
    "largest_population": ("the largest place of that name", ""),
    "is_country": ("a country", "not the country of that name"),
    "is_admin1": ("a first-level region", "the town, not the region of that name"),
    "is_admin2": ("a district", "the town, not the district of that name"),
    "is_capital": ("a capital", ""), "is_seat": ("an administrative seat", ""),
    "is_region": ("a named region", ""),
    "exact_main_name": ("its main name is written exactly so", ""),
    "main_name_key": ("its main name matches", ""),
    "skeleton_only": ("", "spelled as written"),
    "text_says_this_admin_level": ("the text names its kind of region", ""),
    "text_says_admin_not_this": ("", "the text names its kind of region"),
    "region_shadowing_its_seat": ("", "a bare name means the town, not its region"),
    "same_country_as_others": ("in the same country as other places named", ""),
    "same_admin1_as_others": ("in the same region as other places named", ""),
    "others_within_30km": ("other places named lie within 30 km", ""),
    "others_within_100km": ("other places named lie within 100 km", ""),
    "others_within_300km": ("other places named lie within 300 km", ""),
    "focus_distance": ("", "closer to the places the document is about"),
    "skeleton_far_from_focus": ("", "closer to the places the document is about"),
    "dateline_country": ("in the dateline's country", ""),
    "qualifier_contains": ("inside the region named with it", ""),
    "contains_others": ("contains other places named", ""),
    "country_votes": ("in a country other names could be in", ""),
    "admin1_votes": ("in a region other names could be in", ""),
    "inside_named_region": ("inside a region or country the text names", ""),
    "region_among_regions": ("listed among regions of its country", ""),
}


def _label(gaz: Gazetteer, index: int) -> str:
    rec = gaz.record(index)
    return f"{gaz.display_name(index)}, {rec.country_code or 'world'}"


def explain(gaz: Gazetteer, choice: NameChoice, weights: RankerWeights | None = None) -> str:
    """One sentence on why the ranker chose (or refused) a reading of this name."""
    w = weights or shipped_weights()
    n = len(choice.candidates)
    if choice.fixed:
        return "a demonym: the country or region it names"
    if choice.best < 0:
        if not n:
            return "left unresolved: no place of that name in the gazetteer"
        top = int(np.argmax(choice.probs))
        return (f"left unresolved: none of {n} candidates is likely enough "
                f"(best {_label(gaz, choice.candidates[top])}, {choice.probs[top]:.0%})")
    p = float(choice.probs[choice.best])
    if n == 1:
        return f"the only place of that name in the gazetteer ({p:.0%})"
    order = np.argsort(-choice.probs)
    rival = int(order[1]) if int(order[0]) == choice.best else int(order[0])
    diff = choice.features[choice.best] - choice.features[rival]
    gain = w.context[:N_ALL] * diff
    reasons: list[str] = []
    for k in np.argsort(-gain):
        if gain[k] <= 0.05 or len(reasons) == 3:
            break
        more, less = _REASONS.get(FEATURES[k], ("", ""))
        phrase = more if diff[k] > 0 else less
        if phrase and phrase not in reasons:
            reasons.append(phrase)
    why = "; ".join(reasons) or "a higher overall score"
    return (f"chosen over {n - 1} other candidate{'s' if n > 2 else ''} ({p:.0%}; next "
            f"{_label(gaz, choice.candidates[rival])}) because: {why}")
