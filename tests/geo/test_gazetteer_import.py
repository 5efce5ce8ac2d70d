"""`tocsin gazetteer import` on small GeoNames-format files we wrote (tests/fixtures/geonames)."""
from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from tocsin.cli.main import cli
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.gazetteer_import import DumpError, import_geonames, table_kind
from tocsin.geo.geocoder import Geocoder
from tocsin.geo.index import Index

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "geonames"
FILES = [FIXTURES / n for n in ("SY.txt", "admin1CodesASCII.txt", "admin2Codes.txt", "alternateNames_SY.txt")]


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Gazetteer:
    out = tmp_path_factory.mktemp("gaz") / "index"
    stats = import_geonames(FILES, out, with_embedded=False)
    assert stats.places == 6 and stats.skipped_features == 1   # the wadi is left out; Syria exists
    return Gazetteer.load(out)


def test_tables_are_recognised_by_their_columns():
    assert table_kind((FIXTURES / "SY.txt").read_text(encoding="utf-8").splitlines()[0]) == "places"
    assert table_kind("SY.12\tIdlib\tIdlib\t169388") == "admin_codes"
    assert table_kind("1\t9900003\t\tTal Ghazzal\t\t\t\t\t\t") == "alternate_names"
    with pytest.raises(DumpError):
        table_kind("just some text")


def test_an_imported_village_resolves_with_its_regions(imported):
    place = Geocoder(imported).find("Tell Ghazal", country_hint="SY")
    assert place is not None and place.feature_code == "PPL"
    assert (place.lat, place.lon) == pytest.approx((35.79123, 36.41456), abs=1e-4)
    assert place.admin1 == "Idleb"                  # ACLED's spelling of GeoNames' Idlib
    assert place.admin2 == "Jisr ash Shughur"       # from admin2Codes.txt
    assert place.country_code == "SY" and place.country == "Syria"


def test_alternate_names_file_adds_spellings_but_not_history_or_links(imported):
    geocoder = Geocoder(imported)
    assert geocoder.find("Tal Ghazzal", "SY").name == "Tall Ghazal"
    assert geocoder.find("Khirbet el-Fawar", "SY").name == "Khirbat al Fawwar"
    assert not imported.candidates("Old Fawwar")            # isHistoric
    assert not imported.candidates("https://example.org/Tall_Ghazal")


def test_feature_classes_give_precision(imported):
    geocoder = Geocoder(imported)
    assert geocoder.find("Idlib province", "SY").precision == "admin1"
    assert geocoder.find("Jisr al-Shughur District", "SY").precision == "admin2"
    castle = geocoder.find("Tizin Castle", "SY")
    assert castle.precision == "point" and castle.feature_code == "CSTL"


def test_admin1_points_are_geonames_own(imported):
    index = imported.admin1("SY", "Idlib")
    assert index is not None
    assert (imported.record(index).lat, imported.record(index).lon) == pytest.approx((35.83333, 36.58333), abs=1e-4)


def test_zip_archives_are_read(tmp_path):
    archive = tmp_path / "SY.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(FIXTURES / "SY.txt", "SY.txt")
        zf.writestr("readme.txt", "GeoNames readme, not a table")
    stats = import_geonames([archive, FIXTURES / "admin1CodesASCII.txt"], tmp_path / "index",
                            with_embedded=False)
    assert stats.places == 6
    assert Geocoder(Gazetteer.load(tmp_path / "index")).find("Tall Ghazal", "SY") is not None


def test_a_file_that_is_no_dump_is_refused(tmp_path):
    junk = tmp_path / "notes.txt"
    junk.write_text("hello\tworld\n", encoding="utf-8")
    with pytest.raises(DumpError):
        import_geonames([junk], tmp_path / "index", with_embedded=False)
    with pytest.raises(DumpError):        # admin codes alone: no places
        import_geonames([FIXTURES / "admin1CodesASCII.txt"], tmp_path / "index", with_embedded=False)
    assert not (tmp_path / "index").exists()


def test_index_is_memory_mapped(imported):
    index = imported.arrays()
    assert isinstance(index, Index)
    assert isinstance(index.lat, np.memmap) and isinstance(index.arrays["key_hash"], np.memmap)


@pytest.mark.slow
def test_import_keeps_the_embedded_world_and_replaces_what_it_brings(tmp_path):
    import_geonames(FILES, tmp_path / "index")
    gaz = Gazetteer.load(tmp_path / "index")
    geocoder = Geocoder(gaz)
    assert geocoder.find("Aleppo", "SY").country_code == "SY"      # not in the dump: embedded stays
    assert geocoder.find("Paris").country_code == "FR"
    idlib = [i for i in gaz.candidates("Idlib") if gaz.record(i).feature_code.startswith("PPL")]
    assert len(idlib) == 1 and gaz.record(idlib[0]).admin2 == "Idlib District"   # the dump's record
    assert gaz.info()["imported_countries"] == ["SY"]


def test_cli_info_names_the_active_gazetteer(imported, monkeypatch):
    monkeypatch.setenv("TOCSIN_GAZETTEER", str(imported.path))
    result = CliRunner().invoke(cli, ["gazetteer", "info"])
    assert result.exit_code == 0, result.output
    assert "imported" in result.output and str(imported.path) in result.output


def test_cli_import_writes_where_asked(tmp_path):
    result = CliRunner().invoke(cli, ["gazetteer", "import", *map(str, FILES), "--out", str(tmp_path / "g"),
                                      "--no-embedded"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "g" / "meta.json").is_file() and "6 places" in result.output
