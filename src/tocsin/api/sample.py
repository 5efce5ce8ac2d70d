"""A small hand-written store for trying the API and dashboard without the NLP pipeline.

Eight reports on invented-but-plausible 2014 events in Iraq and Syria, two of
which describe the same event (one cluster, two independent sources), one
denied claim, one withdrawal, and two alerts.  `extra` adds that many
seeded pseudo-random events for load tests.  Tests and the load test use it;
`make demo` builds the real demo store with the pipeline instead.
"""
from __future__ import annotations

from tocsin.runner import consolidate

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from tocsin.models import (
    Actor, Alert, Article, Attribution, Event, Evidence, Mention, Movement, Place, Sources,
)
from tocsin.store import Store

PLACES = {
    "Mosul": Place("Mosul", 36.335, 43.119, "Nineveh", "Iraq", "city", "IQ"),
    "Tikrit": Place("Tikrit", 34.616, 43.679, "Salah ad Din", "Iraq", "city", "IQ"),
    "Samarra": Place("Samarra", 34.195, 43.874, "Salah ad Din", "Iraq", "city", "IQ"),
    "Baghdad": Place("Baghdad", 33.341, 44.401, "Baghdad", "Iraq", "city", "IQ"),
    "Fallujah": Place("Fallujah", 33.354, 43.781, "Al Anbar", "Iraq", "city", "IQ"),
    "Raqqa": Place("Raqqa", 35.953, 39.009, "Ar-Raqqah", "Syria", "city", "SY"),
    "Aleppo": Place("Aleppo", 36.202, 37.159, "Aleppo", "Syria", "city", "SY"),
    "Homs": Place("Homs", 34.727, 36.723, "Homs", "Syria", "city", "SY"),
}
ACTORS = {
    "ISIS": Actor("Islamic State fighters", "ISIS", "jihadist", None, True),
    "Iraqi army": Actor("Iraqi troops", "Military Forces of Iraq", "state_military", "IRQ", True),
    "Syrian army": Actor("government forces", "Military Forces of Syria", "state_military", "SYR", True),
    "FSA": Actor("rebels", "Free Syrian Army", "rebel", "SYR", True),
    "protesters": Actor("demonstrators", "Protesters", "civilians", None, False),
    "civilians": Actor("residents", "Civilians", "civilians", None, False),
}


@dataclass(frozen=True, slots=True)
class Report:
    """One hand-written article sentence and the event it reports."""

    id: str
    source: str
    day: date
    sentence: str
    trigger: str
    sub_event_type: str
    event_type: str
    actor1: str
    place: str
    actor2: str | None = None
    status: str = "reported"
    fatalities: int | None = None
    cluster: str | None = None
    said_by: str | None = None
    moved_to: str | None = None


REPORTS = (
    Report("r1", "Tigris Wire", date(2014, 6, 10), "Islamic State fighters seized Mosul after "
           "Iraqi troops abandoned their posts overnight.", "seized",
           "Non-state actor overtakes territory", "Battles", "ISIS", "Mosul", "Iraqi army", fatalities=12,
           cluster="c-mosul"),
    Report("r2", "Levant Daily", date(2014, 6, 10), "Militants took control of Mosul on Tuesday, "
           "officials said, as Iraqi troops fled south.", "took control",
           "Non-state actor overtakes territory", "Battles", "ISIS", "Mosul", fatalities=20,
           cluster="c-mosul", said_by="officials"),
    Report("r3", "Tigris Wire", date(2014, 6, 12), "Iraqi troops withdrew from Tikrit toward "
           "Samarra as the militants advanced.", "withdrew", "Change to group/activity",
           "Strategic developments", "Iraqi army", "Tikrit", moved_to="Samarra"),
    Report("r4", "Levant Daily", date(2014, 6, 14), "Shelling by government forces hit a market "
           "in Aleppo, killing five people, activists said.", "Shelling",
           "Shelling/artillery/missile attack", "Explosions/Remote violence", "Syrian army",
           "Aleppo", "civilians", fatalities=5, said_by="activists"),
    Report("r5", "Euphrates Post", date(2014, 6, 15), "Rebels clashed with government forces "
           "on the edge of Homs.", "clashed", "Armed clash", "Battles", "FSA", "Homs", "Syrian army"),
    Report("r6", "Euphrates Post", date(2014, 6, 16), "The army denied that its aircraft struck "
           "a bakery in Raqqa.", "struck", "Air/drone strike", "Explosions/Remote violence",
           "Syrian army", "Raqqa", status="denied"),
    Report("r7", "Tigris Wire", date(2014, 6, 18), "Hundreds of demonstrators marched peacefully "
           "in Baghdad to demand security.", "marched", "Peaceful protest", "Protests",
           "protesters", "Baghdad"),
    Report("r8", "Levant Daily", date(2014, 6, 20), "Islamic State fighters attacked an army "
           "checkpoint near Samarra.", "attacked", "Armed clash", "Battles", "ISIS", "Samarra",
           "Iraqi army", fatalities=3),
)


