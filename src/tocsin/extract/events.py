"""Where a sentence becomes an Event.

`EventExtractor` is the one stage that sees a parsed spaCy `Doc`.  It asks the
small extractors (type, movement, actors, place, date, attribution, status,
casualties) about each candidate sentence and assembles their answers into
frozen `Event` records.  It holds only read-only resources, so it pickles to
worker processes.
"""
from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from tocsin.extract.claims import attribution as attribution_rules
from tocsin.extract import casualties, event_type, movement
from tocsin.extract.claims import status
from tocsin.extract.actors import ActorResolver
from tocsin.extract.dates.context import DateContext
from tocsin.models import Article, Event, Evidence, Mention, Movement, Place

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

    from tocsin.geo.geocoder import Geocoder

MOVEMENT_TYPES = {
    "withdraw": ("Strategic developments", "Change to group/activity", "RETREAT"),
    "advance": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "redeploy": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "mobilize": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
}


def event_id(article_id: str, sentence_start: int, code: str) -> str:
    digest = hashlib.sha1(f"{article_id}:{sentence_start}:{code}".encode()).hexdigest()
    return "ev" + digest[:14]


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the cheap, text-only extractors say about one sentence."""

    guess: event_type.EventTypeGuess | None
    cue: movement.MovementCue | None

    @property
    def is_candidate(self) -> bool:
        return self.cue is not None or (
            self.guess is not None and event_type.is_political_violence(self.guess))


class EventExtractor:
    def __init__(self, geocoder: "Geocoder", actors: ActorResolver) -> None:
        self.geocoder = geocoder
        self.actors = actors

    @classmethod
    def default(cls) -> "EventExtractor":
        from tocsin.geo.gazetteer import Gazetteer
        from tocsin.geo.geocoder import Geocoder

        return cls(Geocoder(Gazetteer.default()), ActorResolver())

    def __call__(self, article: Article, doc: "Doc") -> list[Event]:
        return self.batch([(article, doc)])[0]

    def batch(self, pairs: Sequence[tuple[Article, "Doc"]]) -> list[list[Event]]:
        """Events of several articles; their sentences are typed in one call,
        which is much cheaper than one call per article."""
        sentences = [list(doc.sents) for _, doc in pairs]
        guesses = iter(event_type.classify_many([s.text for sents in sentences for s in sents]))
        return [self._article_events(article, doc, sents, [next(guesses) for _ in sents])
                for (article, doc), sents in zip(pairs, sentences)]

    def _article_events(self, article: Article, doc: "Doc", sentences: list["Span"],
                        guesses: list[event_type.EventTypeGuess | None]) -> list[Event]:
        texts = [s.text for s in sentences]
        facts = [SentenceFacts(g, movement.detect(t)) for g, t in zip(guesses, texts)]
        dates = DateContext(article.published.date() if article.published else None)
        sentence_dates = [dates.resolve(t) for t in texts]
        if not any(f.is_candidate for f in facts):
            return []
        toponyms = self.geocoder.geoparse(doc)
        focus = self._document_focus(article, toponyms)
        events: list[Event] = []
        for span, fact, when in zip(sentences, facts, sentence_dates):
            if fact.is_candidate and not self._in_caption(article, span):
                events.append(self._event(article, span, fact, when, toponyms, focus))
        return events

    @staticmethod
    def _in_caption(article: Article, span: "Span") -> bool:
        return any(s <= span.start_char < e for s, e in article.captions)

    def _document_focus(self, article: Article,
                        toponyms: Sequence[tuple[Mention, Place | None]]) -> Place | None:
        """The place a document is mostly about: its most named town or region.

        The dateline only adds one vote: correspondents file from Beirut or
        Gaziantep about events hundreds of kilometres away.
        """
        votes: Counter[str] = Counter()
        countries: Counter[str | None] = Counter()
        by_name: dict[str, Place] = {}
        for _, place in toponyms:
            if place is None:
                continue
            countries[place.country_code] += 1
            if place.precision in ("city", "admin2", "admin1"):
                votes[place.name] += 1
                by_name.setdefault(place.name, place)
        dateline = self._dateline_place(article)
        main_country = countries.most_common(1)[0][0] if countries else None
        if dateline is not None and (main_country is None or dateline.country_code == main_country):
            votes[dateline.name] += 1
            by_name.setdefault(dateline.name, dateline)
        if not votes:
            return None
        in_main = [n for n in votes if by_name[n].country_code == main_country] or list(votes)
        return by_name[max(in_main, key=lambda n: (votes[n], n == getattr(dateline, "name", None)))]

    def _dateline_place(self, article: Article) -> Place | None:
        if not article.dateline_place:
            return None
        town, _, country = article.dateline_place.partition(",")
        hint = self.geocoder.find(country.strip()) if country.strip() else None
        return self.geocoder.find(town.strip().title(), hint.country_code if hint else None)

    def _event(self, article: Article, span: "Span", fact: SentenceFacts, when: object,
               toponyms: Sequence[tuple[Mention, Place | None]], focus: Place | None) -> Event:
        in_sentence = [(m, p) for m, p in toponyms
                       if span.start_char <= m.start < span.end_char and p is not None]
        place = _refine(self.geocoder.event_place(span, in_sentence), focus)
        context = focus or place        # whose generic "troops" these are: the story's country
        said = attribution_rules.find(span.text)
        verdict = status.classify_span(span, said, genre=article.genre)
        # "The ministry denied reports that army units had abandoned ...": the event
        # denied is the clause, and its actors are the clause's, not the denier.
        scope = (_denied_clause(span) if verdict == "denied" else None) or span
        actor1, actor2 = self.actors.roles(scope, country_hint=context.country_code if context else None,
                                           places=[m for m, _ in in_sentence],
                                           agent_text=fact.cue.actor_text if fact.cue else None)
        kind = self._kind(fact)
        event_date, precision = _date_of(when, article)
        trigger = _trigger(span, fact)
        return Event(
            id=event_id(article.id, span.start_char, kind[1]),
            event_type=kind[0], sub_event_type=kind[1], plover=kind[2],
            date=event_date, date_precision=precision, status=verdict,
            actor1=actor1, actor2=actor2, location=place,
            fatalities=casualties.count(span.text),
            movement=self._movement(fact, place),
            attribution=said,
            evidence=Evidence(article_id=article.id, sentence=span.text,
                              start=span.start_char, end=span.end_char, trigger=trigger),
            confidence=fact.guess.score if fact.guess else 0.5,
            places_mentioned=tuple(p for _, p in in_sentence),
        )

    @staticmethod
    def _kind(fact: SentenceFacts) -> tuple[str, str, str | None]:
        guess = fact.guess
        if guess is not None and event_type.is_political_violence(guess) and (
                fact.cue is None or guess.sub_event_type != "Other"):
            if fact.cue is None or guess.event_type != "Strategic developments":
                return guess.event_type, guess.sub_event_type, guess.plover
        assert fact.cue is not None
        return MOVEMENT_TYPES[fact.cue.kind]

    def _movement(self, fact: SentenceFacts, place: Place | None) -> Movement | None:
        cue = fact.cue
        if cue is None:
            return None
        hint = place.country_code if place else None
        # A whole country is no end point: a vector between country centroids
        # ("from Syria to Turkey") would invent a bearing and a distance.
        origins = [p for p in (self.geocoder.find(t, hint) for t in cue.origin_texts)
                   if p and p.precision != "country"]
        targets = [p for p in (self.geocoder.find(t, hint) for t in cue.destination_texts)
                   if p and p.precision != "country"]
        return Movement(kind=cue.kind, origin=_centre(origins), destination=_centre(targets))


def _centre(places: Sequence[Place]) -> Place | None:
    """One end of a movement: the place itself, or the midpoint of several origins."""
    if not places:
        return None
    if len(places) == 1:
        return places[0]
    lat = sum(p.lat for p in places) / len(places)
    lon = sum(p.lon for p in places) / len(places)
    return Place(name=" and ".join(p.name for p in places), lat=lat, lon=lon,
                 admin1=None, country=places[0].country, precision="region",
                 country_code=places[0].country_code)


DENIAL_VERBS = frozenset({"deny", "denied", "denies", "denying", "reject", "rejected", "rejects",
                          "dismiss", "dismissed", "dismisses"})


def _denied_clause(span: "Span") -> "Span | None":
    """The that-clause after a verb of denial, if the sentence has one."""
    denial_seen = False
    for token in span:
        if token.lower_ in DENIAL_VERBS:
            denial_seen = True
        elif denial_seen and token.lower_ == "that" and token.i + 1 < span.end:
            return span.doc[token.i + 1: span.end]
    return None


def _refine(place: Place | None, focus: Place | None) -> Place | None:
    """A sentence that names only a country ("air strikes in Syria") most likely
    happened at the document's focus, when that lies in the same country."""
    if focus is None:
        return place
    if place is None or (place.precision in ("country", "region")
                         and place.country_code == focus.country_code):
        return focus
    return place


def _date_of(when: object, article: Article) -> tuple[date | None, str]:
    if when is not None:
        return when.date, when.precision  # type: ignore[attr-defined]
    if article.published is not None:
        return article.published.date(), "day"
    return None, "year"


def _trigger(span: "Span", fact: SentenceFacts) -> Mention | None:
    for source in (fact.cue, fact.guess):
        at = getattr(source, "trigger", None) if source is not None else None
        if at:
            start, end = at
            return Mention(text=span.text[start:end], start=span.start_char + start,
                           end=span.start_char + end, label="trigger")
    return None
