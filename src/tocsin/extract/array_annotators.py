"""spaCy's attribute ruler and English lemmatizer, with the same output, faster.

Both components of en_core_web_sm set a few attributes per token from tables, and
took a fifth of the parse of the FA-KES articles (3.9 of 20 s, against 3.1 s for the
dependency parser).  The time went to two things, not to the tables:
- the attribute ruler runs a Matcher of 179 rules over every token and then builds a
  Span and a Token per match.  Here a one-token rule's answer is looked up by the
  token's attributes (TAG, DEP, IS_SPACE and, for the few words rules name, LOWER),
  only the eight longer rules are matched, and the results are written in rule
  order through one array;
- the rule lemmatizer scans the lemma index, a list of thousands of words, for every
  new word; here the list answers `in` from a set.

`speed_up(nlp)` gives the loaded components these methods.  The Doc they leave is
identical, attribute for attribute: checked on the 1,226 FA-KES, LGL and GeoVirus
texts (their parse took 124.7 s with the stock components, 105.3 s with these) and by
`tests/extract/test_array_annotators.py` on our own text.  What they do not write by
array (extension attributes, dependency labels) goes through spaCy's own
`set_token_attrs`, in rule order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy
from spacy.attrs import IDS, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens._retokenize import set_token_attrs  # type: ignore[import-not-found]

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

#: the columns the attribute ruler writes through an array (later rules win)
_ARRAY_COLUMNS = (POS, TAG, MORPH, LEMMA)


@dataclass(frozen=True)
class _Prepared:
    """The ruler's rules split for speed: one-token rules are looked up by the token's
    attributes (their answer depends on nothing else), the few longer ones matched."""

    #: the token attributes one-token rules test (TAG, LOWER, DEP, IS_SPACE in the model)
    key_attrs: tuple[int, ...]
    single: Matcher
    multi: Matcher
    #: per rule: its (column, value) writes for the array, and any other attributes
    writes: tuple[tuple[tuple[tuple[int, int], ...], dict[Any, Any]], ...]
    #: token attribute values -> the one-token rules that match, in rule order
    rules_by_key: dict[tuple[int, ...], tuple[int, ...]]
    #: where LOWER is in the key, the words rules name and the patterns they test it
    #: with: every other word gets one bucket, since it meets each LOWER test alike
    lower_column: int | None = None
    lower_words: frozenset[str] = frozenset()
    lower_regexes: tuple["re.Pattern[str]", ...] = ()
    lower_bucket: dict[int, int] = field(default_factory=dict)

    def key_of(self, row: list[int], strings: Any) -> tuple[int, ...]:
        if self.lower_column is None:
            return tuple(row)
        lower = row[self.lower_column]
        bucket = self.lower_bucket.get(lower)
        if bucket is None:
            word = strings[lower]
            named = word in self.lower_words or any(r.search(word) for r in self.lower_regexes)
            bucket = self.lower_bucket[lower] = lower if named else 0
        row[self.lower_column] = bucket
        return tuple(row)


def _lower_tests(matcher: Matcher, rules: int,
                 ) -> tuple[set[str] | None, tuple["re.Pattern[str]", ...]]:
    """The words the rules' LOWER tests name (literally, IN or NOT_IN) and their
    regexes; None when a test is of a kind the bucketing does not know."""
    words: set[str] = set()
    regexes = []
    for rule in range(rules):
        for pattern in matcher.get(str(rule))[1]:
            for token in pattern:
                test = {k.upper(): v for k, v in token.items()}.get("LOWER")
                if test is None:
                    continue
                if isinstance(test, str):
                    words.add(test)
                    continue
                if not isinstance(test, dict):
                    return None, ()
                for operator, operand in test.items():
                    if operator == "REGEX":
                        regexes.append(re.compile(operand))
                    elif operator in ("IN", "NOT_IN"):
                        words.update(operand)
                    else:
                        return None, ()
    return words, tuple(regexes)


class ArrayAttributeRuler(AttributeRuler):
    """The attribute ruler, with its rules' results written through an array."""

    _prepared: _Prepared | None = None

    def __call__(self, doc: "Doc") -> "Doc":
        try:
            self._annotate(doc)
            return doc
        except Exception as e:
            return self.get_error_handler()(self.name, self, [doc], e)

    def _prepare(self) -> _Prepared:
        if self._prepared is not None and len(self._prepared.writes) == len(self.attrs):
            return self._prepared
        single, multi = Matcher(self.vocab), Matcher(self.vocab)
        names: set[str] = set()
        for rule in range(len(self.attrs)):
            _, patterns = self.matcher.get(str(rule))
            ones = [p for p in patterns if len(p) == 1 and "OP" not in p[0]]
            longer = [p for p in patterns if p not in ones]
            if ones:
                single.add(str(rule), ones)
                names.update(name.upper() for pattern in ones for name in pattern[0])
            if longer:
                multi.add(str(rule), longer)
        writes = []
        for attrs in self.attrs:
            columns = tuple((_ARRAY_COLUMNS.index(a), v) for a, v in attrs.items()
                            if a in _ARRAY_COLUMNS)
            writes.append((columns, {a: v for a, v in attrs.items() if a not in _ARRAY_COLUMNS}))
        key_attrs = tuple(sorted(IDS[name] for name in names))
        words, regexes = _lower_tests(self.matcher, len(self.attrs))
        lower_column = key_attrs.index(LOWER) if LOWER in key_attrs and words is not None \
            else None
        self._prepared = _Prepared(key_attrs, single, multi, tuple(writes), {}, lower_column,
                                   frozenset(words or ()), regexes)
        return self._prepared

    def _annotate(self, doc: "Doc") -> None:
        if not len(doc):
            return
        prepared = self._prepare()
        # (spaCy's stubs call these arrays floats; they hold uint64 ids)
        keys: Any = doc.to_array(list(prepared.key_attrs))
        rows: list[list[int]] = keys.reshape(len(doc), -1).tolist()
        values: Any = doc.to_array(list(_ARRAY_COLUMNS))
        longer: dict[int, list[int]] = {}
        for match_id, start, end in prepared.multi(doc, allow_missing=True):
            rule = int(self.vocab.strings[match_id])
            index = self.indices[rule]
            position = start + index if index >= 0 else end + index
            if not start <= position < end:   # spaCy's own error for a bad index
                super().set_annotations(doc, [(rule, match_id, start, end)])
            longer.setdefault(position, []).append(rule)
        rules_by_key, writes = prepared.rules_by_key, prepared.writes
        for position, row_values in enumerate(rows):
            key = prepared.key_of(row_values, self.vocab.strings)
            rules = rules_by_key.get(key)
            if rules is None:
                found = prepared.single(doc[position:position + 1], allow_missing=True)
                rules = tuple(sorted(int(self.vocab.strings[m]) for m, _, _ in found))
                rules_by_key[key] = rules
            if position in longer:
                rules = tuple(sorted(rules + tuple(longer[position])))
            row = values[position]
            for rule in rules:
                columns, rest = writes[rule]
                for column, value in columns:
                    row[column] = value
                if rest:
                    set_token_attrs(doc[position], rest)
        doc.from_array(list(_ARRAY_COLUMNS), values)


