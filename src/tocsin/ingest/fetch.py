"""The one URL fetcher, for `POST /api/ingest` URL lists and `tocsin watch`.

A URL given by a user or found in a feed must not turn the server against
its own network, hang a worker, or fill its memory.  So every request:
- uses an allowed scheme (http, https) and a host;
- resolves the host ONCE and refuses it unless every address is public:
  loopback, private, link-local (cloud metadata), shared, multicast,
  reserved and unspecified ranges are refused, IPv4 written as `127.1`,
  `0x7f000001` or `2130706433` included (they resolve to loopback), and
  IPv6 forms that embed an IPv4 address are judged by that address;
- connects to the address that was checked (the Host header and TLS server
  name stay the original host), so a second DNS answer cannot swap in a
  private one;
- follows redirects itself, checking each new URL the same way;
- stops at `max_bytes` of (decompressed) body and at one overall deadline
  for resolving, connecting, redirects and reading.

`FetchPolicy(allow_private=True)` lets intranet and loopback servers through
for users who need them (`private_hosts` does it for named hosts only); the
cloud metadata addresses stay refused even then.
Nothing here raises on a bad URL or server: the result is `Fetched` or a
`Problem` with a reason code (bad_url, blocked_address, unreachable, timeout,
too_large, http_error, server_error, too_many_redirects).

`post_json` sends a webhook under the same policy (scheme, one checked
resolution, the checked address, one deadline, a cap on the answer read);
a redirect is never followed, since it would re-send the alert to a place
the user did not name (`redirected`).
"""
from __future__ import annotations

import concurrent.futures
import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from tocsin import __version__
from tocsin.models import Problem

__all__ = ["FeedCursor", "FetchPolicy", "Fetched", "HostPacer", "TRANSIENT_REASONS",
           "blocked_reason", "conditional_headers", "fetch", "host_of", "make_client", "now_utc",
           "post_json"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

#: statuses that may clear up by the next poll.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
#: Problem reasons that may clear up by the next poll.
TRANSIENT_REASONS = frozenset({"unreachable", "timeout", "server_error"})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: Never fetched, even with allow_private: instance metadata services.
METADATA_ADDRESSES = frozenset({
    ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("169.254.170.2"),
    ipaddress.ip_address("100.100.100.200"), ipaddress.ip_address("fd00:ec2::254"),
})
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
#: Longest a single socket read may wait; bounds how far the deadline can be overrun.
MAX_READ_WAIT_S = 5.0


def now_utc() -> datetime:
    return datetime.now(timezone.utc)


def default_user_agent() -> str:
    return f"tocsin/{__version__} (+offline early warning)"


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may do.  Times are seconds, sizes bytes."""

    #: overall deadline: resolving, connecting, every redirect and the whole body.
    timeout_s: float = 20.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    schemes: frozenset[str] = frozenset({"http", "https"})
    #: let loopback, private, link-local and shared addresses through (not metadata).
    allow_private: bool = False
    #: host names (lower case) that may resolve to such addresses when allow_private
    #: is off: one intranet news server, say, without opening the whole network.
    private_hosts: frozenset[str] = frozenset()
    user_agent: str = field(default_factory=default_user_agent)

    def __post_init__(self) -> None:
        if self.timeout_s <= 0 or self.max_bytes <= 0 or self.max_redirects < 0:
            raise ValueError("timeout_s and max_bytes must be positive, max_redirects not negative")
        if not self.schemes <= {"http", "https"}:
            raise ValueError("only http and https can be fetched")


@dataclass(frozen=True, slots=True)
class FeedCursor:
    """Validators for a conditional GET of one feed."""

    etag: str | None = None
    last_modified: str | None = None


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


def conditional_headers(cursor: FeedCursor) -> dict[str, str]:
    headers = {}
    if cursor.etag:
        headers["If-None-Match"] = cursor.etag
    if cursor.last_modified:
        headers["If-Modified-Since"] = cursor.last_modified
    return headers


def host_of(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # a malformed URL is fetch's to report, not the pacer's
        return ""


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


# --- address checks ---------------------------------------------------------------------
def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # deprecated IPv4-compatible ::a.b.c.d
        return ipaddress.IPv4Address(int(ip))
    return None


def blocked_reason(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why `ip` must not be fetched, or None when it may be."""
    if ip in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return blocked_reason(inner, allow_private)
    if ip.is_multicast:
        return "a multicast address"
    if ip.is_unspecified:
        return "an unspecified address"
    if allow_private:
        return None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_link_local:
        return "a link-local address"
    if ip.is_private:
        return "a private address"
    if ip.is_reserved or not ip.is_global:
        return "not a public address"
    return None


def system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def _resolve(host: str, port: int, resolver: Resolver, wait_s: float) -> list[str]:
    """Addresses of `host`, within `wait_s` (getaddrinfo itself has no timeout)."""
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="tocsin-dns")
    try:
        return pool.submit(resolver, host, port).result(timeout=max(0.01, wait_s))
    finally:
        pool.shutdown(wait=False)


