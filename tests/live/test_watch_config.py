"""Feeds files, intervals and config validation for `tocsin watch`."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.live.config import (
    FeedsFileError, WatchConfig, format_interval, parse_feeds, parse_interval, read_feeds_file,
)


@pytest.mark.parametrize(("text", "seconds"), [
    ("15m", 900), ("30s", 30), ("1h", 3600), ("2h30m", 9000), ("1d", 86400),
    ("1h0m5s", 3605), ("90", 90), (" 2H ", 7200),
])
def test_parse_interval_reads_units(text: str, seconds: int) -> None:
    assert parse_interval(text) == seconds


@pytest.mark.parametrize("text", ["", "0", "0m", "m", "1.5h", "-5m", "30m2h", "1h1h",
                                  "15 m", "10x", "h1"])
def test_parse_interval_rejects_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match="interval"):
        parse_interval(text)


@given(st.integers(min_value=1, max_value=10**7))
def test_format_then_parse_round_trips(seconds: int) -> None:
    assert parse_interval(format_interval(seconds)) == seconds


@given(st.dictionaries(st.sampled_from("dhms"), st.integers(0, 999), min_size=1))
def test_any_ordered_unit_combination_sums(parts: dict[str, int]) -> None:
    text = "".join(f"{parts[u]}{u}" for u in "dhms" if u in parts)
    expected = sum(n * {"d": 86400, "h": 3600, "m": 60, "s": 1}[u] for u, n in parts.items())
    if expected == 0:
        with pytest.raises(ValueError):
            parse_interval(text)
    else:
        assert parse_interval(text) == expected


@given(st.text(max_size=12))
def test_parse_interval_either_returns_positive_or_raises_value_error(text: str) -> None:
    try:
        assert parse_interval(text) > 0
    except ValueError:
        pass


def test_feeds_file_skips_comments_and_blanks(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("# my feeds\n\nhttps://a.example/rss\n  http://b.example/feed#top  # b\n")
    assert read_feeds_file(path) == ("https://a.example/rss", "http://b.example/feed#top")


@pytest.mark.parametrize(("line", "message"), [
    ("ftp://a.example/rss", "not an http(s) URL"),
    ("a.example/rss", "not an http(s) URL"),
    ("https:///rss", "URL has no host"),
    ("https://a.example:99999/rss", "malformed URL"),
    ("http://[broken/rss", "malformed URL"),
    ("https://a.example/rss https://b.example/rss", "one URL per line"),
])
def test_malformed_line_is_named(line: str, message: str) -> None:
    with pytest.raises(FeedsFileError, match="^feeds.txt:3: " + re.escape(message)):
        parse_feeds(f"# header\nhttps://ok.example/rss\n{line}\n", source="feeds.txt")


def test_duplicate_feed_names_both_lines() -> None:
    with pytest.raises(FeedsFileError, match="feeds.txt:2: feed already listed on line 1"):
        parse_feeds("https://a.example/rss\nhttps://a.example/rss\n", source="feeds.txt")


def test_empty_or_missing_feeds_file_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("# nothing yet\n")
    with pytest.raises(FeedsFileError, match="no feed URLs"):
        read_feeds_file(empty)
    with pytest.raises(FeedsFileError, match="cannot read"):
        read_feeds_file(tmp_path / "missing.txt")


def test_config_from_feeds_file_has_defaults(tmp_path: Path) -> None:
    path = tmp_path / "feeds.txt"
    path.write_text("https://a.example/rss\n")
    config = WatchConfig.from_feeds_file(path, every="2h30m")
    assert config.interval_s == 9000
    assert config.state_path == Path(f"{path}.state.json")
    assert (config.per_host_delay_s, config.timeout_s, config.max_bytes) == (2.0, 20.0, 10_000_000)
    assert config.user_agent.startswith("tocsin/")
    assert config.user_agent.endswith("(+offline early warning)")


@pytest.mark.parametrize("options", [
    {"feeds": ()}, {"feeds": ("file:///etc/passwd",)}, {"interval_s": 0},
    {"max_bytes": 0}, {"per_host_delay_s": -1}, {"webhook_url": "not a url"},
])
def test_config_rejects_bad_values(options: dict[str, object], tmp_path: Path) -> None:
    base: dict[str, object] = {"feeds": ("https://a.example/rss",),
                               "state_path": tmp_path / "s.json"}
    with pytest.raises(ValueError):
        WatchConfig(**{**base, **options})  # type: ignore[arg-type]
