from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta, timezone

import pytest

from tocsin.analysis.alerts import by_severity, compute, diff
from tocsin.analysis.config import WatchedPlace, default_config
from tocsin.models import Actor, Attribution, Event, Movement, Place

from .conftest import article, event, place, published_next_day

START = date(2014, 1, 6)   # a Monday
TAKEOVER = "Non-state actor overtakes territory"
ARMY = Actor("the army", "Syrian Arab Army", "state_military", "SYR", known=True)


def weekly(prefix: str, where: str | Place, first_week: int, weeks: int, **kw: object) -> list[Event]:
    """Two events a week (Monday and Wednesday) at one place."""
    out = []
    for w in range(first_week, first_week + weeks):
        for d in (0, 2):
            out.append(event(f"{prefix}{w:02d}{d}", START + timedelta(weeks=w, days=d), where, **kw))
    return out


def run(events: list[Event], config=None, extra_articles=None, **kw: object):  # type: ignore[no-untyped-def]
    articles = dict(published_next_day(events))
    articles.update(extra_articles or {})
    return compute(events, articles, config or default_config(), **kw)


def of_kind(alerts, kind: str):  # type: ignore[no-untyped-def]
    return [a for a in alerts if a.kind == kind]


def kinds(alerts) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(a.kind for a in alerts)


def town(name: str, lat: float, lon: float, admin1: str = "Ar-Raqqah") -> Place:
    return Place(name=name, lat=lat, lon=lon, admin1=admin1, country="Syria", precision="city")


# --- movement: shifts on one front -------------------------------------------------

#: an advance east along the Euphrates valley, about 45 km a week
ADVANCE = [38.0, 38.0, 38.0, 38.5, 39.0, 39.4, 39.6]


def advance_events(who: str = "ISIS", **kw: object) -> list[Event]:
    out: list[Event] = []
    for w, lon in enumerate(ADVANCE):
        out += weekly(f"v{w}", town(f"Town {lon}", 35.9, lon), w, 1, who=who, **kw)
    return out


def test_an_advance_along_one_front_fires_one_movement_alert() -> None:
    events = advance_events()
    alerts = of_kind(run(events), "movement")
    assert len(alerts) == 1
    alert = alerts[0]
    assert alert.actor == "ISIS"
    assert alert.distance_km is not None and 100 <= alert.distance_km < 160
    assert alert.bearing_deg is not None and 80 < alert.bearing_deg < 100
    assert "on one front" in alert.summary and "not a reported move" in alert.summary
    published = published_next_day(events)
    by_id = {e.id: e for e in events}
    fired = alert.fired_at.replace(tzinfo=None)
    assert all(published[by_id[i].evidence.article_id] <= fired for i in alert.evidence)
    assert all(published[by_id[i].evidence.article_id] > fired for i in alert.later_evidence)


def test_a_jump_between_two_fronts_is_not_a_movement() -> None:
    events = weekly("i", "Idlib", 0, 3) + weekly("r", "Raqqa", 3, 3)
    assert of_kind(run(events), "movement") == []


def test_an_actor_fighting_on_two_fronts_does_not_move_between_them() -> None:
    events = []
    for w in range(8):
        events += weekly(f"w{w}", "Homs" if w % 2 else "Aleppo", w, 1)
        events += weekly(f"x{w}", "Aleppo" if w % 2 else "Homs", w, 1)
    assert of_kind(run(events), "movement") == []


def test_a_generic_label_never_makes_a_track() -> None:
    rebels = [dataclasses.replace(e, actor1=Actor("rebels", "Rebels (Syria)", "rebel", "SYR",
                                                  known=True)) for e in advance_events()]
    assert of_kind(run(rebels), "movement") == []


def test_one_week_excursion_is_not_a_movement() -> None:
    line = [town(f"T{lon}", 35.9, lon) for lon in (38.0, 38.5, 39.0, 39.5)]
    events = (weekly("a", line[0], 0, 3) + weekly("b", line[3], 3, 1) + weekly("c", line[0], 4, 3))
    assert of_kind(run(events), "movement") == []


# --- movement: reported moves --------------------------------------------------------

