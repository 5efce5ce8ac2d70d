"""Live watching of RSS/Atom feeds: poll, fetch new articles, ingest, alert.

`Watcher.poll_once` walks the configured feeds.  Each feed is fetched with a
conditional GET; new entries (not seen before, by entry id) have their pages
fetched politely and turned into Articles, which go to the injected
`ingest` callable (the pipeline).  The alerts it returns are queued in the
state's outbox and delivered to the sinks.  State is saved after every feed,
so a stop or crash resumes without re-ingesting or re-alerting.  A feed that
is down, slow, malformed or huge becomes a `Problem`; the others go on.
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from tocsin.analysis.delivery import AlertSink, alert_from_dict, build_sinks, deliver
from tocsin.ingest.watch_config import WatchConfig
from tocsin.ingest.watch_feed import (
    FeedEntry, ParsedFeed, article_from_entry, article_from_page, parse_feed,
)
from tocsin.ingest.watch_http import (
    TRANSIENT_REASONS, Fetched, HostPacer, Limits, conditional_headers, fetch, now_utc,
)
from tocsin.ingest.watch_state import FeedCursor, WatchState
from tocsin.models import Alert, Article, Problem

#: The pipeline as the watcher sees it: new articles in, new or updated alerts out.
IngestFn = Callable[[list[Article]], list[Alert]]


@dataclass(frozen=True, slots=True)
class PollResult:
    """What one pass over the feeds did."""

    started_at: datetime
    feeds_checked: int = 0
    not_modified: int = 0
    new_entries: int = 0
    articles: int = 0
    #: alerts delivered (first time or as an update) to at least one sink.
    alerts: tuple[Alert, ...] = ()
    problems: tuple[Problem, ...] = ()

    def summary(self) -> str:
        return (f"{self.feeds_checked} feeds checked, {self.not_modified} unchanged, "
                f"{self.new_entries} new entries, {self.articles} articles ingested, "
                f"{len(self.alerts)} alerts sent, {len(self.problems)} problems")


@dataclass
class _Tally:
    started_at: datetime
    feeds_checked: int = 0
    not_modified: int = 0
    new_entries: int = 0
    articles: int = 0
    alerts: dict[str, Alert] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def result(self) -> PollResult:
        return PollResult(self.started_at, self.feeds_checked, self.not_modified,
                          self.new_entries, self.articles, tuple(self.alerts.values()),
                          tuple(self.problems))


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


class Watcher:
    """Polls feeds and hands new articles to `ingest`; see the module docstring.

    `http` is the client for feeds and pages (one with the configured user
    agent, timeout and redirects is made if omitted and closed by `close`).
    `sinks` default to those the config names (stdout, JSONL, webhook).
    `clock` (monotonic seconds) and `sleep` drive politeness and the interval;
    `log` receives one line per Problem and per poll.
    """

    def __init__(self, config: WatchConfig, ingest: IngestFn, *,
                 http: httpx.Client | None = None, sinks: Sequence[AlertSink] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] = _stderr_line) -> None:
        self.config = config
        self.state = WatchState.load(config.state_path)
        self._ingest = ingest
        self._owns_http = http is None
        self._http = http or httpx.Client(follow_redirects=True, timeout=config.timeout_s)
        self._sinks = list(sinks) if sinks is not None else build_sinks(
            stdout=config.stdout, alerts_path=config.alerts_path,
            webhook_url=config.webhook_url, webhook_retries=config.webhook_retries,
            webhook_timeout=config.webhook_timeout_s, user_agent=config.user_agent, sleep=sleep)
        self._clock, self._sleep, self._log = clock, sleep, log
        self._pacer = HostPacer(config.per_host_delay_s, clock, sleep)
        self._limits = Limits(config.timeout_s, config.max_bytes)
        self._stop: threading.Event | None = None

    # lifecycle --------------------------------------------------------------
    def close(self) -> None:
        if self._owns_http:
            self._http.close()
        for sink in self._sinks:
            closer = getattr(sink, "close", None)
            if callable(closer):
                closer()

    def __enter__(self) -> Watcher:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def run(self, stop_event: threading.Event | None = None, max_polls: int | None = None,
            on_poll: Callable[[PollResult], None] | None = None) -> int:
        """Poll every `config.interval_s` until `stop_event` is set or `max_polls`
        polls are done; returns the number of polls."""
        self._stop = stop_event
        polls = 0
        try:
            while not self._stopped():
                started = self._clock()
                result = self.poll_once()
                polls += 1
                if on_poll is not None:
                    on_poll(result)
                if max_polls is not None and polls >= max_polls:
                    break
                self._wait(self.config.interval_s - (self._clock() - started))
        finally:
            self._stop = None
        return polls

    def _stopped(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def _wait(self, seconds: float) -> None:
        seconds = max(0.0, seconds)
        if self._stop is not None:
            self._stop.wait(seconds)
        else:
            self._sleep(seconds)

    # one poll -----------------------------------------------------------------
    def poll_once(self) -> PollResult:
        """One pass over every feed; never raises for a bad feed, page or sink."""
        tally = _Tally(now_utc())
        self._flush_outbox(tally)
        for url in self.config.feeds:
            if self._stopped():
                break
            fresh = self._poll_feed(url, tally)
            if fresh:
                self._flush_outbox(tally, only=fresh)
        result = tally.result()
        self._log(f"tocsin watch: poll: {result.summary()}")
        return result

    def _problem(self, tally: _Tally, problem: Problem) -> None:
        tally.problems.append(problem)
        self._log(f"tocsin watch: {problem.reason}: {problem.origin}: {problem.message}")

    def _get(self, url: str, extra: dict[str, str] | None = None) -> Fetched | Problem:
        self._pacer.wait(url)
        headers = {"User-Agent": self.config.user_agent, **(extra or {})}
        return fetch(self._http, url, self._limits, headers=headers, clock=self._clock)

    def _poll_feed(self, url: str, tally: _Tally) -> set[str]:
        """Process one feed; returns the ids of alerts it queued."""
        tally.feeds_checked += 1
        cursor = self.state.cursor(url)
        fetched = self._get(url, conditional_headers(cursor))
        if isinstance(fetched, Problem):
            self._problem(tally, fetched)
            return set()
        if fetched.not_modified:
            tally.not_modified += 1
            self._keep_cursor(url, cursor, fetched.cursor)
            return set()
        feed = parse_feed(fetched.body, url, fetched.content_type)
        if isinstance(feed, Problem):
            self._problem(tally, feed)
            return set()
        return self._ingest_feed(url, feed, fetched.cursor, tally)

    def _keep_cursor(self, url: str, old: FeedCursor, new: FeedCursor) -> None:
        # A 304 may omit the validators; keep the ones we sent.
        merged = FeedCursor(new.etag or old.etag, new.last_modified or old.last_modified)
        if merged != old:
            self.state.set_cursor(url, merged)
            self.state.save()

    def _new_entries(self, url: str, feed: ParsedFeed) -> tuple[list[FeedEntry], bool]:
        """Unseen entries, at most `max_new_per_feed`; and whether some were held back."""
        unseen: dict[str, FeedEntry] = {}
        for entry in feed.entries:
            if entry.entry_id not in unseen and not self.state.is_seen(url, entry.entry_id):
                unseen[entry.entry_id] = entry
        entries = list(unseen.values())
        cap = self.config.max_new_per_feed
        return entries[:cap], len(entries) > cap

    def _ingest_feed(self, url: str, feed: ParsedFeed, cursor: FeedCursor,
                     tally: _Tally) -> set[str]:
        entries, held_back = self._new_entries(url, feed)
        tally.new_entries += len(entries)
        articles: list[Article] = []
        settled: list[str] = []
        for entry in entries:
            if self._stopped():
                held_back = True
                break
            article, done = self._article_for(url, entry, feed, tally)
            if article is not None:
                articles.append(article)
            if done:
                settled.append(entry.entry_id)
        alerts = self._run_ingest(url, articles, tally)
        if alerts is None:
            return set()
        tally.articles += len(articles)
        self.state.mark_seen(url, settled)
        # Entries left for later must not hide behind a 304 next poll.
        if not held_back and len(settled) == len(entries):
            self.state.set_cursor(url, cursor)
        for alert in alerts:
            self.state.queue_alert(alert.to_dict())
        self.state.save()
        return {alert.id for alert in alerts}

    def _run_ingest(self, url: str, articles: list[Article],
                    tally: _Tally) -> list[Alert] | None:
        if not articles:
            return []
        try:
            return list(self._ingest(articles))
        except Exception as error:  # noqa: BLE001 - the pipeline's bug must not stop the watch
            self._problem(tally, Problem(url, "ingest_failed",
                                         f"{type(error).__name__}: {error}", now_utc()))
            return None

    def _article_for(self, url: str, entry: FeedEntry, feed: ParsedFeed,
                     tally: _Tally) -> tuple[Article | None, bool]:
        """The entry's Article (or None) and whether the entry is settled for good."""
        if not entry.link:
            return self._fallback(entry, feed, None, tally), True
        page = self._get(entry.link)
        if isinstance(page, Fetched):
            article = article_from_page(entry, feed, page.body, page.url)
            if isinstance(article, Article):
                return article, True
            return self._fallback(entry, feed, article, tally), True
        transient = page.reason in TRANSIENT_REASONS
        if transient and self.state.page_failed(url, entry.entry_id) < self.config.page_attempts:
            self._problem(tally, Problem(page.origin, page.reason,
                                         f"{page.message}; will try again next poll", page.at))
            return None, False
        return self._fallback(entry, feed, page, tally), True

    def _fallback(self, entry: FeedEntry, feed: ParsedFeed, page_problem: Problem | None,
                  tally: _Tally) -> Article | None:
        """The feed's own text for an entry whose page gave none."""
        article = article_from_entry(entry, feed)
        if isinstance(article, Article):
            if page_problem is not None:
                self._problem(tally, Problem(
                    page_problem.origin, page_problem.reason,
                    f"{page_problem.message}; used the feed's own text", page_problem.at))
            return article
        self._problem(tally, page_problem or article)
        return None

    # delivery -----------------------------------------------------------------
    def _flush_outbox(self, tally: _Tally, only: set[str] | None = None) -> None:
        """Deliver queued alerts (all, or those in `only`); each failed try
        counts toward `delivery_attempts`, so one try per alert per poll."""
        pending = [alert_from_dict(d) for d in self.state.outbox()
                   if only is None or d["id"] in only]
        if not pending:
            return
        report = deliver(pending, self._sinks, self.state)
        for problem in report.problems:
            self._problem(tally, problem)
        delivered = {alert_id for _, alert_id in report.sent + report.updates}
        failed = {alert.id for alert in report.undelivered}
        for alert in pending:
            if alert.id in delivered:
                tally.alerts[alert.id] = alert
            if alert.id not in failed:
                self.state.dequeue_alert(alert.id)
            elif self.state.delivery_attempted(alert.id) >= self.config.delivery_attempts:
                self.state.dequeue_alert(alert.id)
                self._problem(tally, Problem(alert.id, "delivery_abandoned",
                                             f"alert not delivered after "
                                             f"{self.config.delivery_attempts} polls", now_utc()))
        self.state.save()
