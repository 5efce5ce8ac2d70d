"""robots.txt for the watcher: a site that asks robots to keep off a path is obeyed.

`tocsin watch` is a robot: it polls feeds and fetches the pages they link
to, unattended.  Before a feed or page URL is fetched, its site's
/robots.txt is fetched (through the same guarded fetcher, so it cannot be
turned against the host either), parsed with the standard library's
`urllib.robotparser`, and kept per site (scheme, host, port) for
`ttl_s` (24 h, the longest RFC 9309 allows).

What the answer means (RFC 9309):
- 2xx: its rules, for our user agent (or `*`);
- 4xx (none there, or forbidden): everything allowed;
- 5xx, unreachable, timeout: nothing fetched from that site this time (the
  Problem keeps the transient reason, so a page is tried again next poll);
  this is not cached;
- a robots.txt over `MAX_ROBOTS_BYTES`: treated as disallowing everything.

A URL that may not be fetched is a `robots_disallowed` Problem: a feed is
skipped, a page falls back to the feed's own text.  `obey_robots = False`
(`--ignore-robots`) turns this off for sources the user runs or has
permission to poll.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit
from urllib.robotparser import RobotFileParser

from tocsin.ingest.fetch import TRANSIENT_REASONS, Fetched
from tocsin.models import Problem

__all__ = ["MAX_ROBOTS_BYTES", "ROBOTS_TTL_S", "RobotsCache"]

#: RFC 9309 asks crawlers to read at least 500 KiB; a larger file disallows all.
MAX_ROBOTS_BYTES = 512_000
#: how long one site's robots.txt is trusted (RFC 9309: at most 24 hours).
ROBOTS_TTL_S = 86_400.0

#: GET a URL (the watcher passes its paced, guarded fetch).
GetFn = Callable[[str], "Fetched | Problem"]


@dataclass(frozen=True, slots=True)
class _Rules:
    parser: RobotFileParser | None       # None: everything allowed
    disallow_all: bool
    until: float


def _site(url: str) -> tuple[str, str] | None:
    """(site key, robots.txt URL) of `url`, or None when it has no http(s) host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    netloc = parts.hostname.lower() if ":" not in parts.hostname else f"[{parts.hostname}]"
    if port:
        netloc += f":{port}"
    key = f"{parts.scheme.lower()}://{netloc}"
    return key, urlunsplit((parts.scheme.lower(), netloc, "/robots.txt", "", ""))


class RobotsCache:
    """Says whether the watcher may fetch a URL; one robots.txt per site and `ttl_s`."""

    def __init__(self, get: GetFn, user_agent: str, *, ttl_s: float = ROBOTS_TTL_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._get = get
        # robots.txt groups name a product token ("tocsin"), not the whole User-Agent
        self.agent = user_agent.split("/")[0].split()[0] if user_agent.strip() else "*"
        self.ttl_s = ttl_s
        self._clock = clock
        self._sites: dict[str, _Rules] = {}

    def check(self, url: str) -> Problem | None:
        """None when `url` may be fetched, else the Problem saying why not."""
        site = _site(url)
        if site is None:
            return None                   # the fetcher itself refuses such a URL
        key, robots_url = site
        rules = self._sites.get(key)
        if rules is None or rules.until <= self._clock():
            fetched = self._get(robots_url)
            if isinstance(fetched, Problem) and (fetched.reason in TRANSIENT_REASONS
                                                 or fetched.reason == "blocked_address"):
                # not cached: the site may answer next time (or the URL is refused anyway)
                return Problem(url, fetched.reason, f"robots.txt of {key} unavailable "
                               f"({fetched.message}); not fetched", fetched.at)
            rules = self._rules(fetched)
            self._sites[key] = rules
        if rules.disallow_all or (rules.parser is not None
                                  and not rules.parser.can_fetch(self.agent, url)):
            return Problem(url, "robots_disallowed",
                           f"{key}/robots.txt asks robots not to fetch this URL; not fetched "
                           "(--ignore-robots to fetch it anyway)")
        return None

    def _rules(self, fetched: Fetched | Problem) -> _Rules:
        until = self._clock() + self.ttl_s
        if isinstance(fetched, Problem):
            # too_large disallows all; a 4xx (http_error) or anything else allows all
            return _Rules(None, fetched.reason == "too_large", until)
        parser = RobotFileParser()
        parser.parse(fetched.body.decode("utf-8", errors="replace").splitlines())
        return _Rules(parser, False, until)
