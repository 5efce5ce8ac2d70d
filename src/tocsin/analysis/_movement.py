"""Movement alerts from reported moves: a claim that an actor withdrew,
advanced, redeployed or mobilised, with an origin or a destination.

Shifts of activity on one front, the other way a movement alert can arise,
are in `_drift`.  A reported move fires on its first fresh report; later
reports of the same actor moving from the same origin or to the same
destination within `episode_days` are the same move ("withdrew from Idlib",
"redeployed from Idlib to Raqqa") and join it as later evidence.  The
sentence must name an end of the move, and the ends must be plausible for
the theatre: two ends at least `min_explicit_km` and at most `max_distance_km` apart, and a
single end within `max_distance_km` of where the event itself is placed (a
news agency's name read as a city in Yemen is no destination); `max_domestic_km`
instead when the destination is in the event place's country (Mali and
Afghanistan are wider than 800 km).

The mover must be a named armed actor, resolved (`Actor.known`) and not a
generic label: "Militants (Syria) withdrew" or "the forces advanced", with
no group named before them, may be any of several groups.  A getaway ("the
gunmen fled toward Daraa") is no movement at all (`extract.movement`), and an
end in a country the sentence does not name must lie in the stream's theatre
(`_theatre.trusted_ends`: a foreign homonym of a local town is no end).

A move the sentence tells as planned, agreed or expected ("a deal ... will see
rebels evacuated to Idlib") has not happened yet and raises nothing
(`_claims.planned_move`).

A report older than `max_report_lag_days` is background, except a relayed
one (`relayed`): a column of June that relays a named outlet's report of a
March move is often the first a reader hears of it.  It fires at the
relaying article's publication time (evidence is never backdated) and the
summary says how late it came.
"""
from __future__ import annotations

import numpy as np

from tocsin.analysis import _drift, _geo, _severity
from tocsin.analysis._candidate import (
    Candidate, clip01, fresh, plural, report_lag, split_evidence, stream_order,
)
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns, acting, day_from_number

_VERBS = {"withdraw": "withdrew", "advance": "advanced", "redeploy": "redeployed",
          "mobilize": "mobilised"}
_RELAYED_PRECISIONS = ("day", "week", "month")
_ONE_END = {"withdraw": "from", "advance": "toward", "redeploy": "to", "mobilize": "in"}


def detect(located: "Columns", usable: Columns, config: AlertConfig) -> list[Candidate]:
    """Shifts on one front of tracked (`located`) rows, reported moves in `usable` rows."""
    return _drift.detect(located, config) + explicit(usable, config)


def plausible(cols: Columns, config: AlertConfig) -> np.ndarray:
    """Rows with a reported move whose ends make sense (see the module docstring)."""
    cfg = config.movement
    has_o, has_d = ~np.isnan(cols.mv_o_lat), ~np.isnan(cols.mv_d_lat)
    both = has_o & has_d
    span = np.where(both, _geo.haversine_km(np.where(both, cols.mv_o_lat, 0.0),
                                             np.where(both, cols.mv_o_lon, 0.0),
                                             np.where(both, cols.mv_d_lat, 0.0),
                                             np.where(both, cols.mv_d_lon, 0.0)), np.nan)
    domestic = (cols.mv_d_country != "") & (cols.mv_d_country == cols.country)
    limit = np.where(domestic, cfg.max_domestic_km, cfg.max_distance_km)
    ok = ~both | ((span >= cfg.min_explicit_km) & (span <= limit))
    located = ~np.isnan(cols.lat)
    for lat, lon, has in ((cols.mv_o_lat, cols.mv_o_lon, has_o), (cols.mv_d_lat, cols.mv_d_lon, has_d)):
        check = has & located
        far = np.zeros(len(cols), bool)
        far[check] = _geo.haversine_km(lat[check], lon[check], cols.lat[check],
                                       cols.lon[check]) > limit[check]
        ok &= ~far
    mobilise_needs_destination = (cols.mv_kind != "mobilize") | has_d
    return ok & (has_o | has_d) & mobilise_needs_destination


def relayed(cols: Columns, config: AlertConfig) -> np.ndarray:
    """Rows that relay a named outlet's report of a move too old to be news
    but recent enough to warn: reported, dated to the day, week or month, at
    most `max_relayed_lag_days` before the relaying article."""
    cfg = config.movement
    return ((cols.relayed_by != "") & (cols.status == "reported")
            & np.isin(cols.date_precision, _RELAYED_PRECISIONS)
            & ~fresh(cols, cfg.max_report_lag_days) & fresh(cols, cfg.max_relayed_lag_days))


