"""End-to-end tests of the feed watcher against loopback HTTP servers it starts itself."""
from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tocsin.analysis.delivery import JsonlSink
from tocsin.ingest.watch import PollResult, Watcher
from tocsin.ingest.watch_config import WatchConfig
from tocsin.ingest.watch_feed import article_id
from tocsin.models import Alert, Article


# --- a tiny web server ---------------------------------------------------------------
@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    #: leave out Content-Length so only the streamed byte count can catch a huge body.
    undeclared_length: bool = False
    #: block until this event is set (a slow server).
    hold: threading.Event | None = None


@dataclass
class Web:
    port: int = 0
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: statuses the POST receiver answers with, in order; 200 once they run out.
    post_statuses: list[int] = field(default_factory=list)
    posted: list[dict[str, object]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def hits(self, path: str) -> list[dict[str, str]]:
        return [headers for p, headers in self.requests if p == path]


def _handler(web: Web) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's naming
            web.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = web.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.hold is not None:
                route.hold.wait(10)
            if route.etag and self.headers.get("If-None-Match") == route.etag:
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(route.status)
            self.send_header("Content-Type", route.content_type)
            if route.etag:
                self.send_header("ETag", route.etag)
            if route.last_modified:
                self.send_header("Last-Modified", route.last_modified)
            if not route.undeclared_length:
                self.send_header("Content-Length", str(len(route.body)))
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client stopped reading an oversized body: expected

        def do_POST(self) -> None:  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = web.post_statuses.pop(0) if web.post_statuses else 200
            if status == 200:
                web.posted.append(json.loads(body))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def web() -> Iterator[Web]:
    site = Web()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(site))
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield site
    for route in site.routes.values():
        if route.hold is not None:
            route.hold.set()
    server.shutdown()
    server.server_close()
    thread.join(5)


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/feed.xml"


# --- fixtures written for these tests -------------------------------------------------
def rss(web: Web, items: list[tuple[str, str]], title: str = "Frontier Ledger") -> bytes:
    entries = "".join(
        f"<item><title>{headline}</title><link>{web.url(path)}</link>"
        f"<guid>{web.url(path)}</guid><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>"
        f"<description>Short note about {headline}.</description></item>"
        for path, headline in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>{web.url('/')}</link><description>test</description>{entries}"
            "</channel></rss>").encode()


def page(headline: str) -> bytes:
    return (f"<html><head><title>{headline}</title></head><body><nav>Home | Region</nav>"
            f"<article><h1>{headline}</h1><p>Militia units pulled back from the river crossing "
            "near the market town overnight, according to two residents reached by phone.</p>"
            "<p>A spokesman for the provincial council said patrols would resume once the road "
            "had been cleared of debris left by the fighting.</p></article>"
            "<footer>All rights reserved</footer></body></html>").encode()


def serve_feed(web: Web, path: str = "/feed.xml", n: int = 2, etag: str | None = '"v1"') -> str:
    items = [(f"/news/{i}.html", f"Story number {i}") for i in range(1, n + 1)]
    for item_path, headline in items:
        web.routes[item_path] = Route(page(headline))
    web.routes[path] = Route(rss(web, items), content_type="application/rss+xml", etag=etag,
                             last_modified="Tue, 04 Mar 2025 09:00:00 GMT")
    return web.url(path)


class FakeTime:
    def __init__(self) -> None:
        self.now = 1_000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class RecordingIngest:
    """Stands in for the pipeline: remembers articles, raises one alert per article."""

    def __init__(self) -> None:
        self.batches: list[list[Article]] = []

    def __call__(self, articles: list[Article]) -> list[Alert]:
        self.batches.append(list(articles))
        return [Alert(id=f"alert-{a.id}", kind="movement", actor="Militia", region="North",
                      fired_at=datetime(2025, 3, 4, tzinfo=timezone.utc), severity=0.5,
                      summary=f"Movement reported: {a.title}", evidence=(a.id,))
                for a in articles]

    @property
    def articles(self) -> list[Article]:
        return [a for batch in self.batches for a in batch]


def make_config(tmp_path: Path, feeds: list[str], **options: object) -> WatchConfig:
    return WatchConfig(feeds=tuple(feeds), state_path=tmp_path / "state.json",
                       timeout_s=2.0, **options)  # type: ignore[arg-type]


