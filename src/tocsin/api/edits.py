"""Corrections and dismissals over HTTP: the same as `tocsin correct` and `tocsin dismiss`.

    POST   /api/events/{event_id}/corrections   {"place": "Tikrit", "status": "reported", "note": "..."}
    DELETE /api/events/{event_id}/corrections   withdraw them
    POST   /api/alerts/{alert_id}/dismissal     {"why": "the evidence is from 2013"}
    DELETE /api/alerts/{alert_id}/dismissal     restore the alert

Writes need the bearer token, as POST /api/ingest does.  A place is a name the
gazetteer knows, or {"place": name, "lat": .., "lon": ..} taken as given.
"""
from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from tocsin.api.config import ApiConfig
from tocsin.api.errors import ApiError
from tocsin.api.evidence import event_detail
from tocsin.api.ingest import check_token

router = APIRouter()          # included under /api by routes.py
Id = Annotated[str, Path(max_length=200)]


class CorrectionBody(BaseModel):
    """What is right about the event; leave out what is right already."""

    model_config = ConfigDict(extra="forbid")

    place: str | None = Field(None, max_length=200)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    admin1: str | None = Field(None, max_length=200)
    country: str | None = Field(None, max_length=200)
    actor1: str | None = Field(None, max_length=200)
    actor2: str | None = Field(None, max_length=200)
    status: str | None = Field(None, max_length=40)
    sub_event_type: str | None = Field(None, max_length=100)
    date: dt.date | None = None
    fatalities: int | None = Field(None, ge=0)
    note: str | None = Field(None, max_length=2000)


class DismissalBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    why: str = Field(..., min_length=1, max_length=2000)


def _writable(request: Request) -> None:
    config: ApiConfig = request.app.state.config
    check_token(request, config)
    if not request.app.state.database.writable:
        raise ApiError(403, "the database is open read-only")


@router.post("/events/{event_id}/corrections",
             summary="Correct a real-world event (bearer token required)")
async def post_correction(request: Request, event_id: Id, body: CorrectionBody) -> dict[str, Any]:
    from tocsin import edits

    _writable(request)
    fields = body.model_dump(exclude={"note"})
    correction = edits.CorrectionRequest(**fields)

    def write() -> dict[str, Any]:
        with request.app.state.database.writer() as store:
            try:
                record = edits.correct(store, event_id, correction, body.note)
            except edits.CorrectionError as exc:
                status = 404 if str(exc).startswith("no event") else 400
                raise ApiError(status, str(exc)) from None
            event = store.event(record.event_id)
            return {"ok": True, "correction": record.to_dict(),
                    "event": event_detail(event, store)["event"] if event else None}
    return await run_in_threadpool(write)


@router.delete("/events/{event_id}/corrections",
               summary="Withdraw an event's corrections (bearer token required)")
async def delete_corrections(request: Request, event_id: Id) -> dict[str, Any]:
    from tocsin import edits

    _writable(request)

    def write() -> dict[str, Any]:
        with request.app.state.database.writer() as store:
            return {"ok": True, "withdrawn": edits.withdraw(store, event_id)}
    return await run_in_threadpool(write)


@router.post("/alerts/{alert_id}/dismissal",
             summary="Dismiss an alert as a false alarm (bearer token required)")
async def post_dismissal(request: Request, alert_id: Id, body: DismissalBody) -> dict[str, Any]:
    from tocsin import edits

    _writable(request)

    def write() -> dict[str, Any]:
        with request.app.state.database.writer() as store:
            try:
                dismissal = edits.dismiss(store, alert_id, body.why)
            except edits.CorrectionError as exc:
                status = 404 if str(exc).startswith("no alert") else 400
                raise ApiError(status, str(exc)) from None
            return {"ok": True, "alert_id": alert_id, "dismissed": dismissal.to_dict()}
    return await run_in_threadpool(write)


@router.delete("/alerts/{alert_id}/dismissal",
               summary="Restore a dismissed alert (bearer token required)")
async def delete_dismissal(request: Request, alert_id: Id) -> dict[str, Any]:
    from tocsin import edits

    _writable(request)

    def write() -> dict[str, Any]:
        with request.app.state.database.writer() as store:
            return {"ok": True, "restored": edits.undismiss(store, alert_id)}
    return await run_in_threadpool(write)
