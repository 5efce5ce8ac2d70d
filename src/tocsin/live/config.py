"""Settings for `tocsin watch` and `tocsin serve --watch`: the feeds file, the
poll interval, HTTP limits and the fetch guard.

Everything here is parsed up front so that a typo in a feeds file or an
interval stops the command with one clear line before any request is made.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from tocsin.ingest.fetch import FetchPolicy, default_user_agent

_UNIT_SECONDS = {"d": 86_400, "h": 3_600, "m": 60, "s": 1}
_INTERVAL_PART = re.compile(r"(\d+)([dhms])")


class FeedsFileError(ValueError):
    """A feeds file that cannot be used; the message names the file and line."""


def parse_interval(text: str) -> int:
    """Seconds in an interval such as "15m", "30s", "1h", "2h30m", "1d" or "90".

    Units must come largest first, each at most once; a bare number is
    seconds.  Zero, negative, fractional and unknown units are rejected.
    """
    raw = text.strip().lower()
    if raw.isdigit():
        seconds = int(raw)
    else:
        seconds = _sum_interval_parts(raw, text)
    if seconds <= 0:
        raise ValueError(f"interval must be longer than zero: {text!r}")
    return seconds


def _sum_interval_parts(raw: str, original: str) -> int:
    parts = _INTERVAL_PART.findall(raw)
    if not raw or "".join(n + u for n, u in parts) != raw:
        raise ValueError(
            f"bad interval {original!r}: use a number with units d, h, m, s, e.g. 15m or 2h30m")
    units = [u for _, u in parts]
    order = list(_UNIT_SECONDS)
    if units != sorted(set(units), key=order.index):
        raise ValueError(f"bad interval {original!r}: give each unit once, largest first (2h30m)")
    return sum(int(n) * _UNIT_SECONDS[u] for n, u in parts)


def format_interval(seconds: int) -> str:
    """The shortest text that `parse_interval` reads back as `seconds`."""
    if seconds <= 0:
        raise ValueError(f"interval must be longer than zero: {seconds}")
    out = []
    for unit, size in _UNIT_SECONDS.items():
        count, seconds = divmod(seconds, size)
        if count:
            out.append(f"{count}{unit}")
    return "".join(out)


def parse_feeds(text: str, *, source: str = "<feeds>") -> tuple[str, ...]:
    """Feed URLs from feeds-file text: one per line, '#' comments, blanks ignored."""
    feeds: list[str] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        url = _strip_comment(line)
        if not url:
            continue
        problem = _url_problem(url)
        if problem:
            raise FeedsFileError(f"{source}:{number}: {problem}: {url!r}")
        if url in first_line:
            raise FeedsFileError(
                f"{source}:{number}: feed already listed on line {first_line[url]}: {url!r}")
        first_line[url] = number
        feeds.append(url)
    return tuple(feeds)


def read_feeds_file(path: str | Path) -> tuple[str, ...]:
    """Feed URLs from a feeds file; `FeedsFileError` names the bad line."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise FeedsFileError(f"{path}: cannot read feeds file: {error}") from error
    feeds = parse_feeds(text, source=str(path))
    if not feeds:
        raise FeedsFileError(f"{path}: no feed URLs in the file")
    return feeds


def _strip_comment(line: str) -> str:
    # A '#' starts a comment at the line start or after whitespace; inside a
    # URL it is a fragment and stays.
    stripped = line.strip()
    if stripped.startswith("#"):
        return ""
    return re.split(r"\s#", stripped, maxsplit=1)[0].strip()


def _url_problem(url: str) -> str | None:
    if any(ch.isspace() for ch in url):
        return "one URL per line, no spaces"
    try:
        parts = urlsplit(url)
        host, _ = parts.hostname, parts.port  # .port raises on a bad port
    except ValueError as error:
        return f"malformed URL ({error})"
    if parts.scheme not in ("http", "https"):
        return "not an http(s) URL"
    if not host:
        return "URL has no host"
    return None


@dataclass(frozen=True, slots=True)
class WatchConfig:
    """What to watch and how politely.  Times are seconds, sizes bytes."""

    feeds: tuple[str, ...]
    state_path: Path
    interval_s: int = 900
    per_host_delay_s: float = 2.0
    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    #: new entries taken from one feed per poll; the rest wait for the next poll.
    max_new_per_feed: int = 100
    #: polls in a row an article page may fail (5xx, timeout) before the
    #: feed's own summary is used instead, or the entry is dropped.
    page_attempts: int = 3
    #: polls an undelivered alert stays in the outbox before it is dropped.
    delivery_attempts: int = 10
    user_agent: str = field(default_factory=default_user_agent)
    alerts_path: Path | None = None
    webhook_url: str | None = None
    webhook_retries: int = 3
    webhook_timeout_s: float = 10.0
    #: print one line per alert on stdout as well as the other sinks.
    stdout: bool = True
    #: fetch feeds and pages on loopback, private and link-local addresses too
    #: (refused by default: a feed's links must not reach the host's own network).
    allow_private: bool = False
    #: host names that may be private without opening every private address.
    private_hosts: frozenset[str] = frozenset()
    #: read each site's robots.txt and skip what it disallows (live/robots.py)
    obey_robots: bool = True

    def __post_init__(self) -> None:
        if not self.feeds:
            raise ValueError("WatchConfig needs at least one feed URL")
        for url in self.feeds:
            problem = _url_problem(url)
            if problem:
                raise ValueError(f"{problem}: {url!r}")
        if self.interval_s <= 0 or self.timeout_s <= 0 or self.max_bytes <= 0:
            raise ValueError("interval_s, timeout_s and max_bytes must be positive")
        if self.per_host_delay_s < 0 or self.webhook_retries < 0:
            raise ValueError("per_host_delay_s and webhook_retries cannot be negative")
        if self.webhook_url is not None and _url_problem(self.webhook_url):
            raise ValueError(f"webhook: {_url_problem(self.webhook_url)}: {self.webhook_url!r}")
        if self.page_attempts < 1 or self.delivery_attempts < 1 or self.max_new_per_feed < 1:
            raise ValueError("page_attempts, delivery_attempts and max_new_per_feed must be at least 1")

    def fetch_policy(self) -> FetchPolicy:
        """The fetch guard and limits for this watch's feeds and pages."""
        return FetchPolicy(timeout_s=self.timeout_s, max_bytes=self.max_bytes,
                           allow_private=self.allow_private,
                           private_hosts=frozenset(h.lower() for h in self.private_hosts),
                           user_agent=self.user_agent)

    @classmethod
    def from_feeds_file(cls, feeds_file: str | Path, *, every: str = "15m",
                        state_path: str | Path | None = None, **options: object) -> WatchConfig:
        """Config from a feeds file and an interval text such as "15m".

        The state file defaults to `<feeds file>.state.json` beside it.
        """
        feeds = read_feeds_file(feeds_file)
        state = Path(state_path) if state_path else Path(f"{feeds_file}.state.json")
        return cls(feeds=feeds, state_path=state, interval_s=parse_interval(every),
                   **options)  # type: ignore[arg-type]
