"""Syntax features for texts that come without a parse.

At ingest the event extractor hands `classify_many` the syntax features of
each sentence from the article's own parse (`features.syntax_features`), so
typing never parses twice.  Texts typed alone (CASE snippets, ACLED notes,
training rows, `classify("...")`) are parsed here, once, with the pipeline's
own spaCy model (`pipelines.shared_nlp`), so training and run time read the
same parser.
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tocsin.extract.event_type.features import syntax_features

if TYPE_CHECKING:
    from spacy.language import Language

#: texts spaCy parses together
BATCH = 64
#: Pipes of the pipeline's model whose output no syntax feature reads.  The entity
#: recogniser runs last, on a tok2vec of its own, so leaving it out changes no tag,
#: parse or lemma; it was half the cost of a parse here (the 455 conjunct clauses
#: typed alone over the FA-KES dev file: 5.1 s -> 2.8 s, features identical).
UNUSED_PIPES = ("ner",)


def _nlp() -> "Language":
    """The pipeline's own model (`pipelines.shared_nlp`, loaded once per process);
    `UNUSED_PIPES` are skipped on each call."""
    from tocsin.pipelines import shared_nlp

    return shared_nlp()


#: Texts whose features are remembered; past this many the memory starts again.
CACHE_SIZE = 4096
_parsed: dict[str, tuple[str, ...]] = {}


def syntax_of_texts(texts: Sequence[str]) -> list[list[str]]:
    """`features.syntax_features` of each text, parsed here.  A text is parsed once
    however often it comes (a clause typed again, a story two sources carry: 38
    of the 455 clauses typed alone over the FA-KES dev file); a parse depends on
    the text alone, so the features are the same."""
    missing = list(dict.fromkeys(t for t in texts if t not in _parsed))
    if missing:
        if len(_parsed) + len(missing) > CACHE_SIZE:
            _parsed.clear()
        nlp = _nlp()
        # one text, most often (a conjunct clause): a plain call skips pipe()'s batching
        docs = [nlp(missing[0], disable=UNUSED_PIPES)] if len(missing) == 1 \
            else nlp.pipe(missing, batch_size=BATCH, disable=UNUSED_PIPES)
        for text, doc in zip(missing, docs):
            _parsed[text] = tuple(syntax_features(doc))
    return [list(_parsed[t]) for t in texts]
