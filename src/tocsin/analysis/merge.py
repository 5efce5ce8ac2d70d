"""One representative event per coreference cluster, with source counting.

Counting sources: `articles` is the number of distinct articles whose
mentions were merged; `independent` the number of distinct *origins*.  An
article's origins are the named outlets, monitors and claim channels its
mentions of the event cite (the innermost of a chain: "AFP reported, citing the
Observatory" is the Observatory); an article that cites none counts for its
publisher (`Article.source`), else for itself.  Syndicated copies (`duplicate_of`,
or the same `content_hash`) share the origins of the article they copy.

Status: factual reports give the best of asserted > reported > alleged; a
factual report plus a denial (or negation) of the same sub-event type gives
"contested" (`cluster_status`); the members
and their statuses stay visible through `summarize` / `mentions_of`.
"""
from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from datetime import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tocsin.models import Actor, Article, Attribution, Event, Movement, Sources

_FACTUAL_RANK = {"asserted": 0, "reported": 1, "alleged": 2}
_DENIALS = frozenset({"denied", "negated"})
_NON_FACTUAL_ORDER = ("denied", "negated", "hypothetical", "opinion")
_PLACE_RANK = {"point": 0, "city": 1, "admin2": 2, "admin1": 3, "country": 4, "region": 5}
_DATE_RANK = {"day": 0, "week": 1, "month": 2, "year": 3}


@dataclass(frozen=True, slots=True)
class MemberStatus:
    """One mention in a cluster: which event, from which article, saying what."""

    event_id: str
    article_id: str
    status: str
    attribution: str | None = None


@dataclass(frozen=True, slots=True)
class ClusterSummary:
    cluster_id: str
    status: str
    sources: Sources
    members: tuple[MemberStatus, ...]


def merged_status(statuses: Iterable[str]) -> str:
    """asserted > reported > alleged among factual reports; factual + denial = contested."""
    found = set(statuses)
    factual = [s for s in found if s in _FACTUAL_RANK]
    if "contested" in found or (factual and found & _DENIALS):
        return "contested"
    if factual:
        return min(factual, key=_FACTUAL_RANK.__getitem__)
    for status in _NON_FACTUAL_ORDER:
        if status in found:
            return status
    return min(found) if found else "reported"


def cluster_status(members: Sequence[Event]) -> str:
    """`merged_status` of a cluster's members, where a denial or negation contests
    only a factual report of its own sub-event type: "Nobody fired a shot" (no
    attack) in a story of a town handed over does not contest the handover."""
    factual_types = {e.sub_event_type for e in members if e.status in _FACTUAL_RANK}
    return merged_status(e.status for e in members
                         if e.status not in _DENIALS or not factual_types
                         or e.sub_event_type in factual_types)


def _groups(events: Sequence[Event], clusters: Mapping[str, str]) -> dict[str, list[Event]]:
    groups: dict[str, list[Event]] = defaultdict(list)
    seen: set[str] = set()
    for event in sorted(events, key=lambda e: e.id):
        if event.id in seen:
            continue
        seen.add(event.id)
        groups[clusters.get(event.id, event.id)].append(event)
    return dict(sorted(groups.items()))


def merge(events: Sequence[Event], clusters: Mapping[str, str],
          articles: Mapping[str, Article]) -> list[Event]:
    """One Event per cluster (id = cluster id), sorted by id."""
    return [_representative(cid, members, articles)
            for cid, members in _groups(events, clusters).items()]


def annotate(events: Sequence[Event], clusters: Mapping[str, str],
             articles: Mapping[str, Article]) -> list[Event]:
    """Every mention kept, each with its `cluster_id` and its cluster's
    `sources`; statuses stay per mention (see `summarize` for the merged one)."""
    out: list[Event] = []
    for cid, members in _groups(events, clusters).items():
        sources = count_sources(members, articles)
        out.extend(dataclasses.replace(e, cluster_id=cid, sources=sources) for e in members)
    return out


def summarize(events: Sequence[Event], clusters: Mapping[str, str],
              articles: Mapping[str, Article]) -> dict[str, ClusterSummary]:
    """Cluster id -> its members with their statuses, merged status and sources."""
    return {cid: ClusterSummary(cid, cluster_status(members),
                                count_sources(members, articles), _members(members))
            for cid, members in _groups(events, clusters).items()}


def mentions_of(cluster_id: str, events: Sequence[Event],
                clusters: Mapping[str, str]) -> tuple[MemberStatus, ...]:
    """The mentions merged into `cluster_id`, each with its own status."""
    return _members(_groups(events, clusters).get(cluster_id, []))


def _members(members: Sequence[Event]) -> tuple[MemberStatus, ...]:
    return tuple(MemberStatus(e.id, e.evidence.article_id, e.status,
                              e.attribution.text if e.attribution else None) for e in members)


