"""Where a sentence becomes an Event.

`EventExtractor` is the one stage that sees a parsed spaCy `Doc`.  For each
article it
1. types every sentence in one batch (`event_type.classify_many`) and looks
   for movement cues;
2. reads the sentences in order: dates (`dates.context.DateContext`), the
   reports the article cites (`claims.reports.ReportRegister`), and for each
   candidate sentence its frame (`frame.build`);
3. geoparses the document once, picks a document focus and remembers the
   armed actors it names (`actors.memory.ActorMemory`);
4. turns each candidate sentence into one event per predicate and target
   (`claims_of`): "took the cities of A and B" is two takeovers, "seized the
   town and executed its defenders" a takeover and an attack; a withdrawal
   and the redeployment conjoined to it are one movement;
5. asks the small extractors about each: event place, actors and roles,
   attribution, epistemic status, casualties, movement ends; and drops what
   is not an event (`nonevents`);
6. settles who took which town (`takeovers`): a taken town NER missed, a
   taker named only in the sentence before, the state's side of "regains".

It holds only read-only resources, so it pickles to worker processes.
"""
from __future__ import annotations

import dataclasses
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tocsin import vocabulary
from tocsin.extract.doctext import doc_text
from tocsin.extract import casualties, event_type, movement, nonevents
from tocsin.extract.actors import ActorResolver
from tocsin.extract.actors.resolver import noun_group
from tocsin.extract.actors.memory import US_LED, ActorMemory, faceless
from tocsin.extract.actors.roles import pick_all_roles
from tocsin.extract.claims import attribution as attribution_rules
from tocsin.extract.claims import status
from tocsin.extract.claims.reports import Relay, ReportRegister, worth_a_frame
from tocsin.extract.dates.context import DateContext
from tocsin.extract.dates.rules import DateGuess
from tocsin.extract.dates.rules import resolve as resolve_date
from tocsin.extract.frame import (Predicate, SentenceFrame, build, comment_ranges, lemma,
                                  reported_clause, tells_own_deed)
from tocsin.extract.predicates import (  # noqa: F401
    MOVEMENT_TYPES, Claim, Typed, claims_of, conjunct_texts, gapped_part,
)
from tocsin.extract.takeovers import borrow_takers, taken_places, taker_kind
from tocsin.models import (NON_STATE_KINDS, Actor, Article, Attribution, Event, Evidence, Mention,
                           Movement, Place)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from tocsin.geo.geocoder import Geocoder

Toponyms = Sequence[tuple[Mention, Place | None]]
Found = list[tuple[Actor, Mention]]


