"""Decoding bytes: UTF-8 with stray cp1252 bytes, other encodings, binary junk."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tocsin.ingest.readers import decode_bytes
from tocsin.ingest.textio import InputError, check_not_binary, decode, iter_lines


def test_clean_utf8() -> None:
    assert decode("Zürich – “quoted”".encode()).codec == "utf-8"


def test_stray_cp1252_bytes_in_utf8() -> None:
    raw = "Café ".encode() + b"\x93quoted\x94 \x96 dash \x95 bullet"
    assert decode_bytes(raw) == "Café “quoted” – dash • bullet"


def test_bytes_undefined_in_cp1252_are_dropped_when_rare() -> None:
    raw = b"Copyright \x95\x81 2018 Valley Post and a long sentence of plain words " * 3
    text = decode_bytes(raw)
    assert "\ufffd" not in text and "\x81" not in text and text.startswith("Copyright • 2018")


def test_many_undefined_bytes_are_an_encoding_error() -> None:
    with pytest.raises(InputError) as caught:
        decode(b"ab \x81 cd \x8d ef \x8f gh \x90 ij \x9d" * 10)
    assert caught.value.reason == "encoding"


def test_lenient_mode_never_raises_for_undefined_bytes() -> None:
    assert decode(b"a\x81b", lenient=True).text == "ab"


def test_latin1_accents_in_a_cp1252_file() -> None:
    raw = "Le café était fermé à cause des combats près de la frontière.".encode("cp1252")
    assert decode_bytes(raw) == "Le café était fermé à cause des combats près de la frontière."


@pytest.mark.parametrize("raw", [b"abc\x00def", b"\x01\x02\x03\x04 ok" * 10])
def test_binary(raw: bytes) -> None:
    with pytest.raises(InputError) as caught:
        check_not_binary(raw)
    assert caught.value.reason == "binary"


def test_utf16_bom_is_not_binary() -> None:
    raw = "plain words".encode("utf-16")
    check_not_binary(raw)
    assert decode_bytes(raw) == "plain words"


def test_iter_lines_keeps_line_endings_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_bytes(b"\xef\xbb\xbfa,b\r\n1,\"x\r\ny\"\r\n2,caf\xe9\r\n")
    assert list(iter_lines(path)) == [(1, "a,b\r\n"), (2, '1,"x\r\n'), (3, 'y"\r\n'), (4, "2,café\r\n")]


@given(st.text())
def test_utf8_round_trip(text: str) -> None:
    try:
        raw = text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates cannot be encoded at all
        return
    if raw.startswith(b"\xef\xbb\xbf"):
        return  # a leading BOM is consumed as a byte-order mark, by design
    assert decode_bytes(raw) == text
