"""Bounds on every text before it reaches trafilatura or spaCy.

Hostile or broken input must cost bounded time, never a crash:
- spaCy refuses texts over `nlp.max_length` (E088) and its tokenizer is
  quadratic on a long whitespace-free run of prefix/suffix characters
  (20,000 ">" take about a minute);
- trafilatura's time grows faster than the page on multi-megabyte HTML.

So, where the stored text is built (before clean-up, so that evidence
offsets still index the stored text):
1. lone surrogates and NUL bytes become U+FFFD / a space (DuckDB and Arrow
   reject them);
2. a run of more than `max_symbol_run` punctuation, symbol or emoji
   characters is cut to its first `max_symbol_run`;
3. a whitespace-free chunk longer than `max_word_chars` is broken with spaces;
4. the text is cut at a paragraph boundary to `max_chars` characters and
   about `max_tokens` tokens, a size budget that bounds parse time per record.

Each change worth knowing becomes a notice: (reason, message), stored as a
`problems` row (`truncated`, `collapsed`) while the article itself is kept.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Bounded", "HtmlLimits", "TextLimits", "bound_field", "bound_html", "bound_text",
           "DEFAULT_HTML_LIMITS", "DEFAULT_TEXT_LIMITS", "Notice"]

#: (reason code, one-line message), stored in `problems` with the record's origin.
Notice = tuple[str, str]


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Per-record size budget for article text."""

    #: characters kept; spaCy's own limit (nlp.max_length) is 1,000,000.
    max_chars: int = 100_000
    #: estimated tokens kept (words and punctuation marks): parse time grows with tokens.
    max_tokens: int = 25_000
    #: longest run of punctuation, symbols or emoji kept as it is.
    max_symbol_run: int = 8
    #: longest chunk without whitespace kept unbroken (long URLs still fit).
    max_word_chars: int = 200
    #: characters removed by collapsing above which a `collapsed` notice is recorded
    #: (a "--------" rule line or "!!!!!" is not worth a problem row).
    report_collapsed_over: int = 1_000

    def __post_init__(self) -> None:
        if min(self.max_chars, self.max_tokens, self.max_symbol_run, self.max_word_chars) < 1:
            raise ValueError("text limits must be positive")


@dataclass(frozen=True, slots=True)
class HtmlLimits:
    """What an HTML page may cost before trafilatura reads it."""

    #: characters of HTML handed to trafilatura (its time grows faster than the page).
    max_chars: int = 1_000_000


DEFAULT_TEXT_LIMITS = TextLimits()
DEFAULT_HTML_LIMITS = HtmlLimits()
#: Longest metadata value kept (titles, authors, sources); URLs get more room.
MAX_FIELD_CHARS = 1_000
MAX_URL_CHARS = 4_000

_UNSAFE = re.compile("[\x00\ud800-\udfff]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_INVISIBLE_BLOCKS = ("script", "style", "noscript", "template", "svg")


@dataclass(frozen=True, slots=True)
class Bounded:
    text: str
    notices: tuple[Notice, ...] = ()


def _safe(text: str) -> str:
    return _UNSAFE.sub(lambda m: " " if m.group() == "\x00" else "\ufffd", text)


def _collapse_runs(text: str, limits: TextLimits) -> tuple[str, int]:
    """Cut long symbol runs and break long chunks; returns (text, characters removed)."""
    keep = limits.max_symbol_run
    removed = 0

    def cut(match: re.Match[str]) -> str:
        nonlocal removed
        removed += len(match.group()) - keep
        return match.group()[:keep]

    text = re.sub(rf"[^\w\s]{{{keep + 1},}}", cut, text)
    width = limits.max_word_chars

    def split(match: re.Match[str]) -> str:
        chunk = match.group()
        return " ".join(chunk[i:i + width] for i in range(0, len(chunk), width))

    return re.sub(rf"\S{{{width + 1},}}", split, text), removed


def _cut_point(text: str, limits: TextLimits) -> int:
    """Where to end the text: after the last paragraph that fits the budget."""
    # Every token holds at least one character, so a short text needs no count.
    if len(text) <= limits.max_chars and (len(text) <= limits.max_tokens
                                          or len(_TOKEN.findall(text)) <= limits.max_tokens):
        return len(text)
    end, tokens = 0, 0
    for brk in [*_PARAGRAPH_BREAK.finditer(text), None]:
        stop = brk.start() if brk else len(text)
        more = len(_TOKEN.findall(text, end, stop))
        if stop > limits.max_chars or tokens + more > limits.max_tokens:
            break
        end, tokens = stop, tokens + more
    if end:
        return end
    return _cut_inside(text, limits)


def _cut_inside(text: str, limits: TextLimits) -> int:
    """The first paragraph alone is over budget: cut it at a space within the budget."""
    end = 0
    for count, token in enumerate(_TOKEN.finditer(text, 0, limits.max_chars), start=1):
        if count > limits.max_tokens:
            break
        end = token.end()
    space = text.rfind(" ", 0, end)
    return space if space > end // 2 else end


def bound_text(text: str, limits: TextLimits = DEFAULT_TEXT_LIMITS) -> Bounded:
    """`text` made safe for the parser, with notices for what was cut."""
    original = len(text)
    text = _safe(text)
    text, removed = _collapse_runs(text, limits)
    notices: list[Notice] = []
    if removed > limits.report_collapsed_over:
        notices.append(("collapsed", f"{removed:,} characters of repeated punctuation or "
                                     f"symbols removed before parsing"))
    end = _cut_point(text, limits)
    if end < len(text):
        kept = text[:end].rstrip()
        notices.append(("truncated", f"text of {original:,} characters cut to {len(kept):,} "
                                     f"(limits: {limits.max_chars:,} characters, about "
                                     f"{limits.max_tokens:,} tokens); the rest was not read"))
        text = kept
    return Bounded(text, tuple(notices))


def bound_field(value: str | None, limit: int = MAX_FIELD_CHARS) -> str | None:
    """A metadata value with unsafe characters replaced and its length capped."""
    if value is None:
        return None
    return _safe(value[:limit])


def _strip_blocks(html: str) -> str:
    """Remove script/style/svg... blocks in one linear pass (no backtracking regex)."""
    lower = html.lower()
    out: list[str] = []
    pos = 0
    #: next opening of each tag at or after `pos`; -1 once there is none.
    next_at = {tag: lower.find(f"<{tag}") for tag in _INVISIBLE_BLOCKS}
    while True:
        for tag, at in next_at.items():
            if 0 <= at < pos:
                next_at[tag] = lower.find(f"<{tag}", pos)
        found = [(at, tag) for tag, at in next_at.items() if at >= 0]
        if not found:
            out.append(html[pos:])
            return "".join(out)
        at, tag = min(found)
        out.append(html[pos:at])
        close = lower.find(f"</{tag}", at)
        if close < 0:
            return "".join(out)
        end = lower.find(">", close)
        pos = len(html) if end < 0 else end + 1


def bound_html(html: str, limits: HtmlLimits = DEFAULT_HTML_LIMITS) -> Bounded:
    """An HTML page small enough for trafilatura: scripts and styles dropped from a
    large page first, then the rest cut at the limit, with a `truncated` notice."""
    html = _safe(html)
    if len(html) <= limits.max_chars:
        return Bounded(html)
    size = len(html)
    html = _strip_blocks(html)
    if len(html) <= limits.max_chars:
        return Bounded(html)
    return Bounded(html[:limits.max_chars], (
        ("truncated", f"HTML page of {size:,} characters cut to {limits.max_chars:,} "
                      "before text extraction; the rest was not read"),))
