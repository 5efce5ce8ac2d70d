"""Rivers and other water bodies that share a city's name.

'the west bank of the Dnipro', 'the Dnipro river', 'across the Dnipro': the
river, not the city of Dnipro hundreds of kilometres away.  The gazetteer holds
settlements and areas, no rivers, so such a mention is dropped rather than
placed at the wrong town.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

from tocsin.geo.gazetteer import Gazetteer
from tocsin.models import Mention

#: Nouns whose 'of the X' is a water body ('the west bank of the Dnipro').
SHORE_NOUNS = frozenset({"bank", "banks", "shore", "shores", "mouth", "riverbank", "riverbanks"})
#: Lower-case words right after a name that make it a water body ('the Dnipro river').
WATER_NOUNS = frozenset({"river", "riverbank", "riverbanks", "estuary"})


def without_water_bodies(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """`mentions` less those that name a river (see the module's docstring)."""
    out = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or mention.label == "NORP" or not water_body(gaz, span):
            out.append(mention)
    return out


def water_body(gaz: Gazetteer, span: Span) -> bool:
    """The span names a water body: 'the X river', '(the) bank of the X', 'across the X',
    where X is only a settlement's name.  A country, region or district by that name keeps
    its reading ('the Mississippi river', 'across the United States'), and so does a name
    the gazetteer does not hold as it stands ('across the Chesapeake Bay', 'the Flint
    Hills'): such names are the water body or area itself, which the gold corpora count."""
    doc = span.doc
    found = [gaz.record(i).feature_code for i in gaz.candidates(span.text)]
    if not found or not all(code.startswith("PPL") for code in found):
        return False
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_lower and after.lower_ in WATER_NOUNS:
        return True
    if span.start < 2 or doc[span.start - 1].lower_ != "the":
        return False
    cue = doc[span.start - 2].lower_
    if cue == "of" and span.start >= 3 and doc[span.start - 3].lower_ in SHORE_NOUNS:
        return True
    return cue == "across"
