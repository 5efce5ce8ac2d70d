"""Shared pieces of the evaluators: metrics, the result printout, batching texts."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from tocsin.models import ALERTABLE_STATUSES, Actor, Article, Event, Place


def accuracy(pairs: Sequence[tuple[Any, Any]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """(macro-F1, weighted-F1) over the gold labels."""
    support = Counter(gold)
    f1s: dict[str, float] = {}
    for label in support:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = support[label] - tp
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    if not f1s:
        return 0.0, 0.0
    macro = sum(f1s.values()) / len(f1s)
    weighted = sum(f1s[k] * support[k] for k in f1s) / sum(support.values())
    return macro, weighted


def top_confusions(gold: Sequence[str], pred: Sequence[str], n: int = 8) -> list[tuple[str, str, int]]:
    counts = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    return [(g, p, c) for (g, p), c in counts.most_common(n)]


def emit(title: str, rows: Iterable[tuple[str, Any]], metrics: Mapping[str, Any]) -> None:
    """Print a short table, then the metrics as one JSON object on the last line."""
    print(title)
    for name, value in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {name:<28} {shown}")
    print(json.dumps(dict(metrics), sort_keys=False))


def norm_name(text: str | None) -> str:
    """Fold a place or actor name for comparison: accents, Arabic articles, suffixes."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\b(governorate|province|muhafazat|wilayah|district|region|city)\b", " ", text)
    text = re.sub(r"\b(al|ar|as|ad|an|az|el|ash|at)[-\s]+", "", text)
    text = re.sub(r"[^a-z]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text.replace("ou", "u").replace("ei", "e").replace("ee", "e").replace("h", "")


def main_event(events: Sequence[Event]) -> Event | None:
    """The event an article is mainly about: the earliest factual, located one."""
    factual = [e for e in events if e.status in ALERTABLE_STATUSES] or list(events)
    located = [e for e in factual if e.location is not None]
    if not located:
        return min(factual, key=lambda e: e.evidence.start) if factual else None
    countries = Counter(e.location.country for e in located if e.location)
    main_country = countries.most_common(1)[0][0]
    located = [e for e in located if e.location and e.location.country == main_country]
    return min(located, key=lambda e: (_vagueness(e), e.evidence.start, -e.confidence))


#: ACLED event types in which someone is hurt: their agents are perpetrators.
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
#: Each later event counts this much less than the one before: the lead
#: reports the story, the body retells background and older attacks.
LEAD_DECAY = 0.7
#: A perpetrator named only deep in the body (one vote from the fifth event
#: on) is background, not who did this article's violence.
MIN_PERPETRATOR_VOTE = 0.25


def main_perpetrator(events: Sequence[Event],
                     side: Callable[[Actor], str | None] | None = None) -> str | None:
    """Who did the violence an article reports: a vote over the agents of its
    factual violent events (or events with deaths), weighted to the lead and
    doubled where the event counts dead.  `side` groups actors into the sides
    voted on (default: the canonical name of a known actor); it returns None
    for an actor that is no side.  None when no violent event has an agent."""
    side = side or _known_name
    votes: defaultdict[str, float] = defaultdict(float)
    for rank, event in enumerate(sorted(events, key=lambda e: e.evidence.start)):
        if event.status not in ALERTABLE_STATUSES or not _violent(event):
            continue
        actor = _perpetrator(event)
        who = side(actor) if actor is not None else None
        if who is not None:
            votes[who] += LEAD_DECAY ** rank * (2 if event.fatalities else 1)
    best = max(votes, key=lambda k: votes[k]) if votes else None
    return best if best is not None and votes[best] >= MIN_PERPETRATOR_VOTE else None


def main_region(events: Sequence[Event], country_code: str | None = None) -> Place | None:
    """The first-level region (admin1) an article is mostly about: a vote over
    the places its factual events' sentences name, weighted to the lead and
    doubled for violent events.  An event's place counts only where its own
    sentence names it: a place inherited from the document focus would let
    one early guess (often a capital speaking for its government, or a
    foreign town) echo through every sentence that names none.

    `country_code` (ISO alpha-2) keeps only places in that country, for a
    corpus known to be about one; by default the country most events are in.
    Returns one place of the winning region, or None when no place has one.
    """
    ordered = sorted(events, key=lambda e: e.evidence.start)
    factual = [e for e in ordered if e.status in ALERTABLE_STATUSES] or ordered
    if country_code is None:
        countries = Counter(e.location.country_code for e in factual if e.location)
        country_code = countries.most_common(1)[0][0] if countries else None
    votes: defaultdict[str, float] = defaultdict(float)
    first: dict[str, Place] = {}
    for rank, event in enumerate(factual):
        weight = LEAD_DECAY ** rank * (2 if _violent(event) else 1)
        for place in _named_places(event):
            if place.country_code != country_code or not place.admin1 \
                    or place.precision in ("country", "region"):
                continue
            votes[place.admin1] += weight
            first.setdefault(place.admin1, place)
    return first[max(votes, key=lambda k: votes[k])] if votes else None


def _named_places(event: Event) -> list[Place]:
    """The places an event's sentence names, its own place listed twice when
    named there: where it happened outweighs where else the sentence points."""
    named = list({id(p): p for p in event.places_mentioned}.values())
    where = event.location
    if where is not None and any((p.name, p.admin1) == (where.name, where.admin1) for p in named):
        named.append(where)
    return named


def _violent(event: Event) -> bool:
    return event.event_type in VIOLENT_TYPES or bool(event.fatalities)


#: Words of an agent phrase that reports, speaks for or administers but does
#: not fight ("SANA reporter", "a spokesperson", "officials"): the role
#: extractor takes such a subject as the agent, yet it is nobody's attacker.
_NON_COMBATANT_WORDS = frozenset("""reporter reporters correspondent agency news media
    television tv spokesperson spokesman spokeswoman source sources official officials
    observatory monitor volunteers administration head""".split())


def _perpetrator(event: Event) -> Actor | None:
    """The event's agent when it can be who did the violence."""
    actor = event.actor1
    if actor is None:
        return None
    if set(re.findall(r"[a-z]+", actor.text.lower())) & _NON_COMBATANT_WORDS:
        return None
    return None if _names_own_place(actor, event) else actor


def _names_own_place(actor: Actor, event: Event) -> bool:
    """The agent phrase names a town or province of the event's own country
    ("DAMASCUS", "Aleppo Governorate"): a capital read as its government, or
    a place read as an agent.  The place that is hit is not its attacker;
    a foreign capital ("Moscow") still speaks for its government."""
    if event.location is None:
        return False
    text = actor.text.lower()
    places = [event.location, *event.places_mentioned]
    return any(p.country_code == event.location.country_code and p.name.lower() in text
               and p.precision not in ("country", "region") for p in places)


def _known_name(actor: Actor) -> str | None:
    return actor.name if actor.known and actor.kind not in ("civilians", "other") else None


def _vagueness(event: Event) -> int:
    """0 for a town or district, 1 for a province, 2 for a country or nothing."""
    precision = event.location.precision if event.location else None
    return {"city": 0, "admin2": 0, "point": 0, "admin1": 1}.get(precision or "", 2)


def analyse(texts: Sequence[tuple[str, str, datetime | None]], batch_size: int = 32
            ) -> Iterable[tuple[str, list[Event]]]:
    """Run the full pipeline over (id, text, published) triples, batched."""
    from tocsin.extract.genre import classify as classify_genre
    from tocsin.runner import Pipeline, batched

    pipeline = Pipeline()
    for chunk in batched(texts, batch_size):
        articles = [Article(id=i, text=t, published=p, genre=classify_genre(None, t))
                    for i, t, p in chunk]
        for article, events in pipeline.run(articles):
            yield article.id, events