class _Refused(Exception):
    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True, slots=True)
class _Target:
    """A checked URL: where to connect, and what to call the host."""

    url: str
    connect_url: str
    host_header: str
    sni: str | None


def _check(url: str, policy: FetchPolicy, resolver: Resolver, wait_s: float) -> _Target:
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError as error:
        raise _Refused("bad_url", f"malformed URL ({error})") from None
    if parts.scheme.lower() not in policy.schemes or not host:
        raise _Refused("bad_url", "not an http(s) URL with a host")
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        literal: IPAddress | None = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        literal = None
    try:
        found = [str(literal)] if literal is not None else _resolve(host, port, resolver, wait_s)
    except concurrent.futures.TimeoutError:
        raise _Refused("timeout", f"could not resolve {host} in time") from None
    except (OSError, UnicodeError) as error:
        raise _Refused("unreachable", f"cannot resolve {host}: {error}") from None
    addresses = [ipaddress.ip_address(a.split("%")[0]) for a in found]
    if not addresses:
        raise _Refused("unreachable", f"{host} has no address")
    trusted = policy.allow_private or host.lower() in policy.private_hosts
    for address in addresses:
        why = blocked_reason(address, trusted)
        if why is not None:
            raise _Refused("blocked_address", f"{host} resolves to {why}; not fetched "
                                              "(set allow_private to fetch intranet servers)")
    chosen = addresses[0]
    netloc_host = f"[{chosen}]" if chosen.version == 6 else str(chosen)
    connect = urlunsplit((parts.scheme.lower(), f"{netloc_host}:{port}", parts.path or "/",
                          parts.query, ""))
    default_port = {"http": 80, "https": 443}[parts.scheme.lower()]
    shown = host if ":" not in host else f"[{host}]"
    host_header = shown if port == default_port else f"{shown}:{port}"
    sni = host if parts.scheme.lower() == "https" and literal is None else None
    return _Target(url, connect, host_header, sni)


# --- the request loop ------------------------------------------------------------------
def make_client() -> httpx.Client:
    """A client for `fetch`: no redirects of its own, no proxies from the environment
    (a proxy would resolve the host itself, past the address check)."""
    return httpx.Client(follow_redirects=False, trust_env=False)


def fetch(url: str, policy: FetchPolicy = FetchPolicy(), *, client: httpx.Client | None = None,
          headers: dict[str, str] | None = None, clock: Callable[[], float] = time.monotonic,
          resolver: Resolver = system_resolver) -> Fetched | Problem:
    """GET `url` under `policy`: a 2xx/304 response as `Fetched`, anything else a `Problem`."""
    return _guarded(url, policy, client,
                    lambda http: _follow(http, url, policy, headers or {}, clock, resolver))


#: most of a webhook receiver's answer that is read (it is not used, only drained)
MAX_ANSWER_BYTES = 65_536


def post_json(url: str, body: object, policy: FetchPolicy = FetchPolicy(), *,
              client: httpx.Client | None = None, headers: dict[str, str] | None = None,
              clock: Callable[[], float] = time.monotonic,
              resolver: Resolver = system_resolver) -> Fetched | Problem:
    """POST `body` as JSON to `url` under `policy`, redirects not followed: a 2xx answer
    as `Fetched` (its body cut to MAX_ANSWER_BYTES), anything else a `Problem`."""
    import json

    content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    sent = {**(headers or {}), "Content-Type": "application/json"}
    answer_policy = FetchPolicy(timeout_s=policy.timeout_s, max_bytes=MAX_ANSWER_BYTES,
                                max_redirects=0, schemes=policy.schemes,
                                allow_private=policy.allow_private,
                                private_hosts=policy.private_hosts, user_agent=policy.user_agent)

    def post(http: httpx.Client) -> Fetched | Problem:
        deadline = clock() + policy.timeout_s
        target = _check(url, policy, resolver, policy.timeout_s)
        result = _get(http, target, answer_policy, sent, deadline, clock, method="POST",
                      content=content, truncate=True)
        if isinstance(result, str):
            return Problem(url, "redirected", "the receiver answered with a redirect; not "
                           "followed (give the final URL)", now_utc())
        return result

    return _guarded(url, policy, client, post)


