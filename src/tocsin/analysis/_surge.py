"""Surge alerts: far more real-world events reported in a region in a week
than the store's coverage makes likely.

What is counted.  Real-world events of a violent type (`event_types`), after
coreference: all reports of one cluster count once, and so do clusters on the
same day at the same place, whatever type each report was given, so the
reactions, condemnations and casualty updates of one bombing (and one
sentence read as a strike, an attack and a shelling) are one event.  Each event is counted in the week its first fresh report was
published (reports more than `max_report_lag_days` after the event are
background and are not counted).

What is expected.  The store reads a varying number of articles a week, and
a week in which it read three times as many is not a surge.  So the baseline
is the region's events per article read over the `baseline_weeks` weeks
before, counting only weeks in which the store read anything (at least
`min_covered_weeks` of them, or the week is not tested), times the articles
read so far this week, and never below `min_baseline_rate`.

When it fires.  At the report that first brings the week's count to at least
`min_count` events from at least `min_articles` articles with a Poisson tail
probability P(X >= count | expected) below `p_threshold`.  A surge that goes
on the next week updates the same alert.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from tocsin.analysis import _severity
from tocsin.analysis._poisson import upper_tail
from tocsin.analysis._candidate import (
    Candidate, clip01, fresh, plural, published_days, split_evidence, stream_order,
)
from tocsin.analysis._geo import day_text
from tocsin.analysis.config import AlertConfig, SurgeConfig
from tocsin.analysis.frame import Columns, REGIONAL_PRECISIONS, WEEKLY_PRECISIONS, week_of, week_start


def detect(cols: Columns, config: AlertConfig, coverage: np.ndarray) -> list[Candidate]:
    """`coverage`: publication times of every article in the store (datetime64)."""
    cfg = config.surge
    keep = ((cols.admin1 != "") & np.isin(cols.place_precision, REGIONAL_PRECISIONS)
            & np.isin(cols.date_precision, WEEKLY_PRECISIONS)
            & np.isin(cols.event_type, list(cfg.event_types))
            & fresh(cols, cfg.max_report_lag_days))
    rows = stream_order(cols, np.flatnonzero(keep))
    if not len(rows):
        return []
    unit_of_row, unit_rep = _units(cols, rows)
    reps = rows[unit_rep]                          # units in the order they became known
    region, labels = pd.factorize(cols.region[reps])
    week = week_of(cols.published[reps].astype("datetime64[D]").astype(np.int64))
    covered = np.sort(coverage.astype("datetime64[ns]"))
    fires = _fires(region, week, cols.published[reps], cols.article_id[reps], covered, cfg)
    out: list[Candidate] = []
    for reg in sorted({r for r, _ in fires}):
        mine = {w: fire for (r, w), fire in fires.items() if r == reg}
        units = np.flatnonzero(region == reg)
        out.extend(_episodes(cols, rows, unit_of_row, units, week, mine, str(labels[reg]), config))
    return out


def _units(cols: Columns, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per row (in `rows`' order), its unit; per unit, the position in `rows` of
    the report that made it known.  Units are numbered in the order they
    became known."""
    cluster, _ = pd.factorize(cols.key[rows])
    _, rep_of_cluster = np.unique(cluster, return_index=True)
    rep = rep_of_cluster[cluster]                  # first report of each row's cluster
    r = rows[rep]
    where = np.where(cols.place[r] != "", cols.place[r], cols.admin1[r])
    day = cols.day[r].astype(np.int64)
    day = day - day.min() if len(day) else day
    places = pd.factorize(where)[0].astype(np.int64)
    unit_key = (pd.factorize(cols.region[r])[0].astype(np.int64) * (int(day.max(initial=0)) + 1)
                + day) * (int(places.max(initial=0)) + 1) + places
    unit = pd.factorize(unit_key)[0]               # numbered by first appearance = stream order
    _, unit_rep = np.unique(unit, return_index=True)
    return unit, unit_rep


@dataclass(frozen=True, slots=True)
class _Fire:
    unit: int           # the unit whose report made the week a surge
    count: int          # events in the week at that moment
    expected: float
    p_value: float


