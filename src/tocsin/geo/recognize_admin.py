"""Names followed by a word for an administrative area: 'in the Mopti region',
'Kyunhla township, Sagaing region', 'Zamfara state', 'the Hasakah countryside'.

The word says what kind of place the name is, so it joins the mention ('Mopti'
becomes 'Mopti region', which the resolver reads as the region rather than its
capital), and a name spaCy missed before such a word is a place when the
gazetteer has an area of that kind by that name.  A small place the gazetteer
lacks ('a village in Kyunhla township') then leaves the region the sentence
names as the event's place, rather than the dateline.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.recognize_context import _generic
from tocsin.models import Mention

#: Words after a name that make it a first-level region.
ADMIN1_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "prefecture",
                          "countryside"})
#: Words after a name that make it a district (or smaller area).
ADMIN2_WORDS = frozenset({"district", "county", "township", "parish", "borough"})
_ADMIN1_CODES = frozenset({"ADM1"})
_ADMIN2_CODES = frozenset({"ADM2", "ADM3", "ADM4"})
_EXTENDED_LABELS = frozenset({"GPE", "LOC", "GAZ"})
#: Entity labels spaCy's small model gives place names it does not know.
_MISTAKEN_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART"})


def admin_word(doc: Doc, i: int) -> str | None:
    """'ADM1' or 'ADM2' when token i is an administrative word used as one:
    'the Mopti region', 'Idlib Province said' but not 'Texas State University'."""
    if i >= len(doc):
        return None
    token = doc[i]
    word = token.lower_
    kind = "ADM1" if word in ADMIN1_WORDS else "ADM2" if word in ADMIN2_WORDS else None
    if kind is None or not (token.is_lower or token.is_title):
        return None
    if token.is_title and i + 1 < len(doc) and doc[i + 1].text[:1].isupper():
        return None             # 'Ohio State University', 'Orange County Register'
    return kind


def has_area(gaz: Gazetteer, name: str, kind: str, placeish: bool = False) -> bool:
    """The gazetteer has an area of this kind by this name (any of its names).
    `placeish`: for a district word, a settlement of that name will do too
    (districts are often named after their main town)."""
    codes = _ADMIN1_CODES if kind == "ADM1" else _ADMIN2_CODES
    for index in gaz.candidates(name):
        rec = gaz.record(index)
        if rec.feature_code in codes:
            return True
        if placeish and kind == "ADM2" and rec.feature_code.startswith("PPL") and rec.population >= 1000:
            return True
    return False


def with_admin_words(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Mentions followed by an administrative word that fits them take the word in."""
    text = doc.text
    out = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        kind = admin_word(doc, span.end) if span is not None and mention.label in _EXTENDED_LABELS \
            else None
        if span is not None and kind is not None and has_area(gaz, mention.text, kind):
            end = doc[span.end].idx + len(doc[span.end])
            mention = Mention(text[mention.start:end], mention.start, end, mention.label)
        out.append(mention)
    return out


def covered_tokens(doc: Doc, mentions: list[Mention]) -> list[bool]:
    """Per token: inside one of `mentions`."""
    taken = [False] * len(doc)
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None:
            taken[span.start:span.end] = [True] * len(span)
    return taken


def admin_named(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Capitalised names right before an administrative word that no mention
    covers, when the gazetteer has an area of that kind by that name."""
    taken = covered_tokens(doc, mentions)
    found = []
    for token in doc[1:]:
        kind = admin_word(doc, token.i)
        if kind is None or taken[token.i - 1]:
            continue
        for length in (3, 2, 1):
            start = token.i - length
            if start < 0 or any(taken[start:token.i]):
                continue
            name = doc[start:token.i]
            if _name_like(name) and has_area(gaz, name.text, kind, placeish=True):
                found.append(Mention(doc.text[name.start_char:token.idx + len(token)],
                                     name.start_char, token.idx + len(token), "GAZ"))
                break
    return found


def _name_like(span: Span) -> bool:
    """Capitalised words, outside entities or exactly one entity spaCy mislabelled."""
    if not all(_capital_word(t) for t in span) or _generic(span):
        return False
    labels = {t.ent_type_ for t in span}
    if labels == {""}:
        return True
    ent = span[0].ent_type_
    whole = span[0].ent_iob_ == "B" and (span.end == len(span.doc) or span.doc[span.end].ent_iob_ != "I")
    return len(labels) == 1 and ent in _MISTAKEN_LABELS and whole


def _capital_word(token: Token) -> bool:
    return token.is_alpha and token.text[:1].isupper() and not token.is_stop and len(token) > 1


#: Plural administrative words that close a list of names ('Cooke, Grayson and Love counties').
PLURAL_ADMIN_WORDS = {"counties": "ADM2", "parishes": "ADM2", "districts": "ADM2",
                      "provinces": "ADM1", "governorates": "ADM1"}
_LIST_JOINS = frozenset({",", "and", "or", "&"})
_COUNTY_WORDS = ("County", "Parish", "District")


def listed_admin_named(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Each name of a list closed by a plural administrative word ('Harvey, Harper
    and Kingman counties') that no mention covers, when the gazetteer has that
    area ('Harper County').  The resolver reads the same list (resolver.listed_admin_kind)."""
    taken = covered_tokens(doc, mentions)
    found = []
    for token in doc:
        kind = PLURAL_ADMIN_WORDS.get(token.lower_) if token.is_lower else None
        if kind is None:
            continue
        end = token.i
        while end > 0:
            start = end
            while start > 0 and end - start < 3 and _capital_word(doc[start - 1]):
                start -= 1
            if start == end:
                break
            name = doc[start:end]
            if not any(taken[start:end]) and _listed_area(gaz, name.text, kind):
                found.append(Mention(name.text, name.start_char, name.end_char, "GAZ"))
            end = start
            while end > 0 and doc[end - 1].lower_ in _LIST_JOINS:
                end -= 1
            if end == start:
                break
    return found


def _listed_area(gaz: Gazetteer, name: str, kind: str) -> bool:
    if kind == "ADM1":
        return has_area(gaz, name, "ADM1")
    return has_area(gaz, name, "ADM2") or any(has_area(gaz, f"{name} {word}", "ADM2") for word in _COUNTY_WORDS)
