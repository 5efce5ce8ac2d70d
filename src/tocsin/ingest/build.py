"""Assembling an Article from cleaned text and whatever metadata came with it.

Every text passes `limits.bound_text` here, before clean-up, so the stored
text (and every evidence offset into it) is the bounded one.
"""
from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from tocsin.ingest.cleanup import ParsedText, parse_body, parse_plain_text
from tocsin.ingest.hashing import content_hash
from tocsin.ingest.limits import MAX_FIELD_CHARS, MAX_URL_CHARS, Notice, bound_field, bound_text
from tocsin.ingest.timestamps import Stamp, parse_stamp
from tocsin.models import Article, Problem

#: Length of the hash prefix used in generated article ids ("a" + 15 hex digits).
ID_HASH_CHARS = 15


@dataclass(frozen=True, slots=True)
class Fields:
    """Metadata given alongside a text (JSONL keys, CSV columns, HTML or feed metadata)."""

    id: str | None = None
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: str | datetime | None = None


_WORD_CHAR = re.compile(r"[^\W_]")


#: A date string longer than this is not a date; dateparser would still chew on it.
MAX_DATE_CHARS = 200


def _clean_str(value: object, limit: int = MAX_FIELD_CHARS) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value)[:limit * 4].split())
    return bound_field(text, limit) or None


def _published(value: str | datetime | None) -> Stamp | None:
    if isinstance(value, str) and len(value) > MAX_DATE_CHARS:
        return None
    return parse_stamp(value)


def article_id(given: object, digest: str) -> str:
    """The given id as a string, else one derived from the content hash."""
    return _clean_str(given) or "a" + digest[:ID_HASH_CHARS]


def _article(parsed: ParsedText, fields: Fields, origin: str,
             notices: tuple[Notice, ...]) -> Article | Problem:
    if not parsed.body.strip():
        return Problem(origin, "no_text", "no article text left after removing boilerplate")
    if not _WORD_CHAR.search(parsed.body):
        return Problem(origin, "no_text", "the text has no letters or digits")
    digest = content_hash(parsed.body)
    given = _published(fields.published)
    return Article(
        id=article_id(fields.id, digest),
        text=parsed.body,
        # parse_body took any "| Site Name" suffix off the given title
        title=parsed.title or _clean_str(fields.title),
        url=_clean_str(fields.url, MAX_URL_CHARS),
        source=_clean_str(fields.source) or parsed.publisher,
        author=_clean_str(fields.author) or parsed.author,
        published=given.utc if given else parsed.published,
        published_offset_minutes=given.offset_minutes if given else parsed.published_offset_minutes,
        genre="opinion" if parsed.opinion_label else "news",
        captions=parsed.captions,
        dateline_place=parsed.dateline_place,
        content_hash=digest,
        origin=origin,
        notices=notices,
    )


def from_plain_text(raw: str, origin: str, fields: Fields = Fields(), *,
                    notices: tuple[Notice, ...] = ()) -> Article | Problem:
    """An article from a plain-text document with its own headline and byline.

    `notices` carries what an earlier stage cut (an HTML page over its limit).
    """
    bounded = bound_text(raw)
    return _article(parse_plain_text(bounded.text), fields, origin, notices + bounded.notices)


def from_body(text: str | None, origin: str, fields: Fields = Fields(), *,
              notices: tuple[Notice, ...] = (), captions: Collection[str] = (),
              sites: Sequence[str] = ()) -> Article | Problem:
    """An article from body text whose metadata came separately.

    `captions` are paragraphs the page marked as captions; `sites` the site's known names.
    """
    if text is None or not str(text).strip():
        return Problem(origin, "no_text", "record has no text")
    bounded = bound_text(str(text))
    parsed = parse_body(bounded.text, _clean_str(fields.title), captions=captions, sites=sites)
    return _article(parsed, fields, origin,
                    notices + bounded.notices)
