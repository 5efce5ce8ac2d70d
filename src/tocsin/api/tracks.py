"""An actor's track as GeoJSON, for GET /api/actors/{name}/track.

Uses `tocsin.analysis.tracks.track` when that module is present; until then,
a weekly-centroid line computed in SQL: the mean position of the actor's
located events in each ISO week, joined in time order.
"""
from __future__ import annotations

import importlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from tocsin.store import EventFilter, Store


def track_geojson(store: Store, actor: str, since: date | None = None,
                  until: date | None = None) -> dict[str, Any]:
    flt = EventFilter(actor=actor, since=since, until=until)
    try:
        tracks = importlib.import_module("tocsin.analysis.tracks")
    except ModuleNotFoundError:
        return weekly_centroid_track(store, flt)
    return tracks.track(store.events(flt), actor, since=since, until=until).to_geojson()


def weekly_centroid_track(store: Store, flt: EventFilter) -> dict[str, Any]:
    """One Point per active week plus a LineString through them, oldest first."""
    where, params = flt.where()
    located = "date IS NOT NULL AND lat IS NOT NULL AND lon IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    rows = store.query(
        "SELECT CAST(date_trunc('week', date) AS DATE) AS week, avg(lon), avg(lat), count(*) "
        f"FROM events{where} GROUP BY week ORDER BY week", params)
    actor = flt.actor or ""
    features: list[dict[str, Any]] = []
    line = [[round(lon, 5), round(lat, 5)] for _, lon, lat, _ in rows]
    for (week, _, _, n), centre in zip(rows, line):
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": centre},
                         "properties": {"actor": actor, "week": week.isoformat(), "events": n}})
    if len(line) >= 2:
        features.insert(0, {"type": "Feature", "geometry": {"type": "LineString", "coordinates": line},
                            "properties": {"actor": actor, "method": "weekly_centroid",
                                           "weeks": len(line)}})
    return {"type": "FeatureCollection", "features": features,
            "properties": {"actor": actor, "method": "weekly_centroid"}}


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
