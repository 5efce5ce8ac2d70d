"""Plain-text parsing: headline, byline, publisher line, dateline, boilerplate, captions."""
from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.ingest.boilerplate import clean_body, split_units
from tocsin.ingest.bylines import parse_byline
from tocsin.ingest.cleanup import find_dateline, parse_body, parse_date_line, parse_plain_text

ARTICLE = """Rebels withdraw from hill town of Exampleville

By Jane Roe and Sam Lee
Global Courier, June 13, 2014

EXAMPLEVILLE, Northland (Reuters) - Rebel fighters pulled out of the hill town of
Exampleville on Thursday after the army cut their supply line, residents said.

Photo: A burned truck lies on the road out of Exampleville

Two civilians were wounded by a mortar round near the market, a doctor said.

The views expressed in this article are solely those of the author.
© 2014 Global Courier. All rights reserved.
Share this article
"""


def test_full_article() -> None:
    parsed = parse_plain_text(ARTICLE)
    assert parsed.title == "Rebels withdraw from hill town of Exampleville"
    assert parsed.author == "Jane Roe and Sam Lee"
    assert parsed.publisher == "Global Courier"
    assert parsed.published == datetime(2014, 6, 13)
    assert parsed.dateline_place == "EXAMPLEVILLE, Northland"
    # dateline prefix stripped, hard-wrapped lines joined, words kept
    assert parsed.body.startswith("Rebel fighters pulled out of the hill town of Exampleville on Thursday")
    assert "EXAMPLEVILLE" not in parsed.body
    assert len(parsed.captions) == 1
    start, end = parsed.captions[0]
    assert parsed.body[start:end] == "Photo: A burned truck lies on the road out of Exampleville"
    assert parsed.removed == (
        "The views expressed in this article are solely those of the author.",
        "© 2014 Global Courier. All rights reserved.",
        "Share this article",
    )
    assert parsed.body.endswith("a doctor said.")


def test_dateline_agency_is_the_publisher_when_none_is_given() -> None:
    parsed = parse_plain_text("ALEPPO, Syria (Reuters) - Shelling hit the old city overnight, residents said.")
    assert (parsed.publisher, parsed.dateline_place) == ("Reuters", "ALEPPO, Syria")
    assert parsed.body == "Shelling hit the old city overnight, residents said."


def test_text_without_header_is_all_body() -> None:
    text = "Militants attacked a checkpoint near the river crossing on Monday, police said."
    parsed = parse_plain_text(text)
    assert parsed.title is None and parsed.author is None
    assert parsed.body == text


def test_wrapped_first_line_is_not_a_title() -> None:
    parsed = parse_plain_text("The army said on Monday it had retaken the hill town\nof Exampleville after a week.")
    assert parsed.title is None
    assert parsed.body == "The army said on Monday it had retaken the hill town of Exampleville after a week."


def test_lone_short_line_is_kept_as_body() -> None:
    parsed = parse_plain_text("Curfew declared in Oldmere")
    assert parsed.body == "Curfew declared in Oldmere" and parsed.title is None


@pytest.mark.parametrize(("line", "author", "publisher"), [
    ("By John Smith", "John Smith", None),
    ("By John Smith and Jane Doe", "John Smith and Jane Doe", None),
    ("By John Smith, Reuters", "John Smith", "Reuters"),
    ("By Amira Haddad for The Valley Post", "Amira Haddad", "The Valley Post"),
    ("By Sam Lee, Staff Writer", "Sam Lee", None),
])
def test_bylines(line: str, author: str, publisher: str | None) -> None:
    byline = parse_byline(line)
    assert byline is not None and (byline.author, byline.publisher) == (author, publisher)


@pytest.mark.parametrize("line", [
    "By Tuesday, the army had retaken the crossing.",
    "by the end of the week",
    "Bystanders fled the square.",
])
def test_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(("line", "publisher", "published"), [
    ("Global Research, June 13, 2014", "Global Research", datetime(2014, 6, 13)),
    ("Reuters | 12 March 2014", "Reuters", datetime(2014, 3, 12)),
    ("12 March 2014 | Reuters", "Reuters", datetime(2014, 3, 12)),
    ("Published: 2015-07-01", None, datetime(2015, 7, 1)),
])
def test_publisher_date_lines(line: str, publisher: str | None, published: datetime) -> None:
    assert parse_date_line(line) == (publisher, published)


