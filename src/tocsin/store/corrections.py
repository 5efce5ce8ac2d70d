"""Analysts' corrections to real-world events, applied on top of extraction.

A correction names an event by the id `tocsin events` showed.  Real-world
event ids are coreference cluster ids, and a cluster's id is the smallest id
among its mentions, so that id is also a mention id.  The correction is
anchored to that mention: every time clusters are rebuilt (ingest, refresh)
it is applied to whichever cluster now holds the mention.  So

- re-ingesting the same articles gives the same clusters and ids: nothing moves;
- when the cluster merges with another, the correction applies to the merged
  event, whose id may now be the other cluster's (the smaller) id;
- when the cluster splits, the correction stays with the part that holds the
  anchor mention; the other part is shown as extracted;
- when two corrections reach one event, they apply oldest first, so a later
  value for the same field wins.

The mentions table is never changed: it always shows what was extracted.
"""
from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields, replace
from datetime import date, datetime
from typing import Any

from tocsin.models import STATUSES, Actor, Correction, Event, Place
from tocsin.store import names
from tocsin.store.codec import actor_from_json, actor_to_json, place_from_json, place_to_json


class CorrectionError(ValueError):
    """A correction that cannot be applied: an unknown value or nothing to change."""


@dataclass(frozen=True, slots=True)
class Changes:
    """What a correction sets; None leaves a field as extracted."""

    location: Place | None = None
    actor1: Actor | None = None
    actor2: Actor | None = None
    status: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    date: date | None = None
    fatalities: int | None = None

    def __post_init__(self) -> None:
        if self.status is not None and self.status not in STATUSES:
            raise CorrectionError(f"unknown status {self.status!r}; use one of {', '.join(STATUSES)}")
        if self.fatalities is not None and self.fatalities < 0:
            raise CorrectionError("fatalities cannot be negative")

    def named(self) -> tuple[str, ...]:
        """The contract fields this sets (event_type stands for both type fields)."""
        out = [f.name for f in fields(self) if getattr(self, f.name) is not None]
        if "sub_event_type" in out:
            out.remove("sub_event_type")
            if "event_type" not in out:
                out.append("event_type")
        return tuple(sorted(out))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if isinstance(value, Place):
                out[f.name] = place_to_json(value)
            elif isinstance(value, Actor):
                out[f.name] = actor_to_json(value)
            elif isinstance(value, date):
                out[f.name] = value.isoformat()
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Changes":
        return cls(location=place_from_json(data.get("location")),
                   actor1=actor_from_json(data.get("actor1")),
                   actor2=actor_from_json(data.get("actor2")),
                   status=data.get("status"), event_type=data.get("event_type"),
                   sub_event_type=data.get("sub_event_type"),
                   date=date.fromisoformat(data["date"]) if data.get("date") else None,
                   fatalities=data.get("fatalities"))


def event_type_of(value: str) -> tuple[str, str]:
    """(event_type, sub_event_type) of an ACLED sub-event type, in any spelling."""
    key = names.name_key(value)
    for event_type, sub_event_type in names.taxonomy():
        if names.name_key(sub_event_type) == key:
            return event_type, sub_event_type
    close = names.suggest(value, names.sub_event_types())
    hint = f"; did you mean {' or '.join(map(repr, close))}?" if close else \
        " (name one of the 25 ACLED sub-event types)"
    raise CorrectionError(f"unknown sub-event type {value!r}{hint}")


@dataclass(frozen=True, slots=True)
class StoredCorrection:
    """A correction row: its record and the changes it makes."""

    record: Correction
    changes: Changes


def correction_id(event_id: str, changes: Changes, made_at: datetime) -> str:
    text = "\x1f".join((event_id, json.dumps(changes.to_json(), sort_keys=True), made_at.isoformat()))
    return "co-" + hashlib.sha1(text.encode()).hexdigest()[:14]


def apply(event: Event, corrections: Sequence[StoredCorrection]) -> Event:
    """The event with the corrections' values, oldest first, and their records attached."""
    for stored in sorted(corrections, key=lambda c: (c.record.made_at or datetime.min, c.record.id)):
        changes = stored.changes
        updates: dict[str, Any] = {f.name: getattr(changes, f.name) for f in fields(changes)
                                   if getattr(changes, f.name) is not None}
        if "date" in updates:
            updates["date_precision"] = "day"
        if "sub_event_type" in updates:      # the extracted PLOVER code went with the old type
            updates["plover"] = names.default_plover(updates["sub_event_type"])
        event = replace(event, **updates, corrections=(*event.corrections, stored.record))
    return event


def clusters_of(mentions: Sequence[Event]) -> dict[str, str]:
    """Mention id -> real-world event (cluster) id."""
    return {m.id: m.cluster_id or m.id for m in mentions}


def by_cluster(corrections: Iterable[StoredCorrection],
               cluster_of: Mapping[str, str]) -> dict[str, list[StoredCorrection]]:
    """Corrections grouped by the cluster that now holds each one's anchor mention;
    an anchor that is no mention (an old store) is taken as a cluster id."""
    grouped: dict[str, list[StoredCorrection]] = defaultdict(list)
    for stored in corrections:
        anchor = stored.record.event_id
        grouped[cluster_of.get(anchor, anchor)].append(stored)
    return grouped


def apply_all(events: Sequence[Event], corrections: Sequence[StoredCorrection],
              cluster_of: Mapping[str, str]) -> list[Event]:
    """Real-world events (or mentions, by their cluster_id) with their corrections applied."""
    if not corrections:
        return list(events)
    grouped = by_cluster(corrections, cluster_of)
    return [apply(e, grouped[key]) if (key := e.cluster_id or e.id) in grouped else e
            for e in events]
