"""A large store for measuring live ingest: copies of a real store, shifted in time.

Copy k of every article and mention gets the id prefix "r<k>:" and dates and
publication times moved k * span years later, where span covers every year
the source mentions, so no two copies share a year and no copy's reports can
corefer with another's.  Copy 0 keeps the source's dates.  The copies are
written by SQL (no Python per row), with no cluster yet; one refresh then
clusters the whole store and computes its alerts, as if it had been read.

    python -m tocsin.benchmarks.replicate SOURCE.duckdb TARGET.duckdb --mentions 300000
"""
from __future__ import annotations

import argparse
import math
import time
from pathlib import Path

from tocsin.store import Store
from tocsin.store.codec import ARTICLE_COLUMNS
from tocsin.store.event_columns import WRITE_COLUMNS

#: columns copied as they are; the others are rewritten per copy below
_SHIFTED_ARTICLE = {
    "id": "{p} || id", "published": "published + to_years({y})",
    "content_hash": "content_hash || '-' || {p}",
    "duplicate_of": "CASE WHEN duplicate_of IS NULL THEN NULL ELSE {p} || duplicate_of END",
}
_SHIFTED_MENTION = {
    "id": "{p} || id", "article_id": "{p} || article_id", "cluster_id": "{p} || id",
    "date": "CAST(date + to_years({y}) AS DATE)", "component_id": "NULL",
    "sources_articles": "1", "sources_independent": "1",
}


def span_years(con: object, source: str) -> int:
    """Years from the earliest to the latest date or publication in the source."""
    row = con.execute(  # type: ignore[attr-defined]
        f"SELECT min(y), max(y) FROM (SELECT year(date) AS y FROM {source}.mentions "
        f"WHERE date IS NOT NULL UNION ALL SELECT year(published) FROM {source}.articles "
        f"WHERE published IS NOT NULL)").fetchone()
    if row is None or row[0] is None:
        return 1
    return int(row[1]) - int(row[0]) + 1


def replicate(source: Path, target: Path, mentions: int) -> dict[str, float]:
    """Write copies of `source` into a new store at `target` until it holds at
    least `mentions` mentions, then refresh it; the seconds each part took."""
    if target.exists():
        raise FileExistsError(f"{target} exists; replicate writes a new store")
    start = time.perf_counter()
    with Store(target) as store:
        con = store.con
        con.execute(f"ATTACH '{source}' AS src (READ_ONLY)")
        (per_copy,) = con.execute("SELECT count(*) FROM src.mentions").fetchone() or (0,)
        if not per_copy:
            raise ValueError(f"{source} holds no mentions")
        copies = math.ceil(mentions / per_copy)
        span = span_years(con, "src")
        if 2100 + copies * span > 9999:
            raise ValueError(f"{copies} copies of {span} years would pass the year 9999")
        for k in range(copies):
            prefix, years = f"'r{k}:'", k * span
            articles = ", ".join(_SHIFTED_ARTICLE.get(c, c).format(p=prefix, y=years)
                                 for c in ARTICLE_COLUMNS)
            rows = ", ".join(_SHIFTED_MENTION.get(c, f'"{c}"').format(p=prefix, y=years)
                             for c in WRITE_COLUMNS)
            names = ", ".join(f'"{c}"' for c in WRITE_COLUMNS)
            with store.transaction():
                con.execute(f"INSERT INTO articles ({', '.join(ARTICLE_COLUMNS)}) "
                            f"SELECT {articles} FROM src.articles")
                con.execute(f"INSERT INTO mentions ({names}) SELECT {rows} FROM src.mentions")
        con.execute("DETACH src")
        copied = time.perf_counter()
        from tocsin.runner import refresh

        alerts = refresh(store, full=True)
        (total,) = con.execute("SELECT count(*) FROM mentions").fetchone() or (0,)
    return {"copies": copies, "span_years": span, "mentions": total, "alerts": len(alerts),
            "copy_s": round(copied - start, 2),
            "full_refresh_s": round(time.perf_counter() - copied, 2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.benchmarks.replicate")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--mentions", type=int, default=300_000)
    args = parser.parse_args(argv)
    print(replicate(args.source, args.target, args.mentions))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
