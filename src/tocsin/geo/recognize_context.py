"""Toponyms that spaCy's small model hides inside other entities or misses.

Two kinds of evidence, both read from the words around a name:

- *Inside an organisation*: "the Kentucky Department of Education", "Madison
  County Health Department", "University of Georgia", "the Athens Police
  Department".  A gazetteer name at the head of an institution word, or after
  "of", names where the organisation is.  These come back labelled ORG so that
  event_place knows they are not where anything happened.
- *A place-like context*: "in Pewaukee", "Theresa Pilkington of Jeannette",
  "Sioux Falls, S.D.", "the town of Akuressa".  A gazetteer name that spaCy
  tagged PERSON, NORP or PRODUCT, or did not tag at all, is taken back when
  such a cue stands next to it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Doc, Span

from tocsin import vocabulary
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import name_key
from tocsin.models import Mention

#: Words that, following a place name inside an organisation's name, show the
#: name is the organisation's seat ("Athens Police Department").
INSTITUTION_WORDS = frozenset("""
police sheriff department dept fire rescue county city town township village borough parish
council commission commissioners board court school schools high elementary middle academy
university college library hospital medical health public regional area community chamber
district museum arts park parks zoo airport port housing water transit transportation
times herald post tribune gazette journal news daily courier star press observer
state national international mall center centre club church cathedral cemetery
circuit superior municipal probate volunteer lodge elks rotary kiwanis highway patrol
""".split())
#: Titles after a place's name that make the words before them an office's seat
#: ('Anderson County Sheriff Greg Taylor', 'Litchfield Fire Chief Jim Koser').
OFFICE_TITLES = frozenset({"sheriff", "mayor", "chief", "judge", "commissioner", "commissioners",
                           "coroner", "superintendent", "prosecutor", "councilman", "councilwoman",
                           "alderman", "police", "fire", "deputy", "deputies", "officials"})
#: Words right before a name that make it a place ("in Pewaukee", "town of Flumeri").
LOCATIVE_WORDS = frozenset({"in", "at", "near", "outside", "from", "to", "toward", "towards",
                            "into", "across", "around", "through", "via", "between"})
#: People are talked *to* and letters come *from* them: only these cue a PERSON-tagged name.
STATIC_LOCATIVE_WORDS = frozenset({"in", "at", "near", "outside", "around"})
SETTLEMENT_WORDS = frozenset({"town", "city", "village", "suburb", "hamlet", "township",
                              "community", "county", "province", "region", "district",
                              "neighborhood", "neighbourhood", "capital", "port"})
#: Compass adjectives between a cue and its name ('in northern Shan State'): the cue still holds.
COMPASS_ADJECTIVES = frozenset({"northern", "southern", "eastern", "western", "central",
                                "northeastern", "northwestern", "southeastern", "southwestern",
                                "north", "south", "east", "west"})
#: Admin words that, closing a mislabelled entity, name the admin1 before them ('Shan State').
_ADMIN1_TAILS = frozenset({"state", "province", "region", "governorate", "oblast"})
#: Lower-case particles inside many non-English place names ('Mocimboa da Praia',
#: 'Deir ez-Zor', 'Ras al-Ain'): a capitalised scan would stop at them.
NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "del", "di", "du", "la", "le", "el",
                            "al", "ez", "es", "ed", "ad", "ar", "as", "ash", "az", "an", "ul", "e"})
_ADMIN_TAILS = frozenset({"county", "parish", "township", "borough", "co."})
#: Capitalised words that follow locative prepositions but are not places.
_NOT_PLACES = frozenset({"january", "february", "march", "april", "may", "june", "july", "august",
                         "september", "october", "november", "december", "monday", "tuesday",
                         "wednesday", "thursday", "friday", "saturday", "sunday", "congress",
                         "god", "christ", "court", "state", "city", "county", "town", "house",
                         "senate", "parliament", "church", "school", "hospital", "university"})
#: A contextual place needs a gazetteer place at least this large (or a county).
CONTEXT_MIN_POPULATION = 1000
_STRONG_FEATURES = frozenset({"PCLI", "ADM1", "CONT", "RGN", "PPLC"})
STRONG_MIN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class DocClues:
    """What the whole document says about its names, computed once per Doc."""

    known: frozenset[str]            # name keys of GPE/LOC entities
    person_words: frozenset[str]     # lower-case words of multi-word PERSON entities
    person_flags: tuple[bool, ...]   # per token: inside a PERSON entity
    #: lower-case last words of multi-word PERSON entities ('ripley' of 'Darren Ripley')
    surnames: frozenset[str] = frozenset()
    #: lower-case one-word PERSON entities that act as people somewhere ('Flores, 26,')
    person_names: frozenset[str] = frozenset()


def doc_clues(doc: Doc, known: set[str]) -> DocClues:
    flags = [False] * len(doc)
    words: set[str] = set()
    surnames: set[str] = set()
    singles: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON":
            flags[ent.start:ent.end] = [True] * len(ent)
            if len(ent) > 1:
                words.update(t.lower_ for t in ent)
                if ent[-1].is_alpha:      # not 'Kristina’s'
                    surnames.add(ent[-1].lower_)
            elif ent[0].is_alpha and person_context(doc, ent):
                singles.add(ent[0].lower_)       # "Flores, 26, said": a person everywhere
    return DocClues(frozenset(known), frozenset(words), tuple(flags), frozenset(surnames), frozenset(singles))


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Lower-case words that name places but usually mean something else."""
    text = resources.files("tocsin").joinpath("data/geo_common_words.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def _generic(span: Span) -> bool:
    """'Police', 'Central', 'Co.': only ordinary words, or a bare 'County'."""
    words = [t.lower_ for t in span]
    if all(w in _ADMIN_TAILS for w in words):
        return True
    return all(w in common_words() for w in words) and not any(w in _ADMIN_TAILS for w in words)


def _capitalised(span: Span) -> bool:
    if not len(span) or any(t.is_punct and t.text != "." or t.is_space for t in span):
        return False
    words = [t for t in span if t.is_alpha or "." in t.text]
    return bool(words) and all(t.text[0].isupper() for t in words) and span.text[0].isupper()


def _place_records(gaz: Gazetteer, text: str) -> list[int]:
    """Candidates whose main name is `text`, plus countries and admin1s by any name."""
    found = []
    for index in gaz.candidates(text):
        rec = gaz.record(index)
        if rec.feature_code in ("PCLI", "ADM1", "CONT", "RGN") or gaz.is_primary_name(index, text):
            found.append(index)
    return found


def _strong(gaz: Gazetteer, text: str) -> bool:
    """A country, region, admin1 or big city, by its main name (or any country name)."""
    if gaz.demonym_country(text) is not None:
        return True
    for index in gaz.candidates(text):
        rec = gaz.record(index)
        if rec.feature_code in ("PCLI", "CONT", "RGN"):
            return True
        primary = gaz.is_primary_name(index, text)
        if primary and (rec.feature_code == "ADM1" or (
                rec.feature_code.startswith("PPL") and rec.population >= STRONG_MIN_POPULATION)):
            return True
    return False


def strong_place(gaz: Gazetteer, text: str) -> bool:
    """A country, region, admin1 or big city by its main name, or a demonym."""
    return _strong(gaz, text)


def _placeish(gaz: Gazetteer, text: str) -> bool:
    """A settlement or county of some size goes by this name."""
    if text.lower() in _NOT_PLACES or len(text) < 3:
        return False
    for index in _place_records(gaz, text):
        rec = gaz.record(index)
        if rec.population >= CONTEXT_MIN_POPULATION or rec.feature_code in _STRONG_FEATURES \
                or rec.feature_code == "ADM2":
            return True
    return False


def organisation_places(doc: Doc, gaz: Gazetteer, ent: Span, clues: DocClues) -> list[Mention]:
    """Places named inside one organisation (or facility) entity."""
    found: list[Mention] = []
    i = ent.start
    opening = _opening_demonym(gaz, ent)
    if opening is not None:
        found.append(opening)
        i += 1
    return found + _hits_along(i, ent.end, lambda j: _org_place_at(doc, gaz, ent, j, clues), "ORG")


def _hits_along(start: int, end: int, hit_at: Callable[[int], Span | None],
                label: str) -> list[Mention]:
    """Walk tokens start..end, keeping each span `hit_at` finds and going on after it."""
    found: list[Mention] = []
    i = start
    while i < end:
        hit = hit_at(i)
        if hit is None:
            i += 1
            continue
        found.append(Mention(hit.text, hit.start_char, hit.end_char, label))
        i = hit.end
    return found


def office_places(doc: Doc, gaz: Gazetteer, ent: Span, clues: DocClues) -> list[Mention]:
    """A PERSON entity that opens with a place and an office: 'Anderson County Sheriff
    (Greg Taylor)', 'Litchfield Fire (Chief ...)', or that is a county ('McMinn County'
    Sheriff ...).  The place names the office's seat: labelled ORG, never a scene."""
    last = ent[-1].lower_
    if len(ent) > 1 and last in _ADMIN_TAILS and ent.end < len(doc) \
            and doc[ent.end].lower_ in OFFICE_TITLES | INSTITUTION_WORDS and _place_records(gaz, ent.text):
        return [Mention(ent.text, ent.start_char, ent.end_char, "ORG")]
    for length in (3, 2, 1):
        end = ent.start + length
        if end >= ent.end + 1 or end > len(doc) - 1:
            continue
        sub = doc[ent.start:end]
        after = doc[end].lower_.rstrip(".")
        if after not in OFFICE_TITLES | INSTITUTION_WORDS or not _capitalised(sub) or _generic(sub) \
                or _someone_elses(sub, ent):
            continue
        if sub[-1].lower_ in _ADMIN_TAILS and _place_records(gaz, sub.text) or _placeish(gaz, sub.text) \
                or county_named(gaz, sub.text):
            return [Mention(sub.text, sub.start_char, sub.end_char, "ORG")]
    return []


#: 'Sen. Ken Cuccinelli, R-Fairfax,': a legislator's party letter before his home or state.
_PARTY_LETTERS = frozenset({"D", "R", "I"})


def party_home_places(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Mention]:
    """'R-Fairfax', 'D-N.D.', '(D-McDowell)': the place after a party letter that
    follows a comma or bracket names a legislator's home (labelled ORG: no scene)."""
    found = []
    for i in range(1, len(doc) - 2):
        if doc[i].text not in _PARTY_LETTERS or doc[i + 1].text != "-" or doc[i - 1].text not in (",", "("):
            continue
        for length in (2, 1):
            end = i + 2 + length
            if end > len(doc) or any(taken[i + 2:end]):
                continue
            name = doc[i + 2:end]
            if _capitalised(name) and (_placeish(gaz, name.text) or _strong(gaz, name.text)
                                       or county_named(gaz, name.text)):
                found.append(Mention(name.text, name.start_char, name.end_char, "ORG"))
                break
    return found


def _someone_elses(span: Span, ent: Span) -> bool:
    """A word of another full person name in the document ('Andrew Jackson')."""
    return any(e.label_ == "PERSON" and len(e) > 1 and e.start != ent.start
               and any(t.lower_ == span[0].lower_ for t in e) for e in span.doc.ents) and len(span) == 1


def county_named(gaz: Gazetteer, text: str) -> bool:
    """'Kanawha' (Circuit Court), 'Bantam': a county or parish goes by this name."""
    return any(gaz.record(i).feature_code in ("ADM2", "ADM3") for word in ("County", "Parish")
               for i in gaz.candidates(f"{text} {word}"))


def _opening_demonym(gaz: Gazetteer, ent: Span) -> Mention | None:
    """'the Russian Foreign Ministry', 'American Electric Power': a country's demonym
    opening an organisation's name says whose it is (labelled ORG: never a scene).
    Only the first word: 'Free Syrian Army' is a name, not Syria's."""
    first = ent[1] if ent[0].lower_ == "the" and len(ent) > 2 else ent[0]
    if first.i + 1 >= ent.end or not first.is_title or gaz.candidates(first.text):
        return None
    if gaz.demonym_country(first.text) is None:
        return None
    return Mention(first.text, first.idx, first.idx + len(first.text), "ORG")


def _org_place_at(doc: Doc, gaz: Gazetteer, ent: Span, i: int, clues: DocClues) -> Span | None:
    for length in (4, 3, 2, 1):
        end = i + length
        if end > ent.end or (i == ent.start and end == ent.end):
            continue
        sub = doc[i:end]
        if not _capitalised(sub) or sub[0].lower_ == "the" or _generic(sub) \
                or _personal(sub, clues) or not (_place_records(gaz, sub.text) or county_named(gaz, sub.text)):
            continue
        after = doc[end].lower_.rstrip(".") if end < ent.end else ""
        before = doc[i - 1].lower_ if i > ent.start else ""
        cue = after in INSTITUTION_WORDS or before in ("of", "in", "at") \
            or sub[-1].lower_ in _ADMIN_TAILS
        if _strong(gaz, sub.text) or name_key(sub.text) in clues.known \
                or (cue and (_placeish(gaz, sub.text) or county_named(gaz, sub.text))):
            return sub
    return None


#: Words right after a name that a person does far more often than a place: the shared
#: vocabulary's speech and cognition verbs, and what people in the news do.
SPEECH_VERBS = vocabulary.forms("speech", "cognition") | frozenset({
    "asked", "recalled", "testified", "admitted", "agreed", "pleaded", "smiled", "laughed", "sighed",
    "beamed", "nodded", "wants", "hopes", "thinks", "believes", "died", "married", "graduated",
    "shrugged", "grinned", "whispered", "shouted", "replied", "answered", "confessed"})
#: "Flores' stepfather", "Bell's lawyer": kin and counsel belong to a person.
PERSONAL_NOUNS = frozenset({"stepfather", "stepmother", "father", "mother", "wife", "husband", "son",
                            "daughter", "brother", "sister", "family", "lawyer", "attorney", "girlfriend",
                            "boyfriend", "parents", "widow", "uncle", "aunt", "grandmother", "grandfather"})


def person_context(doc: Doc, span: Span) -> bool:
    """'Bell said', 'said Bell', 'Flores, 26,', "Flores' stepfather", 'by Hartmann to'."""
    end = span.end
    after = doc[end].lower_ if end < len(doc) else ""
    if after in SPEECH_VERBS:
        return True
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    if before in ("said", "says", "told", "asked") and end < len(doc) and doc[end].is_punct:
        return True
    if after == "," and end + 1 < len(doc) and doc[end + 1].like_num and 0 < _number(doc[end + 1].text) < 110:
        return True                                   # "Moore, 19, told the judge"
    if after in ("'s", "’s", "'", "’") and end + 1 < len(doc) and doc[end + 1].lower_ in PERSONAL_NOUNS:
        return True
    return False


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return -1.0


def person_named_place(doc: Doc, gaz: Gazetteer, span: Span, clues: DocClues) -> bool:
    """A one-word place entity that is someone's name here: 'Mr. Verduin',
    'Ripley said', or the surname of a full person name elsewhere ('Mikheil
    Saakashvili').  Only surnames count: spaCy also tags 'Erie GM' or
    'Litchfield Fire' as people, with the place first.

    Countries, admin1 regions and big cities keep their place reading: 'Russia
    said' is a government speaking, and they are rarely surnames.
    """
    if len(span) != 1 or _strong(gaz, span.text):
        return False
    return span[0].lower_ in clues.surnames or span[0].lower_ in clues.person_names \
        or _titled(doc, span.start) or person_context(doc, span)


def _personal(span: Span, clues: DocClues) -> bool:
    """A word of someone's full name elsewhere in the document ('Obama', 'Turner')."""
    return len(span) == 1 and span[0].lower_ in clues.person_words


def _settlement_cue(doc: Doc, start: int) -> bool:
    """'the village of X', 'the town of X'."""
    return start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].lower_ in SETTLEMENT_WORDS