def event_id(article_id: str, sentence_start: int, code: str, part: str = "") -> str:
    """Stable on re-ingest; `part` (predicate and target) keeps the events of
    one sentence apart.  The first event of a sentence has no part, so its id
    is the one a one-event-per-sentence reader gave it."""
    key = f"{article_id}:{sentence_start}:{code}" + (f":{part}" if part else "")
    return "ev" + hashlib.sha1(key.encode()).hexdigest()[:14]


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What the cheap, text-only extractors say about one sentence."""

    guess: event_type.EventTypeGuess | None
    cue: movement.MovementCue | None

    @property
    def is_candidate(self) -> bool:
        return self.cue is not None or (
            self.guess is not None and event_type.is_political_violence(self.guess))


@dataclass(frozen=True, slots=True)
class _Context:
    """What every sentence of one article shares."""

    article: Article
    toponyms: Toponyms
    focus: Place | None
    memory: ActorMemory
    #: the document's text (the parse's characters), for paragraph breaks
    text: str = ""


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

    def batch(self, pairs: Sequence[tuple[Article, "Doc"]], *,
              complete: Callable[[list["Doc"]], object] | None = None) -> list[list[Event]]:
        """Events of several articles; their sentences are typed in one call,
        which is much cheaper than one call per article.

        `complete`, when given, finishes the Docs of the articles that hold a
        candidate sentence, before anything else reads them: the runner parses
        without the entity recogniser, which only those articles need (typing and
        movement cues read words, tags, the parse and lemmas, never entities)."""
        sentences = [list(doc.sents) for _, doc in pairs]
        spans = [s for sents in sentences for s in sents]
        flat = iter(_facts([s.text for s in spans], spans))
        facts = [[next(flat) for _ in sents] for sents in sentences]
        if complete is not None:
            complete([doc for (_, doc), found in zip(pairs, facts)
                      if any(f.is_candidate for f in found)])
        frames = [_frames(article, sents, found) for (article, _), sents, found
                  in zip(pairs, sentences, facts)]
        typed = _type_conjuncts([(frame, fact) for article_frames, found in zip(frames, facts)
                                 for (frame, wanted), fact in zip(article_frames, found)
                                 if wanted and frame is not None])
        return [self._article_events(article, doc, sents, found, article_frames, typed)
                for (article, doc), sents, found, article_frames
                in zip(pairs, sentences, facts, frames)]

    def _article_events(self, article: Article, doc: "Doc", sentences: list["Span"],
                        facts: list[SentenceFacts], frames: list[_Framed],
                        typed: Typed) -> list[Event]:
        if not any(f.is_candidate for f in facts):
            return []
        toponyms = self.geocoder.geoparse(doc)
        context = _Context(article, toponyms, self._document_focus(article, doc, toponyms),
                           ActorMemory.of(self.actors, doc, article.title), doc_text(doc))
        dates = DateContext(article.published.date() if article.published else None)
        register = ReportRegister(dates)
        events: list[Event] = []
        for index, (span, fact, (frame, wanted)) in enumerate(zip(sentences, facts, frames)):
            new_paragraph = index > 0 and _after_blank_line(doc, span)
            relay = register.read(index, span, frame, new_paragraph)
            when = dates.resolve(_without_side_dates(span, frame), new_paragraph=new_paragraph,
                                 report_anchor=relay.anchor if relay else None)
            if wanted and frame is not None:
                found = self._sentence_events(context, span, frame, fact, when, relay, typed)
                if when is not None and when.inferred and relay is None:
                    found = [_retold_takeover(e, events) for e in found]
                    if not _pluperfect(frame):      # "had besieged": told as before, not after
                        found = _one_scene(found, [_continued_scene(e, events, context)
                                                   for e in found], context)
                    if _only_counts_victims(frame):
                        found = _count_for_told(found, events, context)
                events.extend(found)
        return join_movements(borrow_takers(events))

    def _document_focus(self, article: Article, doc: "Doc", toponyms: Toponyms) -> Place | None:
        """The place a document is mostly about: its most named town or region.

        The dateline only adds one vote: correspondents file from Beirut or
        Gaziantep about events hundreds of kilometres away.  A foreign power named
        as an actor ('Russian jets', 'Iranian-backed militias', 'Turkey shelled')
        casts no vote for its country: it says who acts, not where.  Foreign means
        the document names no town or region of that country.
        """
        votes: Counter[str] = Counter()
        countries: Counter[str | None] = Counter()
        by_name: dict[str, Place] = {}
        # "Moscow said", "the Russian Foreign Ministry": a government's voice or an
        # organisation's seat (labelled ORG by geo/) is not where the story happens.
        named = [(m, p) for m, p in toponyms if p is not None and m.label != "ORG"]
        actors = {m for m, p in named if self.geocoder.names_an_actor(doc, m, p)}
        domestic = {p.country_code for m, p in named
                    if m not in actors and p.precision in ("city", "admin2", "admin1")}
        for mention, place in named:
            if mention in actors and place.country_code not in domestic:
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
            # "GOMA - M23 rebels took ... Bunagana ... fled into Uganda": no town the
            # gazetteer knows, so the dateline says where the story is
            return dateline
        in_main = [n for n in votes if by_name[n].country_code == main_country] or list(votes)
        return by_name[max(in_main, key=lambda n: (votes[n], n == getattr(dateline, "name", None)))]

    def _dateline_place(self, article: Article) -> Place | None:
        if not article.dateline_place:
            return None
        town, _, country = article.dateline_place.partition(",")
        hint = self.geocoder.find(country.strip()) if country.strip() else None
        return self.geocoder.find(town.strip().title(), hint.country_code if hint else None)

    # --- one sentence ---------------------------------------------------------

    def _sentence_events(self, context: _Context, span: "Span", frame: SentenceFrame,
                         fact: SentenceFacts, when: DateGuess | None,
                         relay: Relay | None, typed: Typed) -> list[Event]:
        if nonevents.fatality_line(span.text):
            return []               # "Fatalities unknown.": nothing to place or resolve
        speakers = _source_homes(frame)
        seats = _institution_seats(frame)
        in_sentence = [(m, p) for m, p in context.toponyms
                       if span.start_char <= m.start < span.end_char and p is not None
                       and not any(a <= m.start < b for a, b in speakers)
                       and not (p.feature_code == "PPLC" and any(a <= m.start < b for a, b in seats))
                       and not _is_dateline(m, context.article)]
        claims = claims_of(frame, fact.guess, fact.cue, in_sentence, typed)
        if not claims:
            return []
        in_sentence = in_sentence + taken_places(
            self.geocoder, claims, [m for m, _ in context.toponyms],
            context.focus.country_code if context.focus else None, in_sentence)
        said = relay.attribution(attribution_rules.quote(span.text)) if relay else \
            attribution_rules.find_in_span(span, frame)
        said = _coalition_spoke(said, span, context.memory)
        hint_place = context.focus
        # what is taken or left ("abandoned Moqokori") is a place, never an actor
        territorial = any(c.kind[1] in nonevents.TERRITORY_TYPES or c.cue is not None
                          for c in claims)
        taken_unknown = unknown_taken_places(span, in_sentence) if territorial else []
        found, hint = self.actors.candidates(
            span, country_hint=hint_place.country_code if hint_place else None,
            places=[m for m, _ in in_sentence] + taken_unknown
            + described_settlements(span, in_sentence))
        found = context.memory.resolve(span, found)
        events: list[Event] = []
        for number, claim in enumerate(claims):
            event = self._claim_event(context, span, frame, fact, claim, number, when, relay,
                                      said, found, hint, in_sentence, taken_unknown)
            if event is not None and event.id not in {e.id for e in events}:
                events.append(event)
        return events

    def _claim_event(self, context: _Context, span: "Span", frame: SentenceFrame,
                     fact: SentenceFacts, claim: Claim, number: int, when: DateGuess | None,
                     relay: Relay | None, said: Attribution | None, found: Found,
                     hint: str | None, in_sentence: list[tuple[Mention, Place]],
                     taken_unknown: list[Mention]) -> Event | None:
        """`taken_unknown`: the sentence's `unknown_taken_places` (empty unless one of
        its claims is territorial or a movement)."""
        article = context.article
        scoped = [(m, p) for m, p in in_sentence if claim.covers(m)] or in_sentence
        if claim.cue is None:
            # "fighting lasted ten hours before reinforcements arrived from Popayan":
            # where someone came from is not where the fighting was
            origins = _origins(span)
            scoped = [(m, p) for m, p in scoped if not any(a <= m.start < b for a, b in origins)]
        # "..., the latest in a campaign aimed at pressing Israel over the war in Gaza"
        comments = comment_ranges(span)
        scoped = [(m, p) for m, p in scoped if not any(a <= m.start < b for a, b in comments)]
        if claim.target is not None:
            place: Place | None = claim.target_place(in_sentence)
        else:
            place = self.geocoder.event_place(span, scoped, frame)
        if (place is None or _elsewhere_country(place, context.focus)) \
                and context.focus is not None and taken_unknown \
                and claim.kind[1] in nonevents.TERRITORY_TYPES:
            # "seized the towns of Adan Yabaal and Mahas": the place taken is the event
            # place, and towns the gazetteer lacks are somewhere in the document's
            # country, not at its focus (often its dateline city).  ("in X" is left to
            # the focus: an unknown neighbourhood in "clashes in the X neighbourhood" is
            # usually inside the focus city, where the event is rightly placed.)
            own_place = place = (self.geocoder.find(context.focus.country)
                                 if context.focus.country else None)
        else:
            own_place, place = place, _refine(place, context.focus)
        # The sentence's first claim takes its roles from the main clause (the
        # classifier's trigger often sits in a side clause: "killed when jets
        # struck"); further claims from their own predicate.
        predicate = claim.predicate if number > 0 or frame.main is None \
            or (claim.cue is not None and _names_its_own_agent(claim.predicate)) else frame.main
        roles = pick_all_roles(span, found, hint, fact.cue.actor_text if fact.cue else None,
                               frame=frame, predicate=predicate, target_token=claim.target)
        roles = roles.for_event_type(claim.kind[1])
        actor1, actor2 = _not_a_reporter(roles.actor1), _not_a_reporter(roles.actor2)
        if claim.kind[1] in _TAKEOVERS and _gives_ground(predicate) and actor1 is not None:
            # "Al-Shabaab abandoned Moqokori after clan militias advanced": who leaves
            # loses the town; the taker, if any, is the other party
            actor1, actor2 = (actor2 if actor2 is not None and actor2.kind != "civilians"
                              else None), actor1
        # ... but a trigger whose own clause is negated is no event whatever the main
        # clause says: "They came in dozens of pickups and nobody fought"
        negated_own = claim.predicate is not None and claim.predicate.modality.negated
        verdict = status.classify_claim(frame, claim.predicate if negated_own else predicate,
                                        said, genre=article.genre, relayed=relay is not None)
        event_date, precision = _date_of(_own_date(claim, when, relay, article), article)
        kind = taker_kind(claim.kind, actor1, actor2)
        if kind[1] in nonevents.TERRITORY_TYPES \
                and nonevents.fights_for_control(claim.predicate, predicate):
            # "the army and the RSF began fighting for control of Khartoum": a battle
            # for the city, which neither side has taken yet
            clash = event_type.taxonomy()["ARMED_CLASH"]
            kind = (clash.event_type, clash.sub_event_type, clash.plover)
        if nonevents.not_an_event(claim, kind, actor1, when, article,
                                  [m for m, _ in in_sentence] + taken_unknown, predicate):
            return None
        moved = self._movement(claim, in_sentence, place) if claim.cue is not None else None
        if moved is not None and (moved.origin or moved.destination) and (
                own_place is None or own_place.precision in ("country", "region")):
            # a move seen on its way is placed where it set out, not at the focus (often
            # the dateline: "KHARTOUM - Convoys ... moving from Mellit toward El Fasher")
            place = moved.origin or moved.destination
        if moved is not None and actor2 is not None and (
                _moves_its_own(claim, actor2) or moved.kind in _ONE_SIDED_MOVES):
            # "jihadists had moved several hundred fighters toward X"; "PMF units moved
            # into Sinjar following clashes between the army and ...": a redeployment,
            # withdrawal or mobilisation has no second party (ACLED leaves actor2 empty)
            actor2 = None
        if moved is not None and actor1 is None and moved.origin is None and moved.destination is None:
            return None             # "the press had described the build-up": nobody moving, nowhere
        if moved is not None and actor1 is None and _people_move(predicate):
            return None             # "Most are heading south toward Sennar": displacement
        text = span.text if number == 0 else claim.text
        return Event(
            id=event_id(article.id, span.start_char, kind[1], claim.part if number else ""),
            event_type=kind[0], sub_event_type=kind[1], plover=kind[2],
            date=event_date, date_precision=precision, status=verdict,
            actor1=actor1, actor2=actor2, location=place,
            assoc_actor1=roles.assoc1, assoc_actor2=roles.assoc2,
            fatalities=casualties.count(text),
            movement=moved, attribution=said,
            evidence=Evidence(article_id=article.id, sentence=span.text,
                              start=span.start_char, end=span.end_char,
                              trigger=claim.trigger_mention(span)),
            confidence=claim.score,
            places_mentioned=tuple(p for _, p in in_sentence),
        )

    def _movement(self, claim: Claim, in_sentence: list[tuple[Mention, Place]],
                  place: Place | None) -> Movement | None:
        cue = claim.cue
        if cue is None:
            return None
        hint = place.country_code if place else None
        # a capital that speaks for its government ("where Moscow now says its goal
        # lies") or an outlet's name (ORG, from geo/) is no end of a journey
        origins, destinations = claim.movement_places([(m, p) for m, p in in_sentence
                                                       if m.label != "ORG"])
        # the cue's texts (a pattern over the whole sentence) only where the parse found
        # no end of its own: "have abandoned the towns of Moqokori and Mahas after clan
        # militias advanced from Beledweyne" left the two towns (which the gazetteer
        # lacks), not Beledweyne, where the other side came from
        parsed = claim.ends or movement.MovementEnds((), ())
        if not origins:
            origins = [p for p in (self._end_point(t, hint)
                                   for t in _inside(cue.origin_texts, parsed.origins)) if p]
        if not destinations:
            destinations = [p for p in (self._end_point(t, hint)
                                        for t in _inside(cue.destination_texts,
                                                         parsed.destinations)) if p]
        # A whole country is no end point: a vector between country centroids
        # ("from Syria to Turkey") would invent a bearing and a distance.
        origins = [p for p in origins if p.precision != "country"]
        destinations = [p for p in destinations if p.precision != "country"
                        and p.name not in {o.name for o in origins}]
        return Movement(kind=cue.kind, origin=_centre(origins), destination=_centre(destinations))


    def _end_point(self, text: str, country: str | None) -> Place | None:
        # "toward the capital": the capital of the country the event is in
        return self.geocoder.capital(country) if text == movement.CAPITAL \
            else self.geocoder.find(text, country)


def _inside(texts: Sequence[str], phrases: Sequence["Span"]) -> list[str]:
    """The texts that lie inside one of the parse's phrases; all of them without any."""
    if not phrases:
        return list(texts)
    return [t for t in texts if any(t in phrase.text for phrase in phrases)]


