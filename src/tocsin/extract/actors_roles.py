"""Who did what to whom: pick actor1 (agent) and actor2 (target) in a sentence.

The agent is the subject of the main event verb, or the "by X" phrase of a
passive; the target is the passive subject, the object, or the object of
"against / on / at / with / to ...".  A reporting verb ("said", "reported")
is not the event: we descend into its clause.  When the parse gives nothing
usable we fall back to text order.
"""
from __future__ import annotations

from typing import Any

from tocsin.extract.actors import COUNTRY
from tocsin.models import Actor, Mention

Found = list[tuple[Actor, Mention]]

_REPORTING = frozenset("""say tell report announce state add claim confirm quote write note
explain believe think reveal""".split())
#: "X said Y must leave" is X's demand: a deontic modal keeps the speaker as the agent.
_DEMAND_MODALS = frozenset(["must", "should", "ought"])
_SUBJECTS = frozenset(["nsubj", "csubj", "expl"])
_OBJECTS = frozenset(["dobj", "dative", "attr", "oprd", "obj"])
_TARGET_PREPS = frozenset("""against on upon at with to toward towards into over onto
targeting between""".split())
_LOCATIVE = frozenset("""in at near from inside outside across around throughout within into
through along""".split())
_CLAUSES = frozenset(["xcomp", "ccomp", "conj", "advcl"])


def pick_roles(span: Any, found: Found, hint: str | None) -> tuple[Actor | None, Actor | None]:
    if not found:
        return None, None
    verb = main_verb(span)
    agent = _agent(verb, found) if verb is not None else None
    target = _target(verb, found, agent) if verb is not None else None
    if agent is None:
        agent = _first(found, exclude=target, places_last=True)
    if target is None:
        target = _first([f for f in found if f[1].start > agent[1].start], exclude=agent,
                        places_last=True) if agent else None
    return (agent[0] if agent else None), (target[0] if target else None)


def main_verb(span: Any) -> Any:
    """The root, or the event inside a reporting clause ("X said Y attacked Z")."""
    verb = span.root
    for _ in range(3):
        if verb.lemma_.lower() not in _REPORTING:
            break
        inner = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        if not inner or any(c.lower_ in _DEMAND_MODALS for c in inner[0].children):
            break
        verb = inner[0]
    return verb


def _holder(token: Any, found: Found) -> tuple[Actor, Mention] | None:
    """The actor whose mention covers `token`, or the first one in its subtree."""
    for item in found:
        if item[1].start <= token.idx < item[1].end:
            return item
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    inside = [item for item in found if left <= item[1].start and item[1].end <= right]
    return inside[0] if inside else None


def _agent(verb: Any, found: Found) -> tuple[Actor, Mention] | None:
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and (hit := _holder(objects[0], found)):
                return hit
    subject = _subject(verb)
    return _holder(subject, found) if subject is not None else None


def _subject(verb: Any) -> Any:
    """The verb's subject; a clause with none borrows its governing verb's."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in _SUBJECTS]
        if subjects:
            return subjects[0]
        if token.dep_ not in _CLAUSES or token.head is token:
            return None
        token = token.head
    return None


def _target(verb: Any, found: Found, agent: tuple[Actor, Mention] | None
            ) -> tuple[Actor, Mention] | None:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if passive and (hit := _holder(passive[0], found)) and hit is not agent:
        return hit
    candidates: list[tuple[int, tuple[Actor, Mention]]] = []
    for token in _object_tokens(verb):
        hit = _holder(token, found)
        if hit is None or hit is agent or _same(hit, agent):
            continue
        place = hit[1].label == COUNTRY and token.head.lower_ in _LOCATIVE
        candidates.append((1 if place else 0, hit))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1][1].start))[1]


def _object_tokens(verb: Any, depth: int = 0) -> list[Any]:
    """Objects of the verb and of prepositions and clauses it governs, in text order."""
    out: list[Any] = []
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            out.append(child)
        elif child.dep_ == "prep" and (child.lower_ in _TARGET_PREPS or child.lower_ in _LOCATIVE):
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("xcomp", "ccomp", "advcl", "dobj") and depth < 2:
            out.extend(_object_tokens(child, depth + 1))
        if child.dep_ in _OBJECTS and depth < 2:
            out.extend(_object_tokens(child, depth + 1))
    return sorted(out, key=lambda t: t.i)


def _same(a: tuple[Actor, Mention], b: tuple[Actor, Mention] | None) -> bool:
    return b is not None and a[1] == b[1]


def _first(found: Found, exclude: tuple[Actor, Mention] | None,
           places_last: bool) -> tuple[Actor, Mention] | None:
    pool = [item for item in found if not _same(item, exclude)]
    if places_last:
        pool.sort(key=lambda item: (item[1].label == COUNTRY, item[1].start))
    return pool[0] if pool else None
