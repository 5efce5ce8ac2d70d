"""Pieces every command shares: the --db option, opening a store, date flags, filters."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from tocsin.store import DEFAULT_DB, AlertFilter, EventFilter, FilterError, Store, StoreError
from tocsin.store.filters import ALERT_OPTIONS, EVENT_OPTIONS, FilterOption

F = TypeVar("F", bound=Callable[..., Any])

db_option = click.option("--db", "db", default=DEFAULT_DB, show_default=True,
                         type=click.Path(dir_okay=False), help="DuckDB store file.")


def open_store(path: str, *, must_exist: bool = True, read_only: bool = False) -> Store:
    """A store, or a one-line error naming what to run first."""
    if must_exist and not Path(path).exists():
        raise click.ClickException(f"no database at {path}; run 'tocsin ingest PATH --db {path}' first")
    try:
        return Store(path, read_only=read_only)
    except StoreError as exc:
        # DuckDB lets one process hold a file for writing (hardening, issue 11).
        hint = ("; another tocsin process is writing it: read through its API "
                "(tocsin serve --watch FEEDS watches and serves in one process), or wait for it"
                if "lock" in str(exc).lower() else "")
        raise click.ClickException(f"{exc}{hint}") from exc


def parse_day(value: str | None, flag: str) -> date | None:
    """A --since/--until value, or a usage error naming the flag."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2014-06-10", param_hint=flag) from None


def filter_options(options: Sequence[FilterOption], *, skip: Iterable[str] = ()) -> Callable[[F], F]:
    """Click options for a filter, from the library's one list of them: the same
    names in every command (--event-type, alias --type), each value checked by
    the library (`filter_from`)."""
    skipped = set(skip)

    def decorate(command: F) -> F:
        for option in reversed([o for o in options if o.name not in skipped]):
            kind = {"int": int, "float": float}.get(option.kind, str)
            command = click.option(*option.flags, option.name, type=kind, default=None,
                                   help=option.help,
                                   metavar={"date": "YYYY-MM-DD", "bbox": "W,S,E,N"}.get(option.kind))(command)
        return command
    return decorate


def flag_of(option: str) -> str:
    return "--" + option.replace("_", "-")


@contextmanager
def filter_errors() -> Iterator[None]:
    """A value the library refuses is a usage error naming the flag (exit 2)."""
    try:
        yield
    except FilterError as exc:
        raise click.BadParameter(str(exc), param_hint=flag_of(exc.option)) from None


def event_filter_from(values: Mapping[str, Any], **extra: Any) -> EventFilter:
    names = {o.name for o in EVENT_OPTIONS}
    with filter_errors():
        return EventFilter.from_options(**{k: v for k, v in values.items() if k in names}, **extra)


def alert_filter_from(values: Mapping[str, Any], **extra: Any) -> AlertFilter:
    names = {o.name for o in ALERT_OPTIONS}
    with filter_errors():
        return AlertFilter.from_options(**{k: v for k, v in values.items() if k in names}, **extra)
