"""Territory alerts: a town or city changes hands, once per place and window.

The first fresh report that a named taker gained control of a town fires the
alert.  Every later report of the same place within `episode_days` of that
takeover, whoever it names, joins the same alert as later evidence, so one
takeover reported ten times (or named "ISIL" here, "militants" there) is one
alert, updated as reports come in.  Reports that disagree on who took it
lower its severity and say so.

The town must be what the sentence says was taken (`_claims.place_taken`, by
a name of the place or, for a town named in an earlier sentence, by a
description: "overran the ancient desert city"), or a named facility
(`_claims.facility_taken`: "captured the Abu al-Duhur military air base"),
which may be placed at its district or region (one alert per facility).
"Seized the oilfield east of Homs" took no part of Homs, and a takeover
placed by the article's context alone, with no such description, is too
often the wrong town.  A taker whose side contradicts the kind of change (a
state "overtaking", a group "regaining for the government") is a swapped
reading and raises nothing.  Not a takeover: a failed, attempted or denied one, or captured weapons and
people (`_claims.not_a_takeover`; negated and denied claims never get here),
a takeover told by the monitor or official who reports it, and a background
mention of an old one (reported more than `max_report_lag_days` later).
"""
from __future__ import annotations

import re

import numpy as np

from tocsin.analysis import _severity
from tocsin.analysis._candidate import (
    Candidate, fresh, plural, split_evidence, stream_order,
)
from tocsin.analysis._geo import date_range_text
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, acting, day_from_number
from tocsin.geo.normalize import name_key

_PHRASES = {
    "Non-state actor overtakes territory": "{actor} took control of {place}",
    "Government regains territory": "{actor} regained control of {place}",
    "Non-violent transfer of territory": "Control of {place} passed to {actor}",
}
#: a facility the gazetteer does not know is placed where the sentence puts it
_FACILITY_PRECISIONS = ("point", "city", "admin2", "admin1")
_STATE_SIDE = frozenset({"Government regains territory"})
_STATE_KINDS = ("state_military", "police", "government")
_NUMBERED = re.compile(r"(?:Base|Division|Brigade|Regiment|Battalion) [0-9]")


def qualifying(cols: Columns, config: AlertConfig) -> np.ndarray:
    """Rows that report a fresh takeover of a town by a taker that acts."""
    rules = config.territory
    # a town the sentence says was taken, or a named facility (an air base,
    # an oilfield) in the district or region the event is placed in
    town = np.isin(cols.place_precision, list(rules.place_precisions)) & cols.place_taken
    facility = (cols.facility != "") & np.isin(cols.place_precision, _FACILITY_PRECISIONS)
    keep = (np.isin(cols.sub_event_type, list(rules.sub_event_types))
            & (town | facility)
            & np.isin(cols.date_precision, list(rules.date_precisions))
            & ~np.isnan(cols.lat) & ~cols.not_takeover
            & ~np.isin(cols.actor_kind, list(rules.taker_kinds_ignored))
            & fresh(cols, rules.max_report_lag_days))
    # A state that "overtakes" or a group that "regains for the government" is a
    # reading that swapped taker and loser ("the army regained the airbase" when the
    # group took it): which one is wrong cannot be told, so neither alerts.
    state = np.isin(cols.actor_kind, _STATE_KINDS)
    regains = np.isin(cols.sub_event_type, list(_STATE_SIDE))
    named_taker = cols.actor != ""
    keep &= ~named_taker | (state == regains) | (cols.sub_event_type == "Non-violent transfer of territory")
    if rules.require_actor:
        keep &= acting(cols)
    else:
        keep &= ~cols.actor_speaks
    return np.flatnonzero(keep)


def detect(cols: Columns, config: AlertConfig) -> list[Candidate]:
    rows = stream_order(cols, qualifying(cols, config))
    if not len(rows):
        return []
    window = config.territory.episode_days
    places = [_place_key(cols, row) for row in rows.tolist()]
    episodes: list[list[int]] = []
    open_at: dict[str, int] = {}            # place -> index of its latest episode
    for row, key in zip(rows.tolist(), places):
        current = open_at.get(key)
        if current is not None and abs(int(cols.day[row]) - int(cols.day[episodes[current][0]])) \
                <= window:
            episodes[current].append(row)
        else:
            open_at[key] = len(episodes)
            episodes.append([row])
    return [_candidate(cols, np.array(members), config) for members in episodes]


def _place_key(cols: Columns, row: int) -> str:
    """What was taken: a facility by its name and region, a town by where it is."""
    if cols.facility[row] and not cols.place_taken[row]:
        return f"{name_key(str(cols.facility[row]))}|{cols.region[row]}"
    return f"{cols.lat[row]:.2f},{cols.lon[row]:.2f}"


def _candidate(cols: Columns, members: np.ndarray, config: AlertConfig) -> Candidate:
    first = int(members[0])
    split = split_evidence(cols, members, first, config.max_evidence)
    known = members[cols.published[members] <= cols.published[first]]
    named = [int(r) for r in known if cols.actor_known[r] and not cols.actor_generic[r]]
    taker = named[0] if named else first
    label = str(cols.region[first])
    place = str(cols.place[first]) or "an unnamed place"
    facility = str(cols.facility[first]) if not cols.place_taken[first] else ""
    if facility:
        article = "" if _NUMBERED.match(facility) else "the "    # "Base 46", not "the Base 46"
        place = f"{article}{facility}" + (f" near {cols.place[first]}"
                                     if cols.place_precision[first] in ("point", "city") else "")
    where = f"{place} ({label})" if label and label != place else place
    actor = str(cols.actor[taker])
    sub_type = str(cols.sub_event_type[first])
    phrase = _PHRASES.get(sub_type, "Control of {place} changed ({actor})")
    days = cols.day[known]
    when = date_range_text(day_from_number(days.min()), day_from_number(days.max()))
    sides = {s in _STATE_SIDE for s in cols.sub_event_type[members].tolist()}
    disputed = len(sides) > 1
    sources = _severity.origins(cols, members)
    summary = (phrase.format(actor=actor or "unidentified forces", place=where) + f" {when}"
               + f"; {plural(len(members), 'report')} from {plural(sources, 'source')}"
               + ("; reports disagree on who took it." if disputed else "."))
    summary = summary[0].upper() + summary[1:]
    return Candidate(
        kind="territory", actor=actor or None, region=label or place,
        episode=(f"{cols.lat[first]:.2f},{cols.lon[first]:.2f}" if not facility
                 else _place_key(cols, first)) + f"|{int(cols.day[first])}",
        fired_at=split.fired_at,
        severity=_severity.severity(cols, members, 0.5 if disputed else 1.0), summary=summary,
        evidence=split.evidence, later_evidence=split.later, updated_at=split.updated_at,
        regions=tuple(sorted({place, label, str(cols.admin1[first]), str(cols.country[first])}
                             - {""})))
