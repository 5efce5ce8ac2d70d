"""The read cache (one computation per store generation) and the cap on heavy exports."""
from __future__ import annotations

import asyncio
import json

import pytest
from api_helpers import build_test_store
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.cache import ReadCache
from tocsin.api.config import ApiConfig

TOKEN = "cache-token"


def test_a_repeated_read_is_served_from_the_cache_until_the_next_write(tmp_path):
    from test_ingest import FakeIngest

    path = tmp_path / "c.duckdb"
    build_test_store(path)
    app = create_app(path, ApiConfig(token=TOKEN), ingest=FakeIngest())
    with TestClient(app) as client:
        first = client.get("/api/stats").json()
        with app.state.database.reader() as store:        # a write behind the server's back...
            store.con.execute("DELETE FROM events WHERE id = 'e-hostile'")
        assert client.get("/api/stats").json() == first      # ...is not seen: same generation
        line = json.dumps({"id": "new-1", "text": "Rebels clashed with the army near Homs."})
        posted = client.post("/api/ingest", content=line,
                             headers={"Authorization": f"Bearer {TOKEN}"})
        assert posted.status_code == 200, posted.text
        after = client.get("/api/stats").json()              # a write through the server is
        assert after["articles"] == first["articles"] + 1    # a new generation
        assert after["events"] == first["events"] - 1


def test_cached_and_fresh_responses_are_identical(api_db):
    app = create_app(api_db, ApiConfig())
    with TestClient(app) as client:
        for url in ("/api/events?format=csv", "/api/alerts", "/api/events?limit=3&page=2"):
            fresh, cached = client.get(url), client.get(url)
            assert fresh.status_code == cached.status_code == 200
            assert fresh.content == cached.content
            assert fresh.headers["content-type"] == cached.headers["content-type"]
            assert cached.headers["x-content-type-options"] == "nosniff"


def test_errors_are_not_cached(api_db):
    with TestClient(create_app(api_db, ApiConfig())) as client:
        assert client.get("/api/events?limit=0").status_code == 400
        assert client.get("/api/events?limit=0").status_code == 400


def test_csv_is_sent_in_a_few_large_chunks_not_one_per_row(api_db):
    from tocsin.api.responses import CSV_CHUNK_CHARS, _blocks

    rows = [f"row {i}," * 20 + "\n" for i in range(5000)]
    blocks = list(_blocks(iter(rows)))
    assert "".join(blocks) == "".join(rows)
    assert len(blocks) <= len("".join(rows)) // CSV_CHUNK_CHARS + 1


def run_requests(app, scopes):
    async def one(scope):
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        await app(scope, receive, send)
        return next(m["status"] for m in sent if m["type"] == "http.response.start")

    async def main():
        return await asyncio.gather(*(one(s) for s in scopes))

    return asyncio.run(main())


def scope(query: bytes) -> dict:
    return {"type": "http", "method": "GET", "path": "/api/events", "query_string": query,
            "headers": []}


@pytest.mark.timeout(30)
def test_exports_beyond_the_cap_wait_and_then_get_a_503():
    running = {"now": 0, "most": 0}

    async def slow_export(scope, receive, send):
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
        await asyncio.sleep(0.3)
        running["now"] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a,b\n"})

    cache = ReadCache(slow_export, lambda: 0, max_exports=1, wait_s=0.1)
    statuses = run_requests(cache, [scope(b"format=csv&page=1"), scope(b"format=csv&page=2")])
    assert sorted(statuses) == [200, 503] and running["most"] == 1


@pytest.mark.timeout(30)
def test_light_requests_do_not_wait_behind_exports():
    order = []

    async def app(scope, receive, send):
        heavy = b"format=csv" in scope["query_string"]
        await asyncio.sleep(0.3 if heavy else 0.0)
        order.append("export" if heavy else "light")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ReadCache(app, lambda: 0, max_exports=1, wait_s=5)
    statuses = run_requests(cache, [scope(b"format=csv&page=1"), scope(b"format=csv&page=2"),
                                    scope(b"limit=5")])
    assert statuses == [200, 200, 200]
    assert order[0] == "light"


@pytest.mark.timeout(30)
def test_requests_for_a_response_being_built_wait_for_that_one_build():
    builds = []

    async def slow_view(scope, receive, send):
        builds.append(scope["query_string"])
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ReadCache(slow_view, lambda: 0)
    statuses = run_requests(cache, [scope(b"limit=5")] * 6 + [scope(b"limit=6")] * 3)
    assert statuses == [200] * 9
    assert sorted(builds) == [b"limit=5", b"limit=6"]


@pytest.mark.timeout(30)
def test_a_build_that_is_not_kept_is_built_again_by_whoever_waited():
    builds = []

    async def failing_view(scope, receive, send):
        builds.append(1)
        await asyncio.sleep(0.05)
        await send({"type": "http.response.start", "status": 500, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ReadCache(failing_view, lambda: 0)
    assert run_requests(cache, [scope(b"limit=5")] * 3) == [500] * 3
    assert len(builds) == 3                  # an error is never served to the others


@pytest.mark.timeout(30)
def test_no_more_than_max_builds_responses_are_built_at_once():
    running = {"now": 0, "most": 0}

    async def view(scope, receive, send):
        running["now"] += 1
        running["most"] = max(running["most"], running["now"])
        await asyncio.sleep(0.05)
        running["now"] -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    cache = ReadCache(view, lambda: 0, max_builds=2)
    queries = [scope(f"limit={n}".encode()) for n in range(1, 8)]
    assert run_requests(cache, queries) == [200] * 7
    assert running["most"] == 2


def test_every_response_says_how_long_the_server_took(api_db):
    with TestClient(create_app(api_db, ApiConfig())) as client:
        built, replayed = client.get("/api/stats"), client.get("/api/stats")
    assert built.headers["server-timing"].startswith("app;dur=")
    assert replayed.headers["server-timing"].startswith("cache;dur=")
    assert float(replayed.headers["server-timing"].split("=")[1]) >= 0
