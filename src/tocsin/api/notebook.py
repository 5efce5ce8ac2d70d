"""`tocsin.open(db)`: a store as pandas DataFrames, for notebooks.

    db = tocsin.open("tocsin.duckdb")
    df = db.events(country="Iraq", since="2014-06-01")
    df.groupby("sub_event_type").size()
"""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.store import EventFilter, Store, StoreError
from tocsin.store import formats

if TYPE_CHECKING:
    import pandas as pd


class Database:
    """A read-only tocsin store whose queries return DataFrames."""

    def __init__(self, path: str | Path) -> None:
        if not Path(path).is_file():
            raise StoreError(f"no database at {path}; run 'tocsin ingest PATH --db {path}' first")
        self.store = Store(path, read_only=True)

    def __enter__(self) -> "Database":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def events(self, since: date | str | None = None, until: date | str | None = None, *,
               actor: str | None = None, country: str | None = None, admin1: str | None = None,
               event_type: str | None = None, status: str | None = None,
               min_sources: int | None = None,
               bbox: tuple[float, float, float, float] | None = None,
               limit: int | None = None) -> "pd.DataFrame":
        """Events as rows with the CSV export's columns plus cluster_id."""
        import pandas as pd

        flt = EventFilter(since=_day(since), until=_day(until), actor=actor, country=country,
                          admin1=admin1, event_type=event_type, status=status,
                          min_independent=min_sources, bbox=bbox, limit=limit)
        found = self.store.events(flt)
        articles = self.store.article_meta()
        rows = []
        for event in found:
            row = formats.flat_row(formats.event_record(event, articles))
            row["cluster_id"] = event.cluster_id
            rows.append(row)
        frame = pd.DataFrame(rows, columns=[*formats.CSV_COLUMNS, "cluster_id"])
        frame["date"] = pd.to_datetime(frame["date"])
        frame["published"] = pd.to_datetime(frame["published"])
        return frame

    def alerts(self) -> "pd.DataFrame":
        import pandas as pd

        columns = ("id", "kind", "actor", "region", "fired_at", "severity", "summary", "evidence",
                   "bearing_deg", "distance_km")
        return pd.DataFrame([a.to_dict() for a in self.store.alerts()], columns=list(columns))

    def stats(self) -> dict[str, Any]:
        from tocsin.store.stats import stats

        return stats(self.store).to_dict()

    def sql(self, query: str, params: list[Any] | None = None) -> "pd.DataFrame":
        """Any read-only SQL over the store's tables (articles, events, alerts, ...)."""
        return self.store.con.execute(query, params or []).df()


def _day(value: date | str | None) -> date | None:
    return date.fromisoformat(value) if isinstance(value, str) else value


def open(db: str | Path = "tocsin.duckdb") -> Database:  # noqa: A001 - mirrors sqlite3/duckdb style
    """Open a tocsin store read-only for analysis in a notebook."""
    return Database(db)
