"""Event coreference: which mentions, across reports, describe one real event.

Two mentions corefer when their types are compatible (same sub-event type or a
shared family such as clash/attack), their actors are compatible (same
canonical name, swapped roles, or one side unknown), their places are close
for the coarser of the two precisions (city 25 km, admin2 60 km, admin1
150 km; country-level places only with the same country, sub-event type and
known actor), and their dates overlap (day +-1, week +-7, month = same month,
year = same year).  Clusters are the connected components of that relation;
a component that chaining made inconsistent (two different known actors, or
day-dated reports more than `MAX_DAY_SPAN` days apart, so daily fighting in
one town does not fuse into one event) is rebuilt link by link, closest first.

The result depends only on the events' content, never on input order: events
are sorted by id first, the relation is symmetric and the cluster id is the
smallest member id.  Candidate pairs come from blocking on a 3-D grid cell
(chord distance, so no trouble at the poles or the date line) plus a date
bucket, so 100k events cluster in seconds.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields

import numpy as np

from tocsin.analysis import _geo
from tocsin.analysis.coref_rules import (
    DATE_TIERS, NO_TIER, PLACE_KM, PLACE_TIERS, STRONG_TIER, movement_mask, type_mask,
)
from tocsin.analysis.frame import day_number
from tocsin.analysis.merge import (
    ClusterSummary, MemberStatus, annotate, mentions_of, merge, summarize,
)
from tocsin.models import Actor, Event

__all__ = ["cluster", "partition", "joined", "columns_of", "CorefColumns", "merge", "annotate",
           "summarize", "mentions_of", "ClusterSummary", "MemberStatus", "MAX_DAY_SPAN"]

#: longest run of day-dated reports (in days) one cluster may cover.
MAX_DAY_SPAN = 2
_OFFSETS_3D = np.array([(x, y, z) for x in (-1, 0, 1) for y in (-1, 0, 1) for z in (-1, 0, 1)])


@dataclass(frozen=True, slots=True)
class _Table:
    """The events as arrays, sorted by id; index i everywhere means ids[i]."""

    ids: np.ndarray
    sub: np.ndarray
    family: np.ndarray
    move: np.ndarray
    actor1: np.ndarray
    actor2: np.ndarray
    country: np.ndarray
    xyz: np.ndarray
    place_tier: np.ndarray
    day: np.ndarray
    month: np.ndarray
    year: np.ndarray
    date_tier: np.ndarray


def cluster(events: Sequence[Event]) -> dict[str, str]:
    """Map every event id to its cluster id (the smallest member id)."""
    return partition(columns_of(_unique_by_id(events)))[1]


def partition(columns: CorefColumns) -> tuple[dict[str, str], dict[str, str]]:
    """(component, cluster) of every mention: the smallest member id of its
    connected component of the coreference relation, and of its cluster (the
    component, or the part of it that the clean-up kept together)."""
    if not len(columns.ids):
        return {}, {}
    table = _table(columns)
    left, right = _candidate_pairs(table)
    keep, km = _corefer(table, left, right)
    left, right, km = left[keep], right[keep], km[keep]
    components = connected_components(len(table.ids), left, right)
    labels = _clean_up(table, components, left, right, km)
    return _name_clusters(table.ids, components), _name_clusters(table.ids, labels)


def connected_components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Component label of each of `n` nodes joined by the edges (left[k], right[k]).

    Labels run 0, 1, ... in the order of each component's smallest node, as
    scipy.sparse.csgraph.connected_components numbers them; done here in numpy
    (hooking every root to the smallest root it touches, then path halving until
    flat) so that no refresh pays scipy's import (0.1-0.2 s of a cold start)."""
    parent = np.arange(n, dtype=np.int64)
    left = np.asarray(left, dtype=np.int64)
    right = np.asarray(right, dtype=np.int64)
    while len(left):
        a, b = parent[left], parent[right]
        split = a != b
        if not split.any():
            break
        a, b = a[split], b[split]
        low = np.minimum(a, b)
        np.minimum.at(parent, np.maximum(a, b), low)
        while True:                     # flatten: every node points at its root
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    _, labels = np.unique(parent, return_inverse=True)
    return labels.astype(np.int32)