def test_explicit_redeployment_gives_bearing_distance_and_says_it_was_reported() -> None:
    move = Movement("redeploy", origin=place("Homs"), destination=place("Aleppo"))
    alerts = run([event("m", START, "Aleppo", movement=move, sub="Change to group/activity")])
    assert kinds(alerts) == ["movement"]
    alert = alerts[0]
    assert alert.distance_km is not None and 150 < alert.distance_km < 190
    assert alert.bearing_deg is not None and (alert.bearing_deg > 330 or alert.bearing_deg < 30)
    assert "redeployed" in alert.summary and "from Homs to Aleppo" in alert.summary
    assert "a reported move" in alert.summary
    assert alert.evidence == ("m",)


def test_a_withdrawal_with_only_an_origin_is_a_movement() -> None:
    move = Movement("withdraw", origin=place("Idlib"))
    alerts = run([event("w", START, "Idlib", movement=move, sub="Change to group/activity")])
    assert kinds(alerts) == ["movement"]
    assert alerts[0].distance_km is None and "withdrew from Idlib" in alerts[0].summary


@pytest.mark.parametrize("origin", [
    Place("Norway", 61.0, 8.0, None, "Norway", "country"),        # 3,000 km: a misread place
    Place("Aleppo", 36.21, 37.15, "Aleppo", "Syria", "city"),     # Aleppo to Aleppo: no move
])
def test_implausible_reported_moves_raise_nothing(origin: Place) -> None:
    move = Movement("redeploy", origin=origin, destination=place("Aleppo"))
    assert run([event("m", START, "Aleppo", movement=move)]) == []


def test_reports_of_one_move_are_one_alert_updated_by_later_reports() -> None:
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    events = [event("m1", START, "Raqqa", movement=move), event("m2", START, "Raqqa", movement=move),
              event("m3", START + timedelta(days=3), "Raqqa", movement=move)]
    articles = {"art-m1": datetime(2014, 1, 6, 9), "art-m2": datetime(2014, 1, 7, 9),
                "art-m3": datetime(2014, 1, 9, 9)}
    alerts = compute(events, articles)
    assert kinds(alerts) == ["movement"]
    alert = alerts[0]
    assert alert.evidence == ("m1",) and alert.later_evidence == ("m2", "m3")
    assert alert.fired_at == datetime(2014, 1, 6, 9, tzinfo=timezone.utc)
    assert alert.updated_at == datetime(2014, 1, 9, 9, tzinfo=timezone.utc)


def test_one_move_told_three_ways_is_one_alert() -> None:
    """'withdrew from Idlib', 'redeployed from Idlib to Raqqa', 'moved to Raqqa'."""
    moves = [Movement("withdraw", origin=place("Idlib")),
             Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa")),
             Movement("redeploy", destination=place("Raqqa"))]
    events = [event(f"m{i}", START + timedelta(days=i), "Raqqa", movement=m)
              for i, m in enumerate(moves)]
    alerts = run(events)
    assert kinds(alerts) == ["movement"]
    assert alerts[0].evidence == ("m0",) and alerts[0].later_evidence == ("m1", "m2")
    other = run(events + [event("x", START, "Homs", movement=Movement(
        "advance", origin=place("Hama"), destination=place("Homs")))])
    assert kinds(other) == ["movement", "movement"]


@pytest.mark.parametrize("sentence", [
    "A deal has been reached that will see the fighters evacuated to Raqqa from Homs.",
    "The fighters are due to withdraw from Homs to Raqqa next week.",
])
def test_a_planned_move_is_no_movement(sentence: str) -> None:
    move = Movement("redeploy", origin=place("Homs"), destination=place("Raqqa"))
    e = dataclasses.replace(event("p", START, "Raqqa", movement=move), evidence=dataclasses.replace(
        event("p", START, "Raqqa", movement=move).evidence, sentence=sentence))
    assert run([e]) == []


def relayed_move(published: date, *, precision: str = "month", outlet: str | None = "Al-Hayat",
                 status: str = "reported", source: str | None = "The Column Review",
                 day: date = date(2014, 3, 1)) -> tuple[Event, dict[str, object]]:
    """A column published on `published` relays `outlet`'s report of a March move."""
    said = None if outlet is None else Attribution(text=f"the daily {outlet} reported",
                                                     kind="outlet", name=outlet)
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    relay = event("r", day, "Raqqa", movement=move, sub="Change to group/activity",
                  attribution=said, precision=precision, status=status)
    return relay, {"art-r": article("art-r", datetime.combine(published, datetime.min.time()),
                                    source=source)}


