"""What a detector finds before it becomes an `Alert`, and shared helpers.

Every detector follows one rule of time: it reads rows in publication order
and fires at the publication time of the row that first makes its condition
true, using only rows published at or before that moment.  The rows it fired
on are the alert's `evidence`; rows of the same episode published later are
its `later_evidence`, and the newest of them sets `updated_at`.  Computing
over a prefix of the stream therefore gives the same alerts, with the same
ids and firing times, as computing over the whole stream: nothing is
backdated, and `replay` equals `ingest`.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd

from tocsin.analysis.frame import Columns


@dataclass(frozen=True, slots=True)
class Candidate:
    """One alert episode.  `episode` (with kind, actor, region) fixes the id,
    so it may only name what was known when the alert fired."""

    kind: str
    actor: str | None
    region: str | None
    episode: str
    fired_at: datetime | None
    severity: float
    summary: str
    evidence: tuple[str, ...]
    #: every admin1/country/watched place the alert touches (for watch_regions).
    regions: tuple[str, ...] = ()
    bearing_deg: float | None = None
    distance_km: float | None = None
    later_evidence: tuple[str, ...] = ()
    updated_at: datetime | None = None


def moment(value: object) -> datetime | None:
    """A pandas/numpy timestamp (naive UTC) as an aware datetime, or None."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.to_pydatetime().replace(tzinfo=timezone.utc)


def latest(published: np.ndarray) -> datetime | None:
    known = published[~pd.isna(published)]
    return moment(known.max()) if len(known) else None


def stream_order(cols: Columns, rows: np.ndarray | None = None) -> np.ndarray:
    """Rows (all, or the given indices) in publication order, ties by id."""
    rows = np.arange(len(cols)) if rows is None else np.asarray(rows, dtype=np.int64)
    return rows[np.argsort(cols.seq[rows], kind="stable")]


def tie_last(published: np.ndarray) -> np.ndarray:
    """For times in publication order: True where the next row is published
    later (or there is none), i.e. where a live system has seen the whole tie."""
    last = np.ones(len(published), bool)
    if len(published) > 1:
        last[:-1] = published[1:] != published[:-1]
    return last


@dataclass(frozen=True, slots=True)
class Split:
    evidence: tuple[str, ...]
    later: tuple[str, ...]
    fired_at: datetime | None
    updated_at: datetime | None


def split_evidence(cols: Columns, members: np.ndarray, fire_row: int, limit: int) -> Split:
    """The episode's rows on either side of the moment it fired (see module docstring)."""
    members = stream_order(cols, np.unique(np.asarray(members, dtype=np.int64)))
    fired = cols.published[fire_row]
    before = cols.published[members] <= fired
    now, after = members[before], members[~before]
    return Split(tuple(str(i) for i in cols.id[now][:limit]),
                 tuple(str(i) for i in cols.id[after][:limit]),
                 moment(fired), latest(cols.published[after]) if len(after) else None)


def group_slices(codes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(order, starts, unique codes): rows of group g are order[starts[g]:starts[g+1]].

    `starts` has one extra entry at the end so every group has a stop."""
    order = np.argsort(codes, kind="stable")
    sorted_codes = codes[order]
    uniques, starts = np.unique(sorted_codes, return_index=True)
    return order, np.append(starts, len(codes)), uniques


def mode_text(values: np.ndarray) -> str:
    """Most frequent non-empty string (ties: alphabetical first), '' if none."""
    counts = Counter(v for v in values.tolist() if v)
    if not counts:
        return ""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def published_days(cols: Columns) -> np.ndarray:
    """Publication day numbers (days since 1970-01-01) of every row."""
    return cols.published.astype("datetime64[D]").astype(np.int64)


def period_end(cols: Columns, rows: np.ndarray | None = None) -> np.ndarray:
    """Last day (day number) of each row's date period (of every row, or of
    `rows`): a date known to the month ("March 2014", stored as 1 March) may be
    as late as 31 March.  A year stays its first day: "in 2014" is too vague
    to be news all year."""
    ends = cols.day.copy() if rows is None else cols.day[rows]
    precision = cols.date_precision if rows is None else cols.date_precision[rows]
    month = precision == "month"
    if month.any():
        ends[month] = ((ends[month].astype("datetime64[D]").astype("datetime64[M]") + 1)
                       .astype("datetime64[D]").astype(np.int64) - 1)
    ends[precision == "week"] += 6
    return ends


def report_lag(cols: Columns, rows: np.ndarray | None = None) -> np.ndarray:
    """Days from the end of each row's date period (of every row, or of `rows`)
    to its publication (>= 0)."""
    published = cols.published if rows is None else cols.published[rows]
    days = published.astype("datetime64[D]").astype(np.int64)
    return np.maximum(days - period_end(cols, rows), 0)


def fresh(cols: Columns, max_lag_days: int) -> np.ndarray:
    """Rows reported at most `max_lag_days` after the event (the end of its
    date period): news, not background."""
    return report_lag(cols) <= max_lag_days


def clip01(value: float) -> float:
    return float(min(1.0, max(0.0, value)))


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def ids_of(cols: Columns, rows: Sequence[int] | np.ndarray) -> tuple[str, ...]:
    return tuple(str(i) for i in cols.id[np.asarray(rows, dtype=np.int64)])
