"""Helpers for the watcher tests: a loopback web server, feeds and pages written for
these tests, and a real store behind a pipeline that records what it was given."""
from __future__ import annotations

import itertools
import json
import socket
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tocsin.analysis.delivery import JsonlSink
from tocsin.live.backend import StoreBackend
from tocsin.live.config import WatchConfig
from tocsin.live.watcher import Watcher
from tocsin.models import Alert, Article
from tocsin.runner import IngestReport
from tocsin.store import Store


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
            web.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = web.post_statuses.pop(0) if web.post_statuses else 200
            if status == 200:
                web.posted.append(json.loads(body))
            self.send_response(status)
            if 300 <= status < 400:
                self.send_header("Location", "/elsewhere")
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


class RecordingPipeline:
    """Finds no events; remembers every article it was given."""

    def __init__(self) -> None:
        self.articles: list[Article] = []

    def run(self, articles):  # type: ignore[no-untyped-def]
        self.articles.extend(articles)
        return [(a, []) for a in articles]


def one_alert_per_article(articles: Iterable[Article]) -> list[Alert]:
    return [Alert(id=f"alert-{a.id}", kind="movement", actor="Militia", region="North",
                  fired_at=datetime(2025, 3, 4, tzinfo=timezone.utc), severity=0.5,
                  summary=f"Movement reported: {a.title}", evidence=(a.id,))
            for a in sorted(articles, key=lambda a: a.id)]


_STORES = itertools.count()


class RecordingIngest(StoreBackend):
    """The real store backend over a store file of its own, with a recording pipeline
    and alerts computed by `alerts_for` (one per stored article by default)."""

    def __init__(self, folder: Path,
                 alerts_for: Callable[[Iterable[Article]], list[Alert]] = one_alert_per_article
                 ) -> None:
        self.path = folder / f"watch-{next(_STORES)}.duckdb"
        self.store = Store(self.path)
        self.recorder = RecordingPipeline()
        self.batches: list[list[Article]] = []
        self.alerts_for = alerts_for
        super().__init__(self._held, self.recorder, refresh=self._alerts)  # type: ignore[arg-type]

    @contextmanager
    def _held(self) -> Iterator[Store]:
        yield self.store

    def _alerts(self, store: Store) -> list[Alert]:
        found = self.alerts_for(store.article_meta().values())
        store.replace_alerts(found, outbox=True)
        return found

    def ingest(self, articles: Iterable[Article]) -> IngestReport:
        batch: list[Article] = []

        def recorded() -> Iterator[Article]:
            for article in articles:
                batch.append(article)
                yield article

        report = super().ingest(recorded())
        if batch:
            self.batches.append(batch)
        return report

    @property
    def articles(self) -> list[Article]:
        return list(self.recorder.articles)

    def close(self) -> None:
        self.store.close()


@pytest.fixture
def ingest(tmp_path: Path) -> Iterator[RecordingIngest]:
    backend = RecordingIngest(tmp_path)
    yield backend
    backend.close()


def make_config(tmp_path: Path, feeds: list[str], **options: object) -> WatchConfig:
    # The test servers are on loopback, which the fetch guard refuses by default.
    options.setdefault("allow_private", True)
    # robots.txt has tests of its own (test_robots.py); here it would add requests to count
    options.setdefault("obey_robots", False)
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