def joined(columns: CorefColumns, new: np.ndarray) -> np.ndarray:
    """Indices (into `columns`) of the rows not flagged `new` that corefer with
    at least one row flagged `new`: the stored mentions new ones can join."""
    if not new.any() or new.all():
        return np.zeros(0, np.int64)
    order = np.argsort(columns.ids.astype(str), kind="stable")
    table = _table(columns)                    # rows sorted by id: row k is order[k]
    is_new = new[order]
    left, right = _candidate_pairs(table)
    touching = is_new[left] != is_new[right]
    left, right = left[touching], right[touching]
    keep, _ = _corefer(table, left, right)
    stored = np.where(is_new[left[keep]], right[keep], left[keep])
    return np.unique(order[stored])


def _unique_by_id(events: Sequence[Event]) -> list[Event]:
    by_id: dict[str, Event] = {}
    for event in events:
        seen = by_id.get(event.id)
        if seen is not None and seen != event:
            raise ValueError(f"two different events share the id {event.id!r}")
        by_id[event.id] = event
    return [by_id[i] for i in sorted(by_id)]


@dataclass(frozen=True, slots=True)
class CorefColumns:
    """What coreference reads of each mention, one array per field, rows in
    any order.  Strings are '' when unknown; `actor1`/`actor2` hold the
    canonical name only when the resolver knew the actor; `lat`/`lon` are NaN
    and `precision` '' without a place; `date_precision` is '' without a date
    (then `day` is ignored)."""

    ids: np.ndarray
    sub_event_type: np.ndarray
    movement_kind: np.ndarray
    actor1: np.ndarray
    actor2: np.ndarray
    country: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    precision: np.ndarray
    day: np.ndarray
    date_precision: np.ndarray

    def take(self, rows: np.ndarray) -> CorefColumns:
        return CorefColumns(**{f.name: getattr(self, f.name)[rows] for f in fields(self)})

    @staticmethod
    def concat(parts: Sequence[CorefColumns]) -> CorefColumns:
        return CorefColumns(**{f.name: np.concatenate([getattr(p, f.name) for p in parts])
                               for f in fields(CorefColumns)})


def _actor_name(actor: Actor | None) -> str:
    # An actor the resolver did not recognise could be anyone: unknown.
    return actor.name if actor is not None and actor.known and actor.name else ""


def columns_of(events: Sequence[Event]) -> CorefColumns:
    def text(values: list[str | None]) -> np.ndarray:
        return np.array([v or "" for v in values], dtype=object)
    return CorefColumns(
        ids=np.array([e.id for e in events], dtype=object),
        sub_event_type=text([e.sub_event_type for e in events]),
        movement_kind=text([e.movement.kind if e.movement else None for e in events]),
        actor1=text([_actor_name(e.actor1) for e in events]),
        actor2=text([_actor_name(e.actor2) for e in events]),
        country=text([e.location.country if e.location else None for e in events]),
        lat=np.array([e.location.lat if e.location else np.nan for e in events], dtype=float),
        lon=np.array([e.location.lon if e.location else np.nan for e in events], dtype=float),
        precision=text([e.location.precision if e.location else None for e in events]),
        day=np.array([day_number(e.date) if e.date else 0 for e in events], dtype=np.int64),
        date_precision=text([e.date_precision if e.date else None for e in events]))


def _codes(values: np.ndarray) -> np.ndarray:
    """Integer code per value; '' gets -1 (unknown)."""
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    codes = np.arange(len(uniques), dtype=np.int64)
    codes[uniques == ""] = -1
    return codes[inverse.reshape(-1)]


def _mapped(values: np.ndarray, function: Callable[[str], int]) -> np.ndarray:
    """`function` of each value, computed once per distinct value."""
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    return np.array([function(u) for u in uniques.tolist()], dtype=np.int64)[inverse.reshape(-1)]


def _casefold(values: np.ndarray) -> np.ndarray:
    uniques, inverse = np.unique(values.astype(str), return_inverse=True)
    return np.array([u.casefold() for u in uniques.tolist()], dtype=object)[inverse.reshape(-1)]