def test_a_relayed_report_of_a_months_old_move_fires_when_relayed_with_the_lag_stated() -> None:
    relay, articles = relayed_move(date(2014, 6, 20))
    alerts = compute([relay], articles)
    assert kinds(alerts) == ["movement"]
    alert = alerts[0]
    assert alert.fired_at == datetime(2014, 6, 20, tzinfo=timezone.utc)   # never backdated
    assert alert.evidence == ("r",)
    # a date known to the month is compared by the month's end: 31 March -> 20 June
    assert "in March 2014" in alert.summary and "Al-Hayat" in alert.summary
    assert "81 days after the move" in alert.summary


@pytest.mark.parametrize("change", [
    {"outlet": None},                          # no named outlet: background
    {"status": "asserted"},                    # the column's own telling of history
    {"precision": "year"},                     # "in 2014": history, not a warning
    {"published": date(2014, 12, 1)},          # far past max_relayed_lag_days
    {"source": "Al-Hayat"},                    # the outlet's own article: not a relay
])
def test_old_moves_that_are_not_relayed_reports_raise_nothing(change: dict[str, object]) -> None:
    published = change.pop("published", date(2014, 6, 20))
    relay, articles = relayed_move(published, **change)  # type: ignore[arg-type]
    assert compute([relay], articles) == []


def test_a_relayed_report_of_a_move_already_alerted_joins_that_alert() -> None:
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    first = event("m", date(2014, 3, 14), "Raqqa", movement=move, sub="Change to group/activity")
    relay, articles = relayed_move(date(2014, 6, 20))
    articles["art-m"] = datetime(2014, 3, 15, 9)
    alerts = compute([first, relay], articles)
    assert kinds(alerts) == ["movement"]
    assert alerts[0].evidence == ("m",) and alerts[0].later_evidence == ("r",)
    assert "Relayed" not in alerts[0].summary


def test_a_month_precision_date_is_fresh_until_its_month_ends() -> None:
    """A takeover 'in March' reported on 3 April is news; the same report on 20 April is not."""
    late_in_march = event("t", date(2014, 3, 1), "Palmyra", sub=TAKEOVER, precision="week")
    assert kinds(compute([late_in_march], {"art-t": datetime(2014, 3, 12)})) == ["territory"]
    assert compute([late_in_march], {"art-t": datetime(2014, 3, 16)}) == []


# --- actors ----------------------------------------------------------------------------

def test_a_monitor_or_the_official_who_speaks_is_never_the_actor() -> None:
    observatory = Actor("the Syrian Observatory", "Syrian Observatory for Human Rights", "other",
                        None, known=True)
    governor = Actor("the governor", "Government (Syria)", "government", "SYR", known=True)
    said = Attribution(text="the governor said", kind="official", name="the governor")
    events = [dataclasses.replace(e, actor1=observatory) for e in advance_events()]
    events += [dataclasses.replace(event("t1", START, "Palmyra", sub=TAKEOVER), actor1=observatory),
               dataclasses.replace(event("t2", START, "Tikrit", sub=TAKEOVER), actor1=governor,
                                   attribution=said)]
    assert run(events) == []


# --- surge -------------------------------------------------------------------------------

def coverage(weeks: int, per_week: int) -> dict[str, datetime]:
    """Articles the store read that report no event here: the background of coverage."""
    return {f"bg-{w}-{i}": datetime.combine(START + timedelta(weeks=w, days=i % 5),
                                            datetime.min.time()) + timedelta(hours=8)
            for w in range(weeks) for i in range(per_week)}


def village(i: int) -> Place:
    return Place(name=f"Village {i}", lat=35.9 + i / 100, lon=36.6, admin1="Idlib",
                 country="Syria", precision="city")


def surge_events(extra: int, *, articles: int | None = None) -> list[Event]:
    base = [event(f"b{w:02d}", START + timedelta(weeks=w), "Idlib", who=None, sub="Attack")
            for w in range(10)]
    burst = [event(f"s{i:02d}", START + timedelta(weeks=10, days=i % 6), village(i),
                   who=None, sub="Attack", article=f"art-s{i % (articles or extra):02d}")
             for i in range(extra)]
    return base + burst


def test_a_week_far_above_baseline_is_a_surge() -> None:
    events = surge_events(12, articles=6)
    alerts = of_kind(run(events, extra_articles=coverage(11, 10)), "surge")
    assert len(alerts) == 1
    assert alerts[0].region == "Idlib, Syria"
    assert "12 violent events" in alerts[0].summary
    assert alerts[0].evidence and alerts[0].later_evidence


