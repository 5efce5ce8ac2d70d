"""Document focus: a foreign power named as an actor casts no vote for its country.

Places are hand-made, so the test reads only the parse and the vote.
"""
from __future__ import annotations

import pytest

from tocsin.extract.events import EventExtractor
from tocsin.geo.event_place import names_an_actor
from tocsin.models import Article, Mention, Place

pytestmark = pytest.mark.slow

_PLACES = {
    "Russian": Place("Russia", 61.5, 105.3, country_code="RU", precision="country"),
    "Syria": Place("Syria", 35.0, 38.0, country_code="SY", precision="country"),
    "Saraqeb": Place("Saraqeb", 35.86, 36.80, country_code="SY", precision="city"),
    "Kilis": Place("Kilis", 36.72, 37.12, country_code="TR", precision="city"),
}
_LABELS = {"Russian": "NORP"}


class _Geocoder:
    """What the focus reads of a geocoder: the actor test, and no dateline."""

    def names_an_actor(self, doc, mention, place):
        return names_an_actor(doc, mention, place)

    def find(self, name, country_hint=None):
        return None


def _toponyms(text: str) -> list[tuple[Mention, Place]]:
    out = []
    for name, place in _PLACES.items():
        at = text.find(name)
        while at >= 0:
            out.append((Mention(name, at, at + len(name), _LABELS.get(name, "GPE")), place))
            at = text.find(name, at + 1)
    return sorted(out, key=lambda pair: pair[0].start)


def _focus(nlp, text: str) -> str | None:
    extractor = EventExtractor(_Geocoder(), actors=None)  # type: ignore[arg-type]
    place = extractor._document_focus(Article(id="a", text=text), nlp(text), _toponyms(text))
    return place.name if place else None


def test_foreign_jets_do_not_pull_the_focus_out_of_the_country_they_strike(nlp):
    # Five Russian actors, no Russian place: the story is in Syria, whose one town
    # is the focus, not the Turkish town named twice.
    text = ("Russian jets bombed Saraqeb at dawn. Russian drones circled over Syria all day. "
            "Russian gunships hit targets in Syria. Russian officials said raids in Syria "
            "would go on. Russian bombers flew again at night. Families fled to Kilis, "
            "and aid convoys left Kilis.")
    assert _focus(nlp, text) == "Saraqeb"


def test_a_demonym_of_a_country_with_named_towns_still_votes(nlp):
    # 'Turkish police' names an actor, but Turkey is where Kilis is: not foreign here.
    text = ("Turkish police closed the crossing at Kilis. Turkish officials said Kilis "
            "was calm. Shells fell on Saraqeb.")
    _PLACES["Turkish"] = Place("Turkey", 39.0, 35.0, country_code="TR", precision="country")
    _LABELS["Turkish"] = "NORP"
    try:
        assert _focus(nlp, text) == "Kilis"
    finally:
        del _PLACES["Turkish"], _LABELS["Turkish"]
