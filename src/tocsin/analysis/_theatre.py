"""Which reports can place an alert: a place the sentence spells out, or the theatre.

A geocoder that reads a news agency's name as a city in Yemen, "Al" as Norway
or "Salma" as Salme, Estonia, puts events where nothing happened.  So a
report places an alert only when its sentence spells out the event place's
name, its region's or its country's (`country_named`), or when the place's
country is the theatre the stream is about: at least `theatre_share` of the
reports known so far whose sentences spell out their place, once at least
`theatre_min_reports` such reports are known.  The share is read as of each
report's publication, so it never uses the future.

The ends of a reported move are held to the same rule by country
(`trusted_ends`): an end in a country the sentence does not name (nor its
nationality) must lie in the theatre.  "Withdrew to Salt" in a stream about
Syria names the Jordanian town only by a name that is also a Syrian one's, and
a move into Jordan that the sentence never says is in Jordan is a misreading.
"""
from __future__ import annotations

from typing import Literal, overload

import numpy as np

from tocsin.analysis._candidate import stream_order
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns


def trusted(cols: Columns, config: AlertConfig) -> np.ndarray:
    """Per row: may it place an alert?  Rows without a place are kept: they place nothing."""
    ok = np.isnan(cols.lat) | cols.country_named
    doubtful = np.flatnonzero(~ok & (cols.country != ""))
    if not len(doubtful):
        return ok
    ok[doubtful] = _in_theatre(cols, doubtful, cols.country[doubtful], config)
    return ok


def trusted_ends(cols: Columns, config: AlertConfig) -> np.ndarray:
    """Per row: is every end of its reported move in a country the sentence
    names, or in the theatre?  Rows without such an end are kept."""
    ok = np.ones(len(cols), bool)
    rows = np.flatnonzero(cols.move_unnamed_countries != "")
    for row in rows.tolist():
        countries = str(cols.move_unnamed_countries[row]).split("|")
        at = np.full(len(countries), row)
        inside, known = _in_theatre(cols, at, np.array(countries, dtype=object), config,
                                    with_known=True)
        # before the theatre is known (a short stream) an end is given the benefit of the doubt
        ok[row] = bool((inside | ~known).all())
    return ok


@overload
def _in_theatre(cols: Columns, rows: np.ndarray, countries: np.ndarray,
                config: AlertConfig) -> np.ndarray: ...


@overload
def _in_theatre(cols: Columns, rows: np.ndarray, countries: np.ndarray,
                config: AlertConfig, *, with_known: Literal[True]
                ) -> tuple[np.ndarray, np.ndarray]: ...


def _in_theatre(cols: Columns, rows: np.ndarray, countries: np.ndarray,
                config: AlertConfig, *, with_known: bool = False
                ) -> np.ndarray | tuple[np.ndarray, np.ndarray]:
    """For each (row, country): is the country the theatre as of the row's
    publication (see the module docstring)?  `with_known` also says where the
    theatre is known at all (enough reports spell out their place)."""
    named = stream_order(cols, np.flatnonzero(cols.country_named & (cols.country != "")))
    times = cols.published[named]
    when = cols.published[rows]
    total = np.searchsorted(times, when, side="right")
    share = np.zeros(len(rows))
    for country in set(countries.tolist()):
        mine = countries == country
        theirs = np.sort(times[cols.country[named] == country])
        share[mine] = np.searchsorted(theirs, when[mine], side="right")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, share / np.maximum(total, 1), 0.0)
    known = total >= config.theatre_min_reports
    inside = known & (share >= config.theatre_share)
    return (inside, known) if with_known else inside
