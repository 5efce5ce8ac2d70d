"""Incremental coreference: new mentions touch only the clusters they can join.

Clusters are built from the connected components of the coreference relation
(`coref.partition`), and each component is cleaned up on its own.  A new
mention can only change the components it links to, so refresh:
1. takes the mentions no refresh has clustered yet (`component_id` NULL),
   a chunk at a time, ordered by date;
2. asks the store for the clustered mentions that could pair with them (dates
   and places close enough: a superset, `Store.neighbour_coref`) and keeps
   those that really corefer with one (`coref.joined`);
3. re-clusters the new mentions together with every member of the components
   they join: that set is closed under the relation, so its clusters are
   exactly those a full recomputation gives;
4. writes back only the mention rows whose cluster, component or source counts
   changed and the real-world events that differ.

`refresh_clusters(store, full=True)` forgets every component first and
clusters the whole store chunk by chunk, so memory is bounded by the chunk and
the components it joins, never by the store.  Both give the clusters of
`coref.cluster` over all mentions (tests/analysis/test_incremental.py).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from tocsin.analysis import alert_input, coref
from tocsin.analysis.coref import CorefColumns
from tocsin.models import Event

if TYPE_CHECKING:
    from tocsin.store import Store
    from tocsin.store.corrections import StoredCorrection

#: pending mentions clustered per step
CHUNK = 5000
_COLUMNS = ("id", "sub_event_type", "movement_kind", "actor1", "actor2", "country", "lat",
            "lon", "precision", "day", "date_precision")


@dataclass
class ClusterRefresh:
    """What one refresh of the clusters did."""

    #: mentions clustered for the first time (or again after a rewrite)
    pending: int = 0
    #: mentions re-clustered: the pending ones and the members of components they joined
    reclustered: int = 0
    #: mention rows rewritten (cluster, component or source counts changed)
    mention_rows: int = 0
    #: real-world event rows written, and removed
    event_rows: int = 0
    removed_events: int = 0


def _columns(found: Mapping[str, np.ndarray]) -> CorefColumns:
    data = {name: np.asarray(found[name]) for name in _COLUMNS}
    for name in _COLUMNS:
        if data[name].dtype.kind in "OUS":
            data[name] = data[name].astype(object)
    data["lat"] = data["lat"].astype(float)
    data["lon"] = data["lon"].astype(float)
    data["day"] = data["day"].astype(np.int64)
    return CorefColumns(ids=data["id"], **{n: data[n] for n in _COLUMNS[1:]})


def refresh_clusters(store: "Store", *, full: bool = False,
                     chunk: int = CHUNK) -> ClusterRefresh:
    """Bring clusters, source counts, real-world events and the alert rows of
    re-clustered mentions up to date (see the module docstring)."""
    report = ClusterRefresh()
    store.release_cache()           # the pages the ingest read and wrote
    store.upgrade_legacy_rows()
    alert_input.ensure_current(store, clear=full)
    store.components_of(store.correction_anchors_changed())
    store.forget_components(everything=full)
    corrections = store.corrections()
    while True:
        pending = store.pending_coref(limit=chunk)
        if not len(pending["id"]):
            break
        _step(store, pending, corrections, report)
    store.refresh_entities()
    return report


def _step(store: "Store", pending: Mapping[str, np.ndarray],
          corrections: Sequence["StoredCorrection"],
          report: ClusterRefresh) -> None:
    from tocsin.store.corrections import apply_all

    neighbours = store.neighbour_coref(pending)
    both = CorefColumns.concat([_columns(pending), _columns(neighbours)])
    is_new = np.zeros(len(both.ids), bool)
    is_new[:len(pending["id"])] = True
    joined = coref.joined(both, is_new) - len(pending["id"])
    components = {str(c) for c in np.asarray(neighbours["component_id"])[joined].tolist()}
    members = store.component_coref(components) if components else None
    parts = [pending] + ([members] if members is not None else [])
    before = {str(i): (str(cl), str(co), int(a), int(n)) for part in parts
              for i, cl, co, a, n in zip(part["id"].tolist(), part["cluster_id"].tolist(),
                                         part["component_id"].tolist(),
                                         part["sources_articles"].tolist(),
                                         part["sources_independent"].tolist())}
    component_of, cluster_of = coref.partition(
        CorefColumns.concat([_columns(p) for p in parts]))
    found = store.mentions_by_id(before)
    articles = store.article_meta_of({e.evidence.article_id for e in found})
    annotated = coref.annotate(found, cluster_of, articles)
    merged = apply_all(coref.merge(found, cluster_of, articles), corrections, cluster_of)
    changes = [(m.id, m.cluster_id or m.id, component_of[m.id], m.sources.articles,
                m.sources.independent) for m in annotated
               if before[m.id] != (m.cluster_id, component_of[m.id], m.sources.articles,
                                   m.sources.independent)]
    old_ids = {cluster for cluster, _, _, _ in before.values()}
    new_ids = {e.id for e in merged}
    stored = store.events_by_id(old_ids | new_ids)
    written = [e for e in merged if stored.get(e.id) != e]
    gone = set(stored) - new_ids
    rows = alert_input.rows_of(apply_all(annotated, corrections, cluster_of), articles)
    names, reclustered = _written_names(found), len(found)
    # the decoded mentions and stored events are done with: drop them before the write
    # (a few thousand Event objects, ~40 MB), so its buffers do not come on top of them
    del found, annotated, merged, stored
    store.release_cache()
    store.write_clusters(changes, written, gone, names, alert_rows=(list(before), rows))
    report.pending += len(pending["id"])
    report.reclustered += reclustered
    report.mention_rows += len(changes)
    report.event_rows += len(written)
    report.removed_events += len(gone)


def _written_names(mentions: Sequence[Event]) -> list[tuple[str, str, str]]:
    """(alias key, canonical name, 'text') of the actors the reports resolved."""
    from tocsin.store.names import name_key

    rows = set()
    for event in mentions:
        for actor in (event.actor1, event.actor2):
            if actor is not None and actor.known and actor.text and actor.name:
                key = name_key(actor.text)
                if key:
                    rows.add((key, actor.name, "text"))
    return sorted(rows)
