"""README's "Security and limits" section states every limit with the default the code uses."""
from __future__ import annotations

from pathlib import Path

from tocsin import pipelines
from tocsin.api import cache, config, ingest as api_ingest
from tocsin.ingest import fetch, limits, readers
from tocsin.live import robots
from tocsin.live.config import WatchConfig
from tocsin.store import filters

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Security and limits")
    return text[start:text.index("\n## ", start + 1)]


def test_every_limit_is_documented_with_its_default() -> None:
    text = section()
    text_limits, html_limits = limits.DEFAULT_TEXT_LIMITS, limits.DEFAULT_HTML_LIMITS
    watch = WatchConfig(feeds=("https://a.example/rss",), state_path=Path("s.json"))
    policy = fetch.FetchPolicy()
    expected = {
        "file size": f"{readers.DEFAULT_MAX_BYTES:,} bytes",
        "text characters": f"{text_limits.max_chars:,} characters",
        "text tokens": f"{text_limits.max_tokens:,} tokens",
        "symbol run": f"| {text_limits.max_symbol_run} characters",
        "collapsed report": f"{text_limits.report_collapsed_over:,} characters go",
        "chunk": f"{text_limits.max_word_chars} characters",
        "html": f"{html_limits.max_chars:,} characters",
        "fields": f"{limits.MAX_FIELD_CHARS:,} / {limits.MAX_URL_CHARS:,} characters",
        "redirects": f"at most {policy.max_redirects} redirects",
        "fetch bytes": f"{policy.max_bytes:,} bytes of (decompressed) body",
        "fetch deadline": f"{policy.timeout_s:g} s deadline",
        "read wait": f"waits at most {fetch.MAX_READ_WAIT_S:g} s",
        "robots ttl": f"kept per site for {robots.ROBOTS_TTL_S / 3600:g} h",
        "robots bytes": f"at most {robots.MAX_ROBOTS_BYTES:,} bytes",
        "webhook answer": f"at most\n  {fetch.MAX_ANSWER_BYTES:,} bytes of the receiver's answer",
        "post body": f"| {config.MAX_INGEST_BYTES:,} |",
        "urls": f"{api_ingest.MAX_URLS} / {api_ingest.FETCH_WORKERS} / {config.FETCH_BUDGET_S:g} s",
        "api fetch": f"{config.FETCH_TIMEOUT_S:g} s, {config.FETCH_MAX_BYTES:,}",
        "pages": f"{config.MAX_PAGE_SIZE:,}, {config.DEFAULT_PAGE_SIZE}",
        "max page": f"| {config.MAX_PAGE:,} |",
        "numbers": f"{filters.MAX_NUMBER:,}",
        "exports": f"| {config.MAX_CONCURRENT_EXPORTS} |",
        "record time": f"| {pipelines.RECORD_TIMEOUT_S:g} s | the worker is stopped",
        "builds": f"`max_concurrent_builds`: other responses built at once, the rest queue "
                  f"| {config.MAX_CONCURRENT_BUILDS} |",
        "cache": "4,000,000 / 64,000,000 bytes",
        "interval": f"every {watch.interval_s // 60} minutes",
        "per host": f"{watch.per_host_delay_s:g} s between requests",
        "new entries": f"at most {watch.max_new_per_feed} new entries",
        "page attempts": f"{watch.page_attempts} polls before a failing page",
        "delivery attempts": f"{watch.delivery_attempts} polls before an alert",
        "webhook": f"{watch.webhook_retries} webhook retries with a {watch.webhook_timeout_s:g} s",
    }
    assert config.RECORD_TIMEOUT_S == pipelines.RECORD_TIMEOUT_S
    missing = {name: phrase for name, phrase in expected.items() if phrase not in text}
    assert not missing, missing
    cache_defaults = cache.ReadCache.__init__.__kwdefaults__
    assert cache_defaults["max_entry_bytes"] == 4_000_000
    assert cache_defaults["max_bytes"] == 64_000_000
    assert f"wait {cache_defaults['wait_s']:g} s" in text
