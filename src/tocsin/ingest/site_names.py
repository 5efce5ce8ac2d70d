"""Site names in page titles: "Headline | Site Name", "Headline - Site", "Site: Headline".

A page's <title> (and many feed and CSV titles) carries the site's name after
a separator.  Left on, it makes the title disagree with the same story from
another site, and the source stays unknown when no og:site_name was given.
The split is judged by the shape of the tail: a short run of capitalised
words, or a domain, after a headline of at least three words.
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from tocsin.ingest.furniture import folded_name, is_name_list

MAX_SITE_WORDS = 5
MAX_SITE_CHARS = 40
MIN_HEADLINE_WORDS = 3
#: Separators a title's site name hangs from, most specific first.
_SEPARATORS = (" | ", " || ", " :: ", " – ", " — ", " - ", " · ", " • ", " « ", " » ")
_SPLIT = re.compile("|".join(re.escape(sep) for sep in sorted(_SEPARATORS, key=len, reverse=True)))
#: A last segment longer than this is the site's tagline, and the brand comes first.
MAX_BRAND_WORDS = 3
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.[a-z]{2,}$", re.IGNORECASE)
#: Tails that label the story, not the site: "Rebels take the hill - Live".
_STORY_LABELS = frozenset({
    "live", "live updates", "video", "videos", "photos", "pictures", "gallery", "opinion", "analysis",
    "update", "updated", "explainer", "exclusive", "breaking", "breaking news", "interview", "report",
    "editorial", "commentary", "in pictures", "watch", "listen", "podcast", "full text", "transcript",
})


def looks_like_site(text: str) -> bool:
    """A short capitalised name or a domain: "Lakeside Wire", "BBC News", "example.org"."""
    text = text.strip()
    if not text or len(text) > MAX_SITE_CHARS or len(text.split()) > MAX_SITE_WORDS:
        return False
    if text.casefold() in _STORY_LABELS:
        return False
    return bool(_DOMAIN.match(text)) or is_name_list(text)


def _cuts(title: str) -> list[tuple[int, str]]:
    found = []
    for separator in _SEPARATORS:
        start = title.find(separator)
        while start >= 0:
            found.append((start, separator))
            start = title.find(separator, start + 1)
    return found


def split_title(title: str, known_sites: Sequence[str] = ()) -> tuple[str, str | None]:
    """(headline, site name) of a page title; the site is None when the title names none.

    A name in `known_sites` (og:site_name, the byline's outlet) is taken off
    either end; otherwise only a tail that looks like a site name is.
    """
    title = title.strip()
    known = {folded_name(site): site for site in known_sites if site and folded_name(site)}
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and folded_name(tail) in known:
            return head.strip(), tail.strip()
    for separator in (*_SEPARATORS, ": "):
        lead, found, rest = title.partition(separator)
        if found and folded_name(lead) in known:
            return rest.strip(), lead.strip()
    # The leftmost cut after which every segment is a short name: the site, and
    # perhaps its section or tagline ("| World | BBC News", "| Global Research - Centre
    # for Research on Globalization").  The site is the last segment unless that one
    # reads like a tagline (over three words), then the first.
    for at, separator in sorted(_cuts(title)):
        head, tail = title[:at], title[at + len(separator):]
        segments = [part.strip() for part in _SPLIT.split(tail) if part.strip()]
        if len(head.split()) >= MIN_HEADLINE_WORDS and segments and all(map(looks_like_site, segments)):
            site = segments[-1] if len(segments[-1].split()) <= MAX_BRAND_WORDS else segments[0]
            return head.strip(), site
    return title, None
