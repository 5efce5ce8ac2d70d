"""`tocsin eval geo-region FILE`: events and alerts placed outside the region a corpus is about.

A wrong place is worse than no place: an event put in Italy raises alerts in
Italy.  FILE is either a FA-KES CSV, which is ingested into a temporary store
exactly as `tocsin ingest` would, or a tocsin store (`.duckdb`) already
ingested.  Every stored mention is checked:

- *out of region*: its place, or an end of its movement, lies in a country
  outside `REGION` (Syria and its neighbours for FA-KES);
- *unnamed*: and the evidence sentence does not name that place ("Islamic
  State" read as Statte, Italy), which is the case the issue counts as junk.

Both counts are repeated on the held-out half of the articles (odd sha1 of the
article id, the split `tocsin eval fakes` uses); rules are written from the other half.
An alert is out of region when one of the mentions it rests on is.  The report
also gives the peak memory of the process, which for a CSV is the ingest's.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.evaluate.petrarch import in_heldout_half
from tocsin.geo.normalize import fold
from tocsin.models import Alert, Event, Place

#: Syria and its neighbours (ISO 3166-1 alpha-2).
REGION = frozenset({"SY", "TR", "IQ", "JO", "LB", "IL", "PS"})
FAKES_COLUMNS = dict(text="article_content", title="article_title", date="date", id="unit_id")
#: How many offending mentions the table lists.
SHOWN = 15


@dataclass(slots=True)
class RegionReport:
    mentions: int = 0
    located: int = 0
    out_of_region: int = 0
    out_of_region_unnamed: int = 0
    #: the same two counts on the held-out half (odd sha1 of the article id), never read
    out_of_region_heldout: int = 0
    out_of_region_unnamed_heldout: int = 0
    alerts: int = 0
    alerts_out_of_region: int = 0
    alerts_out_of_region_unnamed: int = 0
    #: (place, country code, sentence) of unnamed out-of-region mentions
    examples: list[tuple[str, str, str]] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)


def names_place(sentence: str, place: Place) -> bool:
    """Does the sentence name the place itself (not a word that only looks like it)?"""
    text = f" {fold(sentence)} "
    return any(f" {name} " in text for name in {fold(place.name)} - {""})


def _places_of(event: Event) -> list[Place]:
    found = [event.location] if event.location is not None else []
    if event.movement is not None:
        found += [p for p in (event.movement.origin, event.movement.destination) if p is not None]
    return found


def _outside(place: Place, region: frozenset[str]) -> bool:
    return bool(place.country_code) and place.country_code not in region


def offending(event: Event, region: frozenset[str] = REGION) -> tuple[bool, bool]:
    """(out of region, out of region and unnamed) for one mention."""
    outside = [p for p in _places_of(event) if _outside(p, region)]
    return bool(outside), any(not names_place(event.evidence.sentence, p) for p in outside)


def assess(mentions: Iterable[Event], alerts: Sequence[Alert],
           region: frozenset[str] = REGION) -> RegionReport:
    report = RegionReport()
    verdicts: dict[str, tuple[bool, bool]] = {}
    for event in mentions:
        report.mentions += 1
        report.located += event.location is not None
        out, unnamed = verdicts[event.id] = offending(event, region)
        report.out_of_region += out
        report.out_of_region_unnamed += unnamed
        if in_heldout_half(event.evidence.article_id):
            report.out_of_region_heldout += out
            report.out_of_region_unnamed_heldout += unnamed
        if out:
            for place in _places_of(event):
                if _outside(place, region):
                    report.countries[place.country_code or ""] += 1
        # Examples come from the tune half only: the held-out half is counted, never read.
        if unnamed and len(report.examples) < SHOWN and not in_heldout_half(event.evidence.article_id):
            place = next(p for p in _places_of(event) if _outside(p, region))
            report.examples.append((place.name, place.country_code or "", event.evidence.sentence))
    report.alerts = len(alerts)
    for alert in alerts:
        marks = [verdicts.get(mention_id, (False, False)) for mention_id in alert.evidence]
        report.alerts_out_of_region += any(out for out, _ in marks)
        report.alerts_out_of_region_unnamed += any(unnamed for _, unnamed in marks)
    return report


def _assess_store(path: Path, region: frozenset[str]) -> RegionReport:
    from tocsin.store import Store

    with Store(path, read_only=True) as store:
        return assess(store.mentions(), store.alerts(), region)


def _ingest_csv(path: Path, db: Path) -> None:
    from tocsin.ingest.readers import CsvColumns
    from tocsin.runner import ingest
    from tocsin.store import Store

    with Store(db) as store:
        ingest([path], store, columns=CsvColumns(**FAKES_COLUMNS))


def evaluate_region(path: Path, region: frozenset[str] = REGION,
                    limit: int | None = None) -> tuple[RegionReport, float]:
    """The report for a store, or for a CSV ingested into a temporary store; and peak MB."""
    if path.suffix.lower() == ".duckdb":
        report = _assess_store(path, region)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            source = path
            if limit:
                source = Path(tmp) / path.name
                source.write_bytes(b"".join(_first_rows(path, limit)))
            db = Path(tmp) / "region.duckdb"
            _ingest_csv(source, db)
            report = _assess_store(db, region)
    return report, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _first_rows(path: Path, limit: int) -> list[bytes]:
    """The header and the first `limit` CSV records (records may span lines)."""
    import csv
    import io

    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="surrogateescape")
    rows = list(csv.reader(io.StringIO(text)))[: limit + 1]
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return [out.getvalue().encode("utf-8", errors="surrogateescape")]


def metrics_of(report: RegionReport, peak_mb: float) -> dict[str, Any]:
    return {
        "mentions": report.mentions, "located": report.located,
        "out_of_region": report.out_of_region,
        "out_of_region_unnamed": report.out_of_region_unnamed,
        "out_of_region_heldout": report.out_of_region_heldout,
        "out_of_region_unnamed_heldout": report.out_of_region_unnamed_heldout,
        "alerts": report.alerts, "alerts_out_of_region": report.alerts_out_of_region,
        "alerts_out_of_region_unnamed": report.alerts_out_of_region_unnamed,
        "peak_mb": round(peak_mb),
    }


def format_table(report: RegionReport, metrics: dict[str, Any]) -> str:
    lines = ["events and alerts outside the region"]
    lines += [f"  {key:<30} {value}" for key, value in metrics.items()]
    if report.countries:
        lines.append("  out-of-region countries: " + ", ".join(
            f"{cc or '?'} {n}" for cc, n in report.countries.most_common()))
    for name, cc, sentence in report.examples:
        snippet = re.sub(r"\s+", " ", sentence)[:110]
        lines.append(f"  unnamed  {name} ({cc}): {snippet}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tocsin eval geo-region", description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="FA-KES CSV, or a tocsin .duckdb store")
    parser.add_argument("--limit", type=int, default=None, help="ingest only the first N articles")
    parser.add_argument("--region", default=",".join(sorted(REGION)),
                        help="ISO 3166-1 alpha-2 codes of the region (default: Syria and neighbours)")
    args = parser.parse_args(argv)
    region = frozenset(c.strip().upper() for c in args.region.split(",") if c.strip())
    try:
        report, peak = evaluate_region(args.file, region, args.limit)
    except (ValueError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    metrics = metrics_of(report, peak)
    print(format_table(report, metrics))
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
