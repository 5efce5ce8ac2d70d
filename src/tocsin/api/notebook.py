"""`tocsin.open(db)`: a store as typed pandas DataFrames, for notebooks.

    db = tocsin.open("tocsin.duckdb")
    df = db.events(country="Iraq", since="2014-06-01")      # real-world events
    df.groupby("sub_event_type").size()
    db.mentions(actor="ISIL")                                # every report of them
    db.track("ISIS")                                         # weekly centres
    tocsin.to_geodataframe(df)                               # needs geopandas

Filters take the same names as `tocsin events` (`event_type`, alias `type`;
`min_sources`; ...) and are checked the same way: an unknown name raises
`FilterError` with the nearest matches.  Dates are datetimes, `published` and
`fired_at` UTC datetimes, counts nullable integers (Int64).
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tocsin.models import Alert, Event
from tocsin.store import AlertFilter, EventFilter, Store, StoreError
from tocsin.store import formats

if TYPE_CHECKING:
    import pandas as pd

ALERT_COLUMNS = ("id", "kind", "actor", "region", "fired_at", "severity", "summary", "evidence",
                 "bearing_deg", "distance_km", "dismissed", "dismissed_why", "dismissed_at")


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

    def events(self, since: date | str | None = None, until: date | str | None = None,
               **filters: Any) -> "pd.DataFrame":
        """Real-world events as rows with the CSV export's columns plus cluster_id.
        Filters: actor, country, admin1, admin2, event_type (or type), status,
        min_sources, bbox, limit."""
        flt = EventFilter.from_options(since=since, until=until, **filters)
        return self._frame(self.store.events(flt))

    def mentions(self, since: date | str | None = None, until: date | str | None = None,
                 **filters: Any) -> "pd.DataFrame":
        """Every report of an event, each with its own sentence, status and
        attribution; `cluster_id` is the real-world event it belongs to."""
        flt = EventFilter.from_options(since=since, until=until, **filters)
        return self._frame(self.store.mentions(flt))

    def _frame(self, found: Sequence[Event]) -> "pd.DataFrame":
        import pandas as pd

        ids = sorted({e.evidence.article_id for e in found})
        articles = self.store.article_meta() if len(ids) > 500 else _article_meta(self.store, ids)
        rows = []
        for event in found:
            row = formats.flat_row(formats.event_record(event, articles))
            row["cluster_id"] = event.cluster_id or event.id
            rows.append(row)
        frame = pd.DataFrame(rows, columns=[*formats.CSV_COLUMNS, "cluster_id"])
        frame["date"] = pd.to_datetime(frame["date"])
        frame["published"] = pd.to_datetime(frame["published"], utc=True, format="ISO8601")
        for column in formats.INTEGER_COLUMNS:
            frame[column] = frame[column].astype("Int64")
        for column in formats.FLOAT_COLUMNS:
            frame[column] = frame[column].astype("float64")
        return frame

    def alerts(self, since: date | str | None = None, until: date | str | None = None, *,
               include_dismissed: bool = True, **filters: Any) -> "pd.DataFrame":
        """Alerts, oldest first; `fired_at` is a UTC datetime.  Filters: kind, actor,
        region, min_severity, limit.  Dismissed alerts are included and marked
        (`dismissed`, `dismissed_why`) unless include_dismissed=False."""
        import pandas as pd

        flt = AlertFilter.from_options(since=since, until=until, include_dismissed=include_dismissed,
                                       **filters)
        frame = pd.DataFrame([_alert_row(a) for a in self.store.alerts(flt)], columns=list(ALERT_COLUMNS))
        frame["fired_at"] = pd.to_datetime(frame["fired_at"], utc=True)
        frame["dismissed_at"] = pd.to_datetime(frame["dismissed_at"], utc=True)
        for column in ("severity", "bearing_deg", "distance_km"):
            frame[column] = frame[column].astype("float64")
        frame["dismissed"] = frame["dismissed"].astype(bool)
        return frame

    def actors(self, limit: int | None = None) -> "pd.DataFrame":
        """Actors with their kind, number of real-world events and active dates, busiest first."""
        import pandas as pd

        sql = """
            SELECT name, any_value(kind) AS kind, count(*) AS events, min(date) AS first_date,
                   max(date) AS last_date FROM (
                SELECT actor1_name AS name, actor1_kind AS kind, date FROM events
                WHERE actor1_name IS NOT NULL
                UNION ALL
                SELECT actor2_name, actor2_kind, date FROM events WHERE actor2_name IS NOT NULL)
            GROUP BY name ORDER BY events DESC, name"""
        params: list[Any] = []
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        frame = self.store.con.execute(sql, params).df()
        frame["events"] = frame["events"].astype("Int64")
        for column in ("first_date", "last_date"):
            frame[column] = pd.to_datetime(frame[column])
        return frame

    def track(self, actor: str, since: date | str | None = None, until: date | str | None = None,
              **filters: Any) -> "pd.DataFrame":
        """An actor's weekly centres of located, factual activity, in time order, with
        how far and which way each week's centre moved from the one before."""
        import pandas as pd

        from tocsin.analysis.tracks import track

        flt = EventFilter.from_options(since=since, until=until, actor=actor, **filters)
        name = self.store.actor_name(actor)
        result = track(self.store.events(flt), name, since=flt.since, until=flt.until)
        moved = {s.end: s for s in result.shifts}
        rows = [{"actor": name, "week_start": c.week_start, "lat": c.lat, "lon": c.lon,
                 "events": c.events,
                 "km_from_previous": moved[c.week_start].distance_km if c.week_start in moved else None,
                 "bearing_from_previous": moved[c.week_start].bearing_deg if c.week_start in moved else None}
                for c in result.centres]
        frame = pd.DataFrame(rows, columns=["actor", "week_start", "lat", "lon", "events",
                                            "km_from_previous", "bearing_from_previous"])
        frame["week_start"] = pd.to_datetime(frame["week_start"])
        frame["events"] = frame["events"].astype("Int64")
        for column in ("lat", "lon", "km_from_previous", "bearing_from_previous"):
            frame[column] = frame[column].astype("float64")
        return frame

    def counts(self, by: Sequence[str] | str = ("week",), **filters: Any) -> "pd.DataFrame":
        """Events per period and group, as `tocsin counts --by ...` prints them."""
        import pandas as pd

        from tocsin.store.counts import counts

        table = counts(self.store, by, EventFilter.from_options(**filters))
        frame = pd.DataFrame(table.rows, columns=list(table.columns))
        if table.period:
            frame[table.period] = pd.to_datetime(frame[table.period])
        for column in ("events", "articles", "fatalities"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def stats(self) -> dict[str, Any]:
        from tocsin.store.stats import stats

        return stats(self.store).to_dict()

    def sql(self, query: str, params: list[Any] | None = None) -> "pd.DataFrame":
        """Any read-only SQL over the store's tables (articles, events, alerts, ...)."""
        return self.store.con.execute(query, params or []).df()


def _alert_row(alert: Alert) -> dict[str, Any]:
    row = alert.to_dict()
    row["fired_at"] = alert.fired_at
    row["dismissed"] = alert.dismissed is not None
    row["dismissed_why"] = alert.dismissed.why if alert.dismissed else None
    row["dismissed_at"] = alert.dismissed.made_at if alert.dismissed else None
    return row


def _article_meta(store: Store, ids: list[str]) -> dict[str, Any]:
    from tocsin.api.queries import article_meta

    return article_meta(store, ids)


def to_geodataframe(frame: "pd.DataFrame", lat: str = "lat", lon: str = "lon") -> Any:
    """A geopandas GeoDataFrame of points (EPSG:4326) from a frame with lat/lon
    columns (events, mentions, track); rows without coordinates get an empty
    geometry.  geopandas is an optional extra: pip install 'tocsin[geo]'."""
    try:
        import geopandas
    except ImportError as exc:
        raise ImportError("to_geodataframe needs geopandas, an optional extra: "
                          "pip install 'tocsin[geo]' (or pip install geopandas)") from exc
    geometry = geopandas.points_from_xy(frame[lon], frame[lat])
    return geopandas.GeoDataFrame(frame.copy(), geometry=geometry, crs="EPSG:4326")


def open(db: str | Path = "tocsin.duckdb") -> Database:  # noqa: A001 - mirrors sqlite3/duckdb style
    """Open a tocsin store read-only for analysis in a notebook."""
    return Database(db)
