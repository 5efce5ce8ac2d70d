"""`tocsin counts`: real-world events per period and group, as a table, CSV or JSON."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

import click

from tocsin.cli.common import db_option, event_filter_from, filter_errors, filter_options, open_store
from tocsin.store.filters import EVENT_OPTIONS


@click.command()
@db_option
@click.option("--by", "by", default="week", show_default=True,
              help="A period (day, week, month, year) and/or groups (country, admin1, admin2, "
                   "location, event_type, sub_event_type, plover, status, actor1, actor2, "
                   "movement), comma-separated: --by week,admin1,event_type.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True)
@click.option("--no-fill", is_flag=True, help="Leave out periods with no events (default: zeros).")
@filter_options(EVENT_OPTIONS, skip=("limit",))
def counts(db: str, by: str, fmt: str, no_fill: bool, **filters: Any) -> None:
    """Count real-world events per period and group: a time series like GDELT's."""
    from tocsin.store.counts import counts as count_events

    flt = event_filter_from(filters)
    with open_store(db, read_only=True) as store, filter_errors():     # names --by too
        table = count_events(store, by, flt, fill=not no_fill)
    records = table.records()
    if fmt == "json":
        click.echo(json.dumps({"by": list(table.columns[:-3]), "period": table.period,
                               "rows": records, "left_out": table.left_out}, ensure_ascii=False))
    elif fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(table.columns))
        writer.writeheader()
        writer.writerows(records)
        click.echo(buffer.getvalue(), nl=False)
    else:
        click.echo(_table(table.columns, records))
    if table.left_out:
        left = "; ".join(f"{n} {why}" for why, n in sorted(table.left_out.items()))
        click.echo(f"tocsin: not counted: {left}", err=True)


def _table(columns: tuple[str, ...], records: list[dict[str, Any]]) -> str:
    cells = [[("-" if r[c] is None else str(r[c])) for c in columns] for r in records]
    widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    numeric = {"events", "articles", "fatalities"}

    def line(values: list[str]) -> str:
        return "  ".join(v.rjust(w) if c in numeric else v.ljust(w)
                         for v, w, c in zip(values, widths, columns)).rstrip()
    lines = [line(list(columns)), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    total = sum(r["events"] for r in records)
    lines.append(f"{len(records)} rows, {total} real-world events")
    return "\n".join(lines)


def register(cli: click.Group) -> None:
    cli.add_command(counts)