def count_sources(members: Sequence[Event], articles: Mapping[str, Article]) -> Sources:
    """Distinct articles, and distinct independent origins, behind the members."""
    article_ids = sorted({e.evidence.article_id for e in members})
    root = _roots(article_ids, articles)
    # An article (with its copies) counts for the named sources it cites for this event; only
    # when it cites none does it count for itself. "The monitor said ..." after a sentence
    # citing the Observatory is the same origin, not the outlet's own.
    cited: dict[str, set[str]] = defaultdict(set)
    for event in members:
        named = _named_source(event.attribution)
        if named:
            cited[root[event.evidence.article_id]].add("outlet:" + _norm(named))
    origins = set().union(*cited.values()) | {
        _own_origin(r, articles) for r in set(root.values()) - set(cited)}
    return Sources(articles=len(article_ids), independent=len(origins))


def _roots(article_ids: Sequence[str], articles: Mapping[str, Article]) -> dict[str, str]:
    """Article id -> the article it is a copy of (itself if original)."""
    root = {aid: _follow(aid, articles) for aid in article_ids}
    by_hash: dict[str, list[str]] = defaultdict(list)
    for aid in article_ids:
        article = articles.get(root[aid]) or articles.get(aid)
        if article is not None and article.content_hash:
            by_hash[article.content_hash].append(aid)
    for same in by_hash.values():
        first = min(root[aid] for aid in same)
        for aid in same:
            root[aid] = first
    return _canonical_roots(root, articles)


def _canonical_roots(root: dict[str, str], articles: Mapping[str, Article]) -> dict[str, str]:
    """Which copy counts as the original depends on ingest order; pick the earliest
    published (then smallest id) of each group so counts do not."""
    groups: dict[str, set[str]] = defaultdict(set)
    for aid, first in root.items():
        groups[first].update((aid, first))

    def age(aid: str) -> tuple[bool, datetime, str]:
        published = articles[aid].published if aid in articles else None
        return published is None, published or datetime.min, aid
    chosen = {first: min(members, key=age) for first, members in groups.items()}
    return {aid: chosen[first] for aid, first in root.items()}


def _follow(article_id: str, articles: Mapping[str, Article]) -> str:
    seen = {article_id}
    current = articles.get(article_id)
    while current is not None and current.duplicate_of and current.duplicate_of not in seen:
        seen.add(current.duplicate_of)
        article_id = current.duplicate_of
        current = articles.get(article_id)
    return article_id


def _norm(name: str) -> str:
    name = " ".join(name.casefold().split())
    return name[4:] if name.startswith("the ") else name


#: Attributions that name a publishing source: every outlet relaying what it
#: published ("the Syrian Observatory said", "AFP reported", a claim on Amaq)
#: relays the same source, so they count once.  Officials are left out: their
#: names are often a bare nationality or a pronoun, and activists, residents
#: and witnesses quoted by different outlets are different people.
_NAMED_SOURCES = frozenset({"outlet", "monitor", "claim"})


def _named_source(attribution: Attribution | None) -> str | None:
    """The innermost named source of an attribution chain ("X reported, citing
    the Observatory" -> the Observatory), or None."""
    named = None
    while attribution is not None:
        if attribution.name and attribution.kind in _NAMED_SOURCES:
            named = attribution.name
        attribution = attribution.cites
    return named


def _own_origin(root_id: str, articles: Mapping[str, Article]) -> str:
    root = articles.get(root_id)
    if root is not None and root.source:
        return "outlet:" + _norm(root.source)
    return "article:" + root_id


def _representative(cluster_id: str, members: list[Event],
                    articles: Mapping[str, Article]) -> Event:
    factual = [e for e in members if e.status in _FACTUAL_RANK or e.status == "contested"]
    pool = factual or members
    # members are in id order, so max/min below break ties by the smallest id
    typed = max(pool, key=lambda e: e.confidence)
    placed = min(pool, key=lambda e: _PLACE_RANK.get(e.location.precision, 9)
                 if e.location else 10)
    dated = min(pool, key=lambda e: _DATE_RANK.get(e.date_precision, 9) if e.date else 10)
    return dataclasses.replace(
        typed, id=cluster_id, cluster_id=cluster_id,
        status=cluster_status(members),
        location=placed.location, date=dated.date, date_precision=dated.date_precision,
        actor1=_best_actor([typed.actor1] + [e.actor1 for e in pool]),
        actor2=_best_actor([typed.actor2] + [e.actor2 for e in pool]),
        fatalities=_fatalities(pool), movement=_movement(pool, typed),
        sources=count_sources(members, articles),
        confidence=max(e.confidence for e in members))


def _best_actor(actors: list[Actor | None]) -> Actor | None:
    """The first actor if known, else the commonest known one, else the first given."""
    known = [a for a in actors if a is not None and a.known]
    if actors and actors[0] is not None and actors[0].known:
        return actors[0]
    if known:
        counts = Counter(a.name for a in known)
        name = min(counts, key=lambda n: (-counts[n], n))
        return next(a for a in known if a.name == name)
    return next((a for a in actors if a is not None), None)


def _fatalities(pool: Sequence[Event]) -> int | None:
    """Lower median of the reported counts: one outlier report does not set it."""
    counts = sorted(e.fatalities for e in pool if e.fatalities is not None)
    return counts[(len(counts) - 1) // 2] if counts else None


def _movement(pool: Sequence[Event], typed: Event) -> Movement | None:
    moves = [e.movement for e in [typed, *pool] if e.movement is not None]
    complete = [m for m in moves if m.origin is not None and m.destination is not None]
    best = complete or moves
    return best[0] if best else None
