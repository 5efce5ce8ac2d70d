"""Turn records into store rows and back, losslessly.

Events and alerts are stored twice over: as flat, indexed columns that queries
filter on, and as one JSON payload that restores the exact dataclass.  The
payload is the source of truth; the columns are derived from it.
"""
from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from tocsin.models import (
    Actor, Alert, Article, Attribution, Correction, Event, Evidence, Mention, Movement, Place,
    Problem, Sources,
)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def place_to_json(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "name": place.name, "lat": place.lat, "lon": place.lon, "admin1": place.admin1,
        "country": place.country, "precision": place.precision,
        "country_code": place.country_code, "geonameid": place.geonameid,
        "feature_code": place.feature_code, "population": place.population,
        "admin2": place.admin2, "explanation": place.explanation,
    }


def place_from_json(data: dict[str, Any] | None) -> Place | None:
    return None if data is None else Place(**data)


def actor_to_json(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"text": actor.text, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "known": actor.known}


def actor_from_json(data: dict[str, Any] | None) -> Actor | None:
    return None if data is None else Actor(**data)


def mention_to_json(mention: Mention | None) -> dict[str, Any] | None:
    if mention is None:
        return None
    return {"text": mention.text, "start": mention.start, "end": mention.end, "label": mention.label}


def event_to_json(event: Event) -> dict[str, Any]:
    movement = event.movement
    return {
        "id": event.id, "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "plover": event.plover, "date": _iso(event.date), "date_precision": event.date_precision,
        "status": event.status, "fatalities": event.fatalities,
        "actor1": actor_to_json(event.actor1), "actor2": actor_to_json(event.actor2),
        "location": place_to_json(event.location),
        "movement": None if movement is None else {
            "kind": movement.kind, "origin": place_to_json(movement.origin),
            "destination": place_to_json(movement.destination)},
        "attribution": attribution_to_json(event.attribution),
        "evidence": {
            "article_id": event.evidence.article_id, "sentence": event.evidence.sentence,
            "start": event.evidence.start, "end": event.evidence.end,
            "trigger": mention_to_json(event.evidence.trigger)},
        "sources": {"articles": event.sources.articles, "independent": event.sources.independent},
        "cluster_id": event.cluster_id, "confidence": event.confidence,
        "places_mentioned": [place_to_json(p) for p in event.places_mentioned],
        "corrections": [correction_to_json(c) for c in event.corrections],
        "assoc_actor1": [actor_to_json(a) for a in event.assoc_actor1],
        "assoc_actor2": [actor_to_json(a) for a in event.assoc_actor2],
    }


def attribution_to_json(said: Attribution | None) -> dict[str, Any] | None:
    if said is None:
        return None
    return {"text": said.text, "kind": said.kind, "name": said.name, "quote": said.quote,
            "cites": attribution_to_json(said.cites)}


def attribution_from_json(data: dict[str, Any] | None) -> Attribution | None:
    if data is None:
        return None
    return Attribution(text=data["text"], kind=data["kind"], name=data.get("name"),
                       quote=data.get("quote"), cites=attribution_from_json(data.get("cites")))


def correction_to_json(correction: Correction) -> dict[str, Any]:
    return {"id": correction.id, "event_id": correction.event_id, "fields": list(correction.fields),
            "note": correction.note, "made_at": _iso(correction.made_at)}


def correction_from_json(data: dict[str, Any]) -> Correction:
    made = data.get("made_at")
    return Correction(id=data["id"], event_id=data["event_id"], fields=tuple(data.get("fields", ())),
                      note=data.get("note"), made_at=datetime.fromisoformat(made) if made else None)


def event_from_json(data: dict[str, Any]) -> Event:
    movement = data.get("movement")
    evidence = data["evidence"]
    trigger = evidence.get("trigger")
    return Event(
        id=data["id"], event_type=data["event_type"], sub_event_type=data["sub_event_type"],
        plover=data.get("plover"),
        date=date.fromisoformat(data["date"]) if data.get("date") else None,
        date_precision=data["date_precision"], status=data["status"],
        fatalities=data.get("fatalities"),
        actor1=actor_from_json(data.get("actor1")), actor2=actor_from_json(data.get("actor2")),
        location=place_from_json(data.get("location")),
        movement=None if movement is None else Movement(
            kind=movement["kind"], origin=place_from_json(movement.get("origin")),
            destination=place_from_json(movement.get("destination"))),
        attribution=attribution_from_json(data.get("attribution")),
        evidence=Evidence(
            article_id=evidence["article_id"], sentence=evidence["sentence"],
            start=evidence["start"], end=evidence["end"],
            trigger=None if trigger is None else Mention(**trigger)),
        sources=Sources(**data.get("sources", {})),
        cluster_id=data.get("cluster_id"), confidence=data.get("confidence", 0.0),
        places_mentioned=tuple(Place(**p) for p in data.get("places_mentioned", [])),
        corrections=tuple(correction_from_json(c) for c in data.get("corrections", ())),
        assoc_actor1=tuple(Actor(**a) for a in data.get("assoc_actor1", ())),
        assoc_actor2=tuple(Actor(**a) for a in data.get("assoc_actor2", ())),
    )


