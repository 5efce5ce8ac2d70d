"""Site furniture: the lines of a page that belong to the site, not to the article.

Section labels ("Region: Middle East, USA", "In-depth Report: SYRIA"), tag
and topic lists, share and print buttons, the site's own name, and the
headline lists of a "Related" block.  Left in the body, such a line is glued
by the parser to the sentence after it, and "USA\\n\\nTheme" becomes an actor.

Every test here reads the *shape* of a line (short, no closing punctuation,
"Label: value, value", a list of capitalised names, words that are all
button labels) and never a list of sites, so pages from sites nobody here
has seen are read the same way.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

#: A line longer than this is prose, whatever its shape.
MAX_FURNITURE_CHARS = 250
MAX_LABEL_WORDS = 4
MAX_LABEL_CHARS = 32
MAX_ITEM_WORDS = 6
MAX_SECTION_WORDS = 4
MAX_SECTION_CHARS = 40
#: A related block's headlines: at most this many words each.
MAX_HEADLINE_WORDS = 20
#: Share of a name's words that must be capitalised ("Middle East & North Africa").
MIN_CAPITALISED = 0.6

#: Small words that sit inside names and titles: "Republic of Congo", "Middle East & North Africa".
_NAME_JOINERS = frozenset("of and the de del da al el for on in & du la le y e van von to at".split())
#: Words that make a run of words a clause rather than a list of names.
_CLAUSE_WORDS = frozenset("""
is are was were be been being has have had do does did will would could can may might should must
said says say told not no who which that this these those it its they them he she we i you our
after before when while if because than
""".split())
#: Button and widget labels.  A line made only of these is a share or utility bar.
_WIDGET_WORDS = frozenset("""
share shares shared tweet email e-mail mail print printer facebook twitter x whatsapp telegram
linkedin reddit pinterest messenger sms pocket flipboard copy link url comments comment save saved
bookmark listen audio read later follow subscribe like views view reactions send gift article story
this on via to icon menu close reply font size text a page pdf download embed more google
""".split())
#: Of which at least one must be present: the word that makes a bar a share bar.
_WIDGET_CORE = frozenset("""
share tweet email e-mail print facebook twitter whatsapp telegram linkedin reddit pinterest
comments bookmark subscribe
""".split())
_RELATED_HEADING = re.compile(
    r"^\W*(?:related(?:\s+(?:articles?|stories|story|coverage|news|content|reading|topics|posts|links|items))?"
    r"|read (?:more|next|also)|also read|see also|further reading|more (?:from|on|in|about)\b.{0,40}"
    r"|more (?:stories|news|articles)|most (?:read|popular|viewed|shared|commented)"
    r"|recommended(?:\s+(?:for you|stories|articles|reading))?|you (?:may|might) (?:also )?(?:like|be interested in)"
    r"|editor'?s'? picks?|trending(?: now| stories)?|latest(?: news| stories| articles| headlines)?"
    r"|top stories|popular (?:now|stories)|what to read next|in (?:other|case you missed) .{0,30})\W*$",
    re.IGNORECASE,
)
_LABEL = re.compile(r"^(?P<label>[A-Za-z][\w'’&.\-]*(?:\s+[A-Za-z][\w'’&.\-]*){0,3})\s*:\s*(?P<value>\S.*)$")
_ITEM_SPLIT = re.compile(r"\s*(?:,|;|\||•|·|/|»|›|>|\s[-–—]\s)\s*")
_LIST_SEPARATOR = re.compile(r"\s(?:\||•|·|»|›|>)\s|,|;")
_FINAL_STOP = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’.\-]*")
#: Labels that introduce the article's own words, never site furniture.
PROSE_LABELS = frozenset({
    "editor's note", "editors note", "editor’s note", "note", "update", "updated", "correction",
    "clarification", "warning", "breaking", "exclusive", "analysis", "opinion", "comment",
    "interview", "explainer", "factbox", "watch", "video", "photo", "photos", "image", "caption",
    "picture", "listen", "q", "a",
})


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


#: Labels that only ever head a list of topics; their values may be in lower case ("Tags: isis, raqqa").
_LIST_LABELS = frozenset({
    "tag", "tags", "topic", "topics", "keyword", "keywords", "category", "categories", "filed under",
    "related topics", "subject", "subjects", "theme", "themes", "region", "regions", "section", "sections",
    "in-depth report", "countries", "posted in",
})


def is_name_list(text: str, *, min_items: int = 1, any_case: bool = False) -> bool:
    """Whether `text` is a list of names or topics: "Middle East & North Africa, USA"."""
    text = text.strip()
    if not text or _FINAL_STOP.search(text):
        return False
    items = [item for item in _ITEM_SPLIT.split(text) if item.strip()]
    if len(items) < min_items:
        return False
    for item in items:
        words = _words(item)
        if len(item.split()) > MAX_ITEM_WORDS:
            return False
        if not any_case and not item.strip()[:1].isupper() and not item.strip()[:1].isdigit():
            return False
        lowered = [w.lower() for w in words]
        if any(w in _CLAUSE_WORDS for w in lowered):
            return False
        content = [w for w in words if w.lower() not in _NAME_JOINERS]
        if not any_case and content and sum(map(_is_capitalised, content)) / len(content) < MIN_CAPITALISED:
            return False
    return True


#: "Region: " inside a run of text, after a space or at the start.
INLINE_LABEL = re.compile(r"(?:^|\s)(?P<label>[A-Z][\w'’&\-]*(?:\s[A-Za-z][\w'’&\-]*){0,2}):\s+(?=\S)")


def trailing_label_run(text: str) -> int:
    """Where a run of "Label: names" pairs that lasts to the end of `text` starts
    ("... the army said. Region: Middle East Theme: Terrorism"), or -1."""
    matches = list(INLINE_LABEL.finditer(text))
    for i, first in enumerate(matches):
        if first.start() < len(text) // 3:
            continue
        run = matches[i:]
        ends = [m.start() for m in run[1:]] + [len(text)]
        if all(m.group("label").casefold() not in PROSE_LABELS
               and is_name_list(text[m.end():end].strip(), any_case=m.group("label").casefold() in _LIST_LABELS)
               for m, end in zip(run, ends)):
            return first.start()
    return -1


def is_label_line(unit: str) -> bool:
    """ "Region: Middle East, USA", "Tags: ISIS, Syria", "In-depth Report: SYRIA"."""
    match = _LABEL.match(unit)
    if match is None:
        return False
    label = match.group("label")
    if (len(label) > MAX_LABEL_CHARS or len(label.split()) > MAX_LABEL_WORDS or not label[:1].isupper()
            or label.casefold() in PROSE_LABELS):
        return False
    return is_name_list(match.group("value"), any_case=label.casefold() in _LIST_LABELS)


def is_tag_list(unit: str) -> bool:
    """Three or more short capitalised names in a separated list: "ISIS | Syria | Iraq"."""
    return len(_LIST_SEPARATOR.findall(unit)) >= 2 and is_name_list(unit, min_items=3)


def is_widget_bar(unit: str) -> bool:
    """Share, print and comment buttons: "Share Facebook Twitter Email Print"."""
    words = [w.lower().strip("'’.") for w in re.findall(r"[^\W\d_][\w'’.\-]*", unit)]
    return (0 < len(words) <= 12 and all(w in _WIDGET_WORDS for w in words)
            and any(w in _WIDGET_CORE for w in words))


def is_related_heading(unit: str) -> bool:
    """The heading of a block of links to other stories: "Related", "More from X", "Most read"."""
    return len(unit) <= 60 and _RELATED_HEADING.match(unit) is not None


def is_section_label(unit: str) -> bool:
    """A short capitalised line with no closing punctuation: "Local News", "In-depth Report".

    Only furniture in a page's header; inside the article the same shape is a sub-heading.
    """
    words = unit.split()
    return (0 < len(words) <= MAX_SECTION_WORDS and len(unit) <= MAX_SECTION_CHARS
            and not unit.rstrip().endswith((".", "?", "!", ",", ";", ":", "\"", "”"))
            and is_name_list(unit.replace(",", " ")))


def folded_name(text: str) -> str:
    """Compared without case, punctuation or a leading "the": "The Valley Post" is "valley post"."""
    words = re.findall(r"\w+", text.casefold())
    return " ".join(words[1:] if words[:1] == ["the"] and len(words) > 1 else words)


def is_site_name(unit: str, sites: Sequence[str]) -> bool:
    """The site's own name standing alone on a line, or followed by a short tail."""
    folded = folded_name(unit)
    return bool(folded) and any(folded == folded_name(site) for site in sites if site)