def explicit(cols: Columns, config: AlertConfig) -> list[Candidate]:
    cfg = config.movement
    # the mover must be a named armed actor: "the forces" that stayed generic, or
    # "Militants (Syria)", may be any of several groups, so their move says nothing
    keep = (np.isin(cols.mv_kind, list(cfg.kinds)) & acting(cols) & cols.move_named
            & cols.actor_known & ~cols.actor_generic
            & ~cols.move_planned
            & ~np.isin(cols.actor_kind, list(config.ignore_actor_kinds))
            & (fresh(cols, cfg.max_report_lag_days) | relayed(cols, config)))
    rows = stream_order(cols, np.flatnonzero(keep & plausible(cols, config)))
    episodes: list[list[int]] = []
    ends: list[tuple[str, set[str], set[str]]] = []      # per episode: actor, origins, destinations
    for row in rows.tolist():
        actor = str(cols.actor[row])
        origin, dest = {str(cols.mv_o_name[row])} - {""}, {str(cols.mv_d_name[row])} - {""}
        current = next((i for i in range(len(episodes) - 1, -1, -1)
                        if ends[i][0] == actor and (origin & ends[i][1] or dest & ends[i][2])
                        and abs(int(cols.day[row]) - int(cols.day[episodes[i][0]]))
                        <= cfg.episode_days), None)
        if current is None:
            episodes.append([row])
            ends.append((actor, set(origin), set(dest)))
        else:
            episodes[current].append(row)
            ends[current][1].update(origin)
            ends[current][2].update(dest)
    return [_candidate(cols, np.array(m), config) for m in episodes]


def _candidate(cols: Columns, members: np.ndarray, config: AlertConfig) -> Candidate:
    i = int(members[0])
    split = split_evidence(cols, members, i, config.max_evidence)
    kind = str(cols.mv_kind[i])
    actor = str(cols.actor[i])
    origin, dest = str(cols.mv_o_name[i]), str(cols.mv_d_name[i])
    known = members[cols.published[members] <= cols.published[i]]
    first = day_from_number(cols.day[known].min())
    if (cols.date_precision[known] == "month").all() and len(set(cols.day[known])) == 1:
        when = f"in {first:%B %Y}"           # a date known to the month is not its first day
    else:
        when = _geo.date_range_text(first, day_from_number(cols.day[known].max()))
    verb = _VERBS.get(kind, "moved")
    distance = bearing = None
    if not np.isnan(cols.mv_o_lat[i]) and not np.isnan(cols.mv_d_lat[i]):
        o_lat, o_lon, d_lat, d_lon = (cols.mv_o_lat[i], cols.mv_o_lon[i], cols.mv_d_lat[i],
                                      cols.mv_d_lon[i])
        distance = float(_geo.haversine_km(o_lat, o_lon, d_lat, d_lon))
        bearing = float(_geo.bearing_deg(o_lat, o_lon, d_lat, d_lon))
        move = (f"{verb} {distance:.0f} km {_geo.compass(bearing)} (bearing {bearing:.0f}°) "
                f"from {origin or 'an unnamed place'} to {dest or 'an unnamed place'}")
        strength = 0.6 + 0.4 * clip01(distance / 300.0)
    elif not np.isnan(cols.mv_d_lat[i]):
        move = f"{verb} {'toward' if kind in ('advance', 'withdraw') else _ONE_END[kind]} {dest}"
        strength = 0.6
    else:
        move = f"{verb} from {origin}"
        strength = 0.6
    summary = (f"{actor} {move} {when}: a reported move, "
               f"{plural(len(members), 'report')} from "
               f"{plural(_severity.origins(cols, members), 'source')}.")
    lag = int(report_lag(cols, np.array([i]))[0])
    if lag > config.movement.max_report_lag_days:
        summary += (f" Relayed: {cols.relayed_by[i] or 'an outlet'} reported it; this report "
                    f"came out {plural(lag, 'day')} after the move.")
    dest_region = str(cols.mv_d_admin1[i]) or dest or str(cols.admin1[i]) or origin
    touched = {origin, dest, str(cols.mv_d_admin1[i]), str(cols.mv_d_country[i]),
               str(cols.admin1[i]), str(cols.country[i]), str(cols.region[i])} - {""}
    return Candidate(
        kind="movement", actor=actor, region=dest_region or None,
        episode=f"explicit|{kind}|{origin}|{dest}|{int(cols.day[i])}",
        fired_at=split.fired_at, severity=_severity.severity(cols, members, strength),
        summary=summary, evidence=split.evidence, later_evidence=split.later,
        updated_at=split.updated_at, regions=tuple(sorted(touched)),
        bearing_deg=None if bearing is None else round(bearing, 1),
        distance_km=None if distance is None else round(distance, 1))
