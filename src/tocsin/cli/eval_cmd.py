"""`tocsin eval ...`: score a configuration against gold data, like `spacy evaluate`.

Each sub-command prints a short table, then one JSON object with every metric
as its last line, so runs can be compared by machine.
"""
from __future__ import annotations

import importlib
from pathlib import Path

import click

from tocsin.cli.train_cmd import model_option, use_model_option

EVALUATORS = {
    "case2021": ("tocsin.evaluate.case_events", "CASE 2021 task 2 TSV (id, EventSnippet, SubType)."),
    "geo": ("tocsin.evaluate.geo", "LGL / TR-News, GeoVirus or GeoWebNews XML."),
    "geo-region": ("tocsin.evaluate.geo_region", "FA-KES CSV or store: events placed outside Syria and its neighbours."),
    "fakes": ("tocsin.evaluate.fakes", "FA-KES CSV (article_content, date, location, actor, nb_*)."),
    "plover": ("tocsin.evaluate.plover", "PLOVER gold-standard JSON records."),
    "petrarch2": ("tocsin.evaluate.petrarch", "PETRARCH-2 validation XML (PETR2_GSR_validation.xml)."),
    "acled": ("tocsin.evaluate.acled", "ACLED CSV export (event_date, sub_event_type, notes, ...)."),
}


def _command(name: str, module: str, help_text: str) -> click.Command:
    @click.command(name=name, help=f"Score tocsin on a {help_text}")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False))
    @click.option("--limit", type=int, default=None, help="Score only the first N items.")
    @click.option("--folds", default=None, help="geo only: score only these folds of 5, e.g. '4', "
                  "the fold held out from every choice made on LGL and GeoVirus.")
    @model_option
    def run(file: str, limit: int | None, folds: str | None, model_dir: Path | None) -> None:
        if folds is not None and name != "geo":
            raise click.UsageError("--folds applies to 'tocsin eval geo' only")
        use_model_option(model_dir)
        evaluator = importlib.import_module(module)
        argv = [file] + (["--limit", str(limit)] if limit else []) + (["--folds", folds] if folds else [])
        code = evaluator.main(argv)
        if code:
            raise SystemExit(code)
    return run


def register(cli: click.Group) -> None:
    group = click.Group(name="eval", help="Score tocsin against gold-labelled data.")
    for name, (module, help_text) in EVALUATORS.items():
        group.add_command(_command(name, module, help_text))
    cli.add_command(group)