#: the learned movement head overrules the cue's kind from this probability on
MOVEMENT_KIND_MIN = 0.6
#: and says "no movement" from this one
NO_MOVEMENT_MIN = 0.8


def _facts(texts: list[str], spans: "Sequence[Span] | None" = None) -> list[SentenceFacts]:
    """Event type and movement cue of every sentence, each in one batched call.
    The movement cue's words propose; the learned movement head, where the
    typing package ships one, decides the kind or that there is no movement."""
    guesses = _type_claims(texts, spans)
    cues = [movement.detect(text) for text in texts]
    asked = [i for i, cue in enumerate(cues) if cue is not None]
    learned = getattr(event_type, "movement_kinds", None)
    if asked and learned is not None:
        for i, kind in zip(asked, learned([texts[i] for i in asked])):
            cue = cues[i]
            if kind is None or cue is None:
                continue
            if not kind.is_movement and kind.probability >= NO_MOVEMENT_MIN:
                cues[i] = None
            elif kind.is_movement and kind.probability >= MOVEMENT_KIND_MIN and kind.kind != cue.kind:
                cues[i] = dataclasses.replace(cue, kind=kind.kind)
    return [SentenceFacts(g, c) for g, c in zip(guesses, cues)]


def _type_claims(texts: list[str], spans: "Sequence[Span] | None" = None,
                 ) -> list[event_type.EventTypeGuess | None]:
    """Event types of sentences, in one batch; a sentence typed as no event is
    typed once more without its attribution ("..., the Observatory said",
    "According to activists, ..."), because the claim, not its frame, is what has
    a type.  Only then: typing every attributed claim bare was tried and lost two
    snippets on the readable half of CASE (the speaker is often the agent too:
    "the military confirmed it regained ..."), so the whole sentence's guess stands
    where it is an event.  The attribution is blanked rather than cut, so trigger
    offsets still point into the sentence.  `spans`, the parsed sentences, give the
    model its syntax features without a second parse (a blanked attribution's
    tokens are left out of them)."""
    syntax = [event_type.syntax_features(s) for s in spans] if spans is not None else None
    guesses = event_type.classify_many(texts, syntax=syntax)
    asked = [(i, claim) for i, claim in
             ((i, attribution_rules.without_attribution(text)) for i, text in enumerate(texts)
              if (guesses[i] is None or not event_type.is_political_violence(guesses[i]))
              and attribution_rules.has_attribution_cue(text))
             if claim is not None]
    if asked:
        again = [event_type.syntax_features(spans[i], claim) for i, claim in asked] \
            if spans is not None else None
        for (i, _), guess in zip(asked, event_type.classify_many([c for _, c in asked], syntax=again)):
            if guess is not None and event_type.is_political_violence(guess):
                guesses[i] = guess
    if spans is not None:
        # a speaker's claim of its own deed is how the deed is known: "Yemen's Houthi
        # movement said it had fired a missile at a tanker, the latest in a campaign the
        # group says ..." is a missile attack, claimed; the deed is typed without the
        # speaker's voice or the comment tacked on (`reported_clause`)
        claims = [(i, clause) for i, clause in
                  ((i, reported_clause(spans[i])) for i, guess in enumerate(guesses)
                   if guess is not None and guess.code == "ATTRIB" and tells_own_deed(spans[i]))
                  if clause is not None and clause.strip()]
        if claims:
            acts = event_type.claimed_acts(
                [clause for _, clause in claims],
                syntax=[event_type.syntax_features(spans[i], clause) for i, clause in claims])
            for (i, _), act in zip(claims, acts):
                if act is not None:
                    guesses[i] = act
    return guesses


