"""An actor's track: weekly centres of activity, shifts between them, the
regions it was active in and the moves reported outright, as GeoJSON too."""
from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from tocsin.analysis import _geo
from tocsin.analysis._weekly import weekly_centres
from tocsin.analysis.frame import columns, to_frame, week_start
from tocsin.models import ALERTABLE_STATUSES, Event, Place


@dataclass(frozen=True, slots=True)
class Centre:
    week_start: date
    lat: float
    lon: float
    events: int


@dataclass(frozen=True, slots=True)
class Shift:
    start: date                 # week start of the earlier centre
    end: date                   # week start of the later centre
    distance_km: float
    bearing_deg: float


@dataclass(frozen=True, slots=True)
class RegionSpan:
    region: str                 # "admin1, country"
    first: date
    last: date
    events: int


@dataclass(frozen=True, slots=True)
class ReportedMove:
    event_id: str
    kind: str
    date: date | None
    origin: Place | None
    destination: Place | None


@dataclass(frozen=True, slots=True)
class Track:
    actor: str
    centres: tuple[Centre, ...]
    shifts: tuple[Shift, ...]
    regions: tuple[RegionSpan, ...]
    moves: tuple[ReportedMove, ...]

    def to_geojson(self) -> dict[str, Any]:
        """FeatureCollection: centre Points, shift LineStrings, move arrows."""
        features = [_centre_feature(self.actor, c) for c in self.centres]
        features += [_shift_feature(self.actor, s, a, b)
                     for s, a, b in zip(self.shifts, self.centres, self.centres[1:])]
        features += [f for m in self.moves for f in _move_features(self.actor, m)]
        return {"type": "FeatureCollection", "features": features}


def track(events: Sequence[Event], actor: str, since: date | None = None,
          until: date | None = None, *,
          statuses: Collection[str] = ALERTABLE_STATUSES) -> Track:
    """The track of `actor` (canonical actor1 name) from factual events."""
    mine = [e for e in events if e.actor1 is not None and e.actor1.name == actor
            and e.status in statuses and e.date is not None
            and (since is None or e.date >= since) and (until is None or e.date <= until)]
    located = [e for e in mine if e.location is not None
               and e.location.precision not in ("country", "region")
               and e.date_precision in ("day", "week")]
    centres = _centres(located)
    return Track(actor, centres, _shifts(centres), _regions(located), _moves(mine))


def _centres(events: list[Event]) -> tuple[Centre, ...]:
    if not events:
        return ()
    weekly = weekly_centres(columns(to_frame(events, {})))
    return tuple(Centre(week_start(int(w)), round(float(la), 5), round(float(lo), 5), int(n))
                 for w, la, lo, n in zip(weekly.week, weekly.lat, weekly.lon, weekly.count))


def _shifts(centres: tuple[Centre, ...]) -> tuple[Shift, ...]:
    if len(centres) < 2:
        return ()
    lat = np.array([c.lat for c in centres])
    lon = np.array([c.lon for c in centres])
    km = _geo.haversine_km(lat[:-1], lon[:-1], lat[1:], lon[1:])
    bearing = _geo.bearing_deg(lat[:-1], lon[:-1], lat[1:], lon[1:])
    return tuple(Shift(a.week_start, b.week_start, round(float(d), 1), round(float(r), 1))
                 for a, b, d, r in zip(centres, centres[1:], km, bearing))


def _regions(events: list[Event]) -> tuple[RegionSpan, ...]:
    spans: dict[str, tuple[date, date, int]] = {}
    for e in events:
        assert e.location is not None and e.date is not None
        if not e.location.admin1:
            continue
        key = ", ".join(p for p in (e.location.admin1, e.location.country) if p)
        first, last, n = spans.get(key, (e.date, e.date, 0))
        spans[key] = (min(first, e.date), max(last, e.date), n + 1)
    return tuple(sorted((RegionSpan(k, *v) for k, v in spans.items()),
                        key=lambda s: (s.first, s.region)))


def _moves(events: list[Event]) -> tuple[ReportedMove, ...]:
    moves = [ReportedMove(e.id, e.movement.kind, e.date, e.movement.origin,
                          e.movement.destination) for e in events if e.movement is not None]
    return tuple(sorted(moves, key=lambda m: (m.date or date.min, m.event_id)))


def _centre_feature(actor: str, c: Centre) -> dict[str, Any]:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [c.lon, c.lat]},
            "properties": {"kind": "centre", "actor": actor,
                           "week_start": c.week_start.isoformat(), "events": c.events}}


def _shift_feature(actor: str, s: Shift, a: Centre, b: Centre) -> dict[str, Any]:
    return {"type": "Feature",
            "geometry": {"type": "LineString", "coordinates": [[a.lon, a.lat], [b.lon, b.lat]]},
            "properties": {"kind": "shift", "actor": actor, "start": s.start.isoformat(),
                           "end": s.end.isoformat(), "distance_km": s.distance_km,
                           "bearing_deg": s.bearing_deg}}


def _move_features(actor: str, m: ReportedMove) -> list[dict[str, Any]]:
    props: dict[str, Any] = {
        "kind": "movement", "actor": actor, "movement": m.kind, "event_id": m.event_id,
        "date": m.date.isoformat() if m.date else None,
        "origin": m.origin.name if m.origin else None,
        "destination": m.destination.name if m.destination else None}
    if m.origin is not None and m.destination is not None:
        o, d = m.origin, m.destination
        props["distance_km"] = round(float(_geo.haversine_km(o.lat, o.lon, d.lat, d.lon)), 1)
        props["bearing_deg"] = round(float(_geo.bearing_deg(o.lat, o.lon, d.lat, d.lon)), 1)
        geometry: dict[str, Any] = {"type": "LineString",
                                    "coordinates": [[o.lon, o.lat], [d.lon, d.lat]]}
    else:
        end = m.destination or m.origin
        if end is None:
            return []
        geometry = {"type": "Point", "coordinates": [end.lon, end.lat]}
    return [{"type": "Feature", "geometry": geometry, "properties": props}]


def describe(t: Track) -> str:
    """A few lines for the command line."""
    lines = [f"{t.actor}: {len(t.centres)} weeks of located activity"]
    for s in t.shifts:
        if s.distance_km >= 50:
            lines.append(f"  {s.start} -> {s.end}: {s.distance_km:.0f} km "
                         f"{_geo.compass(s.bearing_deg)} ({s.bearing_deg:.0f}°)")
    lines += [f"  in {r.region}: {r.first} .. {r.last} ({r.events} events)" for r in t.regions]
    lines += [f"  {m.date}: {m.kind} {m.origin.name if m.origin else '?'} -> "
              f"{m.destination.name if m.destination else '?'}" for m in t.moves]
    return "\n".join(lines)
