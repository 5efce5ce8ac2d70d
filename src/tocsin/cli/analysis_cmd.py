"""Analysis commands: track, replay, backtest, watch."""
from __future__ import annotations

import click

from tocsin.cli.watch_cmd import watch


def register(cli: click.Group) -> None:
    cli.add_command(watch)
