"""Live watching of RSS/Atom feeds: poll, fetch new articles, ingest, alert.

`Watcher.poll_once` walks the configured feeds.  Each feed is fetched with a
conditional GET through the guarded fetcher (`ingest.fetch`); new entries
(not settled before, by entry id) have their pages fetched politely and
turned into Articles, which the backend stores one transaction each.  After a
feed's articles are in, the backend recomputes the alerts and queues new or
changed ones in the store's outbox, in the transaction that stores them;
the watcher then delivers what the outbox holds and marks each delivered.

What survives a crash (kill -9 anywhere):
- articles: each is committed before the next is taken, and an entry whose
  article is already stored is never fetched again, so a restart goes on
  where the feed was left;
- alerts: queued with the alerts themselves, delivered at least once after
  any restart, with stable ids (sinks and receivers drop repeats);
- feed state (validators, settled entries) is a JSON file replaced
  atomically after every article.

A feed that is down, slow, malformed or huge becomes a `Problem`; the
others go on.
"""
from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from itertools import islice

import httpx

from tocsin.analysis.delivery import AlertSink, alert_from_dict, build_sinks, deliver
from tocsin.ingest.fetch import (
    TRANSIENT_REASONS, FeedCursor, Fetched, HostPacer, conditional_headers, fetch, make_client,
    now_utc,
)
from tocsin.ingest.watch_feed import (
    FeedEntry, ParsedFeed, article_from_entry, article_from_page, article_id, parse_feed,
)
from tocsin.live.backend import WatchBackend
from tocsin.live.config import WatchConfig
from tocsin.live.robots import MAX_ROBOTS_BYTES, RobotsCache
from tocsin.live.state import WatchState
from tocsin.models import Alert, Article, Problem

#: Pages fetched before their articles are stored: bounds memory and the time a
#: server's writer lock is held for one go.
PAGES_PER_WRITE = 8
#: Problem reasons that mean the store could not be written (the watch should say so loudly).
STORE_FAILURES = frozenset({"ingest_failed", "refresh_failed", "delivery_state_failed"})


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

    @property
    def store_failed(self) -> bool:
        return any(p.reason in STORE_FAILURES for p in self.problems)


@dataclass
class _Tally:
    started_at: datetime
    feeds_checked: int = 0
    not_modified: int = 0
    new_entries: int = 0
    articles: int = 0
    alerts: dict[str, Alert] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    #: (alert id, version) tried this poll: one delivery try per alert version per poll.
    tried: set[tuple[str, str]] = field(default_factory=set)

    def result(self) -> PollResult:
        return PollResult(self.started_at, self.feeds_checked, self.not_modified,
                          self.new_entries, self.articles, tuple(self.alerts.values()),
                          tuple(self.problems))