#: a sentence's frame (None where no reader needs one) and whether it is read for events
_Framed = tuple["SentenceFrame | None", bool]


def _frames(article: Article, sentences: Sequence["Span"],
            facts: Sequence[SentenceFacts]) -> list[_Framed]:
    """Each sentence's frame, where a reader needs one: the event reader, for a
    candidate sentence outside a caption and a quotation, and the report register."""
    if not any(f.is_candidate for f in facts):
        return [(None, False)] * len(sentences)     # no events: the article is not read
    framed: list[_Framed] = []
    for span, fact in zip(sentences, facts):
        wanted = fact.is_candidate and not _in_caption(article, span)
        frame = build(span) if wanted or worth_a_frame(span.text) else None
        framed.append((frame, wanted and frame is not None and not frame.opens_quotation))
    return framed


def _type_conjuncts(read: Sequence[tuple[SentenceFrame, SentenceFacts]]) -> Typed:
    """The conjunct clauses of the sentences read for events (`conjunct_texts`),
    typed in one call: each is parsed alone, and one `nlp.pipe` over a batch's
    clauses costs a quarter of one `nlp` call per clause."""
    texts = list(dict.fromkeys(t for frame, fact in read
                               for t in conjunct_texts(frame, fact.guess, fact.cue)))
    return dict(zip(texts, event_type.classify_many(texts))) if texts else {}


def _names_its_own_agent(predicate: "Predicate | None") -> bool:
    """A relative clause with a named subject of its own: in "many of the newcomers
    were among the fighters ISIS pulled out of Idlib", ISIS did the pulling out,
    not the main clause's subject.  Read only for movements (who moves is the
    mover's own subject); for other claims a relative clause is mostly background
    ("the programme under which Syria has agreed to hand over ...").  So is an
    active participle's noun: in "residents report columns of Taliban vehicles
    moving north", the columns move."""
    if predicate is None or predicate.subject is None or predicate.passive:
        return False
    if predicate.head.dep_ == "acl" and predicate.head.tag_ == "VBG":
        return True         # "residents report columns of Taliban vehicles moving north"
    return predicate.head.dep_ == "relcl" and predicate.subject.pos_ == "PROPN"


