"""Assembling an Article from cleaned text and whatever metadata came with it."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tocsin.ingest.cleanup import ParsedText, parse_body, parse_plain_text
from tocsin.ingest.hashing import content_hash
from tocsin.ingest.timestamps import parse_published
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


def _clean_str(value: object) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def article_id(given: object, digest: str) -> str:
    """The given id as a string, else one derived from the content hash."""
    return _clean_str(given) or "a" + digest[:ID_HASH_CHARS]


def _article(parsed: ParsedText, fields: Fields, origin: str) -> Article | Problem:
    if not parsed.body.strip():
        return Problem(origin, "no_text", "no article text left after removing boilerplate")
    digest = content_hash(parsed.body)
    return Article(
        id=article_id(fields.id, digest),
        text=parsed.body,
        title=_clean_str(fields.title) or parsed.title,
        url=_clean_str(fields.url),
        source=_clean_str(fields.source) or parsed.publisher,
        author=_clean_str(fields.author) or parsed.author,
        published=parse_published(fields.published) or parsed.published,
        captions=parsed.captions,
        dateline_place=parsed.dateline_place,
        content_hash=digest,
        origin=origin,
    )


def from_plain_text(raw: str, origin: str, fields: Fields = Fields()) -> Article | Problem:
    """An article from a plain-text document with its own headline and byline."""
    return _article(parse_plain_text(raw), fields, origin)


def from_body(text: str | None, origin: str, fields: Fields = Fields()) -> Article | Problem:
    """An article from body text whose metadata came separately."""
    if text is None or not str(text).strip():
        return Problem(origin, "no_text", "record has no text")
    return _article(parse_body(str(text), _clean_str(fields.title)), fields, origin)
