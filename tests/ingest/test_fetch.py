"""The one URL fetcher: SSRF guard, redirects, byte cap, deadline.

Only loopback servers started here are ever contacted (or httpx's MockTransport,
which sends nothing); with the guard on, they must be refused before any byte
is sent to them.
"""
from __future__ import annotations

import gzip
import ipaddress
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tocsin.ingest.fetch import (
    MAX_ANSWER_BYTES, FeedCursor, FetchPolicy, Fetched, HostPacer, blocked_reason,
    conditional_headers, fetch, post_json, system_resolver,
)
from tocsin.models import Problem

pytestmark = pytest.mark.timeout(60)


class Site:
    def __init__(self) -> None:
        self.paths: list[str] = []
        self.port = 0


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state.paths.append(self.path)
            if self.path == "/to-loopback":
                self._redirect(f"http://127.0.0.1:{state.port}/secret")
            elif self.path == "/loop":
                self._redirect("/loop")
            elif self.path == "/drip":
                self.send_response(200)
                self.end_headers()
                for _ in range(40):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.1)
            elif self.path == "/huge":
                self.send_response(200)
                self.end_headers()              # no Content-Length: only the count can stop it
                for _ in range(100):
                    self.wfile.write(b"y" * 10_000)
            else:
                body = f"secret page {self.path}".encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def do_POST(self) -> None:  # noqa: N802
            state.paths.append(f"POST {self.path}")
            self.rfile.read(int(self.headers.get("Content-Length", "0")))
            if self.path == "/to-loopback":
                self._redirect(f"http://127.0.0.1:{state.port}/secret")
            elif self.path == "/drip":
                self.send_response(200)
                self.end_headers()
                try:
                    for _ in range(40):
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                except (BrokenPipeError, ConnectionResetError):
                    pass                           # the client gave up: expected
            else:
                body = b"ok" * 100_000                 # a chatty receiver: read only in part
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def _redirect(self, where: str) -> None:
            self.send_response(302)
            self.send_header("Location", where)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def problem_of(result: Fetched | Problem) -> Problem:
    assert isinstance(result, Problem), result
    return result


@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f000001", "2130706433",
                                  "017700000001", "[::1]", "localhost", "[::ffff:127.0.0.1]",
                                  "[::ffff:7f00:1]"])
def test_the_guard_refuses_every_spelling_of_loopback(site: Site, host: str) -> None:
    result = fetch(f"http://{host}:{site.port}/secret", FetchPolicy(timeout_s=5))
    assert problem_of(result).reason == "blocked_address"
    assert site.paths == []                                   # nothing was sent


def test_a_redirect_to_loopback_is_refused(site: Site) -> None:
    # news.test is a trusted name that resolves to the test server; the page it
    # serves redirects to 127.0.0.1, which is not trusted.
    policy = FetchPolicy(timeout_s=5, private_hosts=frozenset({"news.test"}))
    result = fetch(f"http://news.test:{site.port}/to-loopback", policy,
                   resolver=lambda host, port: ["127.0.0.1"])
    assert problem_of(result).reason == "blocked_address"
    assert site.paths == ["/to-loopback"]                     # /secret never requested


