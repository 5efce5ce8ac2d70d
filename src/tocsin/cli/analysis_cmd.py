"""Analysis commands: track, replay, backtest (and watch, from watch_cmd)."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from tocsin.cli.alert_config_option import ALERT_CONFIG
from tocsin.cli.common import db_option, event_filter_from, filter_errors, filter_options, open_store
from tocsin.cli.watch_cmd import watch
from tocsin.models import Article, Event
from tocsin.store import DEFAULT_DB
from tocsin.store.filters import EVENT_OPTIONS

def _open(db: str):  # type: ignore[no-untyped-def]
    return open_store(db, read_only=True)


@click.command()
@click.argument("actor")
@db_option
@filter_options(EVENT_OPTIONS, skip=("actor", "limit"))
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "geojson"]), default="table",
              show_default=True)
def track(actor: str, db: str, fmt: str, **filters: Any) -> None:
    """How an actor's presence moves: weekly centres, regions, explicit moves."""
    from tocsin.analysis.tracks import describe, track as build_track

    flt = event_filter_from(filters, actor=actor)
    with _open(db) as store, filter_errors():
        name = store.actor_name(actor)
        events = store.events(flt)
    result = build_track(events, name, since=flt.since, until=flt.until)
    if not result.centres and not result.moves:
        raise click.ClickException(f"no located events for actor {name!r}")
    if fmt == "table":
        click.echo(describe(result))
    elif fmt == "geojson":
        click.echo(json.dumps(result.to_geojson(), ensure_ascii=False))
    else:
        for feature in result.to_geojson()["features"]:
            click.echo(json.dumps(feature["properties"], ensure_ascii=False, default=str))


def parse_step(text: str) -> timedelta:
    match = re.fullmatch(r"(\d+)([hdw])", text.strip())
    if not match or int(match.group(1)) == 0:
        raise click.BadParameter(f"{text!r} is not a step like 12h, 1d or 1w", param_hint="--step")
    hours = {"h": 1, "d": 24, "w": 168}[match.group(2)] * int(match.group(1))
    return timedelta(hours=hours)


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--db", "db", default=None, type=click.Path(dir_okay=False),
              help="Replay the articles already in this store (their stored events; no "
                   "re-reading) instead of PATHS.  [default: tocsin.duckdb when no PATHS]")
@click.option("--step", default="1d", show_default=True, help="Simulated clock step: 12h, 1d, 1w.")
@click.option("--alerts-config", type=ALERT_CONFIG)
def replay(paths: tuple[str, ...], db: str | None, step: str, alerts_config: str | None) -> None:
    """Feed articles in publication order, as if live; print alerts when they fire.

    Each alert is printed once as `new` when it fires and again as `update`
    when later reports join it.  PATHS are read exactly as `tocsin ingest`
    reads them (into a temporary store), so the alerts are those ingest gives."""
    from tocsin.analysis.config import load_config
    from tocsin.analysis.replay import replay as run_replay

    delta = parse_step(step)
    if paths and db:
        raise click.UsageError("give PATHS to read articles, or --db to replay a store, not both")
    config = load_config(Path(alerts_config) if alerts_config else None)
    with_events = _read_paths(paths) if paths else _stored(db or DEFAULT_DB)
    for found in run_replay(with_events, delta, config):
        for alert in found.new:
            click.echo(f"{found.at:%Y-%m-%d %H:%M}  new     {alert.kind:<12} {alert.summary}")
        for alert in found.updated:
            click.echo(f"{found.at:%Y-%m-%d %H:%M}  update  {alert.kind:<12} {alert.summary}")


def _read_paths(paths: tuple[str, ...]) -> list[tuple[Article, list[Event]]]:
    """Ingest PATHS into a temporary store (as `tocsin ingest` would) and read it back."""
    import tempfile

    from tocsin.runner import consolidate, ingest
    from tocsin.store import Store

    with tempfile.TemporaryDirectory(prefix="tocsin-replay-") as folder:
        with Store(Path(folder) / "replay.duckdb") as store:
            ingest(list(paths), store, refresh_after=False)
            consolidate(store)
            return _stream(store)


def _stored(db: str) -> list[tuple[Article, list[Event]]]:
    with _open(db) as store:
        return _stream(store)


def _stream(store: Any) -> list[tuple[Article, list[Event]]]:
    from tocsin.analysis.replay import stored_stream

    return stored_stream(store)


@click.command()
@db_option
@click.option("--targets", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with name,date,lat,lon,radius_km.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of the table.")
def backtest(db: str, targets: str, as_json: bool) -> None:
    """Would the alerts have rung before each target event, and how early?"""
    from tocsin.analysis.backtest import TargetError, read_targets, run

    try:
        wanted = read_targets(Path(targets))
    except TargetError as exc:
        raise click.ClickException(str(exc)) from exc
    with _open(db) as store:
        alerts = store.alerts()
        # evidence lists mention ids, as each alert saw them when it fired
        events = {e.id: e for e in store.mentions()}
    result = run(alerts, events, wanted)
    click.echo(json.dumps(result.to_json()) if as_json else result.format_table())


def register(cli: click.Group) -> None:
    for command in (track, replay, backtest, watch):
        cli.add_command(command)