def _table(columns: CorefColumns) -> _Table:
    """The coreference table, rows sorted by id."""
    c = columns.take(np.argsort(columns.ids.astype(str), kind="stable"))
    located = c.precision != ""
    dated = c.date_precision != ""
    lat, lon = np.where(located, c.lat, 0.0), np.where(located, c.lon, 0.0)
    days = np.where(dated, c.day, 0).astype(np.int64)
    moment = days.astype("datetime64[D]")
    # one vocabulary for both roles: swapped roles compare actor1 with actor2
    actors = _codes(_casefold(np.concatenate([c.actor1, c.actor2])))
    return _Table(
        ids=c.ids,
        sub=_codes(c.sub_event_type),
        family=_mapped(c.sub_event_type, lambda v: type_mask(v or None)),
        move=_mapped(c.movement_kind, lambda v: movement_mask(v or None)),
        actor1=actors[:len(c.ids)],
        actor2=actors[len(c.ids):],
        country=_codes(np.where(located, _casefold(c.country), "")),
        xyz=_geo.unit_vectors(lat, lon) * _geo.EARTH_RADIUS_KM,
        place_tier=np.where(located, _mapped(c.precision, lambda v: PLACE_TIERS.get(v, STRONG_TIER)),
                            NO_TIER),
        day=days,
        month=np.where(dated, moment.astype("datetime64[M]").astype(np.int64), 0),
        year=np.where(dated, moment.astype("datetime64[Y]").astype(np.int64), 0),
        date_tier=np.where(dated, _mapped(c.date_precision, lambda v: DATE_TIERS.get(v, NO_TIER)),
                           NO_TIER),
    )


# --- blocking ---------------------------------------------------------------

def _date_bucket(table: _Table, tier: int) -> tuple[np.ndarray, tuple[int, ...]]:
    """Bucket per event for pairs whose coarser date tier is `tier`, and the
    bucket offsets to search so no compatible pair is missed."""
    if tier == 0:
        return table.day, (-1, 0, 1)
    if tier == 1:
        return table.day // 7, (-1, 0, 1)
    if tier == 2:
        return table.month, (0,)
    return table.year, (0,)


def _candidate_pairs(table: _Table) -> tuple[np.ndarray, np.ndarray]:
    """(i, j) index pairs, i < j, that share a neighbouring block."""
    found: list[np.ndarray] = []
    n = len(table.ids)
    for place_tier in range(STRONG_TIER + 1):
        space, offsets = _space_keys(table, place_tier)
        for date_tier in range(NO_TIER):
            bucket, date_offsets = _date_bucket(table, date_tier)
            is_query = table.place_tier == place_tier
            finer_place = (table.place_tier <= place_tier) & (space >= 0)
            for q_dates, h_dates in ((table.date_tier == date_tier,
                                      table.date_tier <= date_tier),
                                     (table.date_tier < date_tier,
                                      table.date_tier == date_tier)):
                query = np.flatnonzero(is_query & q_dates & (space >= 0))
                home = np.flatnonzero(finer_place & h_dates)
                found.append(_join(query, home, space, bucket, offsets, date_offsets, n))
    codes = np.unique(np.concatenate(found)) if found else np.zeros(0, np.int64)
    return codes // n, codes % n


def _space_keys(table: _Table, tier: int) -> tuple[np.ndarray, np.ndarray]:
    """Spatial block key per event (-1: cannot pair at this tier) and offsets."""
    if tier == STRONG_TIER:
        # country-level places only pair with the same country, type and actor
        known = (table.country >= 0) & (table.actor1 >= 0)
        triple = np.stack([table.country, table.sub, table.actor1], axis=1)
        _, key = np.unique(triple, axis=0, return_inverse=True)
        return np.where(known, key.reshape(-1), -1), np.zeros(1, np.int64)
    cell = np.floor(table.xyz / PLACE_KM[tier]).astype(np.int64) + 1024
    key = (cell[:, 0] << 22) | (cell[:, 1] << 11) | cell[:, 2]
    offsets = (_OFFSETS_3D[:, 0] << 22) + (_OFFSETS_3D[:, 1] << 11) + _OFFSETS_3D[:, 2]
    located = table.place_tier <= tier
    return np.where(located, key, -1), offsets.astype(np.int64)


