"""Exports of a store's events: CSV, GeoJSON, JSON lines, hive-partitioned Parquet, ACLED CSV.

    export(store, "acled", Path("events.csv"), EventFilter(country="Iraq"))

Parquet is written as `year=YYYY/month=M/part-0.parquet` folders, which DuckDB
(`read_parquet('dir/**/*.parquet', hive_partitioning=true)`), pandas, Spark and
Dask read as one table.  Every format lists real-world events (coreference clusters), the ones
`tocsin events` shows, with the same ids.  The ACLED export has one row per
real-world event, worded and coded as ACLED's current exports are (text inter
labels, or numeric ones with `inter="numeric"`), and `event_id_cnty` is the
tocsin event id.  Nothing is dropped silently: every event left out is counted
with its reason, and the status counts are over real-world events.
"""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import IO, Any

from tocsin.models import Article, Event
from tocsin.store.acled import write_acled
from tocsin.store import formats
from tocsin.store.store import EventFilter, Store

FORMATS = ("csv", "jsonl", "geojson", "parquet", "acled")
INTER_STYLES = ("text", "numeric")
PARQUET_MODES = ("overwrite", "append")


class ExportError(Exception):
    """The export cannot be written (unknown format, missing --out for parquet, a
    Parquet folder that already holds an export and no --overwrite or --append)."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    path: Path | None
    rows: int
    #: reason -> number of real-world events left out for it.
    skipped: Mapping[str, int] = field(default_factory=dict)
    #: epistemic status -> number of real-world events written.
    statuses: Mapping[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        where = f" to {self.path}" if self.path else ""
        by_status = ", ".join(f"{n} {status}" for status, n in
                              sorted(self.statuses.items(), key=lambda item: (-item[1], item[0])))
        left = "; ".join(f"{n} {reason}" for reason, n in sorted(self.skipped.items()))
        notes = [f"real-world events by status: {by_status}"] if by_status else []
        if left:
            notes.append(f"left out: {left}")
        return f"{self.rows} rows written{where}" + (f" ({'; '.join(notes)})" if notes else "")


def export(store: Store, fmt: str, out: Path | None, flt: EventFilter = EventFilter(),
           stream: IO[str] | None = None, *, mode: str | None = None,
           inter: str = "text") -> ExportResult:
    """Write the real-world events matching `flt` as `fmt` to `out` (a folder for
    parquet, written as `mode`: None refuses a folder that holds an export) or `stream`."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if inter not in INTER_STYLES:
        raise ExportError(f"unknown inter style {inter!r}; use text or numeric")
    if mode is not None and mode not in PARQUET_MODES:
        raise ExportError(f"unknown parquet mode {mode!r}; use overwrite or append")
    if mode is not None and fmt != "parquet":
        raise ExportError("--overwrite and --append are for parquet folders")
    if fmt == "parquet" and out is None:
        raise ExportError("parquet export needs --out FOLDER")
    events = store.events(flt)
    articles = store.article_meta()
    if fmt == "parquet":
        assert out is not None
        return write_parquet(events, articles, out, mode)
    if fmt == "acled":
        mentions = store.events_of_clusters([e.id for e in events])
        def write(handle: IO[str], path: Path | None) -> ExportResult:
            done = write_acled(events, mentions, articles, handle, inter)
            return ExportResult(path, done.rows, done.skipped, done.statuses)
    else:
        def write(handle: IO[str], path: Path | None) -> ExportResult:
            return _write_text(fmt, events, articles, handle, path)
    if out is None:
        if stream is None:
            raise ExportError("nowhere to write: give an output file or a stream")
        return write(stream, None)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as handle:
        return write(handle, out)


def _statuses(events: Iterable[Event]) -> dict[str, int]:
    return dict(Counter(e.status for e in events))


def _write_text(fmt: str, events: Sequence[Event], articles: Mapping[str, Article],
                handle: IO[str], path: Path | None) -> ExportResult:
    records = (formats.event_record(e, articles) for e in events)
    if fmt == "csv":
        handle.writelines(formats.csv_text(records))
        return ExportResult(path, len(events), {}, _statuses(events))
    if fmt == "jsonl":
        handle.writelines(line + "\n" for line in formats.jsonl_lines(records))
        return ExportResult(path, len(events), {}, _statuses(events))
    body = formats.geojson(records)
    json.dump(body, handle, ensure_ascii=False)
    located = [e for e in events if e.location is not None]
    unlocated = len(events) - len(body["features"])
    return ExportResult(path, len(body["features"]),
                        {"without coordinates": unlocated} if unlocated else {}, _statuses(located))


