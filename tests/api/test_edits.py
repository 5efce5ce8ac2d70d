"""Corrections and dismissals over HTTP: token-guarded like POST /api/ingest."""
from __future__ import annotations

import pytest
from api_helpers import assert_error_shape, build_test_store
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig

TOKEN = "review-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
AZAZ = {"place": "Azaz", "lat": 36.586, "lon": 37.046, "country": "Syria", "note": "the market is in Azaz"}


@pytest.fixture()
def writable(tmp_path):
    path = tmp_path / "w.duckdb"
    build_test_store(path)
    with TestClient(create_app(path, ApiConfig(token=TOKEN))) as client:
        yield client


def test_a_correction_is_applied_and_shown_as_corrected(writable):
    body = writable.post("/api/events/e-r4/corrections", json=AZAZ, headers=AUTH).json()
    assert body["ok"] and body["correction"]["fields"] == ["location"]
    event = writable.get("/api/events/e-r4").json()["event"]
    assert event["location"]["name"] == "Azaz"
    assert event["corrections"][0]["note"] == "the market is in Azaz"
    listed = writable.get("/api/events", params={"country": "Syria"}).json()["events"]
    assert any(e["id"] == "e-r4" and e["corrections"] for e in listed)
    assert writable.delete("/api/events/e-r4/corrections", headers=AUTH).json()["withdrawn"] == 1
    assert writable.get("/api/events/e-r4").json()["event"]["location"]["name"] == "Aleppo"


def test_a_dismissal_hides_the_alert_until_restored(writable):
    first = writable.get("/api/alerts").json()["alerts"][0]["id"]
    done = writable.post(f"/api/alerts/{first}/dismissal", json={"why": "wrong place"}, headers=AUTH)
    assert done.json()["dismissed"]["why"] == "wrong place"
    assert first not in {a["id"] for a in writable.get("/api/alerts").json()["alerts"]}
    shown = writable.get("/api/alerts", params={"include_dismissed": "true"}).json()["alerts"]
    assert next(a for a in shown if a["id"] == first)["dismissed"]["why"] == "wrong place"
    assert writable.delete(f"/api/alerts/{first}/dismissal", headers=AUTH).json()["restored"] is True


@pytest.mark.parametrize(("method", "url", "body"), [
    ("post", "/api/events/e-r4/corrections", AZAZ),
    ("delete", "/api/events/e-r4/corrections", None),
    ("post", "/api/alerts/al-mosul/dismissal", {"why": "x"}),
    ("delete", "/api/alerts/al-mosul/dismissal", None),
])
def test_writes_need_the_token(writable, method, url, body):
    response = writable.request(method, url, json=body, headers={"Authorization": "Bearer wrong"})
    assert_error_shape(response, 401)


def test_writes_are_refused_when_no_token_is_configured(client):
    assert_error_shape(client.post("/api/events/e-r4/corrections", json=AZAZ), 403)


def test_bad_corrections_are_client_errors(writable):
    assert_error_shape(writable.post("/api/events/nope/corrections", json=AZAZ, headers=AUTH), 404)
    bad = assert_error_shape(writable.post("/api/events/e-r4/corrections", headers=AUTH,
                                           json={"status": "maybe"}), 400)
    assert "unknown status" in bad["error"]
    assert_error_shape(writable.post("/api/events/e-r4/corrections", headers=AUTH,
                                     json={"colour": "red"}), 422)
    assert_error_shape(writable.post("/api/alerts/nope/dismissal", headers=AUTH, json={"why": "x"}), 404)
    assert_error_shape(writable.post("/api/alerts/al-mosul/dismissal", headers=AUTH, json={}), 422)
