"""Datelines: the filing place (and date, and agency) that opens a wire story.

    BAGHDAD, June 10 --                        RAQQA, Syria (Reuters) -
    GOMA, Democratic Republic of Congo —       KHARTOUM/CAIRO —
    Beirut (AFP) -                             Goma, Democratic Republic of Congo — Rebels ...

Decision: the dateline is *removed* from the first paragraph and kept in
`Article.dateline_place`.  Left in, it glues the reporter's location onto the
first sentence, where event and place extraction would read the filing city
as the scene of the story.  For a joint dateline ("KHARTOUM/CAIRO") the first
city, the story's main bureau, is the dateline place; the others are kept in
`Dateline.also`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
DAY_MONTH = rf"(?:{MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{MONTH})"
_CAPS_WORD = r"[A-Z][A-Z'’.\-]*[A-Z.]"
_CAPS_PLACE = rf"{_CAPS_WORD}(?:\s+{_CAPS_WORD}){{0,3}}"
_TITLE_WORD = r"[A-Z][a-z'’.\-]+"
_TITLE_PLACE = rf"{_TITLE_WORD}(?:[\s\-]{_TITLE_WORD}){{0,3}}"
_JOINERS = r"(?:of|the|and|de|du|des|al|el|da|la|le|del)"
_REGION_WORD = r"[A-Z][A-Za-z.'’\-]*"
#: "Syria", "N.Y.", "Democratic Republic of the Congo"
_REGION = rf"{_REGION_WORD}(?:(?:\s+{_JOINERS})*\s+{_REGION_WORD}){{0,4}}"
_PLACES = rf"(?:{_CAPS_PLACE}(?:\s*/\s*{_CAPS_PLACE}){{0,3}}|{_TITLE_PLACE}(?:\s*/\s*{_TITLE_PLACE}){{0,3}})"
_DATE = rf"{DAY_MONTH}(?:,?\s*\d{{4}})?"
_DASH = r"(?:--|—|–)"
_DATELINE = re.compile(
    rf"^(?P<place>{_PLACES})"
    rf"(?:,\s*(?!{MONTH}\s)(?P<region>{_REGION}))?"
    rf"(?:,?\s*(?P<date>{_DATE}))?"
    r"\s*(?:\((?P<agency>[^()]{1,40})\))?"
    rf"(?:,?\s*(?P<date2>{_DATE}))?"
    rf"\s*(?P<separator>{_DASH}|-|:)\s+(?=\S)"
)
_NOT_PLACES = frozenset({
    "UPDATE", "UPDATED", "BREAKING", "EXCLUSIVE", "ANALYSIS", "WATCH", "VIDEO", "FACTBOX",
    "REFILE", "CORRECTED", "OPINION", "COMMENT", "EDITORIAL", "NOTE", "WARNING", "URGENT",
    "FLASH", "LIVE", "PHOTOS", "EXPLAINER", "INTERVIEW", "UPDATE 1", "UPDATE 2", "NEWS",
})
_STARTS_SENTENCE = re.compile(r"[A-Z0-9\"“‘']")


@dataclass(frozen=True, slots=True)
class Dateline:
    #: the filing place, with its region when given: "GOMA, Democratic Republic of Congo"
    place: str
    date_text: str | None
    end: int
    #: news agency named in brackets, as in "RAQQA, Syria (Reuters) -"
    agency: str | None = None
    #: the other cities of a joint dateline ("CAIRO" in "KHARTOUM/CAIRO")
    also: tuple[str, ...] = ()


def _lone_dash(unit: str, match: "re.Match[str]") -> bool:
    """A spaced dash after a one- or two-word place, with no other dash in the
    sentence it opens, in a paragraph that ends as prose does (a headline such as
    "Sudan - RSF takes El Fasher" does not)."""
    if match.group("separator") == ":" or len(match.group("place").split()) > 2 \
            or not unit.rstrip().endswith((".", "!", "?", '"', "”", "'", "’")):
        return False
    sentence = re.split(r"(?<=[.!?])\s", unit[match.end():], maxsplit=1)[0]
    return re.search(rf"\s(?:{_DASH}|-)\s", sentence) is None \
        and bool(re.search(r"\s(?:--|—|–|-)\s+$", unit[:match.end()]))


def find_dateline(unit: str) -> Dateline | None:
    """The dateline at the start of a paragraph, e.g. "RAQQA, Syria (Reuters) -"."""
    match = _DATELINE.match(unit)
    if match is None:
        return None
    cities = [city.strip() for city in match.group("place").split("/")]
    if any(city.upper() in _NOT_PLACES for city in cities):
        return None
    date_text = match.group("date") or match.group("date2")
    agency = match.group("agency")
    region = match.group("region")
    if not match.group("place").isupper() and not (agency or date_text):
        # "Rebels - who had held the town - left." is prose.  A title-case place
        # needs a dash and a capital after it, and a region ("Goma, Congo — Rebels
        # ...") or no second dash in its sentence: translated wires file as "Tripoli -
        # Forces ...", while "Hezbollah - Lebanon's Shiite movement - said" is an aside.
        if not (_STARTS_SENTENCE.match(unit, match.end())
                and (region and re.fullmatch(_DASH, match.group("separator"))
                     or _lone_dash(unit, match))):
            return None
    place = f"{cities[0]}, {region}" if region else cities[0]
    return Dateline(place, date_text, match.end(), agency.strip() if agency else None, tuple(cities[1:]))
