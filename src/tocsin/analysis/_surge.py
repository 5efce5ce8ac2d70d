"""Surge alerts: a week with far more events in an admin1 region than its
trailing baseline makes likely (Poisson tail probability)."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import pdtrc
from scipy.stats import poisson

from tocsin.analysis._candidate import Candidate, clip01, moment, pick_evidence
from tocsin.analysis.config import AlertConfig, SurgeConfig
from tocsin.analysis.frame import (
    Columns, REGIONAL_PRECISIONS, WEEKLY_PRECISIONS, week_of, week_start,
)
from tocsin.analysis._geo import day_text


def detect(cols: Columns, config: AlertConfig) -> list[Candidate]:
    rows = _regional(cols)
    if not len(rows):
        return []
    cfg = config.surge
    region, labels = pd.factorize(rows.region, sort=True)
    weeks = week_of(rows.day)
    first_week = int(weeks.min())
    n_weeks = int(weeks.max()) - first_week + 1
    cell = region.astype(np.int64) * n_weeks + (weeks - first_week)
    counts = np.bincount(cell, minlength=len(labels) * n_weeks).reshape(len(labels), n_weeks)
    baseline = _baseline(counts, cfg)
    p_value = _tail(counts, baseline)
    fires = (counts >= cfg.min_count) & (p_value < cfg.p_threshold)
    fires[:, : cfg.baseline_weeks] = False
    found = np.argwhere(fires)
    if not len(found):
        return []
    order = np.argsort(cell, kind="stable")
    bounds = np.searchsorted(cell[order], np.arange(len(labels) * n_weeks + 1))
    out = []
    for reg, weeks_hit in _runs(found):
        cells = [reg * n_weeks + w for w in weeks_hit]
        members = [order[bounds[c]:bounds[c + 1]] for c in cells]
        out.append(_candidate(rows, str(labels[reg]), [w + first_week for w in weeks_hit],
                              members, counts[reg, weeks_hit[0]],
                              baseline[reg, weeks_hit[0]], p_value[reg, weeks_hit], config))
    return out


def _regional(cols: Columns) -> Columns:
    """One row per real-world event (cluster key) that has an admin1 and a week."""
    keep = (cols.admin1 != "") & np.isin(cols.place_precision, REGIONAL_PRECISIONS)
    keep &= np.isin(cols.date_precision, WEEKLY_PRECISIONS)
    rows = cols.take(keep)
    # Several reports of one clash are one event: keep the earliest report of each.
    key, _ = pd.factorize(rows.key)
    order = np.lexsort((rows.day, key))
    sorted_keys = rows.key[order]
    first = np.ones(len(order), bool)
    first[1:] = sorted_keys[1:] != sorted_keys[:-1]
    return rows.take(np.sort(order[first]))


def _baseline(counts: np.ndarray, cfg: SurgeConfig) -> np.ndarray:
    """Mean weekly count over the `baseline_weeks` before each week."""
    span = cfg.baseline_weeks
    total = np.zeros((counts.shape[0], counts.shape[1] + 1))
    total[:, 1:] = np.cumsum(counts, axis=1)
    before = np.zeros_like(counts, dtype=float)
    before[:, span:] = (total[:, span:-1] - total[:, : -span - 1]) / span
    return np.maximum(before, cfg.min_baseline_rate)


def _tail(counts: np.ndarray, rate: np.ndarray) -> np.ndarray:
    """P(X >= count) for X ~ Poisson(rate); 1.0 where the count is 0."""
    return np.where(counts > 0, pdtrc(np.maximum(counts - 1, 0), rate), 1.0)


def _runs(found: np.ndarray) -> list[tuple[int, list[int]]]:
    """Group (region, week) hits into runs of consecutive weeks (found is sorted)."""
    runs: list[tuple[int, list[int]]] = []
    for reg, week in found.tolist():
        if runs and runs[-1][0] == reg and runs[-1][1][-1] == week - 1:
            runs[-1][1].append(week)
        else:
            runs.append((reg, [week]))
    return runs


def _candidate(rows: Columns, label: str, weeks: list[int], members: list[np.ndarray],
               count: int, rate: float, p_values: np.ndarray, config: AlertConfig) -> Candidate:
    cfg = config.surge
    p_first = float(p_values[0])
    p_best = max(float(p_values.min()), 1e-300)
    first = week_start(weeks[0])
    span = f"in the week of {day_text(first)}"
    if len(weeks) > 1:
        span = f"in the weeks of {day_text(first)} to {day_text(week_start(weeks[-1]))}"
    summary = (f"Surge in {label}: {count} events {span}, against a usual "
               f"{rate:.1f} a week (p = {p_first:.1g}).")
    all_rows = np.concatenate(members)
    return Candidate(
        kind="surge", actor=None, region=label, episode=f"{weeks[0]}",
        fired_at=_crossing_time(rows, members[0], rate, cfg), severity=clip01(
            -math.log10(p_best) / 10), summary=summary,
        evidence=pick_evidence(rows.id[all_rows], rows.day[all_rows], config.max_evidence),
        regions=(label, *label.split(", ")))


def _crossing_time(rows: Columns, week_rows: np.ndarray, rate: float,
                   cfg: SurgeConfig) -> object:
    """When the week's count first became a surge: the k-th report to appear."""
    needed = max(cfg.min_count, int(poisson.isf(cfg.p_threshold, rate)) + 1)
    while needed > 1 and pdtrc(needed - 2, rate) < cfg.p_threshold:
        needed -= 1  # isf rounds up; step back while one fewer still crosses
    while pdtrc(needed - 1, rate) >= cfg.p_threshold:
        needed += 1
    needed = max(needed, cfg.min_count)
    published = np.sort(rows.published[week_rows])  # NaT sorts last
    if needed > len(published) or pd.isna(published[needed - 1]):
        return None
    return moment(published[needed - 1])
