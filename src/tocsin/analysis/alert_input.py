"""The alert detectors' input, kept in the store: one `frame.to_frame` row per mention.

`frame.to_frame` reads each mention's sentence, places and attribution (is
the place named, who is the independent origin ...), which costs a Python
loop per mention.  So the rows are computed once, when a mention is clustered
or its cluster changes (`incremental`), and kept in the `alert_rows` table;
refresh reads them back as columns.  `to_frame` stays the one definition of a
row: when its code or the data it reads changes (a fingerprint of those
files), the table is rebuilt from the mentions.
"""
from __future__ import annotations

import hashlib
from collections.abc import Collection, Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from tocsin.analysis import frame
from tocsin.analysis.config import NEVER_ALERTABLE
from tocsin.models import Article, Event

if TYPE_CHECKING:
    from tocsin.analysis.config import AlertConfig
    from tocsin.store import Store

#: what `frame.to_frame` reads besides the mention and its article
_SOURCES = ("analysis/frame.py", "analysis/_actors.py", "analysis/_claims.py",
            "geo/normalize.py", "data/cues_sources.tsv", "data/actors.toml",
            "data/actors_nouns.toml", "data/actors_countries.toml")
CHUNK = 5000


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """Changes whenever a row could come out differently."""
    digest = hashlib.sha1(" ".join(frame.FRAME_COLUMNS).encode())
    root = resources.files("tocsin")
    for name in _SOURCES:
        path = root.joinpath(name)
        digest.update(name.encode() + (path.read_bytes() if path.is_file() else b"-"))
    return digest.hexdigest()[:16]


def rows_of(mentions: Sequence[Event], articles: Mapping[str, Article]) -> pd.DataFrame:
    """The alert rows of mentions as the store holds them (clustered, corrected)."""
    return frame.to_frame(mentions, articles)


def columns_of(arrays: dict[str, np.ndarray], config: "AlertConfig",
               opinion_articles: Collection[str] = ()) -> frame.Columns:
    """`frame.columns(frame.alertable(rows, config, opinion_articles))` for
    rows given as numpy arrays in the conventions of `frame.columns` (what
    `Store.alert_arrays` reads), with no pandas frame between; the arrays of the dict are replaced by the
    kept rows as they are filtered, and the dict is emptied: its arrays belong
    to the columns returned."""
    for name, value in frame.OPTIONAL_COLUMNS.items():
        if name not in arrays:
            arrays[name] = np.full(len(arrays["id"]), value,
                                   dtype=bool if isinstance(value, bool) else object)
    for name in frame._FLOATS:
        arrays[name] = np.asarray(arrays[name], dtype=float)
    for name in ("day", "independent"):
        arrays[name] = np.asarray(arrays[name], dtype=np.int64)
    for name in frame._BOOLS:
        arrays[name] = np.asarray(arrays[name], dtype=bool)
    if arrays["published"].dtype.kind != "M":
        arrays["published"] = pd.to_datetime(arrays["published"]).to_numpy()
    statuses = config.alertable_statuses - NEVER_ALERTABLE
    keep = np.isin(arrays["status"], list(statuses))
    keep &= arrays["independent"] >= config.min_independent_sources
    published = arrays["published"]
    keep &= ~np.isnat(published)
    # floor to the day, as (published - epoch).dt.days does
    published_day = published.astype("datetime64[D]").astype(np.int64)
    keep &= ~(~np.isnat(published) & (arrays["day"] > published_day + frame.MAX_DAYS_AHEAD))
    if opinion_articles:
        keep &= ~np.isin(arrays["article_id"], list(opinion_articles))
    if not keep.all():
        for name in frame.FRAME_COLUMNS:    # one column at a time
            arrays[name] = arrays[name][keep]
    for name in set(arrays) - set(frame.FRAME_COLUMNS):
        del arrays[name]
    # the test above reads times in their own unit, as `alertable` does; only
    # then do they become datetime64[ns], as in `columns`
    arrays["published"] = arrays["published"].astype("datetime64[ns]")
    data = {name: arrays[name] for name in frame.FRAME_COLUMNS}
    arrays.clear()                  # the arrays belong to the columns now
    data["region"] = frame._labels(data["admin1"], data["country"])
    data["seq"] = _stream_positions(data["published"], data["id"])
    return frame.Columns(**data)


def _stream_positions(published: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """`frame._stream_positions`; with ids already in strictly increasing
    order (the store reads them so) their rank is their position, and no
    ranking of 300k strings is needed."""
    if len(ids) < 2 or not bool(np.all(ids[1:] > ids[:-1])):
        return frame._stream_positions(published, ids)
    order = np.lexsort((np.arange(len(ids)), published))
    positions = np.empty(len(order), np.int64)
    positions[order] = np.arange(len(order))
    return positions


def ensure_current(store: "Store", *, clear: bool = False) -> int:
    """Rebuild the alert rows of every clustered mention if the fingerprint
    changed; how many were rebuilt.  With `clear`, only empty the table: a full
    refresh writes every row again."""
    if store.alert_rows_fingerprint() == fingerprint() and not clear:
        return 0
    from tocsin.store.corrections import apply_all, clusters_of

    store.clear_alert_rows()
    if clear:
        store.set_alert_rows_fingerprint(fingerprint())
        return 0
    corrections = store.corrections()
    done = 0
    # a mention no refresh has clustered gets its row when it is clustered
    # (incremental._step); building it here too built every row of a new store twice
    for chunk in store.mention_chunks(CHUNK, clustered=True):
        articles = store.article_meta_of({e.evidence.article_id for e in chunk})
        corrected = apply_all(chunk, corrections, clusters_of(chunk)) if corrections else chunk
        store.write_alert_rows([e.id for e in chunk], rows_of(corrected, articles))
        done += len(chunk)
    store.set_alert_rows_fingerprint(fingerprint())
    return done
