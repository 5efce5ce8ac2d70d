"""Event counts per period and group: the time series `tocsin counts` prints.

    counts(store, ["week", "admin1", "event_type"], EventFilter(country="Iraq"))

Counts are of real-world events (coreference clusters), with the number of
articles that reported them and the fatalities they state.  With a period
(day, week, month, year) every period from the first to the last (or from
`since` to `until`) is listed for every group that occurs, with zeros where
nothing happened, as GDELT's timelines do; weeks start on Monday.  Events
without a date cannot be placed in a period and are counted in `left_out`.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tocsin.store.filters import EventFilter, FilterError
from tocsin.store.names import suggest
from tocsin.store.store import Store

PERIODS = ("day", "week", "month", "year")
#: group name -> events column
GROUPS = {"country": "country", "admin1": "admin1", "admin2": "admin2", "location": "place_name",
          "event_type": "event_type", "sub_event_type": "sub_event_type", "plover": "plover",
          "status": "status", "actor1": "actor1_name", "actor2": "actor2_name",
          "movement": "movement_kind"}
ALIASES = {"type": "event_type", "actor": "actor1", "place": "location", "sub_type": "sub_event_type"}
VALUES = ("events", "articles", "fatalities")


@dataclass(frozen=True, slots=True)
class CountTable:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    period: str | None
    #: reason -> events that could not be counted
    left_out: dict[str, int] = field(default_factory=dict)

    def records(self) -> list[dict[str, Any]]:
        return [{c: (v.isoformat() if isinstance(v, date) else v) for c, v in zip(self.columns, row)}
                for row in self.rows]


def parse_by(by: Sequence[str] | str) -> tuple[str | None, list[str]]:
    """(period, group names) from "week,admin1,event_type"; unknown names are an error."""
    names = [p.strip().lower() for p in (by.split(",") if isinstance(by, str) else by) if p.strip()]
    period: str | None = None
    groups: list[str] = []
    for name in names:
        name = ALIASES.get(name, name)
        if name in PERIODS:
            if period is not None:
                raise FilterError("by", f"count by one period only, not {period} and {name}")
            period = name
        elif name in GROUPS:
            if name not in groups:
                groups.append(name)
        else:
            raise FilterError("by", f"cannot count by {name!r} (periods: {', '.join(PERIODS)}; "
                                    f"groups: {', '.join(GROUPS)})",
                              suggest(name, [*PERIODS, *GROUPS, *ALIASES]))
    if period is None and not groups:
        raise FilterError("by", "say what to count by, e.g. --by week,admin1")
    return period, groups


def counts(store: Store, by: Sequence[str] | str, flt: EventFilter = EventFilter(), *,
           fill: bool = True) -> CountTable:
    period, groups = parse_by(by)
    where, params = store.where(flt)
    columns = [GROUPS[g] for g in groups]
    left_out: dict[str, int] = {}
    if period:
        dated = f"{where} AND date IS NOT NULL" if where else " WHERE date IS NOT NULL"
        undated = store.query(f"SELECT count(*) FROM events{where}"
                              + (" AND" if where else " WHERE") + " date IS NULL", params)[0][0]
        if undated:
            left_out["without a date"] = int(undated)
        keys = [f"CAST(date_trunc('{period}', date) AS DATE) AS {period}",
                *[f"{c} AS {g}" for c, g in zip(columns, groups)]]
    else:
        dated = where
        keys = [f"{c} AS {g}" for c, g in zip(columns, groups)]
    names = [period] if period else []
    names += groups
    counted = (f"SELECT {', '.join(keys)}, count(*) AS events, "
               f"CAST(coalesce(sum(sources_articles), 0) AS BIGINT) AS articles, "
               f"CAST(coalesce(sum(fatalities), 0) AS BIGINT) AS fatalities "
               f"FROM events{dated} GROUP BY ALL")
    if not (period and fill):
        rows = store.query(f"SELECT * FROM ({counted}) ORDER BY ALL", params)
        return CountTable((*names, *VALUES), rows, period, left_out)
    bounds = store.query(f"SELECT min(date), max(date) FROM events{dated}", params)[0]
    first, last = flt.since or bounds[0], flt.until or bounds[1]
    if first is None or last is None:
        return CountTable((*names, *VALUES), [], period, left_out)
    group_list = ", ".join(groups)
    joins = " AND ".join([f"c.{period} = p.{period}",
                          *[f"c.{g} IS NOT DISTINCT FROM g.{g}" for g in groups]])
    sql = f"""
        WITH counted AS ({counted}),
        periods AS (SELECT CAST(range AS DATE) AS {period} FROM range(
            CAST(date_trunc('{period}', CAST(? AS DATE)) AS TIMESTAMP),
            CAST(date_trunc('{period}', CAST(? AS DATE)) AS TIMESTAMP) + INTERVAL 1 {period},
            INTERVAL 1 {period})),
        grouped AS ({f'SELECT DISTINCT {group_list} FROM counted' if groups else 'SELECT 1 AS one'})
        SELECT p.{period}{''.join(f', g.{g}' for g in groups)},
               coalesce(c.events, 0), coalesce(c.articles, 0), coalesce(c.fatalities, 0)
        FROM periods p CROSS JOIN grouped g LEFT JOIN counted c ON {joins}
        ORDER BY ALL"""
    rows = store.query(sql, [*params, first, last])
    return CountTable((*names, *VALUES), rows, period, left_out)
