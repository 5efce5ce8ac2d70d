"""HTTP helpers of the watcher: pacing, conditional headers, URL checks (no network)."""
from __future__ import annotations

import httpx
import pytest

from tocsin.ingest.watch_http import HostPacer, Limits, conditional_headers, fetch
from tocsin.ingest.watch_state import FeedCursor
from tocsin.models import Problem


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


@pytest.mark.parametrize("url", ["http://[broken/x", "https://a.example:99999/", "file:///etc/hosts",
                                 "https:///nohost"])
def test_fetch_reports_unusable_urls_without_a_request(url: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"no request expected, got {request.url}")

    with httpx.Client(transport=httpx.MockTransport(refuse)) as client:
        problem = fetch(client, url, Limits(timeout_s=1, max_bytes=100))
    assert isinstance(problem, Problem) and problem.reason == "bad_url"


def test_cap_counts_decompressed_bytes() -> None:
    import gzip

    bomb = gzip.compress(b"<rss>" + b" " * 200_000 + b"</rss>")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=bomb, headers={"Content-Encoding": "gzip"})

    assert len(bomb) < 10_000
    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch(client, "https://a.example/rss", Limits(timeout_s=5, max_bytes=10_000))
    assert isinstance(result, Problem) and result.reason == "too_large"


def test_body_that_drips_past_the_deadline_times_out() -> None:
    now = [0.0]

    def drip() -> httpx.SyncByteStream:
        class Drip(httpx.SyncByteStream):
            def __iter__(self):  # type: ignore[no-untyped-def]
                for _ in range(10):
                    now[0] += 1.0  # each chunk arrives a second after the last
                    yield b"<rss>"

        return Drip()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=drip())

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch(client, "https://a.example/rss", Limits(timeout_s=3, max_bytes=10_000),
                       clock=lambda: now[0])
    assert isinstance(result, Problem) and result.reason == "timeout"


def test_validators_come_back_with_the_body() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=b"<rss/>", headers={
            "ETag": '"abc"', "Last-Modified": "Mon, 03 Mar 2025 10:00:00 GMT"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        result = fetch(client, "https://a.example/rss", Limits(timeout_s=3, max_bytes=100))
    assert not isinstance(result, Problem)
    assert result.body == b"<rss/>"
    assert result.cursor == FeedCursor('"abc"', "Mon, 03 Mar 2025 10:00:00 GMT")
