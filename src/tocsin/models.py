"""The typed records that flow between tocsin's stages.

Every stage takes and returns these frozen dataclasses; nothing passes a dict
with a schema in a comment.  `to_dict` on each gives the JSON output contract
documented in README.md (contract version `CONTRACT_VERSION`).
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

CONTRACT_VERSION = "2.0"

#: Epistemic statuses.  Only the first two may feed alerts.
STATUSES = ("asserted", "reported", "alleged", "denied", "hypothetical", "negated", "opinion")
FACTUAL_STATUSES = frozenset({"asserted", "reported", "alleged", "contested"})
ALERTABLE_STATUSES = frozenset({"asserted", "reported", "alleged", "contested"})

DATE_PRECISIONS = ("day", "week", "month", "year")
PLACE_PRECISIONS = ("point", "city", "admin2", "admin1", "country", "region")
GENRES = ("news", "opinion")
MOVEMENT_KINDS = ("withdraw", "advance", "redeploy", "mobilize")
ACTOR_KINDS = (
    "state_military", "police", "rebel", "jihadist", "militia", "government",
    "civilians", "international", "other",
)
#: armed actors that are not a state's forces: the kinds that take towns from the state,
#: move as groups and are remembered across a document
NON_STATE_KINDS = frozenset({"rebel", "jihadist", "militia"})
ALERT_KINDS = ("movement", "surge", "new_presence", "territory", "approach")


def _plain(value: Any) -> Any:
    """Turn nested dataclasses, dates and tuples into JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)
                if not f.metadata.get("internal")}
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def internal(default: Any = None) -> Any:
    """A field kept in memory and the store but left out of the JSON contract."""
    return field(default=default, metadata={"internal": True}, compare=False)


@dataclass(frozen=True, slots=True)
class Article:
    """One news article after ingest and text clean-up."""

    id: str
    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    author: str | None = None
    published: datetime | None = None
    #: UTC offset, in minutes, of the zone the source wrote `published` in
    #: (`published` itself is UTC); None when the source named no zone.
    published_offset_minutes: int | None = None
    genre: str = "news"
    #: (start, end) offsets in `text` of image captions kept in the body.
    captions: tuple[tuple[int, int], ...] = ()
    #: place named in a dateline such as "BAGHDAD, June 10 --".
    dateline_place: str | None = None
    content_hash: str = ""
    #: id of the article this one is a near-duplicate (syndicated copy) of.
    duplicate_of: str | None = None
    #: where it came from: file path, file:line, or feed URL.
    origin: str = ""
    #: (reason, message) of what ingest limits changed (e.g. "truncated"); the
    #: runner stores each as a `problems` row while the article is kept.
    notices: tuple[tuple[str, str], ...] = internal(())

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Sentence:
    article_id: str
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Mention:
    """A span of article text: an entity, trigger or toponym."""

    text: str
    start: int
    end: int
    label: str = ""


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    lat: float
    lon: float
    admin1: str | None = None
    country: str | None = None          # country name, e.g. "Syria"
    precision: str = "city"             # one of PLACE_PRECISIONS
    country_code: str | None = internal()  # ISO 3166-1 alpha-2
    geonameid: int | None = internal()
    feature_code: str | None = internal()
    population: int = internal(0)
    #: second-level region (district), e.g. "Jisr al-Shughur" in Idlib; None when unknown
    admin2: str | None = None
    #: why the geocoder chose this reading ("chosen over 12 candidates because ...")
    explanation: str | None = internal()

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Actor:
    text: str                           # as written in the sentence
    name: str                           # canonical name; the text itself when unknown
    kind: str = "other"                 # one of ACTOR_KINDS
    country: str | None = None          # ISO 3166-1 alpha-3, as PLOVER/CAMEO use
    known: bool = internal(False)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Attribution:
    """Who says it.  kind: outlet, official, anonymous_official, activists,
    monitor, residents, witness, claim, author."""

    text: str
    kind: str
    name: str | None = None
    quote: str | None = None
    #: the source this one relays: a newspaper report quoting "activists", say
    cites: "Attribution | None" = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Movement:
    kind: str                           # one of MOVEMENT_KINDS
    origin: Place | None = None
    destination: Place | None = None

    def to_dict(self) -> dict[str, Any]:
        def end(p: Place | None) -> dict[str, Any] | None:
            return None if p is None else {"name": p.name, "lat": p.lat, "lon": p.lon}
        return {"kind": self.kind, "origin": end(self.origin), "destination": end(self.destination)}


