"""Filters over a store's events and alerts: one definition for the CLI, the API and Python.

    EventFilter.from_options(event_type="Armed clash", country="IRQ", since="2014-06-01")

A filter checks its own values when it is made (dates, status, bounding box,
numbers) and checks names against the store's vocabulary when it is used
(`Vocabulary.event_where`): an unknown type, actor, country or region is a
`FilterError` with the nearest matches, never a silent empty answer.

The option names are the contract's field names (`event_type`, `min_sources`);
`EVENT_OPTIONS` and `ALERT_OPTIONS` list them with their aliases (`type` for
`event_type`), and the CLI (`--event-type`, `--type`), the API query
parameters and `tocsin.open(...).events(...)` are all built from these lists.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Any

from tocsin.models import ALERT_KINDS, STATUSES
from tocsin.store import names

#: Statuses a filter may name: the stored ones plus coreference's "contested".
FILTER_STATUSES = (*STATUSES, "contested")
BBox = tuple[float, float, float, float]
Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


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


class Vocabulary:
    """The names a store holds, to check a filter's values and turn them into SQL.

    Built lazily from `query` (the store's read function); each list is read
    once per Vocabulary, and the store makes a new one after every write.
    """

    def __init__(self, query: Query) -> None:
        self._query = query
        self._cache: dict[str, list[str]] = {}

    def _distinct(self, key: str, sql: str) -> list[str]:
        if key not in self._cache:
            try:
                self._cache[key] = [row[0] for row in self._query(sql, ()) if row[0]]
            except Exception as exc:                 # a store from before the table existed
                if "does not exist" not in str(exc):
                    raise
                self._cache[key] = []
        return self._cache[key]

    # -- the store's names -------------------------------------------------------------
    def stored_actors(self) -> list[str]:
        return self._distinct("actors", "SELECT DISTINCT name FROM ("
                              "SELECT actor1_name AS name FROM events UNION "
                              "SELECT actor2_name FROM events UNION SELECT actor FROM alerts)")

    def alias_rows(self) -> list[tuple[str, str, str]]:
        if "aliases" not in self._cache:
            try:
                rows = self._query("SELECT alias_key, name, source FROM actor_names", ())
            except Exception as exc:
                if "does not exist" not in str(exc):
                    raise
                rows = []
            self._cache["aliases"] = rows            # type: ignore[assignment]
        return self._cache["aliases"]                # type: ignore[return-value]

    def stored_column(self, column: str) -> list[str]:
        return self._distinct(column, f"SELECT DISTINCT {column} FROM events")

    def alert_regions(self) -> list[str]:
        return self._distinct("regions", "SELECT DISTINCT region FROM alerts")

    # -- resolving values --------------------------------------------------------------
    def actor_names(self, value: str) -> list[str]:
        """Stored or dictionary names the value names: the canonical name, an
        alias in the actor dictionary, or a spelling used in the reports."""
        key = names.name_key(value)
        aliases = self.alias_rows()
        canonical = set(self.stored_actors()) | {name for _, name, _ in aliases}
        found = {n for n in canonical if names.name_key(n) == key}
        found |= {name for alias, name, source in aliases if alias == key and source == "dictionary"}
        if not found:
            found = {name for alias, name, source in aliases if alias == key}
        if not found:
            raise FilterError("actor", f"unknown actor {value!r}: no actor in this store or the "
                                       "actor dictionary has that name", names.suggest(value, canonical))
        return sorted(found)

    def country_names(self, value: str) -> list[str]:
        """The spellings of the value's country that the store's events use."""
        stored = self.stored_column("country")
        code = names.country_code(value)
        key = names.name_key(value)
        found = {n for n in stored if names.name_key(n) == key
                 or (code is not None and names.country_code(n) == code)}
        if code is None and not found:
            raise FilterError("country", f"unknown country {value!r}",
                              names.suggest_country(value) or names.suggest(value, stored))
        return sorted(found | ({names.country_name(code)} if code else set()))

    def region_names(self, column: str, value: str) -> list[str]:
        """Stored spellings of a region: "Idlib" finds "Idleb" (ACLED's spelling) too."""
        stored = self.stored_column(column)
        keys = names.region_keys(value)
        found = sorted(n for n in stored if names.name_key(n) in keys)
        if not found:
            raise FilterError(column, f"no event in this store has {column} {value!r}",
                              names.suggest(value, stored))
        return found

    def event_type(self, value: str) -> str:
        known = {*names.event_types(), *names.sub_event_types(), *self.stored_column("event_type"),
                 *self.stored_column("sub_event_type")}
        key = names.name_key(value)
        for name in sorted(known):
            if names.name_key(name) == key:
                return name
        raise FilterError("event_type", f"unknown event type {value!r}", names.suggest(value, known))

    def alert_region_names(self, value: str) -> list[str]:
        """Alert regions naming the value as a whole word run: "Raqqa" finds
        "Raqqa", "Raqqa, Syria" and "Raqqa and Deir ez-Zor"."""
        keys = [f" {key} " for key in names.region_keys(value)]
        regions = self.alert_regions()
        found = sorted(r for r in regions if any(key in f" {names.name_key(r)} " for key in keys))
        if not found:
            parts = {p.strip() for r in regions for p in r.replace(" and ", ",").split(",") if p.strip()}
            raise FilterError("region", f"no alert in this store is about a region {value!r}",
                              names.suggest(value, parts | set(self.stored_column("admin1"))))
        return found

    # -- SQL ---------------------------------------------------------------------------
    def event_where(self, flt: EventFilter) -> tuple[str, list[Any]]:
        """SQL WHERE clause with bound parameters; never string-formats user input."""
        clauses: list[str] = []
        params: list[Any] = []

        def add(sql: str, *values: Any) -> None:
            clauses.append(sql)
            params.extend(values)

        def lowered(values: Iterable[str]) -> list[str]:
            return sorted({v.lower() for v in values})

        if flt.since:
            add("date >= ?", flt.since)
        if flt.until:
            add("date <= ?", flt.until)
        if flt.actor:
            wanted = lowered(self.actor_names(flt.actor))
            add("(lower(actor1_name) IN (SELECT unnest(?::VARCHAR[])) "
                "OR lower(actor2_name) IN (SELECT unnest(?::VARCHAR[])))", wanted, wanted)
        if flt.country:
            add("lower(country) IN (SELECT unnest(?::VARCHAR[]))", lowered(self.country_names(flt.country)))
        for column in ("admin1", "admin2"):
            if getattr(flt, column):
                add(f"{column} IN (SELECT unnest(?::VARCHAR[]))",
                    self.region_names(column, getattr(flt, column)))
        if flt.event_type:
            name = self.event_type(flt.event_type)
            add("(event_type = ? OR sub_event_type = ?)", name, name)
        if flt.status:
            add("status = ?", flt.status)
        if flt.min_sources:
            add("sources_independent >= ?", flt.min_sources)
        if flt.article_id:
            add("article_id = ?", flt.article_id)
        if flt.bbox:
            west, south, east, north = flt.bbox
            add("lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?", west, east, south, north)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params

    def alert_where(self, flt: AlertFilter) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if flt.since:
            clauses.append("CAST(fired_at AS DATE) >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append("CAST(fired_at AS DATE) <= ?")
            params.append(flt.until)
        if flt.kind:
            clauses.append("kind = ?")
            params.append(flt.kind)
        if flt.actor:
            clauses.append("lower(actor) IN (SELECT unnest(?::VARCHAR[]))")
            params.append(sorted({n.lower() for n in self.actor_names(flt.actor)}))
        if flt.region:
            clauses.append("region IN (SELECT unnest(?::VARCHAR[]))")
            params.append(self.alert_region_names(flt.region))
        if flt.min_severity is not None:
            clauses.append("severity >= ?")
            params.append(flt.min_severity)
        if not flt.include_dismissed:
            clauses.append("id NOT IN (SELECT alert_id FROM dismissals)")
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", params
