"""Mentions and events as typed columns: written and read back without JSON.

A row of `mentions` or `events` holds every field of an `Event`: the flat,
indexed columns that filters read (`actor1_name`, `lat`, `status`, ...) and
typed STRUCT / LIST columns for the nested parts (`location`, `actor1`,
`attribution`, `places_mentioned`, ...).  DuckDB hands those back as plain
Python values, so reading an event costs no JSON decoding, and refresh can
read just the columns coreference needs.

Stores written before these columns existed keep their JSON `payload`; such a
row is still read (from the payload) until refresh rewrites it.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from tocsin.models import (
    Actor, Attribution, Correction, Event, Evidence, Mention, Movement, Place, Sources,
)
from tocsin.store.codec import flat_values

if TYPE_CHECKING:
    import pyarrow as pa

_PLACE = ("STRUCT(name VARCHAR, lat DOUBLE, lon DOUBLE, admin1 VARCHAR, country VARCHAR, "
          "precision VARCHAR, country_code VARCHAR, geonameid BIGINT, feature_code VARCHAR, "
          "population BIGINT, admin2 VARCHAR, explanation VARCHAR)")
_ACTOR = "STRUCT(text VARCHAR, name VARCHAR, kind VARCHAR, country VARCHAR, known BOOLEAN)"
_SAID = "STRUCT(text VARCHAR, kind VARCHAR, name VARCHAR, quote VARCHAR)"
_MENTION = 'STRUCT(text VARCHAR, start INTEGER, "end" INTEGER, label VARCHAR)'
_CORRECTION = ("STRUCT(id VARCHAR, event_id VARCHAR, fields VARCHAR[], note VARCHAR, "
               "made_at TIMESTAMP)")

#: the flat columns filters and exports read, in table order (schema.py)
FLAT_COLUMNS = (
    "id", "article_id", "cluster_id", "event_type", "sub_event_type", "plover", "date",
    "date_precision", "status", "fatalities", "actor1_name", "actor1_kind", "actor2_name",
    "actor2_kind", "place_name", "admin1", "admin2", "country", "lat", "lon", "precision",
    "movement_kind", "sources_articles", "sources_independent",
)
#: typed columns added to the schema-3 tables (ALTER TABLE ... ADD COLUMN IF NOT EXISTS)
TYPED_COLUMNS: dict[str, str] = {
    # smallest member id of the connected coreference component before clean-up
    # (analysis/incremental.py); NULL for a mention no refresh has clustered yet
    "component_id": "VARCHAR",
    "confidence": "DOUBLE",
    "actor1": _ACTOR, "actor2": _ACTOR, "location": _PLACE,
    "origin": _PLACE, "destination": _PLACE,
    # who says it, then whom that source cites, and so on
    "attribution": f"{_SAID}[]",
    "sentence": "VARCHAR", "sentence_start": "INTEGER", "sentence_end": "INTEGER",
    "trigger": _MENTION,
    "places_mentioned": f"{_PLACE}[]",
    "corrections": f"{_CORRECTION}[]",
    "assoc_actor1": f"{_ACTOR}[]", "assoc_actor2": f"{_ACTOR}[]",
}
#: what an INSERT writes (the legacy `payload` column stays NULL)
WRITE_COLUMNS = FLAT_COLUMNS + tuple(TYPED_COLUMNS)
#: what a read selects to rebuild an Event
READ_COLUMNS = WRITE_COLUMNS + ("payload",)

_PLACE_FIELDS = ("name", "lat", "lon", "admin1", "country", "precision", "country_code",
                 "geonameid", "feature_code", "population", "admin2", "explanation")


def _place_type() -> "pa.DataType":
    import pyarrow as pa

    text, number = pa.string(), pa.float64()
    return pa.struct([("name", text), ("lat", number), ("lon", number), ("admin1", text),
                      ("country", text), ("precision", text), ("country_code", text),
                      ("geonameid", pa.int64()), ("feature_code", text),
                      ("population", pa.int64()), ("admin2", text), ("explanation", text)])


def _actor_type() -> "pa.DataType":
    import pyarrow as pa

    text = pa.string()
    return pa.struct([("text", text), ("name", text), ("kind", text), ("country", text),
                      ("known", pa.bool_())])


def arrow_schema() -> "pa.Schema":
    """The Arrow schema of `WRITE_COLUMNS`, so inserts never depend on type inference."""
    import pyarrow as pa

    text, place, actor = pa.string(), _place_type(), _actor_type()
    said = pa.struct([("text", text), ("kind", text), ("name", text), ("quote", text)])
    mention = pa.struct([("text", text), ("start", pa.int32()), ("end", pa.int32()),
                         ("label", text)])
    correction = pa.struct([("id", text), ("event_id", text), ("fields", pa.list_(text)),
                            ("note", text), ("made_at", pa.timestamp("us"))])
    flat: dict[str, pa.DataType] = {
        "date": pa.date32(), "fatalities": pa.int32(), "lat": pa.float64(),
        "lon": pa.float64(), "sources_articles": pa.int32(), "sources_independent": pa.int32(),
    }
    typed: dict[str, pa.DataType] = {
        "component_id": text, "confidence": pa.float64(), "actor1": actor, "actor2": actor,
        "location": place, "origin": place, "destination": place,
        "attribution": pa.list_(said), "sentence": text, "sentence_start": pa.int32(),
        "sentence_end": pa.int32(), "trigger": mention, "places_mentioned": pa.list_(place),
        "corrections": pa.list_(correction), "assoc_actor1": pa.list_(actor),
        "assoc_actor2": pa.list_(actor),
    }
    return pa.schema([(name, flat.get(name, text)) for name in FLAT_COLUMNS]
                     + [(name, typed[name]) for name in TYPED_COLUMNS])


_SCHEMA: "pa.Schema | None" = None


def _schema() -> "pa.Schema":
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = arrow_schema()
    return _SCHEMA


# --- Event -> row ---------------------------------------------------------------

def _place(place: Place | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {name: getattr(place, name) for name in _PLACE_FIELDS}


def _actor(actor: Actor | None) -> dict[str, Any] | None:
    if actor is None:
        return None
    return {"text": actor.text, "name": actor.name, "kind": actor.kind,
            "country": actor.country, "known": actor.known}


def _chain(said: Attribution | None) -> list[dict[str, Any]] | None:
    if said is None:
        return None
    chain = []
    while said is not None:
        chain.append({"text": said.text, "kind": said.kind, "name": said.name,
                      "quote": said.quote})
        said = said.cites
    return chain


def event_values(event: Event, component_id: str | None = None) -> tuple[Any, ...]:
    """One row in `WRITE_COLUMNS` order."""
    loc, a1, a2, move, ev = (event.location, event.actor1, event.actor2, event.movement,
                             event.evidence)
    trigger = ev.trigger
    return flat_values(event) + (
        component_id, event.confidence, _actor(a1), _actor(a2), _place(loc),
        _place(move.origin) if move else None, _place(move.destination) if move else None,
        _chain(event.attribution), ev.sentence, ev.start, ev.end,
        None if trigger is None else {"text": trigger.text, "start": trigger.start,
                                      "end": trigger.end, "label": trigger.label},
        [_place(p) for p in event.places_mentioned],
        [{"id": c.id, "event_id": c.event_id, "fields": list(c.fields), "note": c.note,
          "made_at": c.made_at} for c in event.corrections],
        [_actor(a) for a in event.assoc_actor1], [_actor(a) for a in event.assoc_actor2],
    )


def arrow_table(events: Iterable[Event], components: dict[str, str] | None = None) -> "pa.Table":
    """Events as an Arrow table in `WRITE_COLUMNS` order (one insert, typed)."""
    import pyarrow as pa

    rows = [event_values(e, components.get(e.id) if components else None) for e in events]
    schema = _schema()
    return pa.table([pa.array([row[i] for row in rows], type=field.type)
                     for i, field in enumerate(schema)], schema=schema)


# --- row -> Event ---------------------------------------------------------------

def _to_place(data: dict[str, Any] | None) -> Place | None:
    if data is None:
        return None
    if data["population"] is None:
        data = {**data, "population": 0}
    return Place(**data)


def _to_actor(data: dict[str, Any] | None) -> Actor | None:
    return None if data is None else Actor(**data)


def _to_said(chain: Sequence[dict[str, Any]] | None) -> Attribution | None:
    said = None
    for link in reversed(chain or ()):
        said = Attribution(text=link["text"], kind=link["kind"], name=link["name"],
                           quote=link["quote"], cites=said)
    return said


_READ_INDEX = {name: i for i, name in enumerate(READ_COLUMNS)}


def event_from_values(row: Sequence[Any]) -> Event:
    """An Event from a row selected as `READ_COLUMNS` (a legacy row from its payload)."""
    at = _READ_INDEX
    if row[at["sentence"]] is None and row[at["payload"]] is not None:
        from tocsin.store.codec import event_from_json

        return event_from_json(json.loads(row[at["payload"]]))
    move_kind = row[at["movement_kind"]]
    trigger = row[at["trigger"]]
    day = row[at["date"]]
    return Event(
        id=row[at["id"]], event_type=row[at["event_type"]],
        sub_event_type=row[at["sub_event_type"]], plover=row[at["plover"]],
        date=day.date() if isinstance(day, datetime) else day,
        date_precision=row[at["date_precision"]], status=row[at["status"]],
        fatalities=row[at["fatalities"]],
        actor1=_to_actor(row[at["actor1"]]), actor2=_to_actor(row[at["actor2"]]),
        location=_to_place(row[at["location"]]),
        movement=None if move_kind is None else Movement(
            kind=move_kind, origin=_to_place(row[at["origin"]]),
            destination=_to_place(row[at["destination"]])),
        attribution=_to_said(row[at["attribution"]]),
        evidence=Evidence(article_id=row[at["article_id"]], sentence=row[at["sentence"]],
                          start=row[at["sentence_start"]], end=row[at["sentence_end"]],
                          trigger=None if trigger is None else Mention(**trigger)),
        sources=Sources(articles=row[at["sources_articles"]],
                        independent=row[at["sources_independent"]]),
        cluster_id=row[at["cluster_id"]], confidence=row[at["confidence"]] or 0.0,
        places_mentioned=tuple(Place(**{**p, "population": p["population"] or 0})
                               for p in row[at["places_mentioned"]] or () if p is not None),
        corrections=tuple(Correction(id=c["id"], event_id=c["event_id"],
                                     fields=tuple(c["fields"] or ()), note=c["note"],
                                     made_at=c["made_at"])
                          for c in row[at["corrections"]] or ()),
        assoc_actor1=tuple(Actor(**a) for a in row[at["assoc_actor1"]] or ()),
        assoc_actor2=tuple(Actor(**a) for a in row[at["assoc_actor2"]] or ()),
    )


def select_list(alias: str = "") -> str:
    """`READ_COLUMNS` for a SELECT (optionally qualified by a table alias)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(f'{prefix}"{name}"' for name in READ_COLUMNS)


def migrations(table: str) -> list[str]:
    """Statements that give a schema-3 table created before these columns the typed ones."""
    return [f'ALTER TABLE {table} ADD COLUMN IF NOT EXISTS "{name}" {kind}'
            for name, kind in TYPED_COLUMNS.items()]

