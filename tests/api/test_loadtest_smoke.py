"""Two seconds of the load test against a served sample store (the real run is 30 s, by hand)."""
import asyncio

import pytest
from api_helpers import served

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig
from tocsin.api.loadtest import check_loopback, percentile, run_load


def test_short_load_run_has_no_errors(api_db):
    with served(create_app(api_db, ApiConfig())) as url:
        result = asyncio.run(run_load(url, clients=4, seconds=2, max_requests=400))
    assert result.requests > 0 and result.errors == 0
    assert result.p50_ms <= result.p99_ms <= result.max_ms
    assert 0 <= result.server_p50_ms <= result.server_p99_ms <= result.max_ms


def test_clients_spread_over_processes_are_counted_together(api_db):
    with served(create_app(api_db, ApiConfig())) as url:
        result = asyncio.run(run_load(url, clients=4, seconds=2, max_requests=200, processes=2))
    assert result.processes == 2 and result.errors == 0
    assert sum(count for count, _, _ in result.by_path.values()) == result.requests > 0
    with pytest.raises(ValueError, match="processes"):
        asyncio.run(run_load(url, clients=2, seconds=1, processes=3))


@pytest.mark.parametrize("url", ["http://10.0.0.1:8000", "http://192.168.1.5", "http://8.8.8.8"])
def test_only_loopback_targets_are_allowed(url):
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(url)


def test_percentile():
    values = sorted(float(v) for v in range(1, 101))
    assert (percentile(values, 0.5), percentile(values, 0.99), percentile([], 0.5)) == (51.0, 99.0, 0.0)