def test_a_redirect_from_a_public_name_to_loopback_is_refused_before_sending() -> None:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return httpx.Response(302, headers={"Location": "http://127.1/admin"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("http://news.example/story", FetchPolicy(timeout_s=5), client=client,
                       resolver=lambda host, port: ["93.184.216.34"] if host == "news.example"
                       else system_resolver(host, port))
    assert problem_of(result).reason == "blocked_address"
    assert sent == ["http://93.184.216.34/story"]             # connected to the checked address


def test_the_checked_address_is_used_and_the_host_name_is_kept() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, content=b"ok")

    answers = iter([["93.184.216.34"], ["10.0.0.1"]])          # a rebinding DNS server
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("https://news.example/a?b=1", FetchPolicy(timeout_s=5), client=client,
                       resolver=lambda host, port: next(answers))
    assert isinstance(result, Fetched) and result.url == "https://news.example/a?b=1"
    assert [str(r.url) for r in seen] == ["https://93.184.216.34/a?b=1"]
    assert seen[0].headers["host"] == "news.example"
    assert seen[0].extensions["sni_hostname"] == "news.example"


def test_allow_private_lets_loopback_through(site: Site) -> None:
    result = fetch(f"http://127.1:{site.port}/page", FetchPolicy(timeout_s=5, allow_private=True))
    assert isinstance(result, Fetched) and result.body == b"secret page /page"


def test_too_many_redirects(site: Site) -> None:
    policy = FetchPolicy(timeout_s=5, max_redirects=3, allow_private=True)
    assert problem_of(fetch(f"http://127.0.0.1:{site.port}/loop", policy)).reason == \
        "too_many_redirects"
    assert len(site.paths) == 4


def test_a_dripping_server_is_cut_off_at_the_deadline(site: Site) -> None:
    # 40 bytes a tenth of a second apart: each read succeeds, only the deadline stops it
    # (the module's test-level timeout fails the test if it does not).
    result = fetch(f"http://127.0.0.1:{site.port}/drip",
                   FetchPolicy(timeout_s=1.0, allow_private=True))
    assert problem_of(result).reason == "timeout"


def test_an_undeclared_huge_body_stops_at_the_cap(site: Site) -> None:
    result = fetch(f"http://127.0.0.1:{site.port}/huge",
                   FetchPolicy(timeout_s=5, max_bytes=50_000, allow_private=True))
    assert problem_of(result).reason == "too_large"


def test_a_resolver_that_hangs_is_a_timeout() -> None:
    def slow(host: str, port: int) -> list[str]:
        time.sleep(5)
        return ["93.184.216.34"]

    result = fetch("http://slow.example/", FetchPolicy(timeout_s=0.3), resolver=slow)
    assert problem_of(result).reason == "timeout"


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://a.example/x", "gopher://a.example/",
                                 "http://[broken/x", "https://a.example:99999/", "https:///nohost",
                                 "javascript:alert(1)"])
def test_unusable_urls_are_refused_without_a_request(url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        result = fetch(url, FetchPolicy(timeout_s=1), client=client,
                       resolver=lambda host, port: ["93.184.216.34"])
    assert problem_of(result).reason == "bad_url"


@pytest.mark.parametrize(("address", "blocked"), [
    ("93.184.216.34", None), ("2606:2800:220:1:248:1893:25c8:1946", None),
    ("10.1.2.3", "a private address"), ("172.16.0.1", "a private address"),
    ("192.168.1.1", "a private address"), ("169.254.10.1", "a link-local address"),
    ("169.254.169.254", "a cloud metadata address"), ("fd00:ec2::254", "a cloud metadata address"),
    ("100.64.0.1", "not a public address"), ("224.0.0.1", "a multicast address"),
    ("0.0.0.0", "an unspecified address"), ("fe80::1", "a link-local address"),
    ("fc00::1", "a private address"), ("2002:7f00:1::", "a loopback address"),
    ("64:ff9b::7f00:1", "a loopback address"), ("::127.0.0.1", "a loopback address"),
    ("192.0.2.1", "a private address"),
])
def test_address_ranges(address: str, blocked: str | None) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == blocked


def test_metadata_stays_refused_with_allow_private() -> None:
    assert blocked_reason(ipaddress.ip_address("169.254.169.254"), allow_private=True)
    assert blocked_reason(ipaddress.ip_address("10.0.0.1"), allow_private=True) is None


def public(host: str, port: int) -> list[str]:
    return ["93.184.216.34"]


def test_cap_counts_decompressed_bytes() -> None:
    bomb = gzip.compress(b"<rss>" + b" " * 200_000 + b"</rss>")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    assert len(bomb) < 10_000
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("https://a.example/rss", FetchPolicy(timeout_s=5, max_bytes=10_000),
                       client=client, resolver=public)
    assert problem_of(result).reason == "too_large"


def test_body_that_drips_past_the_deadline_times_out_on_a_fake_clock() -> None:
    now = [0.0]

    class Drip(httpx.SyncByteStream):
        def __iter__(self):  # type: ignore[no-untyped-def]
            for _ in range(10):
                now[0] += 1.0  # each chunk arrives a second after the last
                yield b"<rss>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=Drip())

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("https://a.example/rss", FetchPolicy(timeout_s=3, max_bytes=10_000),
                       client=client, clock=lambda: now[0], resolver=public)
    assert problem_of(result).reason == "timeout"


def test_validators_come_back_with_the_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<rss/>", headers={
            "ETag": '"abc"', "Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch("https://a.example/rss", FetchPolicy(timeout_s=3, max_bytes=100),
                       client=client, resolver=public)
    assert isinstance(result, Fetched)
    assert result.body == b"<rss/>"
    assert result.cursor == FeedCursor('"abc"', "Mon, 03 Mar 2025 10:00:00 GMT")


