"""kill -9 of a real watch process at its most delicate points; the restart must
deliver every alert exactly once and fetch no page twice."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from watch_helpers import Web, serve_feed

from tocsin.store import Store

SCRIPT = Path(__file__).with_name("crash_watch.py")
pytestmark = pytest.mark.timeout(180)


def run(tmp_path: Path, feed: str, kill_at: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "w.duckdb"), str(tmp_path / "state.json"),
         feed, str(tmp_path / "alerts.jsonl"), kill_at],
        capture_output=True, text=True, timeout=120)


def delivered_ids(tmp_path: Path) -> list[str]:
    path = tmp_path / "alerts.jsonl"
    lines = path.read_text().splitlines() if path.exists() else []
    return [json.loads(line)["id"] for line in lines]


@pytest.mark.parametrize("kill_at", ["after_article:1", "after_article:2", "after_refresh",
                                     "after_send"])
def test_a_killed_watch_delivers_every_alert_exactly_once_after_restart(
        web: Web, tmp_path: Path, kill_at: str) -> None:
    feed = serve_feed(web, n=3)
    crashed = run(tmp_path, feed, kill_at)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr
    restarted = run(tmp_path, feed, "none")
    assert restarted.returncode == 0, restarted.stderr
    assert "Traceback" not in restarted.stderr
    ids = delivered_ids(tmp_path)
    assert sorted(ids) == sorted(set(ids)) and len(ids) == 3        # all three, once each
    with Store(tmp_path / "w.duckdb", read_only=True) as store:
        assert store.query("SELECT count(*) FROM articles") == [(3,)]
        assert store.query("SELECT count(*) FROM outbox WHERE delivered_at IS NULL") == [(0,)]
    # Progress is kept per article: a page whose article was committed before the
    # kill is never fetched again (pages fetched but not yet stored may be).
    committed = int(kill_at.split(":")[1]) if kill_at.startswith("after_article") else 3
    for n in (1, 2, 3):
        assert len(web.hits(f"/news/{n}.html")) == (1 if n <= committed else 2), n


def test_a_clean_run_then_a_restart_sends_nothing_again(web: Web, tmp_path: Path) -> None:
    feed = serve_feed(web, n=2)
    assert run(tmp_path, feed, "none").returncode == 0
    assert run(tmp_path, feed, "none").returncode == 0
    assert len(delivered_ids(tmp_path)) == 2
