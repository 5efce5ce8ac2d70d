"""Events and alerts in the output contract's shapes: JSON lines, CSV, GeoJSON."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from tocsin.models import CONTRACT_VERSION, Alert, Article, Event

CSV_COLUMNS = (
    "id", "date", "date_precision", "event_type", "sub_event_type", "plover", "status",
    "fatalities", "actor1", "actor1_kind", "actor1_country", "actor2", "actor2_kind",
    "actor2_country", "location", "admin1", "country", "lat", "lon", "geo_precision",
    "movement", "movement_origin", "movement_destination", "attribution", "attribution_kind",
    "article_id", "source", "url", "published", "sentence", "sources_articles",
    "sources_independent",
)


def event_record(event: Event, articles: Mapping[str, Article]) -> dict[str, Any]:
    return event.to_dict(articles.get(event.evidence.article_id))


def jsonl_lines(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    for record in records:
        yield json.dumps(record, ensure_ascii=False)


def flat_row(record: dict[str, Any]) -> dict[str, Any]:
    """One event record flattened to the CSV columns."""
    a1, a2 = record.get("actor1") or {}, record.get("actor2") or {}
    loc, mov = record.get("location") or {}, record.get("movement") or {}
    att, art = record.get("attribution") or {}, record.get("article") or {}
    return {
        "id": record["id"], "date": record["date"], "date_precision": record["date_precision"],
        "event_type": record["event_type"], "sub_event_type": record["sub_event_type"],
        "plover": record["plover"], "status": record["status"], "fatalities": record["fatalities"],
        "actor1": a1.get("name"), "actor1_kind": a1.get("kind"), "actor1_country": a1.get("country"),
        "actor2": a2.get("name"), "actor2_kind": a2.get("kind"), "actor2_country": a2.get("country"),
        "location": loc.get("name"), "admin1": loc.get("admin1"), "country": loc.get("country"),
        "lat": loc.get("lat"), "lon": loc.get("lon"), "geo_precision": loc.get("precision"),
        "movement": mov.get("kind"),
        "movement_origin": (mov.get("origin") or {}).get("name"),
        "movement_destination": (mov.get("destination") or {}).get("name"),
        "attribution": att.get("name") or att.get("text"), "attribution_kind": att.get("kind"),
        "article_id": art.get("id"), "source": art.get("source"), "url": art.get("url"),
        "published": art.get("published"), "sentence": record["evidence"]["sentence"],
        "sources_articles": record["sources"]["articles"],
        "sources_independent": record["sources"]["independent"],
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """Article text is untrusted: a cell that a spreadsheet would run as a
    formula ("=HYPERLINK(...)") is prefixed with a quote.  Numbers pass as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: spreadsheet_safe(value) for key, value in row.items()}


def csv_text(records: Iterable[dict[str, Any]]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for record in records:
        writer.writerow(safe_row(flat_row(record)))
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def geojson(records: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """A FeatureCollection; events without coordinates are left out, not faked."""
    features = []
    for record in records:
        loc = record.get("location")
        if not loc or loc.get("lat") is None:
            continue
        features.append({
            "type": "Feature", "id": record["id"],
            "geometry": {"type": "Point", "coordinates": [loc["lon"], loc["lat"]]},
            "properties": record,
        })
    return {"type": "FeatureCollection", "contract_version": CONTRACT_VERSION, "features": features}


def alert_records(alerts: Iterable[Alert]) -> Iterator[dict[str, Any]]:
    for alert in alerts:
        yield alert.to_dict()
