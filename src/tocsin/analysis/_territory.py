"""Territory alerts: a town or city changes hands."""
from __future__ import annotations

import numpy as np
import pandas as pd

from tocsin.analysis._candidate import Candidate, clip01, earliest, group_slices, pick_evidence
from tocsin.analysis._geo import date_range_text
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, day_from_number, week_of

_PHRASES = {
    "Non-state actor overtakes territory": "{actor} took control of {place}",
    "Government regains territory": "{actor} regained control of {place}",
    "Non-violent transfer of territory": "Control of {place} passed to {actor}",
}


def detect(cols: Columns, config: AlertConfig) -> list[Candidate]:
    rules = config.territory
    keep = (np.isin(cols.sub_event_type, list(rules.sub_event_types))
            & np.isin(cols.place_precision, list(rules.place_precisions))
            & np.isin(cols.date_precision, list(rules.date_precisions)))
    if rules.require_actor:
        keep &= cols.actor != ""
    keep &= _reported_within(cols, rules.max_report_lag_days)
    rows = cols.take(keep & ~np.isnan(cols.lat))
    if not len(rows):
        return []
    # One alert per (place, kind of change, week): many reports, one takeover, even
    # when reports name the taker differently ("ISIL", "militants", "jihadists").
    coords = pd.Series(np.round(rows.lat, 2)).astype(str) + "," + pd.Series(
        np.round(rows.lon, 2)).astype(str)
    place = pd.Series(rows.place).astype(str).where(pd.Series(rows.place) != "", coords)
    keys = (place + "|" + pd.Series(rows.sub_event_type).astype(str) + "|"
            + week_of(rows.day).astype(str))
    codes, _ = pd.factorize(keys, sort=True)
    order, starts, _ = group_slices(codes)
    return [_candidate(rows, order[a:b], config) for a, b in zip(starts[:-1], starts[1:])]


def _reported_within(cols: Columns, days: int) -> np.ndarray:
    """Rows whose article came out at most `days` after the event (unknown: kept)."""
    published = pd.to_datetime(pd.Series(cols.published), utc=True)
    published_day = (published - pd.Timestamp("1970-01-01", tz="UTC")).dt.days
    lag = published_day.to_numpy(dtype=float, na_value=np.nan) - cols.day
    return ~(lag > days)


def _candidate(rows: Columns, members: np.ndarray, config: AlertConfig) -> Candidate:
    day = rows.day[members]
    named = members[rows.actor_known[members].astype(bool)]
    # name the taker by its best-resolved report: "Islamic State" over "militants"
    i = int(named[np.argmin(rows.day[named])]) if len(named) else int(members[np.argmin(day)])
    label = str(rows.region[i])
    place = str(rows.place[i]) or "an unnamed place"
    where = f"{place} ({label})" if label and label != place else place
    actor = str(rows.actor[i])
    sub_type = str(rows.sub_event_type[i])
    phrase = _PHRASES.get(sub_type, "Control of {place} changed ({actor})")
    when = date_range_text(day_from_number(day.min()), day_from_number(day.max()))
    summary = phrase.format(actor=actor or "unidentified forces", place=where) + f" {when}."
    summary = summary[0].upper() + summary[1:]
    sources = int(rows.independent[members].sum())
    return Candidate(
        kind="territory", actor=actor or None, region=label or place,
        episode=f"{place}|{sub_type}|{int(week_of(day.min()))}",
        fired_at=earliest(rows.published[members]),
        severity=clip01(0.7 + 0.1 * (sources - 1)), summary=summary,
        evidence=pick_evidence(rows.id[members], day, config.max_evidence),
        regions=tuple(sorted({place, label, str(rows.admin1[i]), str(rows.country[i])} - {""})))
