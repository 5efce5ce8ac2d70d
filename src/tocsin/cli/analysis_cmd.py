"""Analysis commands: track, replay, backtest, watch."""
from __future__ import annotations

import click


def register(cli: click.Group) -> None:
    pass