def test_sentence_is_not_a_date_line() -> None:
    assert parse_date_line("Fighting resumed on June 13, 2014 after a short truce ended badly.") is None


@pytest.mark.parametrize(("unit", "place", "date_text", "rest"), [
    ("BAGHDAD, June 10 -- Militants seized the airport.", "BAGHDAD", "June 10", "Militants seized the airport."),
    ("RAQQA, Syria (Reuters) - Islamic State fighters left.", "RAQQA, Syria", None, "Islamic State fighters left."),
    ("BEIRUT — The army said it shelled the hills.", "BEIRUT", None, "The army said it shelled the hills."),
    ("Beirut (AFP) - Rebels said they held the road.", "Beirut", None, "Rebels said they held the road."),
    ("DEIR EL-ZOUR: Clashes resumed.", "DEIR EL-ZOUR", None, "Clashes resumed."),
])
def test_datelines(unit: str, place: str, date_text: str | None, rest: str) -> None:
    dateline = find_dateline(unit)
    assert dateline is not None
    assert (dateline.place, dateline.date_text, unit[dateline.end:]) == (place, date_text, rest)


@pytest.mark.parametrize("unit", [
    "UPDATE - the toll rose to nine.",
    "Rebels - who had held the town - left.",
    "The army said on Monday it had retaken the town.",
])
def test_not_datelines(unit: str) -> None:
    assert find_dateline(unit) is None


@pytest.mark.parametrize("line", [
    "The views expressed in this article are the author's own.",
    "Copyright 2015 Valley Post",
    "(c) 2015 Valley Post",
    "Become a member of the Valley Post today for full access.",
    "Please comment on our Facebook page.",
    "For media inquiries please write to the press office.",
    "Share this article",
    "Click here to read the full report.",
    "All rights reserved.",
    "(Reporting by Ana Pell; Editing by Tom Gray)",
    "Visit and follow us on Instagram at @valleypost.",
    "Subscribe to the Valley Post newsletter",
    "Click the share button above to email this article to your friends.",
    "Url of this article: https://valleypost.example/2015/bridge",
    "Our Standards: The Valley Post Trust Principles.",
    "Story continues below advertisement",
    "Topics",
    "Filed under",
])
def test_boilerplate_removed(line: str) -> None:
    body, _, removed = clean_body("The bridge reopened on Sunday.\n\n" + line)
    assert body == "The bridge reopened on Sunday." and removed == (line,)


def test_long_paragraph_mentioning_copyright_is_kept() -> None:
    paragraph = ("The court heard that the militia had seized the printing house and claimed copyright over "
                 "leaflets it distributed in three villages, " * 6)
    body, _, removed = clean_body(paragraph)
    assert removed == () and body == paragraph.strip()


@pytest.mark.parametrize("line", [
    "Image: Smoke over the eastern district",
    "Photo: Ana Pell",
    "(Photo: courtesy of the council)",
    "Caption: Families queue for bread",
    "Residents inspect a damaged house in Oldmere (Reuters)",
    "Displaced families at a camp near the border (AFP)",
    "Featured image: a burned truck on the road out of Oldmere",
    "Image is from the council's website",
])
def test_captions_kept_and_marked(line: str) -> None:
    body, captions, removed = clean_body(f"The town was quiet.\n\n{line}\n\nShops reopened.")
    assert removed == ()
    assert [body[start:end] for start, end in captions] == [line]


def test_hard_wrapped_lines_are_joined_but_short_lines_are_not() -> None:
    units = split_units("Crossing closed\nThe crossing at Tessel was closed on Monday after heavy\n"
                        "shelling, officials said.\nNo one was hurt.")
    assert units == ["Crossing closed",
                     "The crossing at Tessel was closed on Monday after heavy shelling, officials said.",
                     "No one was hurt."]


