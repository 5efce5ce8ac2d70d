"""Feed documents to entries, and entries plus their pages to Articles.

feedparser reads the feed; trafilatura pulls the text and metadata out of an
article page.  When a page cannot be had, the entry's own content or summary
stands in, so a feed that carries full text still yields articles.
"""
from __future__ import annotations

import calendar
import hashlib
import io
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin, urlsplit

import feedparser
import lxml.etree
import trafilatura

from tocsin.ingest.build import Fields, from_body
from tocsin.ingest.documents import html_fragment_text
from tocsin.ingest.fetch import now_utc
from tocsin.ingest.limits import DEFAULT_HTML_LIMITS, bound_html
from tocsin.ingest.textio import InputError, decode
from tocsin.models import Article, Problem


#: Bytes of a page decoded at most (the fetch cap bounds it already; this bounds the copy).
MAX_PAGE_DECODE = 20_000_000


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One feed item, as much of it as the watcher needs."""

    entry_id: str
    link: str | None
    title: str | None
    published: datetime | None
    author: str | None
    #: HTML of the entry's full content, else its summary ("" if neither).
    content_html: str


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    url: str
    title: str | None
    entries: tuple[FeedEntry, ...]


def article_id(url: str) -> str:
    """A stable id for an article URL (fragment dropped: it names the same page).

    "u" + 15 hex digits: the shape of the content-hash ids ("a...") of file
    ingest, with its own prefix so the two never collide.
    """
    canonical = url.split("#", 1)[0].strip()
    return "u" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:15]


def parse_feed(body: bytes, url: str, content_type: str = "") -> ParsedFeed | Problem:
    """Entries of an RSS/Atom document; a Problem if it is not a feed at all."""
    # A file-like object: feedparser given bytes or str may treat them as a
    # path or URL to open, which a hostile feed must never steer.
    headers = {"content-location": url}
    if content_type:
        headers["content-type"] = content_type
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    version = parsed.get("version", "")
    if parsed.get("bozo") and not parsed.entries and not version:
        error = parsed.get("bozo_exception")
        why = f"{type(error).__name__}: {error}" if error else "unreadable"
        return Problem(url, "bad_feed", f"not an RSS/Atom feed ({why})"[:300], now_utc())
    title = _clean(parsed.feed.get("title"))
    entries = tuple(_entry(e, url) for e in parsed.entries)
    return ParsedFeed(url, title, entries)


def _entry(raw: Any, feed_url: str) -> FeedEntry:
    link = _absolute(feed_url, raw.get("link"))
    title = _clean(raw.get("title"))
    entry_id = raw.get("id") or link or _fallback_id(title, raw)
    content = raw.get("content") or []
    html = content[0].get("value", "") if content else raw.get("summary", "")
    return FeedEntry(str(entry_id), link, title, _entry_time(raw),
                     _clean(raw.get("author")), html or "")


def _absolute(feed_url: str, link: Any) -> str | None:
    if not isinstance(link, str) or not link.strip():
        return None
    try:
        return urljoin(feed_url, link.strip())
    except ValueError:  # e.g. "http://[broken": keep it; fetch reports it as bad_url
        return link.strip()


def _fallback_id(title: str | None, raw: Any) -> str:
    # No id and no link: title + date is the best identity the entry has.
    key = f"{title}|{raw.get('published') or raw.get('updated') or ''}"
    return "untitled:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _entry_time(raw: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = raw.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    return None


def _clean(text: Any) -> str | None:
    if not isinstance(text, str):
        return None
    text = " ".join(text.split())
    return text or None


def source_name(feed: ParsedFeed) -> str:
    return feed.title or (urlsplit(feed.url).hostname or feed.url)


def article_from_page(entry: FeedEntry, feed: ParsedFeed, html: bytes | str,
                      page_url: str) -> Article | Problem:
    """An Article from the entry's page; the entry supplies title and date first."""
    # Bytes within the limit go to trafilatura as they are (it reads the page's
    # declared charset); only a page over the limit is decoded here to be cut.
    if isinstance(html, bytes) and len(html) > DEFAULT_HTML_LIMITS.max_chars:
        html = decode_page(html)
    notices: tuple[tuple[str, str], ...] = ()
    if isinstance(html, str):
        bounded = bound_html(html)
        html, notices = bounded.text, bounded.notices
    try:
        document = trafilatura.bare_extraction(html, url=page_url, with_metadata=True,
                                               include_comments=False)
    except (ValueError, lxml.etree.LxmlError) as error:
        return Problem(page_url, "no_text", f"page HTML could not be parsed: {error}", now_utc())
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    # A paywall or script-built page can leave a stub; a feed that carries the
    # full story then has the better text.
    feed_text = html_fragment_text(entry.content_html).strip()
    if len(feed_text) > len(text):
        text = feed_text
    if not text:
        return Problem(page_url, "no_text", "no article text found on the page", now_utc())
    return _article(entry, feed, text, page_url,
                    title=getattr(document, "title", None),
                    author=getattr(document, "author", None),
                    page_date=getattr(document, "date", None), notices=notices)


def article_from_entry(entry: FeedEntry, feed: ParsedFeed) -> Article | Problem:
    """An Article from the text the feed itself carries (content or summary)."""
    origin = entry.link or feed.url
    text = html_fragment_text(entry.content_html).strip()
    if not text:
        return Problem(origin, "no_text", "page unavailable and the feed entry has no text",
                       now_utc())
    return _article(entry, feed, text, origin)


def decode_page(raw: bytes) -> str:
    """A fetched page's text: UTF-8 with stray cp1252 rescued, else a detected codec."""
    try:
        return decode(raw[:MAX_PAGE_DECODE]).text
    except InputError:
        return raw.decode("utf-8", errors="replace")


def _article(entry: FeedEntry, feed: ParsedFeed, text: str, url: str, *,
             title: str | None = None, author: str | None = None,
             page_date: str | None = None,
             notices: tuple[tuple[str, str], ...] = ()) -> Article | Problem:
    # The shared builder cleans the body (boilerplate, dateline, captions)
    # and hashes it exactly as file ingest does, so dedup sees one kind of Article.
    link = entry.link or url
    fields = Fields(id=article_id(link), title=entry.title or _clean(title), url=link,
                    source=source_name(feed), author=entry.author or _clean(author),
                    published=entry.published or page_date)
    built = from_body(text, feed.url, fields, notices=notices)
    if isinstance(built, Problem):
        return Problem(url, built.reason, built.message, now_utc())
    return built
