"""robots.txt: the watcher keeps off what a site asks robots not to fetch.

Only the loopback server these tests start is contacted."""
from __future__ import annotations

from pathlib import Path

import pytest
from watch_helpers import FakeTime, RecordingIngest, Route, Web, make_config, serve_feed

from tocsin.ingest.fetch import Fetched
from tocsin.live.robots import RobotsCache
from tocsin.live.watcher import Watcher
from tocsin.models import Problem

pytestmark = pytest.mark.timeout(60)

# Our own group (product token "tocsin") applies, not "*": a robot follows the most
# specific group that names it.
RULES = (b"User-agent: *\nDisallow: /news/1.html\n\n"
         b"User-agent: tocsin\nDisallow: /news/2.html\nDisallow: /private/\n")


def watch_once(web: Web, tmp_path: Path, **options: object) -> tuple[RecordingIngest, list[str]]:
    feed = serve_feed(web, n=2)
    config = make_config(tmp_path, [feed], stdout=False, **options)
    ingest = RecordingIngest(tmp_path)
    logs: list[str] = []
    fake = FakeTime()
    with Watcher(config, ingest, clock=fake.clock, sleep=fake.sleep, log=logs.append) as watcher:
        watcher.poll_once()
        watcher.poll_once()
    return ingest, logs


def test_a_disallowed_page_is_not_fetched_and_the_feed_text_is_used(web: Web,
                                                                     tmp_path: Path) -> None:
    web.routes["/robots.txt"] = Route(RULES, content_type="text/plain")
    ingest, logs = watch_once(web, tmp_path, obey_robots=True)
    assert web.hits("/news/2.html") == [] and len(web.hits("/news/1.html")) == 1
    assert len(ingest.articles) == 2                     # story 2 from the feed's own text
    assert any("robots_disallowed" in line for line in logs)
    assert len(web.hits("/robots.txt")) == 1             # read once for the site, then kept
    ingest.close()


def test_ignore_robots_fetches_everything(web: Web, tmp_path: Path) -> None:
    web.routes["/robots.txt"] = Route(RULES, content_type="text/plain")
    ingest, _ = watch_once(web, tmp_path, obey_robots=False)
    assert len(web.hits("/news/2.html")) == 1 and web.hits("/robots.txt") == []
    ingest.close()


def test_a_disallowed_feed_is_skipped(web: Web, tmp_path: Path) -> None:
    web.routes["/robots.txt"] = Route(b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    ingest, logs = watch_once(web, tmp_path, obey_robots=True)
    assert web.hits("/feed.xml") == [] and ingest.articles == []
    assert any("robots_disallowed" in line for line in logs)
    ingest.close()


def fixed(answer: Fetched | Problem):  # type: ignore[no-untyped-def]
    calls: list[str] = []

    def get(url: str) -> Fetched | Problem:
        calls.append(url)
        return answer

    return get, calls


def test_rules_are_kept_per_site_for_the_ttl_and_then_read_again() -> None:
    now = [0.0]
    get, calls = fixed(Fetched("http://a.example/robots.txt", 200, RULES))
    robots = RobotsCache(get, "tocsin/1.0 (+offline early warning)", ttl_s=100,
                         clock=lambda: now[0])
    assert robots.check("http://a.example/news/1.html") is None  # only "*" disallows it
    refused = robots.check("http://a.example/private/x")      # the group for our own name
    assert refused is not None and refused.reason == "robots_disallowed"
    assert robots.check("http://b.example:8080/news/2.html") is not None
    assert calls == ["http://a.example/robots.txt", "http://b.example:8080/robots.txt"]
    now[0] = 101.0
    robots.check("http://a.example/news/1.html")
    assert calls[-1] == "http://a.example/robots.txt" and len(calls) == 3


@pytest.mark.parametrize(("answer", "allowed"), [
    (Problem("u", "http_error", "HTTP 404"), True),          # no robots.txt: all allowed
    (Problem("u", "too_large", "over the cap"), False),      # an oversized one: none
])
def test_what_a_missing_or_oversized_robots_txt_means(answer: Problem, allowed: bool) -> None:
    get, _ = fixed(answer)
    assert (RobotsCache(get, "tocsin/1").check("http://a.example/x") is None) is allowed


def test_an_unreachable_robots_txt_stops_the_fetch_for_now_and_is_not_kept() -> None:
    get, calls = fixed(Problem("u", "server_error", "HTTP 503"))
    robots = RobotsCache(get, "tocsin/1")
    first = robots.check("http://a.example/x")
    assert first is not None and first.reason == "server_error"   # transient: tried next poll
    robots.check("http://a.example/y")
    assert len(calls) == 2
