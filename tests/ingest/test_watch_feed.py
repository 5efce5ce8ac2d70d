"""Feed documents to entries and entries to Articles, without any network."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.ingest.watch_feed import (
    ParsedFeed, article_from_entry, article_from_page, article_id, parse_feed,
)
from tocsin.models import Article, Problem

FEED_URL = "https://news.example/feeds/world.atom"

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Example World Desk</title>
  <entry>
    <id>tag:news.example,2025:17</id>
    <title>Ferry service halted</title>
    <link href="/stories/ferry.html"/>
    <updated>2025-06-02T07:15:00Z</updated>
    <author><name>R. Alvarez</name></author>
    <content type="html">&lt;p&gt;Port officials stopped all ferries after a strike.&lt;/p&gt;&lt;p&gt;Talks resume Monday.&lt;/p&gt;</content>
  </entry>
  <entry>
    <title>Untitled wire item</title>
    <summary>Only a summary here.</summary>
  </entry>
</feed>"""


def parsed() -> ParsedFeed:
    feed = parse_feed(ATOM, FEED_URL)
    assert isinstance(feed, ParsedFeed)
    return feed


def test_atom_entries_are_read_with_absolute_links() -> None:
    feed = parsed()
    assert feed.title == "Example World Desk"
    first, second = feed.entries
    assert first.entry_id == "tag:news.example,2025:17"
    assert first.link == "https://news.example/stories/ferry.html"
    assert first.author == "R. Alvarez" and first.published is not None
    assert second.link is None and second.entry_id.startswith("untitled:")


def test_entry_text_stands_in_for_a_missing_page() -> None:
    first, second = parsed().entries
    article = article_from_entry(first, parsed())
    assert isinstance(article, Article)
    assert "Port officials stopped all ferries" in article.text and "Talks resume" in article.text
    assert article.source == "Example World Desk" and article.origin == FEED_URL
    wire = article_from_entry(second, parsed())
    assert isinstance(wire, Article) and wire.text == "Only a summary here."


def test_page_without_text_is_a_problem() -> None:
    first = replace(parsed().entries[0], content_html="")
    result = article_from_page(first, parsed(), b"<html><body></body></html>", first.link or "")
    assert isinstance(result, Problem) and result.reason == "no_text"


def test_stub_page_loses_to_the_full_text_in_the_feed() -> None:
    first = parsed().entries[0]
    stub = b"<html><body><p>Subscribe to read.</p></body></html>"
    result = article_from_page(first, parsed(), stub, first.link or "")
    assert isinstance(result, Article) and "Port officials" in result.text


def test_article_id_is_stable_and_ignores_the_fragment() -> None:
    url = "https://news.example/stories/ferry.html"
    assert article_id(url) == article_id(url + "#comments")
    assert article_id(url) != article_id(url + "?page=2")
    assert len(article_id(url)) == 16 and article_id(url).startswith("u")


def test_body_that_looks_like_a_path_is_never_opened(tmp_path: Path) -> None:
    secret = tmp_path / "secret.xml"
    secret.write_bytes(ATOM)
    result = parse_feed(str(secret).encode(), FEED_URL)
    assert isinstance(result, Problem) and result.reason == "bad_feed"


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300))
def test_parse_feed_never_raises(body: bytes) -> None:
    assert isinstance(parse_feed(body, FEED_URL), ParsedFeed | Problem)
