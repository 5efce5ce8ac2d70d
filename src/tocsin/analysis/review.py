"""Measured precision: an analyst's verdicts on a sample of alerts.

`sample` draws a random sample stratified by alert kind (the same seed gives
the same sample).  Each alert is judged `valid` (an analyst would act on it
as stated), `partly` (something real, but the alert gets actor, place, time
or kind wrong) or `invalid`, with a cause for anything short of valid.
`report` gives precision by kind with Wilson score intervals: strict counts
only valid alerts, lenient counts partly ones too.  `audit` gives the counts
an alert reviewer checks first (out-of-theatre places, monitors as actors,
repeated takeovers, movement with no reported move).

Verdicts are stored with the alerts, by alert id, together with the alert as
it was judged (`store.verdicts`), so a later change to the rules can be
scored against them: `rescore` says which judged alerts are still raised.
"""
from __future__ import annotations

import csv
import json
import math
import random
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from tocsin.analysis import _actors
from tocsin.models import ALERT_KINDS, VERDICT_CAUSES, VERDICTS, Alert, Event, Verdict

#: Syria and its neighbours, by country name as places carry it
SYRIA_AND_NEIGHBOURS = frozenset({"Syria", "Turkey", "Iraq", "Jordan", "Lebanon", "Israel",
                                  "Palestine", "Palestinian Territory", "State of Palestine"})


class ReviewError(ValueError):
    """A bad verdict or verdict file; the message says which line."""


def checked(v: Verdict) -> Verdict:
    """The verdict, if its values are allowed (else ReviewError)."""
    if v.verdict not in VERDICTS:
        raise ReviewError(f"verdict for {v.alert_id} must be one of {', '.join(VERDICTS)}, "
                          f"got {v.verdict!r}")
    if v.cause is not None and v.cause not in VERDICT_CAUSES:
        raise ReviewError(f"cause for {v.alert_id} must be one of {', '.join(VERDICT_CAUSES)}, "
                          f"got {v.cause!r}")
    if v.verdict != "valid" and v.cause is None:
        raise ReviewError(f"a {v.verdict} verdict for {v.alert_id} needs a cause")
    return v


def sample(alerts: Sequence[Alert], per_kind: int, seed: int = 14) -> list[Alert]:
    """Up to `per_kind` alerts of each kind, drawn at random (reproducibly)."""
    rng = random.Random(seed)
    out: list[Alert] = []
    for kind in ALERT_KINDS:
        pool = sorted((a for a in alerts if a.kind == kind), key=lambda a: a.id)
        out += rng.sample(pool, min(per_kind, len(pool)))
    return out


