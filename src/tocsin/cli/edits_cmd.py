"""`tocsin correct` and `tocsin dismiss`: an analyst says "this is wrong"."""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from tocsin.cli.alert_config_option import ALERT_CONFIG
from tocsin.cli.common import db_option, open_store, parse_day

if TYPE_CHECKING:
    from tocsin.store import Store


def _corrections_table(store: "Store") -> str:
    rows = store.corrections()
    if not rows:
        return "no corrections"
    cluster_of = dict(store.query("SELECT id, cluster_id FROM mentions"))
    lines = []
    for stored in rows:
        c = stored.record
        now = cluster_of.get(c.event_id)
        where = "" if now == c.event_id else \
            f" (now part of event {now})" if now else " (its mention is no longer in the store)"
        lines.append(f"{c.event_id}{where}  {c.made_at:%Y-%m-%d %H:%M}  "
                     f"{json.dumps(stored.changes.to_json(), ensure_ascii=False)}"
                     + (f"  note: {c.note}" if c.note else ""))
    return "\n".join(lines) + f"\n{len(rows)} corrections"


@click.command()
@click.argument("event_id", required=False)
@db_option
@click.option("--place", help="The right place, by name (found in the gazetteer) or with --lat/--lon.")
@click.option("--lat", type=float, help="Latitude of the right place.")
@click.option("--lon", type=float, help="Longitude of the right place.")
@click.option("--admin1", help="First-level region of the right place.")
@click.option("--country", help="Country of the right place.")
@click.option("--actor1", help="The right first actor (any alias).")
@click.option("--actor2", help="The right second actor.")
@click.option("--status", help="The right epistemic status, e.g. reported or negated.")
@click.option("--event-type", "--type", "sub_event_type", help="The right ACLED sub-event type.")
@click.option("--date", "day", metavar="YYYY-MM-DD", help="The right date.")
@click.option("--fatalities", type=click.IntRange(0), help="The right number killed.")
@click.option("--note", help="Why: kept with the correction and shown with the event.")
@click.option("--undo", is_flag=True, help="Withdraw this event's corrections.")
@click.option("--list", "list_all", is_flag=True, help="List every correction in the store.")
@click.option("--alerts-config", type=ALERT_CONFIG,
              help="Alert rules for the recomputation (as given to ingest).")
def correct(event_id: str | None, db: str, place: str | None, lat: float | None, lon: float | None,
            admin1: str | None, country: str | None, actor1: str | None, actor2: str | None,
            status: str | None, sub_event_type: str | None, day: str | None,
            fatalities: int | None, note: str | None, undo: bool, list_all: bool,
            alerts_config: str | None) -> None:
    """Correct a real-world event (place, actors, status, type, date, fatalities).

    The correction is kept apart from what was extracted, survives re-ingest and
    refresh, reaches every listing and export (marked as corrected), and alerts
    are recomputed from it."""
    from tocsin import edits

    if list_all:
        with open_store(db, read_only=True) as store:
            click.echo(_corrections_table(store))
        return
    if not event_id:
        raise click.UsageError("give the EVENT_ID to correct (tocsin events lists them), or --list")
    config = Path(alerts_config) if alerts_config else None
    with open_store(db) as store:
        try:
            if undo:
                removed = edits.withdraw(store, event_id, alert_config=config)
                click.echo(f"{removed} corrections of {event_id} withdrawn" if removed
                           else f"{event_id} has no corrections")
                return
            request = edits.CorrectionRequest(
                place=place, lat=lat, lon=lon, admin1=admin1, country=country, actor1=actor1,
                actor2=actor2, status=status, sub_event_type=sub_event_type,
                date=parse_day(day, "--date"), fatalities=fatalities)
            record = edits.correct(store, event_id, request, note, alert_config=config)
        except edits.CorrectionError as exc:
            raise click.ClickException(str(exc)) from exc
        event = store.event(record.event_id)
    click.echo(f"corrected {record.event_id}: {', '.join(record.fields)}" + _shown(event))


def _shown(event: object) -> str:
    from tocsin.models import Event

    if not isinstance(event, Event):
        return ""
    where = event.location.name if event.location else "-"
    who = event.actor1.name if event.actor1 else "-"
    return f" (now {event.sub_event_type}, {event.status}, {who}, {where}, {event.date})"


@click.command()
@click.argument("alert_id", required=False)
@db_option
@click.option("--why", help="Why it is a false alarm: kept with the dismissal.")
@click.option("--undo", is_flag=True, help="Restore a dismissed alert.")
@click.option("--list", "list_all", is_flag=True, help="List every dismissed alert.")
def dismiss(alert_id: str | None, db: str, why: str | None, undo: bool, list_all: bool) -> None:
    """Dismiss an alert as a false alarm; it stays dismissed when recomputed with the same id."""
    from tocsin import edits

    if list_all:
        with open_store(db, read_only=True) as store:
            found = store.dismissals()
        for key, d in sorted(found.items(), key=lambda item: (item[1].made_at or datetime.min, item[0])):
            click.echo(f"{key}  {d.made_at:%Y-%m-%d %H:%M}  {d.why}")
        click.echo(f"{len(found)} dismissed alerts")
        return
    if not alert_id:
        raise click.UsageError("give the ALERT_ID to dismiss (tocsin alerts lists them), or --list")
    with open_store(db) as store:
        if undo:
            click.echo(f"{alert_id} restored" if edits.undismiss(store, alert_id)
                       else f"{alert_id} was not dismissed")
            return
        if not why:
            raise click.UsageError("say why with --why")
        try:
            edits.dismiss(store, alert_id, why)
        except edits.CorrectionError as exc:
            raise click.ClickException(str(exc)) from exc
    click.echo(f"dismissed {alert_id}: {why}")


def register(cli: click.Group) -> None:
    cli.add_command(correct)
    cli.add_command(dismiss)
