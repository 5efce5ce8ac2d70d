"""The FA-KES out-of-region count: named vs unnamed places, and the held-out half."""
from __future__ import annotations

from datetime import date

from tocsin.evaluate.geo_region import assess, metrics_of
from tocsin.evaluate.petrarch import in_heldout_half
from tocsin.models import Actor, Event, Evidence, Place, Sources

ALEPPO = Place("Aleppo", 36.2, 37.16, "Aleppo", "Syria", "city", "SY")
STATTE = Place("Statte", 40.56, 17.2, "Apulia", "Italy", "city", "IT")


def mention(id_: str, article_id: str, place: Place, sentence: str) -> Event:
    return Event(id=id_, event_type="Battles", sub_event_type="Armed clash", plover="ASSAULT",
                 date=date(2016, 5, 3), date_precision="day", status="reported",
                 actor1=Actor("troops", "Army", "state_military", "SYR"), location=place,
                 evidence=Evidence(article_id, sentence, 0, len(sentence)),
                 sources=Sources(1, 1), cluster_id=id_, confidence=0.5)


def _article_in(half: bool) -> str:
    return next(f"a{i}" for i in range(100) if in_heldout_half(f"a{i}") == half)


def test_unnamed_foreign_places_are_counted_and_split_by_half():
    held, tune = _article_in(True), _article_in(False)
    events = [
        mention("e1", tune, ALEPPO, "Fighting broke out in Aleppo."),
        mention("e2", tune, STATTE, "Islamic State fighters attacked a checkpoint."),
        mention("e3", held, STATTE, "Islamic State fighters attacked a checkpoint."),
        mention("e4", held, STATTE, "Police in Statte arrested a man."),
    ]
    metrics = metrics_of(assess(events, []), 0.0)
    assert (metrics["mentions"], metrics["out_of_region"], metrics["out_of_region_unnamed"]) == (4, 3, 2)
    assert (metrics["out_of_region_heldout"], metrics["out_of_region_unnamed_heldout"]) == (2, 1)