def make_watcher(config: WatchConfig, ingest: RecordingIngest, tmp_path: Path,
                 time_: FakeTime | None = None, logs: list[str] | None = None) -> Watcher:
    time_ = time_ or FakeTime()
    return Watcher(config, ingest, sinks=[JsonlSink(tmp_path / "alerts.jsonl")],
                   clock=time_.clock, sleep=time_.sleep,
                   log=(logs.append if logs is not None else lambda line: None))


def delivered(tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "alerts.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines()]


# --- tests -----------------------------------------------------------------------------
def test_new_entries_become_articles_and_alerts(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web)
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        result = watcher.poll_once()
    assert isinstance(result, PollResult)
    assert result.problems == ()
    assert (result.new_entries, result.articles, len(result.alerts)) == (2, 2, 2)
    articles = ingest.articles
    assert [a.title for a in articles] == ["Story number 1", "Story number 2"]
    first = articles[0]
    assert first.url == web.url("/news/1.html")
    assert first.source == "Frontier Ledger"
    assert first.origin == feed
    # the shared Article builder keeps UTC times naive
    assert first.published == datetime(2025, 3, 4, 8)
    assert first.id == article_id(web.url("/news/1.html")) and first.content_hash
    assert "river crossing" in first.text and "All rights reserved" not in first.text
    assert len({a.id for a in articles}) == 2
    assert sorted(d["id"] for d in delivered(tmp_path)) == sorted(a.id for a in result.alerts)


def test_second_poll_sends_conditional_get_and_ingests_nothing(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web)
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        watcher.poll_once()
        second = watcher.poll_once()
    headers = web.hits("/feed.xml")[1]
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Tue, 04 Mar 2025 09:00:00 GMT"
    assert second.not_modified == 1 and second.articles == 0
    assert len(ingest.batches) == 1
    assert len(web.hits("/news/1.html")) == 1


def test_unchanged_feed_without_validators_ingests_nothing_new(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, etag=None)
    web.routes["/feed.xml"].last_modified = None
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        watcher.poll_once()
        second = watcher.poll_once()
    assert "if-none-match" not in web.hits("/feed.xml")[1]
    assert (second.not_modified, second.new_entries) == (0, 0)
    assert len(ingest.batches) == 1


def test_user_agent_names_tocsin(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    with make_watcher(make_config(tmp_path, [feed]), RecordingIngest(), tmp_path) as watcher:
        watcher.poll_once()
    agent = web.hits("/feed.xml")[0]["user-agent"]
    assert agent.startswith("tocsin/") and "offline early warning" in agent


@pytest.mark.parametrize("breakage", ["server_error", "closed_port", "not_xml", "declared_huge",
                                      "streamed_huge", "slow"])
def test_broken_feed_is_a_problem_and_others_go_on(web: Web, tmp_path: Path,
                                                    breakage: str) -> None:
    good = serve_feed(web, n=2)
    bad = web.url("/bad.xml")
    if breakage == "server_error":
        web.routes["/bad.xml"] = Route(b"oops", status=500)
    elif breakage == "closed_port":
        bad = closed_port_url()
    elif breakage == "not_xml":
        web.routes["/bad.xml"] = Route(b"\x00\x01 this is { not a feed", content_type="text/plain")
    elif breakage == "slow":
        web.routes["/bad.xml"] = Route(b"<rss/>", hold=threading.Event())
    else:
        web.routes["/bad.xml"] = Route(b"<rss>" + b"x" * 60_000 + b"</rss>",
                                       undeclared_length=breakage == "streamed_huge")
    config = make_config(tmp_path, [bad, good], max_bytes=50_000)
    if breakage == "slow":
        config = replace(config, timeout_s=0.3)
    ingest = RecordingIngest()
    logs: list[str] = []
    with make_watcher(config, ingest, tmp_path, logs=logs) as watcher:
        result = watcher.poll_once()
    expected = {"server_error": "server_error", "closed_port": "unreachable",
                "not_xml": "bad_feed", "declared_huge": "too_large",
                "streamed_huge": "too_large", "slow": "timeout"}[breakage]
    assert [(p.origin, p.reason) for p in result.problems] == [(bad, expected)]
    assert result.articles == 2 and len(ingest.articles) == 2
    problem_lines = [line for line in logs if expected in line]
    assert len(problem_lines) == 1 and "\n" not in problem_lines[0]


def test_failed_feed_is_retried_next_poll(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web)
    web.routes["/feed.xml"].status = 503
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        first = watcher.poll_once()
        web.routes["/feed.xml"].status = 200
        second = watcher.poll_once()
    assert first.problems[0].reason == "server_error"
    assert "if-none-match" not in web.hits("/feed.xml")[1]
    assert second.articles == 2


def test_restart_resumes_without_duplicates(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, etag=None)
    ingest = RecordingIngest()
    config = make_config(tmp_path, [feed])
    with make_watcher(config, ingest, tmp_path) as watcher:
        watcher.poll_once()
    web.routes["/news/3.html"] = Route(page("Story number 3"))
    items = [(f"/news/{i}.html", f"Story number {i}") for i in (1, 2, 3)]
    web.routes["/feed.xml"].body = rss(web, items)
    with make_watcher(config, ingest, tmp_path) as restarted:
        result = restarted.poll_once()
    assert [a.title for a in ingest.articles] == [
        "Story number 1", "Story number 2", "Story number 3"]
    assert result.articles == 1
    ids = [d["id"] for d in delivered(tmp_path)]
    assert len(ids) == 3 and len(set(ids)) == 3


def test_alert_is_resent_only_when_it_changes(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1, etag=None)
    severity = [0.4]
    calls: list[int] = []

    def ingest(articles: list[Article]) -> list[Alert]:
        # a pipeline that returns its one standing alert after every batch
        calls.append(len(articles))
        return [Alert(id="standing", kind="surge", actor=None, region="East", fired_at=None,
                      severity=severity[0], summary="Clashes up in the east",
                      evidence=("a", "b"))]

    def add_story(n: int) -> None:
        web.routes[f"/news/{n}.html"] = Route(page(f"Story number {n}"))
        items = [(f"/news/{i}.html", f"Story number {i}") for i in range(1, n + 1)]
        web.routes["/feed.xml"].body = rss(web, items)

    def poll_in_fresh_watcher() -> PollResult:
        with Watcher(make_config(tmp_path, [feed]), ingest,
                     sinks=[JsonlSink(tmp_path / "alerts.jsonl")], clock=FakeTime().clock,
                     sleep=FakeTime().sleep, log=lambda line: None) as watcher:
            return watcher.poll_once()

    first = poll_in_fresh_watcher()
    add_story(2)
    unchanged = poll_in_fresh_watcher()
    severity[0] = 0.9
    add_story(3)
    updated = poll_in_fresh_watcher()
    assert calls == [1, 1, 1]
    assert [a.id for a in first.alerts] == ["standing"]
    assert unchanged.alerts == ()
    assert [a.id for a in updated.alerts] == ["standing"]
    assert [d["severity"] for d in delivered(tmp_path)] == [0.4, 0.9]


def test_requests_to_one_host_are_spaced(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    fake = FakeTime()
    config = make_config(tmp_path, [feed], per_host_delay_s=2.0)
    with make_watcher(config, RecordingIngest(), tmp_path, fake) as watcher:
        watcher.poll_once()
    # feed, page 1, page 2: all on 127.0.0.1, and the fake clock stands still
    assert fake.sleeps == [2.0, 2.0]


def test_run_waits_the_interval_between_polls(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    fake = FakeTime()
    config = make_config(tmp_path, [feed], per_host_delay_s=0.0, interval_s=600)
    results: list[PollResult] = []
    with make_watcher(config, RecordingIngest(), tmp_path, fake) as watcher:
        polls = watcher.run(max_polls=3, on_poll=results.append)
    assert polls == 3 and len(results) == 3
    assert fake.sleeps == [600.0, 600.0]


def test_run_stops_when_the_event_is_set(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    stop = threading.Event()
    config = make_config(tmp_path, [feed], per_host_delay_s=0.0, interval_s=3600)
    with make_watcher(config, RecordingIngest(), tmp_path) as watcher:
        polls = watcher.run(stop_event=stop, on_poll=lambda result: stop.set())
    assert polls == 1


def test_page_that_is_gone_falls_back_to_feed_text(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    web.routes["/news/2.html"].status = 404
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        result = watcher.poll_once()
    assert [a.text for a in ingest.articles][1] == "Short note about Story number 2."
    assert [(p.reason, p.origin) for p in result.problems] == [
        ("http_error", web.url("/news/2.html"))]
    assert "feed's own text" in result.problems[0].message


def test_page_that_is_down_is_retried_then_falls_back(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    web.routes["/news/1.html"].status = 503
    ingest = RecordingIngest()
    config = make_config(tmp_path, [feed], page_attempts=2)
    with make_watcher(config, ingest, tmp_path) as watcher:
        first = watcher.poll_once()
        second = watcher.poll_once()
    assert first.articles == 0 and "try again" in first.problems[0].message
    # the feed's ETag was not kept, so the entry could not hide behind a 304
    assert "if-none-match" not in web.hits("/feed.xml")[1]
    assert second.articles == 1
    assert ingest.articles[0].text == "Short note about Story number 1."


def test_page_that_recovers_is_ingested_in_full(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    web.routes["/news/1.html"].status = 502
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        watcher.poll_once()
        web.routes["/news/1.html"].status = 200
        watcher.poll_once()
    assert len(ingest.articles) == 1 and "river crossing" in ingest.articles[0].text


def test_cap_on_new_entries_leaves_the_rest_for_next_poll(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=3)
    ingest = RecordingIngest()
    config = make_config(tmp_path, [feed], max_new_per_feed=2)
    with make_watcher(config, ingest, tmp_path) as watcher:
        first = watcher.poll_once()
        second = watcher.poll_once()
        third = watcher.poll_once()
    assert (first.articles, second.articles, third.not_modified) == (2, 1, 1)
    assert len({a.id for a in ingest.articles}) == 3


def test_failing_ingest_is_a_problem_and_entries_are_retried(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    recorder = RecordingIngest()
    failures = [RuntimeError("store is locked")]

    def flaky(articles: list[Article]) -> list[Alert]:
        if failures:
            raise failures.pop()
        return recorder(articles)

    config = make_config(tmp_path, [feed])
    with Watcher(config, flaky, sinks=[], sleep=lambda s: None, log=lambda line: None) as watcher:
        first = watcher.poll_once()
        second = watcher.poll_once()
    assert [(p.reason, p.message) for p in first.problems] == [
        ("ingest_failed", "RuntimeError: store is locked")]
    assert second.articles == 1 and len(recorder.articles) == 1


def test_undelivered_alert_waits_in_the_outbox_across_restart(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    blocked = tmp_path / "blocked"
    blocked.mkdir()  # a directory where the JSONL file should be: appends fail
    config = make_config(tmp_path, [feed])
    with Watcher(config, RecordingIngest(), sinks=[JsonlSink(blocked)], sleep=lambda s: None,
                 log=lambda line: None) as watcher:
        first = watcher.poll_once()
    assert first.alerts == () and first.problems[0].reason == "delivery_failed"
    with make_watcher(config, RecordingIngest(), tmp_path) as restarted:
        second = restarted.poll_once()
        third = restarted.poll_once()
    assert len(second.alerts) == 1 and third.alerts == ()
    assert len(delivered(tmp_path)) == 1


def test_alert_given_up_after_delivery_attempts(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    config = make_config(tmp_path, [feed], delivery_attempts=2)
    with Watcher(config, RecordingIngest(), sinks=[JsonlSink(blocked)], sleep=lambda s: None,
                 log=lambda line: None) as watcher:
        reasons = [[p.reason for p in watcher.poll_once().problems] for _ in range(3)]
    assert reasons == [["delivery_failed"], ["delivery_failed", "delivery_abandoned"], []]


def test_configured_webhook_gets_each_alert_once_despite_a_failure(web: Web,
                                                                   tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    web.post_statuses = [500]
    fake = FakeTime()
    config = make_config(tmp_path, [feed], webhook_url=web.url("/hook"), stdout=False,
                         alerts_path=tmp_path / "alerts.jsonl")
    ingest = RecordingIngest()
    with Watcher(config, ingest, clock=fake.clock, sleep=fake.sleep,
                 log=lambda line: None) as watcher:
        first = watcher.poll_once()
        watcher.poll_once()
    with Watcher(config, ingest, clock=fake.clock, sleep=fake.sleep,
                 log=lambda line: None) as restarted:
        restarted.poll_once()
    posted = sorted(str(body["alert"]["id"]) for body in web.posted)  # type: ignore[index]
    assert posted == sorted(a.id for a in first.alerts) and len(posted) == 2
    assert len(delivered(tmp_path)) == 2
    assert 0.5 in fake.sleeps  # the webhook backed off once


def test_entry_with_a_broken_link_uses_the_feed_text(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    web.routes["/feed.xml"].body = web.routes["/feed.xml"].body.replace(
        web.url("/news/1.html").encode(), b"http://[broken/story")
    ingest = RecordingIngest()
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        result = watcher.poll_once()
    # feedparser drops the unusable link; either way no crash and the text survives
    assert {p.reason for p in result.problems} <= {"bad_url"}
    assert ingest.articles[0].text == "Short note about Story number 1."
