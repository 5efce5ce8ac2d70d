"""Read responses cached per store generation, and a cap on heavy exports.

The store behind a server only changes through that server: a read-only
server's file cannot be written by another process while it is open
(DuckDB's lock), and a writable one bumps `Database.generation` after every
write.  So a GET /api/... response is a pure function of (generation,
path, query, Accept) and is kept until the next write: a dashboard that asks
for the same alerts and exports again and again costs one computation.

Exports (CSV, GeoJSON) that are not in the cache are built at most
`max_exports` at a time; the others wait, without holding a worker thread,
for up to `wait_s` and then get a 503 with Retry-After.  Light requests
never wait behind them.

Requests for a response that is being built wait for that one build instead
of starting their own (single flight): when 20 dashboards open at once, or
right after a write, each view is computed once, not once per client, and
the worker threads are not shared out among copies of the same query (which
under the GIL made every one of them slow).  At most `max_builds` responses
are built at once (exports count within their own cap): the others queue
for a slot, so a cold server finishes its first views one after another
instead of all of them late, and cached replays keep the GIL meanwhile.  Every response carries a
`Server-Timing` header (`app` for a computed one, `cache` for a replay):
the milliseconds spent in the server, so a load test can tell the server's
time from its own queueing.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Never cached: they report live state, not the store.
UNCACHED_PATHS = frozenset({"/api/health", "/api/watch"})
EXPORT_FORMATS = frozenset({"csv", "geojson"})
EXPORT_MEDIA = ("text/csv", "application/geo+json")


@dataclass(frozen=True, slots=True)
class _Entry:
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


class _Lru:
    """Responses by key within a byte budget, least recently used out first."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], _Entry] = OrderedDict()
        self._size = 0

    def get(self, key: tuple[Any, ...]) -> _Entry | None:
        entry = self._items.get(key)
        if entry is not None:
            self._items.move_to_end(key)
        return entry

    def put(self, key: tuple[Any, ...], entry: _Entry) -> None:
        if key in self._items:
            self._size -= len(self._items.pop(key).body)
        self._items[key] = entry
        self._size += len(entry.body)
        while self._size > self.max_bytes and self._items:
            _, dropped = self._items.popitem(last=False)
            self._size -= len(dropped.body)


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return str(value.decode("latin-1"))
    return ""


def is_export(scope: Scope) -> bool:
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    if any(v.lower() in EXPORT_FORMATS for v in query.get("format", ())):
        return True
    accept = _header(scope, b"accept").lower()
    return any(media in accept for media in EXPORT_MEDIA)


