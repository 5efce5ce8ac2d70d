"""Alert delivery: sinks, the ledger that prevents repeats, and webhook retries."""
from __future__ import annotations

import io
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.analysis.delivery import (
    JsonlSink, MemoryLedger, StdoutSink, WebhookSink, alert_from_dict, alert_version, deliver,
)
from tocsin.models import ALERT_KINDS, Alert, Problem

ALERT = Alert(id="a1", kind="movement", actor="Border Guard", region="Valley",
              fired_at=datetime(2025, 5, 1, 6, 30, tzinfo=timezone.utc), severity=0.7,
              summary="Border Guard moved\nsouth of the valley", evidence=("ev1", "ev2"),
              bearing_deg=180.0, distance_km=12.5)


@dataclass
class Receiver:
    port: int = 0
    #: statuses to answer with, in order; 200 once they run out.
    statuses: list[int] = field(default_factory=list)
    received: list[tuple[dict[str, str], dict[str, object]]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.statuses.pop(0) if state.statuses else 200
            if status == 200:
                headers = {k.lower(): v for k, v in self.headers.items()}
                state.received.append((headers, json.loads(body)))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join(5)


class Recorder:
    """A sink that records what it was sent and can be told to fail."""

    def __init__(self, name: str = "recorder", fail: bool = False) -> None:
        self.name, self.fail = name, fail
        self.sent: list[tuple[str, bool]] = []

    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        if self.fail:
            return Problem(self.name, "delivery_failed", "told to fail")
        self.sent.append((alert.id, update))
        return None


def webhook(url: str, sleeps: list[float], retries: int = 3) -> WebhookSink:
    return WebhookSink(url, retries=retries, timeout=2, backoff=0.5, sleep=sleeps.append)


def test_webhook_that_fails_once_gets_the_alert_exactly_once(receiver: Receiver) -> None:
    receiver.statuses = [500]
    sleeps: list[float] = []
    sink = webhook(receiver.url, sleeps)
    report = deliver([ALERT], [sink], MemoryLedger())
    sink.close()
    assert report.problems == () and report.sent == ((sink.name, "a1"),)
    assert len(receiver.received) == 1
    headers, body = receiver.received[0]
    assert body["alert"] == ALERT.to_dict() and body["update"] is False
    assert headers["idempotency-key"] == f"a1:{alert_version(ALERT)}"
    assert sleeps == [0.5]


def test_webhook_gives_up_after_retries_with_a_problem(receiver: Receiver) -> None:
    receiver.statuses = [503] * 10
    sleeps: list[float] = []
    sink = webhook(receiver.url, sleeps, retries=3)
    ledger = MemoryLedger()
    report = deliver([ALERT], [sink], ledger)
    sink.close()
    assert [p.reason for p in report.problems] == ["delivery_failed"]
    assert "HTTP 503" in report.problems[0].message
    assert sleeps == [0.5, 1.0, 2.0] and len(receiver.statuses) == 6
    assert report.undelivered == (ALERT,) and ledger.delivered_version(sink.name, "a1") is None


def test_webhook_does_not_retry_a_client_error(receiver: Receiver) -> None:
    receiver.statuses = [400, 400]
    sleeps: list[float] = []
    sink = webhook(receiver.url, sleeps)
    problem = sink.send(ALERT, update=False)
    sink.close()
    assert problem is not None and "HTTP 400" in problem.message
    assert sleeps == [] and receiver.statuses == [400]


def test_webhook_to_a_closed_port_is_a_problem_not_a_crash() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    sleeps: list[float] = []
    sink = webhook(f"http://127.0.0.1:{port}/hook", sleeps, retries=1)
    problem = sink.send(ALERT, update=False)
    sink.close()
    assert problem is not None and problem.reason == "delivery_failed"
    assert sleeps == [0.5]


def test_webhook_rejects_a_bad_url() -> None:
    with pytest.raises(ValueError, match="http"):
        WebhookSink("ftp://example.org/hook")


def test_same_version_is_never_delivered_twice() -> None:
    sink, ledger = Recorder(), MemoryLedger()
    first = deliver([ALERT], [sink], ledger)
    again = deliver([ALERT, replace(ALERT, fired_at=None)], [sink], ledger)
    assert sink.sent == [("a1", False)]
    assert len(first.sent) == 1 and again.sent == () and again.skipped == 1


def test_changed_alert_is_delivered_again_as_an_update() -> None:
    sink, ledger = Recorder(), MemoryLedger()
    deliver([ALERT], [sink], ledger)
    report = deliver([replace(ALERT, severity=0.9, evidence=("ev1", "ev2", "ev3"))],
                     [sink], ledger)
    assert sink.sent == [("a1", False), ("a1", True)]
    assert report.updates == (("recorder", "a1"),)


def test_only_the_last_version_in_a_batch_is_sent() -> None:
    sink = Recorder()
    deliver([ALERT, replace(ALERT, severity=0.2)], [sink], MemoryLedger())
    assert sink.sent == [("a1", False)]


def test_a_failing_sink_does_not_cost_the_others_or_repeat_for_them() -> None:
    good, bad, ledger = Recorder("good"), Recorder("bad", fail=True), MemoryLedger()
    first = deliver([ALERT], [bad, good], ledger)
    bad.fail = False
    second = deliver([ALERT], [bad, good], ledger)
    assert good.sent == [("a1", False)] and bad.sent == [("a1", False)]
    assert first.undelivered == (ALERT,) and second.undelivered == ()


def test_stdout_sink_writes_one_line_per_alert() -> None:
    stream = io.StringIO()
    sink = StdoutSink(stream)
    sink.send(ALERT, update=False)
    sink.send(replace(ALERT, fired_at=None), update=True)
    assert stream.getvalue().splitlines() == [
        "2025-05-01T06:30:00+00:00\tmovement\tBorder Guard moved south of the valley",
        "-\tmovement (update)\tBorder Guard moved south of the valley",
    ]


def test_jsonl_sink_appends_the_contract_dict(tmp_path: Path) -> None:
    sink = JsonlSink(tmp_path / "out" / "alerts.jsonl")
    changed = replace(ALERT, severity=0.99)
    assert sink.send(ALERT, update=False) is None
    assert sink.send(changed, update=True) is None
    lines = (tmp_path / "out" / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [ALERT.to_dict(), changed.to_dict()]


def test_jsonl_sink_never_writes_the_same_line_twice_even_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "alerts.jsonl"
    assert JsonlSink(path).send(ALERT, update=False) is None
    # a crash after the append but before the outbox marked it: the retry is a no-op
    again = JsonlSink(path)
    assert again.send(ALERT, update=False) is None
    assert again.send(ALERT, update=False) is None
    assert len(path.read_text().splitlines()) == 1


def test_jsonl_sink_that_cannot_write_returns_a_problem(tmp_path: Path) -> None:
    problem = JsonlSink(tmp_path).send(ALERT, update=False)  # a directory, not a file
    assert problem is not None and problem.reason == "delivery_failed"


def test_version_ignores_fired_at_and_float_noise() -> None:
    assert alert_version(ALERT) == alert_version(replace(ALERT, fired_at=None))
    assert alert_version(ALERT) == alert_version(replace(ALERT, severity=0.7 + 1e-12))
    assert alert_version(ALERT) != alert_version(replace(ALERT, summary="other"))


texts = st.text(max_size=30)
alerts = st.builds(
    Alert, id=texts, kind=st.sampled_from(ALERT_KINDS), actor=st.none() | texts,
    region=st.none() | texts,
    fired_at=st.none() | st.datetimes(timezones=st.just(timezone.utc)),
    severity=st.floats(0, 1), summary=texts, evidence=st.tuples(texts, texts),
    bearing_deg=st.none() | st.floats(0, 360), distance_km=st.none() | st.floats(0, 5000))


@given(alerts)
def test_alert_round_trips_through_its_dict(alert: Alert) -> None:
    assert alert_from_dict(json.loads(json.dumps(alert.to_dict()))) == alert
