"""Terminal rendering: tables and highlighted evidence."""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from tocsin.models import Alert, Article, Event

if TYPE_CHECKING:
    from tocsin.runner import IngestReport
    from tocsin.store.stats import Stats


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]], widths: Sequence[int]) -> str:
    def cell(value: object, width: int) -> str:
        text = "" if value is None else str(value)
        return (text[: width - 1] + "…") if len(text) > width else text.ljust(width)
    lines = ["  ".join(cell(h, w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(cell(v, w) for v, w in zip(row, widths)) for row in rows]
    return "\n".join(lines)


def event_table(events: Sequence[Event]) -> str:
    rows = [(e.id + ("*" if e.corrections else ""), e.date, e.sub_event_type, e.status,
             e.actor1.name if e.actor1 else None, e.actor2.name if e.actor2 else None,
             e.location.name if e.location else None,
             e.location.admin1 if e.location else None,
             f"{e.sources.articles}/{e.sources.independent}")
            for e in events]
    table = _table(("id", "date", "sub_event_type", "status", "actor1", "actor2", "place",
                    "admin1", "src"), rows, (18, 10, 28, 12, 22, 18, 16, 14, 5))
    corrected = sum(bool(e.corrections) for e in events)
    note = f" ({corrected} corrected by an analyst, marked *)" if corrected else ""
    return f"{table}\n{len(events)} real-world events{note}"


def alert_table(alerts: Sequence[Alert], hidden: int = 0) -> str:
    """Alerts as a table; a dismissed one says so in place of its summary's start."""
    rows = [(a.id, a.fired_at.date() if a.fired_at else None, a.kind, a.actor, a.region,
             f"{a.severity:.2f}",
             f"[dismissed: {a.dismissed.why}] {a.summary}" if a.dismissed else a.summary)
            for a in alerts]
    table = _table(("id", "fired", "kind", "actor", "region", "sev", "summary"), rows,
                   (19, 10, 12, 16, 16, 4, 80))
    dismissed = sum(a.dismissed is not None for a in alerts)
    notes = [f"{dismissed} dismissed"] if dismissed else []
    if hidden:
        notes.append(f"{hidden} dismissed not shown; --dismissed lists them")
    return f"{table}\n{len(alerts)} alerts" + (f" ({'; '.join(notes)})" if notes else "")


def _spans(event: Event) -> list[tuple[int, int, str]]:
    """Highlight spans (sentence-relative) for trigger, actors and place."""
    sentence, base = event.evidence.sentence, event.evidence.start
    spans: list[tuple[int, int, str]] = []
    trigger = event.evidence.trigger
    if trigger is not None:
        spans.append((trigger.start - base, trigger.end - base, "trigger"))
    for label, text in (("actor1", event.actor1.text if event.actor1 else None),
                        ("actor2", event.actor2.text if event.actor2 else None),
                        ("place", event.location.name if event.location else None)):
        if text and (at := sentence.find(text)) >= 0:
            spans.append((at, at + len(text), label))
    spans.sort()
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if 0 <= span[0] < span[1] <= len(sentence) and (not kept or span[0] >= kept[-1][1]):
            kept.append(span)
    return kept


COLOURS = {"trigger": "red", "actor1": "cyan", "actor2": "magenta", "place": "green"}


def highlight(sentence: str, spans: Sequence[tuple[int, int, str]]) -> str:
    out, cursor = [], 0
    for start, end, label in spans:
        out.append(sentence[cursor:start])
        out.append(click.style(f"[{sentence[start:end]}]", fg=COLOURS[label], bold=True)
                   + click.style(f"{{{label}}}", dim=True))
        cursor = end
    out.append(sentence[cursor:])
    return "".join(out)


def highlight_evidence(event: Event, article: Article | None, others: Sequence[Event]) -> str:
    loc = event.location
    lines = [
        click.style(f"{event.id}  {event.event_type} / {event.sub_event_type}", bold=True),
        f"date      {event.date} ({event.date_precision})   status  {event.status}",
        f"actor1    {event.actor1.name if event.actor1 else '-'}"
        f"   actor2  {event.actor2.name if event.actor2 else '-'}",
        f"place     {loc.name + ', ' + str(loc.admin1) + ', ' + str(loc.country) if loc else '-'}",
        f"source    {event.attribution.text if event.attribution else 'author'}",
        f"article   {event.evidence.article_id}"
        + (f"  {article.title!r} ({article.source}, {article.published})" if article else ""),
        f"sources   {event.sources.articles} articles, {event.sources.independent} independent",
        "",
        highlight(event.evidence.sentence, _spans(event)),
    ]
    if event.movement:
        m = event.movement
        lines.insert(4, f"movement  {m.kind}: {m.origin.name if m.origin else '?'} -> "
                        f"{m.destination.name if m.destination else '?'}")
    for correction in event.corrections:
        when = f"{correction.made_at:%Y-%m-%d}" if correction.made_at else "?"
        lines.insert(1, click.style(f"corrected {when}: {', '.join(correction.fields)}"
                                    + (f" ({correction.note})" if correction.note else ""), fg="yellow"))
    for other in others:
        lines.append(f"  also: {other.evidence.article_id} [{other.status}] {other.evidence.sentence}")
    return "\n".join(lines)


def render_summary(stats: "Stats") -> str:
    lines = [
        click.style("tocsin summary", bold=True),
        f"articles        {stats.articles} ({stats.syndicated_copies} syndicated copies, "
        f"{stats.opinion_articles} opinion pieces)",
        f"events          {stats.events} real-world events from {stats.mentions} mentions"
        f"  ({stats.first_date} .. {stats.last_date})",
        f"rejected input  {stats.problems}",
        f"reviewed        {stats.corrections} corrections, {stats.dismissed_alerts} alerts dismissed",
        "",
        click.style("events by type", bold=True),
    ]
    lines += [f"  {n:5d}  {name}" for name, n in stats.events_by_type]
    lines += ["", click.style("events by epistemic status", bold=True)]
    lines += [f"  {n:5d}  {name}" for name, n in stats.events_by_status]
    lines += ["", click.style("top actors", bold=True)]
    lines += [f"  {n:5d}  {name}" for name, n in stats.top_actors]
    return "\n".join(lines)


def ingest_summary(report: "IngestReport") -> str:
    """What one ingest run did: stored articles, the mentions found in them, the
    real-world events those belong to, and the alerts that are new (not all of them)."""
    return (f"{report.articles} articles stored, {report.duplicates} duplicates skipped, "
            f"{report.near_duplicates} syndicated copies linked; {report.mentions} mentions of "
            f"{report.events} real-world events; {len(report.new_alerts)} new alerts "
            f"({len(report.alerts)} in the store); {report.rejected} inputs rejected"
            + (f"; {report.truncated} texts cut to the size limits (see problems)"
               if report.truncated else ""))
