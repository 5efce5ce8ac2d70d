"""Train the event-type model on a user's ACLED export (notes -> sub_event_type).

    from tocsin.extract.event_type.acled_training import train_from_acled
    report = train_from_acled(Path("export.csv"), Path("my-model"))

ACLED's notes are the best event-typing training data there is, and many
analysts hold exports.  Each row's `notes` is a training text and its
`sub_event_type` the label.  Rows are read by header name, so exports of any
vintage work.  A row with no notes, an unknown sub-event type or a note seen
before is skipped and counted with its reason.  Every class needs
`MIN_ROWS_PER_CLASS` rows (cross-validation needs one per fold, and a class
seen a handful of times cannot be learned); otherwise training stops with an
error naming the classes, unless `drop_rare` leaves them out.

An export holds only events, so by default the model also learns from
tocsin's own non-events (NONE) and its five non-ACLED classes (crime,
disasters, diplomacy, claims): without them it would call every sentence of
an article an event.  The model card records the export (path, size,
SHA-256), the date, the rows used and skipped, and the cross-validated scores.
"""
from __future__ import annotations

import csv
import hashlib
import os
import shutil
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tocsin.extract.event_type.codes import ACLED_CODES, code_for_sub_event_type
from tocsin.extract.event_type.scorer import ARRAYS_FILE, CARD_FILE, write_card
from tocsin.extract.event_type.training import Settings, train
from tocsin.extract.event_type.training_data import Example, shipped_examples

MIN_ROWS_PER_CLASS = 10
REQUIRED_COLUMNS = ("notes", "sub_event_type")


class AcledTrainingError(ValueError):
    """The export cannot train a model (unreadable, wrong columns, too few rows per class)."""


@dataclass(frozen=True)
class AcledRows:
    examples: tuple[Example, ...]
    read: int
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True)
class TrainingReport:
    out: Path
    rows_read: int
    rows_used: int
    skipped: dict[str, int]
    dropped_classes: dict[str, int]
    per_code: dict[str, int]
    card: dict[str, Any]

    @property
    def cv(self) -> dict[str, Any]:
        return dict(self.card["cross_validation"])


def read_export(path: Path) -> AcledRows:
    """Training rows of an ACLED CSV export; bad rows are counted by reason."""
    csv.field_size_limit(sys.maxsize)
    skipped: Counter[str] = Counter()
    examples: list[Example] = []
    seen: set[str] = set()
    read = 0
    try:
        with path.open(encoding="utf-8-sig", errors="replace", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise AcledTrainingError(f"{path}: not an ACLED export, missing column(s) "
                                         f"{', '.join(missing)}")
            for line, row in enumerate(reader, start=2):
                read += 1
                reason, example = _row(row, f"{path.name}:{line}", seen)
                if reason:
                    skipped[reason] += 1
                elif example is not None:
                    examples.append(example)
    except (OSError, csv.Error) as exc:
        raise AcledTrainingError(f"{path}: cannot read the export ({exc})") from exc
    return AcledRows(tuple(examples), read, skipped)


def _row(row: dict[str | None, Any], where: str, seen: set[str]) -> tuple[str | None, Example | None]:
    if row.get(None):
        return "too many fields", None
    notes = " ".join(str(row.get("notes") or "").split())
    if not notes:
        return "empty notes", None
    sub_type = str(row.get("sub_event_type") or "").strip()
    code = code_for_sub_event_type(sub_type)
    if code is None:
        return ("no sub_event_type" if not sub_type else f"unknown sub_event_type {sub_type!r}"), None
    if notes in seen:
        return "duplicate notes", None
    seen.add(notes)
    country = str(row.get("country") or "").strip() or "unknown"
    return None, Example(code, notes, "acled_note", country, f"acled:{where}")


def train_from_acled(export: Path, out: Path, *, include_negatives: bool = True,
                     include_shipped: bool = False, drop_rare: bool = False,
                     settings: Settings = Settings(),
                     progress: Callable[[str], None] | None = None) -> TrainingReport:
    """Train on an ACLED export and write the model to `out` (created or replaced)."""
    _check_out(out)
    rows = read_export(export)
    counts = Counter(e.code for e in rows.examples)
    rare = {code: n for code, n in counts.items() if n < MIN_ROWS_PER_CLASS}
    if rare and not drop_rare:
        listed = ", ".join(f"{code} ({n})" for code, n in sorted(rare.items()))
        raise AcledTrainingError(
            f"{export}: too few rows for {len(rare)} class(es), need {MIN_ROWS_PER_CLASS} each: "
            f"{listed}; add rows or pass --drop-rare to leave them out")
    used = [e for e in rows.examples if e.code not in rare]
    if len({e.code for e in used}) < 2:
        raise AcledTrainingError(f"{export}: need at least two sub-event types with "
                                 f"{MIN_ROWS_PER_CLASS} rows each, found {len({e.code for e in used})}")
    extra = [e for e in shipped_examples()
             if (include_negatives and e.code not in ACLED_CODES)
             or (include_shipped and e.code in ACLED_CODES)]
    model, card = train(
        used + extra, settings, description=f"trained on the ACLED export {export.name}",
        sources=[str(export.resolve())] + (["tocsin shipped examples"] if extra else []),
        progress=progress, focus=lambda e: e.source.startswith("acled:"),
        extra_card={"acled_export": {
            "path": str(export.resolve()), "bytes": export.stat().st_size,
            "sha256": _sha256(export), "rows_read": rows.read, "rows_used": len(used),
            "skipped": dict(sorted(rows.skipped.items())), "dropped_classes": dict(sorted(rare.items())),
            "shipped_negatives": include_negatives, "shipped_examples": include_shipped}})
    def write(folder: Path) -> None:
        model.save(folder)
        write_card(folder, card)

    _write_atomically(out, write)
    return TrainingReport(out, rows.read, len(used), dict(rows.skipped), rare,
                          dict(sorted(Counter(e.code for e in used).items())), card)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _check_out(out: Path) -> None:
    """Refuse to replace a folder that holds anything but a model."""
    if out.exists() and not out.is_dir():
        raise AcledTrainingError(f"{out}: exists and is not a folder")
    if out.is_dir():
        others = sorted(p.name for p in out.iterdir() if p.name not in (ARRAYS_FILE, CARD_FILE))
        if others:
            raise AcledTrainingError(f"{out}: not empty and not a model folder ({', '.join(others[:3])})")


def _write_atomically(out: Path, write: Callable[[Path], None]) -> None:
    """Write into a fresh sibling folder, then swap it in: never a half-written model."""
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        write(staging)
        if out.exists():
            retired = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, retired)
            os.replace(staging, out)
            shutil.rmtree(retired, ignore_errors=True)
        else:
            os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
