"""The text of a spaCy Doc, computed once per document.

spaCy's `Doc.text` joins every token's text again on each call, so reading it
once per sentence (or per trigger, per speaker) costs the whole document each
time: a third of extraction time on FA-KES.  `doc_text(doc)` keeps the string
in `doc.user_data`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_KEY = "tocsin.text"


def doc_text(doc: "Doc") -> str:
    """`doc.text` (a Doc's text never changes; retokenizing keeps it)."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.user_data[_KEY] = doc.text
    return str(text)