def _stderr_line(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def _one_line(error: BaseException) -> str:
    return " ".join(f"{type(error).__name__}: {error}".split())[:300]


class Watcher:
    """Polls feeds and hands new articles to the backend; see the module docstring.

    `http` is the client for feeds and pages (made by `fetch.make_client` if
    omitted, and closed by `close`).  `sinks` default to those the config
    names (stdout, JSONL, webhook).  `clock` (monotonic seconds) and `sleep`
    drive politeness and the interval; `log` receives one line per Problem and
    per poll.
    """

    def __init__(self, config: WatchConfig, backend: WatchBackend, *,
                 http: httpx.Client | None = None, sinks: Sequence[AlertSink] | None = None,
                 clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep,
                 log: Callable[[str], None] = _stderr_line) -> None:
        self.config = config
        self.state = WatchState.load(config.state_path)
        self.backend = backend
        self._owns_http = http is None
        self._http = http or make_client()
        self._sinks = list(sinks) if sinks is not None else _sinks(config, sleep)
        self._clock, self._sleep, self._log = clock, sleep, log
        self._pacer = HostPacer(config.per_host_delay_s, clock, sleep)
        self._policy = config.fetch_policy()
        self._robots: RobotsCache | None = None
        if config.obey_robots:
            self._robots = RobotsCache(self._fetch_robots, config.user_agent, clock=clock)
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
        """One pass over every feed; never raises for a bad feed, page, sink or store."""
        tally = _Tally(now_utc())
        self._adopt_legacy_outbox(tally)
        if self.state.needs_refresh:
            self._refresh(tally)     # articles stored before a crash still owe their alerts
        self._deliver(tally)
        for url in self.config.feeds:
            if self._stopped():
                break
            if self._poll_feed(url, tally):
                self._refresh(tally)
                self._deliver(tally)
        result = tally.result()
        self._log(f"tocsin watch: poll: {result.summary()}")
        return result

    def _problem(self, tally: _Tally, problem: Problem) -> None:
        tally.problems.append(problem)
        self._log(f"tocsin watch: {problem.reason}: {problem.origin}: {problem.message}")

    def _get(self, url: str, extra: dict[str, str] | None = None) -> Fetched | Problem:
        if self._robots is not None:
            refused = self._robots.check(url)
            if refused is not None:
                return refused
        return self._fetch(url, extra)

    def _fetch_robots(self, url: str) -> Fetched | Problem:
        self._pacer.wait(url)
        return fetch(url, replace(self._policy, max_bytes=MAX_ROBOTS_BYTES), client=self._http,
                     clock=self._clock)

    def _fetch(self, url: str, extra: dict[str, str] | None = None) -> Fetched | Problem:
        self._pacer.wait(url)
        return fetch(url, self._policy, client=self._http, headers=extra, clock=self._clock)

    def _poll_feed(self, url: str, tally: _Tally) -> bool:
        """Process one feed; returns whether new articles were stored."""
        tally.feeds_checked += 1
        cursor = self.state.cursor(url)
        fetched = self._get(url, conditional_headers(cursor))
        if isinstance(fetched, Problem):
            self._problem(tally, fetched)
            return False
        if fetched.not_modified:
            tally.not_modified += 1
            self._keep_cursor(url, cursor, fetched.cursor)
            return False
        try:
            feed = parse_feed(fetched.body, url, fetched.content_type)
        except Exception as error:  # noqa: BLE001 - a feed feedparser chokes on is a problem
            feed = Problem(url, "bad_feed", _one_line(error), now_utc())
        if isinstance(feed, Problem):
            self._problem(tally, feed)
            return False
        return self._ingest_feed(url, feed, fetched.cursor, tally)

    def _keep_cursor(self, url: str, old: FeedCursor, new: FeedCursor) -> None:
        # A 304 may omit the validators; keep the ones we sent.
        merged = FeedCursor(new.etag or old.etag, new.last_modified or old.last_modified)
        if merged != old:
            self.state.set_cursor(url, merged)
            self.state.save()

    def _new_entries(self, url: str, feed: ParsedFeed) -> tuple[list[FeedEntry], bool]:
        """Unsettled entries, at most `max_new_per_feed`; and whether some were held back."""
        unseen: dict[str, FeedEntry] = {}
        for entry in feed.entries:
            if entry.entry_id not in unseen and not self.state.is_seen(url, entry.entry_id):
                unseen[entry.entry_id] = entry
        entries = list(unseen.values())
        cap = self.config.max_new_per_feed
        return entries[:cap], len(entries) > cap

    def _already_stored(self, url: str, entries: list[FeedEntry]) -> list[FeedEntry]:
        """Entries still to fetch: one whose article a crashed run stored is settled now."""
        left = []
        for entry in entries:
            if entry.link and self.backend.has_article(article_id(entry.link)):
                self.state.mark_seen(url, [entry.entry_id])
                self.state.needs_refresh = True
            else:
                left.append(entry)
        return left

    def _ingest_feed(self, url: str, feed: ParsedFeed, cursor: FeedCursor,
                     tally: _Tally) -> bool:
        entries, held_back = self._new_entries(url, feed)
        tally.new_entries += len(entries)
        try:
            todo = self._already_stored(url, entries)
        except Exception as error:  # noqa: BLE001 - the store is reported, the watch goes on
            self._problem(tally, Problem(url, "ingest_failed", _one_line(error), now_utc()))
            return False
        settled = len(entries) - len(todo)
        stored_before = tally.articles
        chunks = iter(todo)
        while chunk := list(islice(chunks, PAGES_PER_WRITE)):
            if self._stopped():
                held_back = True
                break
            fetched = [(entry, *self._guarded_article(url, entry, feed, tally)) for entry in chunk]
            outcome = self._store(url, fetched, tally)
            settled += outcome
            if outcome < sum(done for _, _, done in fetched):
                held_back = True        # the store failed: leave the rest for next poll
                break
        # Entries left for later must not hide behind a 304 next poll.
        if not held_back and settled == len(entries):
            self.state.set_cursor(url, cursor)
        self.state.save()
        return tally.articles > stored_before or self.state.needs_refresh

    def _store(self, url: str, fetched: list[tuple[FeedEntry, Article | None, bool]],
               tally: _Tally) -> int:
        """Store the chunk's articles one by one; returns how many entries were settled."""
        settled = [0]

        def articles() -> Iterator[Article]:
            # The backend stores each article before it asks for the next, so
            # an entry is settled (and saved) only once its article is committed.
            for entry, article, done in fetched:
                if article is not None:
                    yield article
                    self.state.needs_refresh = True
                if done:
                    self.state.mark_seen(url, [entry.entry_id])
                    settled[0] += 1
                    self.state.save()

        try:
            report = self.backend.ingest(articles())
        except Exception as error:  # noqa: BLE001 - the store is reported, the watch goes on
            self._problem(tally, Problem(url, "ingest_failed", _one_line(error), now_utc()))
            return settled[0]
        tally.articles += report.articles
        for problem in report.problems:
            self._problem(tally, problem)
        return settled[0]

    def _guarded_article(self, url: str, entry: FeedEntry, feed: ParsedFeed,
                         tally: _Tally) -> tuple[Article | None, bool]:
        """`_article_for`, with any failure of one entry kept to that entry."""
        try:
            return self._article_for(url, entry, feed, tally)
        except Exception as error:  # noqa: BLE001 - one entry never stops its feed
            self._problem(tally, Problem(entry.link or url, "error", _one_line(error), now_utc()))
            return None, True

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

    # alerts -------------------------------------------------------------------
    def _refresh(self, tally: _Tally) -> None:
        try:
            self.backend.refresh()
        except Exception as error:  # noqa: BLE001 - retried next poll
            self._problem(tally, Problem("refresh", "refresh_failed", _one_line(error), now_utc()))
            return
        self.state.needs_refresh = False
        self.state.save()

    def _adopt_legacy_outbox(self, tally: _Tally) -> None:
        """Move an older version's JSON outbox and ledger into the store, once."""
        legacy, ledger = self.state.legacy_outbox(), self.state.legacy_delivered()
        if not legacy and not ledger:
            return
        try:
            for sink, versions in ledger.items():
                for alert_id, version in versions.items():
                    self.backend.record_delivery(sink, alert_id, version)
            self.backend.queue([alert_from_dict(d) for d in legacy])
        except Exception as error:  # noqa: BLE001 - kept in the file, tried again next poll
            self._problem(tally, Problem(str(self.state.path), "delivery_state_failed",
                                         _one_line(error), now_utc()))
            return
        self.state.forget_legacy()
        self.state.save()

    def _deliver(self, tally: _Tally) -> None:
        """Send what the outbox holds, one try per alert per poll, and mark each
        alert delivered (or count the failed try) in the store."""
        try:
            pending = [e for e in self.backend.pending()
                       if (e.alert.id, e.version) not in tally.tried]
            if not pending:
                return
            alerts = [e.alert for e in pending]
            tally.tried.update((e.alert.id, e.version) for e in pending)
            sent: list[tuple[str, str]] = []
            undelivered: list[Alert] = []
            why: dict[str, str] = {}
            for alert in alerts:                 # one at a time: each failure is its own
                report = deliver([alert], self._sinks, self.backend)
                for problem in report.problems:
                    self._problem(tally, problem)
                if report.problems:
                    why[alert.id] = "; ".join(f"{p.origin}: {p.message}"
                                              for p in report.problems)
                sent.extend(report.sent + report.updates)
                undelivered.extend(report.undelivered)
            self._settle(alerts, tuple(sent), tuple(undelivered), tally, why)
        except Exception as error:  # noqa: BLE001 - the outbox keeps them for next poll
            self._problem(tally, Problem("outbox", "delivery_state_failed", _one_line(error),
                                         now_utc()))

    def _settle(self, alerts: list[Alert], sent: tuple[tuple[str, str], ...],
                undelivered: tuple[Alert, ...], tally: _Tally,
                why: dict[str, str] | None = None) -> None:
        delivered = {alert_id for _, alert_id in sent}
        failed = {alert.id for alert in undelivered}
        for alert in {a.id: a for a in alerts}.values():
            if alert.id in delivered:
                tally.alerts[alert.id] = alert
            if alert.id not in failed:
                self.backend.settle(alert.id)
                continue
            attempts = self.backend.failed(alert.id, (why or {}).get(
                alert.id, "not delivered to every sink"))
            if attempts >= self.config.delivery_attempts:
                self.backend.abandon(alert.id)
                self._problem(tally, Problem(alert.id, "delivery_abandoned",
                                             f"alert not delivered after "
                                             f"{self.config.delivery_attempts} polls", now_utc()))


def _sinks(config: WatchConfig, sleep: Callable[[float], None]) -> list[AlertSink]:
    """The sinks the config names; the webhook goes through the fetch guard."""
    from tocsin.live.webhook import GuardedWebhookSink

    sinks = build_sinks(stdout=config.stdout, alerts_path=config.alerts_path, sleep=sleep)
    if config.webhook_url:
        policy = replace(config.fetch_policy(), timeout_s=config.webhook_timeout_s)
        sinks.append(GuardedWebhookSink(config.webhook_url, policy,
                                        retries=config.webhook_retries, sleep=sleep))
    return sinks