#: how far apart (characters) the two halves of one movement may be told
MOVEMENT_JOIN_CHARS = 400


def join_movements(events: list[Event]) -> list[Event]:
    """One movement told in two sentences ("ISIS pulled its fighters out of Idlib
    and Latakia. Columns of its men headed east towards Raqqa.") is one event:
    a move with only an origin, followed closely by the same actor's move
    with only a destination, becomes one redeployment with both ends."""
    out: list[Event] = []
    for event in events:
        previous = out[-1] if out else None
        if previous is not None and _halves(previous, event):
            assert previous.movement is not None and event.movement is not None
            joined = Movement(kind="redeploy", origin=previous.movement.origin,
                              destination=event.movement.destination)
            out[-1] = dataclasses.replace(previous, movement=joined)
            continue
        out.append(event)
    return out


def _halves(first: Event, second: Event) -> bool:
    a, b = first.movement, second.movement
    if a is None or b is None or first.evidence.start == second.evidence.start:
        return False
    if not (a.origin is not None and a.destination is None
            and b.destination is not None and b.origin is None):
        return False
    same_actor = first.actor1 is not None and second.actor1 is not None \
        and first.actor1.known and first.actor1.name == second.actor1.name
    close = 0 <= second.evidence.start - first.evidence.end <= MOVEMENT_JOIN_CHARS
    return same_actor and close and first.status == second.status


def _source_homes(frame: SentenceFrame) -> list[tuple[int, int]]:
    """Character ranges of places that say where a source is based: a place
    modifying the speaker's noun ("the Kinshasa daily X reported", "the
    London-based monitor said"), not one after it ("activists in Kafr Zita
    said" may well be where it happened)."""
    out = []
    for report in frame.reports:
        speaker = report.speaker
        if speaker is None:
            continue
        root = speaker.root
        for token in speaker:
            if token.i < root.i and not any(a.dep_ == "prep" for a in token.ancestors
                                            if speaker.start <= a.i < speaker.end):
                out.append((token.idx, token.idx + len(token)))
    return out


_PROPER_WORD = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w'-]+")


def _origins(span: "Span") -> list[tuple[int, int]]:
    """Character ranges of "from X" after a verb ("arrived from Popayan", "came
    from Idlib"): an origin.  "20 km from Aleppo" (after a noun) says where."""
    out = []
    for token in span:
        if token.lower_ == "from" and token.dep_ == "prep" and token.head.pos_ == "VERB":
            objects = [c for c in token.children if c.dep_ == "pobj"]
            for obj in objects:
                words = list(obj.subtree)
                out.append((words[0].idx, words[-1].idx + len(words[-1])))
    return out


_QUANTIFIERS = frozenset(["most", "many", "some", "thousands", "hundreds", "dozens", "others",
                          "few", "several", "all", "tens"])


#: words that may precede a "coalition" that no qualifier names
_BEFORE_BARE_COALITION = frozenset(["the", "a", "said", "says", "told", "added", "according"])


def _coalition_spoke(said: Attribution | None, span: "Span",
                     memory: ActorMemory) -> Attribution | None:
    """"the coalition said" in a document that named the Saudi-led coalition is
    that coalition speaking, not the US-led one."""
    if said is None or said.name != US_LED:
        return said
    words = said.text.lower().split()
    if "coalition" not in words:
        return said
    at = words.index("coalition")
    if at > 0 and words[at - 1] not in _BEFORE_BARE_COALITION:
        return said                 # "the US-led coalition said": named in full
    meant = memory.coalition(span.start_char + max(span.text.find(said.text), 0))
    return replace(said, name=meant.name) if meant is not None else said


#: movement kinds that are one side's own business; an advance may have a target
_ONE_SIDED_MOVES = frozenset(["redeploy", "withdraw", "mobilize"])


def _moves_its_own(claim: Claim, actor2: Actor) -> bool:
    """The direct object of a move is what moves, the mover's own men ("moved
    several hundred fighters", "sent reinforcements"), not a second party."""
    if claim.predicate is None or not actor2.text:
        return False
    last = actor2.text.split()[-1]
    return any(o.dep_ in ("dobj", "conj") and o.text == last for o in claim.predicate.objects)


def _people_move(predicate: Predicate | None) -> bool:
    """The mover is people, not an armed actor: a civilian noun ("families are
    heading east") or a bare quantifier ("Most are heading south")."""
    subject = predicate.subject if predicate is not None else None
    if subject is None:
        return False
    group = noun_group(subject.lemma_) or noun_group(subject.text)
    return (group is not None and group.kind == "civilians") or subject.lower_ in _QUANTIFIERS


def _pluperfect(frame: SentenceFrame) -> bool:
    """The main clause is told as before the story's time.  Under a past
    reporting verb the pluperfect is only the speaker's perfect shifted back ("the
    monitor said the fighters had seized several neighbourhoods" = "have seized"):
    it goes on telling the story."""
    if frame.main is None or not _has_pluperfect_aux(frame.main.head):
        return False
    head = frame.main.head
    return not any(r.verb is not None and r.verb.tag_ == "VBD" and r.content is not None
                   and r.content.start <= head.i < r.content.end for r in frame.reports)


def _has_pluperfect_aux(verb: "Token") -> bool:
    """"had besieged", "'d lost": told as before the story's time."""
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children)


