"""Event place: where the event happened, not where it was spoken about.

Places are hand-made so these tests read only the parse, not the gazetteer.
"""
from __future__ import annotations

import pytest

from tocsin.geo import event_place_frame as frame
from tocsin.geo.event_place import event_place
from tocsin.models import Mention, Place

pytestmark = pytest.mark.slow

_TOWNS = {
    "Damascus": ("SY", 33.51, 36.29), "Homs": ("SY", 34.73, 36.72),
    "Ankara": ("TR", 39.93, 32.86), "Kobani": ("SY", 36.89, 38.35),
    "Moscow": ("RU", 55.75, 37.62), "Palmyra": ("SY", 34.56, 38.27),
    "Amman": ("JO", 31.95, 35.93), "Daraa": ("SY", 32.62, 36.10),
    "Erbil": ("IQ", 36.19, 44.01), "Kirkuk": ("IQ", 35.47, 44.39),
    "Tikrit": ("IQ", 34.60, 43.68), "Baghdad": ("IQ", 33.31, 44.36),
    "Mosul": ("IQ", 36.34, 43.13), "Beirut": ("LB", 33.89, 35.50),
}


def places(text: str, labels: dict[str, str] | None = None) -> list[tuple[Mention, Place]]:
    """Every known town named in `text`, as the geoparser would hand them over."""
    out = []
    for name, (cc, lat, lon) in _TOWNS.items():
        at = text.find(name)
        if at >= 0:
            label = (labels or {}).get(name, "GPE")
            out.append((Mention(name, at, at + len(name), label),
                        Place(name, lat, lon, country_code=cc, precision="city")))
    return out


def pick(nlp, text: str, labels: dict[str, str] | None = None) -> str | None:
    doc = nlp(text)
    place = event_place(next(iter(doc.sents)), places(text, labels))
    return place.name if place else None


@pytest.mark.parametrize("text, scene", [
    ("The information minister said in Damascus that rebel mortars had hit a market in Homs.",
     "Homs"),
    ("Turkish officials told a news conference in Ankara that militants had shelled a border "
     "post near Kobani.", "Kobani"),
    ("Speaking from Moscow, a defence ministry spokesman said bombers had struck depots near "
     "Palmyra.", "Palmyra"),
    ("A Jordanian army officer told reporters in Amman that fighting had broken out in Daraa.",
     "Daraa"),
])
def test_the_reported_clause_beats_the_speech_frame(nlp, text, scene):
    assert pick(nlp, text) == scene


def test_a_speech_frame_alone_is_no_scene(nlp):
    # The caller falls back to the document's focus, which beats the capital.
    assert pick(nlp, "The governor told reporters in Erbil that the whole province had fallen.") \
        is None


def test_a_source_in_a_town_still_counts_when_nothing_else_is_named(nlp):
    # Local sources are usually where the event was: only the speech act is dropped.
    assert pick(nlp, "A police officer in Kirkuk said three guards were killed overnight.") \
        == "Kirkuk"


def test_a_government_named_by_its_capital_is_not_the_scene(nlp):
    text = "Moscow said its aircraft had bombed depots outside Palmyra."
    assert pick(nlp, text, labels={"Moscow": "ORG"}) == "Palmyra"


def test_a_capital_as_speaker_is_the_frame_even_when_not_relabelled(nlp):
    doc = nlp("Ankara denied that its soldiers had crossed into Kobani.")
    tokens = doc[0:1]
    assert frame.role(tokens) == "frame"


def test_a_based_modifier_is_never_the_scene(nlp):
    assert pick(nlp, "Militiamen stormed a checkpoint, the Beirut-based channel reported.") is None


def test_the_target_of_a_capture_beats_the_direction_of_the_advance(nlp):
    text = ("Insurgents captured Tikrit on Wednesday, pushing on from Mosul toward Baghdad, "
            "security officials said.")
    assert pick(nlp, text) == "Tikrit"


def test_a_place_in_the_reported_clause_is_marked_reported(nlp):
    doc = nlp("Rebels shelled a school in Homs, activists said.")
    homs = next(t for t in doc if t.text == "Homs")
    assert frame.role(doc[homs.i:homs.i + 1]) == "reported"


def test_the_anchor_is_the_reported_clause_of_a_reporting_root(nlp):
    doc = nlp("Rebels shelled a school in Homs, activists said.")
    assert frame.event_anchor(next(iter(doc.sents))).lemma_ == "shell"


def test_a_country_that_only_acts_is_not_the_scene(nlp):
    # The caller's document focus is a better guess than the country's centroid.
    text = "Russias Aerospace Forces carry out up to 150 strikes per day on rebel positions."
    doc = nlp(text)
    russia = (Mention("Russia", 0, 6, "GPE"),
              Place("Russia", 61.5, 105.3, country_code="RU", precision="country"))
    assert event_place(next(iter(doc.sents)), [russia]) is None


def test_a_country_a_preposition_places_the_event_in_is_the_scene(nlp):
    text = "Clashes broke out in northern Syria on Monday."
    at = text.index("Syria")
    syria = (Mention("Syria", at, at + 5, "GPE"),
             Place("Syria", 35.0, 38.0, country_code="SY", precision="country"))
    assert event_place(next(iter(nlp(text).sents)), [syria]) == syria[1]


def test_a_capital_in_the_possessive_is_its_government(nlp):
    text = "The monitor disagreed with Moscows report on the strikes."
    at = text.index("Moscow")
    moscow = (Mention("Moscow", at, at + 6, "GPE"),
              Place("Moscow", 55.75, 37.62, country_code="RU", precision="city", feature_code="PPLC"))
    assert event_place(next(iter(nlp(text).sents)), [moscow]) is None
    text = "Rockets hit Moscow's airport."
    moscow = (Mention("Moscow", 12, 18, "GPE"), moscow[1])
    assert event_place(next(iter(nlp(text).sents)), [moscow]) == moscow[1]


def test_speaking_by_telephone_from_a_country_is_the_frame(nlp):
    assert pick(nlp, "Eleven men were executed, the director said by telephone from Moscow.") is None


def test_a_country_called_on_is_not_the_scene(nlp):
    text = "The envoy called on Jordan to open the crossing."
    at = text.index("Jordan")
    jordan = (Mention("Jordan", at, at + 6, "GPE"),
              Place("Jordan", 31.0, 36.0, country_code="JO", precision="country"))
    assert event_place(next(iter(nlp(text).sents)), [jordan]) is None


def test_where_a_group_is_banned_is_not_the_scene(nlp):
    text = "Fighters of the group (banned in Jordan) stormed a checkpoint near Daraa."
    at = text.index("Jordan")
    found = places(text) + [(Mention("Jordan", at, at + 6, "GPE"),
                             Place("Jordan", 31.0, 36.0, country_code="JO", precision="country"))]
    assert pick_from(nlp, text, found) == "Daraa"
    only = "Members of the group, outlawed in Jordan, were arrested."
    at = only.index("Jordan")
    assert event_place(next(iter(nlp(only).sents)), [(Mention("Jordan", at, at + 6, "GPE"),
                       Place("Amman", 31.95, 35.93, country_code="JO", precision="city"))]) is None


def pick_from(nlp, text, found):
    place = event_place(next(iter(nlp(text).sents)), found)
    return place.name if place else None
