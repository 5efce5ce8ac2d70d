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
WATER_NOUNS = frozenset({"river", "riverbank", "riverbanks", "estuary", "reservoir"})
#: Areas by which 'across the X' is a region's extent ('across the United States').
_AREA_FEATURES = frozenset({"PCLI", "ADM1", "ADM2", "CONT", "RGN"})


def without_water_bodies(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """`mentions` less those that name a river (see the module's docstring)."""
    out = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None or mention.label == "NORP" or not water_body(gaz, span):
            out.append(mention)
    return out


def water_body(gaz: Gazetteer, span: Span) -> bool:
    """The span names a water body: 'the X river', '(the) bank of the X', 'across the X'
    (the last only where X is no country or region: 'across the United States')."""
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    if after is not None and after.is_lower and after.lower_ in WATER_NOUNS:
        return True
    if span.start < 2 or doc[span.start - 1].lower_ != "the":
        return False
    cue = doc[span.start - 2].lower_
    if cue == "of" and span.start >= 3 and doc[span.start - 3].lower_ in SHORE_NOUNS:
        return True
    return cue == "across" and not any(gaz.record(i).feature_code in _AREA_FEATURES
                                       for i in gaz.candidates(span.text))
