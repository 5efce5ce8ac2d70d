"""Town names that spaCy's small model reads as people, titles or one long name.

en_core_web_sm learned its entities from American news.  On war reporting from
Syria, Iraq or the Sahel it tags most town names PERSON ("Tal Abyad", "Khan
Sheikhoun", "Douentza"), glues a list into one ORG or WORK_OF_ART ("Hit and
Rutba", "Manbij for Jarablus"), or stops a name at its article ("Deir" of
"Deir ez-Zor").  Those are the places alerts are about, so the sentence's
syntax takes them back:

- *a place slot*: the names of a list that follows a settlement noun and "of"
  ("the towns of Douentza, Konna and Gao", "the outskirts of Manbij"), a
  locative preposition ("near Ras al-Ain and Tal Abyad"), or a verb whose
  object is a place ("took Tal Abyad", "left Manbij for Jarablus");
- *a gazetteer name*: each name must be a populated place or region of the
  gazetteer, written as one of its names, and not someone's name here (a title
  before it, "said" after it, a person of that name elsewhere in the text).

The town must lie in a country the document names, when it names any
(reporting on a war names its country); where a person is as likely as a town
("captured Abu Omar", "to Hassan"), a named country is required.
"""
from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from tocsin import vocabulary
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import name_key
from tocsin.geo.recognize_context import (LOCATIVE_WORDS, SETTLEMENT_WORDS, STATIC_LOCATIVE_WORDS,
                                          DocClues, common_words, person_context)
from tocsin.models import Mention

#: Nouns whose "of" phrase is a place: "the outskirts of Manbij", "the fall of Ramadi".
_OF_PLACE_NOUNS = SETTLEMENT_WORDS | frozenset({
    "outskirts", "suburb", "edge", "entrance", "centre", "center", "countryside", "environs",
    "north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
    "fall", "siege", "capture", "recapture", "control", "outskirt", "gates", "area", "areas",
    "heart", "neighbourhood", "neighborhood", "governorate", "municipality", "locality"})
#: Lower-case words that stand inside Arabic, Kurdish, French and Spanish place names.
_NAME_PARTICLES = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ez", "es",
                             "ed", "adh", "al-", "bin", "ibn", "de", "du", "des", "la", "le",
                             "les", "del", "di", "da", "dos", "-"})
_LIST_JOINERS = frozenset({",", "and", "&"})
#: Inside one mislabelled entity, these separate two names ("Manbij for Jarablus").
_ENTITY_JOINERS = _LIST_JOINERS | {"for", "to", "or"}
#: Place slots where a person is rarely named: no country check needed.
_STRONG_PREPOSITIONS = STATIC_LOCATIVE_WORDS | frozenset({"toward", "towards", "into", "across",
                                                          "through", "via", "between"})
_PLACE_FEATURES = ("PPL", "ADM", "PCL")
_PERSON_FOLLOWERS = frozenset({"said", "says", "told", "added", "wrote", "who", "whose"})
_MAX_NAME_TOKENS = 5


def place_object_lemmas() -> frozenset[str]:
    """Verbs whose object is a place: takeovers, attacks on towns, moves away from them."""
    return vocabulary.lemmas("place_object", "withdrawal")


def _list_start(doc: Doc, start: int) -> int:
    """First token of the run of names, joiners and particles that ends at `start`."""
    i = start
    while i > 0 and (doc[i - 1].text in _LIST_JOINERS or _in_name(doc[i - 1])):
        i -= 1
    while i < start and (doc[i].text in _LIST_JOINERS or doc[i].lower_ in _NAME_PARTICLES):
        i += 1
    return i


def place_slot(doc: Doc, start: int) -> str | None:
    """What makes the name list holding token `start` a list of places.

    "strong" (a settlement noun and "of", or a static preposition) or "weak"
    (a verb that can also take a person, or "to"/"from"); None when neither.
    """
    first = _list_start(doc, start)
    if first == 0:
        return None
    cue = doc[first - 1]
    if cue.lower_ == "of":
        if first >= 2 and (doc[first - 2].lemma_.lower() in _OF_PLACE_NOUNS
                           or doc[first - 2].lower_ in _OF_PLACE_NOUNS):
            return "strong"
        return None
    if cue.lower_ in _STRONG_PREPOSITIONS:
        return "strong"
    if cue.lower_ in LOCATIVE_WORDS or cue.lower_ == "on" and _moving_verb(cue):
        return "weak"
    if cue.pos_ in ("VERB", "AUX") and cue.lemma_.lower() in place_object_lemmas():
        return "weak"
    return None


def _moving_verb(preposition: Token) -> bool:
    """'advanced on Khan Sheikhoun', 'marched on Mosul': 'on' after a verb of advance."""
    return preposition.head.lemma_.lower() in vocabulary.lemmas("advance")


