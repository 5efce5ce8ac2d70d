"""Without `npm ci --prefix web` the server still starts and says what to run."""
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig


def test_server_starts_and_reports_missing_libraries(api_db, tmp_path):
    app = create_app(api_db, ApiConfig(vendor_dir=tmp_path / "nothing-here"))
    with TestClient(app) as client:
        assert client.get("/").status_code == 200
        assert client.get("/dashboard-config.json").json()["vendor"] is False
        missing = client.get("/vendor/leaflet/dist/leaflet.js")
        assert missing.status_code == 404 and "npm ci --prefix web" in missing.json()["error"]
        assert client.get("/api/stats").status_code == 200


def test_tile_origin_is_allowed_by_the_csp_only_when_configured(api_db):
    config = ApiConfig(tile_url="https://{s}.tiles.example.org/{z}/{x}/{y}.png")
    with TestClient(create_app(api_db, config)) as client:
        csp = client.get("/").headers["content-security-policy"]
    assert "img-src 'self' data: https://*.tiles.example.org;" in csp
