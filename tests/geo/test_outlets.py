"""A name that heads an outlet's name is no place, nor is that outlet when it speaks."""
from __future__ import annotations

import pytest

from tocsin.geo.recognize import toponym_mentions

pytestmark = pytest.mark.slow


def labels(nlp, gaz, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in toponym_mentions(nlp(text), gaz)]


def test_a_name_before_news_agency_is_the_outlet(real_gazetteer, nlp):
    found = labels(nlp, real_gazetteer, "The Fars news agency said two officers died near Palmyra.")
    assert ("The Fars", "ORG") in found or ("Fars", "ORG") in found
    assert ("Palmyra", "GPE") in found


def test_the_outlet_speaking_later_is_still_the_outlet(real_gazetteer, nlp):
    text = ("Sfax Radio said the port was closed. Later, Sfax reported that ships were turned "
            "away, and ferries sailed from Sfax again on Friday.")
    found = labels(nlp, real_gazetteer, text)
    assert [label for name, label in found if name == "Sfax"] == ["ORG", "ORG", "GPE"]


def test_a_region_named_with_its_admin_word_stays_a_place(real_gazetteer, nlp):
    text = "The Fars news agency said an earthquake hit Fars province on Monday."
    found = labels(nlp, real_gazetteer, text)
    assert ("Fars province", "ORG") not in found
    assert any(name.startswith("Fars province") and label != "ORG" for name, label in found)
