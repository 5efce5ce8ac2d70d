from datetime import date

from tocsin.evaluate.fakes import governorate_of, read_gold
from tocsin.models import Event, Evidence, Place

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
