"""Plain helpers of the reliability suite (fixtures are in conftest.py)."""
from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from tocsin.models import Article, Event, Evidence

GOOD = ("Militia fighters attacked a police post outside the river town of Kessab on Monday, "
        "killing two officers, a provincial spokesman said.")


def good_text(n: int) -> str:
    return f"Report {n}. {GOOD} Residents said the road to the town was closed for a day."


class EventPerArticle:
    """A pipeline without spaCy: one event per article whose evidence is its first 40 characters."""

    def __init__(self) -> None:
        self.seen: list[Article] = []

    def run(self, articles):  # type: ignore[no-untyped-def]
        self.seen.extend(articles)
        return [(a, [Event(id="ev-" + a.id, event_type="Battles", sub_event_type="Armed clash",
                           plover="ASSAULT", date=date(2014, 6, 9), date_precision="day",
                           status="reported", actor1=None, location=None,
                           evidence=Evidence(a.id, a.text[:40], 0, min(40, len(a.text))))])
                for a in articles]


def write_jsonl(path: Path, records: list[dict[str, object]], raw_lines: dict[int, str] | None = None) -> None:
    """Records as JSON lines; `raw_lines` puts a raw (possibly broken) line at an index."""
    lines = [json.dumps(r) for r in records]
    for index, raw in sorted((raw_lines or {}).items()):
        lines.insert(index, raw)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")




def runner_without_model(items, store):  # type: ignore[no-untyped-def]
    """The API's ingest function: the real runner, with the model-free pipeline."""
    from tocsin.runner import ingest_articles

    return ingest_articles(items, store, pipeline=EventPerArticle())


@contextmanager
def served(app) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Run `app` with uvicorn on a free loopback port in a thread; yield its URL."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


#: An article whose text holds this never finishes in `stall_on_marker`.
STALL_MARKER = "stall-the-worker-here"


def stall_on_marker(articles):  # type: ignore[no-untyped-def]
    """Worker work for a pool test: one event per article, and no end on the marker (as a
    record that sends spaCy's C code into a loop would be)."""
    if any(STALL_MARKER in a.text for a in articles):
        while True:
            time.sleep(1)
    return EventPerArticle().run(articles)
