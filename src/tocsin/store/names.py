"""The names a filter may use: ACLED types, countries in many spellings, actor keys.

A leaf module: it reads data files and well-kept libraries (pycountry and its
translations, rapidfuzz) and imports nothing else from tocsin but `models`, so
the store can check a filter's values without importing the extractors.

    country_code("Irak") == country_code("IRQ") == country_code("iq") == "IQ"
    name_key("the Islamic State's") == "islamic state s"
    suggest("Armed clsh", sub_event_types()) == ["Armed clash"]
"""
from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

#: Languages whose country names a filter accepts besides English ("Irak", "Syrie", "Suriye").
COUNTRY_LANGUAGES = ("ar", "ckb", "de", "es", "fa", "fr", "he", "it", "kmr", "nl", "ps", "pt",
                     "ru", "so", "sw", "tr", "uk", "ur")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def name_key(text: str) -> str:
    """A spelling-tolerant key: case, accents of form (NFKC), punctuation and a
    leading "the" do not matter, so "Al-Nusra Front", "al nusra front" and
    "the al-Nusra Front" share one key."""
    folded = unicodedata.normalize("NFKC", text).replace("’", "'").casefold()
    words = _WORD.findall(folded)
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _closeness(a: str, b: str, **_: object) -> float:
    """Whole-string similarity, or word-set similarity a little discounted ("Nusra" ->
    "Nusra Front"); rapidfuzz's WRatio favours substrings of long names too much."""
    from rapidfuzz import fuzz

    return max(fuzz.ratio(a, b), 0.9 * fuzz.token_set_ratio(a, b))


def suggest(value: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The closest few of `choices` to `value`, best first; none when nothing is close."""
    from rapidfuzz import process, utils

    unique = sorted(set(choices))
    found = process.extract(value, unique, scorer=_closeness, processor=utils.default_process,
                            limit=limit, score_cutoff=60)
    best = found[0][1] if found else 0
    return [choice for choice, score, _index in found if score >= best - 10]


# -- event types -----------------------------------------------------------------------

@lru_cache(maxsize=1)
def taxonomy() -> tuple[tuple[str, str], ...]:
    """(event_type, sub_event_type) pairs of the 25 ACLED sub-event types, from data/event_taxonomy.tsv."""
    rows = []
    text = resources.files("tocsin.data").joinpath("event_taxonomy.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        _code, event_type, sub_event_type, *_ = line.split("\t")
        if event_type != "None":
            rows.append((event_type, sub_event_type))
    return tuple(rows)


@lru_cache(maxsize=1)
def _default_plover() -> dict[str, str | None]:
    text = resources.files("tocsin.data").joinpath("event_taxonomy.tsv").read_text(encoding="utf-8")
    out: dict[str, str | None] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 4:
            continue
        out[parts[2]] = None if parts[3].strip() in ("", "-") else parts[3].strip()
    return out


def default_plover(sub_event_type: str) -> str | None:
    """The PLOVER category an ACLED sub-event type maps to by default (data/event_taxonomy.tsv)."""
    return _default_plover().get(sub_event_type)


def event_types() -> list[str]:
    return sorted({t for t, _ in taxonomy()})


def sub_event_types() -> list[str]:
    return sorted({s for _, s in taxonomy()})


# -- countries ---------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _country_table() -> tuple[dict[str, str], dict[str, str]]:
    """(name key -> ISO alpha-2, alpha-2 -> display name).  English names and codes
    come first, so a foreign spelling never takes over an English one."""
    import gettext

    import pycountry

    keys: dict[str, str] = {}
    display: dict[str, str] = {}
    english: list[tuple[str, list[str]]] = []
    for country in pycountry.countries:
        spellings = [country.name, getattr(country, "common_name", None),
                     getattr(country, "official_name", None)]
        english.append((country.alpha_2, [str(n) for n in spellings if n]))
        display[country.alpha_2] = getattr(country, "common_name", None) or country.name
    for code, short in _tsv_rows("geo_countries.tsv", name_column=3, alternatives_column=5):
        display[code] = short[0]                 # the short name news and the gazetteer use
        english.append((code, short))
    english += _tsv_rows("country_aliases.tsv", name_column=1, alternatives_column=None)
    for code, names in english:
        for name in names:
            keys.setdefault(name_key(name), code)
    for country in pycountry.countries:
        keys.setdefault(country.alpha_2.casefold(), country.alpha_2)
        keys.setdefault(country.alpha_3.casefold(), country.alpha_2)
    for language in COUNTRY_LANGUAGES:
        try:
            translate = gettext.translation("iso3166-1", pycountry.LOCALES_DIR,
                                            languages=[language]).gettext
        except OSError:
            continue
        for code, names in english:
            for name in names:
                keys.setdefault(name_key(translate(name)), code)
    keys.pop("", None)
    return keys, display


def _tsv_rows(name: str, name_column: int,
              alternatives_column: int | None) -> list[tuple[str, list[str]]]:
    """(alpha-2, [name, alternative names...]) from a data file keyed by alpha-2;
    names are separated by "|"."""
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    rows = []
    lines = (line for line in text.splitlines() if line and not line.startswith("#"))
    for row in csv.reader(lines, delimiter="\t"):
        if len(row) <= name_column or len(row[0]) != 2:
            continue
        names = row[name_column].split("|")
        if alternatives_column is not None and len(row) > alternatives_column and row[alternatives_column]:
            names += row[alternatives_column].split("|")
        rows.append((row[0], [n for n in names if n.strip()]))
    return rows


def country_code(text: str) -> str | None:
    """ISO 3166-1 alpha-2 of a country named in any common spelling or code, else None."""
    keys, _ = _country_table()
    return keys.get(name_key(text))


def country_name(code: str) -> str:
    """The short English name of an alpha-2 code ("SY" -> "Syria")."""
    return _country_table()[1].get(code.upper(), code)


def country_names() -> list[str]:
    return sorted(set(_country_table()[1].values()))


def suggest_country(value: str, limit: int = 3) -> list[str]:
    """Country names close to `value` in any spelling the filter accepts ("Irakk" -> Iraq)."""
    keys, _ = _country_table()
    spellings = [k for k in keys if len(k) > 3]            # codes are matched exactly, not fuzzily
    out: list[str] = []
    for key in suggest(value, spellings, limit=limit * 4):
        name = country_name(keys[key])
        if name not in out:
            out.append(name)
    return out[:limit]


@lru_cache(maxsize=1)
def _region_pairs() -> dict[str, frozenset[str]]:
    """name key -> keys of the same first-level region in GeoNames' and ACLED's
    spellings ("idlib" <-> "idleb"), from data/geo_admin1_acled.tsv."""
    text = resources.files("tocsin.data").joinpath("geo_admin1_acled.tsv").read_text(encoding="utf-8")
    same: dict[str, set[str]] = {}
    for line in text.splitlines():
        parts = line.split("\t")
        if line.startswith("#") or len(parts) < 3:
            continue
        keys = {name_key(parts[1]), name_key(parts[2])}
        for key in keys:
            same.setdefault(key, set()).update(keys)
    return {key: frozenset(keys) for key, keys in same.items()}


def region_keys(text: str) -> frozenset[str]:
    """The name keys a region may be stored under: its own and its other spelling."""
    key = name_key(text)
    return _region_pairs().get(key, frozenset()) | {key}
