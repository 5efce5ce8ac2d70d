"""Which reports can place an alert: a place the sentence spells out, or the theatre.

A geocoder that reads a news agency's name as a city in Yemen, "Al" as Norway
or "Salma" as Salme, Estonia, puts events where nothing happened.  So a
report places an alert only when its sentence spells out the event place's
name, its region's or its country's (`country_named`), or when the place's
country is the theatre the stream is about: at least `theatre_share` of the
reports known so far whose sentences spell out their place, once at least
`theatre_min_reports` such reports are known.  The share is read as of each
report's publication, so it never uses the future.
"""
from __future__ import annotations

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
    named = stream_order(cols, np.flatnonzero(cols.country_named & (cols.country != "")))
    times = cols.published[named]
    total = np.searchsorted(times, cols.published[doubtful], side="right")
    share = np.zeros(len(doubtful))
    for country in set(cols.country[doubtful].tolist()):
        mine = cols.country[doubtful] == country
        theirs = np.sort(times[cols.country[named] == country])
        share[mine] = np.searchsorted(theirs, cols.published[doubtful][mine], side="right")
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(total > 0, share / np.maximum(total, 1), 0.0)
    ok[doubtful] = (total >= config.theatre_min_reports) & (share >= config.theatre_share)
    return ok