def test_a_normal_week_is_not_a_surge() -> None:
    assert of_kind(run(surge_events(2), extra_articles=coverage(11, 10)), "surge") == []


def test_a_spike_that_is_only_coverage_is_not_a_surge() -> None:
    """Ten events in three articles: a surge against steady coverage, but not in a
    week in which the store read ten times as many articles as usual."""
    events = []
    for w in range(11):
        per_week = 10 if w == 10 else 2
        events += [event(f"c{w:02d}{i}", START + timedelta(weeks=w, days=i % 5), village(i),
                         who=None, sub="Attack",
                         article=f"art-c{w:02d}{i % 3 if w == 10 else i}")
                   for i in range(per_week)]
    steady = coverage(11, 4)
    assert of_kind(run(events, extra_articles=steady), "surge")
    spike = dict(steady)
    spike.update({f"bg-10-{i}": datetime.combine(START + timedelta(weeks=10), datetime.min.time())
                  for i in range(40)})
    assert of_kind(run(events, extra_articles=spike), "surge") == []


def test_reports_of_one_event_count_once_in_a_surge() -> None:
    events = [dataclasses.replace(e, cluster_id="same") if e.id.startswith("s") else e
              for e in surge_events(12, articles=6)]
    assert of_kind(run(events, extra_articles=coverage(11, 10)), "surge") == []


def test_reactions_and_updates_of_one_bombing_count_once() -> None:
    """Same day, same place, same type: one event, whatever coreference did."""
    events = [dataclasses.replace(e, location=place("Idlib"), date=START + timedelta(weeks=10))
              if e.id.startswith("s") else e for e in surge_events(12, articles=6)]
    assert of_kind(run(events, extra_articles=coverage(11, 10)), "surge") == []


def test_a_region_the_store_never_read_about_before_cannot_surge() -> None:
    burst = surge_events(12, articles=6)[10:]
    assert of_kind(run(burst), "surge") == []


# --- new presence ----------------------------------------------------------------------------

def presence_events(*, covered: bool = True, history: bool = True) -> list[Event]:
    events = weekly("i", "Idlib", 0, 15) if history else []
    if covered:
        events += weekly("q", "Raqqa", 2, 12, who="Syrian Army", victim=None)
    events += [event("r1", START + timedelta(weeks=15), "Raqqa"),
               event("r2", START + timedelta(weeks=15, days=2), "Raqqa")]
    return events


def test_actor_appearing_in_a_covered_region_fires_once() -> None:
    alerts = of_kind(run(presence_events()), "new_presence")
    assert len(alerts) == 1
    assert alerts[0].region == "Ar-Raqqah, Syria"
    # fired once a second article reported it
    assert alerts[0].evidence == ("r1", "r2") and alerts[0].later_evidence == ()
    assert alerts[0].fired_at == datetime(2014, 4, 24, 12, tzinfo=timezone.utc)
    assert "previously reported in Idlib, Syria" in alerts[0].summary
    assert "although the store holds" in alerts[0].summary


def test_absence_from_a_region_the_store_did_not_cover_is_no_news() -> None:
    assert of_kind(run(presence_events(covered=False)), "new_presence") == []


def test_a_single_report_of_an_entry_is_not_enough() -> None:
    events = [e for e in presence_events() if e.id != "r2"]
    assert of_kind(run(events), "new_presence") == []


def test_absence_the_actor_would_not_have_shown_in_anyway_is_no_news() -> None:
    """Three reports from the region, from an actor's stream of a hundred elsewhere
    and thousands by others: it would hardly have been among the three."""
    others = [event(f"o{i}", START + timedelta(days=i % 100), "Hama", who="Syrian Army")
              for i in range(400)]
    few = weekly("q", "Raqqa", 10, 2, who="Syrian Army")[:3]
    events = weekly("i", "Idlib", 0, 15) + others + few + [
        event("r1", START + timedelta(weeks=15), "Raqqa"),
        event("r2", START + timedelta(weeks=15, days=2), "Raqqa")]
    assert of_kind(run(events), "new_presence") == []


def test_an_actor_with_no_history_elsewhere_is_not_new_presence() -> None:
    assert of_kind(run(presence_events(history=False)), "new_presence") == []


