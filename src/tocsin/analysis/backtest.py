"""Backtest: would the alerts have warned of known events, and how early?

A target is something that happened (a city fell, an offensive began).  An
alert anticipates it when it fired on or before the target date, at most
`window_days` (90) before it, and some evidence event (its place, or the
destination of a reported move) lies within the target's radius.  Per target
the earliest such alert counts; alerts anticipating no target are false alarms.
"""
from __future__ import annotations

import csv
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import numpy as np

from tocsin.analysis import _geo
from tocsin.models import Alert, Event

TARGET_COLUMNS = ("name", "date", "lat", "lon", "radius_km")


class TargetError(ValueError):
    """A malformed targets file; the message names the line."""


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    date: date
    lat: float
    lon: float
    radius_km: float


@dataclass(frozen=True, slots=True)
class TargetResult:
    name: str
    date: date
    first_alert_id: str | None
    fired_at: datetime | None
    lead_days: int | None


@dataclass(frozen=True, slots=True)
class BacktestResult:
    targets: tuple[TargetResult, ...]
    alerts: int
    false_alarms: int

    def to_json(self) -> dict[str, Any]:
        return {
            "targets": [{"name": t.name, "date": t.date.isoformat(),
                         "first_alert_id": t.first_alert_id,
                         "fired_at": t.fired_at.isoformat() if t.fired_at else None,
                         "lead_days": t.lead_days} for t in self.targets],
            "alerts": self.alerts, "false_alarms": self.false_alarms,
        }

    def format_table(self) -> str:
        rows = [("target", "date", "first alert", "fired", "lead days")]
        rows += [(t.name, t.date.isoformat(), t.first_alert_id or "-",
                  t.fired_at.date().isoformat() if t.fired_at else "-",
                  "missed" if t.lead_days is None else str(t.lead_days)) for t in self.targets]
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
        hits = sum(t.lead_days is not None for t in self.targets)
        lines.append(f"{hits}/{len(self.targets)} targets anticipated; {self.alerts} alerts, "
                     f"{self.false_alarms} false alarms")
        return "\n".join(lines)


def read_targets(path: Path | str) -> list[Target]:
    """Targets from a CSV with a header name,date,lat,lon,radius_km."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.reader(handle))
    except (OSError, UnicodeDecodeError) as error:
        raise TargetError(f"{path}: cannot read targets: {error}") from error
    if not rows:
        raise TargetError(f"{path}: empty file, expected a header {','.join(TARGET_COLUMNS)}")
    header = [cell.strip().casefold() for cell in rows[0]]
    missing = [c for c in TARGET_COLUMNS if c not in header]
    if missing:
        raise TargetError(f"{path} line 1: header lacks {', '.join(missing)}")
    where = {c: header.index(c) for c in TARGET_COLUMNS}
    return [_target(row, where, f"{path} line {n}")
            for n, row in enumerate(rows[1:], start=2) if any(cell.strip() for cell in row)]


def _target(row: list[str], where: dict[str, int], at: str) -> Target:
    if len(row) < len(where) or len(row) <= max(where.values()):
        raise TargetError(f"{at}: expected {len(where)} fields, got {len(row)}")
    cell = {c: row[i].strip() for c, i in where.items()}
    if not cell["name"]:
        raise TargetError(f"{at}: empty name")
    try:
        day = date.fromisoformat(cell["date"])
    except ValueError:
        raise TargetError(f"{at}: bad date {cell['date']!r} (expected YYYY-MM-DD)") from None
    lat, lon, radius = (_number(cell[c], c, at) for c in ("lat", "lon", "radius_km"))
    if not -90 <= lat <= 90 or not -180 <= lon <= 180:
        raise TargetError(f"{at}: lat/lon out of range ({lat}, {lon})")
    if radius <= 0:
        raise TargetError(f"{at}: radius_km must be positive, got {radius}")
    return Target(cell["name"], day, lat, lon, radius)


def _number(text: str, column: str, at: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise TargetError(f"{at}: {column} is not a number: {text!r}") from None
    if not math.isfinite(value):
        raise TargetError(f"{at}: {column} is not a finite number: {text!r}")
    return value


def run(alerts: Sequence[Alert], events_by_id: Mapping[str, Event],
        targets: Sequence[Target], *, window_days: int = 90) -> BacktestResult:
    """Score alerts against targets (see the module docstring)."""
    ordered = sorted((a for a in alerts), key=lambda a: (
        a.fired_at.isoformat() if a.fired_at else "~", a.id))
    points = [_points(a, events_by_id) for a in ordered]
    useful: set[str] = set()
    results = []
    for target in targets:
        first = None
        for alert, (lat, lon) in zip(ordered, points):
            if _anticipates(alert, lat, lon, target, window_days):
                useful.add(alert.id)
                first = first or alert
        results.append(_result(target, first))
    false_alarms = sum(1 for a in ordered if a.id not in useful)
    return BacktestResult(tuple(results), len(ordered), false_alarms)


def _points(alert: Alert, events_by_id: Mapping[str, Event]) -> tuple[np.ndarray, np.ndarray]:
    """Where the alert's evidence is: event places and reported destinations."""
    places = []
    for event_id in alert.evidence:
        event = events_by_id.get(event_id)
        if event is None:
            continue
        if event.location is not None:
            places.append((event.location.lat, event.location.lon))
        if event.movement is not None and event.movement.destination is not None:
            places.append((event.movement.destination.lat, event.movement.destination.lon))
    array = np.array(places, dtype=float).reshape(-1, 2)
    return array[:, 0], array[:, 1]


def _anticipates(alert: Alert, lat: np.ndarray, lon: np.ndarray, target: Target,
                 window_days: int) -> bool:
    if alert.fired_at is None or not len(lat):
        return False
    lead = (target.date - alert.fired_at.date()).days
    if not 0 <= lead <= window_days:
        return False
    return bool((_geo.haversine_km(lat, lon, target.lat, target.lon) <= target.radius_km).any())


def _result(target: Target, alert: Alert | None) -> TargetResult:
    if alert is None or alert.fired_at is None:
        return TargetResult(target.name, target.date, None, None, None)
    return TargetResult(target.name, target.date, alert.id, alert.fired_at,
                        (target.date - alert.fired_at.date()).days)
