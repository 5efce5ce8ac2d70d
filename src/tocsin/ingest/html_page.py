"""What trafilatura leaves out of a page, read from the page's own markup.

trafilatura finds the main text of a page well, but:
- it discards <figcaption> and photo-caption blocks, which we keep and mark;
- it can drop a real paragraph that sits outside the block it chose as the
  article (an "intro" or lead paragraph above the body container);
- it keeps only the day of the publication time, and the site name only
  when og:site_name says it.
This module walks the page's blocks in document order to put captions and
lost prose paragraphs back where they stood, and reads the full publication
time and the site's names from the page's metadata.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.etree
import lxml.html

from tocsin.ingest.boilerplate import is_boilerplate
from tocsin.ingest.furniture import furniture_kind
from tocsin.ingest.site_names import split_title

_BLOCK_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote",
                         "dd", "pre"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "button", "select"})
#: Parts of a page that never hold the article: a paragraph found there is not recovered.
_OUTSIDE_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_OUTSIDE_NAMES = re.compile(
    r"comment|related|share|social|sidebar|newsletter|promo|advert|\bads?\b|cookie|footer|\bnav|menu"
    r"|breadcrumb|widget|subscribe|popular|trending|recommend|most-read|teaser-list|signup", re.I)
_CAPTION_NAMES = re.compile(r"caption", re.I)
#: A recovered paragraph is prose: enough words, closed like a sentence, mostly not link text.
MIN_PROSE_WORDS = 8
MAX_LINK_SHARE = 0.5
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
#: How many blocks before the first paragraph trafilatura kept a lost lead may stand.
LEAD_WINDOW = 4
#: How far from the kept paragraphs a caption may stand and still belong to the article.
CAPTION_WINDOW = 3
_TIME_META = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article.published", "published_time", "pubdate", "publishdate", "publish-date", "publish_date",
    "publication_date", "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
    "dcterms.created", "dc.date", "date",
)
_SITE_META = ("og:site_name", "application-name", "twitter:site")
_HAS_CLOCK = re.compile(r"\d{1,2}:\d{2}")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the page in document order."""

    index: int
    text: str
    kind: str                 # "para", "heading" or "caption"
    outside: bool             # inside navigation, footer, sidebar, comments ...
    link_share: float


@dataclass(frozen=True, slots=True)
class PageMeta:
    """Metadata read from the page's markup."""

    #: the site's names, best first: og:site_name, JSON-LD publisher, the <title> suffix
    sites: tuple[str, ...] = ()
    #: publication time as written, best source first, with its time of day when given
    published: str | None = None


def parse_page(html: str) -> lxml.html.HtmlElement | None:
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError):
        return None


def _normal(text: str) -> str:
    return " ".join(text.split())


def _key(text: str) -> str:
    return _normal(text).casefold().lstrip("-•* ")[:120]


