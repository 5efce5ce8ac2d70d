"""The watcher's webhook goes through the fetch guard, and a failed delivery is recorded.

Only the loopback server these tests start is contacted.  Feeds are let through by
naming their host (`private_hosts`), the webhook is not: the guard must refuse it
before a byte is sent."""
from __future__ import annotations

from pathlib import Path

import pytest
from watch_helpers import FakeTime, RecordingIngest, Web, make_config, serve_feed

from tocsin.ingest.fetch import FetchPolicy
from tocsin.live.watcher import Watcher
from tocsin.live.webhook import GuardedWebhookSink
from tocsin.models import Alert

pytestmark = pytest.mark.timeout(60)


def last_errors(ingest: RecordingIngest) -> list[tuple[str, int, str]]:
    return ingest.store.query("SELECT alert_id, attempts, last_error FROM outbox ORDER BY alert_id")


@pytest.mark.parametrize("host", ["localhost", "127.1", "0x7f000001", "2130706433", "[::1]"])
def test_a_webhook_on_this_host_is_refused_and_the_failure_recorded(web: Web, tmp_path: Path,
                                                                     host: str) -> None:
    feed = serve_feed(web, n=1)
    hook = f"http://{host}:{web.port}/hook"
    config = make_config(tmp_path, [feed], allow_private=False, private_hosts=("127.0.0.1",),
                         webhook_url=hook, stdout=False, delivery_attempts=2)
    ingest = RecordingIngest(tmp_path)
    logs: list[str] = []
    fake = FakeTime()
    with Watcher(config, ingest, clock=fake.clock, sleep=fake.sleep, log=logs.append) as watcher:
        first = watcher.poll_once()
        second = watcher.poll_once()
    assert len(ingest.articles) == 1                        # the feed itself was read
    assert [p.reason for p in first.problems] == ["delivery_failed"]
    assert "blocked_address" in first.problems[0].message
    assert [p.reason for p in second.problems] == ["delivery_failed", "delivery_abandoned"]
    assert web.hits("/hook") == [] and web.posted == []       # nothing was sent to it
    [(alert_id, attempts, error)] = last_errors(ingest)
    assert attempts == 2 and "blocked_address" in error and alert_id in error
    assert any("delivery_failed" in line for line in logs)
    assert fake.sleeps == [] or 0.5 not in fake.sleeps      # a refusal is not retried
    ingest.close()


def test_a_webhook_that_redirects_is_not_followed(web: Web, tmp_path: Path) -> None:
    from watch_helpers import Route

    web.routes["/elsewhere"] = Route(b"", status=200)
    sink = GuardedWebhookSink(web.url("/moved"), FetchPolicy(allow_private=True, timeout_s=5),
                              retries=0, sleep=lambda s: None)
    web.post_statuses = [307]
    alert = Alert(id="a1", kind="movement", actor="Militia", region="North", fired_at=None,
                  severity=0.5, summary="Movement", evidence=())
    try:
        problem = sink.send(alert, update=False)
    finally:
        sink.close()
    assert problem is not None and problem.reason == "delivery_failed"
    assert "redirected" in problem.message
    assert [path for path, _ in web.requests] == ["/moved"]


def test_an_allowed_webhook_gets_the_alert_with_its_idempotency_key(web: Web) -> None:
    sink = GuardedWebhookSink(web.url("/hook"), FetchPolicy(allow_private=True, timeout_s=5),
                              retries=0)
    alert = Alert(id="a2", kind="presence", actor="Militia", region="North", fired_at=None,
                  severity=0.7, summary="Presence", evidence=("x",))
    try:
        assert sink.send(alert, update=True) is None
    finally:
        sink.close()
    [body] = web.posted
    assert body["alert"]["id"] == "a2" and body["update"] is True      # type: ignore[index]
    [headers] = web.hits("/hook")
    assert headers["idempotency-key"].startswith("a2:")
    assert headers["content-type"] == "application/json"