def test_a_countrys_own_army_is_never_new_in_its_own_regions() -> None:
    home = Place("Raqqa", 35.95, 39.01, "Ar-Raqqah", "Syria", "city", country_code="SY")
    events = [e if e.id.startswith("q") else dataclasses.replace(
        e, actor1=ARMY, location=home if e.id.startswith("r") else e.location)
        for e in presence_events()]
    assert of_kind(run(events), "new_presence") == []
    foreign = dataclasses.replace(ARMY, name="Turkish Armed Forces", country="TUR")
    events = [dataclasses.replace(e, actor1=foreign) if not e.id.startswith("q") else e
              for e in events]
    assert len(of_kind(run(events), "new_presence")) == 1


def test_returns_within_the_lookback_do_not_fire() -> None:
    events = presence_events() + weekly("back", "Raqqa", 8, 1)
    alerts = of_kind(run(events), "new_presence")
    assert [a.evidence for a in alerts] == [("back080", "back082")]   # not the week-15 reports


# --- territory -----------------------------------------------------------------------------

def test_takeover_of_a_town_fires_one_territory_alert_updated_by_later_reports() -> None:
    alerts = run([event("t1", START, "Palmyra", sub=TAKEOVER),
                  event("t2", START + timedelta(days=1), "Palmyra", sub=TAKEOVER)])
    assert kinds(alerts) == ["territory"]
    assert alerts[0].summary.startswith("ISIS took control of Palmyra (Homs, Syria)")
    assert alerts[0].evidence == ("t1",) and alerts[0].later_evidence == ("t2",)


def test_repeated_reports_within_the_window_are_one_takeover_whoever_they_name() -> None:
    events = [event(f"n{i}", START + timedelta(days=i), "Palmyra", sub=TAKEOVER,
                    who="ISIS" if i % 2 else "Militants") for i in range(10)]
    events.append(dataclasses.replace(
        event("g", START + timedelta(days=4), "Palmyra", sub="Government regains territory"),
        actor1=ARMY))
    alerts = run(events)
    assert kinds(alerts) == ["territory"]
    assert "reports disagree" in alerts[0].summary
    assert len(alerts[0].evidence) + len(alerts[0].later_evidence) == 11


def test_the_same_place_taken_again_after_the_window_is_a_new_alert() -> None:
    events = [event("a", START, "Palmyra", sub=TAKEOVER),
              event("b", START + timedelta(days=60), "Palmyra", sub=TAKEOVER)]
    assert kinds(run(events)) == ["territory", "territory"]


@pytest.mark.parametrize("sentence", [
    "Militias were unable to complete the encirclement of the town.",
    "The army repelled an attempt by ISIS to storm the airbase.",
    "ISIS fighters captured gas masks and ammunition in Palmyra.",
    "Rebels seized three tanks and dozens of soldiers near the town.",
])
def test_failed_attempts_and_captured_objects_are_not_takeovers(sentence: str) -> None:
    e = event("x", START, "Palmyra", sub=TAKEOVER)
    e = dataclasses.replace(e, evidence=dataclasses.replace(e.evidence, sentence=sentence))
    assert run([e]) == []


@pytest.mark.parametrize("sentence, taken", [
    ("Islamic State fighters captured Palmyra on Wednesday.", True),
    ("ISIS took full control of the ancient city of Palmyra.", True),
    ("Palmyra fell to the militants overnight.", True),
    ("The militants seized the provincial capital of Palmyra on Sunday.", True),
    ("The group seized the gas field east of Palmyra.", False),
    ("The army retook three villages in the countryside of Palmyra.", False),
    ("The headquarters of the militia inside Palmyra was captured.", False),
    ("Palmyra is largely controlled by the group.", False),
])
def test_the_town_must_be_what_was_taken(sentence: str, taken: bool) -> None:
    e = event("x", START, "Palmyra", sub=TAKEOVER)
    e = dataclasses.replace(e, evidence=dataclasses.replace(e.evidence, sentence=sentence))
    assert kinds(run([e])) == (["territory"] if taken else [])


def with_sentence(e: Event, sentence: str) -> Event:
    return dataclasses.replace(e, evidence=dataclasses.replace(e.evidence, sentence=sentence))