def _article(report: Report, body: str) -> Article:
    return Article(id=f"a-{report.id}", text=body, title=f"{report.place}: {report.trigger}",
                   url=f"https://news.invalid/{report.id}", source=report.source,
                   published=datetime.combine(report.day, datetime.min.time()) + timedelta(hours=9),
                   content_hash=f"hash-{report.id}", origin="sample")


def _event(report: Report, article: Article, sources: Sources) -> Event:
    start = article.text.index(report.sentence)
    at = start + report.sentence.index(report.trigger)
    moved = Movement("withdraw", PLACES[report.place], PLACES[report.moved_to]) \
        if report.moved_to else None
    return Event(
        id=f"e-{report.id}", event_type=report.event_type, sub_event_type=report.sub_event_type,
        plover=None, date=report.day, date_precision="day", status=report.status,
        actor1=ACTORS.get(report.actor1), actor2=ACTORS.get(report.actor2 or ""),
        location=PLACES[report.place],
        evidence=Evidence(article.id, report.sentence, start, start + len(report.sentence),
                          Mention(report.trigger, at, at + len(report.trigger), "TRIGGER")),
        fatalities=report.fatalities, movement=moved,
        attribution=Attribution(report.said_by, "activists" if report.said_by == "activists"
                                else "official") if report.said_by else None,
        sources=sources, cluster_id=report.cluster or f"e-{report.id}", confidence=0.8)


def sample_records(extra: int = 0, seed: int = 7) -> tuple[list[Article], list[Event], list[Alert]]:
    articles, events = [], []
    for report in REPORTS:
        article = _article(report, f"{report.place.upper()} -- {report.sentence} More follows.")
        shared = report.cluster is not None
        articles.append(article)
        events.append(_event(report, article, Sources(2 if shared else 1, 2 if shared else 1)))
    more_articles, more_events = _random_records(extra, seed)
    alerts = [
        Alert("al-mosul", "territory", "ISIS", "Nineveh", datetime(2014, 6, 10, 18), 0.9,
              "ISIS took control of Mosul (2 independent sources)", ("e-r1", "e-r2")),
        Alert("al-south", "movement", "ISIS", "Salah ad Din", datetime(2014, 6, 20, 12), 0.7,
              "ISIS moved south from Mosul toward Samarra (about 250 km)", ("e-r1", "e-r8"),
              bearing_deg=160.0, distance_km=250.0),
    ]
    return articles + more_articles, events + more_events, alerts


def _random_records(n: int, seed: int) -> tuple[list[Article], list[Event]]:
    rng = random.Random(seed)
    reports, articles, events = list(REPORTS), [], []
    for i in range(n):
        base = rng.choice(reports)
        day = date(2014, 1, 1) + timedelta(days=rng.randrange(365))
        report = Report(f"x{i}", base.source, day, base.sentence, base.trigger, base.sub_event_type,
                        base.event_type, base.actor1, base.place, base.actor2, base.status,
                        base.fatalities)
        article = _article(report, f"Report {i}. {report.sentence}")
        articles.append(article)
        events.append(_event(report, article, Sources(1, rng.randint(1, 3))))
    return articles, events


def build_sample_store(path: str | Path, extra: int = 0, seed: int = 7) -> Path:
    """Write the sample articles, events and alerts into a (new or existing) store file."""
    articles, events, alerts = sample_records(extra, seed)
    with Store(path) as store:
        for start in range(0, len(articles), 500):
            chunk = articles[start:start + 500]
            ids = {a.id for a in chunk}
            store.write_batch([(a, None) for a in chunk],
                              [e for e in events if e.evidence.article_id in ids])
        consolidate(store)
        store.replace_alerts(alerts)
    return Path(path)


if __name__ == "__main__":
    import sys

    target = build_sample_store(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 0)
    print(f"sample store written to {target}")
