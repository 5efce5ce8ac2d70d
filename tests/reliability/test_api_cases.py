"""Issue 11, cases 1, 6, 7 and 10 through a served API (uvicorn on loopback)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest
from reliability_helpers import good_text, runner_without_model, served

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig
from tocsin.runner import ingest
from tocsin.store import Store

pytestmark = pytest.mark.timeout(180)
TOKEN = "reliability-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def db(tmp_path, fake_pipeline) -> Path:
    path = tmp_path / "api.duckdb"
    source = tmp_path / "seed.jsonl"
    source.write_text("\n".join(json.dumps({"id": f"s{i}", "text": good_text(i)})
                                for i in range(30)) + "\n")
    with Store(path) as store:
        ingest([source], store, pipeline=fake_pipeline)
    return path


def make_app(db: Path, **config: object):  # type: ignore[no-untyped-def]
    return create_app(db, ApiConfig(token=TOKEN, **config), ingest=runner_without_model)  # type: ignore[arg-type]


def assert_no_server_paths(body: str, *paths: Path) -> None:
    for path in paths:
        assert str(path) not in body
    assert "/tmp/" not in body and "tocsin-ingest-" not in body


# --- 6. huge page numbers and other numbers ---------------------------------------------
@pytest.mark.parametrize("query", [
    "page=10000000000000000", "page=99999999999999999999999", "limit=10000000000000000000",
    "page=-5", "limit=-1", "min_sources=99999999999999999999", "min_sources=1e999",
    "page=1e3", "bbox=0,0,1e400,1", "since=99999-01-01",
])
def test_huge_or_bad_numbers_are_a_4xx_and_the_connection_stays_usable(db, tmp_path, query):
    with served(make_app(db)) as url, httpx.Client(base_url=url) as client:
        bad = client.get(f"/api/events?{query}")
        assert 400 <= bad.status_code < 500, bad.text
        assert set(bad.json()) == {"ok", "status", "error", "errors"}
        assert_no_server_paths(bad.text, db, tmp_path)
        after = client.get("/api/events?limit=5")              # same keep-alive connection
        assert after.status_code == 200 and len(after.json()["events"]) == 5


# --- 1. a long record inside POST /api/ingest ---------------------------------------------
def test_a_long_record_in_a_post_is_cut_and_the_good_records_beside_it_kept(db, tmp_path):
    body = "\n".join(json.dumps(r) for r in [
        {"id": "p1", "text": good_text(101)},
        {"id": "p2", "text": (good_text(102) + "\n\n") * 8_000},
        {"id": "p3", "text": good_text(103)},
        {"id": "p1", "text": good_text(104)},
    ]) + "\n{broken\n"
    with served(make_app(db)) as url:
        response = httpx.post(f"{url}/api/ingest", content=body, headers=AUTH, timeout=120)
        assert response.status_code == 200, response.text
        result = response.json()
        assert (result["articles"], result["truncated"], result["rejected"]) == (3, 1, 2)
        assert sorted((p["origin"], p["reason"]) for p in result["problems"]) == [
            ("body:2", "truncated"), ("body:4", "duplicate_id"), ("body:5", "bad_json")]
        assert_no_server_paths(response.text, db, tmp_path)
        stored = httpx.get(f"{url}/api/articles/p2").json()["article"]["text"]
        assert 50_000 < len(stored) <= 100_000


# --- 7. URL ingest cannot be turned against the host ------------------------------------
def test_url_ingest_refuses_every_private_address_and_fetches_nothing(db, site):
    urls = [site.url("/secret", host) for host in
            ("127.0.0.1", "127.1", "0x7f000001", "2130706433", "[::1]", "localhost",
             "[::ffff:127.0.0.1]", "0.0.0.0", "169.254.169.254")] + [site.url("/to-loopback")]
    with served(make_app(db)) as url:
        response = httpx.post(f"{url}/api/ingest", json={"urls": urls}, headers=AUTH, timeout=60)
        assert response.status_code == 400
        problems = response.json()["errors"]
        assert len(problems) == len(urls)
        assert {p["reason"] for p in problems} == {"blocked_address"}
        total = httpx.get(f"{url}/api/stats").json()["articles"]
    assert site.hits == []                                     # not one request reached it
    assert total == 30


def test_a_server_that_drips_bytes_is_cut_off_by_the_deadline(db, site):
    app = make_app(db, allow_private=True, fetch_timeout_s=1.0, fetch_budget_s=5.0)
    site.pages["/story"] = (b"<html><body><article><p>" + good_text(5).encode()
                            + b"</p></article></body></html>")
    with served(app) as url:
        response = httpx.post(f"{url}/api/ingest", timeout=60, headers=AUTH,
                              json={"urls": [site.url("/drip"), site.url("/story")]})
    assert response.status_code == 200, response.text
    result = response.json()
    assert result["articles"] == 1
    assert [(p["origin"], p["reason"]) for p in result["problems"]] == [(site.url("/drip"), "timeout")]


def test_an_oversized_page_is_refused_at_the_byte_cap(db, site):
    site.pages["/huge"] = b"<html><body>" + b"<p>word word word</p>" * 200_000 + b"</body></html>"
    app = make_app(db, allow_private=True, fetch_max_bytes=1_000_000)
    with served(app) as url:
        response = httpx.post(f"{url}/api/ingest", timeout=60, headers=AUTH,
                              json={"urls": [site.url("/huge")]})
    assert response.status_code == 400
    assert [p["reason"] for p in response.json()["errors"]] == ["too_large"]


# --- 10. exports do not starve the other requests ---------------------------------------
def test_exports_in_the_mix_leave_light_requests_answered(db):
    results: dict[str, list[int]] = {"export": [], "light": []}
    lock = threading.Lock()

    def hit(kind: str, url: str) -> None:
        status = httpx.get(url, timeout=120).status_code
        with lock:
            results[kind].append(status)

    with served(make_app(db, max_concurrent_exports=1)) as url:
        exports = [threading.Thread(target=hit, args=("export", f"{url}/api/events?format=csv"
                                                                f"&limit=1000&status=reported&page={n}"))
                   for n in range(1, 7)]
        lights = [threading.Thread(target=hit, args=("light", f"{url}/api/stats?n={n}"))
                  for n in range(20)]
        for thread in exports + lights:
            thread.start()
        for thread in exports + lights:
            thread.join()
    assert results["light"] == [200] * 20
    assert set(results["export"]) <= {200, 503} and 200 in results["export"]
