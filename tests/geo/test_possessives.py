"""Possessives written without an apostrophe ('Syrias'), organisation acronyms
('UN'), and capitals that speak for their governments ('Beirut said').

Docs are built by hand (no model) over the tiny gazetteer of conftest.py."""
import pytest

from tocsin.geo.recognize import bare_possessive, toponym_mentions

from .conftest import tagged_doc


def found(tagged: str, gaz, scan: bool = False) -> list[tuple[str, str]]:
    return [(m.text, m.label) for m in toponym_mentions(tagged_doc(tagged), gaz, scan=scan)]


def test_bare_possessive_of_a_country_or_big_city(tiny_gazetteer):
    assert bare_possessive(tiny_gazetteer, "Syrias")
    assert bare_possessive(tiny_gazetteer, "Misratas")
    assert not bare_possessive(tiny_gazetteer, "Texas")       # a place in its own right
    assert not bare_possessive(tiny_gazetteer, "Byblos")      # small town, not 'Byblo's'
    assert not bare_possessive(tiny_gazetteer, "syrias")
    assert not bare_possessive(tiny_gazetteer, "Parises")


def test_possessive_inside_an_organisation_entity_splits_into_two_places(tiny_gazetteer):
    """spaCy tags "Syrias Homs" as one ORG: it is Syria, then Homs."""
    assert found("Jets hit Syrias/B-ORG Homs/I-ORG today .", tiny_gazetteer) == [
        ("Syria", "GPE"), ("Homs", "GPE")]


def test_untagged_possessive_is_found_by_the_scan(tiny_gazetteer):
    assert ("Lebanon", "GPE") in found("Lebanons army moved north .", tiny_gazetteer, scan=True)


def test_possessive_mention_covers_the_name_without_its_s(tiny_gazetteer):
    doc = tagged_doc("Jets hit Syrias/B-ORG Homs/I-ORG today .")
    mention = toponym_mentions(doc, tiny_gazetteer, scan=False)[0]
    assert doc.text[mention.start:mention.end] == "Syria"


def test_organisation_acronym_is_not_a_small_town(tiny_gazetteer):
    assert found("The UN/B-ORG condemned it .", tiny_gazetteer) == []


def test_country_acronym_tagged_org_is_still_the_country(tiny_gazetteer):
    assert found("The US/B-ORG condemned it .", tiny_gazetteer) == [("US", "GPE")]


def test_capital_speaking_for_its_government_is_no_scene(tiny_gazetteer):
    assert found("Beirut/B-GPE denied the report .", tiny_gazetteer) == [("Beirut", "ORG")]
    assert found("Beirut/B-GPE has said no .", tiny_gazetteer) == [("Beirut", "ORG")]


def test_capital_as_a_scene_stays_a_place(tiny_gazetteer):
    assert found("A bomb hit Beirut/B-GPE on Monday .", tiny_gazetteer) == [("Beirut", "GPE")]
    assert found("Dallas/B-GPE said no .", tiny_gazetteer) == [("Dallas", "GPE")]  # not a capital


def test_a_dateline_left_in_the_text_is_no_scene(tiny_gazetteer):
    assert ("BEIRUT", "ORG") in found("BEIRUT/B-GPE ( Reuters ) Jets hit Homs/B-GPE .", tiny_gazetteer)
    assert ("Homs", "GPE") in found("BEIRUT/B-GPE ( Reuters ) Jets hit Homs/B-GPE .", tiny_gazetteer)


@pytest.mark.slow
def test_capitals_that_act_for_their_governments_are_no_scene(real_gazetteer, nlp):
    doc = nlp("Washington and Paris say forces loyal to Assad were behind it. "
              "Officials named Moscow and the Syrian regime.")
    labels = {m.text: m.label for m in toponym_mentions(doc, real_gazetteer)}
    assert labels["Washington"] == labels["Paris"] == labels["Moscow"] == "ORG"
