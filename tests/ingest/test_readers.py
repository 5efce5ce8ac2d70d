"""iter_inputs: every format, folders, and every kind of bad input."""
from __future__ import annotations

import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.ingest.readers import CsvColumns, iter_inputs
from tocsin.models import Article, Problem

STORY = (
    "The provincial council said on Tuesday that flooding had cut the only road into "
    "Marrowby, leaving about two thousand people without fresh supplies.\n\n"
    "Engineers expect to reopen one lane by the end of the week, a spokesman said."
)


def read_all(*paths: Path, **kwargs: object) -> list[Article | Problem]:
    return list(iter_inputs(list(paths), **kwargs))  # type: ignore[arg-type]


def only(items: list[Article | Problem]) -> Article | Problem:
    assert len(items) == 1, items
    return items[0]


def reasons(items: list[Article | Problem]) -> list[str]:
    return [item.reason for item in items if isinstance(item, Problem)]


# --- plain text -----------------------------------------------------------

def test_txt_file_becomes_article_with_header_fields(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Flood cuts road to Marrowby\n\nBy Ana Pell\n\n" + STORY, encoding="utf-8")
    article = only(read_all(path))
    assert isinstance(article, Article)
    assert article.title == "Flood cuts road to Marrowby"
    assert article.author == "Ana Pell"
    assert article.text.startswith("The provincial council said")
    assert article.origin == str(path)
    assert article.id == "a" + article.content_hash[:15]


def test_same_content_gives_same_id(tmp_path: Path) -> None:
    first, second = tmp_path / "one.txt", tmp_path / "two.txt"
    first.write_text(STORY)
    second.write_text("  " + STORY.upper() + "\n")
    a, b = read_all(first, second)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.id == b.id and a.origin != b.origin


# --- bad input ------------------------------------------------------------

def test_missing_path_is_unreadable(tmp_path: Path) -> None:
    problem = only(read_all(tmp_path / "nowhere.txt"))
    assert isinstance(problem, Problem) and problem.reason == "unreadable"
    assert "\n" not in problem.message


def test_broken_symlink_is_unreadable(tmp_path: Path) -> None:
    link = tmp_path / "dangling.txt"
    link.symlink_to(tmp_path / "gone.txt")
    assert reasons(read_all(link)) == ["unreadable"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied_is_unreadable(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)
    path.chmod(0)
    assert reasons(read_all(path)) == ["unreadable"]


def test_open_failure_is_unreadable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(STORY)

    real_open = os.open

    def refuse(name, flags, *args, **kwargs):
        if str(name) == str(path):
            raise PermissionError(13, "Permission denied")
        return real_open(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    problem = only(read_all(path))
    assert isinstance(problem, Problem) and problem.reason == "unreadable"
    assert "Permission denied" in problem.message


def test_folder_named_like_a_file_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "looks_like.txt"
    folder.mkdir()
    (folder / "inner.txt").write_text(STORY)
    assert isinstance(only(read_all(folder)), Article)


@pytest.mark.parametrize("content", [b"", b"   \n\t\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    assert reasons(read_all(path)) == ["empty"]


def test_nul_bytes_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"GIF89a\x00\x01\x00\x01" + bytes(range(256)) * 4)
    assert reasons(read_all(path)) == ["binary"]


def test_control_characters_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"ok \x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f words" * 20)
    assert reasons(read_all(path)) == ["binary"]


def test_too_large_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 50 MB on paper, nothing on disk
        handle.truncate(50_000_000)
    problem = only(read_all(path))
    assert isinstance(problem, Problem) and problem.reason == "too_large"
    assert "50,000,000" in problem.message


def test_max_bytes_can_be_lowered(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY)
    assert reasons(read_all(path, max_bytes=100)) == ["too_large"]


def test_undecodable_bytes_are_an_encoding_problem(tmp_path: Path) -> None:
    path = tmp_path / "garbled.txt"
    path.write_bytes(b"Statement " + bytes(range(0x80, 0x100)) * 20)
    assert reasons(read_all(path)) == ["encoding"]


def test_stray_cp1252_bytes_are_rescued(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Caf\u00e9 owners \u2013 ".encode() + b"said \x93no comment\x94 today.")
    article = only(read_all(path))
    assert isinstance(article, Article)
    assert "Café owners – said “no comment” today." in article.text


def test_whole_cp1251_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "russian.txt"
    sentence = "Армия заявила, что взяла город после двух дней боёв на окраине. "
    path.write_bytes((sentence * 5).encode("cp1251"))
    article = only(read_all(path))
    assert isinstance(article, Article) and "Армия заявила" in article.text


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "wide.txt"
    path.write_bytes(STORY.encode("utf-16"))
    article = only(read_all(path))
    assert isinstance(article, Article) and "Marrowby" in article.text


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04 not a text file")
    problem = only(read_all(path))
    assert isinstance(problem, Problem) and problem.reason == "unsupported"
    assert ".docx" in problem.message


def test_bad_file_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY)
    items = read_all(tmp_path / "missing.txt", good)
    assert [type(item) for item in items] == [Problem, Article]


# --- HTML -----------------------------------------------------------------

PAGE = """<!doctype html><html><head><title>Bridge reopens | Valley Post</title>
<meta name="author" content="Rui Baptista">
<meta property="og:site_name" content="Valley Post">
<meta property="article:published_time" content="2016-09-04T07:30:00Z"></head>
<body><nav><a href="/">Home</a> | <a href="/world">World</a></nav>
<article><h1>Bridge reopens</h1>
<p>The old rail bridge at Fennick reopened to traffic on Sunday after months of repairs
paid for by the district council, officials said.</p>
<p>Traders on both banks said the closure had halved their sales over the summer.</p>
<p>Copyright 2016 Valley Post. All rights reserved.</p>
</article><footer>Contact us</footer></body></html>"""


def test_html_page(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(PAGE)
    article = only(read_all(path))
    assert isinstance(article, Article)
    assert article.title == "Bridge reopens"
    assert article.author == "Rui Baptista"
    assert article.source == "Valley Post"
    assert article.published == datetime(2016, 9, 4, 7, 30)     # the time of day is kept
    assert article.text.startswith("The old rail bridge at Fennick")
    assert "Copyright" not in article.text and "Home" not in article.text


def test_html_without_text_is_no_text(tmp_path: Path) -> None:
    path = tmp_path / "blank.htm"
    path.write_text("<html><head><title>x</title></head><body><div></div></body></html>")
    assert reasons(read_all(path)) == ["no_text"]


# --- JSONL ----------------------------------------------------------------

def test_jsonl_bad_line_between_good_ones(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": 17, "url": "http://example.org/a", "title": "Road cut",
                    "source": "Valley Post", "published": "2015-02-01T10:00:00+02:00", "text": STORY}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "no-text", "title": "Only a headline"}),
        "",
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Farmers in Oldmere said the harvest was the worst in a decade."}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read_all(path)
    assert [getattr(item, "reason", "article") for item in items] == [
        "article", "bad_json", "no_text", "bad_json", "article"]
    first, last = items[0], items[-1]
    assert isinstance(first, Article) and isinstance(last, Article)
    assert first.id == "17" and first.url == "http://example.org/a" and first.source == "Valley Post"
    assert first.published == datetime(2015, 2, 1, 8, 0)
    assert first.origin == f"{path}:1" and items[1].origin == f"{path}:2"
    assert last.id.startswith("a") and last.origin == f"{path}:6"


def test_jsonl_of_blank_lines_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.jsonl"
    path.write_text("\n\n  \n")
    assert reasons(read_all(path)) == ["empty"]


def test_jsonl_record_over_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps({"text": "word " * 100}) + "\n" + json.dumps({"text": STORY[:60]}) + "\n")
    assert [getattr(i, "reason", "article") for i in read_all(path, max_bytes=200)] == ["too_large", "article"]


# --- CSV ------------------------------------------------------------------

def test_csv_with_columns(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_bytes(
        b"key,headline,body,when,outlet\n"
        b'7,Road cut,"' + STORY.encode() + b'",6/13/14,Valley Post\n'
        b"8,Empty one,,6/14/14,Valley Post\n"
        b'9,Caf\xe9 closes,"The caf\xe9 on Mill Street closed after the flood, its owner said.",12/1/15,Post\n'
    )
    columns = CsvColumns(text="body", title="headline", date="when", id="key", source="outlet")
    items = read_all(path, columns=columns)
    assert [getattr(i, "reason", "article") for i in items] == ["article", "no_text", "article"]
    first, third = items[0], items[2]
    assert isinstance(first, Article) and isinstance(third, Article)
    assert (first.id, first.title, first.source) == ("7", "Road cut", "Valley Post")
    assert first.published == datetime(2014, 6, 13)
    assert "\n\n" in first.text  # the quoted newlines survived
    assert items[1].origin == f"{path}:5"  # row 2 starts after the 3-line quoted field
    assert third.title == "Café closes" and "café on Mill Street" in third.text


def test_csv_columns_guessed_from_header(tmp_path: Path) -> None:
    path = tmp_path / "guess.tsv"
    path.write_text("id\ttitle\ttext\n1\tRoad cut\tFloodwater closed the road again.\n")
    article = only(read_all(path))
    assert isinstance(article, Article) and (article.id, article.title) == ("1", "Road cut")


def test_csv_missing_column_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "items.csv"
    path.write_text("a,b\n1,2\n")
    problem = only(read_all(path, columns=CsvColumns(text="body")))
    assert isinstance(problem, Problem) and problem.reason == "bad_columns" and "'body'" in problem.message
    assert reasons(read_all(path)) == ["bad_columns"]


def test_csv_large_field_is_read(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    body = "The council met again. " * 20_000  # ~460 kB, over csv's default field limit
    path.write_text('text\n"' + body + '"\n')
    article = only(read_all(path))
    # Read whole (over csv's default field limit), then bounded for the parser.
    assert isinstance(article, Article) and 90_000 < len(article.text) <= 100_000
    assert [reason for reason, _ in article.notices] == ["truncated"]


# --- feeds ----------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Valley Post: World</title><link>http://example.org/</link>
<item><title>Road cut by flood</title><link>http://example.org/road</link>
<guid>http://example.org/road</guid><pubDate>Fri, 13 Jun 2014 10:00:00 +0200</pubDate>
<description>&lt;p&gt;Floodwater closed the only road into Marrowby on Friday.&lt;/p&gt;&lt;p&gt;Supplies are running low.&lt;/p&gt;</description></item>
<item><title>Headline only</title><link>http://example.org/empty</link></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Hill Courier</title><id>urn:hill</id>
<updated>2016-01-02T00:00:00Z</updated>
<entry><title>Market burns</title><id>urn:hill:1</id><link href="http://example.org/market"/>
<updated>2016-01-02T08:15:00Z</updated><author><name>Ines Varga</name></author>
<content type="html">&lt;p&gt;A fire destroyed the covered market in Tessel overnight, the fire brigade said.&lt;/p&gt;</content>
</entry></feed>"""


def test_rss_feed(tmp_path: Path) -> None:
    path = tmp_path / "world.rss"
    path.write_text(RSS)
    first, second = read_all(path)
    assert isinstance(first, Article)
    assert first.url == first.id == "http://example.org/road"
    assert first.title == "Road cut by flood" and first.source == "Valley Post: World"
    assert first.published == datetime(2014, 6, 13, 8, 0)
    assert first.text == "Floodwater closed the only road into Marrowby on Friday.\n\nSupplies are running low."
    assert first.origin == f"{path}#1"
    assert isinstance(second, Problem) and second.reason == "no_text" and second.origin == f"{path}#2"


def test_atom_feed_without_feed_extension(tmp_path: Path) -> None:
    path = tmp_path / "hill_courier"  # no extension: sniffed from its first bytes
    path.write_text(ATOM)
    article = only(read_all(path))
    assert isinstance(article, Article)
    assert (article.id, article.author, article.source) == ("urn:hill:1", "Ines Varga", "Hill Courier")
    assert article.published == datetime(2016, 1, 2, 8, 15)
    assert "covered market in Tessel" in article.text


def test_xml_that_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text("<?xml version='1.0'?><records><record>1</record></records>")
    assert reasons(read_all(path)) == ["unsupported"]


def test_feed_without_entries_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "quiet.rss"
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>')
    assert reasons(read_all(path)) == ["empty"]


# --- folders --------------------------------------------------------------

def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Second folder story about the river.")
    (tmp_path / "a.txt").write_text("First story about the bridge.")
    (tmp_path / "c.json").write_text("{}")
    (tmp_path / ".hidden.txt").write_text("Not input.")
    items = read_all(tmp_path)
    assert [Path(item.origin).name for item in items] == ["a.txt", "z.txt", "c.json"]
    assert reasons(items) == ["unsupported"]
    assert items == read_all(tmp_path)  # deterministic


# --- robustness -----------------------------------------------------------

@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=400), st.sampled_from([".txt", ".html", ".jsonl", ".csv", ".rss", ""]))
def test_any_bytes_give_articles_or_problems_never_exceptions(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        items = list(iter_inputs([path]))
    assert items and all(isinstance(item, (Article, Problem)) for item in items)
    assert all(item.reason != "error" for item in items if isinstance(item, Problem))
