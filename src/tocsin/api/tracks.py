"""An actor's track as GeoJSON, for GET /api/actors/{name}/track: the
analysis layer's weekly centres and shifts (`tocsin.analysis.tracks`), cached."""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from tocsin.analysis.tracks import track
from tocsin.store import EventFilter, Store


def track_geojson(store: Store, actor: str, since: date | None = None,
                  until: date | None = None) -> dict[str, Any]:
    flt = EventFilter(actor=actor, since=since, until=until)
    return track(store.events(flt), actor, since=since, until=until).to_geojson()


class ResultCache:
    """A small thread-safe LRU cache: tracks are costly and many clients ask for the same ones.

    Single-flight: while one request computes a key, the others asking for it
    wait for that result instead of computing it again.
    """

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()
        self._pending: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, compute: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
            flight = self._pending.setdefault(key, threading.Lock())
        with flight:               # one computation per key; other keys go on in parallel
            with self._lock:
                if key in self._items:
                    return self._items[key]
            value = compute()
            with self._lock:
                self._items[key] = value
                self._pending.pop(key, None)
                while len(self._items) > self.size:
                    self._items.popitem(last=False)
        return value