def _names(element: lxml.html.HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _classify(element: lxml.html.HtmlElement) -> tuple[str, bool] | None:
    """(kind, outside) of a block element, or None when it is skipped."""
    kind = "heading" if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6") else "para"
    outside = False
    for ancestor in element.iterancestors():
        if ancestor.tag in _SKIPPED_TAGS:
            return None
        if ancestor.tag == "figure" or _CAPTION_NAMES.search(_names(ancestor)) and ancestor.tag != "body":
            kind = "caption"
        if ancestor.tag in _OUTSIDE_TAGS or _OUTSIDE_NAMES.search(_names(ancestor)):
            outside = True
    if element.tag == "figcaption" or _CAPTION_NAMES.search(_names(element)):
        kind = "caption"
    return kind, outside


def _has_block_children(element: lxml.html.HtmlElement) -> bool:
    return any(child.tag in _BLOCK_TAGS for child in element.iterdescendants())


def _caption_divs(root: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    for element in root.iter("div", "span"):
        if _CAPTION_NAMES.search(_names(element)) and not _has_block_children(element):
            yield element


def _direct_text(element: lxml.html.HtmlElement) -> bool:
    """Whether text sits right inside `element` (as between <br>s), not only in child blocks."""
    return bool((element.text or "").strip()) or any((child.tail or "").strip() for child in element)


def page_blocks(root: lxml.html.HtmlElement) -> list[Block]:
    """The page's text blocks (paragraphs, headings, captions) in document order.

    `Block.index` is the element's position among all the page's elements, so
    a text container (a <div> of <br>-separated lines) can be placed among them too.
    """
    chosen = set(_caption_divs(root))
    blocks: list[Block] = []
    body = root.find("body")
    for order, element in enumerate((body if body is not None else root).iter()):
        if not isinstance(element.tag, str):
            continue
        is_block = element in chosen or (element.tag in _BLOCK_TAGS and not _has_block_children(element))
        if not is_block and not (element.tag in ("div", "section", "article", "td", "main")
                                 and _direct_text(element)):
            continue
        found = _classify(element)
        text = _normal(element.text_content())
        if found is None or not text:
            continue
        kind = found[0] if is_block else "container"
        linked = sum(len(_normal(a.text_content())) for a in element.iter("a"))
        blocks.append(Block(order, text, kind, found[1], linked / max(len(text), 1)))
    return blocks


def _position(line: str, exact: dict[str, int], containers: list[tuple[int, str]]) -> int | None:
    """Where an extracted line stood in the page: its own block, else the deepest
    text container holding it."""
    key = _key(line)
    if key in exact:
        return exact[key]
    probe = key[:60]
    holders = [index for index, folded in containers if probe in folded]
    return max(holders) if holders else None


def _is_prose(block: Block) -> bool:
    return (block.kind == "para" and not block.outside and block.link_share <= MAX_LINK_SHARE
            and len(block.text.split()) >= MIN_PROSE_WORDS and _SENTENCE_END.search(block.text) is not None
            and not is_boilerplate(block.text) and furniture_kind(block.text) is None)


#: Only so few lines can be the fallback's run-together text.
MAX_JOINED_LINES = 3
#: A line is re-split into the page's blocks when they cover this share of it.
MIN_SPLIT_COVER = 0.8


def _split_joined(line: str, blocks: list[Block]) -> list[str]:
    """trafilatura's fallback on small pages joins every block into one line
    ("Headline Lead paragraph. Caption. Next paragraph."): split it back into
    the page's own blocks when they make up the line."""
    parts = [b for b in blocks if b.kind != "container" and b.text in line]
    if len(parts) < 2 or sum(len(b.text) for b in parts) < MIN_SPLIT_COVER * len(line):
        return [line]
    found, cursor = [], 0
    for block in parts:
        at = line.find(block.text, cursor)
        if at >= 0:
            found.append(block.text)
            cursor = at + len(block.text)
    return found if sum(map(len, found)) >= MIN_SPLIT_COVER * len(line) else [line]


def restore_blocks(lines: list[str], blocks: list[Block]) -> tuple[list[str], list[str]]:
    """The extracted lines with the page's captions and lost prose paragraphs put back
    in document order; returns (units, caption texts)."""
    if len(lines) <= MAX_JOINED_LINES:
        lines = [part for line in lines for part in _split_joined(line, blocks)]
    exact: dict[str, int] = {}
    for block in blocks:
        if block.kind != "container":
            exact.setdefault(_key(block.text), block.index)
    containers = [(block.index, block.text.casefold()) for block in blocks if block.kind == "container"]
    found = [_position(line, exact, containers) for line in lines]
    matched = [index for index in found if index is not None]
    if not matched:
        return lines, []
    positions: list[float] = []
    last = min(matched) - 0.5
    for index in found:
        last = float(index) if index is not None and index >= last else last + 1e-3
        positions.append(last)
    rank = {block.index: number for number, block in enumerate(blocks)}
    first, final = rank[min(matched)], rank[max(matched)]
    used = set(matched)
    headline = max((rank[b.index] for b in blocks if b.kind == "heading" and rank[b.index] < first), default=-1)
    placed: list[tuple[float, str]] = list(zip(positions, lines))
    kinds = {block.index: block.kind for block in blocks}
    # trafilatura kept some captions itself (as plain lines): they are marked too
    captions: list[str] = [line for line, index in zip(lines, found) if index is not None and kinds[index] == "caption"]
    for block in blocks:
        at = rank[block.index]
        if block.index in used or block.kind == "container":
            continue
        if block.kind == "caption" and first - CAPTION_WINDOW <= at <= final + CAPTION_WINDOW:
            placed.append((block.index, block.text))
            captions.append(block.text)
        elif _is_prose(block) and max(first - LEAD_WINDOW, headline) < at < final:
            placed.append((block.index, block.text))
    placed.sort(key=lambda item: item[0])
    return [text for _, text in placed], captions


def _meta_values(root: lxml.html.HtmlElement) -> Iterator[tuple[str, str]]:
    for meta in root.iter("meta"):
        content = (meta.get("content") or "").strip()
        for attribute in ("property", "name", "itemprop"):
            name = (meta.get(attribute) or "").strip().casefold()
            if name and content:
                yield name, content


def _json_ld(root: lxml.html.HtmlElement) -> Iterator[dict[str, Any]]:
    for script in root.iter("script"):
        if (script.get("type") or "").strip().casefold() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                yield item
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))


def _time_candidates(root: lxml.html.HtmlElement) -> list[str]:
    found: list[tuple[int, str]] = []
    for name, content in _meta_values(root):
        if name in _TIME_META:
            found.append((_TIME_META.index(name), content))
    for item in _json_ld(root):
        value = item.get("datePublished")
        if isinstance(value, str) and value.strip():
            found.append((-1, value.strip()))
    for element in root.iter("time"):
        value = (element.get("datetime") or "").strip()
        if value and ("publish" in _names(element).lower() or element.get("itemprop") == "datePublished"
                      or element.get("pubdate") is not None):
            found.append((len(_TIME_META), value))
        elif value:
            found.append((len(_TIME_META) + 1, value))
    return [value for _, value in sorted(found, key=lambda item: item[0])]


def _published(root: lxml.html.HtmlElement) -> str | None:
    """The best publication time: the first source, or a later one that adds the
    time of day to the same date."""
    candidates = _time_candidates(root)
    if not candidates:
        return None
    best = candidates[0]
    if not _HAS_CLOCK.search(best):
        day = best[:10]
        best = next((c for c in candidates if c[:10] == day and _HAS_CLOCK.search(c)), best)
    return best


def _sites(root: lxml.html.HtmlElement) -> list[str]:
    sites: list[str] = []
    metas = dict(_meta_values(root))
    for name in _SITE_META:
        value = metas.get(name, "")
        if value and not value.startswith("@"):
            sites.append(_normal(value))
    for item in _json_ld(root):
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            sites.append(_normal(publisher["name"]))
    title = root.find(".//title")
    if title is not None and title.text_content().strip():
        _, suffix = split_title(_normal(title.text_content()), sites)
        if suffix:
            sites.append(suffix)
    return list(dict.fromkeys(s for s in sites if s))


def page_meta(root: lxml.html.HtmlElement) -> PageMeta:
    return PageMeta(sites=tuple(_sites(root)), published=_published(root))
