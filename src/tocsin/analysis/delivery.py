"""Alert delivery: send each new or updated alert to stdout, a JSONL file or a webhook.

An alert is identified by its id and a *version*, a hash of what it says.
`deliver` asks a ledger which version each sink last received, so an alert is
never sent twice to the same sink, while an alert whose evidence or severity
changed is sent again, marked as an update.  Sinks report failure as a
`Problem` and never raise, so one broken receiver cannot stop the others.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Protocol, TextIO
from urllib.parse import urlsplit

import httpx

from tocsin.models import CONTRACT_VERSION, Alert, Problem
from tocsin.store.outbox import alert_version

__all__ = ["AlertSink", "DeliveryLedger", "DeliveryReport", "JsonlSink", "MemoryLedger",
           "StdoutSink", "WebhookSink", "alert_from_dict", "alert_version", "build_sinks",
           "deliver"]

#: statuses worth another try: the receiver may recover.
_RETRY_STATUSES = frozenset({408, 425, 429})


def _now() -> datetime:
    return datetime.now(timezone.utc)


def alert_from_dict(data: dict[str, Any]) -> Alert:
    """Rebuild an Alert from `Alert.to_dict()` output (the outbox stores these)."""
    fired = data.get("fired_at")
    return Alert(
        id=data["id"], kind=data["kind"], actor=data.get("actor"), region=data.get("region"),
        fired_at=datetime.fromisoformat(fired) if fired else None,
        severity=float(data["severity"]), summary=data["summary"],
        evidence=tuple(data.get("evidence") or ()),
        bearing_deg=data.get("bearing_deg"), distance_km=data.get("distance_km"),
    )


class AlertSink(Protocol):
    """Somewhere alerts go.  `name` keys the delivery ledger, so keep it stable."""

    name: str

    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        """Deliver one alert; return a Problem instead of raising on failure."""
        ...


class DeliveryLedger(Protocol):
    """Which version of each alert each sink has received (persisted by the caller)."""

    def delivered_version(self, sink: str, alert_id: str) -> str | None: ...

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None: ...


@dataclass
class MemoryLedger:
    """A ledger kept in memory, for one-shot runs and tests."""

    versions: dict[str, dict[str, str]] = field(default_factory=dict)

    def delivered_version(self, sink: str, alert_id: str) -> str | None:
        return self.versions.get(sink, {}).get(alert_id)

    def record_delivery(self, sink: str, alert_id: str, version: str) -> None:
        self.versions.setdefault(sink, {})[alert_id] = version


@dataclass(frozen=True, slots=True)
class DeliveryReport:
    """What `deliver` did: (sink name, alert id) pairs sent, skips and failures."""

    sent: tuple[tuple[str, str], ...] = ()
    updates: tuple[tuple[str, str], ...] = ()
    skipped: int = 0
    problems: tuple[Problem, ...] = ()
    #: alerts at least one sink failed to take; worth another try later.
    undelivered: tuple[Alert, ...] = ()


def deliver(alerts: Iterable[Alert], sinks: Sequence[AlertSink],
            ledger: DeliveryLedger) -> DeliveryReport:
    """Send each alert to each sink that has not yet had this version of it."""
    sent: list[tuple[str, str]] = []
    updates: list[tuple[str, str]] = []
    problems: list[Problem] = []
    undelivered: list[Alert] = []
    skipped = 0
    for alert in _latest_per_id(alerts):
        version = alert_version(alert)
        failed = False
        for sink in sinks:
            previous = ledger.delivered_version(sink.name, alert.id)
            if previous == version:
                skipped += 1
                continue
            problem = sink.send(alert, update=previous is not None)
            if problem is not None:
                problems.append(problem)
                failed = True
                continue
            ledger.record_delivery(sink.name, alert.id, version)
            (updates if previous is not None else sent).append((sink.name, alert.id))
        if failed:
            undelivered.append(alert)
    return DeliveryReport(tuple(sent), tuple(updates), skipped, tuple(problems),
                          tuple(undelivered))


def _latest_per_id(alerts: Iterable[Alert]) -> list[Alert]:
    # Two versions of one alert in a batch: only the last one is news.
    latest: dict[str, Alert] = {}
    for alert in alerts:
        latest.pop(alert.id, None)
        latest[alert.id] = alert
    return list(latest.values())


def _one_line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class StdoutSink:
    """One line per alert: fired_at, kind, summary."""

    stream: TextIO | None = None
    name: str = "stdout"

    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        fired = alert.fired_at.isoformat() if alert.fired_at else "-"
        marker = " (update)" if update else ""
        out = self.stream if self.stream is not None else sys.stdout
        try:
            out.write(f"{fired}\t{alert.kind}{marker}\t{_one_line(alert.summary)}\n")
            out.flush()
        except OSError as error:
            return Problem(self.name, "delivery_failed", f"cannot write alert: {error}", _now())
        return None


@dataclass
class JsonlSink:
    """Appends `alert.to_dict()` as one JSON line per alert (updates too).

    A line the file already holds is not written again: after a crash between
    an append and the outbox marking it delivered, the retry is a no-op, so
    the file gets each alert version exactly once.
    """

    path: Path
    name: str = ""
    _written: set[str] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.path = Path(self.path)
        self.name = self.name or f"jsonl:{self.path}"

    def _lines(self) -> set[str]:
        if self._written is None:
            self._written = set()
            if self.path.is_file():
                with self.path.open(encoding="utf-8", errors="replace") as handle:
                    self._written = {_digest(line.rstrip("\n")) for line in handle}
        return self._written

    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        line = json.dumps(alert.to_dict(), ensure_ascii=False, sort_keys=True)
        try:
            if _digest(line) in self._lines():
                return None
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with self.path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            return Problem(self.name, "delivery_failed", f"cannot append alert: {error}", _now())
        self._lines().add(_digest(line))
        return None


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()


class WebhookSink:
    """POSTs each alert as JSON, retrying connection errors, timeouts and 5xx.

    Body: {"contract_version", "update", "version", "alert": alert.to_dict()}.
    The `Idempotency-Key` header (alert id:version) lets a receiver drop a
    repeat if a response was lost after the alert arrived.  `retries` counts
    tries after the first; the wait doubles from `backoff` seconds.
    """

    def __init__(self, url: str, retries: int = 3, timeout: float = 10.0, backoff: float = 0.5,
                 *, client: httpx.Client | None = None, user_agent: str | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"webhook URL must be http(s) with a host: {url!r}")
        if retries < 0 or timeout <= 0 or backoff < 0:
            raise ValueError("webhook retries/backoff cannot be negative, timeout must be positive")
        self.url, self.retries, self.timeout, self.backoff = url, retries, timeout, backoff
        self.name = f"webhook:{url}"
        self._owns_client = client is None
        self._client = client or httpx.Client()
        self._headers = {"User-Agent": user_agent} if user_agent else {}
        self._sleep = sleep

    def close(self) -> None:
        if self._owns_client:
            self._client.close()

    def send(self, alert: Alert, *, update: bool) -> Problem | None:
        version = alert_version(alert)
        body = {"contract_version": CONTRACT_VERSION, "update": update,
                "version": version, "alert": alert.to_dict()}
        headers = {**self._headers, "Idempotency-Key": f"{alert.id}:{version}"}
        failure = ""
        for attempt in range(self.retries + 1):
            if attempt:
                self._sleep(self.backoff * 2 ** (attempt - 1))
            failure, retry = self._post(body, headers)
            if not failure or not retry:
                break
        if not failure:
            return None
        return Problem(self.name, "delivery_failed",
                       f"alert {alert.id} not delivered: {failure}", _now())

    def _post(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[str, bool]:
        """("", _) on success, else (why, whether another try may help)."""
        try:
            response = self._client.post(self.url, json=body, headers=headers,
                                         timeout=self.timeout)
        except httpx.TimeoutException:
            return "timed out", True
        except httpx.HTTPError as error:
            return f"{type(error).__name__}: {error}", True
        if response.is_success:
            return "", False
        status = response.status_code
        return f"HTTP {status}", status >= 500 or status in _RETRY_STATUSES


def build_sinks(*, stdout: bool = True, alerts_path: Path | None = None,
                webhook_url: str | None = None, webhook_retries: int = 3,
                webhook_timeout: float = 10.0, user_agent: str | None = None,
                sleep: Callable[[float], None] = time.sleep) -> list[AlertSink]:
    """The sinks a watch run asked for, in a fixed order."""
    sinks: list[AlertSink] = []
    if stdout:
        sinks.append(StdoutSink())
    if alerts_path is not None:
        sinks.append(JsonlSink(Path(alerts_path)))
    if webhook_url:
        sinks.append(WebhookSink(webhook_url, retries=webhook_retries, timeout=webhook_timeout,
                                 user_agent=user_agent, sleep=sleep))
    return sinks
