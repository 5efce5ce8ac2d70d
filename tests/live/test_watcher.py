"""End-to-end tests of the feed watcher against loopback HTTP servers it starts itself."""
from __future__ import annotations

import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from watch_helpers import (
    FakeTime, RecordingIngest, Route, Web, closed_port_url, delivered, make_config, make_watcher,
    page, rss, serve_feed,
)

from tocsin.analysis.delivery import JsonlSink
from tocsin.ingest.watch_feed import article_id
from tocsin.live.watcher import PollResult, Watcher
from tocsin.models import Alert, Article


# --- tests -----------------------------------------------------------------------------
def test_new_entries_become_articles_and_alerts(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web)
    ingest = RecordingIngest(tmp_path)
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
    ingest = RecordingIngest(tmp_path)
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
    ingest = RecordingIngest(tmp_path)
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        watcher.poll_once()
        second = watcher.poll_once()
    assert "if-none-match" not in web.hits("/feed.xml")[1]
    assert (second.not_modified, second.new_entries) == (0, 0)
    assert len(ingest.batches) == 1


def test_user_agent_names_tocsin(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    with make_watcher(make_config(tmp_path, [feed]), RecordingIngest(tmp_path), tmp_path) as watcher:
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
        config = replace(config, timeout_s=1.0)   # the slow route holds for 10 s
    ingest = RecordingIngest(tmp_path)
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
    ingest = RecordingIngest(tmp_path)
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        first = watcher.poll_once()
        web.routes["/feed.xml"].status = 200
        second = watcher.poll_once()
    assert first.problems[0].reason == "server_error"
    assert "if-none-match" not in web.hits("/feed.xml")[1]
    assert second.articles == 2


def test_restart_resumes_without_duplicates(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, etag=None)
    ingest = RecordingIngest(tmp_path)
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

    def standing(articles: object) -> list[Alert]:
        # alert rules whose one standing alert only changes when its severity does
        return [Alert(id="standing", kind="surge", actor=None, region="East", fired_at=None,
                      severity=severity[0], summary="Clashes up in the east",
                      evidence=("a", "b"))]

    ingest = RecordingIngest(tmp_path, alerts_for=standing)

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
    assert [len(batch) for batch in ingest.batches] == [1, 1, 1]
    assert [a.id for a in first.alerts] == ["standing"]
    assert unchanged.alerts == ()
    assert [a.id for a in updated.alerts] == ["standing"]
    assert [d["severity"] for d in delivered(tmp_path)] == [0.4, 0.9]


def test_requests_to_one_host_are_spaced(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    fake = FakeTime()
    config = make_config(tmp_path, [feed], per_host_delay_s=2.0)
    with make_watcher(config, RecordingIngest(tmp_path), tmp_path, fake) as watcher:
        watcher.poll_once()
    # feed, page 1, page 2: all on 127.0.0.1, and the fake clock stands still
    assert fake.sleeps == [2.0, 2.0]


def test_run_waits_the_interval_between_polls(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    fake = FakeTime()
    config = make_config(tmp_path, [feed], per_host_delay_s=0.0, interval_s=600)
    results: list[PollResult] = []
    with make_watcher(config, RecordingIngest(tmp_path), tmp_path, fake) as watcher:
        polls = watcher.run(max_polls=3, on_poll=results.append)
    assert polls == 3 and len(results) == 3
    assert fake.sleeps == [600.0, 600.0]


def test_run_stops_when_the_event_is_set(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    stop = threading.Event()
    config = make_config(tmp_path, [feed], per_host_delay_s=0.0, interval_s=3600)
    with make_watcher(config, RecordingIngest(tmp_path), tmp_path) as watcher:
        polls = watcher.run(stop_event=stop, on_poll=lambda result: stop.set())
    assert polls == 1


def test_page_that_is_gone_falls_back_to_feed_text(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    web.routes["/news/2.html"].status = 404
    ingest = RecordingIngest(tmp_path)
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        result = watcher.poll_once()
    assert [a.text for a in ingest.articles][1] == "Short note about Story number 2."
    assert [(p.reason, p.origin) for p in result.problems] == [
        ("http_error", web.url("/news/2.html"))]
    assert "feed's own text" in result.problems[0].message


def test_page_that_is_down_is_retried_then_falls_back(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    web.routes["/news/1.html"].status = 503
    ingest = RecordingIngest(tmp_path)
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
    ingest = RecordingIngest(tmp_path)
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        watcher.poll_once()
        web.routes["/news/1.html"].status = 200
        watcher.poll_once()
    assert len(ingest.articles) == 1 and "river crossing" in ingest.articles[0].text


def test_cap_on_new_entries_leaves_the_rest_for_next_poll(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=3)
    ingest = RecordingIngest(tmp_path)
    config = make_config(tmp_path, [feed], max_new_per_feed=2)
    with make_watcher(config, ingest, tmp_path) as watcher:
        first = watcher.poll_once()
        second = watcher.poll_once()
        third = watcher.poll_once()
    assert (first.articles, second.articles, third.not_modified) == (2, 1, 1)
    assert len({a.id for a in ingest.articles}) == 3


def test_failing_ingest_is_a_problem_and_entries_are_retried(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    failures = [RuntimeError("store is locked")]

    class Flaky(RecordingIngest):
        def ingest(self, articles):  # type: ignore[no-untyped-def]
            if failures:
                raise failures.pop()
            return super().ingest(articles)

    recorder = Flaky(tmp_path)
    config = make_config(tmp_path, [feed])
    with Watcher(config, recorder, sinks=[], sleep=lambda s: None, log=lambda line: None) as watcher:
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
    backend = RecordingIngest(tmp_path)
    with Watcher(config, backend, sinks=[JsonlSink(blocked)], sleep=lambda s: None,
                 log=lambda line: None) as watcher:
        first = watcher.poll_once()
    assert first.alerts == () and first.problems[0].reason == "delivery_failed"
    with make_watcher(config, backend, tmp_path) as restarted:
        second = restarted.poll_once()
        third = restarted.poll_once()
    assert len(second.alerts) == 1 and third.alerts == ()
    assert len(delivered(tmp_path)) == 1


def test_alert_given_up_after_delivery_attempts(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=1)
    blocked = tmp_path / "blocked"
    blocked.mkdir()
    config = make_config(tmp_path, [feed], delivery_attempts=2)
    with Watcher(config, RecordingIngest(tmp_path), sinks=[JsonlSink(blocked)], sleep=lambda s: None,
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
    ingest = RecordingIngest(tmp_path)
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
    ingest = RecordingIngest(tmp_path)
    with make_watcher(make_config(tmp_path, [feed]), ingest, tmp_path) as watcher:
        result = watcher.poll_once()
    # feedparser drops the unusable link; either way no crash and the text survives
    assert {p.reason for p in result.problems} <= {"bad_url"}
    assert ingest.articles[0].text == "Short note about Story number 1."
