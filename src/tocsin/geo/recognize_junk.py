"""Mentions that are never places, whatever the gazetteer holds.

- a lone particle, compass word, generic noun or news agency
  (data/geo_never_places.txt): "Al" of Al Qaeda, "State" of Islamic State,
  "SANA", "Eastern";
- an eponym: a name followed by a word for a disease, a product or a firm
  ("Ebola virus", "Marburg fever", "Newmont Mining", "Toyota Corolla"), and
  every mention of that name in the document (one sense per discourse);
- an outlet's name: a name right after a word for a publication ("the Lebanese
  daily As-Safir", "the newspaper Al-Hayat"), and every mention of it in the
  document: As-Safir is no Safirah near Aleppo;
- a token with digits or a currency sign ("H5N1", "US$");
- a short all-capital acronym that is not a known abbreviation of a place
  ("UN", "NATO", "SANA"; but "US", "UK", "UAE", "DRC", "N.Y." stay), unless it
  opens a dateline ("GAZA —").
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc

from tocsin import vocabulary
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import fold
from tocsin.geo.recognize_context import strong_place
from tocsin.models import Mention

#: Words after a name that make it the name of a disease, a product or a company.
#: Not 'company', 'outbreak' or 'patients': "the Omaha company", "Iowa patients" are places.
EPONYM_WORDS = frozenset({
    "virus", "viruses", "fever", "disease", "vaccine", "vaccines", "strain", "flu",
    "influenza", "infection", "infections", "epidemic", "haemorrhagic", "hemorrhagic",
    "syndrome", "mining", "motors", "corp", "corporation", "inc", "ltd", "plc",
    "corolla", "camry", "prius", "civic", "accord"})
_DATELINE_BREAKS = frozenset({"—", "–", "-", "--", ",", "(", ":"})
_DIGIT_OR_MONEY = re.compile(r"[0-9$€£¥]")


@lru_cache(maxsize=1)
def never_places() -> frozenset[str]:
    text = resources.files("tocsin").joinpath("data/geo_never_places.txt").read_text(encoding="utf-8")
    return frozenset(fold(w) for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def place_abbreviations() -> frozenset[str]:
    """All-capital names that geo_aliases.toml gives places ('US', 'UAE', 'N.Y.', 'NSW')."""
    raw = resources.files("tocsin").joinpath("data/geo_aliases.toml").read_text(encoding="utf-8")
    aliases = tomllib.loads(raw)
    found = set()
    for kind in ("country", "admin1", "region", "city", "town"):
        for entry in aliases.get(kind, []):
            for name in [entry.get("name", ""), *entry.get("names", [])]:
                letters = name.replace(".", "").replace(" ", "")
                if letters.isalpha() and letters.isupper():
                    found.add(letters)
    return frozenset(found)


def _acronym_letters(text: str) -> str | None:
    letters = text.replace(".", "").replace(" ", "")
    return letters if letters.isalpha() and letters.isupper() and len(letters) <= 5 else None


def _opens_dateline(doc: Doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and bool(span[0].is_sent_start) and span.end < len(doc) \
        and doc[span.end].text in _DATELINE_BREAKS


def eponyms(doc: Doc, gaz: Gazetteer) -> frozenset[str]:
    """Folded names that some mention in the document shows to be a disease, product
    or firm.  A country, region or big city stays a place ('Hong Kong flu', 'Turkish
    company'): its name says where, not what."""
    found = set()
    for token in doc[1:]:
        if token.lower_.rstrip(".") in EPONYM_WORDS:
            previous = doc[token.i - 1]
            if previous.text[:1].isupper() and not strong_place(gaz, previous.text):
                found.add(fold(previous.text))
            if token.i >= 2 and previous.text[:1].isupper() and doc[token.i - 2].text[:1].isupper():
                name = doc[token.i - 2:token.i].text                            # "West Nile virus"
                if not strong_place(gaz, name):
                    found.add(fold(name))
    return frozenset(found)


def is_junk(doc: Doc, mention: Mention, named_eponyms: frozenset[str]) -> bool:
    text = mention.text
    folded = fold(text)
    if not folded or folded in never_places() or folded in named_eponyms:
        return True
    if _DIGIT_OR_MONEY.search(text):
        return True
    letters = _acronym_letters(text)
    if letters and letters not in place_abbreviations() and mention.label != "NORP":
        return not _opens_dateline(doc, mention)
    return False


def outlet_names(doc: Doc) -> frozenset[str]:
    """Folded names that follow a word for a publication ('daily', 'newspaper', 'agency')."""
    outlet_words = vocabulary.word_class("outlet_noun").words
    found = set()
    for token in doc[:-1]:
        if token.lower_ not in outlet_words:
            continue
        end = token.i + 1
        while end < len(doc) and (doc[end].text[:1].isupper() or doc[end].text in ("-", "al", "el")
                                  and end + 1 < len(doc) and doc[end + 1].text[:1].isupper()):
            end += 1
        if end > token.i + 1:
            name = doc[token.i + 1:end].text
            found.add(fold(name))
            article = _ARTICLE.match(name)
            if article:                         # "Safir" of a later "As-Safir said"
                found.add(fold(name[article.end():]))
    return frozenset(found)


_ARTICLE = re.compile(r"^(?:a[lnrsdtz]|el|ad-d|as-s)[- ]", re.IGNORECASE)


def drop_junk(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    named = eponyms(doc, gaz) | outlet_names(doc)
    return [m for m in mentions if not is_junk(doc, m, named)]