def _fires(region: np.ndarray, week: np.ndarray, known: np.ndarray, article: np.ndarray,
           covered: np.ndarray, cfg: SurgeConfig) -> dict[tuple[int, int], _Fire]:
    """(region, week) -> the moment that week became a surge there, all cells at once.

    Units are in the order they became known; `covered` holds the sorted
    publication times of every article in the store."""
    span = cfg.baseline_weeks
    w0 = int(week.min()) - span
    n_weeks = int(week.max()) - w0 + 1
    cell = region.astype(np.int64) * n_weeks + (week - w0)
    order = np.argsort(cell, kind="stable")        # by cell, in known order within each
    c = cell[order]
    starts = np.ones(len(c), bool)
    starts[1:] = c[1:] != c[:-1]
    first_of_cell = np.maximum.accumulate(np.where(starts, np.arange(len(c)), 0))
    count = np.arange(len(c)) - first_of_cell + 1
    # distinct articles so far in the cell: the first row of each (cell, article)
    article_code = pd.factorize(article[order])[0].astype(np.int64)
    _, first_of_pair = np.unique(c * (int(article_code.max(initial=0)) + 1) + article_code,
                                 return_index=True)
    new_article = np.zeros(len(c), bool)
    new_article[first_of_pair] = True
    cum = np.cumsum(new_article)
    articles = cum - np.concatenate([[0], cum])[first_of_cell]
    last_of_tie = np.ones(len(c), bool)
    t = known[order]
    last_of_tie[:-1] = (c[1:] != c[:-1]) | (t[1:] != t[:-1])
    # the store's coverage per week, and each region's events in the weeks before
    cov_week = week_of(covered.astype("datetime64[D]").astype(np.int64)) - w0
    inside = (cov_week >= 0) & (cov_week < n_weeks)
    cov = np.bincount(cov_week[inside], minlength=n_weeks).astype(float)
    prior_cov = _trailing(cov[None, :], span)[0]
    prior_weeks = _trailing((cov > 0)[None, :].astype(float), span)[0]
    # events per (region, week), passed as a temporary so that only the sums outlive it
    prior_events = _trailing(np.bincount(cell, minlength=int(region.max() + 1) * n_weeks)
                             .reshape(-1, n_weeks), span)
    reg, wk = c // n_weeks, c % n_weeks
    rate = np.divide(prior_events[reg, wk], prior_cov[wk], out=np.zeros(len(c)),
                     where=prior_cov[wk] > 0)
    week_start_ns = np.array([_week_start_ns(int(w) + w0) for w in range(n_weeks)])
    read = (np.searchsorted(covered, t, side="right")
            - np.searchsorted(covered, week_start_ns[wk], side="left"))
    expected = np.maximum(cfg.min_baseline_rate, rate * read)
    p_value = upper_tail(count - 1, expected)
    ok = (last_of_tie & (count >= cfg.min_count) & (articles >= cfg.min_articles)
          & (prior_weeks[wk] >= cfg.min_covered_weeks) & (p_value < cfg.p_threshold))
    fires: dict[tuple[int, int], _Fire] = {}
    for i in np.flatnonzero(ok).tolist():
        key = (int(reg[i]), int(wk[i]) + w0)
        if key not in fires:
            fires[key] = _Fire(int(order[i]), int(count[i]), float(expected[i]),
                               float(p_value[i]))
    return fires


def _trailing(values: np.ndarray, span: int) -> np.ndarray:
    """Per column w, the sum of columns w-span .. w-1 (rows independent), as floats.

    out[:, w] = total[:, w] - total[:, max(w - span, 0)] over the running sums,
    written as two slices: no index arrays, no float copy of `values` and no
    temporary the size of the matrix (at 300k mentions the regions x weeks
    matrix is ~18 MB and the fancy-indexed form held five of them at once)."""
    rows, weeks = values.shape
    total = np.zeros((rows, weeks + 1))
    np.cumsum(values, axis=1, dtype=float, out=total[:, 1:])
    out = np.empty((rows, weeks))
    lag = min(max(span, 0), weeks)            # columns w < span start from column 0
    np.subtract(total[:, :lag], total[:, :1], out=out[:, :lag])
    np.subtract(total[:, lag:weeks], total[:, :weeks - lag], out=out[:, lag:])
    return out


def _week_start_ns(week: int) -> np.datetime64:
    return np.datetime64(week_start(week).isoformat(), "ns")


def _episodes(cols: Columns, rows: np.ndarray, unit_of_row: np.ndarray, units: np.ndarray,
              week: np.ndarray, fired: dict[int, _Fire], label: str,
              config: AlertConfig) -> list[Candidate]:
    runs: list[list[int]] = []
    for w in sorted(fired):
        if runs and runs[-1][-1] == w - 1:
            runs[-1].append(w)
        else:
            runs.append([w])
    out = []
    for run in runs:
        weeks_units = units[np.isin(week[units], run)]
        member_rows = rows[np.isin(unit_of_row, weeks_units)]
        fire = fired[run[0]]
        fire_row = int(rows[np.flatnonzero(unit_of_row == fire.unit)[0]])
        out.append(_candidate(cols, member_rows, fire_row, run, len(weeks_units), fire, label,
                              config))
    return out


def _candidate(cols: Columns, members: np.ndarray, fire_row: int, weeks: list[int], total: int,
               fire: _Fire, label: str, config: AlertConfig) -> Candidate:
    split = split_evidence(cols, members, fire_row, config.max_evidence)
    first = week_start(weeks[0])
    span = f"in the week of {day_text(first)}"
    if len(weeks) > 1:
        span = f"in the weeks of {day_text(first)} to {day_text(week_start(weeks[-1]))}"
    sources = _severity.origins(cols, members)
    articles = len(set(cols.article_id[members].tolist()))
    summary = (f"Surge in {label}: {plural(total, 'violent event')} reported {span}, in "
               f"{plural(articles, 'article')} from {plural(sources, 'source')}; it fired at "
               f"{fire.count} where the region's usual share of the articles read would give "
               f"{fire.expected:.1f} (p = {fire.p_value:.1g}).")
    strength = clip01(-math.log10(max(fire.p_value, 1e-300)) / 8)
    return Candidate(
        kind="surge", actor=None, region=label, episode=f"{weeks[0]}",
        fired_at=split.fired_at, severity=_severity.severity(cols, members, strength),
        summary=summary, evidence=split.evidence, later_evidence=split.later,
        updated_at=split.updated_at, regions=(label, *label.split(", ")))
