"""Single-document formats: plain text, HTML pages and RSS/Atom feed files."""
from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from tocsin.ingest.build import Fields, from_body, from_plain_text
from tocsin.ingest.limits import bound_html
from tocsin.ingest.records import guarded
from tocsin.ingest.textio import SNIFF_BYTES, InputError, check_not_binary, check_size, read_bytes, read_text
from tocsin.models import Article, Problem

_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
               "figcaption", "tr", "section", "article", "pre")
MIN_HTML_WORDS = 5
#: Keep the time of day and the zone (trafilatura's default keeps the day only).
_DATE_PARAMS = {"original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}
_LIST_MARK = re.compile(r"^- (?=\S)")
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)\b")
_HTML_ROOT = re.compile(rb"<(!doctype\s+html|html)\b", re.IGNORECASE)


def read_txt(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    yield from_plain_text(read_text(path, max_bytes), str(path))


def article_from_html(html: str, origin: str, url: str | None = None) -> Article | Problem:
    """Extract the main text and metadata of one HTML page.

    trafilatura finds the article; `html_page` puts back what it leaves out:
    captions (kept and marked), a lost lead paragraph, the full publication
    time with its zone, and the site's name from og:site_name or the title.
    """
    # Imported here: a plain-text or JSONL ingest never pays for the HTML stack.
    import lxml.etree
    import trafilatura
    from trafilatura.settings import Document

    from tocsin.ingest.html_page import PageMeta, page_blocks, page_meta, parse_page, restore_blocks

    bounded = bound_html(html)
    try:
        doc = trafilatura.bare_extraction(bounded.text, url=url, with_metadata=True, favor_recall=True,
                                          date_extraction_params=_DATE_PARAMS)
    except (ValueError, lxml.etree.LxmlError) as error:
        return Problem(origin, "no_text", f"HTML could not be parsed: {error}")
    text = doc.text if isinstance(doc, Document) else None
    if not isinstance(doc, Document) or not text or len(text.split()) < MIN_HTML_WORDS:
        # trafilatura falls back to navigation text ("Home") on pages with no article.
        return Problem(origin, "no_text", "no article text could be extracted from the HTML page")
    root = parse_page(bounded.text)
    # trafilatura writes list items as "- item"; the dash is its mark, not the page's text
    lines = [_LIST_MARK.sub("", line.strip()) for line in text.split("\n") if line.strip()]
    captions: list[str] = []
    meta = PageMeta()
    if root is not None:
        lines, captions = restore_blocks(lines, page_blocks(root))
        meta = page_meta(root)
    sites = [*meta.sites, *([doc.sitename] if doc.sitename else [])]
    fields = Fields(
        title=doc.title, url=doc.url or url, source=sites[0] if sites else doc.hostname,
        author=doc.author, published=meta.published or doc.date,
    )
    # One paragraph a line in trafilatura's text: blank lines keep them apart.
    return from_body("\n\n".join(lines), origin, fields, captions=captions, sites=sites,
                     notices=bounded.notices)


def read_html(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    yield article_from_html(read_text(path, max_bytes), str(path))


def html_fragment_text(fragment: str) -> str:
    """Readable text of an HTML snippet (feed summaries), paragraphs kept apart."""
    if "<" not in fragment:
        return fragment
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment
    for element in root.iter("script", "style"):
        element.drop_tree()
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter(*_BLOCK_TAGS):
        element.tail = "\n\n" + (element.tail or "")
    return str(root.text_content())


def _entry_text(entry: Any) -> str:
    contents = [part.get("value", "") for part in entry.get("content", [])]
    best = max(contents, key=len, default="")
    summary = entry.get("summary", "") or ""
    return html_fragment_text(best if len(best) >= len(summary) else summary)


def _entry_published(entry: Any) -> str | datetime | None:
    """The entry's time as written, so its zone is kept; else feedparser's UTC reading."""
    for key in ("published", "updated"):
        value = entry.get(key)
        if isinstance(value, str) and value.strip():
            return value
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    return datetime(*parsed[:6]) if parsed else None


def articles_from_feed(data: bytes | str, origin: str) -> Iterator[Article | Problem]:
    """Each entry of an RSS/Atom document; entry origins are `origin#N`."""
    # Bytes, never str: feedparser would treat a str as a URL or path to open.
    import feedparser

    feed = feedparser.parse(data.encode("utf-8") if isinstance(data, str) else data)
    if not feed.get("version"):
        yield Problem(origin, "unsupported", "not an RSS or Atom feed")
        return
    if not feed.entries:
        yield Problem(origin, "empty", "feed has no entries")
        return
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, start=1):
        fields = Fields(
            id=entry.get("id"), title=entry.get("title"), url=entry.get("link"),
            source=source, author=entry.get("author"), published=_entry_published(entry),
        )
        where = f"{origin}#{number}"
        yield guarded(where, lambda: from_body(_entry_text(entry), where, fields))


def read_feed(path: Path, max_bytes: int) -> Iterator[Article | Problem]:
    check_size(path, max_bytes)
    raw = read_bytes(path)
    check_not_binary(raw[:SNIFF_BYTES])
    if not raw.strip():
        raise InputError("empty", "file holds only whitespace")
    yield from articles_from_feed(raw, str(path))


def sniff_kind(path: Path) -> str | None:
    """'feed' or 'html' for a file without a known extension, judged by its first bytes."""
    try:
        with path.open("rb") as handle:
            head = handle.read(2048)
    except OSError as error:
        raise InputError("unreadable", f"cannot read: {error.strerror or error}") from error
    if _FEED_ROOT.search(head):
        return "feed"
    if _HTML_ROOT.search(head):
        return "html"
    return None
