"""Analysis commands: track, replay, backtest (and watch, from watch_cmd)."""
from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import click

from tocsin.cli.watch_cmd import watch
from tocsin.cli.common import db_option, open_store

def _open(db: str):  # type: ignore[no-untyped-def]
    return open_store(db, read_only=True)


@click.command()
@click.argument("actor")
@db_option
@click.option("--since", help="First date, YYYY-MM-DD.")
@click.option("--until", help="Last date, YYYY-MM-DD.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "geojson"]), default="table",
              show_default=True)
def track(actor: str, db: str, since: str | None, until: str | None, fmt: str) -> None:
    """How an actor's presence moves: weekly centres, regions, explicit moves."""
    from tocsin.analysis.tracks import describe, track as build_track
    from tocsin.cli.main import event_filter
    from tocsin.extract.actors import ActorResolver

    flt = event_filter(since, until, None, None, None, None)
    name = ActorResolver().resolve(actor).name
    with _open(db) as store:
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
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--step", default="1d", show_default=True, help="Simulated clock step: 12h, 1d, 1w.")
@click.option("--alerts-config", type=click.Path(exists=True, dir_okay=False))
def replay(paths: tuple[str, ...], step: str, alerts_config: str | None) -> None:
    """Feed articles in publication order, as if live; print alerts when they fire."""
    from tocsin.analysis.config import load_config
    from tocsin.analysis.replay import replay as run_replay
    from tocsin.ingest.readers import iter_inputs
    from tocsin.models import Article
    from tocsin.runner import Pipeline

    delta = parse_step(step)
    config = load_config(Path(alerts_config) if alerts_config else None)
    articles = [a for a in iter_inputs(list(paths)) if isinstance(a, Article)]
    articles.sort(key=lambda a: (a.published is None, a.published, a.id))
    pipeline = Pipeline()
    with_events = pipeline.run(articles)
    for moment, alerts in run_replay(with_events, delta, config):
        for alert in alerts:
            click.echo(f"{moment:%Y-%m-%d %H:%M}  {alert.kind:<12} {alert.summary}")


@click.command()
@db_option
@click.option("--targets", required=True, type=click.Path(exists=True, dir_okay=False),
              help="CSV with name,date,lat,lon,radius_km.")
def backtest(db: str, targets: str) -> None:
    """Would the alerts have rung before each target event, and how early?"""
    from tocsin.analysis.backtest import TargetError, read_targets, run

    try:
        wanted = read_targets(Path(targets))
    except TargetError as exc:
        raise click.ClickException(str(exc)) from exc
    with _open(db) as store:
        alerts = store.alerts()
        events = {e.id: e for e in store.events()}
    result = run(alerts, events, wanted)
    click.echo(result.format_table())
    click.echo(json.dumps(result.to_json()))


def register(cli: click.Group) -> None:
    for command in (track, replay, backtest, watch):
        cli.add_command(command)