def _join(query: np.ndarray, home: np.ndarray, space: np.ndarray, bucket: np.ndarray,
          offsets: np.ndarray, date_offsets: tuple[int, ...], n: int) -> np.ndarray:
    """Pair codes i * n + j (i < j) of query rows with home rows in nearby blocks."""
    if not len(query) or not len(home):
        return np.zeros(0, np.int64)
    shift = 1 << 21
    home_key = space[home] * (1 << 22) + (bucket[home] + shift)
    order = np.argsort(home_key, kind="stable")
    sorted_keys, sorted_home = home_key[order], home[order]
    out = []
    for space_offset in offsets.tolist():
        for date_offset in date_offsets:
            key = (space[query] + space_offset) * (1 << 22) + (bucket[query] + date_offset + shift)
            lo = np.searchsorted(sorted_keys, key, "left")
            hi = np.searchsorted(sorted_keys, key, "right")
            counts = hi - lo
            if not counts.any():
                continue
            left = np.repeat(query, counts)
            starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
            right = sorted_home[starts + np.arange(counts.sum())]
            low, high = np.minimum(left, right), np.maximum(left, right)
            distinct = low != high
            out.append(low[distinct] * n + high[distinct])
    return np.concatenate(out) if out else np.zeros(0, np.int64)


# --- the pairwise rule --------------------------------------------------------

