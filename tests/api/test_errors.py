"""Every error, FastAPI's own included, has one JSON shape."""
import pytest
from api_helpers import assert_error_shape
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/api/no-such-endpoint", 404),
    ("get", "/api/events/no-such-event", 404),
    ("get", "/api/articles/no-such-article", 404),
    ("get", "/api/actors/Nobody%20At%20All/track", 404),
    ("delete", "/api/events", 405),
    ("get", "/api/events?since=not-a-date", 422),
    ("get", "/api/events?page=two", 422),
    ("get", "/api/events?limit=5000", 400),
    ("get", "/api/events?limit=0", 400),
    ("get", "/api/events?page=0", 400),
    ("get", "/api/events?bbox=1,2,3", 400),
    ("get", "/api/events?status=rumoured", 400),
    ("get", "/api/events?since=2014-07-01&until=2014-06-01", 400),
    ("get", "/api/events?format=xml", 400),
    ("post", "/api/ingest", 403),
])
def test_error_shape(client, method, url, status):
    assert_error_shape(getattr(client, method)(url), status)


def test_validation_error_names_the_parameter_but_does_not_echo_input(client):
    body = assert_error_shape(client.get("/api/events", params={"since": "<script>x</script>"}), 422)
    assert body["errors"][0]["loc"] == ["query", "since"]
    assert "<script>" not in str(body)


def test_an_unexpected_failure_is_a_500_in_the_same_shape(api_db):
    app = create_app(api_db, ApiConfig())

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client:
        body = assert_error_shape(client.get("/api/boom"), 500)
    assert "secret" not in body["error"]


def test_security_headers_are_on_errors_too(client):
    response = client.get("/api/events/missing")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
