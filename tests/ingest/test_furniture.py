"""Site furniture is judged by the shape of a line, whatever the site."""
from __future__ import annotations

import pytest

from tocsin.ingest.cleanup import parse_body, parse_plain_text
from tocsin.ingest.furniture import drop_furniture, furniture_kind, is_section_label


@pytest.mark.parametrize(("line", "kind"), [
    ("Region: Middle East & North Africa, USA", "label"),
    ("Theme: Intelligence, Terrorism, US NATO War Agenda", "label"),
    ("In-depth Report: SYRIA", "label"),
    ("Tags: ISIS, Syria, Iraq, Raqqa", "label"),
    ("Topics: Democratic Republic of Congo | M23 | Conflict", "label"),
    ("Filed under: World, Africa", "label"),
    ("Tags: isis, syria, raqqa offensive", "label"),
    ("Topics: civil war | refugees", "label"),
    ("ISIS | Syria | Iraq | Raqqa", "tags"),
    ("Home > World > Middle East", "tags"),
    ("Share Facebook Twitter Email Print", "share"),
    ("Share this story", "share"),
    ("Print", "share"),
    ("Related", "related"),
    ("More from Lakeside Wire", "related"),
    ("Most Read", "related"),
    ("You may also like", "related"),
])
def test_furniture_lines(line: str, kind: str) -> None:
    assert furniture_kind(line) == kind


@pytest.mark.parametrize("line", [
    "Opinion: If Raqqa holds, Iraq could be next",
    "DEIR EL-ZOUR: Clashes resumed.",
    "BEIRUT: Rebels shelled army posts",
    "UPDATE: Rebels Seize Tessel Airport",
    "Casualties: 12 killed, 40 wounded",
    "Syria, Iraq and Turkey",
    "Aleppo, Syria",
    "Photo: Ana Pell",
    "Rebels said the road to Raqqa was open, and the army said nothing.",
    "Note: the figures could not be verified.",
    "Tags: the group said it would return",
    "Region: fighting resumed.",
])
def test_prose_and_captions_are_not_furniture(line: str) -> None:
    assert furniture_kind(line) is None


def test_the_site_name_alone_on_a_line_is_furniture() -> None:
    assert furniture_kind("The Harbour Review", ["The Harbour Review"]) == "site"
    assert furniture_kind("The Harbour Review") is None


@pytest.mark.parametrize(("line", "expected"), [
    ("Local News", True), ("In-depth Report", True), ("Africa", True),
    ("Airport taken", False), ("Why Baghdad should worry", False), ("Rebels took the town.", False),
])
def test_section_labels(line: str, expected: bool) -> None:
    assert is_section_label(line) is expected


def test_related_block_headlines_go_until_prose_resumes() -> None:
    units = ["Rebels took the town on Friday.", "Related", "Iraq's army under strain", "Who funds the war?",
             "The army said it would retake the town within a week."]
    kept, removed = drop_furniture(units)
    assert kept == [units[0], units[4]]
    assert removed == units[1:4]


def test_header_furniture_never_glues_to_the_lead() -> None:
    # A site name and section labels above the headline: the lead starts clean.
    raw = ("The Harbour Review\nRegion: Middle East & North Africa, USA\nTheme: Intelligence, Terrorism\n"
           "In-depth Report: SYRIA\n\nThe retreat nobody wanted to see\nBy Ines Calder\n"
           "The Harbour Review, March 21, 2014\n\n"
           "The group withdrew its fighters from Idlib on Friday, a Beirut daily reported.\n")
    parsed = parse_plain_text(raw)
    assert parsed.title == "The retreat nobody wanted to see"
    assert parsed.publisher == "The Harbour Review" and parsed.author == "Ines Calder"
    assert parsed.body == "The group withdrew its fighters from Idlib on Friday, a Beirut daily reported."
    assert "Region: Middle East & North Africa, USA" in parsed.removed


def test_inline_label_run_before_the_lead_is_cut() -> None:
    text = ("Region: Middle East Theme: Terrorism, Intelligence In-depth Report: SYRIA "
            "The group withdrew its fighters from Idlib on Friday, activists said.")
    assert parse_body(text).body == "The group withdrew its fighters from Idlib on Friday, activists said."


def test_inline_label_run_after_the_last_sentence_is_cut() -> None:
    text = ("The group withdrew its fighters from Idlib on Friday, activists said. It moved them east. "
            "Region: Middle East & North Africa Theme: Terrorism In-depth Report: SYRIA")
    parsed = parse_body(text)
    assert parsed.body == "The group withdrew its fighters from Idlib on Friday, activists said. It moved them east."
    assert "Region: Middle East & North Africa Theme: Terrorism In-depth Report: SYRIA" in parsed.removed


def test_a_colon_inside_a_sentence_is_kept() -> None:
    text = "The army said on Monday that it held three towns. Officials named them: Raqqa, Tabqa and Manbij."
    assert parse_body(text).body == text


def test_a_label_that_opens_prose_is_kept() -> None:
    text = "Editor's note: The group withdrew its fighters from Idlib on Friday, activists said."
    assert parse_body(text).body == text


def test_subheadings_inside_the_article_are_kept() -> None:
    body = parse_body("Rebels took the town on Friday, residents said.\n\nAirport taken\n\n"
                      "The rebels also took the airport, a spokesman said.").body
    assert "Airport taken" in body


def test_footer_links_after_the_last_paragraph_are_dropped() -> None:
    parsed = parse_body("Rebels took the town on Friday, residents said.\n\nAbout Us\n\nPrivacy Policy")
    assert parsed.body == "Rebels took the town on Friday, residents said."


# -- properties --------------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = st.sampled_from("rebels army town said the of in took fighters on Friday police two were killed "
                         "Raqqa Mosul convoy residents near east withdrew from after".split())
_SENTENCES = st.lists(_WORDS, min_size=8, max_size=25).map(lambda ws: " ".join(ws).capitalize() + ".")
_FURNITURE = st.sampled_from(["Region: Middle East, USA", "Tags: ISIS, Syria", "Share Facebook Twitter",
                              "Related", "Most Read", "In-depth Report: SYRIA", "Print", "ISIS | Syria | Iraq"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_SENTENCES, _FURNITURE), min_size=1, max_size=10))
def test_sentences_are_never_furniture_and_words_keep_their_order(units: list[str]) -> None:
    text = "\n\n".join(units)
    parsed = parse_body(text)
    body_words = parsed.body.split()
    remaining = iter(text.split())
    assert all(any(word == other for other in remaining) for word in body_words)
    for unit in units:
        if unit.endswith(".") and len(unit.split()) >= 8:
            assert unit in parsed.body.split("\n\n")