def test_parse_body_strips_leading_date_and_headline() -> None:
    parsed = parse_body("Wed 05 Apr 2017 Market burns in Tessel. A fire destroyed the market overnight.",
                        title="Market burns in Tessel")
    assert parsed.body == "A fire destroyed the market overnight."
    assert parsed.published == datetime(2017, 4, 5)


def test_parse_body_drops_repeated_headline_paragraph() -> None:
    parsed = parse_body("Market burns\nA fire destroyed the market overnight.", title="Market burns")
    assert parsed.body == "A fire destroyed the market overnight."


# --- properties -----------------------------------------------------------

_lines = st.lists(
    st.one_of(
        st.text(min_size=0, max_size=80),
        st.sampled_from(["", "By Ana Pell", "Photo: a truck", "Share this article", "BEIRUT — Shots.",
                         "Valley Post, June 3, 2015", "© 2015 Valley Post", "By Tom and Ana"]),
    ),
    max_size=12,
)


def _is_subsequence(small: list[str], big: list[str]) -> bool:
    remaining = iter(big)
    return all(any(word == other for other in remaining) for word in small)


@settings(max_examples=300, deadline=None)
@given(_lines)
def test_parse_plain_text_never_crashes_and_keeps_words_in_order(lines: list[str]) -> None:
    raw = "\n".join(lines)
    parsed = parse_plain_text(raw)
    raw_words = raw.split()
    assert _is_subsequence(parsed.body.split(), raw_words)
    for start, end in parsed.captions:
        assert 0 <= start < end <= len(parsed.body)
        assert parsed.body[start:end].strip() == parsed.body[start:end]
    if parsed.title is not None:
        assert parsed.title in raw
    if raw.strip():
        assert parsed.body.strip() or parsed.removed or parsed.title or parsed.author or parsed.published


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_clean_body_offsets_lie_inside_body(text: str) -> None:
    body, captions, removed = clean_body(text)
    assert _is_subsequence(body.split(), text.split())
    assert all(0 <= start < end <= len(body) for start, end in captions)
    assert all(_is_subsequence(unit.split(), text.split()) for unit in removed)


# -- web furniture inside one-paragraph texts ------------------------------------

def test_mid_text_tag_run_is_cut_and_the_article_resumes():
    text = ("Jets struck a bakery in Northtown on Monday. Tags Northland bakery airstrike Northtown "
            "Rebels Jets from the air force hit the bakery at dawn and killed four people, medics said.")
    body = parse_body(text).body
    assert "Tags" not in body and "bakery airstrike" not in body
    assert body.startswith("Jets struck a bakery in Northtown on Monday.")
    assert "Jets from the air force hit the bakery at dawn" in body


def test_tag_run_ending_with_a_full_stop_is_cut_to_the_stop():
    text = "Shelling hit the port. Tags Northland port shelling. Two ships were damaged in the port."
    assert parse_body(text).body == "Shelling hit the port. Two ships were damaged in the port."


def test_trailing_tag_run_is_cut_entirely():
    text = "Shelling hit the port on Friday, officials said. Tags port shelling Northland Southland"
    parsed = parse_body(text)
    assert parsed.body == "Shelling hit the port on Friday, officials said."
    assert any(r.startswith("Tags port") for r in parsed.removed)


def test_tags_as_a_word_of_prose_is_kept():
    text = "Tags were fitted to the birds last year. Tags on the nets showed the owner."
    assert parse_body(text).body == text


def test_glued_last_updated_date_is_read_and_removed():
    parsed = parse_body("Last updated at Mar 052019 Rebels shelled the market on Sunday.")
    assert parsed.body == "Rebels shelled the market on Sunday."
    assert parsed.published == datetime(2019, 3, 5)


def test_date_of_publication_and_video_label_are_removed():
    parsed = parse_body("Date of publication 9 May 2018 Video More than 20 people were hurt in the blast.")
    assert parsed.body == "More than 20 people were hurt in the blast."
    assert parsed.published == datetime(2018, 5, 9)


def test_posted_on_with_byline_is_removed():
    parsed = parse_body("Posted on June 3 2018 by Kim Park Rebels Take Hill Rebels took the hill.")
    assert parsed.body == "Rebels Take Hill Rebels took the hill."
    assert parsed.published == datetime(2018, 6, 3)


