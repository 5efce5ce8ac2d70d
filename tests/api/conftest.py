"""Fixtures for the API tests: one hand-built store per session, a read-only client."""
from __future__ import annotations

import pytest
from api_helpers import build_test_store
from fastapi.testclient import TestClient

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig


@pytest.fixture(scope="session")
def api_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    build_test_store(path)
    return path


@pytest.fixture(scope="session")
def client(api_db):
    with TestClient(create_app(api_db, ApiConfig())) as test_client:
        yield test_client