def _locative_cue(doc: Doc, start: int, end: int, person_flags: tuple[bool, ...],
                  words: frozenset[str] = LOCATIVE_WORDS) -> bool:
    """'in X', 'the town of X', 'Jane Doe of X', 'X, Va.' around tokens [start, end)."""
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.lower_ in COMPASS_ADJECTIVES and start >= 2:
        before = doc[start - 2]                              # 'in northern X'
    if before is not None and before.lower_ in words:
        return True
    if before is not None and before.lower_ == "of" and start >= 2:
        earlier = doc[start - 2]
        return earlier.lower_ in SETTLEMENT_WORDS or person_flags[start - 2]
    after = doc[end] if end < len(doc) else None
    return after is not None and after.text == "," and end + 1 < len(doc) \
        and doc[end + 1].text[:1].isupper() and doc[end + 1].text.endswith(".") \
        and len(doc[end + 1].text) <= 6                     # "Sioux Falls, S.D."


def cued_entity(doc: Doc, gaz: Gazetteer, ent: Span, label: str, clues: DocClues) -> Mention | None:
    """A PERSON/NORP/PRODUCT/ORG entity that is a place name in a place-like context."""
    if not _capitalised(ent) or len(ent) > 3 or _titled(doc, ent.start) or _generic(ent) \
            or _personal(ent, clues):
        return None
    if _settlement_cue(doc, ent.start):
        return Mention(ent.text, ent.start_char, ent.end_char, "GPE")   # a place, known or not
    words = STATIC_LOCATIVE_WORDS if label == "PERSON" else LOCATIVE_WORDS
    if _locative_cue(doc, ent.start, ent.end, clues.person_flags, words) and (
            _placeish(gaz, ent.text) or _admin1_named(gaz, ent)):
        return Mention(ent.text, ent.start_char, ent.end_char, "GPE")
    return None