def test_print_tweet_views_header_is_removed():
    text = ("Blast kills five in Northtown Wire Service Friday 4 Jan 2019 Print Tweet Views 2301 "
            "A car bomb killed five people in Northtown on Friday.")
    assert parse_body(text).body == "A car bomb killed five people in Northtown on Friday."


def test_trailing_related_headlines_and_read_also_are_removed():
    text = ("A car bomb killed five people in Northtown on Friday, police said. The toll may rise. "
            "Source Wire and agencies Related News Floods Hit Southland | Talks Resume In Capital")
    assert parse_body(text).body == ("A car bomb killed five people in Northtown on Friday, police said. "
                                     "The toll may rise.")
    assert parse_body("Police said five people died in the blast on Friday. Read Also").body == \
        "Police said five people died in the blast on Friday."


def test_share_and_read_more_links_are_removed_inline():
    text = "Five people died in the blast. Read more here Another Blast Story Police closed the road."
    assert parse_body(text).body == "Five people died in the blast. Another Blast Story Police closed the road."


# -- datelines with countries of several words, joint datelines, zones ----------------

@pytest.mark.parametrize(("unit", "place", "also", "rest"), [
    ("GOMA, Democratic Republic of Congo — Rebels entered the city.", "GOMA, Democratic Republic of Congo", (),
     "Rebels entered the city."),
    ("KHARTOUM/CAIRO — The army and the RSF fought on.", "KHARTOUM", ("CAIRO",), "The army and the RSF fought on."),
    ("KHARTOUM/CAIRO (Reuters) - Fighting resumed.", "KHARTOUM", ("CAIRO",), "Fighting resumed."),
    ("Goma, Democratic Republic of the Congo — Rebels entered the city.",
     "Goma, Democratic Republic of the Congo", (), "Rebels entered the city."),
    ("ST. LOUIS — Protesters marched downtown.", "ST. LOUIS", (), "Protesters marched downtown."),
    ("UNITED NATIONS (AP) — The council met.", "UNITED NATIONS", (), "The council met."),
])
def test_datelines_of_many_words_and_joint_datelines(unit: str, place: str, also: tuple[str, ...],
                                                     rest: str) -> None:
    dateline = find_dateline(unit)
    assert dateline is not None
    assert (dateline.place, dateline.also, unit[dateline.end:]) == (place, also, rest)


@pytest.mark.parametrize("unit", [
    "Joseph Kabila, President of Congo — who had promised talks — left.",
    "Rebels, Fighters and Others - all of them left.",
])
def test_title_case_prose_is_not_a_dateline(unit: str) -> None:
    assert find_dateline(unit) is None


def test_joint_dateline_is_read_off_the_lead() -> None:
    parsed = parse_plain_text("Fighting spreads\n\nKHARTOUM/CAIRO — The army and the RSF fought on Sunday.")
    assert parsed.dateline_place == "KHARTOUM"
    assert parsed.body == "The army and the RSF fought on Sunday."


def test_date_line_keeps_the_time_and_zone() -> None:
    parsed = parse_plain_text("Fighting spreads\nNile Desk | April 16, 2023 2:30 PM GMT+2\n\nThe army fought on.")
    assert parsed.publisher == "Nile Desk"
    assert (parsed.published, parsed.published_offset_minutes) == (datetime(2023, 4, 16, 12, 30), 120)


def test_captions_the_page_marked_are_kept_and_marked() -> None:
    caption = "Fighters on the main road into Goma on Tuesday."
    parsed = parse_body(f"Rebels entered Goma.\n\n{caption}\n\nResidents stayed indoors.", captions={caption})
    assert [parsed.body[s:e] for s, e in parsed.captions] == [caption]
    assert caption in parsed.body


@pytest.mark.parametrize("line", [
    "Rebels posted a comment on their Twitter account claiming the attack.",
    "The group urged its followers to subscribe to the channel on Telegram.",
    "The statement does not necessarily reflect a change of course, diplomats said.",
])
def test_prose_that_mentions_social_media_is_not_boilerplate(line: str) -> None:
    body, _, removed = clean_body("The bridge reopened on Sunday.\n\n" + line)
    assert removed == () and body.endswith(line)


