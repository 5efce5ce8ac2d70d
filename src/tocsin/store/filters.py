"""Filters over a store's events and alerts: one definition for the CLI, the API and Python.

    EventFilter.from_options(event_type="Armed clash", country="IRQ", since="2014-06-01")

A filter checks its own values when it is made (dates, status, bounding box,
numbers) and its names against the store when it is used (`store/resolve.py`):
an unknown type, actor, country or region is a `FilterError` with the nearest
matches, never a silent empty answer.

The option names are the contract's field names (`event_type`, `min_sources`);
`EVENT_OPTIONS` and `ALERT_OPTIONS` list them with their aliases (`type` for
`event_type`), and the CLI (`--event-type`, `--type`), the API query
parameters and `tocsin.open(...).events(...)` are all built from these lists.
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from tocsin.models import ALERT_KINDS, STATUSES
from tocsin.store import names

#: Statuses a filter may name: the stored ones plus coreference's "contested".
FILTER_STATUSES = (*STATUSES, "contested")
BBox = tuple[float, float, float, float]


class FilterError(ValueError):
    """A filter value that cannot be right; `option` names the filter option."""

    def __init__(self, option: str, message: str, suggestions: Sequence[str] = ()) -> None:
        self.option = option
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            message += "; did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class FilterOption:
    """One filter option as every front end names it."""

    name: str                       # field, API parameter and Python keyword
    kind: str                       # date, text, int, float, bbox
    help: str
    aliases: tuple[str, ...] = ()

    @property
    def flags(self) -> tuple[str, ...]:
        """Command-line spellings: --event-type, then the aliases (--type)."""
        return tuple("--" + n.replace("_", "-") for n in (self.name, *self.aliases))


EVENT_OPTIONS = (
    FilterOption("since", "date", "First event date, YYYY-MM-DD."),
    FilterOption("until", "date", "Last event date, YYYY-MM-DD."),
    FilterOption("actor", "text", "Actor by name or alias (ISIS, ISIL, Daesh), either side."),
    FilterOption("country", "text", "Country of the event place: name, alias or ISO code "
                                    "(Iraq, Irak, IRQ, IQ)."),
    FilterOption("admin1", "text", "First-level region of the event place, e.g. Nineveh."),
    FilterOption("admin2", "text", "Second-level region (district) of the event place."),
    FilterOption("event_type", "text", "ACLED event type or sub-event type, e.g. Battles or "
                                       "'Armed clash'.", ("type",)),
    FilterOption("status", "text", "Epistemic status: " + ", ".join(FILTER_STATUSES) + "."),
    FilterOption("min_sources", "int", "Least independent sources.", ("min_independent",)),
    FilterOption("bbox", "bbox", "Event place inside west,south,east,north (degrees)."),
    FilterOption("limit", "int", "At most this many events."),
)
ALERT_OPTIONS = (
    FilterOption("since", "date", "First day an alert fired, YYYY-MM-DD."),
    FilterOption("until", "date", "Last day an alert fired, YYYY-MM-DD."),
    FilterOption("kind", "text", "Alert kind: " + ", ".join(ALERT_KINDS) + "."),
    FilterOption("actor", "text", "Actor by name or alias."),
    FilterOption("region", "text", "Region or place the alert is about, e.g. Nineveh."),
    FilterOption("min_severity", "float", "Least severity, 0 to 1."),
    FilterOption("limit", "int", "At most this many alerts."),
)


def _canonical_options(options: Sequence[FilterOption], values: Mapping[str, Any],
                       extra: Iterable[str]) -> dict[str, Any]:
    """Map aliases to names and drop unset values; an unknown name is an error."""
    by_name = {alias: o.name for o in options for alias in (o.name, *o.aliases)}
    by_name.update({name: name for name in extra})
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in by_name:
            raise FilterError(key, f"unknown filter option {key!r}", names.suggest(key, by_name))
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        name = by_name[key]
        if name in out and out[name] != value:
            raise FilterError(name, f"{name} is given twice ({key!r} is another name for it)")
        out[name] = value.strip() if isinstance(value, str) else value
    return out


def parse_date(value: date | str | None, option: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    if isinstance(value, datetime):
        return value.date()
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise FilterError(option, f"{value!r} is not a date like 2014-06-10") from None


def parse_bbox(value: BBox | Sequence[float] | str | None) -> BBox | None:
    """'west,south,east,north' (or a 4-sequence) in degrees, checked."""
    if value is None:
        return None
    parts = value.split(",") if isinstance(value, str) else list(value)
    message = "bbox must be four numbers: west,south,east,north"
    if len(parts) != 4:
        raise FilterError("bbox", message)
    try:
        west, south, east, north = (float(p) for p in parts)
    except (TypeError, ValueError):
        raise FilterError("bbox", message) from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise FilterError("bbox", "bbox values must be finite")
    if not (-180 <= west <= 180 and -180 <= east <= 180 and -90 <= south <= 90 and -90 <= north <= 90):
        raise FilterError("bbox", "bbox is outside -180..180 longitude or -90..90 latitude")
    if west > east or south > north:
        raise FilterError("bbox", "bbox needs west <= east and south <= north "
                                  "(boxes across the antimeridian are not supported)")
    return west, south, east, north


#: Largest number a filter takes (hardening): bigger ones fail in SQL as a 500.
MAX_NUMBER = 2**31 - 1


def _number(value: Any, option: str, cast: type, least: float) -> Any:
    if value is None:
        return None
    try:
        number = cast(value)
    except (TypeError, ValueError, OverflowError):
        raise FilterError(option, f"{option} must be a number, not {value!r}") from None
    if isinstance(value, float) and cast is int and value != number:
        raise FilterError(option, f"{option} must be a whole number, not {value!r}")
    if not number >= least:
        raise FilterError(option, f"{option} must be at least {least:g}, not {value!r}")
    if not number <= MAX_NUMBER:  # (hardening) DuckDB's INTEGER columns; also refuses inf
        raise FilterError(option, f"{option} must be at most {MAX_NUMBER:,}, not {value!r}")
    return number


def _check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise FilterError("since", f"since {since} is after until {until}, so nothing can match; "
                                   "swap the dates")


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)       # normalising a frozen dataclass in __post_init__


@dataclass(frozen=True, slots=True)
class EventFilter:
    """Which events (or mentions) to read.  Values are checked on construction."""

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_type: str | None = None
    status: str | None = None
    min_sources: int | None = None
    bbox: BBox | None = None          # west, south, east, north
    article_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def __post_init__(self) -> None:
        _set(self, "since", parse_date(self.since, "since"))
        _set(self, "until", parse_date(self.until, "until"))
        _check_range(self.since, self.until)
        for name in ("actor", "country", "admin1", "admin2", "event_type", "status", "article_id"):
            value = getattr(self, name)
            if isinstance(value, str):
                _set(self, name, value.strip() or None)
        if self.status is not None and self.status not in FILTER_STATUSES:
            wanted = self.status.strip().lower()
            if wanted not in FILTER_STATUSES:
                raise FilterError("status", f"unknown status {self.status!r} (statuses: "
                                  f"{', '.join(FILTER_STATUSES)})",
                                  names.suggest(self.status, FILTER_STATUSES))
            _set(self, "status", wanted)
        _set(self, "bbox", parse_bbox(self.bbox))
        _set(self, "min_sources", _number(self.min_sources, "min_sources", int, 1))
        _set(self, "limit", _number(self.limit, "limit", int, 1))
        _set(self, "offset", _number(self.offset, "offset", int, 0))

    @classmethod
    def from_options(cls, **values: Any) -> "EventFilter":
        """From front-end values: aliases (`type`), strings for dates, numbers and
        the bbox, blanks for unset.  `article_id` and `offset` pass through."""
        return cls(**_canonical_options(EVENT_OPTIONS, values, ("article_id", "offset")))

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in (None, 0) for f in fields(self))


@dataclass(frozen=True, slots=True)
class AlertFilter:
    """Which alerts to read.  Dismissed alerts are left out unless asked for."""

    since: date | None = None
    until: date | None = None
    kind: str | None = None
    actor: str | None = None
    region: str | None = None
    min_severity: float | None = None
    limit: int | None = None
    include_dismissed: bool = False

    def __post_init__(self) -> None:
        _set(self, "since", parse_date(self.since, "since"))
        _set(self, "until", parse_date(self.until, "until"))
        _check_range(self.since, self.until)
        for name in ("kind", "actor", "region"):
            value = getattr(self, name)
            if isinstance(value, str):
                _set(self, name, value.strip() or None)
        if self.kind is not None:
            kind = self.kind.lower().replace("-", "_").replace(" ", "_")
            if kind not in ALERT_KINDS:
                raise FilterError("kind", f"unknown alert kind {self.kind!r} (kinds: "
                                  f"{', '.join(ALERT_KINDS)})", names.suggest(self.kind, ALERT_KINDS))
            _set(self, "kind", kind)
        severity = _number(self.min_severity, "min_severity", float, 0)
        if severity is not None and severity > 1:
            raise FilterError("min_severity", f"min_severity is between 0 and 1, not {severity:g}")
        _set(self, "min_severity", severity)
        _set(self, "limit", _number(self.limit, "limit", int, 1))

    @classmethod
    def from_options(cls, **values: Any) -> "AlertFilter":
        return cls(**_canonical_options(ALERT_OPTIONS, values, ("include_dismissed",)))
