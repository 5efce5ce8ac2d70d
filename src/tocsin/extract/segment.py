"""Sentence boundaries the parser must respect: a paragraph break always ends
a sentence.

spaCy's parser sometimes runs a sentence across a blank line ("The article
stated that:\\n\\n"On Friday, ISIS withdrew ..."), which glues a back-reference
to the quotation it introduces and a headline or furniture line to the lead.
This component, placed before the parser, marks the first word after a blank
line as a sentence start; the parser keeps such marks.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "tocsin_paragraphs"


@Language.component(NAME)
def paragraph_boundaries(doc: Doc) -> Doc:
    for token in doc[:-1]:
        if token.is_space and token.text.count("\n") >= 2:
            doc[token.i + 1].is_sent_start = True
    return doc


def add_to(nlp: Language) -> Language:
    """Insert the component before the parser (idempotent)."""
    if NAME not in nlp.pipe_names:
        nlp.add_pipe(NAME, before="parser" if "parser" in nlp.pipe_names else None)
    return nlp