def _continued_scene(event: Event, earlier: Sequence[Event], context: _Context) -> Event:
    """A sentence that names neither a date nor a place of its own, right after an
    event of the same actor (at most 400 characters on), goes on telling that event:
    "FARC dissidents attacked a police station ... in Morales on Monday. The
    dissidents used drones to drop explosives on the base" is Morales on Monday,
    not the document's focus on the day of publication.  In the same paragraph
    any actor continues the scene: "Protesters in Kherson rallied ... Witnesses
    said Russian soldiers fired into the air" is still Kherson."""
    if not earlier or context.focus is None or event.location != context.focus:
        return event
    told = earlier[-1]          # the article's last event, from an earlier sentence
    if told.location is None or told.date is None \
            or event.evidence.start - told.evidence.end > 400:
        return event
    if any(p == event.location and p.precision in ("city", "admin2", "admin1")
           for p in event.places_mentioned):
        # "The RSF said its fighters had seized the palace and the airport in Khartoum":
        # the focus is named in the sentence itself, which has a place of its own
        return event
    if any(p.country_code != told.location.country_code
           and re.search(rf"\b{re.escape(p.name)}\b", event.evidence.sentence)
           for p in event.places_mentioned):
        # "fired rockets at positions in northern Israel": across a border (a place
        # named, not a demonym: "One Israeli soldier was killed" is still the scene)
        return event
    same_actor = event.actor1 is not None and event.actor1.known and told.actor1 is not None \
        and (told.actor1.name == event.actor1.name
             or (event.actor1.kind in NON_STATE_KINDS and faceless(told.actor1))
             # "The attackers were pursued by army units": the same two sides
             or (told.actor2 is not None and event.actor2 is not None
                 and {told.actor1.name, told.actor2.name} == {event.actor1.name, event.actor2.name}))
    # wire copy gives each sentence its own paragraph, so across paragraphs only
    # the same actor and the distance count.  Another actor in the same paragraph
    # goes on at the told event's town only when its sentence names no town or region.
    if not same_actor and not (_same_paragraph(told, event, context.text)
                               and not any(p.precision in ("city", "admin2", "admin1")
                                           for p in event.places_mentioned)
                               and told.location.precision in ("city", "admin2")):
        return event
    return dataclasses.replace(event, location=told.location, date=told.date,
                               date_precision=told.date_precision)


def _one_scene(found: list[Event], continued: list[Event], context: _Context) -> list[Event]:
    """The claims of one sentence share its scene: "the fighters had seized several
    neighbourhoods and government forces had withdrawn from the city's university
    district" - if the first goes on at the told event's town and day, so does the
    second, though another actor makes it."""
    moved = next((c for e, c in zip(found, continued) if c is not e), None)
    if moved is None:
        return continued
    return [dataclasses.replace(c, location=moved.location, date=moved.date,
                                date_precision=moved.date_precision)
            if c is e and e.location == context.focus else c
            for e, c in zip(found, continued)]


def _same_paragraph(told: Event, event: Event, text: str) -> bool:
    # a sentence's span may end in the blank line after it: look from its last word
    end = told.evidence.start + len(text[told.evidence.start:told.evidence.end].rstrip())
    return bool(text) and "\n\n" not in text[end:event.evidence.start]


#: event types whose victims a following sentence may count
_VIOLENT_TYPES = frozenset(["Battles", "Explosions/Remote violence", "Violence against civilians"])


#: verbs of a toll: "Two people were killed", "three others were wounded"
_TOLL_VERBS = frozenset(["kill", "wound", "injure", "die", "hurt", "maim"])
#: words that may head a clause of a toll without telling another event
_TOLL_ASIDES = frozenset(["include", "accord", "among"])


def _elsewhere_country(place: Place, focus: Place | None) -> bool:
    """Only a country, and not the document's: "took Bunagana after soldiers fled
    into Uganda" names Uganda, but the unknown town taken is in the story's country."""
    return focus is not None and place.precision == "country" \
        and place.country_code != focus.country_code


_TAKEOVERS = frozenset(["Non-state actor overtakes territory", "Government regains territory"])


def _gives_ground(predicate: Predicate | None) -> bool:
    """The predicate's subject leaves the place ("abandoned", "withdrew from",
    "pulled out of"), in the active voice."""
    return predicate is not None and not predicate.passive \
        and vocabulary.has(predicate.head.lower_, "withdrawal", lemma=predicate.head.lemma_)


def _only_counts_victims(frame: SentenceFrame) -> bool:
    """The sentence's clauses, past its reporting frame, only count the dead and
    hurt: no clause says what killed them ("... when a fighter jet bombed the
    village" is an event of its own)."""
    reporting = {r.verb.i for r in frame.reports if r.verb is not None}
    heads = [p.head for p in frame.predicates if p.head.i not in reporting]
    told = [h for h in heads if lemma(h) not in _TOLL_ASIDES]
    # an aside may come first: "Twelve Palestinians, including four children, were killed"
    return bool(told) and all(lemma(h) in _TOLL_VERBS for h in told)


def _count_for_told(found: list[Event], earlier: list[Event], context: _Context) -> list[Event]:
    """"Russian forces shelled Kharkiv overnight. Two people were killed.": a
    sentence that only counts victims, with no one acting and no place or date of
    its own, is the toll of the violent event just told, not an event of its
    own.  The toll goes to that event (if it had none); the sentence makes no
    event.  Call it after `_continued_scene`."""
    if not found or not earlier:
        return found
    told = earlier[-1]
    if told.event_type not in _VIOLENT_TYPES or told.evidence.sentence in \
            {e.evidence.sentence for e in found}:
        return found
    # the victims may be of either side ("One Israeli soldier was killed."): with no
    # one acting and nothing else told, the toll is still the told event's
    tolls = [e for e in found if e.actor1 is None and e.fatalities
             and e.location == told.location and e.date == told.date]
    if len(tolls) != len(found) or found[0].evidence.start - told.evidence.end > 200:
        return found
    if told.fatalities is None:
        earlier[-1] = dataclasses.replace(told, fatalities=tolls[0].fatalities)
    return []


