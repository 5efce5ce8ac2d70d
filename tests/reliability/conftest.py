"""Fixtures of the reliability suite: every case of issue 11 as a small fixture built at
test time (texts written for these tests), a pipeline that needs no model, and a
loopback web server.  Each test has a test-level timeout (pytest-timeout) that
fails it if a case hangs; no test measures speed."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from reliability_helpers import EventPerArticle

@pytest.fixture
def fake_pipeline() -> EventPerArticle:
    return EventPerArticle()


@dataclass
class Site:
    port: int = 0
    pages: dict[str, bytes] = field(default_factory=dict)
    hits: list[str] = field(default_factory=list)

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture
def site() -> Iterator[Site]:
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            state.hits.append(self.path)
            if self.path == "/drip":
                self.send_response(200)
                self.end_headers()
                try:
                    for _ in range(600):
                        self.wfile.write(b"<")
                        self.wfile.flush()
                        threading.Event().wait(0.1)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if self.path == "/to-loopback":
                self.send_response(302)
                self.send_header("Location", f"http://127.0.0.1:{state.port}/secret")
                self.end_headers()
                return
            body = state.pages.get(self.path, b"<html><body><p>secret intranet page</p></body></html>")
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
