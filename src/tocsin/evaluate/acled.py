"""`tocsin eval acled FILE`: score against an ACLED CSV export.

tocsin reads each row's `notes` with `event_date` as the publication date, and
its main event is compared with the row.  Columns are read by header name, so
exports of any vintage work (extra columns such as data_id or iso3 are
ignored); `event_date` may be ISO (2020-03-21) or written out (21 March 2020).
Rows without notes or with an unreadable date are counted as skipped.

Event typing is scored twice:
- `event_type_acc`, `sub_event_type_acc`, `sub_event_type_macro_f1`: the main
  event the whole pipeline stores for the note (no event counts as wrong);
- `typing_*`: the event-type model alone on the whole note, a forced choice
  among the 25 ACLED sub-event types (as CASE 2021 is scored), so typing can
  be judged apart from event detection and main-event choice.
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tocsin.evaluate.common import accuracy, analyse, emit, f1_scores, main_event, norm_name
from tocsin.models import Event

if TYPE_CHECKING:
    from tocsin.extract.actors import ActorResolver

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%m/%d/%Y", "%d/%m/%Y")


@dataclass(frozen=True, slots=True)
class AcledRow:
    id: str
    notes: str
    event_date: date
    event_type: str
    sub_event_type: str
    actor1: str
    admin1: str
    lat: float | None
    lon: float | None


def parse_event_date(text: str) -> date:
    cleaned = " ".join(text.strip().split())
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"unreadable event_date {text!r}")


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def read_rows(path: Path, skipped: list[str]) -> Iterator[AcledRow]:
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"event_date", "notes"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}: not an ACLED export, missing columns {sorted(missing)}")
        for line_no, row in enumerate(reader, start=2):
            try:
                notes = (row.get("notes") or "").strip()
                if not notes:
                    raise ValueError("empty notes")
                yield AcledRow(
                    id=row.get("event_id_cnty") or row.get("data_id") or str(line_no), notes=notes,
                    event_date=parse_event_date(row["event_date"] or ""),
                    event_type=(row.get("event_type") or "").strip(),
                    sub_event_type=(row.get("sub_event_type") or "").strip(),
                    actor1=(row.get("actor1") or "").strip(), admin1=(row.get("admin1") or "").strip(),
                    lat=_float(row.get("latitude")), lon=_float(row.get("longitude")))
            except (ValueError, TypeError) as exc:
                skipped.append(f"line {line_no}: {exc}")


def same_actor(gold: str, event: Event | None, resolver: "ActorResolver") -> bool:
    if event is None or event.actor1 is None or not gold:
        return False
    resolved = resolver.resolve(gold)
    return norm_name(resolved.name) == norm_name(event.actor1.name)


def within_km(row: AcledRow, event: Event | None, km: float) -> bool:
    from tocsin.geo.distance import haversine_km

    if event is None or event.location is None or row.lat is None or row.lon is None:
        return False
    return haversine_km(row.lat, row.lon, event.location.lat, event.location.lon) <= km


def evaluate_acled(path: Path, limit: int | None = None) -> dict[str, float | int]:
    from tocsin.extract.actors import ActorResolver

    resolver = ActorResolver()
    skipped: list[str] = []
    rows = list(read_rows(path, skipped))[:limit]
    triples = [(r.id, r.notes, datetime(r.event_date.year, r.event_date.month, r.event_date.day))
               for r in rows]
    found = dict(analyse(triples))
    mains = [main_event(found.get(r.id, [])) for r in rows]
    gold_sub = [r.sub_event_type for r in rows]
    pred_sub = [e.sub_event_type if e else "None" for e in mains]
    macro, _ = f1_scores(gold_sub, pred_sub)
    return {**_typing_scores(rows), **{
        "n": len(rows), "skipped": len(skipped),
        "event_type_acc": round(accuracy([(r.event_type, e.event_type if e else "None")
                                          for r, e in zip(rows, mains)]), 4),
        "sub_event_type_acc": round(accuracy(list(zip(gold_sub, pred_sub))), 4),
        "sub_event_type_macro_f1": round(macro, 4),
        "actor1_acc": round(accuracy([(True, same_actor(r.actor1, e, resolver)) for r, e in zip(rows, mains)]), 4),
        "admin1_acc": round(accuracy([(norm_name(r.admin1), norm_name(e.location.admin1) if e and e.location else "")
                                      for r, e in zip(rows, mains)]), 4),
        "within_25km": round(accuracy([(True, within_km(r, e, 25)) for r, e in zip(rows, mains)]), 4),
        "date_exact": round(accuracy([(r.event_date, e.date if e else None)
                                      for r, e in zip(rows, mains)]), 4),
    }}


def _typing_scores(rows: list[AcledRow]) -> dict[str, float]:
    """The event-type model alone on each note, forced among the ACLED sub-event types."""
    from tocsin.extract.event_type import ACLED_CODES, best_codes, taxonomy

    codes = best_codes([r.notes for r in rows], codes=ACLED_CODES)
    infos = [taxonomy()[c] for c in codes]
    gold_sub = [r.sub_event_type for r in rows]
    pred_sub = [i.sub_event_type for i in infos]
    macro, weighted = f1_scores(gold_sub, pred_sub)
    return {
        "typing_event_type_acc": round(accuracy([(r.event_type, i.event_type)
                                                 for r, i in zip(rows, infos)]), 4),
        "typing_sub_event_type_acc": round(accuracy(list(zip(gold_sub, pred_sub))), 4),
        "typing_sub_event_type_macro_f1": round(macro, 4),
        "typing_sub_event_type_weighted_f1": round(weighted, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tocsin eval acled")
    parser.add_argument("file", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    try:
        metrics = evaluate_acled(args.file, args.limit)
    except ValueError as exc:
        print(f"tocsin: {exc}", file=sys.stderr)
        return 2
    keys = ("n", "event_type_acc", "sub_event_type_acc", "sub_event_type_macro_f1",
            "typing_event_type_acc", "typing_sub_event_type_acc", "typing_sub_event_type_macro_f1",
            "typing_sub_event_type_weighted_f1", "actor1_acc", "admin1_acc", "within_25km", "date_exact")
    emit(f"ACLED: {args.file}", metrics.items(), {k: metrics[k] for k in keys})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
