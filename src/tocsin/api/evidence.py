"""An event with its whole cluster and the spans to highlight in each sentence.

Spans are offsets into the evidence sentence, so the dashboard can wrap them
in elements with textContent and never needs to parse markup.
"""
from __future__ import annotations

from typing import Any

from tocsin.api import queries
from tocsin.models import Alert, Event
from tocsin.store import Store
from tocsin.store.formats import event_record


def highlights(event: Event) -> list[dict[str, Any]]:
    """Non-overlapping (start, end, label) spans for trigger, actors and place."""
    sentence, base = event.evidence.sentence, event.evidence.start
    spans: list[tuple[int, int, str]] = []
    trigger = event.evidence.trigger
    if trigger is not None:
        spans.append((trigger.start - base, trigger.end - base, "trigger"))
    named = (("actor1", event.actor1.text if event.actor1 else None),
             ("actor2", event.actor2.text if event.actor2 else None),
             ("place", event.location.name if event.location else None))
    for label, text in named:
        if text and (at := sentence.find(text)) >= 0:
            spans.append((at, at + len(text), label))
    kept: list[tuple[int, int, str]] = []
    for start, end, label in sorted(spans):
        if 0 <= start < end <= len(sentence) and (not kept or start >= kept[-1][1]):
            kept.append((start, end, label))
    return [{"start": s, "end": e, "label": label} for s, e, label in kept]


def mention(event: Event, store: Store) -> dict[str, Any]:
    article = store.article(event.evidence.article_id)
    articles = {article.id: article} if article else {}
    record = event_record(event, articles)
    record["highlights"] = highlights(event)
    record["cluster_id"] = event.cluster_id
    return record


def event_detail(event: Event, store: Store) -> dict[str, Any]:
    """The event, then every other mention of the same real-world event."""
    others = [e for e in store.cluster(event.cluster_id) if e.id != event.id] \
        if event.cluster_id else []
    return {"ok": True, "event": mention(event, store),
            "mentions": [mention(e, store) for e in others]}


def alert_records(alerts: list[Alert], store: Store) -> list[dict[str, Any]]:
    """Every alert with its located evidence, from one query for all of them."""
    wanted = sorted({event_id for alert in alerts for event_id in alert.evidence})
    by_id = {e["id"]: e for e in queries.events_by_ids(store, wanted)}
    return [_with_evidence(alert, [by_id[i] for i in alert.evidence if i in by_id])
            for alert in alerts]


def alert_record(alert: Alert, store: Store) -> dict[str, Any]:
    """The alert plus where its evidence happened, so a client can zoom to it."""
    return alert_records([alert], store)[0]


def _with_evidence(alert: Alert, located: list[dict[str, Any]]) -> dict[str, Any]:
    located = sorted(located, key=lambda e: (e["date"] is None, e["date"] or "", e["id"]))
    record = alert.to_dict()
    record["evidence_events"] = located
    points = [(e["lon"], e["lat"]) for e in located if e["lat"] is not None]
    record["bbox"] = None if not points else [
        min(p[0] for p in points), min(p[1] for p in points),
        max(p[0] for p in points), max(p[1] for p in points)]
    return record


def alerts_geojson(records: list[dict[str, Any]]) -> dict[str, Any]:
    """Each alert as a MultiPoint of its located evidence; alerts without any are left out."""
    features = []
    for record in records:
        points = [[e["lon"], e["lat"]] for e in record["evidence_events"] if e["lat"] is not None]
        if points:
            features.append({"type": "Feature", "id": record["id"], "properties": record,
                             "geometry": {"type": "MultiPoint", "coordinates": points}})
    return {"type": "FeatureCollection", "features": features}
