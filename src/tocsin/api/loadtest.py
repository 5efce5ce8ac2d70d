"""A bounded load test of a running `tocsin serve`, loopback only.

    python -m tocsin.api.loadtest --url http://127.0.0.1:8000 --clients 20 --seconds 30

Each client loops over a mix of read endpoints until time is up and the
latencies are summarised as p50/p90/p99.  It refuses any host that is not
this machine's loopback, and stops by itself after --seconds or
--max-requests, whichever comes first.

The latency a client sees includes its own queueing: 20 clients in one
Python event loop wait for each other.  So the server's own time (its
`Server-Timing` header) is summarised beside it, and `--processes N` spreads
the clients over N processes (each with its own event loop).
"""
from __future__ import annotations

import argparse
import asyncio
import ipaddress
import json
import re
import socket
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from urllib.parse import quote, urlsplit

import httpx

MAX_SECONDS = 600
MAX_CLIENTS = 200
MAX_PROCESSES = 16
_SERVER_TIMING = re.compile(r"dur=([0-9.]+)")


@dataclass(frozen=True, slots=True)
class LoadResult:
    clients: int
    seconds: float
    requests: int
    errors: int
    requests_per_s: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    #: path -> (requests, p50 ms, p99 ms), to find the slow endpoint.
    by_path: dict[str, tuple[int, float, float]]
    #: the server's own time per request (its Server-Timing header), without queueing
    #: in the client or the network
    server_p50_ms: float = 0.0
    server_p99_ms: float = 0.0
    processes: int = 1


@dataclass(slots=True)
class _Samples:
    """What one process of clients measured."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    server_ms: list[float] = field(default_factory=list)
    errors: int = 0


def check_loopback(url: str) -> None:
    """Raise ValueError unless every address the host resolves to is loopback."""
    host = urlsplit(url).hostname
    if not host:
        raise ValueError(f"no host in {url!r}")
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror as exc:
        raise ValueError(f"cannot resolve {host}: {exc}") from exc
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise ValueError(f"{host} is not a loopback address; the load test only targets this machine")


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    if not sorted_values:
        return 0.0
    index = min(len(sorted_values) - 1, max(0, round(fraction * (len(sorted_values) - 1))))
    return sorted_values[index]


async def request_mix(client: httpx.AsyncClient) -> list[str]:
    """Paths to cycle through, with real ids taken from the server."""
    events = (await client.get("/api/events", params={"limit": 20})).json().get("events", [])
    actors = (await client.get("/api/actors", params={"limit": 5})).json().get("actors", [])
    paths = ["/api/events?limit=100", "/api/events?limit=100&page=2", "/api/events?status=reported",
             "/api/events?bbox=35,30,45,40&limit=200", "/api/events?format=geojson&limit=100",
             "/api/alerts", "/api/stats", "/api/actors", "/api/timeline"]
    # Heavy exports in the mix: they must not starve the light requests.
    paths += ["/api/events?format=csv&limit=1000", "/api/alerts?format=csv"]
    paths += [f"/api/events/{quote(e['id'], safe='')}" for e in events[:5]]
    paths += [f"/api/actors/{quote(a['name'], safe='')}/track" for a in actors[:3]]
    return paths


async def _client_loop(client: httpx.AsyncClient, paths: list[str], offset: int, deadline: float,
                       budget: list[int], samples: _Samples, uncached: bool = False) -> None:
    i = offset
    while time.perf_counter() < deadline and budget[0] > 0:
        budget[0] -= 1
        path = paths[i % len(paths)]
        i += 1
        # A parameter the server ignores makes every URL new to its read cache.
        sent = f"{path}{'&' if '?' in path else '?'}nocache={offset}-{i}" if uncached else path
        started = time.perf_counter()
        try:
            response = await client.get(sent)
            failed = response.status_code >= 400
            timing = _SERVER_TIMING.search(response.headers.get("server-timing", ""))
            if timing:
                samples.server_ms.append(float(timing.group(1)))
        except httpx.HTTPError:
            failed = True
        samples.latencies.setdefault(path, []).append((time.perf_counter() - started) * 1000)
        samples.errors += failed


async def _measure(url: str, clients: range, seconds: float, max_requests: int,
                   uncached: bool) -> _Samples:
    """Clients numbered `clients` (their place in the mix), in this process's event loop."""
    size = len(clients)
    limits = httpx.Limits(max_connections=size, max_keepalive_connections=size)
    samples = _Samples()
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30.0) as client:
        paths = await request_mix(client)
        budget = [max_requests]
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(_client_loop(client, paths, n * 3, deadline, budget, samples,
                                            uncached) for n in clients))
    return samples


