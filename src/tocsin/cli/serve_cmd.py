"""`tocsin serve` (REST API + dashboard) and `tocsin export` (CSV, Parquet, GeoJSON, ACLED)."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from tocsin.cli.train_cmd import model_option, use_model_option
from tocsin.cli.watch_cmd import IN_USE_HINT, watch_config, watch_options
from tocsin.cli.common import db_option, event_filter_from, filter_errors, filter_options, open_store
from tocsin.store import StoreError
from tocsin.store.filters import EVENT_OPTIONS

@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Interface to listen on; 0.0.0.0 exposes the server to the network.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--config", "config_file", type=click.Path(exists=True, dir_okay=False),
              help="TOML file with an [api] table (token = \"...\" enables POST /api/ingest).")
@click.option("--watch", "feeds_file", type=click.Path(exists=True, dir_okay=False),
              help="Also watch the feeds in this file (one URL a line), in this process: "
                   "the dashboard and API stay readable while feeds are ingested.")
@watch_options
@model_option
def serve(db: str, host: str, port: int, config_file: str | None,
          feeds_file: str | None, every: str, state: str | None, alerts_jsonl: str | None,
          webhook: str | None, alerts_config: str | None, allow_private: bool, ignore_robots: bool,
          model_dir: Path | None) -> None:
    """Serve the REST API under /api and the dashboard at /."""
    use_model_option(model_dir)  # articles posted to /api/ingest are typed with it
    import uvicorn

    from tocsin.analysis.config import ConfigError as AlertConfigError
    from tocsin.api.app import create_app
    from tocsin.api.config import ConfigError, load_config
    from tocsin.live.config import format_interval

    watch = None
    if feeds_file:
        watch = watch_config(feeds_file, every, state, alerts_jsonl, webhook, allow_private,
                             ignore_robots=ignore_robots)
    try:
        config = load_config(config_file)
        app = create_app(db, config, watch=watch,
                         watch_alert_config=Path(alerts_config) if alerts_config else None)
    except (ConfigError, AlertConfigError, StoreError) as exc:
        hint = f"; {IN_USE_HINT}" if "lock" in str(exc).lower() else ""
        raise click.ClickException(f"{exc}{hint}") from exc
    mode = "writes allowed with the bearer token" if config.writes_enabled else "read-only"
    if watch is not None:
        mode += f", watching {len(watch.feeds)} feeds every {format_interval(watch.interval_s)}"
    click.echo(f"tocsin: serving {db} ({mode}) at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


@click.command()
@db_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["csv", "jsonl", "geojson", "parquet", "acled"]),
              help="acled: ACLED's column set, one row per real-world event.")
@click.option("--out", type=click.Path(path_type=Path),
              help="Output file (a folder for parquet); stdout when left out.")
@filter_options(EVENT_OPTIONS)
@click.option("--overwrite", "mode", flag_value="overwrite", default=None,
              help="Parquet: replace the export already in the folder.")
@click.option("--append", "mode", flag_value="append",
              help="Parquet: add the events the folder's export lacks.")
@click.option("--inter", type=click.Choice(["text", "numeric"]), default="text", show_default=True,
              help="ACLED inter1/inter2/interaction as current exports' labels or the older codes.")
def export(db: str, fmt: str, out: Path | None, mode: str | None, inter: str, **filters: Any) -> None:
    """Export real-world events as CSV, JSON lines, GeoJSON, hive-partitioned Parquet or ACLED CSV."""
    from tocsin.store.export import ExportError, export as run_export

    flt = event_filter_from(filters)
    try:
        with open_store(db, read_only=True) as store, filter_errors():
            result = run_export(store, fmt, out, flt, stream=sys.stdout, mode=mode, inter=inter)
    except (ExportError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"tocsin: {result.summary()}", err=True)


def register(cli: click.Group) -> None:
    cli.add_command(serve)
    cli.add_command(export)
