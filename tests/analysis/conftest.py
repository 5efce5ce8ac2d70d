"""Hand-built events and articles for the analysis tests."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from tocsin.models import Actor, Article, Attribution, Event, Evidence, Movement, Place

# A few real places (approximate coordinates) to build events around.
PLACES = {
    "Idlib": (35.93, 36.63, "Idlib", "Syria"),
    "Aleppo": (36.20, 37.16, "Aleppo", "Syria"),
    "Hama": (35.13, 36.75, "Hama", "Syria"),
    "Homs": (34.73, 36.71, "Homs", "Syria"),
    "Palmyra": (34.56, 38.28, "Homs", "Syria"),
    "Raqqa": (35.95, 39.01, "Ar-Raqqah", "Syria"),
    "Deir ez-Zor": (35.33, 40.14, "Deir ez-Zor", "Syria"),
    "Mosul": (36.34, 43.13, "Nineveh", "Iraq"),
    "Tikrit": (34.60, 43.68, "Salah ad-Din", "Iraq"),
    "Samarra": (34.20, 43.87, "Salah ad-Din", "Iraq"),
    "Baghdad": (33.34, 44.40, "Baghdad", "Iraq"),
}


def place(name: str, precision: str = "city", lat: float | None = None,
          lon: float | None = None) -> Place:
    base_lat, base_lon, admin1, country = PLACES.get(name, (0.0, 0.0, None, None))
    return Place(name=name, lat=base_lat if lat is None else lat,
                 lon=base_lon if lon is None else lon, admin1=admin1, country=country,
                 precision=precision)


def actor(name: str | None, kind: str = "jihadist", known: bool = True) -> Actor | None:
    if name is None:
        return None
    return Actor(text=name, name=name, kind=kind, known=known)


def event(eid: str, day: date | None, where: str | Place | None = "Idlib", *,
          who: str | None = "ISIS", sub: str = "Armed clash", status: str = "reported",
          article: str | None = None, precision: str = "day", victim: str | None = None,
          movement: Movement | None = None, attribution: Attribution | None = None,
          confidence: float = 0.5, fatalities: int | None = None,
          cluster_id: str | None = None) -> Event:
    location = place(where) if isinstance(where, str) else where
    # the sentence names its places, as a report does (alerts need a named place)
    sentence = f"Sentence of {eid}" + (f" in {location.name}" if location else "")
    if sub in ("Non-state actor overtakes territory", "Government regains territory") and location:
        sentence = f"Report {eid}: {who or 'they'} took {location.name}"
    if movement is not None:
        sentence += "".join(f" {word} {end.name}" for word, end in
                            (("from", movement.origin), ("to", movement.destination)) if end)
    return Event(
        id=eid, event_type="Battles", sub_event_type=sub, plover="ASSAULT", date=day,
        date_precision=precision, status=status, actor1=actor(who), location=location,
        evidence=Evidence(article_id=article or f"art-{eid}", sentence=sentence + ".",
                          start=0, end=10),
        actor2=actor(victim, kind="state_military"), fatalities=fatalities, movement=movement,
        attribution=attribution, confidence=confidence, cluster_id=cluster_id)


def article(aid: str, published: datetime | None = None, *, source: str | None = None,
            duplicate_of: str | None = None, content_hash: str = "",
            genre: str = "news") -> Article:
    return Article(id=aid, text=f"Text of {aid}.", source=source, published=published,
                   duplicate_of=duplicate_of, content_hash=content_hash or f"hash-{aid}",
                   genre=genre)


def published_next_day(events: list[Event]) -> dict[str, datetime | None]:
    """article id -> publication time: noon on the day after the event."""
    return {e.evidence.article_id: datetime.combine(e.date, datetime.min.time())
            + timedelta(days=1, hours=12) for e in events if e.date}
