"""An analyst's edits: correct a real-world event, dismiss an alert.

    correct(store, "ev1a2b...", CorrectionRequest(place="Tikrit", status="reported"), note="...")
    dismiss(store, "ne-43e4...", "the evidence is about 2013")

The CLI (`tocsin correct`, `tocsin dismiss`) and the API call these.  Names
given by the analyst are resolved as the pipeline resolves text: a place
through the gazetteer (or taken as given with coordinates), an actor through
the actor dictionary, a type as one of ACLED's sub-event types.  The
correction is stored apart from extraction (see `tocsin.store.corrections`
for what happens when clusters are rebuilt), then coreference and alerts are
recomputed, so alerts follow the corrected place, status or actor.  A dismissed
alert stays dismissed whenever it is recomputed with the same id.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tocsin.models import Actor, Correction, Dismissal, Event, Place
from tocsin.store.corrections import Changes, CorrectionError, event_type_of

if TYPE_CHECKING:
    from tocsin.store import Store

__all__ = ["CorrectionError", "CorrectionRequest", "correct", "dismiss", "undismiss", "withdraw"]


@dataclass(frozen=True, slots=True)
class CorrectionRequest:
    """What an analyst says is right, as typed: names, not resolved records."""

    place: str | None = None
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    actor1: str | None = None
    actor2: str | None = None
    status: str | None = None
    sub_event_type: str | None = None
    date: date | None = None
    fatalities: int | None = None


def resolve_place(request: CorrectionRequest, event: Event | None) -> Place | None:
    """The corrected place: as given when coordinates come with it, else the
    gazetteer's reading of the name (in the event's country when it has one)."""
    if request.lat is None and request.lon is None:
        if request.place is None:
            return None
        from tocsin.geo.geocoder import Geocoder

        hint = event.location.country_code if event and event.location else None
        found = Geocoder.default().find(request.place, hint)
        if found is None:
            raise CorrectionError(f"no place called {request.place!r} in the gazetteer; "
                                  "give its coordinates with --lat and --lon")
        if request.admin1 or request.country:
            from dataclasses import replace

            found = replace(found, admin1=request.admin1 or found.admin1,
                            country=request.country or found.country)
        return found
    if request.lat is None or request.lon is None:
        raise CorrectionError("give both --lat and --lon")
    if not (-90 <= request.lat <= 90 and -180 <= request.lon <= 180):
        raise CorrectionError("--lat must be in -90..90 and --lon in -180..180")
    from tocsin.store.names import country_code

    code = country_code(request.country) if request.country else None
    return Place(request.place or f"{request.lat:.4f}, {request.lon:.4f}", request.lat, request.lon,
                 request.admin1, request.country, "point", code)


def resolve_actor(name: str | None) -> Actor | None:
    if name is None or not name.strip():
        return None
    from tocsin.extract.actors import ActorResolver

    return ActorResolver().resolve(name.strip())


def changes_of(request: CorrectionRequest, event: Event | None) -> Changes:
    event_type = sub_event_type = None
    if request.sub_event_type:
        event_type, sub_event_type = event_type_of(request.sub_event_type)
    status = request.status.strip().lower() if request.status else None
    return Changes(location=resolve_place(request, event), actor1=resolve_actor(request.actor1),
                   actor2=resolve_actor(request.actor2), status=status, event_type=event_type,
                   sub_event_type=sub_event_type, date=request.date, fatalities=request.fatalities)


def correct(store: "Store", event_id: str, request: CorrectionRequest, note: str | None = None,
            *, alert_config: Path | None = None) -> Correction:
    """Store a correction of a real-world event and recompute coreference and alerts."""
    event = store.event(event_id)
    if event is None:
        raise CorrectionError(f"no event with id {event_id}")
    record = store.add_correction(event_id, changes_of(request, event), note)
    _refresh(store, alert_config)
    return record


def withdraw(store: "Store", event_id: str, *, alert_config: Path | None = None) -> int:
    """Remove an event's corrections; it shows what was extracted again."""
    removed = store.remove_corrections(event_id)
    if removed:
        _refresh(store, alert_config)
    return removed


def dismiss(store: "Store", alert_id: str, why: str) -> Dismissal:
    return store.dismiss(alert_id, why)


def undismiss(store: "Store", alert_id: str) -> bool:
    return store.undismiss(alert_id)


def _refresh(store: "Store", alert_config: Path | None) -> None:
    from tocsin.runner import refresh

    refresh(store, alert_config)
