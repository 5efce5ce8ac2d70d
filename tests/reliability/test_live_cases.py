"""Issue 11, cases 8 and 9: watch delivery survives kill -9, and watching runs inside
the server while the API stays readable; a second process cannot steal the store."""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from reliability_helpers import EventPerArticle, good_text, served

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig
from tocsin.live.config import WatchConfig
from tocsin.live.service import WatchService
from tocsin.store import Store

pytestmark = pytest.mark.timeout(240)
ROOT = Path(__file__).resolve().parents[2]
CRASH_SCRIPT = ROOT / "tests" / "live" / "crash_watch.py"


def publish(site, n: int) -> str:  # type: ignore[no-untyped-def]
    items = "".join(
        f"<item><title>Story {i}</title><link>{site.url(f'/news/{i}')}</link>"
        f"<guid>{site.url(f'/news/{i}')}</guid><pubDate>Tue, 04 Mar 2025 08:00:00 GMT</pubDate>"
        f"<description>{good_text(i)}</description></item>" for i in range(1, n + 1))
    site.pages["/feed.xml"] = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Valley '
                               f"Courier</title>{items}</channel></rss>").encode()
    for i in range(1, n + 1):
        site.pages[f"/news/{i}"] = (f"<html><body><article><h1>Story {i}</h1><p>{good_text(i)}</p>"
                                    "</article></body></html>").encode()
    return site.url("/feed.xml")


# --- 8. a watch killed after the commit loses no alert ------------------------------------
def test_watch_killed_after_commit_before_state_save_delivers_every_alert_once(tmp_path, site):
    feed = publish(site, 4)

    def run(kill_at: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, str(CRASH_SCRIPT), str(tmp_path / "w.duckdb"),
                               str(tmp_path / "state.json"), feed, str(tmp_path / "alerts.jsonl"),
                               kill_at], capture_output=True, text=True, timeout=120)

    assert run("after_refresh").returncode == -signal.SIGKILL
    assert not (tmp_path / "alerts.jsonl").exists()              # nothing went out before the kill
    restarted = run("none")
    assert restarted.returncode == 0 and "Traceback" not in restarted.stderr
    ids = [json.loads(line)["id"] for line in (tmp_path / "alerts.jsonl").read_text().splitlines()]
    assert len(ids) == 4 == len(set(ids))
    assert all(site.hits.count(f"/news/{i}") == 1 for i in range(1, 5))   # no page fetched twice


# --- 9. watching while serving ----------------------------------------------------------
class HeldPipeline(EventPerArticle):
    """Blocks inside extraction until released: an ingest that is still running."""

    def __init__(self) -> None:
        super().__init__()
        self.started = threading.Event()
        self.release = threading.Event()

    def run(self, articles):  # type: ignore[no-untyped-def]
        self.started.set()
        self.release.wait(60)
        return super().run(articles)


def test_the_api_stays_readable_while_the_watch_thread_ingests(tmp_path, site):
    feed = publish(site, 2)
    db = tmp_path / "live.duckdb"
    Store(db).close()
    app = create_app(db, ApiConfig(token="t"))       # writable: the server is the one writer
    pipeline = HeldPipeline()
    config = WatchConfig(feeds=(feed,), state_path=tmp_path / "state.json", interval_s=3600,
                         per_host_delay_s=0.0, allow_private=True, stdout=False)
    service = WatchService(config, app.state.database.writer, pipeline=pipeline)  # type: ignore[arg-type]
    with served(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        service.start()
        assert pipeline.started.wait(60)            # the watch holds the writer, mid-ingest
        for path in ("/api/stats", "/api/events", "/api/alerts", "/api/timeline", "/api/watch"):
            assert client.get(path).status_code == 200, path
        assert not pipeline.release.is_set()        # every read above ran during the ingest
        pipeline.release.set()
        service.stop()
        assert client.get("/api/stats").json()["articles"] == 2     # visible once committed
    assert service.status.polls == 1 and service.status.last_error is None


def test_a_separate_watch_fails_loudly_while_the_server_holds_the_store(tmp_path, site):
    feed = publish(site, 1)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(feed + "\n")
    db = tmp_path / "held.duckdb"
    holder = Store(db)                          # what a running `tocsin serve` does
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tocsin.cli", "watch", "--feeds", str(feeds), "--db", str(db),
             "--polls", "1", "--allow-private"],
            capture_output=True, text=True, timeout=120, cwd=tmp_path)
    finally:
        holder.close()
    assert result.returncode != 0
    assert "tocsin serve --watch" in result.stderr and "Traceback" not in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
    assert site.hits == []                      # it stopped before fetching anything
