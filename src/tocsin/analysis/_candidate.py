"""What a detector finds before it becomes an `Alert`, and shared helpers."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

import numpy as np
import pandas as pd


@dataclass(frozen=True, slots=True)
class Candidate:
    """One alert episode.  `episode` (with kind, actor, region) fixes the id,
    so it must name the first evidence window, never anything that grows."""

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


def moment(value: object) -> datetime | None:
    """A pandas/numpy timestamp (naive UTC) as an aware datetime, or None."""
    if value is None or pd.isna(value):  # type: ignore[arg-type]
        return None
    stamp = pd.Timestamp(value)  # type: ignore[arg-type]
    return stamp.to_pydatetime().replace(tzinfo=timezone.utc)


def earliest(published: np.ndarray) -> datetime | None:
    """Earliest known time in a datetime64 array (NaT ignored)."""
    known = published[~pd.isna(published)]
    return moment(known.min()) if len(known) else None


def latest(published: np.ndarray) -> datetime | None:
    known = published[~pd.isna(published)]
    return moment(known.max()) if len(known) else None


def pick_evidence(ids: Sequence[str] | np.ndarray, days: np.ndarray, limit: int) -> tuple[str, ...]:
    """Up to `limit` ids, earliest first (ties by id), so the list is stable."""
    ids = np.asarray(ids, dtype=object)
    order = np.lexsort((ids.astype(str), np.asarray(days)))
    return tuple(str(i) for i in ids[order[:limit]])


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


def clip01(value: float) -> float:
    return float(min(1.0, max(0.0, value)))
