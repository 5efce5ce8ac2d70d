"""`tocsin review`: measure alert precision by judging a sample of alerts.

A thin shell over `tocsin.analysis.review` and `tocsin.store.verdicts`."""
from __future__ import annotations

import json
from pathlib import Path

import click

from tocsin.cli.common import db_option, open_store
from tocsin.models import VERDICT_CAUSES, Verdict


@click.command()
@db_option
@click.option("--per-kind", default=15, show_default=True, type=click.IntRange(1),
              help="Alerts drawn at random from each kind.")
@click.option("--seed", default=14, show_default=True, help="Seed of the random sample.")
@click.option("--reviewer", default=None, help="Your name, kept with each verdict.")
@click.option("--sample-out", type=click.Path(dir_okay=False),
              help="Write the sample (each alert with its evidence) to this text file and a "
                   "verdict template to FILE.csv, instead of asking.")
@click.option("--verdicts", "verdict_file", type=click.Path(exists=True, dir_okay=False),
              help="Record the verdicts in this CSV (alert_id,verdict,cause,note) or JSONL file.")
@click.option("--report", is_flag=True, help="Print precision by kind (Wilson 95%% intervals).")
@click.option("--audit", is_flag=True, help="Print the first checks of an alert review.")
@click.option("--json", "as_json", is_flag=True, help="With --report or --audit: one JSON object.")
def review(db: str, per_kind: int, seed: int, reviewer: str | None, sample_out: str | None,
           verdict_file: str | None, report: bool, audit: bool, as_json: bool) -> None:
    """Judge a random sample of alerts, stratified by kind, and measure precision.

    With no option, walks you through the sample, showing each alert's evidence
    sentences, and records valid / partly / invalid with a cause.  Verdicts are
    kept in the store by alert id, with the alert as judged."""
    from tocsin.analysis import review as lib
    from tocsin.store import verdicts as table

    read_only = (report or audit) and not verdict_file
    with open_store(db, read_only=read_only) as store:
        alerts = store.alerts()
        if verdict_file:
            try:
                found = lib.read_verdicts(Path(verdict_file), {a.id: a for a in alerts}, reviewer)
            except lib.ReviewError as exc:
                raise click.ClickException(str(exc)) from exc
            click.echo(f"{table.record(store, found)} verdicts recorded")
        if audit:
            numbers = lib.audit(alerts, {m.id: m for m in store.mentions()})
            click.echo(json.dumps(numbers.to_json()) if as_json else numbers.format())
        if report:
            stored = table.load(store)
            rows = lib.report(stored)
            again = lib.rescore(stored, alerts)
            if as_json:
                click.echo(json.dumps({"precision": [r.to_json() for r in rows],
                                       "still_raised": again.still_raised,
                                       "dropped": again.dropped, "unjudged": again.unjudged}))
            elif not stored:
                click.echo("no verdicts yet: run tocsin review")
            else:
                click.echo(lib.format_report(rows))
                click.echo(f"of the judged alerts, still raised: {_counts(again.still_raised)}; "
                           f"no longer raised: {_counts(again.dropped)}; "
                           f"alerts not judged: {again.unjudged}")
        if report or audit or verdict_file:
            return
        picked = lib.sample(alerts, per_kind, seed)
        mentions = {m.id: m for m in store.mentions()}
        articles = store.article_meta()
        if sample_out:
            _write_sample(Path(sample_out), picked, mentions, articles)
            return
        done = {v.alert_id for v in table.load(store)}
        _ask(store, [a for a in picked if a.id not in done], mentions, articles, reviewer)


def _counts(by_verdict: dict[str, int]) -> str:
    return ", ".join(f"{n} {v}" for v, n in sorted(by_verdict.items())) or "none"


def _write_sample(path: Path, picked: list, mentions: dict, articles: dict) -> None:  # type: ignore[type-arg]
    from tocsin.analysis import review as lib

    path.write_text("\n\n".join(lib.describe(a, mentions, articles, limit=50) for a in picked)
                    + "\n", encoding="utf-8")
    template = path.with_name(path.name + ".csv")
    template.write_text("alert_id,kind,verdict,cause,note\n"
                        + "".join(f"{a.id},{a.kind},,,\n" for a in picked), encoding="utf-8")
    click.echo(f"{len(picked)} alerts written to {path}; fill in {template} and record it "
               f"with tocsin review --verdicts {template}")


_KEYS = {"v": "valid", "p": "partly", "i": "invalid"}


def _ask(store: object, picked: list, mentions: dict, articles: dict,  # type: ignore[type-arg]
         reviewer: str | None) -> None:
    from tocsin.analysis import review as lib
    from tocsin.store import verdicts as table

    if not picked:
        click.echo("every alert of the sample has a verdict: see tocsin review --report")
        return
    for n, alert in enumerate(picked, start=1):
        click.echo(f"\n[{n}/{len(picked)}] " + lib.describe(alert, mentions, articles))
        key = click.prompt("verdict: (v)alid, (p)artly, (i)nvalid, (s)kip, (q)uit",
                           type=click.Choice(["v", "p", "i", "s", "q"]), show_choices=False)
        if key == "q":
            return
        if key == "s":
            continue
        cause = None
        if key != "v":
            cause = click.prompt("cause", type=click.Choice(list(VERDICT_CAUSES)))
        note = click.prompt("note (optional)", default="", show_default=False) or None
        table.record(store, [Verdict(alert.id, _KEYS[key], cause, note, reviewer,  # type: ignore[arg-type]
                                     kind=alert.kind, alert=alert.to_dict())])


def register(cli: click.Group) -> None:
    cli.add_command(review)
