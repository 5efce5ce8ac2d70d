"""`tocsin watch`: poll feeds, ingest new articles, deliver new alerts."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from tocsin.cli.alert_config_option import ALERT_CONFIG
from tocsin.cli.common import db_option
from tocsin.store import Store, StoreError

#: What to say when another process holds the store (DuckDB allows one writer per file).
IN_USE_HINT = ("another tocsin process (ingest, watch or serve) may be using it; to watch feeds "
               "while the dashboard and API stay readable, run both in one process: "
               "tocsin serve --watch FEEDS")


def open_for_watch(db: str) -> Store:
    """The store, held for the whole watch, or a one-line error and exit 1."""
    try:
        return Store(db)
    except StoreError as exc:
        raise click.ClickException(f"{exc}; {IN_USE_HINT}") from exc


def watch_options(command):  # type: ignore[no-untyped-def]
    """Options shared by `tocsin watch` and `tocsin serve --watch`."""
    for option in reversed([
        click.option("--every", default="15m", show_default=True,
                     help="Poll interval, e.g. 30s, 15m, 1h."),
        click.option("--state", type=click.Path(dir_okay=False),
                     help="Feed state file (default: FEEDS.state.json), so a restart resumes."),
        click.option("--alerts-jsonl", type=click.Path(dir_okay=False),
                     help="Append new alerts here."),
        click.option("--webhook", help="POST each new alert as JSON to this URL."),
        click.option("--alerts-config", type=ALERT_CONFIG),
        click.option("--allow-private", is_flag=True,
                     help="Also fetch feeds and pages on loopback and private addresses."),
        click.option("--ignore-robots", is_flag=True,
                     help="Fetch feeds and pages even where the site's robots.txt asks robots "
                          "not to (for sources you run or may poll)."),
    ]):
        command = option(command)
    return command


def watch_config(feeds_file: str, every: str, state: str | None, alerts_jsonl: str | None,
                 webhook: str | None, allow_private: bool, stdout: bool = True,
                 ignore_robots: bool = False):  # type: ignore[no-untyped-def]
    from tocsin.live.config import FeedsFileError, WatchConfig

    try:
        return WatchConfig.from_feeds_file(
            Path(feeds_file), every=every, state_path=Path(state) if state else None,
            alerts_path=Path(alerts_jsonl) if alerts_jsonl else None, webhook_url=webhook,
            stdout=stdout, allow_private=allow_private, obey_robots=not ignore_robots)
    except (FeedsFileError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc


@click.command()
@click.option("--feeds", "feeds_file", required=True, type=click.Path(exists=True, dir_okay=False),
              help="File with one feed URL per line ('#' comments allowed).")
@db_option
@watch_options
@click.option("--polls", type=click.IntRange(1), default=None,
              help="Stop after N polls (default: run until stopped).")
def watch(feeds_file: str, every: str, db: str, state: str | None, alerts_jsonl: str | None,
          webhook: str | None, alerts_config: str | None, allow_private: bool, ignore_robots: bool,
          polls: int | None) -> None:
    """Poll RSS/Atom feeds, ingest new articles and deliver new alerts.

    The store is held for the whole run (one writer per file); to keep the
    dashboard and API readable meanwhile, use `tocsin serve --watch FEEDS`.
    """
    from tocsin.live.backend import StoreBackend
    from tocsin.live.state import WatchStateError
    from tocsin.live.watcher import Watcher

    from tocsin.analysis.config import ConfigError as AlertConfigError, load_config

    config = watch_config(feeds_file, every, state, alerts_jsonl, webhook, allow_private,
                          ignore_robots=ignore_robots)
    try:                                # a bad rule file stops the watcher before it starts
        load_config(Path(alerts_config) if alerts_config else None)
    except AlertConfigError as exc:
        raise click.ClickException(str(exc)) from exc
    failed = [False]

    def on_poll(result) -> None:  # type: ignore[no-untyped-def]
        click.echo(result.summary(), err=True)
        failed[0] = failed[0] or result.store_failed

    with open_for_watch(db) as store:
        @contextmanager
        def held() -> Iterator[Store]:
            yield store

        backend = StoreBackend(held, alert_config=Path(alerts_config) if alerts_config else None)
        try:
            with Watcher(config, backend) as watcher:
                watcher.run(max_polls=polls, on_poll=on_poll)
        except WatchStateError as exc:
            raise click.ClickException(str(exc)) from exc
        except KeyboardInterrupt:
            click.echo("tocsin watch: stopped; state saved", err=True)
        finally:
            backend.close()                     # its parse worker
    if failed[0]:
        click.echo("tocsin watch: the store could not be written during this run (see above)",
                   err=True)
        sys.exit(1)