def name_parts(span: Span) -> Iterator[Span]:
    """The names inside one entity, split at list words ("Hit and Rutba")."""
    start = span.start
    for i in range(span.start, span.end + 1):
        if i == span.end or span.doc[i].lower_ in _ENTITY_JOINERS:
            if i > start:
                part = span.doc[start:i]
                if part[0].lower_ == "the":
                    part = span.doc[start + 1:i]
                if len(part):
                    yield part
            start = i + 1


def _gazetteer_places(gaz: Gazetteer, text: str) -> list[int]:
    return [i for i in gaz.candidates(text) if gaz.record(i).feature_code.startswith(_PLACE_FEATURES)]


def _someones_name(doc: Doc, part: Span, clues: DocClues) -> bool:
    if part.start > 0 and doc[part.start - 1].text.rstrip(".") in _PERSON_TITLES:
        return True
    after = doc[part.end] if part.end < len(doc) else None
    if after is not None and (after.lower_ in _PERSON_FOLLOWERS or after.text in ("'s", "’s")):
        return True
    # Not clues.surnames: a mislabelled "Tal Abyad" would count as its own surname.
    if len(part) == 1 and part[0].lower_ in clues.person_names:
        return True
    return person_context(doc, part)


_PERSON_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sheikh", "Imam", "President", "General",
                            "Gen", "Colonel", "Col", "Commander", "Minister", "King", "Prince",
                            "Emir", "Abu-", "Judge", "Sen", "Gov", "Rep", "Mayor"})


def _place_name(doc: Doc, gaz: Gazetteer, part: Span, slot: str, clues: DocClues,
                countries: frozenset[str]) -> Mention | None:
    text = part.text
    # 'al-Qaim', 'al-Bukamal': a lower-case article before a capitalised name
    capitalised = text[:1].isupper() or len(part) > 1 and part[0].lower_ in _NAME_PARTICLES \
        and any(t.text[:1].isupper() for t in part[1:])
    if not capitalised or len(part) > _MAX_NAME_TOKENS or text.lower() in common_words() \
            and slot != "strong":
        return None
    if any(t.like_num or t.is_currency for t in part) or _someones_name(doc, part, clues):
        return None
    found = _gazetteer_places(gaz, text)
    if not found:
        return None
    # A list town lies in a country the text names, when it names any: "the village of
    # al-Tiba" in a Syrian report is neither Chiba (whose old spelling is Tiba) nor a
    # Tayyibah in Jordan.  A neighbour's town must wait for its country to be named, and
    # a weak slot needs a named country even when the text names none.
    in_named_country = any(gaz.record(i).country_code in countries for i in found)
    if not in_named_country and (countries or slot == "weak"):
        return None
    # "GPE", not the scan label: the syntax, not the gazetteer alone, says it is a place.
    return Mention(text, part.start_char, part.end_char, "GPE")


def document_countries(doc: Doc, gaz: Gazetteer) -> frozenset[str]:
    """ISO codes of the countries the text names outright or by a demonym."""
    codes: set[str] = set()
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "NORP", "LOC"):
            continue
        text = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        demonym = gaz.demonym_country(text)
        if demonym is not None:
            codes.add(gaz.record(demonym).country_code)
        for index in gaz.candidates(text):
            rec = gaz.record(index)
            if rec.feature_code.startswith("PCL") or rec.feature_code == "ADM1":
                codes.add(rec.country_code)
    return frozenset(codes)


def _in_name(token: Token) -> bool:
    """A word that continues a name across entity borders ('Dayr' | 'az' | 'Zawr')."""
    return token.text not in _LIST_JOINERS and (
        token.lower_ in _NAME_PARTICLES or token.text[:1].isupper() and not token.is_sent_start)


def _name_start(doc: Doc, start: int) -> int:
    while start > 0 and _in_name(doc[start - 1]):
        start -= 1
    return start


def listed_places(doc: Doc, gaz: Gazetteer, ent: Span, clues: DocClues,
                  countries: frozenset[str]) -> list[Mention]:
    """Gazetteer towns inside a PERSON/ORG/WORK_OF_ART entity that stands in a place slot.

    spaCy may cut one name into two entities ('Dayr' ORG, 'Zawr' PERSON): the
    last piece answers for the whole name, the others for nothing."""
    slot = place_slot(doc, ent.start)
    if slot is None:
        return []
    parts = list(name_parts(ent))
    found = []
    for k, part in enumerate(parts):
        if k == len(parts) - 1 and part.end < len(doc) and _in_name(doc[part.end]):
            continue                  # the name goes on past this entity
        start = _name_start(doc, part.start) if k == 0 else part.start
        mention = _place_name(doc, gaz, doc[start:part.end], slot, clues, countries)
        if mention is not None:
            found.append(mention)
    return found


