"""Person names spaCy tags as places, and region demonyms ('Texans').

Docs are built by hand (no model) over the tiny gazetteer, where Byblos is a
small town and Tripoli a capital."""
from spacy.tokens import Doc

from tocsin.geo.geocoder import Geocoder
from tocsin.geo.recognize import toponym_mentions
from tocsin.geo.resolver import demonym_regions

from .conftest import tagged_doc


def names(doc: Doc, gaz) -> list[str]:
    return [m.text for m in toponym_mentions(doc, gaz, scan=False)]


def test_surname_of_a_person_is_not_a_place_anywhere_in_the_document(tiny_gazetteer):
    doc = tagged_doc("Darren/B-PERSON Byblos/I-PERSON opened a shop . Later Byblos/B-GPE sold it "
                 "and Byblos/B-GPE left .")
    assert names(doc, tiny_gazetteer) == []


def test_titled_or_speaking_town_name_is_a_person(tiny_gazetteer):
    assert names(tagged_doc("Mr. Byblos/B-GPE arrived ."), tiny_gazetteer) == []
    assert names(tagged_doc("Then Byblos/B-GPE said no ."), tiny_gazetteer) == []


def test_town_first_in_a_person_entity_stays_a_place(tiny_gazetteer):
    """spaCy tags 'Byblos Fire' (a fire department) PERSON: Byblos is still a town,
    and the department's seat (labelled ORG: never an event's scene)."""
    doc = tagged_doc("Byblos/B-PERSON Fire/I-PERSON came to Byblos/B-GPE quickly .")
    found = toponym_mentions(doc, tiny_gazetteer, scan=False)
    assert [(m.text, m.label) for m in found] == [("Byblos", "ORG"), ("Byblos", "GPE")]


def test_capital_that_speaks_keeps_its_place_reading(tiny_gazetteer):
    assert names(tagged_doc("Tripoli/B-GPE said talks failed ."), tiny_gazetteer) == ["Tripoli"]


def test_two_word_person_entity_that_is_a_region_is_rescued(tiny_gazetteer):
    doc = tagged_doc("They fled Ar/B-PERSON Raqqah/I-PERSON .")
    assert names(doc, tiny_gazetteer) == ["Ar Raqqah"]


def test_two_word_person_entity_ending_in_a_town_is_a_person(tiny_gazetteer):
    assert names(tagged_doc("Ali/B-PERSON Byblos/I-PERSON left ."), tiny_gazetteer) == []


def test_region_demonyms(tiny_gazetteer):
    texas = [i for i in tiny_gazetteer.candidates("Texas") if tiny_gazetteer.record(i).feature_code == "ADM1"]
    assert demonym_regions(tiny_gazetteer, "Texans") == texas
    assert demonym_regions(tiny_gazetteer, "Byblosan") == []      # a town is not a region
    assert demonym_regions(tiny_gazetteer, "Dan") == []


def test_region_demonym_resolves_to_the_region(tiny_gazetteer):
    place = Geocoder(tiny_gazetteer).find("Texans")
    assert place is not None and place.precision == "admin1" and place.admin1 == "Texas"
