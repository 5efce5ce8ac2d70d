"""Fixtures for geo tests: a tiny hand-made gazetteer, and the real one (slow)."""
from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tocsin.geo.gazetteer import Gazetteer, Row

# name, lat, lon, cc, admin1, feature, population, geonameid, extra names
_ROWS = [
    ("Libya", 25.0, 17.0, "LY", None, "PCLI", 6_000_000, 1, []),
    ("Lebanon", 33.83, 35.83, "LB", None, "PCLI", 6_000_000, 2, []),
    ("Syria", 35.0, 38.0, "SY", None, "PCLI", 17_000_000, 3, []),
    ("Tripoli", 32.88, 13.19, "LY", "Tripoli", "PPLC", 1_150_000, 10, ["Tarabulus"]),
    ("Tripoli", 34.43, 35.84, "LB", "North", "PPL", 230_000, 11, []),
    ("Tripoli", 42.81, -92.26, "US", "Iowa", "PPL", 1_300, 12, []),
    ("Beirut", 33.89, 35.50, "LB", "Beirut", "PPLC", 1_900_000, 13, []),
    ("Byblos", 34.12, 35.65, "LB", "Mount Lebanon", "PPL", 40_000, 14, ["Jbeil"]),
    ("Misrata", 32.38, 15.09, "LY", "Misrata", "PPL", 390_000, 15, []),
    ("Homs", 34.73, 36.72, "SY", "Homs", "PPL", 775_000, 16, []),
    ("Al Khums", 32.65, 14.26, "LY", "Al Marqab", "PPL", 200_000, 17, ["Homs", "Khoms"]),
    ("Homs", 34.6, 37.5, "SY", "Homs", "ADM1", 1_060_000, None, ["Homs Governorate"]),
    ("Ar Raqqah", 35.95, 39.01, "SY", "Ar-Raqqah", "PPL", 530_000, 18, ["Raqqa", "Ar-Raqqah"]),
    ("Ar-Raqqah", 35.9, 38.9, "SY", "Ar-Raqqah", "ADM1", 620_000, None, ["Raqqa"]),
    ("Paris", 48.85, 2.35, "FR", "Ile-de-France", "PPLC", 2_100_000, 20, []),
    ("Paris", 33.66, -95.56, "US", "Texas", "PPL", 25_000, 21, []),
    ("Texas", 31.25, -99.25, "US", "Texas", "ADM1", 25_000_000, 22, ["Tex."]),
    ("Dallas", 32.78, -96.81, "US", "Texas", "PPL", 1_300_000, 23, []),
    ("Un", 29.2, 77.1, "IN", "Uttar Pradesh", "PPL", 20_000, 24, []),
    ("United States", 39.8, -98.5, "US", None, "PCLI", 327_000_000, 25, ["US", "USA"]),
]


def tiny_gazetteer_of(rows=_ROWS) -> Gazetteer:
    return Gazetteer.from_rows(
        ((Row(name, lat, lon, cc, admin1, feature, pop, gid), extra)
         for name, lat, lon, cc, admin1, feature, pop, gid, extra in rows),
        demonyms={"Syrian": "SY", "Libyan": "LY", "Lebanese": "LB"})


@pytest.fixture(scope="session")
def tiny_gazetteer() -> Gazetteer:
    return tiny_gazetteer_of()


@pytest.fixture(scope="session")
def real_gazetteer() -> Gazetteer:
    return Gazetteer.default()



_VOCAB = spacy.blank("en").vocab


def tagged_doc(tagged: str) -> Doc:
    """A Doc built by hand, no model: 'Syrias/B-ORG Homs/I-ORG was hit' carries
    those entities; the first word starts the one sentence (the gazetteer scan
    reads sentences)."""
    words, ents = [], []
    for item in tagged.split():
        word, _, tag = item.partition("/")
        words.append(word)
        ents.append(tag or "O")
    starts = [i == 0 for i in range(len(words))]
    return Doc(_VOCAB, words=words, ents=ents, sent_starts=starts)


@pytest.fixture(scope="session")
def geocoder(real_gazetteer):
    """The geocoder over the real gazetteer (test_districts overrides it with a tiny one)."""
    from tocsin.geo.geocoder import Geocoder

    return Geocoder(real_gazetteer)

