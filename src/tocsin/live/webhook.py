"""The watcher's webhook: alerts POSTed through the one guarded fetcher.

A webhook URL is as much a way to reach the host's own network as a feed
URL, and an alert body is worth more to an attacker than a GET.  So the
POST goes through `tocsin.ingest.fetch.post_json` under the watch's fetch
policy: http(s) only, the host resolved once and refused if any address is
loopback, private, link-local or metadata (unless `allow_private`), the
request sent to the checked address, a redirect never followed, and one
deadline (`webhook_timeout_s`) for resolving, connecting, sending and the
answer.  What the receiver says is read up to 64 KiB and dropped.

A failed try is a `delivery_failed` Problem naming the sink, the alert and
why; the watcher logs it, counts it in the outbox row (`attempts`,
`last_error`) and gives the alert up (`delivery_abandoned`) after
`delivery_attempts` polls.  Refusals by the guard are not retried within a
poll: they will not clear up in seconds.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from tocsin.analysis.delivery import WebhookSink
from tocsin.ingest.fetch import TRANSIENT_REASONS, FetchPolicy, Resolver, make_client, post_json, \
    system_resolver
from tocsin.models import Problem

__all__ = ["GuardedWebhookSink"]


class GuardedWebhookSink(WebhookSink):
    """`WebhookSink` (same body, Idempotency-Key and retries) whose every POST is guarded."""

    def __init__(self, url: str, policy: FetchPolicy, retries: int = 3, backoff: float = 0.5, *,
                 sleep: Callable[[float], None] = time.sleep,
                 resolver: Resolver = system_resolver) -> None:
        super().__init__(url, retries=retries, timeout=policy.timeout_s, backoff=backoff,
                         client=make_client(), user_agent=policy.user_agent, sleep=sleep)
        self._owns_client = True          # made here: no proxies, no redirects of its own
        self.policy = replace(policy, max_redirects=0)
        self._resolver = resolver

    def _post(self, body: dict[str, Any], headers: dict[str, str]) -> tuple[str, bool]:
        answer = post_json(self.url, body, self.policy, client=self._client, headers=headers,
                           resolver=self._resolver)
        if not isinstance(answer, Problem):
            return "", False
        return f"{answer.reason}: {answer.message}", answer.reason in TRANSIENT_REASONS