# --- headlines written as sentences; genre labels on their own line (issue 8 section 6) ---

HEADLINE_WITH_STOPS = """Northern Desk Online
Region: Eastern Provinces
Theme: Insurgency, Security

Opinion

The Column Moved Out. Nobody Watched.

By Ana Ortega
Northern Desk Online, April 9, 2019

The convoy left the valley at night. Its commander had promised to hold the road.
"""


def test_a_headline_of_two_sentences_above_a_byline_is_still_the_headline():
    parsed = parse_plain_text(HEADLINE_WITH_STOPS)
    assert parsed.title == "The Column Moved Out. Nobody Watched."
    assert parsed.author == "Ana Ortega"
    assert parsed.publisher == "Northern Desk Online"
    assert parsed.published == datetime(2019, 4, 9)
    assert parsed.body.startswith("The convoy left the valley at night.")
    assert "Northern Desk Online" not in parsed.body and "By Ana" not in parsed.body


def test_a_sentence_with_a_full_stop_and_no_byline_after_it_is_body():
    parsed = parse_plain_text("Rebels leave the valley\n\nThe convoy left at night.\n\n"
                              "Its commander had promised to hold the road.\n")
    assert parsed.title == "Rebels leave the valley"
    assert parsed.body.startswith("The convoy left at night.")


@pytest.mark.parametrize("label", ["Opinion", "ANALYSIS", "Analysis | Afghanistan",
                                   "Comment: Sahel", "Op-Ed"])
def test_a_genre_label_line_in_the_header_marks_the_piece(label):
    parsed = parse_plain_text(HEADLINE_WITH_STOPS.replace("Opinion", label))
    assert parsed.opinion_label
    assert label not in parsed.body


def test_no_genre_label_no_mark():
    assert not parse_plain_text(HEADLINE_WITH_STOPS.replace("Opinion\n\n", "")).opinion_label
    assert not parse_plain_text(ARTICLE).opinion_label


def test_an_article_with_a_genre_label_is_opinion_from_ingest():
    from tocsin.ingest.build import from_plain_text
    from tocsin.models import Article

    column, news = from_plain_text(HEADLINE_WITH_STOPS, "column.txt"), from_plain_text(ARTICLE, "a.txt")
    assert isinstance(column, Article) and column.genre == "opinion"
    assert isinstance(news, Article) and news.genre == "news"


LABELLED_HEADER = """Title: Rebels leave the hill towns
Source: Harbour Ledger
Author: Amal Haddad
Published: 2021-04-18
Genre: {genre}

HILLTOWN, Northland (HLS) - Rebel fighters pulled out of two hill towns on Friday.
"""


@pytest.mark.parametrize("genre, opinion", [("opinion", True), ("Analysis", True), ("news", False)])
def test_labelled_header_fields_are_read_by_their_key(genre: str, opinion: bool) -> None:
    parsed = parse_plain_text(LABELLED_HEADER.format(genre=genre))
    assert parsed.title == "Rebels leave the hill towns"       # not "Title: Rebels ..."
    assert parsed.publisher == "Harbour Ledger"
    assert parsed.author == "Amal Haddad"
    assert parsed.published == datetime(2021, 4, 18)
    assert parsed.opinion_label is opinion
    # the genre line is no body text, so the dateline still opens the body and is taken off
    assert parsed.dateline_place == "HILLTOWN, Northland"
    assert parsed.body.startswith("Rebel fighters pulled out")


@pytest.mark.parametrize("unit, place", [
    ("Tripoli - Forces of the eastern command advanced on the capital.", "Tripoli"),
    ("Hezbollah - the Lebanese movement - said it fired rockets.", None),   # an aside
    ("Rebels - who had held the town - left.", None),
    ("Sudan - RSF takes El Fasher", None),                                   # a headline
])
def test_title_case_dateline_with_a_lone_dash(unit: str, place: str | None) -> None:
    found = find_dateline(unit)
    assert (found.place if found else None) == place