def listed_tokens(doc: Doc, gaz: Gazetteer, taken: list[bool], clues: DocClues,
                  countries: frozenset[str]) -> list[Mention]:
    """Capitalised words outside every entity in a strong place slot: "the towns of Hit and ..."."""
    found: list[Mention] = []
    i = 1
    while i < len(doc):
        token = doc[i]
        if taken[i] or token.ent_type_ or not token.is_title or token.is_sent_start \
                or _name_start(doc, i) != i or place_slot(doc, i) != "strong":
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < _MAX_NAME_TOKENS and not taken[end] \
                and not doc[end].ent_type_ and (doc[end].is_title or doc[end].lower_ in _NAME_PARTICLES):
            end += 1
        for stop in range(end, i, -1):
            mention = _place_name(doc, gaz, doc[i:stop], "strong", clues, countries)
            if mention is not None:
                found.append(mention)
                i = stop
                break
        else:
            i += 1
    return found


def extended_entity(doc: Doc, gaz: Gazetteer, ent: Span) -> Span:
    """A place entity stretched to the gazetteer name it is the start of ("Deir" -> "Deir ez-Zor")."""
    best = ent
    end = ent.end
    while end < len(doc) and end - ent.end < 4:
        token = doc[end]
        if not (token.lower_ in _NAME_PARTICLES or token.text[:1].isupper()
                or doc[end - 1].text == "-"):
            break
        end += 1
        longer = doc[ent.start:end]
        if longer.text[-1:] != "-" and _gazetteer_places(gaz, longer.text) \
                and name_key(longer.text) != name_key(ent.text):
            best = Span(doc, ent.start, end, label=ent.label_)
    return best


#: Entities that may hide a town joined to a place by 'and' ('Bicester and Kidlington').
_COORDINATED_LABELS = frozenset({"PERSON", "ORG", "PRODUCT", "WORK_OF_ART"})
_COORDINATORS = frozenset({"and", "or", ","})


def coordinated_places(doc: Doc, gaz: Gazetteer, mentions: list[Mention],
                       clues: DocClues) -> list[Mention]:
    """A PERSON/ORG entity joined by 'and', 'or' or a comma to a place already found,
    when a populated place (or county) of that name lies in the same country and
    admin1 region as a reading of its neighbour: spaCy tags many small towns PERSON
    ("Decatur and Avondale Estates"), but lists of places are lists of neighbours."""
    places = [m for m in mentions if m.label in ("GPE", "LOC", "GAZ")]
    by_end = {m.end: m for m in places}
    by_start = {m.start: m for m in places}
    taken = {(m.start, m.end) for m in mentions}
    found: list[Mention] = []
    for ent in [*doc.ents, *_untagged_names(doc)]:
        if ent.label_ not in _COORDINATED_LABELS or len(ent) > 3 or (ent.start_char, ent.end_char) in taken:
            continue
        part = ent[1:] if ent[0].lower_ == "the" else ent
        if not len(part) or not all(t.text[:1].isupper() for t in part if t.is_alpha) \
                or not part.text[:1].isupper() or _someones_name(doc, part, clues):
            continue
        neighbours = []
        if ent.start >= 2 and doc[ent.start - 1].lower_ in _COORDINATORS:
            neighbours.append(by_end.get(doc[ent.start - 2].idx + len(doc[ent.start - 2].text)))
        if ent.end + 1 < len(doc) and doc[ent.end].lower_ in _COORDINATORS:
            neighbours.append(by_start.get(doc[ent.end + 1].idx))
        regions = {(gaz.record(i).country_code, gaz.record(i).admin1)
                   for n in neighbours if n is not None for i in gaz.candidates(n.text)}
        if not regions:
            continue
        if any((gaz.record(i).country_code, gaz.record(i).admin1) in regions and gaz.is_primary_name(i, part.text)
               for i in _gazetteer_places(gaz, part.text)):
            found.append(Mention(part.text, part.start_char, part.end_char, "GPE"))
    return found


def _untagged_names(doc: Doc) -> list[Span]:
    """Runs of 1-3 capitalised words outside every entity, not opening a sentence
    ('Litchfield, Winsted and ...'), labelled as a PERSON would be."""
    runs = []
    i = 1
    while i < len(doc):
        token = doc[i]
        if token.ent_type_ or not token.is_title or token.is_sent_start or token.is_stop:
            i += 1
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and doc[end].is_title and not doc[end].ent_type_:
            end += 1
        runs.append(Span(doc, i, end, label="PERSON"))
        i = end
    return runs