# -- Parquet ---------------------------------------------------------------------------

def parquet_schema() -> Any:
    import pyarrow as pa

    def kind(name: str) -> Any:
        if name in formats.INTEGER_COLUMNS:
            return pa.int32()
        if name in formats.FLOAT_COLUMNS:
            return pa.float64()
        if name == "date":
            return pa.date32()
        if name == "published":
            return pa.timestamp("us", tz="UTC")
        return pa.string()
    fields = [(name, kind(name)) for name in formats.CSV_COLUMNS]
    return pa.schema(fields + [("cluster_id", pa.string()), ("year", pa.int32()),
                               ("month", pa.int32())])


def _published(value: str | None) -> datetime | None:
    """An ISO time as an aware UTC datetime; stored times without a zone are UTC."""
    if not value:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=timezone.utc) if moment.tzinfo is None else moment.astimezone(timezone.utc)


def _existing_parquet(folder: Path) -> list[Path]:
    """Files of an earlier export: year=Y/month=M/*.parquet."""
    return sorted(p for p in folder.glob("year=*/month=*/*.parquet") if p.is_file())


def write_parquet(events: Sequence[Event], articles: Mapping[str, Article], folder: Path,
                  mode: str | None = None) -> ExportResult:
    """Hive-partitioned Parquet under `folder`; events without a date cannot be partitioned.

    A folder that already holds an export is refused unless `mode` says what to
    do: "overwrite" removes the earlier export's files first, "append" adds the
    events whose ids the folder lacks (same columns required).  Never a silent mix."""
    import pyarrow as pa
    import pyarrow.dataset as ds

    schema = parquet_schema()
    existing = _existing_parquet(folder) if folder.exists() else []
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"{folder} is a file; parquet export needs a folder")
    if existing and mode is None:
        raise ExportError(f"{folder} already holds a Parquet export ({len(existing)} files); pass "
                          "--overwrite to replace it or --append to add to it")
    skipped: Counter[str] = Counter()
    known: set[str] = set()
    if existing and mode == "append":
        earlier = ds.dataset(existing, format="parquet")
        if not earlier.schema.remove_metadata().equals(_without_partitions(schema)):
            raise ExportError(f"{folder} holds an export with other columns (another tocsin "
                              "version?); pass --overwrite to replace it")
        known = set(earlier.to_table(columns=["id"]).column("id").to_pylist())
    dated = [e for e in events if e.date is not None]
    if len(dated) < len(events):
        skipped["without a date"] = len(events) - len(dated)
    fresh = [e for e in dated if e.id not in known]
    if len(fresh) < len(dated):
        skipped["already in the folder"] = len(dated) - len(fresh)
    rows = []
    for event in fresh:
        assert event.date is not None
        row = formats.flat_row(formats.event_record(event, articles))
        row.update(date=event.date, published=_published(row["published"]),
                   cluster_id=event.cluster_id, year=event.date.year, month=event.date.month)
        rows.append(row)
    if existing and mode == "overwrite":
        for path in existing:
            path.unlink()
        for month in sorted(folder.glob("year=*/month=*"), reverse=True):
            _remove_if_empty(month)
        for year in folder.glob("year=*"):
            _remove_if_empty(year)
    table = pa.Table.from_pylist(rows, schema=schema)
    partitioning = ds.partitioning(pa.schema([("year", pa.int32()), ("month", pa.int32())]),
                                   flavor="hive")
    folder.mkdir(parents=True, exist_ok=True)
    # Appended files get a name of their own, so no earlier file is ever replaced.
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    ds.write_dataset(table, folder, format="parquet", partitioning=partitioning,
                     existing_data_behavior="overwrite_or_ignore",
                     basename_template=(f"part-{stamp}-{{i}}.parquet" if mode == "append"
                                        else "part-{i}.parquet"))
    return ExportResult(folder, len(rows), dict(skipped), _statuses(fresh))


def _without_partitions(schema: Any) -> Any:
    return schema.remove(schema.get_field_index("month")).remove(schema.get_field_index("year"))


def _remove_if_empty(folder: Path) -> None:
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()


