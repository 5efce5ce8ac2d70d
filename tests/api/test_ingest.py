"""POST /api/ingest: token rules, body kinds, and the runner call (faked; the real one is slow)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_helpers import assert_error_shape, build_test_store
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig
from tocsin.ingest.build import Fields, from_body
from tocsin.models import Article, Problem
from tocsin.runner import IngestReport

TOKEN = "s3cret-token"
LINE = {"id": "posted-1", "title": "Clashes near Homs", "text": "Rebels clashed with the army near Homs."}


class FakeIngest:
    """Stores articles the way the runner does, without spaCy; records what it was given."""

    def __init__(self) -> None:
        self.calls: list[list[Article | Problem]] = []

    def __call__(self, items, store) -> IngestReport:
        report = IngestReport()
        items = list(items)
        self.calls.append(items)
        articles = []
        for item in items:
            if isinstance(item, Article):
                articles.append((item, None))
            else:
                report.problems.append(item)
        store.write_batch(articles, [], report.problems)
        report.articles = len(articles)
        return report


@pytest.fixture()
def writable(tmp_path):
    path = tmp_path / "w.duckdb"
    build_test_store(path)
    fake = FakeIngest()
    def fetch(url: str, policy) -> Article | Problem:
        if url != "https://news.invalid/a":
            return Problem(url, "http_error", "HTTP 404")
        return from_body("Troops withdrew from the town.", url, Fields(url=url))

    app = create_app(path, ApiConfig(token=TOKEN), ingest=fake, fetch_url=fetch)
    with TestClient(app) as client:
        yield client, fake


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_writes_are_refused_when_no_token_is_configured(client):
    body = assert_error_shape(client.post("/api/ingest", content=json.dumps(LINE), headers=auth()), 403)
    assert "TOCSIN_API_TOKEN" in body["error"]


@pytest.mark.parametrize("headers", [{}, auth("wrong"), {"Authorization": TOKEN},
                                     {"Authorization": f"Basic {TOKEN}"}])
def test_a_missing_or_wrong_token_is_401(writable, headers):
    client, fake = writable
    response = client.post("/api/ingest", content=json.dumps(LINE), headers=headers)
    assert_error_shape(response, 401)
    assert response.headers["www-authenticate"] == "Bearer"
    assert fake.calls == []


def test_jsonl_body_is_ingested(writable):
    client, fake = writable
    body = "\n".join(json.dumps({**LINE, "id": f"posted-{i}"}) for i in range(3))
    response = client.post("/api/ingest", content=body, headers={**auth(), "Content-Type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    assert response.json()["articles"] == 3 and response.json()["rejected"] == 0
    assert client.get("/api/articles/posted-2").json()["article"]["title"] == "Clashes near Homs"


def test_bad_lines_are_reported_and_the_rest_ingested(writable):
    client, _ = writable
    body = json.dumps({**LINE, "id": "good"}) + "\n{not json\n" + json.dumps({"id": "no-text"}) + "\n"
    result = client.post("/api/ingest", content=body, headers=auth()).json()
    assert result["articles"] == 1
    assert sorted(p["reason"] for p in result["problems"]) == ["bad_json", "no_text"]


def test_a_body_with_nothing_usable_is_400(writable):
    client, _ = writable
    assert_error_shape(client.post("/api/ingest", content="{broken\n", headers=auth()), 400)
    assert_error_shape(client.post("/api/ingest", content="", headers=auth()), 400)


def test_url_list_is_fetched_and_failures_reported(writable):
    client, fake = writable
    urls = "https://news.invalid/a\nhttps://news.invalid/missing\n# a comment\n"
    result = client.post("/api/ingest", content=urls,
                         headers={**auth(), "Content-Type": "text/uri-list"}).json()
    assert result["articles"] == 1
    assert [p["reason"] for p in result["problems"]] == ["http_error"]
    assert "Troops withdrew" in fake.calls[-1][0].text


@pytest.mark.parametrize("urls", [["file:///etc/passwd"], ["ftp://x/y"], [], "not a list"])
def test_bad_url_lists_are_400(writable, urls):
    client, fake = writable
    response = client.post("/api/ingest", json={"urls": urls}, headers=auth())
    assert_error_shape(response, 400)
    assert fake.calls == []


def test_oversized_body_is_413(tmp_path):
    path = tmp_path / "w.duckdb"
    build_test_store(path)
    app = create_app(path, ApiConfig(token=TOKEN, max_ingest_bytes=100), ingest=FakeIngest())
    with TestClient(app) as client:
        assert_error_shape(client.post("/api/ingest", content="x" * 500, headers=auth()), 413)


@pytest.mark.slow
def test_real_runner_extracts_events_from_posted_jsonl(tmp_path):
    path = tmp_path / "real.duckdb"
    build_test_store(path)
    line = {"id": "real-1", "title": "Fighting in Homs", "published": "2014-06-22",
            "text": "HOMS, Syria -- Rebels clashed with government forces in Homs on Sunday, "
                    "killing four fighters, activists said."}
    with TestClient(create_app(path, ApiConfig(token=TOKEN))) as client:
        result = client.post("/api/ingest", content=json.dumps(line), headers=auth()).json()
        assert result["articles"] == 1 and result["events"] >= 1
        found = client.get("/api/events", params={"limit": 1000}).json()["events"]
    assert any(e["article"]["id"] == "real-1" for e in found)