def _retold_takeover(event: Event, earlier: Sequence[Event]) -> Event:
    """A takeover the article already told, told again without a date of its own
    ("The capture of Anefis ... gives them control of the road", after "rebels took
    the town of Anefis on Tuesday"), is that takeover: it takes the earlier telling's
    date, so that coreference makes one event of both, not a second one dated to
    the day of publication.  Same sub-event type, same place, an actor that agrees,
    and where the place is only a country or region (a town the gazetteer lacks), a
    name both sentences share."""
    if event.sub_event_type not in nonevents.TERRITORY_TYPES or event.location is None:
        return event
    for told in reversed(earlier):
        if told.sub_event_type != event.sub_event_type or told.location is None \
                or told.location.name != event.location.name or told.date_precision != "day":
            continue
        if event.actor1 is not None and told.actor1 is not None \
                and event.actor1.name != told.actor1.name:
            continue
        if told.location.precision in ("country", "region"):
            actors = " ".join(a.text for a in (told.actor1, event.actor1) if a is not None)
            shared = (set(_PROPER_WORD.findall(told.evidence.sentence))
                      & set(_PROPER_WORD.findall(event.evidence.sentence))) - set(actors.split())
            if not shared:
                continue
        return dataclasses.replace(event, date=told.date, date_precision=told.date_precision)
    return event


def _without_side_dates(span: "Span", frame: SentenceFrame | None) -> str:
    """The sentence's text with pluperfect relative clauses that hold a date
    blanked out (same length): "The capture of Anefis, which the rebels had lost
    to the army in October, gives them ...": October dates the earlier loss, not
    the capture.  Other relative clauses keep their dates: they often tell the
    event itself ("Idlib and Latakia, which the group abandoned on Friday"), as
    does one that holds the main predicate."""
    text = span.text
    if frame is None:
        return text
    main = frame.main.head.i if frame.main is not None else -1
    chars = list(text)
    for token in span:
        if token.dep_ != "relcl" or not _has_pluperfect_aux(token):
            continue
        clause = list(token.subtree)
        if any(t.i == main for t in clause) or not any(t.ent_type_ == "DATE" for t in clause):
            continue
        start = clause[0].idx - span.start_char
        end = clause[-1].idx + len(clause[-1]) - span.start_char
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _institution_seats(frame: SentenceFrame) -> list[tuple[int, int]]:
    """Character ranges of speaker phrases whose source is an institution, not a
    witness ("according to the general staff in Kyiv", "the ministry in Moscow
    said"): a national capital there is the institution's seat, not the scene.
    Activists, residents and witnesses speak from where it happened, so "activists
    in Kafr Zita said" keeps its place (see `_source_homes`)."""
    out = []
    for report in frame.reports:
        speaker = report.speaker
        if speaker is None or attribution_rules.kinds_in(speaker.text) & attribution_rules.LOCAL_KINDS:
            continue
        out.append((speaker.start_char, speaker.end_char))
    return out


def _after_blank_line(doc: "Doc", span: "Span") -> bool:
    """The sentence opens a paragraph: a blank line stands before it."""
    i = span.start - 1
    while i >= 0 and doc[i].is_space:
        i -= 1
    gap_start = doc[i].idx + len(doc[i]) if i >= 0 else 0
    return doc_text(doc)[gap_start:span.start_char].count("\n") >= 2


def _in_caption(article: Article, span: "Span") -> bool:
    return any(s <= span.start_char < e for s, e in article.captions)


def _centre(places: Sequence[Place]) -> Place | None:
    """One end of a movement: the place itself, or the midpoint of several."""
    unique = list({(p.name, p.lat, p.lon): p for p in places}.values())
    if not unique:
        return None
    if len(unique) == 1:
        return unique[0]
    lat = sum(p.lat for p in unique) / len(unique)
    lon = sum(p.lon for p in unique) / len(unique)
    return Place(name=" and ".join(p.name for p in unique), lat=lat, lon=lon,
                 admin1=None, country=unique[0].country, precision="region",
                 country_code=unique[0].country_code)


#: how far into the text a dateline's place can start ("MOGADISHU, Jan 18 —")
_DATELINE_REACH = 40


#: who reports a war takes no part in its events
_REPORTER_KINDS = frozenset(["monitor", "outlet"])


def _not_a_reporter(actor: Actor | None) -> Actor | None:
    """"The Observatory had earlier reported 26 airstrikes": the monitor is the
    subject of the report, not the one who struck.  An actor the source lexicon
    calls a monitor or an outlet is never an event's actor (armed groups' own media
    are armed groups)."""
    if actor is None or actor.kind in NON_STATE_KINDS or actor.kind == "state_military":
        return actor
    return None if attribution_rules.kinds_in(actor.text) & _REPORTER_KINDS else actor


def _is_dateline(mention: Mention, article: Article) -> bool:
    """The toponym is the article's dateline: where the correspondent filed from, not
    where the lead sentence's event happened (the document focus still counts it,
    so a sentence naming no other place is still placed there).  Ingest removes a
    dateline it recognises, so the same town named in the lead's words ("An Israeli
    drone strike on a car near Tyre", after "TYRE, Lebanon -") is the scene: only a
    name with no running words before it is a dateline left in the text."""
    town = (article.dateline_place or "").partition(",")[0].strip()
    return bool(town) and mention.start < _DATELINE_REACH \
        and mention.text.casefold() == town.casefold() \
        and not _RUNNING_WORD.search(article.text[:mention.start])


#: a lower-case word of running text (a dateline's words are capitals, dates, agencies)
_RUNNING_WORD = re.compile(r"\b[a-z]{3,}\b")


#: nouns of a settlement or district that "<noun> of <Name>" names
_SETTLEMENTS = frozenset("""town towns city cities village villages district districts
province provinces region regions area areas governorate port capital""".split())


#: nouns of taking whose "of" object is the place taken
_CAPTURE_NOUNS = frozenset(["capture", "seizure", "fall", "recapture", "takeover", "loss",
                            "liberation", "occupation"])