def _admin1_named(gaz: Gazetteer, ent: Span) -> bool:
    """'Shan State', 'Zamfara State' (often tagged PERSON): an admin1's name and its admin word."""
    return len(ent) > 1 and ent[-1].lower_ in _ADMIN1_TAILS and any(
        gaz.record(i).feature_code == "ADM1" for i in gaz.candidates(ent[:-1].text))


def particle_names(doc: Doc, gaz: Gazetteer, taken: list[bool]) -> list[Mention]:
    """'Mocimboa da Praia', 'Deir ez-Zor': capitalised words joined by a lower-case
    particle (and hyphens), outside every entity, that the gazetteer knows by that
    whole name as a place of some size.  Such a name is rarely anything else, and
    read whole it stops the scan from finding 'Praia' (Cabo Verde's capital) in it."""
    return _hits_along(0, len(doc), lambda i: _particle_name_at(doc, gaz, taken, i), "GAZ")


def _particle_name_at(doc: Doc, gaz: Gazetteer, taken: list[bool], i: int) -> Span | None:
    if not doc[i].is_title or taken[i] or doc[i].ent_type_ not in ("", "GPE", "LOC", "WORK_OF_ART"):
        return None
    for length in (5, 4, 3):
        end = i + length
        if end > len(doc) or any(taken[i:end]):
            continue
        span = doc[i:end]
        if not span[-1].is_title or not any(t.lower_ in NAME_PARTICLES and t.is_lower for t in span[1:-1]):
            continue
        if not all(t.is_title or (t.is_lower and t.lower_ in NAME_PARTICLES) or t.text == "-"
                   for t in span) or any(t.ent_type_ not in ("", "GPE", "LOC", "WORK_OF_ART") for t in span):
            continue
        if _placeish(gaz, span.text):
            return span
    return None


def cued_tokens(doc: Doc, gaz: Gazetteer, taken: list[bool], clues: DocClues) -> list[Mention]:
    """Capitalised names outside every entity, right after a locative cue."""
    found: list[Mention] = []
    for i in range(1, len(doc)):
        if taken[i] or doc[i - 1].lower_ not in LOCATIVE_WORDS | {"of"}:
            continue
        for length in (3, 2, 1):
            span = doc[i:i + length]
            if len(span) < length or any(taken[i:i + length]) or not _capitalised(span):
                continue
            if any(t.is_stop for t in span) or span[0].ent_type_ or _generic(span) \
                    or _personal(span, clues):
                continue
            if _locative_cue(doc, i, i + length, clues.person_flags) and _placeish(gaz, span.text):
                found.append(Mention(span.text, span.start_char, span.end_char, "GAZ"))
                break
    return found


_PERSON_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "gov", "rep", "president", "judge",
                            "officer", "sgt", "capt", "lt", "gen", "col", "coach", "rev", "st"})


def _titled(doc: Doc, start: int) -> bool:
    return start > 0 and doc[start - 1].lower_.rstrip(".") in _PERSON_TITLES