def wilson(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """Wilson score interval for a proportion (95% by default); (0, 1) when n = 0."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class KindPrecision:
    kind: str
    reviewed: int
    valid: int
    partly: int
    invalid: int
    causes: dict[str, int] = field(default_factory=dict)

    @property
    def strict(self) -> float | None:
        return self.valid / self.reviewed if self.reviewed else None

    @property
    def lenient(self) -> float | None:
        return (self.valid + self.partly) / self.reviewed if self.reviewed else None

    def to_json(self) -> dict[str, Any]:
        low, high = wilson(self.valid, self.reviewed)
        return {"kind": self.kind, "reviewed": self.reviewed, "valid": self.valid,
                "partly": self.partly, "invalid": self.invalid, "strict": self.strict,
                "strict_ci95": [round(low, 3), round(high, 3)], "lenient": self.lenient,
                "causes": self.causes}


def report(verdicts: Iterable[Verdict]) -> list[KindPrecision]:
    """Precision per kind, then 'all' (kinds with no verdict are left out)."""
    by_kind: dict[str, list[Verdict]] = {}
    every = list(verdicts)
    for v in every:
        by_kind.setdefault(v.kind or "unknown", []).append(v)
    rows = [_precision(kind, by_kind[kind]) for kind in (*ALERT_KINDS, "unknown")
            if kind in by_kind]
    return rows + [_precision("all", every)] if every else rows


def _precision(kind: str, verdicts: list[Verdict]) -> KindPrecision:
    counts = Counter(v.verdict for v in verdicts)
    causes = Counter(v.cause for v in verdicts if v.cause)
    return KindPrecision(kind, len(verdicts), counts["valid"], counts["partly"],
                         counts["invalid"], dict(sorted(causes.items())))


def format_report(rows: Sequence[KindPrecision]) -> str:
    lines = ["kind          reviewed  valid  partly  invalid  strict  95% CI        lenient"]
    for r in rows:
        low, high = wilson(r.valid, r.reviewed)
        lines.append(f"{r.kind:<13} {r.reviewed:>8} {r.valid:>6} {r.partly:>7} {r.invalid:>8}  "
                     f"{_pct(r.strict)}  {low:.2f}-{high:.2f}     {_pct(r.lenient)}")
    causes = Counter[str]()
    for r in rows:
        if r.kind != "all":
            causes.update(r.causes)
    if causes:
        lines.append("causes: " + ", ".join(f"{c} {n}" for c, n in causes.most_common()))
    return "\n".join(lines)


def _pct(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


@dataclass(frozen=True, slots=True)
class Rescore:
    """How earlier verdicts fare against the alerts raised now."""

    still_raised: dict[str, int]        # verdict -> judged alerts that are still raised
    dropped: dict[str, int]             # verdict -> judged alerts no longer raised
    unjudged: int                       # alerts raised now that no verdict covers


def rescore(verdicts: Iterable[Verdict], alerts: Sequence[Alert]) -> Rescore:
    current = {a.id for a in alerts}
    judged = list(verdicts)
    kept = Counter(v.verdict for v in judged if v.alert_id in current)
    dropped = Counter(v.verdict for v in judged if v.alert_id not in current)
    return Rescore(dict(kept), dict(dropped), len(current - {v.alert_id for v in judged}))


def read_verdicts(path: Path | str, alerts: Mapping[str, Alert] | None = None,
                  reviewer: str | None = None) -> list[Verdict]:
    """Verdicts from a CSV (header alert_id,verdict,cause,note) or JSON lines file.
    With `alerts`, each verdict keeps the alert it judges, and an id that is not
    among them is an error."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ReviewError(f"{path}: cannot read verdicts: {error}") from error
    rows = _jsonl(text, path) if path.suffix in (".jsonl", ".json") else _csv(text, path)
    out = []
    for line, row in rows:
        alert_id = str(row.get("alert_id") or "").strip()
        if not alert_id:
            raise ReviewError(f"{path} line {line}: no alert_id")
        alert = alerts.get(alert_id) if alerts is not None else None
        if alerts is not None and alert is None:
            raise ReviewError(f"{path} line {line}: no alert {alert_id} in the store")
        try:
            verdict = checked(Verdict(alert_id, str(row.get("verdict") or "").strip(),
                                      (str(row.get("cause") or "").strip() or None),
                                      (str(row.get("note") or "").strip() or None), reviewer,
                                      kind=alert.kind if alert else row.get("kind"),
                                      alert=alert.to_dict() if alert else None))
        except ReviewError as error:
            raise ReviewError(f"{path} line {line}: {error}") from None
        out.append(verdict)
    return out


def _csv(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or "alert_id" not in reader.fieldnames \
            or "verdict" not in reader.fieldnames:
        raise ReviewError(f"{path} line 1: header needs alert_id and verdict (and cause, note)")
    return [(n, row) for n, row in enumerate(reader, start=2) if any((v or "").strip()
                                                                    for v in row.values())]


def _jsonl(text: str, path: Path) -> list[tuple[int, dict[str, Any]]]:
    out = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            raise ReviewError(f"{path} line {n}: not JSON: {error.msg}") from None
        if not isinstance(value, dict):
            raise ReviewError(f"{path} line {n}: expected an object")
        out.append((n, value))
    return out


# --- the audit ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Audit:
    alerts: int
    by_kind: dict[str, int]
    outside_region: int
    source_actor: int
    repeated_takeovers: int
    movement_without_reported_move: int

    def to_json(self) -> dict[str, Any]:
        return {"alerts": self.alerts, "by_kind": self.by_kind,
                "outside_region": self.outside_region, "source_actor": self.source_actor,
                "repeated_takeovers_7d": self.repeated_takeovers,
                "movement_without_reported_move": self.movement_without_reported_move}

    def format(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in self.by_kind.items())
        return "\n".join([
            f"alerts: {self.alerts} ({kinds})",
            f"outside the region: {self.outside_region}",
            f"actor is a monitor or an outlet: {self.source_actor}",
            f"territory alerts repeating a place within 7 days: {self.repeated_takeovers}",
            f"movement alerts with no reported move in their evidence: "
            f"{self.movement_without_reported_move}",
        ])


def audit(alerts: Sequence[Alert], mentions: Mapping[str, Event],
          region: frozenset[str] = SYRIA_AND_NEIGHBOURS) -> Audit:
    """The first checks of an alert review.  `mentions` maps mention id -> mention.
    An alert is outside `region` (country names) when a place its evidence
    puts it in (event place, or an end of a reported move) is."""
    by_kind = Counter(a.kind for a in alerts)
    outside = sum(1 for a in alerts if any(_outside(mentions.get(i), region) for i in a.evidence))
    sources = _actors.source_names()
    source_actor = sum(1 for a in alerts if a.actor and _actors.name_key(a.actor) in sources)
    moves = sum(1 for a in alerts if a.kind == "movement" and not any(
        (m := mentions.get(i)) is not None and m.movement is not None for i in a.evidence))
    return Audit(len(alerts), {k: by_kind[k] for k in ALERT_KINDS if by_kind[k]}, outside,
                 source_actor, _repeats(alerts, mentions), moves)


def _outside(event: Event | None, region: frozenset[str]) -> bool:
    if event is None:
        return False
    places = [event.location] if event.location else []
    if event.movement is not None:
        places += [p for p in (event.movement.origin, event.movement.destination) if p]
    return any(p.country and p.country not in region for p in places)


def _repeats(alerts: Sequence[Alert], mentions: Mapping[str, Event]) -> int:
    """Territory alerts whose place (by name) another territory alert fired on
    within the 7 days before."""
    seen: dict[str, list[datetime]] = {}
    count = 0
    territory = sorted((a for a in alerts if a.kind == "territory" and a.fired_at),
                       key=lambda a: (a.fired_at, a.id))
    for alert in territory:
        first = next((mentions[i] for i in alert.evidence if i in mentions), None)
        if first is None or first.location is None:
            continue
        key = _actors.name_key(first.location.name)
        assert alert.fired_at is not None
        earlier = seen.setdefault(key, [])
        count += any((alert.fired_at - t).days < 7 for t in earlier)
        earlier.append(alert.fired_at)
    return count


# --- what a reviewer reads ---------------------------------------------------------------

def describe(alert: Alert, mentions: Mapping[str, Event],
             articles: Mapping[str, Any] | None = None, *, limit: int = 8) -> str:
    """The alert and the sentences it rests on, as an analyst reads them before acting:
    each evidence mention with its date, place, actor, status and article; then the
    later evidence (published after the alert fired)."""
    lines = [f"{alert.id}  {alert.kind}  severity {alert.severity:.2f}  "
             f"fired {alert.fired_at:%Y-%m-%d %H:%M}" if alert.fired_at else alert.id,
             f"  {alert.summary}"]
    for title, ids in (("evidence", alert.evidence), ("later evidence", alert.later_evidence)):
        if not ids:
            continue
        lines.append(f"  {title} ({len(ids)}):")
        for mention_id in ids[:limit]:
            m = mentions.get(mention_id)
            if m is None:
                lines.append(f"    {mention_id}: no longer in the store")
                continue
            article = articles.get(m.evidence.article_id) if articles else None
            published = getattr(article, "published", None)
            source = getattr(article, "source", None) or m.evidence.article_id
            place = m.location
            where = f"{place.name} ({place.admin1 or '-'}, {place.country or '-'}; " \
                    f"{place.precision})" if place else "no place"
            lines.append(f"    - {m.date} [{m.status}] {m.sub_event_type}; actor1 "
                         f"{m.actor1.name if m.actor1 else '-'}; {where}; {source}"
                         + (f", published {published:%Y-%m-%d}" if published else ""))
            lines.append(f"      \"{' '.join(m.evidence.sentence.split())}\"")
        if len(ids) > limit:
            lines.append(f"    ... and {len(ids) - limit} more")
    return "\n".join(lines)