def _compatible(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return (a < 0) | (b < 0) | (a == b)


def _corefer(t: _Table, i: np.ndarray, j: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether each candidate pair is the same real-world event, and its km."""
    same_type = (t.sub[i] == t.sub[j]) | ((t.family[i] & t.family[j]) != 0)
    both_move = (t.move[i] != 0) & (t.move[j] != 0)
    type_ok = np.where(both_move, (t.move[i] & t.move[j]) != 0, same_type)
    straight = _compatible(t.actor1[i], t.actor1[j]) & _compatible(t.actor2[i], t.actor2[j])
    # roles may be swapped ("ISIS clashed with the army" / "the army clashed
    # with ISIS"), but only when a known name actually lines up
    cross1 = (t.actor1[i] >= 0) & (t.actor1[i] == t.actor2[j])
    cross2 = (t.actor2[i] >= 0) & (t.actor2[i] == t.actor1[j])
    swapped = (cross1 | cross2) & _compatible(t.actor1[i], t.actor2[j]) \
        & _compatible(t.actor2[i], t.actor1[j])
    km = _arc_km(t, i, j)
    return type_ok & (straight | swapped) & _near(t, i, j, km) & _overlap(t, i, j), km


def _arc_km(t: _Table, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    chord = np.linalg.norm(t.xyz[i] - t.xyz[j], axis=1)
    return 2 * _geo.EARTH_RADIUS_KM * np.arcsin(np.clip(chord / (2 * _geo.EARTH_RADIUS_KM), 0, 1))


def _near(t: _Table, i: np.ndarray, j: np.ndarray, km: np.ndarray) -> np.ndarray:
    tier = np.maximum(t.place_tier[i], t.place_tier[j])
    limit = np.asarray(PLACE_KM + (0.0, 0.0))[np.minimum(tier, len(PLACE_KM) + 1)]
    strong = ((t.sub[i] == t.sub[j]) & (t.actor1[i] >= 0) & (t.actor1[i] == t.actor1[j])
              & (t.country[i] >= 0) & (t.country[i] == t.country[j]))
    return np.where(tier < STRONG_TIER, km <= limit, (tier == STRONG_TIER) & strong)


def _overlap(t: _Table, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    tier = np.maximum(t.date_tier[i], t.date_tier[j])
    gap = np.abs(t.day[i] - t.day[j])
    return np.select(
        [tier == 0, tier == 1, tier == 2, tier == 3],
        [gap <= 1, gap <= 7, t.month[i] == t.month[j], t.year[i] == t.year[j]],
        default=False)


# --- clusters -----------------------------------------------------------------

def _clean_up(t: _Table, labels: np.ndarray, left: np.ndarray, right: np.ndarray,
              km: np.ndarray) -> np.ndarray:
    """Re-cluster components that chaining made inconsistent.

    Transitivity can join mentions that do not match each other: an
    unknown-actor report bridging ISIS and the army, or daily clashes chaining
    across weeks.  Such components are rebuilt by adding their links closest
    first (content order, so input order never matters) and refusing a link
    that would put two incompatible actors, or day-dated reports more than
    MAX_DAY_SPAN days apart, in one cluster."""
    dirty = _dirty_components(t, labels)
    if not dirty.any():
        return labels
    inside = dirty[labels[left]]
    left, right, km = left[inside], right[inside], km[inside]
    gap = np.abs(t.day[left] - t.day[right])
    order = np.lexsort((right, left, km, gap))
    forest = _Forest(t)
    for i, j in zip(left[order].tolist(), right[order].tolist()):
        forest.union_if_consistent(i, j)
    labels = labels.copy()
    base = int(labels.max()) + 1
    members = np.flatnonzero(dirty[labels])
    labels[members] = base + np.array([forest.find(int(i)) for i in members], dtype=np.int64)
    return labels


def _dirty_components(t: _Table, labels: np.ndarray) -> np.ndarray:
    """Per component: more than one known actor, or day-dated members too far apart."""
    n_labels = int(labels.max()) + 1
    day_dated = t.date_tier == 0
    low = np.full(n_labels, np.iinfo(np.int64).max)
    high = np.full(n_labels, np.iinfo(np.int64).min)
    np.minimum.at(low, labels[day_dated], t.day[day_dated])
    np.maximum.at(high, labels[day_dated], t.day[day_dated])
    names = np.concatenate([np.stack([labels, t.actor1], 1), np.stack([labels, t.actor2], 1)])
    names = np.unique(names[names[:, 1] >= 0], axis=0)
    known = np.bincount(names[:, 0], minlength=n_labels)
    return (high - low > MAX_DAY_SPAN) | (known > 1)


class _Forest:
    """Union-find that keeps, per root, the actor signatures and day span."""

    def __init__(self, t: _Table) -> None:
        self.t = t
        self.parent: dict[int, int] = {}
        self.signatures: dict[int, set[tuple[int, int]]] = {}
        self.span: dict[int, tuple[int, int] | None] = {}

    def find(self, i: int) -> int:
        if i not in self.parent:
            self.parent[i] = i
            self.signatures[i] = {(int(self.t.actor1[i]), int(self.t.actor2[i]))}
            day = int(self.t.day[i])
            self.span[i] = (day, day) if self.t.date_tier[i] == 0 else None
        root = i
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[i] != root:
            self.parent[i], i = root, self.parent[i]
        return root

    def union_if_consistent(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a == b:
            return
        span = _joined_span(self.span[a], self.span[b])
        if span is not None and span[1] - span[0] > MAX_DAY_SPAN:
            return
        if not all(_signatures_match(x, y) for x in self.signatures[a] for y in self.signatures[b]):
            return
        root, child = min(a, b), max(a, b)
        self.parent[child] = root
        self.signatures[root] |= self.signatures.pop(child)
        self.span[root] = span
        del self.span[child]


def _joined_span(a: tuple[int, int] | None, b: tuple[int, int] | None) -> tuple[int, int] | None:
    if a is None or b is None:
        return a or b
    return (min(a[0], b[0]), max(a[1], b[1]))


def _signatures_match(x: tuple[int, int], y: tuple[int, int]) -> bool:
    def ok(p: int, q: int) -> bool:
        return p < 0 or q < 0 or p == q
    crossed = (x[0] >= 0 and x[0] == y[1]) or (x[1] >= 0 and x[1] == y[0])
    return (ok(x[0], y[0]) and ok(x[1], y[1])) or (
        crossed and ok(x[0], y[1]) and ok(x[1], y[0]))


def _name_clusters(ids: np.ndarray, labels: np.ndarray) -> dict[str, str]:
    """Cluster id = smallest member id (ids are sorted, so the first seen)."""
    first: dict[int, str] = {}
    for event_id, label in zip(ids.tolist(), labels.tolist()):
        first.setdefault(label, event_id)
    return {event_id: first[label] for event_id, label in zip(ids.tolist(), labels.tolist())}