@dataclass(frozen=True, slots=True)
class Evidence:
    article_id: str
    sentence: str
    start: int                          # sentence offsets in the article text
    end: int
    trigger: Mention | None = internal()

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Sources:
    articles: int = 1
    independent: int = 1


@dataclass(frozen=True, slots=True)
class Correction:
    """An analyst's change to a real-world event, stored apart from extraction
    (`tocsin correct`), so it survives re-ingest and refresh."""

    id: str
    #: the event id given when correcting; it is also one of the event's mention
    #: ids, and the correction follows that mention if clusters are rebuilt.
    event_id: str
    #: the contract fields it sets: location, actor1, actor2, status, event_type, date, fatalities
    fields: tuple[str, ...]
    note: str | None = None
    made_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Dismissal:
    """An analyst's verdict that an alert is a false alarm (`tocsin dismiss`)."""

    why: str
    made_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    event_type: str                     # ACLED event type, or "None" for non-violent news
    sub_event_type: str                 # ACLED sub-event type
    plover: str | None
    date: date | None
    date_precision: str
    status: str
    actor1: Actor | None
    location: Place | None
    evidence: Evidence
    actor2: Actor | None = None
    fatalities: int | None = None
    movement: Movement | None = None
    attribution: Attribution | None = None
    sources: Sources = field(default_factory=Sources)
    #: canonical event this mention was merged into by coreference.
    cluster_id: str | None = internal()
    confidence: float = internal(0.0)
    places_mentioned: tuple[Place, ...] = internal(())
    #: analysts' corrections applied to this event, oldest first
    corrections: tuple[Correction, ...] = ()
    #: other actors acting with actor1 / with actor2 ("ISIS and allied tribesmen attacked"):
    #: ACLED's assoc_actor_1 and assoc_actor_2
    assoc_actor1: tuple[Actor, ...] = ()
    assoc_actor2: tuple[Actor, ...] = ()

    def to_dict(self, article: Article | None = None) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "event_type": self.event_type,
            "sub_event_type": self.sub_event_type,
            "plover": self.plover,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "status": self.status,
            "fatalities": self.fatalities,
            "movement": self.movement.to_dict() if self.movement else None,
            "actor1": self.actor1.to_dict() if self.actor1 else None,
            "actor2": self.actor2.to_dict() if self.actor2 else None,
            "assoc_actor1": [a.to_dict() for a in self.assoc_actor1],
            "assoc_actor2": [a.to_dict() for a in self.assoc_actor2],
            "location": self.location.to_dict() if self.location else None,
            "attribution": self.attribution.to_dict() if self.attribution else None,
            "evidence": self.evidence.to_dict(),
            "article": article_ref(article) if article else {"id": self.evidence.article_id},
            "sources": _plain(self.sources),
            "corrections": [c.to_dict() for c in self.corrections],
        }
        return out


def article_ref(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "url": article.url, "title": article.title,
        "author": article.author, "source": article.source,
        "published": article.published.isoformat() if article.published else None,
        "genre": article.genre,
    }


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    kind: str                           # one of ALERT_KINDS
    actor: str | None
    region: str | None
    fired_at: datetime | None
    severity: float
    summary: str
    evidence: tuple[str, ...]
    bearing_deg: float | None = None
    distance_km: float | None = None
    #: set when an analyst dismissed the alert; it stays dismissed when recomputed
    dismissed: Dismissal | None = None
    #: mention ids that joined the episode after it fired (each published after
    #: `fired_at`); `evidence` stays what the alert fired on
    later_evidence: tuple[str, ...] = ()
    #: publication time of the latest article in `later_evidence`, else None
    updated_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


#: an analyst's verdict on an alert (`tocsin review`), and why it is not valid
VERDICTS = ("valid", "partly", "invalid")
VERDICT_CAUSES = ("actor", "place", "reading", "time", "rule", "duplicate", "background",
                  "other")


@dataclass(frozen=True, slots=True)
class Verdict:
    """An analyst's judgment of one alert: valid (act on it as stated), partly
    (something real, but actor, place, time or kind is wrong) or invalid."""

    alert_id: str
    verdict: str                        # one of VERDICTS
    cause: str | None = None            # one of VERDICT_CAUSES, for partly and invalid
    note: str | None = None
    reviewer: str | None = None
    made_at: datetime | None = None
    kind: str | None = None             # the alert's kind when judged
    #: the alert as it was judged (its JSON), kept so later rule changes can be scored
    alert: dict[str, Any] | None = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass(frozen=True, slots=True)
class Problem:
    """Input that was rejected, with a reason code and a one-line message."""

    origin: str
    reason: str                         # e.g. empty, binary, too_large, bad_json, no_text
    message: str
    at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)
