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
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

import pandas as pd

from tocsin.analysis import frame
from tocsin.models import Article, Event

if TYPE_CHECKING:
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


def ensure_current(store: "Store", *, clear: bool = False) -> int:
    """Rebuild every alert row if the fingerprint changed; how many were rebuilt.
    With `clear`, only empty the table: a full refresh writes every row again."""
    if store.alert_rows_fingerprint() == fingerprint() and not clear:
        return 0
    from tocsin.store.corrections import apply_all, clusters_of

    store.clear_alert_rows()
    if clear:
        store.set_alert_rows_fingerprint(fingerprint())
        return 0
    corrections = store.corrections()
    done = 0
    for chunk in store.mention_chunks(CHUNK):
        articles = store.article_meta_of({e.evidence.article_id for e in chunk})
        corrected = apply_all(chunk, corrections, clusters_of(chunk)) if corrections else chunk
        store.write_alert_rows([e.id for e in chunk], rows_of(corrected, articles))
        done += len(chunk)
    store.set_alert_rows_fingerprint(fingerprint())
    return done
