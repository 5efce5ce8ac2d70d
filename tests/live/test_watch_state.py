"""The watch state file: atomic saves, restarts, bounds and a clear error when corrupt."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.live.state import MAX_SEEN_PER_FEED, FeedCursor, WatchState, WatchStateError

FEED = "https://a.example/rss"


def test_state_survives_a_reload(tmp_path: Path) -> None:
    state = WatchState.load(tmp_path / "state.json")
    state.set_cursor(FEED, FeedCursor('"e1"', "Mon, 03 Mar 2025 10:00:00 GMT"))
    state.mark_seen(FEED, ["x", "y"])
    state.needs_refresh = True
    state.save()
    again = WatchState.load(tmp_path / "state.json")
    assert again.cursor(FEED) == FeedCursor('"e1"', "Mon, 03 Mar 2025 10:00:00 GMT")
    assert again.is_seen(FEED, "x") and not again.is_seen(FEED, "z")
    assert not again.is_seen("https://other.example/rss", "x")
    assert again.needs_refresh


def test_an_old_state_files_outbox_is_read_once_and_never_written(tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    path.write_text(json.dumps({
        "format": 1, "feeds": {}, "delivered": {"stdout": {"alert-1": "v1"}},
        "outbox": {"alert-2": {"alert": {"id": "alert-2", "kind": "surge"}, "attempts": 1}}}))
    state = WatchState.load(path)
    assert state.legacy_outbox() == [{"id": "alert-2", "kind": "surge"}]
    assert state.legacy_delivered() == {"stdout": {"alert-1": "v1"}}
    state.forget_legacy()
    state.save()
    again = json.loads(path.read_text())
    assert "outbox" not in again and "delivered" not in again


def test_save_leaves_no_temp_files(tmp_path: Path) -> None:
    state = WatchState.load(tmp_path / "deep" / "state.json")
    for _ in range(3):
        state.save()
    assert [p.name for p in (tmp_path / "deep").iterdir()] == ["state.json"]


def test_missing_file_is_an_empty_state(tmp_path: Path) -> None:
    state = WatchState.load(tmp_path / "none.json")
    assert state.cursor(FEED) == FeedCursor() and state.legacy_outbox() == []


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '{"format": 99}'])
def test_corrupt_state_is_a_clear_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(content)
    with pytest.raises(WatchStateError, match="state"):
        WatchState.load(path)


def test_seen_ids_are_bounded_keeping_the_newest(tmp_path: Path) -> None:
    state = WatchState(tmp_path / "s.json")
    state.mark_seen(FEED, [f"id{i}" for i in range(MAX_SEEN_PER_FEED + 10)])
    assert not state.is_seen(FEED, "id0")
    assert state.is_seen(FEED, f"id{MAX_SEEN_PER_FEED + 9}")


def test_page_failures_count_and_reset_when_seen(tmp_path: Path) -> None:
    state = WatchState(tmp_path / "s.json")
    assert [state.page_failed(FEED, "e"), state.page_failed(FEED, "e")] == [1, 2]
    state.mark_seen(FEED, ["e"])
    assert state.page_failed(FEED, "e") == 1