@pytest.mark.parametrize("sentence, taken", [
    ("The militants overran the ancient desert city in Homs province on Wednesday.", True),
    ("They took full control of the besieged town, Homs activists said.", True),
    ("The insurgents overran the provincial capital of Homs province at dawn.", True),
    ("They captured the city east of Homs on Wednesday.", False),      # somewhere else
    ("They failed to take the city in Homs province.", False),
    ("The militants seized the desert town's weapons depots in Homs.", False),
])
def test_a_town_named_before_and_taken_by_description(sentence: str, taken: bool) -> None:
    """'Islamic State massed outside Palmyra. On Wednesday they overran the
    desert city': the geocoder placed the second sentence at Palmyra."""
    e = with_sentence(event("x", START, "Palmyra", sub=TAKEOVER), sentence)
    assert kinds(run([e])) == (["territory"] if taken else [])


def test_a_described_town_that_is_only_the_dateline_is_not_taken() -> None:
    e = with_sentence(event("x", START, "Palmyra", sub=TAKEOVER),
                      "The militants overran the ancient desert city in Homs province.")
    datelined = dataclasses.replace(article("art-x", datetime(2014, 1, 7)),
                                    dateline_place="PALMYRA")
    assert compute([e], {"art-x": datelined}) == []


AIR_BASE = "captured the Abu al-Duhur military air base in Idlib province on Wednesday"


def test_a_named_facility_taken_in_a_region_is_one_territory_alert() -> None:
    """An air base the gazetteer does not know is placed at its province."""
    reports = [with_sentence(event(f"b{i}", START + timedelta(days=i), place("Idlib", "admin1"),
                                   sub=TAKEOVER, who="Nusra Front"),
                             f"Nusra Front fighters {AIR_BASE}, report {i} said.")
               for i in range(3)]
    alerts = run(reports)
    assert kinds(alerts) == ["territory"]
    assert "the Abu al-Duhur military air base" in alerts[0].summary
    assert alerts[0].evidence == ("b0",) and alerts[0].later_evidence == ("b1", "b2")
    other = with_sentence(event("k", START, place("Idlib", "admin1"), sub=TAKEOVER,
                                who="Nusra Front"), "Nusra Front fighters captured the "
                                                    "Taftanaz air base in Idlib province.")
    assert len(run(reports + [other])) == 2            # another base is another takeover


def test_a_named_village_the_gazetteer_lacks_is_taken_where_it_is_placed() -> None:
    """'retook the village of Tal al-Mal': no gazetteer record, placed at its province."""
    e = with_sentence(event("v", START, place("Idlib", "admin1"), sub=TAKEOVER, who="Nusra Front"),
                      "Nusra Front fighters retook the village of Tal al-Mal in Idlib on Sunday.")
    alerts = run([e])
    assert kinds(alerts) == ["territory"]
    assert "the village of Tal al-Mal (Idlib, Syria)" in alerts[0].summary


@pytest.mark.parametrize("sentence", [
    "Nusra Front fighters captured the base in Idlib province on Wednesday.",   # no name
    "Nusra Front fighters tried to capture the Abu al-Duhur air base in Idlib province.",
    "Nusra Front fighters captured Idlib province on Wednesday.",               # a campaign
    "Nusra Front fighters took the town of Aleppo on Wednesday.",     # a known town, placed elsewhere
])
def test_an_unnamed_facility_an_attempt_or_a_province_is_no_territory_alert(sentence: str) -> None:
    e = with_sentence(event("b", START, place("Idlib", "admin1"), sub=TAKEOVER,
                            who="Nusra Front"), sentence)
    assert run([e]) == []


def test_a_taker_on_the_wrong_side_of_the_change_is_a_swapped_reading() -> None:
    group_regains = event("x", START, "Palmyra", sub="Government regains territory")
    army_overtakes = dataclasses.replace(event("y", START, "Tikrit", sub=TAKEOVER), actor1=ARMY)
    army_regains = dataclasses.replace(event("z", START, "Samarra",
                                             sub="Government regains territory"), actor1=ARMY)
    assert [a.evidence for a in run([group_regains, army_overtakes, army_regains])] == [("z",)]


def test_a_clash_in_a_town_is_not_a_change_of_control() -> None:
    assert run([event("c1", START, "Palmyra", sub="Armed clash")]) == []


def test_territory_needs_a_town_a_dated_takeover_and_a_taker() -> None:
    assert run([event("p1", START, place("Homs", precision="admin1"), sub=TAKEOVER)]) == []
    assert run([event("p2", START, "Palmyra", sub=TAKEOVER, precision="year")]) == []
    assert run([event("p3", START, "Palmyra", sub=TAKEOVER, who=None)]) == []


