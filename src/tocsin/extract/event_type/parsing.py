"""Syntax features for texts that come without a parse.

At ingest the event extractor hands `classify_many` the syntax features of
each sentence from the article's own parse (`features.syntax_features`), so
typing never parses twice.  Texts typed alone (CASE snippets, ACLED notes,
training rows, `classify("...")`) are parsed here, once, with the pipeline's
own spaCy model (`pipelines.load_nlp`), so training and run time read the
same parser.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from tocsin.extract.event_type.features import syntax_features

if TYPE_CHECKING:
    from spacy.language import Language

#: texts spaCy parses together
BATCH = 64


@lru_cache(maxsize=1)
def _nlp() -> "Language":
    from tocsin.pipelines import load_nlp

    return load_nlp()


def syntax_of_texts(texts: Sequence[str]) -> list[list[str]]:
    """`features.syntax_features` of each text, parsed here."""
    if not texts:
        return []
    return [syntax_features(doc) for doc in _nlp().pipe(list(texts), batch_size=BATCH)]
