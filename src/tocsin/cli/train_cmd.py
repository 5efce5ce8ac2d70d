"""`tocsin train event-types EXPORT.csv --out DIR`, and the `--model DIR` option.

The command is a shell over `tocsin.extract.event_type.acled_training.train_from_acled`;
`model_option` is the `--model DIR` option that `ingest`, `eval` and `serve`
take to use such a model instead of the shipped one.
"""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

model_option = click.option(
    "--model", "model_dir", default=None, type=click.Path(file_okay=False, path_type=Path),
    help="Event-type model folder written by 'tocsin train event-types' (default: the shipped model).")


def use_model_option(model_dir: Path | None) -> None:
    """Switch event typing to `model_dir` for this process and its workers, or fail in one line."""
    if model_dir is None:
        return
    from tocsin.extract.event_type import ModelError, use_model

    try:
        use_model(model_dir)
    except ModelError as exc:
        raise click.ClickException(str(exc)) from exc


@click.group(name="train", help="Train tocsin's learned components on your own data.")
def train() -> None:
    pass


@train.command(name="event-types")
@click.argument("export", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", required=True, type=click.Path(path_type=Path),
              help="Folder to write the model to (created, or replaced if it holds a model).")
@click.option("--no-negatives", is_flag=True,
              help="Train on the export alone, without tocsin's own non-event sentences.")
@click.option("--with-shipped", is_flag=True,
              help="Also train on tocsin's own example sentences of the ACLED sub-event types.")
@click.option("--drop-rare", is_flag=True,
              help="Leave out sub-event types with too few rows instead of stopping.")
@click.option("--folds", default=5, show_default=True, type=click.IntRange(2, 20),
              help="Cross-validation folds for the reported scores.")
@click.option("--quiet", is_flag=True, help="No progress lines.")
def event_types(export: Path, out: Path, no_negatives: bool, with_shipped: bool, drop_rare: bool,
                folds: int, quiet: bool) -> None:
    """Train the event-type classifier on an ACLED export (notes -> sub_event_type)."""
    from tocsin.extract.event_type.acled_training import AcledTrainingError, train_from_acled
    from tocsin.extract.event_type.training import Settings

    def progress(message: str) -> None:
        if not quiet:
            click.echo(f"train: {message}", err=True)

    try:
        report = train_from_acled(export, out, include_negatives=not no_negatives,
                                  include_shipped=with_shipped, drop_rare=drop_rare,
                                  settings=Settings(folds=folds), progress=progress)
    except (AcledTrainingError, OSError) as exc:
        raise click.ClickException(str(exc)) from exc
    skipped = sum(report.skipped.values())
    click.echo(f"{report.rows_read} rows read, {report.rows_used} used, {skipped} skipped")
    for reason, count in sorted(report.skipped.items(), key=lambda item: -item[1]):
        click.echo(f"  skipped {count:>6}  {reason}")
    for code, count in report.dropped_classes.items():
        click.echo(f"  dropped {count:>6}  rows of {code} (too few to learn)")
    forced = report.cv.get("focus", report.cv["forced"])
    click.echo(f"{report.cv['folds']}-fold cross-validation (sub-event type, forced choice): "
               f"weighted F1 {forced['weighted_f1']:.3f}, macro F1 {forced['macro_f1']:.3f}, "
               f"accuracy {forced['accuracy']:.3f} over {forced['n']} rows")
    click.echo(f"model written to {report.out}; use it with --model {report.out}")
    sys.stdout.flush()


def register(cli: click.Group) -> None:
    cli.add_command(train)
