"""Whole-store statistics: what `tocsin summary` and `GET /api/stats` show."""
from __future__ import annotations

from dataclasses import dataclass

from tocsin.store.filters import EventFilter
from tocsin.store.store import Store


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    syndicated_copies: int
    opinion_articles: int
    mentions: int
    events: int
    problems: int
    events_by_type: tuple[tuple[str, int], ...]
    events_by_status: tuple[tuple[str, int], ...]
    top_actors: tuple[tuple[str, int], ...]
    alerts_by_kind: tuple[tuple[str, int], ...]
    first_date: str | None
    last_date: str | None
    #: analysts' corrections stored, and alerts they dismissed
    corrections: int = 0
    dismissed_alerts: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "articles": self.articles, "syndicated_copies": self.syndicated_copies,
            "opinion_articles": self.opinion_articles, "mentions": self.mentions,
            "events": self.events, "problems": self.problems,
            "events_by_type": dict(self.events_by_type),
            "events_by_status": dict(self.events_by_status),
            "top_actors": dict(self.top_actors), "alerts_by_kind": dict(self.alerts_by_kind),
            "first_date": self.first_date, "last_date": self.last_date,
            "corrections": self.corrections, "dismissed_alerts": self.dismissed_alerts,
        }


def stats(store: Store, top: int = 10, flt: EventFilter = EventFilter()) -> Stats:
    """Counts over the whole store; events, mentions and their breakdowns only
    over those matching `flt` when one is given (articles and problems stay whole-store)."""
    where, params = store.where(flt)
    one = lambda sql, args=(): store.query(sql, list(args))[0][0]  # noqa: E731
    pairs = lambda sql, args=(): tuple((str(k), int(v)) for k, v in store.query(sql, list(args)))  # noqa: E731
    dates = store.query(f"SELECT min(date), max(date) FROM events{where}", params)[0]
    actor_where = f"{where} AND actor1_name IS NOT NULL" if where else " WHERE actor1_name IS NOT NULL"
    return Stats(
        articles=one("SELECT count(*) FROM articles"),
        syndicated_copies=one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        opinion_articles=one("SELECT count(*) FROM articles WHERE genre = 'opinion'"),
        mentions=one(f"SELECT count(*) FROM mentions{where}", params),
        events=one(f"SELECT count(*) FROM events{where}", params),
        problems=one("SELECT count(*) FROM problems"),
        events_by_type=pairs(f"SELECT event_type || ' / ' || sub_event_type, count(*) AS n "
                             f"FROM events{where} GROUP BY 1 ORDER BY n DESC, 1", params),
        events_by_status=pairs(f"SELECT status, count(*) AS n FROM events{where} GROUP BY 1 "
                               "ORDER BY n DESC, 1", params),
        top_actors=pairs(f"SELECT name, n FROM (SELECT actor1_name AS name, count(*) AS n FROM events"
                         f"{actor_where} GROUP BY 1) ORDER BY n DESC, name LIMIT ?", [*params, int(top)]),
        alerts_by_kind=pairs("SELECT kind, count(*) AS n FROM alerts GROUP BY 1 ORDER BY n DESC, 1"),
        first_date=str(dates[0]) if dates[0] else None,
        last_date=str(dates[1]) if dates[1] else None,
        corrections=len(store.corrections()), dismissed_alerts=len(store.dismissals()),
    )
