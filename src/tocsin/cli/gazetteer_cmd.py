"""`tocsin gazetteer ...`: which gazetteer is active, and importing GeoNames dumps.

    tocsin gazetteer info
    tocsin gazetteer import allCountries.zip admin1CodesASCII.txt admin2Codes.txt alternateNamesV2.zip
    tocsin gazetteer import SY.zip IQ.zip admin1CodesASCII.txt --out ~/gaz/levant
    tocsin gazetteer remove            # back to the embedded gazetteer
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import click


@click.group(name="gazetteer", help="Show or grow the gazetteer (GeoNames place index).")
def gazetteer_group() -> None:
    """Group of gazetteer sub-commands."""


@gazetteer_group.command(name="info")
@click.option("--json", "as_json", is_flag=True, help="One JSON object instead of lines.")
def info(as_json: bool) -> None:
    """Say which gazetteer is active, where it is and what it holds."""
    from tocsin.geo.gazetteer import Gazetteer, active_path

    path, why = active_path()
    try:
        gaz = Gazetteer.default()
    except (OSError, ValueError) as err:
        raise click.ClickException(f"gazetteer at {path} cannot be read: {err}") from None
    facts = {**gaz.info(), "active_because": why}
    if as_json:
        click.echo(json.dumps(facts, ensure_ascii=False))
        return
    click.echo(f"active    {facts['kind']} gazetteer ({why})")
    click.echo(f"path      {facts['path']}")
    click.echo(f"places    {facts['records']:,}")
    click.echo(f"built     {facts['built'] or '-'}")
    if facts["imported_countries"]:
        shown = ", ".join(facts["imported_countries"][:30])
        more = len(facts["imported_countries"]) - 30
        click.echo(f"imported  {shown}{f' and {more} more' if more > 0 else ''}")
    for source in facts["sources"]:
        click.echo(f"source    {source}")


@gazetteer_group.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(file_okay=False), default=None,
              help="Index directory to write (default: ~/.cache/tocsin/gazetteer-imported, "
                   "which then becomes the active gazetteer).")
@click.option("--all-features", is_flag=True,
              help="Keep every GeoNames feature (streams, hotels, ...), not only places, regions, "
                   "water bodies, sites and terrain.")
@click.option("--no-embedded", is_flag=True,
              help="Leave out the embedded places of countries the dumps do not cover.")
def import_(files: tuple[str, ...], out: str | None, all_features: bool, no_embedded: bool) -> None:
    """Build a gazetteer index from GeoNames dumps (allCountries.zip, SY.zip, admin1CodesASCII.txt,
    admin2Codes.txt, alternateNamesV2.zip ...)."""
    from tocsin.geo.gazetteer import imported_path
    from tocsin.geo.gazetteer_import import DumpError, import_geonames

    target = Path(out).expanduser() if out else imported_path()
    try:
        stats = import_geonames([Path(f) for f in files], target, all_features=all_features,
                                with_embedded=not no_embedded)
    except (DumpError, OSError) as err:
        raise click.ClickException(str(err)) from None
    click.echo(f"imported {stats.places:,} places ({', '.join(sorted(stats.countries)) or 'none'}) "
               f"and {stats.alternate_names:,} alternate names into {target}")
    if stats.bad_rows:
        click.echo(f"skipped {stats.bad_rows:,} malformed rows", err=True)
    if out:
        click.echo(f"use it with:  TOCSIN_GAZETTEER={target} tocsin ...")
    else:
        click.echo("it is now the active gazetteer ('tocsin gazetteer remove' goes back to the embedded one)")


@gazetteer_group.command(name="remove")
def remove() -> None:
    """Delete the imported index at the default place, so the embedded gazetteer is active again."""
    from tocsin.geo.gazetteer import imported_path

    target = imported_path()
    if not target.exists():
        click.echo(f"no imported gazetteer at {target}")
        return
    shutil.rmtree(target)
    click.echo(f"removed {target}; the embedded gazetteer is active")


def register(cli: click.Group) -> None:
    cli.add_command(gazetteer_group)
