"""A filter's names checked against a store, and the filter as SQL.

`Vocabulary(store.query)` knows the names a store holds (actors and their
aliases, countries, regions, types, alert regions); `event_where(flt)` turns an
`EventFilter` into a WHERE clause with bound parameters, raising `FilterError`
with the nearest matches for a name that cannot be right.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from tocsin.store import names
from tocsin.store.filters import AlertFilter, EventFilter, FilterError

Query = Callable[[str, Sequence[Any]], list[tuple[Any, ...]]]


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