def _unresolved_names(span: "Span", resolved: list[tuple[Mention, Place]],
                      through: tuple[str, ...]) -> "Iterator[tuple[Token, Token]]":
    """(proper-noun token the gazetteer did not resolve, the head of its phrase): the
    head climbs the `through` dependencies ("the towns of Adan Yabaal and Mahas")."""
    covered = [(m.start, m.end) for m, _ in resolved]
    for token in span:
        if token.pos_ != "PROPN" or any(a <= token.idx < b for a, b in covered):
            continue
        head = token
        while head.dep_ in through and head.head is not head:
            head = head.head
        yield token, head


def unknown_taken_places(span: "Span", resolved: list[tuple[Mention, Place]]) -> list[Mention]:
    """Proper names the gazetteer did not resolve that a capture verb acts on:
    "the towns of Adan Yabaal and Mahas", "took full control of Laukkaing",
    "captured Kutkai".  What is taken is a place, whatever NER thought of the
    name (an unknown town is often tagged ORG or PERSON), so it is never an actor."""
    out = []
    for token, head in _unresolved_names(span, resolved, ("compound", "conj", "appos")):
        if token.ent_type_ not in ("", "GPE", "LOC", "FAC", "PERSON", "ORG"):
            continue
        if head.dep_ == "pobj" and head.head.lower_ == "of":
            prep = head.head
            if prep.head.lemma_.lower() in _CAPTURE_NOUNS:     # "the capture of Anefis"
                out.append(Mention(token.text, token.idx, token.idx + len(token), "GPE"))
                continue
            # the town is what a verb acts on ("seized the towns of ...", "took control
            # of X"), not where a speaker comes from ("an activist from the village of ...")
            if prep.head.lower_ not in _SETTLEMENTS and prep.head.lower_ != "control":
                continue
            holder = prep.head
            governor = holder.head.head if holder.dep_ == "pobj" else holder.head
            if governor.lower_ == "control" and governor.dep_ == "dobj":
                governor = governor.head    # "took control of the border town of Bunagana"
        elif head.dep_ == "dobj":
            governor = head.head
        else:
            continue
        if governor.pos_ in ("VERB", "AUX") and (
                head.head.head.lower_ in _SETTLEMENTS
                or vocabulary.has(governor.lower_, "place_object", lemma=governor.lemma_)):
            out.append(Mention(token.text, token.idx, token.idx + len(token), "GPE"))
    return out


def described_settlements(span: "Span", resolved: list[tuple[Mention, Place]]) -> list[Mention]:
    """Proper names the gazetteer did not resolve that the sentence itself calls a
    settlement: "towns such as Moqokori", "Cowsweyne, a town in Galguduud", "the
    village of Kaura".  Whatever the verb, such a name is a place, never an actor."""
    out = []
    for token, head in _unresolved_names(span, resolved, ("compound", "conj")):
        settlement = False
        if head.dep_ == "pobj" and head.head.lower_ in ("of", "as"):
            holder = head.head.head                 # "the town of X"; "towns such as X"
            settlement = holder.lower_ in _SETTLEMENTS and (
                head.head.lower_ == "of" or any(c.lower_ == "such" for c in head.head.children))
        if not settlement:
            settlement = any(c.dep_ == "appos" and c.lower_ in _SETTLEMENTS for c in head.children) \
                or (head.dep_ == "appos" and head.head.lower_ in _SETTLEMENTS)
        if not settlement:
            settlement = _beside_a_town(token, head, resolved)
        if settlement:
            out.append(Mention(token.text, token.idx, token.idx + len(token), "GPE"))
    return out


#: prepositions of where: a name coordinated with a town after one is a place too
_WHERE = frozenset({"between", "in", "near", "around", "outside", "from", "to", "toward",
                    "towards", "at"})


def _beside_a_town(token: "Token", head: "Token", resolved: list[tuple[Mention, Place]]) -> bool:
    """"on the road between Mandera and Elwak", "in Kidal and Aguelhok": a name the
    gazetteer lacks, coordinated with a town it knows after a preposition of where.
    (A country is no such witness: "fighting between Russia and Wagner".)"""
    towns = [(m.start, m.end) for m, p in resolved if p.precision in ("city", "admin2", "admin1")]
    first = head
    while first.dep_ == "conj" and first.head is not first:
        first = first.head
    if first.dep_ != "pobj" or first.head.lower_ not in _WHERE:
        return False
    chain = [first, *(t for t in first.subtree if t.dep_ == "conj" and t.head in (first, *first.conjuncts))]
    return any(t is not token and any(a <= t.idx < b for a, b in towns) for t in chain)


def _refine(place: Place | None, focus: Place | None) -> Place | None:
    """A sentence that names only a country ("air strikes in Syria") most likely
    happened at the document's focus, when that lies in the same country."""
    if focus is None:
        return place
    if place is None or (place.precision in ("country", "region")
                         and place.country_code == focus.country_code):
        return focus
    return place


def _own_date(claim: Claim, when: DateGuess | None, relay: Relay | None,
              article: Article) -> DateGuess | None:
    """A conjunct with its own date is dated by it, against the sentence's
    date: "took Ariha in May and Idlib in March" (a verb-less conjunct),
    "seized A on Monday, and on the following day took B" (a conjoined
    clause).  Every other claim takes its sentence's date."""
    part = gapped_part(claim.target) if claim.target is not None else None
    text = part.text if part is not None else claim.text if claim.clause is not None else None
    anchor = when.date if when is not None else (article.published.date() if article.published else None)
    if text is None or relay is not None or anchor is None:
        return when
    own = resolve_date(text, anchor)
    if own is None or (when is not None and not when.inferred and own.phrase == when.phrase):
        return when         # the sentence's own date phrase: already read, not read twice
    return own


def _date_of(when: DateGuess | None, article: Article) -> tuple[date | None, str]:
    if when is not None:
        return when.date, when.precision
    if article.published is not None:
        return article.published.date(), "day"
    return None, "year"
