"""The --alerts-config option's type: the rule file is read and checked when the
command line is parsed, so a bad key is a one-line usage error before anything is
ingested or served, never a traceback after the work is done."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click


class AlertConfigFile(click.Path):
    """An existing TOML file that `tocsin.analysis.config.load_config` accepts."""

    name = "alert rules file"

    def __init__(self) -> None:
        super().__init__(exists=True, dir_okay=False)

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> Any:
        path = super().convert(value, param, ctx)
        from tocsin.analysis.config import ConfigError, load_config

        try:
            load_config(Path(os.fsdecode(path)))
        except ConfigError as exc:
            self.fail(str(exc), param, ctx)
        return path


ALERT_CONFIG = AlertConfigFile()
