"""`tocsin refresh [--full]`: bring clusters, events and alerts up to date."""
from __future__ import annotations

from pathlib import Path

import click

from tocsin.cli.alert_config_option import ALERT_CONFIG
from tocsin.cli.common import db_option, open_store


@click.command()
@db_option
@click.option("--full", is_flag=True,
              help="Forget every coreference cluster and rebuild them all (the same result as "
                   "the incremental refresh ingest runs; use it after changing the rules).")
@click.option("--alerts-config", type=ALERT_CONFIG,
              help="TOML file with alert rules (defaults: tocsin/data/alerts.toml).")
def refresh(db: str, full: bool, alerts_config: str | None) -> None:
    """Recompute coreference, source counts and alerts (ingest does this by itself)."""
    from tocsin.runner import refresh_with_report

    with open_store(db) as store:
        done, alerts = refresh_with_report(store, Path(alerts_config) if alerts_config else None,
                                           full=full)
        (events,) = store.query("SELECT count(*) FROM events")[0]
    click.echo(f"{done.reclustered} mentions re-clustered ({done.pending} not clustered before); "
               f"{done.mention_rows} mention rows and {done.event_rows} events written, "
               f"{done.removed_events} events removed; {events} real-world events, "
               f"{len(alerts)} alerts")


def register(group: click.Group) -> None:
    group.add_command(refresh)