EVENT_COLUMNS = (
    "id", "article_id", "cluster_id", "event_type", "sub_event_type", "plover", "date",
    "date_precision", "status", "fatalities", "actor1_name", "actor1_kind", "actor2_name",
    "actor2_kind", "place_name", "admin1", "admin2", "country", "lat", "lon", "precision",
    "movement_kind", "sources_articles", "sources_independent", "payload",
)
ALERT_COLUMNS = ("id", "kind", "actor", "region", "fired_at", "severity", "payload")
PROBLEM_COLUMNS = ("origin", "reason", "message", "noted_at")


def event_row(event: Event) -> tuple[Any, ...]:
    """The flat columns of the `events` table, in schema order, with the JSON payload
    (the row format of stores written before the typed columns)."""
    return flat_values(event) + (json.dumps(event_to_json(event), ensure_ascii=False),)


def flat_values(event: Event) -> tuple[Any, ...]:
    """The flat columns every event row starts with, in schema order."""
    loc, a1, a2 = event.location, event.actor1, event.actor2
    return (
        event.id, event.evidence.article_id, event.cluster_id or event.id,
        event.event_type, event.sub_event_type, event.plover, event.date,
        event.date_precision, event.status, event.fatalities,
        a1.name if a1 else None, a1.kind if a1 else None,
        a2.name if a2 else None, a2.kind if a2 else None,
        loc.name if loc else None, loc.admin1 if loc else None,
        loc.admin2 if loc else None, loc.country if loc else None,
        loc.lat if loc else None, loc.lon if loc else None, loc.precision if loc else None,
        event.movement.kind if event.movement else None,
        event.sources.articles, event.sources.independent,
    )


def article_row(article: Article, signature: bytes | None) -> tuple[Any, ...]:
    return (
        article.id, article.url, article.title, article.author, article.source,
        article.published, article.genre, article.text,
        json.dumps([list(c) for c in article.captions]), article.dateline_place,
        article.content_hash, article.duplicate_of, article.origin, signature,
        article.published_offset_minutes,
    )


ARTICLE_COLUMNS = (
    "id", "url", "title", "author", "source", "published", "genre", "text", "captions",
    "dateline_place", "content_hash", "duplicate_of", "origin", "minhash",
    "published_offset_minutes",
)


def article_from_row(row: dict[str, Any]) -> Article:
    published = row.get("published")
    return Article(
        id=row["id"], text=row["text"], title=row.get("title"), url=row.get("url"),
        source=row.get("source"), author=row.get("author"),
        published=published if isinstance(published, datetime) or published is None
        else datetime.fromisoformat(str(published)),
        published_offset_minutes=row.get("published_offset_minutes"),
        genre=row.get("genre") or "news",
        captions=tuple(tuple(c) for c in json.loads(row.get("captions") or "[]")),
        dateline_place=row.get("dateline_place"), content_hash=row.get("content_hash") or "",
        duplicate_of=row.get("duplicate_of"), origin=row.get("origin") or "",
    )


def alert_row(alert: Alert) -> tuple[Any, ...]:
    return (alert.id, alert.kind, alert.actor, alert.region, alert.fired_at,
            alert.severity, json.dumps(alert.to_dict(), ensure_ascii=False))


def alert_from_json(data: dict[str, Any]) -> Alert:
    fired = data.get("fired_at")
    return Alert(
        id=data["id"], kind=data["kind"], actor=data.get("actor"), region=data.get("region"),
        fired_at=datetime.fromisoformat(fired) if fired else None,
        severity=data["severity"], summary=data["summary"],
        evidence=tuple(data.get("evidence", ())),
        bearing_deg=data.get("bearing_deg"), distance_km=data.get("distance_km"),
        later_evidence=tuple(data.get("later_evidence", ())),
        updated_at=datetime.fromisoformat(updated) if (updated := data.get("updated_at")) else None,
    )


def problem_row(problem: Problem) -> tuple[Any, ...]:
    return (problem.origin, problem.reason, problem.message, problem.at or datetime.utcnow())