def _guarded(url: str, policy: FetchPolicy, client: httpx.Client | None,
             run: Callable[[httpx.Client], Fetched | Problem]) -> Fetched | Problem:
    """Run one guarded exchange, every failure as a Problem."""
    owned = client is None
    http = client or make_client()
    try:
        return run(http)
    except _Refused as refused:
        return Problem(url, refused.reason, refused.message, now_utc())
    except httpx.TimeoutException:
        return Problem(url, "timeout", f"no complete response within {policy.timeout_s:g} s",
                       now_utc())
    except (httpx.ConnectError, httpx.RemoteProtocolError, httpx.ReadError,
            httpx.WriteError) as error:
        return Problem(url, "unreachable", f"{type(error).__name__}: {error}"[:300], now_utc())
    except httpx.InvalidURL as error:
        return Problem(url, "bad_url", str(error)[:300], now_utc())
    except httpx.HTTPError as error:
        return Problem(url, "http_error", f"{type(error).__name__}: {error}"[:300], now_utc())
    finally:
        if owned:
            http.close()


def _follow(http: httpx.Client, url: str, policy: FetchPolicy, headers: dict[str, str],
            clock: Callable[[], float], resolver: Resolver) -> Fetched | Problem:
    deadline = clock() + policy.timeout_s
    current = url
    for _ in range(policy.max_redirects + 1):
        left = deadline - clock()
        if left <= 0:
            raise httpx.ReadTimeout("deadline passed")
        target = _check(current, policy, resolver, left)
        result = _get(http, target, policy, headers, deadline, clock)
        if isinstance(result, str):
            current = result
            continue
        return result
    raise _Refused("too_many_redirects", f"more than {policy.max_redirects} redirects")


def _get(http: httpx.Client, target: _Target, policy: FetchPolicy, headers: dict[str, str],
         deadline: float, clock: Callable[[], float], *, method: str = "GET",
         content: bytes | None = None, truncate: bool = False) -> Fetched | Problem | str:
    """One request: the result, or the next URL to go to after a redirect.  With
    `truncate`, a body over the cap is cut there rather than refused."""
    left = max(0.01, deadline - clock())
    timeout = httpx.Timeout(left, read=min(left, MAX_READ_WAIT_S))
    sent = {"User-Agent": policy.user_agent, **headers, "Host": target.host_header}
    extensions = {"sni_hostname": target.sni} if target.sni else {}
    request = http.build_request(method, target.connect_url, headers=sent, timeout=timeout,
                                 extensions=extensions, content=content)
    response = http.send(request, stream=True, follow_redirects=False)
    try:
        if response.status_code in _REDIRECTS and response.headers.get("location"):
            return urljoin(target.url, response.headers["location"].strip())
        if response.status_code == 304:
            return Fetched(target.url, 304, b"", cursor=_cursor(response))
        if not response.is_success:
            reason = "server_error" if response.status_code in TRANSIENT_STATUSES else "http_error"
            return Problem(target.url, reason, f"HTTP {response.status_code}", now_utc())
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > policy.max_bytes and not truncate:
            raise _Refused("too_large", f"response over {policy.max_bytes:,} bytes; skipped")
        body = _read_capped(response, policy.max_bytes, deadline, clock, truncate)
        return Fetched(target.url, response.status_code, body,
                       response.headers.get("content-type", ""), _cursor(response))
    finally:
        response.close()


def _read_capped(response: httpx.Response, max_bytes: int, deadline: float,
                 clock: Callable[[], float], truncate: bool = False) -> bytes:
    # httpx's timeout bounds each read, not the whole body: a server that
    # drips one byte a second would never time out without the deadline.
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            if truncate:
                chunks.append(chunk[:max_bytes - (size - len(chunk))])
                break
            raise _Refused("too_large", f"response over {max_bytes:,} bytes; skipped")
        if clock() > deadline:
            raise httpx.ReadTimeout("body took too long", request=response.request)
        chunks.append(chunk)
    return b"".join(chunks)


def _cursor(response: httpx.Response) -> FeedCursor:
    return FeedCursor(response.headers.get("etag"), response.headers.get("last-modified"))