def test_conditional_headers_come_from_the_cursor() -> None:
    assert conditional_headers(FeedCursor()) == {}
    assert conditional_headers(FeedCursor('"e"', "Mon, 03 Mar 2025 10:00:00 GMT")) == {
        "If-None-Match": '"e"', "If-Modified-Since": "Mon, 03 Mar 2025 10:00:00 GMT"}


def test_pacer_waits_per_host_only() -> None:
    now = [0.0]
    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    pacer = HostPacer(2.0, clock=lambda: now[0], sleep=sleep)
    pacer.wait("https://a.example/1")
    pacer.wait("https://b.example/1")   # another host: no wait
    now[0] += 0.5
    pacer.wait("https://A.example/2")   # same host, 0.5 s later: wait the rest
    now[0] += 5
    pacer.wait("https://a.example/3")   # long enough ago: no wait
    assert sleeps == [1.5]


# --- webhooks: POST under the same guard -------------------------------------------------

@pytest.mark.parametrize("host", ["127.0.0.1", "127.1", "0x7f000001", "2130706433", "[::1]",
                                  "localhost"])
def test_a_post_to_this_host_is_refused_before_anything_is_sent(site: Site, host: str) -> None:
    result = post_json(f"http://{host}:{site.port}/hook", {"alert": 1}, FetchPolicy())
    assert isinstance(result, Problem) and result.reason == "blocked_address"
    assert site.paths == []


def test_a_post_is_never_redirected(site: Site) -> None:
    result = post_json(f"http://127.0.0.1:{site.port}/to-loopback", {"alert": 1},
                       FetchPolicy(allow_private=True))
    assert isinstance(result, Problem) and result.reason == "redirected"
    assert site.paths == ["POST /to-loopback"]


def test_an_allowed_post_reads_only_the_start_of_the_answer(site: Site) -> None:
    result = post_json(f"http://127.0.0.1:{site.port}/hook", {"alert": 1},
                       FetchPolicy(allow_private=True))
    assert isinstance(result, Fetched) and result.status == 200
    assert len(result.body) == MAX_ANSWER_BYTES
    assert site.paths == ["POST /hook"]


def test_a_receiver_that_drips_its_answer_is_cut_at_the_deadline(site: Site) -> None:
    result = post_json(f"http://127.0.0.1:{site.port}/drip", {"alert": 1},
                       FetchPolicy(allow_private=True, timeout_s=1.0))
    assert isinstance(result, Problem) and result.reason == "timeout"


def test_a_post_to_another_scheme_is_refused() -> None:
    result = post_json("file:///etc/passwd", {"alert": 1}, FetchPolicy(allow_private=True))
    assert isinstance(result, Problem) and result.reason == "bad_url"
