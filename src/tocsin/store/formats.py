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
    "fatalities", "actor1", "actor1_text", "actor1_kind", "actor1_country", "actor2",
    "actor2_text", "actor2_kind", "actor2_country", "location", "admin1", "admin2", "country",
    "lat", "lon", "geo_precision", "movement", "movement_origin", "movement_origin_lat",
    "movement_origin_lon", "movement_destination", "movement_destination_lat",
    "movement_destination_lon", "attribution", "attribution_kind", "attribution_text",
    "attribution_name", "article_id", "source", "url", "published", "sentence",
    "evidence_start", "evidence_end", "sources_articles", "sources_independent", "corrected",
    "correction_note",
)
#: Columns whose values are whole numbers (nullable) and real numbers, for typed frames.
INTEGER_COLUMNS = ("fatalities", "evidence_start", "evidence_end", "sources_articles",
                   "sources_independent")
FLOAT_COLUMNS = ("lat", "lon", "movement_origin_lat", "movement_origin_lon",
                 "movement_destination_lat", "movement_destination_lon")


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
    origin, destination = mov.get("origin") or {}, mov.get("destination") or {}
    evidence, corrections = record["evidence"], record.get("corrections") or []
    return {
        "id": record["id"], "date": record["date"], "date_precision": record["date_precision"],
        "event_type": record["event_type"], "sub_event_type": record["sub_event_type"],
        "plover": record["plover"], "status": record["status"], "fatalities": record["fatalities"],
        "actor1": a1.get("name"), "actor1_text": a1.get("text"), "actor1_kind": a1.get("kind"),
        "actor1_country": a1.get("country"),
        "actor2": a2.get("name"), "actor2_text": a2.get("text"), "actor2_kind": a2.get("kind"),
        "actor2_country": a2.get("country"),
        "location": loc.get("name"), "admin1": loc.get("admin1"), "admin2": loc.get("admin2"),
        "country": loc.get("country"), "lat": loc.get("lat"), "lon": loc.get("lon"),
        "geo_precision": loc.get("precision"),
        "movement": mov.get("kind"),
        "movement_origin": origin.get("name"), "movement_origin_lat": origin.get("lat"),
        "movement_origin_lon": origin.get("lon"),
        "movement_destination": destination.get("name"),
        "movement_destination_lat": destination.get("lat"),
        "movement_destination_lon": destination.get("lon"),
        "attribution": att.get("name") or att.get("text"), "attribution_kind": att.get("kind"),
        "attribution_text": att.get("text"), "attribution_name": att.get("name"),
        "article_id": art.get("id"), "source": art.get("source"), "url": art.get("url"),
        "published": art.get("published"), "sentence": evidence["sentence"],
        "evidence_start": evidence["start"], "evidence_end": evidence["end"],
        "sources_articles": record["sources"]["articles"],
        "sources_independent": record["sources"]["independent"],
        "corrected": ";".join(sorted({f for c in corrections for f in c["fields"]})) or None,
        "correction_note": " | ".join(c["note"] for c in corrections if c.get("note")) or None,
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
