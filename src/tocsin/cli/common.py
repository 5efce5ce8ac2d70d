"""Pieces every command shares: the --db option, opening a store, date flags."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from tocsin.store import DEFAULT_DB, Store, StoreError

db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="DuckDB store file.")


def open_store(path: str, *, must_exist: bool = True, read_only: bool = False) -> Store:
    """A store, or a one-line error naming what to run first."""
    if must_exist and not Path(path).exists():
        raise click.ClickException(f"no database at {path}; run 'tocsin ingest PATH --db {path}' first")
    try:
        return Store(path, read_only=read_only)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from exc


def parse_day(value: str | None, flag: str) -> date | None:
    """A --since/--until value, or a usage error naming the flag."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2014-06-10", param_hint=flag) from None
