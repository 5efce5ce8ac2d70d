"""New-presence alerts: a named actor is reported in a region where it had no
reported events in the previous `lookback_days`, and that absence means
something.

"No events in the last 90 days" is evidence of absence only when the store
was reading about the region then, and the actor would have shown up in what
it read: at least `min_coverage_events` real-world events there (by anyone)
dated in those 90 days and published before the entry, and at least
`min_expected` of them expected to be the actor's at its share of all
reports so far (so P(none | it was there as usual) <= exp(-min_expected)).
And the actor must have a known history elsewhere: at least
`min_prior_events` earlier reports in other regions, so an actor's first
appearances are not "new" everywhere.  Without all three, no alert.  The
alert fires once `min_reports` articles have reported the entry.

Everything is read as of the entry's publication: a report of the actor in
the region that is published later cannot undo an alert that was out, nor
make one fire earlier.  Reports of the actor in the region within
`window_days` of the entry join it as evidence.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tocsin.analysis import _severity
from tocsin.analysis._candidate import (
    Candidate, clip01, fresh, plural, split_evidence, stream_order,
)
from tocsin.analysis._geo import day_text
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, REGIONAL_PRECISIONS, day_from_number


#: actor kinds that are present throughout their own country by definition
_HOME_KINDS = ("state_military", "police", "government")


def detect(located: Columns, usable: Columns, config: AlertConfig) -> list[Candidate]:
    """`located`: tracked rows (frame.tracked); `usable`: every alertable row,
    whose reports of a region measure the store's coverage of it."""
    cfg = config.new_presence
    # a country's own forces in one of its regions are no news of an incursion
    at_home = np.isin(located.actor_kind, _HOME_KINDS) & (located.actor_country != "") \
        & (located.actor_country == located.place_iso3)
    keep = (located.admin1 != "") & fresh(located, cfg.max_report_lag_days) & ~at_home
    rows = stream_order(located, np.flatnonzero(keep))
    if not len(rows):
        return []
    cols = located.take(rows)                       # in stream order
    n = len(cols)
    actor, _ = pd.factorize(cols.actor)
    region, regions = pd.factorize(cols.region)
    # (actor, region) pairs numbered by first appearance, as the codes of "actor|region" were
    pair, _ = pd.factorize(actor.astype(np.int64) * (len(regions) + 1) + region)
    prev_max = _previous_max(pair, cols.day)
    entry = prev_max < cols.day - cfg.lookback_days
    elsewhere = _rank(actor) - _rank(pair)          # earlier reports of the actor in other regions
    candidates = np.flatnonzero(entry & (elsewhere >= cfg.min_prior_events))
    if not len(candidates):
        return []
    coverage = _Coverage(usable)
    read = np.sort(usable.published)
    actor_rank = _rank(actor)
    rows_of_pair = pd.Series(np.arange(n)).groupby(pair).indices   # each in stream order
    out = []
    for x in candidates.tolist():
        covered = coverage.count(str(cols.region[x]), int(cols.day[x]) - cfg.lookback_days,
                                 int(cols.day[x]), cols.published[x])
        if covered < cfg.min_coverage_events:
            continue
        # how many of those the actor would have had at its usual share of the reports
        share = actor_rank[x] / max(1, int(np.searchsorted(read, cols.published[x], "left")))
        expected = covered * share
        if expected < cfg.min_expected:
            continue
        same = rows_of_pair[pair[x]]
        same = same[same >= x]
        members = same[(cols.day[same] >= cols.day[x])
                       & (cols.day[same] <= cols.day[x] + cfg.window_days)]
        fire = _confirmed(cols, members, cfg.min_reports)
        if fire is None:
            continue
        out.append(_candidate(cols, members, x, fire, covered, expected, int(elsewhere[x]),
                              _last_elsewhere(cols, actor, pair, x), config))
    return out


def _confirmed(cols: Columns, members: np.ndarray, min_reports: int) -> int | None:
    """The member at whose publication `min_reports` articles had reported the
    entry (members are in stream order), or None."""
    seen: set[str] = set()
    for position, row in enumerate(members.tolist()):
        seen.add(str(cols.article_id[row]))
        last_of_time = position + 1 == len(members) or \
            cols.published[members[position + 1]] != cols.published[row]
        if len(seen) >= min_reports and last_of_time:
            return int(row)
    return None


def _previous_max(group: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Per row (stream order): the latest event day of earlier rows of its group,
    or a very small number when there is none."""
    running = pd.Series(day.astype(np.int64)).groupby(group).cummax()
    previous = running.groupby(group).shift(1)
    return previous.fillna(np.iinfo(np.int32).min).to_numpy(dtype=np.int64)


def _rank(group: np.ndarray) -> np.ndarray:
    """Per row (stream order): how many earlier rows share its group."""
    return pd.Series(group).groupby(group).cumcount().to_numpy()


class _Coverage:
    """Reports of events in each region: event days, publication times, clusters."""

    def __init__(self, usable: Columns) -> None:
        keep = np.flatnonzero((usable.admin1 != "")
                              & np.isin(usable.place_precision, REGIONAL_PRECISIONS))
        codes, labels = pd.factorize(usable.region[keep])
        order = np.argsort(codes, kind="stable")
        starts = np.searchsorted(codes[order], np.arange(len(labels) + 1))
        rows = keep[order]
        self.day, self.published, self.key = usable.day[rows], usable.published[rows], usable.key[rows]
        self.span = {str(label): (int(starts[i]), int(starts[i + 1]))
                     for i, label in enumerate(labels)}

    def count(self, region: str, since: int, before: int, known_by: np.datetime64) -> int:
        """Real-world events in `region` dated in [since, before) and reported by `known_by`."""
        if region not in self.span:
            return 0
        a, b = self.span[region]
        day, published = self.day[a:b], self.published[a:b]
        hit = (day >= since) & (day < before) & (published <= known_by)
        return len(set(self.key[a:b][hit].tolist()))


def _last_elsewhere(cols: Columns, actor: np.ndarray, pair: np.ndarray, x: int) -> str:
    earlier = np.flatnonzero((actor == actor[x]) & (pair != pair[x]) & (np.arange(len(cols)) < x))
    return str(cols.region[earlier[-1]]) if len(earlier) else ""


def _candidate(cols: Columns, members: np.ndarray, x: int, fire: int, covered: int,
               expected: float, history: int, before: str, config: AlertConfig) -> Candidate:
    cfg = config.new_presence
    split = split_evidence(cols, members, fire, config.max_evidence)
    first = day_from_number(int(cols.day[x]))
    actor, label = str(cols.actor[x]), str(cols.region[x])
    since = f"; previously reported in {before}" if before else ""
    summary = (f"{actor} reported in {label} on {day_text(first)} "
               f"({plural(len(set(cols.article_id[members].tolist())), 'article')}), with no "
               f"report of it there in the previous {cfg.lookback_days} days although the store "
               f"holds {plural(covered, 'event')} there in that time, about {expected:.0f} of "
               f"them expected to be its own at its usual share{since} "
               f"({plural(history, 'earlier report')} elsewhere).")
    strength = 0.6 + 0.4 * clip01(expected / (3 * cfg.min_expected))
    return Candidate(
        kind="new_presence", actor=actor, region=label, episode=first.isoformat(),
        fired_at=split.fired_at, severity=_severity.severity(cols, members, strength),
        summary=summary, evidence=split.evidence, later_evidence=split.later,
        updated_at=split.updated_at, regions=(label, *label.split(", ")))