def test_a_takeover_reported_weeks_later_is_background() -> None:
    old = event("b1", START, "Palmyra", sub=TAKEOVER)
    late = {"art-b1": datetime.combine(START + timedelta(days=20), datetime.min.time())}
    assert compute([old], late, default_config()) == []
    fresh = {"art-b1": datetime.combine(START + timedelta(days=2), datetime.min.time())}
    assert kinds(compute([old], fresh, default_config())) == ["territory"]


def test_an_event_dated_after_its_article_feeds_no_alert() -> None:
    future = event("f", START + timedelta(days=30), "Palmyra", sub=TAKEOVER)
    assert compute([future], {"art-f": datetime.combine(START, datetime.min.time())}) == []


def test_an_article_without_a_publication_time_feeds_no_alert() -> None:
    assert compute([event("u", START, "Palmyra", sub=TAKEOVER)], {"art-u": None}) == []


# --- approach ------------------------------------------------------------------------------

def approach_config():  # type: ignore[no-untyped-def]
    base = default_config()
    watch = (WatchedPlace("Baghdad", 33.34, 44.40, 100.0),)
    return dataclasses.replace(base, approach=dataclasses.replace(base.approach, watch=watch))


def closing(lats: list[float]) -> list[Event]:
    return [event(f"a{i}", START + timedelta(weeks=i), place("Samarra", lat=lat, lon=44.2))
            for i, lat in enumerate(lats)]


def test_activity_closing_in_on_a_watched_city_fires() -> None:
    alerts = of_kind(run(closing([35.0, 34.6, 34.2, 33.9]), approach_config()), "approach")
    assert len(alerts) == 1
    assert alerts[0].region == "Baghdad"
    assert alerts[0].distance_km is not None and alerts[0].distance_km < 100
    assert "closed in on Baghdad" in alerts[0].summary


def test_activity_moving_away_does_not_fire_an_approach() -> None:
    assert of_kind(run(closing([33.9, 34.2, 34.6, 35.0]), approach_config()), "approach") == []


# --- identity, updates, severity, filters ------------------------------------------------------

def test_alert_ids_are_stable_across_runs_and_input_order() -> None:
    events = advance_events() + surge_events(12, articles=6) + presence_events()
    shuffled = list(events)
    random.Random(3).shuffle(shuffled)
    extra = coverage(11, 10)
    assert [a.to_dict() for a in run(events, extra_articles=extra)] == \
        [a.to_dict() for a in run(shuffled, extra_articles=extra)]


def test_more_evidence_updates_the_alert_instead_of_raising_a_new_one() -> None:
    first = run([event("t1", START, "Palmyra", sub=TAKEOVER)])
    more = run([event("t1", START, "Palmyra", sub=TAKEOVER),
                event("t2", START + timedelta(days=1), "Palmyra", sub=TAKEOVER)])
    change = diff(first, more)
    assert change.new == () and len(change.updated) == 1
    assert change.updated[0].fired_at == first[0].fired_at
    assert change.updated[0].evidence == first[0].evidence
    assert diff(first, first).updated == ()
    assert diff([], first).new == tuple(first)


def test_severity_rises_with_independent_sources_and_sorts_alerts() -> None:
    one = run([event("t1", START, "Palmyra", sub=TAKEOVER)])[0]
    several = run([event("t1", START, "Palmyra", sub=TAKEOVER),
                   event("t2", START, "Palmyra", sub=TAKEOVER)])[0]
    vague = run([event("t1", START, place("Palmyra", precision="admin2"), sub=TAKEOVER,
                       status="alleged")])[0]
    assert vague.severity < one.severity < several.severity <= 1.0
    assert [a.severity for a in by_severity([vague, several, one])] == \
        sorted([vague.severity, several.severity, one.severity], reverse=True)


def test_watch_lists_filter_alerts() -> None:
    move = Movement("redeploy", origin=place("Idlib"), destination=place("Raqqa"))
    events = [event("m", START, "Raqqa", movement=move)]
    config = dataclasses.replace(default_config(), watch_actors=frozenset({"Syrian Army"}))
    assert of_kind(run(events, config), "movement") == []
    config = dataclasses.replace(default_config(), watch_regions=frozenset({"Ar-Raqqah"}))
    assert [a.kind for a in run(events, config)] == ["movement"]