def _measure_in_process(url: str, clients: range, seconds: float, max_requests: int,
                        uncached: bool) -> _Samples:
    return asyncio.run(_measure(url, clients, seconds, max_requests, uncached))


async def run_load(url: str, clients: int = 20, seconds: float = 30.0,
                   max_requests: int = 1_000_000, uncached: bool = False,
                   processes: int = 1) -> LoadResult:
    check_loopback(url)
    if not (1 <= clients <= MAX_CLIENTS) or not (0 < seconds <= MAX_SECONDS):
        raise ValueError(f"clients must be 1..{MAX_CLIENTS} and seconds 0..{MAX_SECONDS}")
    if not 1 <= processes <= min(MAX_PROCESSES, clients):
        raise ValueError(f"processes must be 1..{min(MAX_PROCESSES, clients)}")
    started = time.perf_counter()
    if processes == 1:
        parts = [await _measure(url, range(clients), seconds, max_requests, uncached)]
    else:
        shares = [range(clients)[k::processes] for k in range(processes)]
        loop = asyncio.get_running_loop()
        with ProcessPoolExecutor(processes) as pool:
            parts = list(await asyncio.gather(*(
                loop.run_in_executor(pool, _measure_in_process, url, share, seconds,
                                     max(1, max_requests // processes), uncached)
                for share in shares)))
    elapsed = time.perf_counter() - started
    latencies: dict[str, list[float]] = {}
    for part in parts:
        for path, values in part.latencies.items():
            latencies.setdefault(path, []).extend(values)
    server = sorted(ms for part in parts for ms in part.server_ms)
    ordered = sorted(ms for values in latencies.values() for ms in values)
    by_path = {path: (len(values), round(percentile(sorted(values), 0.5), 1),
                      round(percentile(sorted(values), 0.99), 1))
               for path, values in sorted(latencies.items())}
    return LoadResult(clients=clients, seconds=round(elapsed, 2), requests=len(ordered),
                      errors=sum(part.errors for part in parts), requests_per_s=round(len(ordered) / elapsed, 1),
                      p50_ms=round(percentile(ordered, 0.50), 1),
                      p90_ms=round(percentile(ordered, 0.90), 1),
                      p99_ms=round(percentile(ordered, 0.99), 1),
                      max_ms=round(ordered[-1] if ordered else 0.0, 1), by_path=by_path,
                      server_p50_ms=round(percentile(server, 0.50), 1),
                      server_p99_ms=round(percentile(server, 0.99), 1), processes=processes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.api.loadtest", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--uncached", action="store_true",
                        help="make every URL distinct, so the server's read cache never answers")
    parser.add_argument("--processes", type=int, default=1,
                        help="spread the clients over this many client processes")
    args = parser.parse_args(argv)
    try:
        result = asyncio.run(run_load(args.url, args.clients, args.seconds, args.max_requests,
                                      args.uncached, args.processes))
    except (ValueError, httpx.HTTPError) as exc:
        print(f"tocsin loadtest: {exc}")
        return 2
    print(f"{result.requests} requests in {result.seconds} s from {result.clients} clients "
          f"({result.requests_per_s}/s), {result.errors} errors; latency p50 {result.p50_ms} ms, "
          f"p90 {result.p90_ms} ms, p99 {result.p99_ms} ms, max {result.max_ms} ms; "
          f"server time p50 {result.server_p50_ms} ms, p99 {result.server_p99_ms} ms "
          f"({result.processes} client process{'es' if result.processes > 1 else ''})")
    for path, (count, p50, p99) in result.by_path.items():
        print(f"  {p50:9.1f} {p99:9.1f} ms  {count:5d}  {path}")
    print(json.dumps(asdict(result)))
    return 1 if result.errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