class _WordList(list):  # type: ignore[type-arg]
    """A lemma-index list that answers `in` from a set: the rule lemmatizer asks
    whether each candidate form is a known word, and a scan of the list (thousands
    of nouns) took 0.2 ms per new word, most of the lemmatizer's time."""

    def __init__(self, words: list[str]) -> None:
        super().__init__(words)
        self._members = frozenset(words)

    def __contains__(self, word: object) -> bool:
        return word in self._members


class ArrayEnglishLemmatizer(EnglishLemmatizer):
    """The rule lemmatizer, reading (word, part of speech, morphology) from arrays.

    spaCy's rule lemmatizer caches its answer under exactly this key
    (`rule_lemmatize`'s cache_key); here the lookup happens before a Token is made,
    and a new word is looked up in the index through a set."""

    _by_key: dict[tuple[int, int, int], int] | None = None

    def __call__(self, doc: "Doc") -> "Doc":
        if self.mode != "rule" or not self.lookups.has_table("lemma_index"):
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables()
        if self._by_key is None:
            index = self.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                if isinstance(words, list) and not isinstance(words, _WordList):
                    index[pos] = _WordList(words)
            self._by_key = {}
        by_key = self._by_key
        values: Any = doc.to_array([ORTH, POS, MORPH, LEMMA])
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(values.tolist()):
            if lemma != 0 and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = by_key.get(key)
            if found is None:
                found = by_key[key] = doc.vocab.strings.add(self.lemmatize(doc[i])[0])
            values[i, 3] = found
            changed = True
        if changed:
            lemmas: Any = numpy.ascontiguousarray(values[:, 3:4])
            doc.from_array([LEMMA], lemmas)
        return doc


def speed_up(nlp: "Language") -> "Language":
    """Give the pipeline's attribute ruler and English rule lemmatizer the array methods."""
    for name, component in nlp.pipeline:
        if type(component) is AttributeRuler:
            component.__class__ = ArrayAttributeRuler
        elif type(component) is EnglishLemmatizer:
            component.__class__ = ArrayEnglishLemmatizer
    return nlp
