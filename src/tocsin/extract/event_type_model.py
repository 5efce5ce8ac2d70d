"""A small linear text model that backs up the trigger lexicon.

It is trained, at first use, on the hand-written sentences shipped in
`data/event_examples.tsv` (well under a second), so no pickled model travels
with the package and the result is deterministic.  The lexicon decides whether
a sentence is an event at all; this model mainly breaks ties between codes and
gives a "no event" probability (class NONE).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Sequence

if TYPE_CHECKING:  # scikit-learn is imported lazily: it costs seconds at import
    import numpy as np
    from sklearn.pipeline import Pipeline

NO_EVENT = "NONE"
#: Inverse regularisation strength of the logistic regression.  5-fold CV on our
#: own examples (`python -m tocsin.evaluate.case_events --cv`) scores C in 1..10
#: within a few examples of each other; 10 is kept because the "no event"
#: thresholds in `event_type` were calibrated on its sharper probabilities.
REGULARISATION = 10.0


@dataclass(frozen=True, slots=True)
class Example:
    code: str
    text: str


def parse_examples(lines: Sequence[str], source: str) -> list[Example]:
    """Rows `code<TAB>sentence`; '#' lines are comments."""
    examples = []
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 2 or not fields[0] or not fields[1].strip():
            raise ValueError(f"{source}:{number}: expected code<TAB>sentence")
        examples.append(Example(fields[0], fields[1]))
    return examples


@lru_cache(maxsize=1)
def shipped_examples() -> tuple[Example, ...]:
    name = "event_examples.tsv"
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    return tuple(parse_examples(text.splitlines(), name))


_WORD = re.compile(r"[a-z]+")


def word_stems(text: str) -> list[str]:
    """Crude stems: the first 4 and 6 letters of each longer word.

    They let "shelled", "shelling" and "shells" share evidence, as character
    n-grams do, at a tenth of the cost (character n-grams made prediction
    about 8x slower for the same cross-validated score).
    """
    stems = []
    for word in _WORD.findall(text.lower()):
        for size in (4, 6):
            if len(word) > size:
                stems.append(word[:size] + "~")
    return stems


def train(examples: Sequence[Example], c: float = REGULARISATION) -> Pipeline:
    """TF-IDF over words, word pairs and word stems, then one-vs-rest
    logistic regression with balanced class weights.

    Word stems (`word_stems`) let inflections share evidence, which matters
    with ~20 examples per class.  liblinear one-vs-rest is deterministic and
    trains in about a second.
    """
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(
        TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, lowercase=True),
        TfidfVectorizer(analyzer=word_stems, sublinear_tf=True, min_df=2, lowercase=False),
    )
    classifier = LogisticRegression(C=c, solver="liblinear", class_weight="balanced")
    model = make_pipeline(features, OneVsRestClassifier(classifier))
    model.fit([e.text for e in examples], [e.code for e in examples])
    return model


@lru_cache(maxsize=1)
def shipped_model() -> Pipeline:
    return train(shipped_examples())


@dataclass(frozen=True)
class LinearScorer:
    """The fitted pipeline flattened to its matrices.

    The pipeline is called once per article with a handful of sentences, and
    scikit-learn's per-call overhead (a joblib pass over the feature union, one
    predict_proba per one-vs-rest estimator) cost ~12 ms a call, more than the
    arithmetic.  This computes the same probabilities in one sparse product.
    """

    classes: tuple[str, ...]
    vectorizers: tuple[object, ...]
    weights: object            # numpy array, features x classes
    bias: object               # numpy array, one per class

    @classmethod
    def from_pipeline(cls, model: Pipeline) -> "LinearScorer":
        import numpy as np

        union, ovr = model.steps[0][1], model.steps[-1][1]
        vectorizers = tuple(t for _, t in union.transformer_list)
        weights = np.ascontiguousarray(np.vstack([e.coef_ for e in ovr.estimators_]).T)
        bias = np.array([e.intercept_[0] for e in ovr.estimators_])
        return cls(tuple(ovr.classes_), vectorizers, weights, bias)

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        import numpy as np
        from scipy import sparse

        features = sparse.hstack([v.transform(texts) for v in self.vectorizers], format="csr")
        scores = np.asarray(features @ self.weights) + self.bias   # dense: weights are dense
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        return probabilities / probabilities.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def shipped_scorer() -> LinearScorer:
    return LinearScorer.from_pipeline(shipped_model())


def predict_proba(texts: Sequence[str], model: Pipeline | None = None) -> tuple[list[str], np.ndarray]:
    """(class labels, probability matrix with one row per text)."""
    if model is not None:
        return list(model.classes_), model.predict_proba(list(texts))
    scorer = shipped_scorer()
    return list(scorer.classes), scorer.predict_proba(list(texts))
