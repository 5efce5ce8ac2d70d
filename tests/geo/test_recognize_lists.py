"""Town names the small English model tags as people or glues into one entity."""
import pytest

from tocsin.geo.recognize_lists import name_parts, place_slot

pytestmark = pytest.mark.slow


def found(geocoder, nlp, text):
    return {m.text: p for m, p in geocoder.geoparse(nlp(text))}


def test_a_stretched_name_keeps_its_particles(geocoder, nlp):
    got = found(geocoder, nlp, "The convoy drove east toward Deir ez-Zor before dawn, a monitor said.")
    assert "Deir ez-Zor" in got and "Deir" not in got
    assert got["Deir ez-Zor"].country_code == "SY"


def test_every_town_of_a_list_after_a_settlement_noun(geocoder, nlp):
    got = found(geocoder, nlp, "Jihadist columns seized the towns of Douentza, Konna and Gao "
                               "in central and northern Mali during 2012.")
    assert {"Douentza", "Gao"} <= set(got)
    assert all(got[name].country_code == "ML" for name in ("Douentza", "Gao"))


def test_a_list_glued_into_one_organisation_is_split(geocoder, nlp):
    got = found(geocoder, nlp, "In Iraq's west, militants took the towns of Hit and Rutba on Friday.")
    assert {"Hit", "Rutba"} <= set(got)
    assert got["Rutba"].country_code == "IQ"


def test_names_after_a_static_preposition_and_a_conjunction(geocoder, nlp):
    got = found(geocoder, nlp, "Turkish artillery fired on positions near Jarablus and Tal Abyad "
                               "in northern Syria overnight.")
    assert {"Jarablus", "Tal Abyad"} <= set(got)
    assert got["Tal Abyad"].country_code == "SY"


def test_a_verb_object_is_a_town_only_in_a_country_the_text_names(geocoder, nlp):
    named = found(geocoder, nlp, "Syrian army units shelled Khan Sheikhoun on Tuesday, "
                                 "opposition activists said.")
    assert named["Khan Sheikhoun"].country_code == "SY"
    unnamed = found(geocoder, nlp, "Police officers captured Khan Sheikhoun after a chase.")
    assert "Khan Sheikhoun" not in unnamed


def test_a_person_who_speaks_is_not_a_town(geocoder, nlp):
    got = found(geocoder, nlp, "In Syria, rebels fought near Jarablus, Abu Kamal said on Monday.")
    assert "Jarablus" in got and "Abu Kamal" not in got


def test_place_slot_reads_the_word_before_the_list(nlp):
    doc = nlp("The army retook the villages of Kafr Zita and Latamneh, then moved on to Suran.")
    kafr = next(t.i for t in doc if t.text == "Kafr")
    latamneh = next(t.i for t in doc if t.text == "Latamneh")
    assert place_slot(doc, kafr) == "strong" and place_slot(doc, latamneh) == "strong"
    said = nlp("Officials said Rami would travel.")
    assert place_slot(said, next(t.i for t in said if t.text == "Rami")) is None


def test_name_parts_split_at_list_words(nlp):
    doc = nlp("Manbij for Jarablus")
    assert [p.text for p in name_parts(doc[0:3])] == ["Manbij", "Jarablus"]
    doc = nlp("the Hit and Rutba")
    assert [p.text for p in name_parts(doc[0:4])] == ["Hit", "Rutba"]


def test_a_name_cut_into_two_entities_is_one_place(geocoder, nlp):
    got = found(geocoder, nlp, "In Syria, two columns moved on to the eastern countryside of Dayr az Zawr "
                               "and to areas near al-Bukamal, facing the Iraqi town of al-Qaim.")
    assert "Zawr" not in got and "Dayr" not in got
    assert got["Dayr az Zawr"].country_code == "SY"
    assert got["al-Bukamal"].country_code == "SY"
    assert got["al-Qaim"].country_code == "IQ"


def test_a_list_town_lies_in_a_country_the_text_names(geocoder, nlp):
    got = found(geocoder, nlp, "In Syria, the army won back the village of al-Tiba east of Aleppo.")
    assert got.get("al-Tiba") is None or got["al-Tiba"].country_code == "SY"
    got = found(geocoder, nlp, "Syrian troops won back the village of al-Tiba in the eastern "
                               "countryside of Aleppo.")
    assert got.get("al-Tiba") is None or got["al-Tiba"].country_code == "SY"



def _coordinated(gaz, tagged):
    from tocsin.geo.recognize_context import doc_clues
    from tocsin.geo.recognize_lists import coordinated_places
    from tocsin.models import Mention

    from .conftest import tagged_doc

    doc = tagged_doc(tagged)
    places = [Mention(e.text, e.start_char, e.end_char, "GPE") for e in doc.ents if e.label_ == "GPE"]
    return [m.text for m in coordinated_places(doc, gaz, places, doc_clues(doc, set()))]


def test_a_town_tagged_person_beside_a_place_of_its_region_is_a_place(tiny_gazetteer):
    assert _coordinated(tiny_gazetteer, "Sales rose in Dallas/B-GPE and Paris/B-PERSON last year") == ["Paris"]
    assert _coordinated(tiny_gazetteer, "Paris/B-PERSON , Dallas/B-GPE and Homs/B-GPE grew") == ["Paris"]


def test_coordination_needs_a_place_of_the_same_region(tiny_gazetteer):
    assert _coordinated(tiny_gazetteer, "Sales rose in Beirut/B-GPE and Misrata/B-PERSON last year") == []
    assert _coordinated(tiny_gazetteer, "Mr Dallas/B-GPE met Paris/B-PERSON") == []


def test_an_untagged_town_in_a_list_with_a_place_of_its_region(tiny_gazetteer):
    assert _coordinated(tiny_gazetteer, "Crews came from Dallas/B-GPE , Paris and Tyler") == ["Paris"]
