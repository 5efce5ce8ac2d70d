"""Read-only endpoints: events, alerts, actors, tracks, articles, stats."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from tocsin.api import evidence, queries, responses
from tocsin.api.config import ApiConfig
from tocsin.api.errors import ApiError
from tocsin.api.tracks import track_geojson
from tocsin.store import EventFilter, FilterError, Store
from tocsin.store import formats
from tocsin.store.filters import ALERT_OPTIONS, EVENT_OPTIONS, FilterOption

router = APIRouter(prefix="/api")
Text = Annotated[str | None, Query(max_length=200)]


def _help(name: str, options: tuple[FilterOption, ...] = EVENT_OPTIONS) -> str:
    return next(o.help for o in options if o.name == name)

Format = Annotated[str | None, Query(max_length=20, description="json, geojson or csv; "
                                     "default from the Accept header, else json")]


def store(request: Request) -> Iterator[Store]:
    with request.app.state.database.reader() as reader:
        yield reader


def config(request: Request) -> ApiConfig:
    return request.app.state.config


StoreDep = Annotated[Store, Depends(store)]
ConfigDep = Annotated[ApiConfig, Depends(config)]


def event_query(
    since: Annotated[date | None, Query(description="First event date, YYYY-MM-DD.")] = None,
    until: Annotated[date | None, Query(description="Last event date, YYYY-MM-DD.")] = None,
    bbox: Annotated[str | None, Query(max_length=200, description="west,south,east,north")] = None,
    actor: Annotated[str | None, Query(max_length=200, description=_help("actor"))] = None,
    country: Annotated[str | None, Query(max_length=200, description=_help("country"))] = None,
    admin1: Text = None, admin2: Text = None,
    event_type: Annotated[str | None, Query(max_length=200, description=_help("event_type"))] = None,
    type: Annotated[str | None, Query(max_length=200, description="Another name for event_type.")] = None,
    status: Annotated[str | None, Query(max_length=40, description=_help("status"))] = None,
    min_sources: Annotated[int | None, Query(description=_help("min_sources"))] = None,
) -> dict[str, Any]:
    """The event filter parameters, named as the library names them (`type` is an alias)."""
    return {"since": since, "until": until, "bbox": bbox, "actor": actor, "country": country,
            "admin1": admin1, "admin2": admin2, "event_type": event_type, "type": type,
            "status": status, "min_sources": min_sources}


QueryDep = Annotated[dict[str, Any], Depends(event_query)]


def alert_query(
    since: Annotated[date | None, Query(description="First day an alert fired.")] = None,
    until: Annotated[date | None, Query(description="Last day an alert fired.")] = None,
    kind: Annotated[str | None, Query(max_length=40, description=_help("kind", ALERT_OPTIONS))] = None,
    actor: Text = None,
    region: Annotated[str | None, Query(max_length=200, description=_help("region", ALERT_OPTIONS))] = None,
    min_severity: Annotated[float | None, Query(description="Least severity, 0 to 1.")] = None,
    include_dismissed: Annotated[bool, Query(description="Also list dismissed alerts.")] = False,
) -> dict[str, Any]:
    return {"since": since, "until": until, "kind": kind, "actor": actor, "region": region,
            "min_severity": min_severity, "include_dismissed": include_dismissed}


AlertQueryDep = Annotated[dict[str, Any], Depends(alert_query)]


def not_found(what: str) -> ApiError:
    return ApiError(404, f"no {what}", [{"loc": ["path"], "msg": "not found"}])


@router.get("/events", summary="Events matching the filters, a page at a time")
def list_events(request: Request, db: StoreDep, cfg: ConfigDep, query: QueryDep,
                page: int = 1, limit: int | None = None, format: Format = None) -> Response:
    fmt = responses.choose_format(request, format, ("json", "geojson", "csv"))
    size, offset = queries.page_window(page, limit, cfg.default_page_size, cfg.max_page_size)
    flt = queries.event_filter(query, db, limit=size, offset=offset)
    total = db.count_events(flt)
    found = db.events(flt)
    articles = queries.article_meta(db, [e.evidence.article_id for e in found])
    records = [formats.event_record(e, articles) for e in found]
    paging = {"total": total, "page": page, "limit": size, "pages": -(-total // size)}
    if fmt == "csv":
        return responses.csv_response(formats.csv_text(records), "events.csv")
    if fmt == "geojson":
        return responses.geojson_response({**formats.geojson(records), **paging})
    return JSONResponse({"ok": True, **paging, "events": records})


@router.get("/events/{event_id}", summary="One event with every mention of it and their evidence")
def get_event(db: StoreDep, event_id: Annotated[str, Path(max_length=200)]) -> dict[str, Any]:
    event = db.event(event_id)
    if event is None:
        raise not_found(f"event {event_id!r}")
    return evidence.event_detail(event, db)


@router.get("/timeline", summary="Events per day under the filters (the dashboard histogram)")
def get_timeline(db: StoreDep, query: QueryDep) -> dict[str, Any]:
    return {"ok": True, "days": queries.timeline(db, queries.event_filter(query, db))}


@router.get("/counts", summary="Real-world events per period and group (what `tocsin counts` prints)")
def get_counts(request: Request, db: StoreDep, query: QueryDep,
               by: Annotated[str, Query(max_length=200, description="A period (day, week, month, "
                                        "year) and/or groups, comma-separated: week,admin1")] = "week",
               fill: bool = True, format: Format = None) -> Response:
    from tocsin.store.counts import counts

    fmt = responses.choose_format(request, format, ("json", "csv"))
    flt = queries.event_filter(query, db)
    with queries.filter_errors():
        table = counts(db, by, flt, fill=fill)
    records = table.records()
    if fmt == "csv":
        return responses.csv_response(responses.csv_rows(table.columns, records), "counts.csv")
    return JSONResponse({"ok": True, "period": table.period, "columns": list(table.columns),
                         "rows": records, "left_out": table.left_out})


@router.get("/alerts", summary="Alerts, oldest first, with where their evidence happened; "
            "all of them, or a page at a time when `page` or `limit` is given")
def list_alerts(request: Request, db: StoreDep, cfg: ConfigDep, query: AlertQueryDep,
                page: int | None = None, limit: int | None = None,
                format: Format = None) -> Response:
    fmt = responses.choose_format(request, format, ("json", "geojson", "csv"))
    found = db.alerts(queries.alert_filter(query, db))
    paging: dict[str, int] = {}
    if page is not None or limit is not None:
        page = 1 if page is None else page
        size, offset = queries.page_window(page, limit, cfg.default_page_size,
                                           cfg.max_page_size)
        paging = {"total": len(found), "page": page, "limit": size,
                  "pages": -(-len(found) // size)}
        found = found[offset:offset + size]     # evidence is looked up for this page only
    records = evidence.alert_records(found, db)
    if fmt == "csv":
        columns = ("id", "kind", "actor", "region", "fired_at", "severity", "summary", "evidence",
                   "bearing_deg", "distance_km", "dismissed")
        flat = ({**r, "dismissed": (r["dismissed"] or {}).get("why")} for r in records)
        return responses.csv_response(responses.csv_rows(columns, flat), "alerts.csv")
    if fmt == "geojson":
        return responses.geojson_response({**evidence.alerts_geojson(records), **paging})
    return JSONResponse({"ok": True, **paging, "alerts": records})


@router.get("/actors", summary="Actors with their kind and number of events, busiest first")
def list_actors(request: Request, db: StoreDep, cfg: ConfigDep, limit: int | None = None,
                format: Format = None) -> Response:
    fmt = responses.choose_format(request, format, ("json", "csv"))
    size, _ = queries.page_window(1, limit, cfg.max_page_size, cfg.max_page_size)
    found = queries.actors(db, size)
    if fmt == "csv":
        columns = ("name", "kind", "events", "first_date", "last_date")
        return responses.csv_response(responses.csv_rows(columns, found), "actors.csv")
    return JSONResponse({"ok": True, "actors": found})


@router.get("/actors/{name}/track", summary="An actor's movement over time as GeoJSON")
def get_track(request: Request, db: StoreDep, name: Annotated[str, Path(max_length=200)],
              since: date | None = None, until: date | None = None,
              format: Format = None) -> Response:
    responses.choose_format(request, format, ("json", "geojson"))
    queries.event_filter({"since": since, "until": until})      # validates the dates
    try:
        name = db.actor_name(name)
    except FilterError as exc:
        raise ApiError(404, f"no actor {name!r}", [{"loc": ["path", "name"], "msg": str(exc)}]) from None
    if db.count_events(EventFilter(actor=name)) == 0:
        raise not_found(f"actor {name!r}")
    database = request.app.state.database
    key = (database.generation, name.lower(), since, until)
    cached = request.app.state.track_cache.get(key, lambda: track_geojson(db, name, since, until))
    return responses.geojson_response(cached)


@router.get("/articles/{article_id}", summary="One article with its text and the events found in it")
def get_article(db: StoreDep, article_id: Annotated[str, Path(max_length=300)]) -> dict[str, Any]:
    article = db.article(article_id)
    if article is None:
        raise not_found(f"article {article_id!r}")
    found = db.mentions(EventFilter(article_id=article_id))
    return {"ok": True, "article": article.to_dict(),
            "events": [{"id": e.id, "sub_event_type": e.sub_event_type, "date":
                        e.date.isoformat() if e.date else None} for e in found]}


@router.get("/stats", summary="Whole-store counts: articles, events by type, top actors")
def get_stats(db: StoreDep) -> dict[str, Any]:
    from tocsin.store.stats import stats

    return {"ok": True, **stats(db).to_dict()}


@router.get("/health", summary="Is the server up, writable, and are the dashboard libraries there")
def health(request: Request) -> dict[str, Any]:
    state = request.app.state
    return {"ok": True, "writable": state.database.writable, "vendor": state.vendor_dir is not None}


from tocsin.api import edits as edits_api  # noqa: E402  (the write endpoints for the dashboard)

router.include_router(edits_api.router)
