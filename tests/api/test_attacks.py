"""Hostile input: markup in article fields, SQL in filters, huge pages, bad boxes."""
import json

import pytest
from api_helpers import HOSTILE_SENTENCE, HOSTILE_TITLE, assert_error_shape


def test_markup_in_an_article_is_served_as_inert_json_strings(client):
    response = client.get("/api/articles/a-hostile")
    assert response.headers["content-type"] == "application/json"
    assert response.json()["article"]["title"] == HOSTILE_TITLE      # data kept exactly
    detail = client.get("/api/events/e-hostile").json()["event"]
    assert detail["evidence"]["sentence"] == HOSTILE_SENTENCE
    assert detail["article"]["title"] == HOSTILE_TITLE


def test_no_response_is_html_except_the_dashboard_page(client):
    for url in ("/api/articles/a-hostile", "/api/events/e-hostile", "/api/alerts",
                "/api/events?format=geojson", "/api/actors"):
        assert "html" not in client.get(url).headers["content-type"]
    csp = client.get("/api/articles/a-hostile").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("payload", [
    "' OR '1'='1", "ISIS'; DROP TABLE events; --", "x\" OR 1=1 --", "%' OR 1=1 --",
    "ISIS) UNION SELECT payload FROM articles --", "\\'; SELECT 1; --",
])
@pytest.mark.parametrize("param", ["actor", "country", "admin1", "type"])
def test_sql_injection_in_filters_matches_nothing_and_harms_nothing(client, param, payload):
    response = client.get("/api/events", params={param: payload})
    # a name the store does not know is refused with a 400 (filters are checked), never run
    body = assert_error_shape(response, 400)
    assert body["errors"][0]["loc"] == ["query", {"type": "event_type"}.get(param, param)]
    assert client.get("/api/stats").json()["events"] == 8


@pytest.mark.parametrize("payload", ["1 OR 1=1", "2; DROP TABLE events", "1e999"])
def test_sql_injection_in_numeric_filters_is_rejected(client, payload):
    assert_error_shape(client.get("/api/events", params={"min_sources": payload}), 422)


def test_injection_in_path_parameters(client):
    assert_error_shape(client.get("/api/events/' OR '1'='1"), 404)
    assert_error_shape(client.get("/api/actors/ISIS' OR '1'='1/track"), 404)


@pytest.mark.parametrize("limit", [1001, 10**9, 2**63])
def test_oversized_pages_are_refused(client, limit):
    body = assert_error_shape(client.get("/api/events", params={"limit": limit}), 400)
    assert "maximum page size" in body["error"]


@pytest.mark.parametrize("bbox", [
    "1,2,3", "1,2,3,4,5", "a,b,c,d", "nan,0,1,1", "inf,0,1,1", "-200,0,10,10",
    "0,-95,10,10", "10,0,0,10", "0,10,10,0", "", "1;2;3;4", "0,0,1,1) OR (1=1",
])
def test_bad_bboxes_are_400(client, bbox):
    response = client.get("/api/events", params={"bbox": bbox})
    if bbox == "":
        assert response.status_code == 200      # an empty box means no box filter
    else:
        assert_error_shape(response, 400)


def test_overlong_parameters_are_refused(client):
    assert_error_shape(client.get("/api/events", params={"actor": "A" * 5000}), 422)


def test_json_escaping_keeps_payloads_as_data(client):
    raw = client.get("/api/alerts").text
    alerts = json.loads(raw)["alerts"]
    assert any("<img src=x" in a["summary"] for a in alerts)