class ReadCache:
    """ASGI middleware; `generation()` says which version of the store is served."""

    def __init__(self, app: ASGIApp, generation: Callable[[], int], *, max_exports: int = 2,
                 max_builds: int = 2, max_bytes: int = 64_000_000,
                 max_entry_bytes: int = 4_000_000, wait_s: float = 30.0) -> None:
        self.app = app
        self.generation = generation
        self.max_entry_bytes = max_entry_bytes
        self.wait_s = wait_s
        self._cache = _Lru(max_bytes)
        self.max_exports = max_exports
        self._exports: tuple[asyncio.AbstractEventLoop, asyncio.Semaphore] | None = None
        self.max_builds = max_builds
        self._build_slots: asyncio.Semaphore | None = None
        #: key -> the build in progress (set when it is done), for single flight
        self._building: dict[tuple[Any, ...], asyncio.Event] = {}
        self._building_loop: asyncio.AbstractEventLoop | None = None

    def _semaphore(self) -> asyncio.Semaphore:
        # One per event loop: a test client may run the app on several loops in turn.
        loop = asyncio.get_running_loop()
        if self._exports is None or self._exports[0] is not loop:
            self._exports = (loop, asyncio.Semaphore(self.max_exports))
        return self._exports[1]

    def _builds(self) -> dict[tuple[Any, ...], asyncio.Event]:
        loop = asyncio.get_running_loop()
        if self._building_loop is not loop:
            self._building_loop, self._building = loop, {}
            self._build_slots = asyncio.Semaphore(self.max_builds)
        return self._building

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or scope.get("method") != "GET" \
                or not path.startswith("/api/") or path in UNCACHED_PATHS:
            await self.app(scope, receive, send)
            return
        key = (self.generation(), path, scope.get("query_string", b""),
               _header(scope, b"accept"))
        started = time.perf_counter()
        entry = self._cache.get(key)
        if entry is None:
            entry = await self._built_by_another(key)
        if entry is not None:
            await _replay(entry, send, started)
            return
        if not is_export(scope):
            await self._build_in_turn(key, scope, receive, send, started)
            return
        exports = self._semaphore()
        try:
            await asyncio.wait_for(exports.acquire(), timeout=self.wait_s)
        except asyncio.TimeoutError:
            await _busy(send)
            return
        try:
            entry = self._cache.get(key)         # built while this one waited?
            if entry is None:
                entry = await self._built_by_another(key)
            if entry is not None:
                await _replay(entry, send, started)
            else:
                await self._single_build(key, scope, receive, send, started)
        finally:
            exports.release()

    async def _build_in_turn(self, key: tuple[Any, ...], scope: Scope, receive: Receive,
                             send: Send, started: float) -> None:
        """Build a light response when a slot is free, unless another request built it
        (or began to) meanwhile: then wait for that one, holding no slot."""
        builds = self._builds()
        assert self._build_slots is not None
        while True:
            async with self._build_slots:
                if key not in builds and self._cache.get(key) is None:
                    await self._single_build(key, scope, receive, send, started)
                    return
            entry = self._cache.get(key) or await self._built_by_another(key)
            if entry is not None:
                await _replay(entry, send, started)
                return

    async def _built_by_another(self, key: tuple[Any, ...]) -> _Entry | None:
        """Wait for the build of `key` already in progress, if any, and take its result
        (None when there was none, or it was not kept: an error, or too large)."""
        building = self._builds().get(key)
        if building is None:
            return None
        await building.wait()
        return self._cache.get(key)

    async def _single_build(self, key: tuple[Any, ...], scope: Scope, receive: Receive,
                            send: Send, started: float) -> None:
        builds = self._builds()
        # Another build of the key may have started while this request waited for one
        # that was not kept; both then run, and the first to finish clears the entry.
        done = builds.setdefault(key, asyncio.Event())
        try:
            await self._compute(key, scope, receive, send, started)
        finally:
            if builds.get(key) is done:
                del builds[key]
            done.set()

    async def _compute(self, key: tuple[Any, ...], scope: Scope, receive: Receive,
                       send: Send, started: float) -> None:
        start: Message | None = None
        chunks: list[bytes] = []
        size = 0
        keep = True

        async def capture(message: Message) -> None:
            nonlocal start, size, keep
            if message["type"] == "http.response.start":
                start = message
                keep = message.get("status") == 200
                message = {**message, "headers": [*message.get("headers", []),
                                                  _timing("app", started)]}
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > self.max_entry_bytes:
                    keep = False
                    chunks.clear()
                else:
                    chunks.append(body)
            await send(message)

        await self.app(scope, receive, capture)
        if keep and start is not None:
            self._cache.put(key, _Entry(int(start["status"]), list(start.get("headers", [])),
                                        b"".join(chunks)))


def _timing(name: str, started: float) -> tuple[bytes, bytes]:
    """A `Server-Timing` header: milliseconds this server spent since the request came in."""
    return (b"server-timing", f"{name};dur={(time.perf_counter() - started) * 1000:.1f}".encode())


async def _replay(entry: _Entry, send: Send, started: float) -> None:
    await send({"type": "http.response.start", "status": entry.status,
                "headers": [*entry.headers, _timing("cache", started)]})
    await send({"type": "http.response.body", "body": entry.body, "more_body": False})


async def _busy(send: Send) -> None:
    body = json.dumps({"ok": False, "status": 503, "error": "too many exports at once; try again "
                       "in a few seconds", "errors": []}).encode()
    await send({"type": "http.response.start", "status": 503, "headers": [
        (b"content-type", b"application/json"), (b"retry-after", b"5"),
        (b"x-content-type-options", b"nosniff"), (b"cache-control", b"no-store"),
        (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body, "more_body": False})