def test_uncorroborated_events_can_be_held_back() -> None:
    config = dataclasses.replace(default_config(), min_independent_sources=2)
    assert run([event("t1", START, "Palmyra", sub=TAKEOVER)], config) == []


@pytest.mark.parametrize("status", ["hypothetical", "opinion", "denied", "negated"])
def test_non_factual_statuses_never_feed_alerts(status: str) -> None:
    events = advance_events(status=status) + [
        event("t", START, "Palmyra", sub=TAKEOVER, status=status)]
    assert run(events) == []


def test_a_hand_built_config_cannot_make_hypothetical_events_alert() -> None:
    config = dataclasses.replace(default_config(), alertable_statuses=frozenset({"hypothetical"}))
    assert run(advance_events(status="hypothetical"), config) == []


def test_events_from_excluded_articles_never_feed_alerts() -> None:
    events = advance_events()
    assert run(events, opinion_articles={e.evidence.article_id for e in events}) == []


def test_unresolved_or_civilian_actors_are_not_tracked() -> None:
    unknown = [dataclasses.replace(e, actor1=dataclasses.replace(e.actor1, known=False))
               for e in advance_events()]
    assert of_kind(run(unknown), "movement") == []
    civilians = [dataclasses.replace(e, actor1=dataclasses.replace(e.actor1, kind="civilians"))
                 for e in advance_events()]
    assert of_kind(run(civilians), "movement") == []


def test_articles_may_be_given_as_articles() -> None:
    e = event("t1", START, "Palmyra", sub=TAKEOVER)
    published = datetime(2014, 1, 6, 12)
    assert run([e])[0].id == compute([e], {"art-t1": article("art-t1", published)})[0].id


# --- movement: who moves, and where to ------------------------------------------------

@pytest.mark.parametrize("mover", [
    Actor("the forces", "Military forces (Syria)", "state_military", "SYR", known=True),
    Actor("militants", "Militants (Syria)", "rebel", "SYR", known=True),
    Actor("the Hawks", "the Hawks", "rebel", None, known=False),
])
def test_a_move_by_a_generic_or_unresolved_actor_raises_no_alert(mover: Actor) -> None:
    move = Movement("withdraw", origin=place("Idlib"))
    moved = dataclasses.replace(event("w", START, "Idlib", movement=move,
                                      sub="Change to group/activity"), actor1=mover)
    assert of_kind(run([moved]), "movement") == []
    named = dataclasses.replace(moved, actor1=ARMY)
    assert kinds(run([named])) == ["movement"]


def _syrian_stream(n: int = 12) -> list[Event]:
    """Reports that spell out Syrian towns: the stream's theatre is Syria."""
    return [event(f"s{i}", START - timedelta(days=3), "Homs", who="ISIS") for i in range(n)]


def _homonym_move(sentence: str) -> Event:
    salt = Place("Salt", 32.04, 35.73, "Balqa", "Jordan", "city", country_code="JO")
    move = Movement("redeploy", origin=place("Aleppo"), destination=salt)
    moved = event("h", START, "Aleppo", movement=move, sub="Change to group/activity")
    return dataclasses.replace(moved, evidence=dataclasses.replace(moved.evidence,
                                                                   sentence=sentence))


def test_a_move_end_abroad_that_the_sentence_never_places_abroad_raises_no_alert() -> None:
    # a Jordanian town of the same name as a place meant in Syria: no such move
    homonym = _homonym_move("The group moved its fighters from Aleppo to Salt on Monday.")
    assert of_kind(run(_syrian_stream() + [homonym]), "movement") == []
    # the sentence says the end is in Jordan: the move stands
    abroad = _homonym_move("The group moved its fighters from Aleppo to the Jordanian town of Salt.")
    assert len(of_kind(run(_syrian_stream() + [abroad]), "movement")) == 1
    # a short stream does not know its theatre yet: the end is not doubted
    assert len(of_kind(run([homonym]), "movement")) == 1


def test_a_base_known_by_its_number_is_one_territory_alert_named_as_written() -> None:
    e = with_sentence(event("n", START, place("Aleppo", "city"), sub=TAKEOVER, who="Nusra Front"),
                      "Nusra Front fighters captured Base 17 west of Aleppo on Saturday.")
    alerts = run([e])
    assert kinds(alerts) == ["territory"]
    assert "took control of Base 17 near Aleppo" in alerts[0].summary
