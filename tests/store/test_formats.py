"""CSV output defuses spreadsheet formulas from untrusted article text."""
import csv
import io

from tocsin.store.formats import csv_text, spreadsheet_safe


def test_formula_cells_are_quoted_and_numbers_are_not():
    assert spreadsheet_safe("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe(-33.5) == -33.5
    assert spreadsheet_safe("Militants seized Mosul.") == "Militants seized Mosul."


def test_csv_export_of_a_hostile_sentence():
    record = {
        "id": "e1", "date": "2014-06-10", "date_precision": "day", "event_type": "Battles",
        "sub_event_type": "Armed clash", "plover": "ASSAULT", "status": "reported",
        "fatalities": None, "actor1": None, "actor2": None, "location": None, "movement": None,
        "attribution": None, "article": {"id": "a1", "title": "=cmd|' /C calc'!A0"},
        "evidence": {"sentence": "+1 gunmen attacked", "article_id": "a1", "start": 0, "end": 5},
        "sources": {"articles": 1, "independent": 1},
    }
    rows = list(csv.DictReader(io.StringIO("".join(csv_text([record])))))
    assert rows[0]["sentence"] == "'+1 gunmen attacked"
