"""Filters check their values: an unknown name is an error with the nearest matches, never
a silent empty answer (issue 13, friction point 1)."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.models import Actor, Alert, Article, Event, Evidence, Place
from tocsin.runner import consolidate
from tocsin.store import AlertFilter, EventFilter, FilterError, Store
from tocsin.store.filters import ALERT_OPTIONS, EVENT_OPTIONS
from tocsin.store.names import country_code, name_key

MOSUL = Place("Mosul", 36.34, 43.13, "Nineveh", "Iraq", "city", "IQ")
TIKRIT = Place("Tikrit", 34.6, 43.68, "Salah ad-Din", "Iraq", "city", "IQ")
ALEPPO = Place("Aleppo", 36.2, 37.16, "Aleppo", "Syria", "city", "SY")
IS = Actor("ISIL fighters", "Islamic State", "jihadist", None, known=True)
ARMY = Actor("Iraqi troops", "Iraqi Security Forces", "state_military", "IRQ", known=True)


def _event(id_: str, day: date, place: Place, sub: str = "Armed clash", etype: str = "Battles",
           actor1: Actor | None = IS, status: str = "reported") -> Event:
    return Event(id=id_, event_type=etype, sub_event_type=sub, plover=None, date=day,
                 date_precision="day", status=status, actor1=actor1, actor2=ARMY, location=place,
                 evidence=Evidence("a" + id_, f"Sentence {id_}.", 0, 12))


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    path = tmp_path_factory.mktemp("filters") / "f.duckdb"
    events = [_event("e1", date(2014, 6, 10), MOSUL),
              _event("e2", date(2014, 6, 11), TIKRIT, "Non-state actor overtakes territory"),
              _event("e3", date(2014, 3, 14), ALEPPO, "Air/drone strike", "Explosions/Remote violence",
                     actor1=Actor("regime jets", "Syrian Arab Army", "state_military", "SYR", known=True))]
    articles = [(Article(id="a" + e.id, text="x", content_hash="h" + e.id), None) for e in events]
    with Store(path) as handle:
        handle.write_batch(articles, events)
        consolidate(handle)
        handle.record_actor_names([("ISIL", "Islamic State"), ("Daesh", "Islamic State"),
                                   ("ISIS", "Islamic State")])
        handle.replace_alerts([
            Alert("al-1", "territory", "Islamic State", "Nineveh, Iraq", datetime(2014, 6, 10, 12),
                  0.9, "Islamic State took Mosul.", ("e1",)),
            Alert("al-2", "movement", "Islamic State", "Raqqa and Deir ez-Zor",
                  datetime(2014, 3, 14, 9), 0.6, "Moved east.", ("e3",))])
    with Store(path, read_only=True) as handle:
        yield handle


def ids(events):
    return sorted(e.id for e in events)


@pytest.mark.parametrize(("options", "suggestion"), [
    ({"event_type": "Armed clsh"}, "Armed clash"),
    ({"type": "Battle"}, "Battles"),
    ({"actor": "Islamik State"}, "Islamic State"),
    ({"country": "Irakk"}, "Iraq"),
    ({"admin1": "Ninevah"}, "Nineveh"),
])
def test_unknown_names_are_errors_with_the_nearest_match(store, options, suggestion):
    with pytest.raises(FilterError) as caught:
        store.events(EventFilter.from_options(**options))
    assert f"did you mean {suggestion!r}" in str(caught.value)
    assert caught.value.option == _canonical(options)


def _canonical(options: dict) -> str:
    (name,) = options
    return {"type": "event_type"}.get(name, name)


@pytest.mark.parametrize("spelling", ["Iraq", "iraq", "Irak", "IRQ", "IQ", "Republic of Iraq", "العراق"])
def test_countries_by_name_alias_or_iso_code(store, spelling):
    assert ids(store.events(EventFilter(country=spelling))) == ["e1", "e2"]


def test_a_real_country_with_no_events_is_an_empty_answer_not_an_error(store):
    assert store.events(EventFilter(country="Lebanon")) == []


@pytest.mark.parametrize("alias", ["ISIL", "Daesh", "the Islamic State", "islamic state", "ISIL fighters"])
def test_actor_aliases_from_the_dictionary_and_from_the_reports(store, alias):
    assert ids(store.events(EventFilter(actor=alias))) == ["e1", "e2"]


def test_names_are_matched_without_case_or_punctuation(store):
    assert ids(store.events(EventFilter(admin1="salah ad din"))) == ["e2"]
    assert ids(store.events(EventFilter(event_type="air drone strike"))) == ["e3"]


def test_an_inverted_date_range_is_an_error():
    with pytest.raises(FilterError, match="after until"):
        EventFilter(since=date(2014, 6, 1), until=date(2014, 1, 1))
    with pytest.raises(FilterError, match="after until"):
        EventFilter.from_options(since="2014-06-01", until="2014-01-01")


@pytest.mark.parametrize(("options", "message"), [
    ({"status": "reportd"}, "did you mean 'reported'"),
    ({"since": "last tuesday"}, "not a date"),
    ({"bbox": "0,0,500,1"}, "outside"),
    ({"bbox": "1,2,3"}, "four numbers"),
    ({"min_sources": 0}, "at least 1"),
    ({"min_sources": "two"}, "must be a number"),
    ({"limit": 0}, "at least 1"),
    ({"evnt_type": "Battles"}, "did you mean 'event_type'"),
    ({"type": "Battles", "event_type": "Riots"}, "given twice"),
])
def test_values_are_checked_when_the_filter_is_made(options, message):
    with pytest.raises(FilterError, match=message):
        EventFilter.from_options(**options)


def test_front_end_values_are_parsed_and_aliases_accepted():
    flt = EventFilter.from_options(since="2014-06-01", type="Battles", min_independent="2",
                                   bbox="40,30,50,40", country="  ", limit="5")
    assert flt == EventFilter(since=date(2014, 6, 1), event_type="Battles", min_sources=2,
                              bbox=(40.0, 30.0, 50.0, 40.0), limit=5)
    assert EventFilter.from_options(status="Reported").status == "reported"


def test_every_option_has_a_flag_and_a_help_line():
    for option in (*EVENT_OPTIONS, *ALERT_OPTIONS):
        assert option.help and option.flags[0] == "--" + option.name.replace("_", "-")
    assert next(o for o in EVENT_OPTIONS if o.name == "event_type").flags == ("--event-type", "--type")


def test_alert_filters(store):
    def found(**options):
        return [a.id for a in store.alerts(AlertFilter.from_options(**options))]
    assert found() == ["al-2", "al-1"]
    assert found(kind="territory") == ["al-1"]
    assert found(region="Raqqa") == ["al-2"] and found(region="nineveh") == ["al-1"]
    assert found(actor="ISIL", since="2014-06-01") == ["al-1"]
    assert found(min_severity=0.7) == ["al-1"]
    with pytest.raises(FilterError, match="did you mean 'territory'"):
        AlertFilter(kind="teritory")
    with pytest.raises(FilterError, match="between 0 and 1"):
        AlertFilter(min_severity=5)
    with pytest.raises(FilterError, match="did you mean 'Raqqa'"):
        found(region="Raqa")


def test_a_store_without_the_new_tables_still_reads(tmp_path):
    path = tmp_path / "old.duckdb"
    with Store(path) as handle:
        handle.write_batch([(Article(id="ae1", text="x", content_hash="h"), None)],
                           [_event("e1", date(2014, 6, 10), MOSUL)])
        consolidate(handle)
        for table in ("actor_names", "corrections", "dismissals"):
            handle.con.execute(f"DROP TABLE {table}")
    with Store(path, read_only=True) as handle:
        assert ids(handle.events(EventFilter(actor="Islamic State", country="IRQ"))) == ["e1"]
        assert handle.alerts(AlertFilter()) == []


@given(st.text(max_size=30))
def test_name_keys_are_stable(text):
    assert name_key(name_key(text)) == name_key(text)


def test_every_iso_code_names_its_country():
    import pycountry

    for country in pycountry.countries:
        assert country_code(country.alpha_3) == country.alpha_2
        assert country_code(country.alpha_2.lower()) == country.alpha_2


lons = st.floats(-180, 180, allow_nan=False)
lats = st.floats(-90, 90, allow_nan=False)


@given(st.tuples(lons, lats, lons, lats))
def test_a_bbox_written_as_text_reads_back(box):
    west, south, east, north = min(box[0], box[2]), min(box[1], box[3]), max(box[0], box[2]), max(box[1], box[3])
    text = ",".join(repr(v) for v in (west, south, east, north))
    assert EventFilter.from_options(bbox=text).bbox == (west, south, east, north)


@given(st.dates(date(1990, 1, 1), date(2030, 12, 31)), st.dates(date(1990, 1, 1), date(2030, 12, 31)))
def test_date_ranges_are_accepted_exactly_when_in_order(first, second):
    if first <= second:
        assert EventFilter.from_options(since=first.isoformat(), until=second.isoformat()).since == first
    else:
        with pytest.raises(FilterError):
            EventFilter.from_options(since=first.isoformat(), until=second.isoformat())


def test_regions_in_geonames_or_acled_spelling(tmp_path):
    idleb = Place("Idlib", 35.93, 36.63, "Idleb", "Syria", "city", "SY")
    with Store(tmp_path / "r.duckdb") as handle:
        handle.write_batch([(Article(id="ae9", text="x", content_hash="h9"), None)],
                           [_event("e9", date(2014, 3, 14), idleb)])
        consolidate(handle)
        handle.replace_alerts([Alert("al-9", "surge", None, "Idleb, Syria", datetime(2014, 3, 14), 0.5,
                                     "Surge in Idleb.", ("e9",))])
        assert ids(handle.events(EventFilter(admin1="Idlib"))) == ["e9"]
        assert [a.id for a in handle.alerts(AlertFilter(region="Idlib"))] == ["al-9"]


@pytest.mark.parametrize(("typed", "meant"), [("Sirya", "Syria"), ("Afganistan", "Afghanistan"),
                                              ("Irakk", "Iraq")])
def test_country_suggestions_put_the_meant_country_first(typed, meant):
    from tocsin.store.names import suggest_country

    assert suggest_country(typed)[0] == meant
