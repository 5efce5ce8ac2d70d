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

from dataclasses import dataclass

import numpy as np

from tocsin.analysis._candidate import stream_order
from tocsin.analysis.config import AlertConfig
from tocsin.analysis.frame import Columns


def trusted(cols: Columns, config: AlertConfig, theatre: "Theatre | None" = None) -> np.ndarray:
    """Per row: may it place an alert?  Rows without a place are kept: they place nothing."""
    ok = np.isnan(cols.lat) | cols.country_named
    doubtful = np.flatnonzero(~ok & (cols.country != ""))
    if not len(doubtful):
        return ok
    theatre = theatre or Theatre.of(cols)
    ok[doubtful] = theatre.inside(cols.published[doubtful], cols.country[doubtful], config)[0]
    return ok


def trusted_ends(cols: Columns, config: AlertConfig,
                 theatre: "Theatre | None" = None) -> np.ndarray:
    """Per row: is every end of its reported move in a country the sentence
    names, or in the theatre?  Rows without such an end are kept."""
    ok = np.ones(len(cols), bool)
    rows = np.flatnonzero(cols.move_unnamed_countries != "")
    if not len(rows):
        return ok
    lists = [str(cols.move_unnamed_countries[row]).split("|") for row in rows.tolist()]
    at = np.repeat(rows, [len(countries) for countries in lists])
    countries = np.array([c for countries in lists for c in countries], dtype=object)
    inside, known = (theatre or Theatre.of(cols)).inside(cols.published[at], countries, config)
    # before the theatre is known (a short stream) an end is given the benefit of the doubt
    doubtful = at[~(inside | ~known)]
    ok[doubtful] = False
    return ok


@dataclass(frozen=True, slots=True)
class Theatre:
    """Publication times of the reports that spell out their place's country,
    in stream order, overall and per country: enough to read the share of any
    country as of any moment with two binary searches."""

    times: np.ndarray
    by_country: dict[str, np.ndarray]

    @classmethod
    def of(cls, rows: Columns) -> "Theatre":
        named = stream_order(rows, np.flatnonzero(rows.country_named & (rows.country != "")))
        times = rows.published[named]
        countries = rows.country[named]
        return cls(times, {str(c): np.sort(times[countries == c])
                            for c in set(countries.tolist())})

    def inside(self, when: np.ndarray, countries: np.ndarray,
               config: AlertConfig) -> tuple[np.ndarray, np.ndarray]:
        """For each (moment, country): is the country the theatre as of that
        moment (see the module docstring), and is the theatre known at all then
        (enough reports spell out their place)?"""
        total = np.searchsorted(self.times, when, side="right")
        share = np.zeros(len(when))
        empty = self.times[:0]
        for country in set(countries.tolist()):
            mine = countries == country
            share[mine] = np.searchsorted(self.by_country.get(str(country), empty), when[mine],
                                          side="right")
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(total > 0, share / np.maximum(total, 1), 0.0)
        known = total >= config.theatre_min_reports
        return known & (share >= config.theatre_share), known
