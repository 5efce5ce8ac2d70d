from datetime import date

from tocsin.evaluate.fakes import article_actor_class, article_governorate, governorate_of, read_gold
from tocsin.models import Actor, Event, Evidence, Place

HEADER = ("unit_id,article_title,article_content,source,date,location,actor,cause_of_death,"
          "nb_children,nb_civilians,nb_noncivilians,nb_women,label\n")


def test_reader_handles_cp1252_bytes_and_bad_rows(tmp_path):
    path = tmp_path / "f.csv"
    body = (HEADER
            + '1,T,"Air strikes hit a market in Idlib \u201cyesterday\u201d.",x,4/5/17,idlib,unknown,shelling,0,12,0,0,1\n'
            + '2,T,"No date here",x,someday,aleppo,unknown,shelling,0,0,0,0,1\n'
            + '3,T,"",x,4/6/17,aleppo,unknown,shelling,0,0,0,0,1\n')
    path.write_bytes(body.encode("cp1252"))
    skipped: list[str] = []
    gold = list(read_gold(path, skipped))
    assert [g.id for g in gold] == ["1"]
    assert gold[0].date == date(2017, 4, 5) and gold[0].casualties == 12
    assert "\u201c" in gold[0].text
    assert len(skipped) == 2


def test_governorate_spellings_fold_together():
    def at(admin1: str) -> Event:
        return Event(id="e", event_type="Battles", sub_event_type="Armed clash", plover=None,
                     date=None, date_precision="day", status="reported", actor1=None,
                     location=Place("x", 35.0, 38.0, admin1, "Syria"), evidence=Evidence("a", "s", 0, 1))
    assert governorate_of(at("Rif Dimashq")) == "damascus"
    assert governorate_of(at("Dayr az Zawr")) == "deir ezzor"
    assert governorate_of(at("Al-Hasakah")) == "hasakeh"
    assert governorate_of(None) == ""


def _event(start: int, actor: str | None = None, kind: str = "state_military",
           country: str | None = "SYR", admin1: str | None = None, cc: str = "SY",
           event_type: str = "Explosions/Remote violence", fatalities: int | None = None,
           status: str = "reported", mentioned: tuple[Place, ...] = ()) -> Event:
    place = Place("x", 35.0, 38.0, admin1, "Syria", country_code=cc) if admin1 else None
    who = Actor(actor, actor, kind, country, known=True) if actor else None
    return Event(id=f"e{start}", event_type=event_type, sub_event_type="Air/drone strike",
                 plover=None, date=None, date_precision="day", status=status, actor1=who,
                 location=place, evidence=Evidence("a", "s", start, start + 1),
                 fatalities=fatalities, places_mentioned=mentioned)


def test_article_actor_is_the_lead_perpetrator_of_violence():
    events = [_event(0, "Russian armed forces", country="RUS", fatalities=12),
              _event(50, "Free Syrian Army", kind="rebel"),
              _event(90, "Free Syrian Army", kind="rebel")]
    assert article_actor_class(events) == "syrian government or russian troops"


def test_article_actor_ignores_talk_and_background():
    talk = _event(0, "US-led coalition", kind="international", country=None,
                  event_type="Strategic developments")
    denied = _event(10, "Islamic State", kind="jihadist", country=None, status="denied")
    deep = [_event(20 + i) for i in range(6)] + [_event(99, "Islamic State", kind="jihadist",
                                                        country=None)]
    assert article_actor_class([talk, denied]) == "unknown"
    assert article_actor_class(deep) == "unknown"
    assert article_actor_class([]) == "unknown"


def test_article_governorate_votes_over_syrian_places():
    abroad = Place("Kilis", 36.7, 37.1, "Kilis", "Turkey", country_code="TR")
    idlib = Place("Saraqib", 35.9, 36.8, "Idlib", "Syria", country_code="SY")
    events = [_event(0, admin1="Kilis", cc="TR"),
              _event(40, admin1="Aleppo", event_type="Strategic developments",
                     mentioned=(idlib, abroad)),
              _event(80, admin1="Idlib", fatalities=3)]
    assert article_governorate(events) == "idlib"
    assert article_governorate([_event(0)]) == ""


def test_unnamed_lead_attacker_outvotes_a_government_named_in_the_background():
    # A lead bombing by "a suicide bomber" is FA-KES's unknown, even when the
    # next paragraph recalls soldiers shelling a village elsewhere.
    events = [_event(0, "Jihadists (Syria)", kind="jihadist", fatalities=5),
              _event(60, "Syrian Arab Army", fatalities=9)]
    assert article_actor_class(events) == "unknown"


def test_reporters_and_the_struck_place_are_no_perpetrators():
    capital = Place("Damascus", 33.5, 36.3, "Dimashq", "Syria", country_code="SY")
    reporter = _event(0, "state news agency reporter", kind="government", fatalities=4)
    struck = _event(30, "DAMASCUS", kind="government", admin1="Dimashq", mentioned=(capital,))
    assert article_actor_class([reporter, struck]) == "unknown"
    # A foreign capital still speaks for its government.
    moscow = _event(30, "Moscow", kind="government", country="RUS", admin1="Dimashq",
                    mentioned=(capital,))
    assert article_actor_class([moscow]) == "syrian government or russian troops"


def test_article_governorate_ignores_places_its_sentences_do_not_name():
    # Every sentence inherits the first guess (Hama) as its place; only one
    # sentence names a place, in Homs, and that is what the article is about.
    homs = Place("Talbiseh", 34.8, 36.7, "Homs", "Syria", country_code="SY")
    events = [_event(0, admin1="Hama"), _event(20, admin1="Hama"),
              _event(40, admin1="Homs", fatalities=2, mentioned=(homs,)),
              _event(60, admin1="Hama")]
    assert article_governorate(events) == "homs"
