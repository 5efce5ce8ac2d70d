"""Polite, bounded HTTP GETs for `tocsin watch`.

Every request waits its turn per host (`HostPacer`), streams the body with a
byte cap and an overall deadline, and comes back as a `Fetched` or a
`Problem`; nothing here raises on a bad server.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

import httpx

from tocsin.ingest.watch_state import FeedCursor
from tocsin.models import Problem

#: statuses that may clear up by the next poll.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Problem reasons that may clear up by the next poll.
TRANSIENT_REASONS = frozenset({"unreachable", "timeout", "server_error"})


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL is fetch's to report, not the pacer's
        return ""


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        return parts.scheme in ("http", "https") and bool(parts.hostname) and (
            parts.port is None or parts.port > 0)
    except ValueError:
        return False


@dataclass
class HostPacer:
    """Keeps at least `delay_s` between the starts of requests to one host."""

    delay_s: float
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _last: dict[str, float] = field(default_factory=dict)

    def wait(self, url: str) -> None:
        host = host_of(url)
        last = self._last.get(host)
        if last is not None:
            remaining = self.delay_s - (self.clock() - last)
            if remaining > 0:
                self.sleep(remaining)
        self._last[host] = self.clock()


@dataclass(frozen=True, slots=True)
class Fetched:
    """A response that arrived whole and within the size cap."""

    url: str
    status: int
    body: bytes
    content_type: str = ""
    cursor: FeedCursor = FeedCursor()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class Limits:
    timeout_s: float
    max_bytes: int


class _TooLarge(Exception):
    pass


def conditional_headers(cursor: FeedCursor) -> dict[str, str]:
    headers = {}
    if cursor.etag:
        headers["If-None-Match"] = cursor.etag
    if cursor.last_modified:
        headers["If-Modified-Since"] = cursor.last_modified
    return headers


def fetch(client: httpx.Client, url: str, limits: Limits, *,
          headers: dict[str, str] | None = None,
          clock: Callable[[], float] = time.monotonic) -> Fetched | Problem:
    """GET `url`; a 2xx/304 response as `Fetched`, anything else as a `Problem`."""
    if not _is_http_url(url):
        return Problem(url, "bad_url", "not a well-formed http(s) URL", now_utc())
    try:
        return _stream(client, url, limits, headers or {}, clock)
    except _TooLarge:
        return Problem(url, "too_large", f"response over {limits.max_bytes} bytes; skipped",
                       now_utc())
    except httpx.TimeoutException:
        return Problem(url, "timeout", f"no complete response within {limits.timeout_s:g} s",
                       now_utc())
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError) as error:
        return Problem(url, "unreachable", f"{type(error).__name__}: {error}", now_utc())
    except httpx.InvalidURL as error:
        return Problem(url, "bad_url", str(error), now_utc())
    except httpx.HTTPError as error:
        return Problem(url, "http_error", f"{type(error).__name__}: {error}", now_utc())


def _stream(client: httpx.Client, url: str, limits: Limits, headers: dict[str, str],
            clock: Callable[[], float]) -> Fetched | Problem:
    deadline = clock() + limits.timeout_s
    with client.stream("GET", url, headers=headers, timeout=limits.timeout_s) as response:
        if response.status_code == 304:
            return Fetched(str(response.url), 304, b"", cursor=_cursor(response))
        if not response.is_success:
            return _status_problem(url, response.status_code)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_bytes:
            raise _TooLarge
        body = _read_capped(response, limits.max_bytes, deadline, clock)
        return Fetched(str(response.url), response.status_code, body,
                       response.headers.get("content-type", ""), _cursor(response))


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float,
                 clock: Callable[[], float]) -> bytes:
    # httpx's timeout bounds each read, not the whole body: a server that
    # drips one byte a second would never time out without the deadline.
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise _TooLarge
        if clock() > deadline:
            raise httpx.ReadTimeout("body took too long", request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def _status_problem(url: str, status: int) -> Problem:
    reason = "server_error" if status in TRANSIENT_STATUSES else "http_error"
    return Problem(url, reason, f"HTTP {status}", now_utc())


def _cursor(response: httpx.Response) -> FeedCursor:
    return FeedCursor(response.headers.get("etag"), response.headers.get("last-modified"))
