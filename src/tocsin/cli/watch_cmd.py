"""`tocsin watch`: poll feeds, ingest new articles, deliver new alerts."""
from __future__ import annotations

from pathlib import Path

import click

from tocsin.models import Alert, Article
from tocsin.cli.common import db_option


def alerts_after_ingest(db: str, alert_config: Path | None):  # type: ignore[no-untyped-def]
    """An ingest callable for the watcher: store articles, return new or changed alerts."""
    from tocsin.analysis.delivery import alert_version
    from tocsin.runner import Pipeline, ingest_articles
    from tocsin.store import Store

    pipeline = Pipeline()

    def ingest(articles: list[Article]) -> list[Alert]:
        with Store(db) as store:
            before = {a.id: alert_version(a) for a in store.alerts()}
            report = ingest_articles(articles, store, pipeline=pipeline, alert_config=alert_config)
        return [a for a in report.alerts if before.get(a.id) != alert_version(a)]
    return ingest


@click.command()
@click.option("--feeds", "feeds_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="File with one feed URL per line ('#' comments allowed).")
@click.option("--every", default="15m", show_default=True, help="Poll interval, e.g. 30s, 15m, 1h.")
@db_option
@click.option("--state", type=click.Path(dir_okay=False),
              help="State file (default: FEEDS.state.json) so a restart resumes without re-alerting.")
@click.option("--alerts-jsonl", type=click.Path(dir_okay=False), help="Append new alerts here.")
@click.option("--webhook", help="POST each new alert as JSON to this URL.")
@click.option("--alerts-config", type=click.Path(exists=True, dir_okay=False))
@click.option("--polls", type=int, default=None, help="Stop after N polls (default: run until stopped).")
def watch(feeds_file: str, every: str, db: str, state: str | None, alerts_jsonl: str | None,
          webhook: str | None, alerts_config: str | None, polls: int | None) -> None:
    """Poll RSS/Atom feeds, ingest new articles and deliver new alerts."""
    from tocsin.ingest.watch import Watcher
    from tocsin.ingest.watch_config import FeedsFileError, WatchConfig
    from tocsin.ingest.watch_state import WatchStateError

    try:
        config = WatchConfig.from_feeds_file(
            Path(feeds_file), every=every, state_path=Path(state) if state else None,
            alerts_path=Path(alerts_jsonl) if alerts_jsonl else None, webhook_url=webhook,
            stdout=True)
        ingest = alerts_after_ingest(db, Path(alerts_config) if alerts_config else None)
        with Watcher(config, ingest) as watcher:
            watcher.run(max_polls=polls, on_poll=lambda result: click.echo(result.summary(), err=True))
    except (FeedsFileError, WatchStateError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    except KeyboardInterrupt:
        click.echo("tocsin watch: stopped; state saved", err=True)