def furniture_kind(unit: str, sites: Sequence[str] = ()) -> str | None:
    """Why `unit` is site furniture ("label", "tags", "share", "related", "site"), or None."""
    if len(unit) > MAX_FURNITURE_CHARS:
        return None
    if is_site_name(unit, sites):
        return "site"
    if is_widget_bar(unit):
        return "share"
    if is_related_heading(unit):
        return "related"
    if is_label_line(unit):
        return "label"
    if is_tag_list(unit):
        return "tags"
    return None


def is_headline(unit: str) -> bool:
    """A link's headline in a related block: short, and not closed by a full stop."""
    words = unit.split()
    if not words or len(words) > MAX_HEADLINE_WORDS:
        return False
    return not _FINAL_STOP.search(unit) or (unit.rstrip().endswith("?") and len(words) <= 12)


def drop_furniture(units: list[str], sites: Sequence[str] = ()) -> tuple[list[str], list[str]]:
    """Split units into (kept, removed): furniture lines, and the headlines under a "Related" heading."""
    kept: list[str] = []
    removed: list[str] = []
    in_related = False
    for unit in units:
        kind = furniture_kind(unit, sites)
        if kind is None and in_related and is_headline(unit):
            removed.append(unit)
            continue
        in_related = kind == "related"
        (kept if kind is None else removed).append(unit)
    return kept, removed


#: What may follow a genre label on its own header line: "Analysis | Afghanistan".
MAX_GENRE_TAIL_CHARS = 40


@lru_cache(maxsize=1)
def _genre_label() -> re.Pattern[str]:
    """The opinion/analysis labels of data/cues_genre.tsv (row `label`), as a whole line."""
    text = resources.files("tocsin").joinpath("data/cues_genre.tsv").read_text("utf-8")
    row = next(line for line in text.splitlines() if line.startswith("label\t"))
    labels = row.partition("\t")[2]
    return re.compile(rf"(?i:(?:{labels})(?:\s*[|:–—-]\s*[^.!?]{{1,{MAX_GENRE_TAIL_CHARS}}})?)")


def is_genre_label(line: str) -> bool:
    """A header line that says the piece is opinion or analysis: "Opinion",
    "Analysis | Afghanistan", "Comment: Sahel"."""
    return _genre_label().fullmatch(line.strip()) is not None
