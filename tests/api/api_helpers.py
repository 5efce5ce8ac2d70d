"""Helpers for the API tests: a hand-built store with one hostile article, the error shape."""
from __future__ import annotations

from tocsin.runner import consolidate

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime

from tocsin.api.sample import build_sample_store, sample_records
from tocsin.models import Actor, Alert, Article, Event, Evidence, Mention, Place, Sources
from tocsin.store import Store

HOSTILE_TITLE = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'
HOSTILE_SENTENCE = ('<b onmouseover="window.__pwned=3">Gunmen</b> attacked a convoy near Deir ez-Zor '
                    "'; DROP TABLE events; --")
HOSTILE_SUMMARY = '<img src=x onerror="window.__pwned=5"> attacks near Deir ez-Zor'


def hostile_records() -> tuple[Article, Event, Alert]:
    text = f"DEIR EZ-ZOR -- {HOSTILE_SENTENCE} <script>window.__pwned=4</script>"
    article = Article(id="a-hostile", text=text, title=HOSTILE_TITLE,
                      url="javascript:window.__pwned=6", source='"><svg onload="window.__pwned=7">',
                      published=datetime(2014, 6, 21, 8), content_hash="hash-hostile")
    start = text.index(HOSTILE_SENTENCE)
    at = start + HOSTILE_SENTENCE.index("attacked")
    event = Event(
        id="e-hostile", event_type="Battles", sub_event_type="Armed clash", plover="ASSAULT",
        date=date(2014, 6, 21), date_precision="day", status="reported",
        actor1=Actor("Gunmen", '<img src=x onerror="window.__pwned=8">', "other"),
        location=Place("Deir ez-Zor", 35.336, 40.146, "Deir ez-Zor", "Syria", "city", "SY"),
        evidence=Evidence(article.id, HOSTILE_SENTENCE, start, start + len(HOSTILE_SENTENCE),
                          Mention("attacked", at, at + len("attacked"), "TRIGGER")),
        sources=Sources(1, 1), cluster_id="e-hostile")
    alert = Alert("al-hostile", "surge", "Gunmen", "Deir ez-Zor", datetime(2014, 6, 21, 12), 0.5,
                  HOSTILE_SUMMARY, ("e-hostile",))
    return article, event, alert


def build_test_store(path) -> None:
    build_sample_store(path)
    article, event, alert = hostile_records()
    with Store(path) as store:
        store.write_batch([(article, None)], [event])
        consolidate(store)
        store.replace_alerts([*sample_records()[2], alert])


def assert_error_shape(response, status: int) -> dict:
    """Every error body is {"ok": false, "status", "error", "errors"} and nothing else."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"ok", "status", "error", "errors"}
    assert body["ok"] is False and body["status"] == status
    assert isinstance(body["error"], str) and body["error"]
    assert isinstance(body["errors"], list)
    return body


@contextmanager
def served(app) -> Iterator[str]:
    """Run `app` with uvicorn on a free loopback port in a thread; yield its URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
