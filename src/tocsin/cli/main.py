"""The `tocsin` command: a thin shell over the library.

Every command validates its flags, calls one library function and formats
the result.  User errors are one line on stderr and a non-zero exit.
"""
from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from tocsin import __version__
from tocsin.cli.alert_config_option import ALERT_CONFIG
from tocsin.cli.common import (
    alert_filter_from, db_option, event_filter_from, filter_errors, filter_options, open_store,
)
from tocsin.cli.render import alert_table, event_table, highlight_evidence, ingest_summary, render_summary
from tocsin.cli.train_cmd import model_option, use_model_option
from tocsin.store import AlertFilter, formats
from tocsin.store.filters import ALERT_OPTIONS, EVENT_OPTIONS

@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tocsin")
def cli() -> None:
    """tocsin: news articles in, a geocoded, source-attributed conflict event store out."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@db_option
@click.option("--text-column", help="CSV: column with the article text.")
@click.option("--title-column", help="CSV: column with the title.")
@click.option("--date-column", help="CSV: column with the publication date.")
@click.option("--id-column", help="CSV: column with the article id.")
@click.option("--url-column", help="CSV: column with the URL.")
@click.option("--source-column", help="CSV: column with the outlet name.")
@click.option("--batch-size", default=64, show_default=True, help="Articles per write transaction.")
@click.option("--processes", default=1, show_default=True,
              help="Worker processes, each running spaCy and the extractors (and with --dask "
                   "processes, the size of the local cluster).")
@click.option("--dask", "dask_scheduler", default=None, metavar="SCHEDULER",
              help="Extract on Dask: processes (a local cluster), or a running scheduler's "
                   "address tcp://HOST:PORT (threads and sync run in this process).")
@click.option("--record-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              metavar="SECONDS",
              help="Wall-clock budget per article (parse and extraction): a later one is a "
                   "parse_timeout problem and the rest are stored.  It runs the work in worker "
                   "processes, the only place a stalled parse can be stopped (default: 120 s "
                   "with --processes 2 or more; none in one process).")
@click.option("--alerts-config", type=ALERT_CONFIG,
              help="TOML file with alert rules (defaults: tocsin/data/alerts.toml).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@model_option
def ingest(paths: tuple[str, ...], db: str, text_column: str | None, title_column: str | None,
           date_column: str | None, id_column: str | None, url_column: str | None,
           source_column: str | None, batch_size: int, processes: int, dask_scheduler: str | None,
           record_timeout: float | None, alerts_config: str | None, quiet: bool,
           model_dir: Path | None) -> None:
    """Read articles from files, folders, CSV, JSONL or feeds and extract events."""
    use_model_option(model_dir)
    from tqdm import tqdm

    from tocsin.ingest.readers import CsvColumns
    from tocsin.runner import ingest as run_ingest, make_pipeline

    columns = None
    if text_column:
        columns = CsvColumns(text=text_column, title=title_column, date=date_column,
                             id=id_column, url=url_column, source=source_column)
    elif any((title_column, date_column, id_column, url_column, source_column)):
        raise click.UsageError("--text-column is required with the other CSV column options")
    bar = tqdm(unit=" articles", disable=quiet or None, file=sys.stderr, desc="ingest")
    with open_store(db, must_exist=False) as store, \
            make_pipeline(processes, dask_scheduler,
                          record_timeout_s=record_timeout) as pipeline:     # stops its workers
        report = run_ingest(list(paths), store, columns=columns, batch_size=batch_size,
                            pipeline=pipeline, progress=bar.update,
                            alert_config=Path(alerts_config) if alerts_config else None)
    bar.close()
    click.echo(ingest_summary(report))
    if report.rejected:
        sys.exit(1)


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv", "geojson"]),
              default="table", show_default=True)
@filter_options(EVENT_OPTIONS)
def events(db: str, fmt: str, **filters: Any) -> None:
    """List real-world events (mentions merged by coreference), oldest first."""
    flt = event_filter_from(filters)
    with open_store(db, read_only=True) as store, filter_errors():
        found = store.events(flt)
        articles = store.article_meta()
    records = (formats.event_record(e, articles) for e in found)
    if fmt == "table":
        click.echo(event_table(found))
    elif fmt == "jsonl":
        for line in formats.jsonl_lines(records):
            click.echo(line)
    elif fmt == "csv":
        for chunk in formats.csv_text(records):
            click.echo(chunk, nl=False)
    else:
        click.echo(json.dumps(formats.geojson(records), ensure_ascii=False))


@cli.command()
@db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True)
@filter_options(ALERT_OPTIONS)
@click.option("--dismissed", "include_dismissed", is_flag=True,
              help="Also list alerts an analyst dismissed (marked as such).")
@click.option("--sort", "order", type=click.Choice(["severity", "time"]), default="severity",
              show_default=True, help="Most severe first, or oldest first.")
def alerts(db: str, fmt: str, include_dismissed: bool, order: str, **filters: Any) -> None:
    """List alerts, most severe first; dismissed ones only with --dismissed."""
    from tocsin.analysis.alerts import by_severity

    flt = alert_filter_from(filters, include_dismissed=include_dismissed)
    with open_store(db, read_only=True) as store, filter_errors():
        found = store.alerts(flt)
        found = by_severity(found) if order == "severity" else found
        hidden = 0 if include_dismissed else len(store.alerts(replace(flt, include_dismissed=True))) - len(found)
    if fmt == "table":
        click.echo(alert_table(found, hidden))
    else:
        for line in formats.jsonl_lines(formats.alert_records(found)):
            click.echo(line)


@cli.command()
@click.argument("event_id")
@db_option
def show(event_id: str, db: str) -> None:
    """Print an event's evidence sentence with trigger, actors and place highlighted."""
    with open_store(db, read_only=True) as store:
        event = store.event(event_id)
        if event is None:
            raise click.ClickException(f"no event with id {event_id}")
        article = store.article(event.evidence.article_id)
        others = [e for e in store.cluster(event.cluster_id or event.id) if e.id != event.id]
    click.echo(highlight_evidence(event, article, others))


@cli.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of text.")
@filter_options(EVENT_OPTIONS, skip=("limit",))
def summary(db: str, as_json: bool, **filters: Any) -> None:
    """Articles, real-world events by type and status, top actors and alerts in a store."""
    from tocsin.store.stats import stats

    flt = event_filter_from(filters)
    with open_store(db, read_only=True) as store, filter_errors():
        numbers = stats(store, flt=flt)
        found = store.alerts(AlertFilter(since=flt.since, until=flt.until))
    if as_json:
        click.echo(json.dumps(numbers.to_dict()))
        return
    click.echo(render_summary(numbers))
    click.echo("")
    click.echo(alert_table(found))


def main() -> None:
    cli()


from tocsin.cli import analysis_cmd, eval_cmd, gazetteer_cmd, serve_cmd  # noqa: E402  (registers sub-commands)
from tocsin.cli import alert_review_cmd, counts_cmd, edits_cmd, refresh_cmd  # noqa: E402

analysis_cmd.register(cli)
counts_cmd.register(cli)
refresh_cmd.register(cli)
edits_cmd.register(cli)
alert_review_cmd.register(cli)
eval_cmd.register(cli)
gazetteer_cmd.register(cli)
serve_cmd.register(cli)

from tocsin.cli import train_cmd  # noqa: E402

train_cmd.register(cli)
