"""The fitted event-type model as plain arrays: numpy at run time, nothing else.

A model directory holds two files:
- `scorer.npz`: the feature vocabulary (UTF-8, one feature per line, in
  column order), the class labels, the inverse document frequencies, and the
  weights (stored as float16, which halves the file; scores move by about
  1e-3) and biases of the linear classifier;
- `model.json`: what the model was trained on, when, with which settings,
  and its cross-validated scores (`ModelCard`).

Scoring repeats what the training pipeline (TF-IDF, then logistic
regression) computes: sublinear term frequency times idf, each row scaled to
unit length, one sparse product with the weights, then the link function.
The features of a word are cached, so the cost per sentence is about one
dictionary look-up per word and word pair.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from itertools import chain, repeat
from typing import TYPE_CHECKING, Any, Mapping, Sequence

import numpy as np

from tocsin.extract.event_type.features import (
    FEATURES_VERSION, PAIR, marked_words, scene_features, word_features,
)

ARRAYS_FILE = "scorer.npz"
CARD_FILE = "model.json"
#: one-vs-rest logistic regression (each class its own sigmoid, then normalised)
#: or multinomial (softmax).
LINKS = ("ovr", "softmax")
#: The per-word cache is cleared when it grows past this many words.
WORD_CACHE_SIZE = 100_000
#: The column of a feature the vocabulary lacks (ignored, as in training).
UNKNOWN = -1

if TYPE_CHECKING:
    # only training's `transform` builds a sparse matrix; scoring stays on numpy, so
    # that scipy (0.1-0.15 s to import) is not paid at every start
    from scipy import sparse


class ModelError(ValueError):
    """A model directory is missing, incomplete or from another feature version."""


@dataclass(frozen=True)
class LinearScorer:
    classes: tuple[str, ...]
    vocabulary: tuple[str, ...]
    idf: np.ndarray            # (features,) float32
    weights: np.ndarray        # (features, classes) float32
    bias: np.ndarray           # (classes,) float32
    link: str = "softmax"
    #: scale of the raw scores before the link (fitted on cross-validated scores).
    temperature: float = 1.0
    _index: dict[str, int] = field(default_factory=dict, compare=False, repr=False)
    #: the columns of a word's own features (`word_ids`), outside and inside a scene clause
    _plain_ids: "_WordColumns" = field(init=False, compare=False, repr=False)
    _scene_ids: "_WordColumns" = field(init=False, compare=False, repr=False)
    _vectors: dict[tuple[str, bool], np.ndarray] = field(default_factory=dict, compare=False,
                                                         repr=False)

    def __post_init__(self) -> None:
        if self.link not in LINKS:
            raise ModelError(f"unknown link {self.link!r}")
        if self.weights.shape != (len(self.vocabulary), len(self.classes)):
            raise ModelError(f"weights have shape {self.weights.shape}, expected "
                             f"({len(self.vocabulary)}, {len(self.classes)})")
        self._index.update(zip(self.vocabulary, range(len(self.vocabulary))))  # a C loop: 61k features
        object.__setattr__(self, "_plain_ids", _WordColumns(self._index, word_features))
        object.__setattr__(self, "_scene_ids", _WordColumns(self._index, scene_features))

    # -- scoring ---------------------------------------------------------------
    def transform(self, texts: Sequence[str],
                  extras: Sequence[Sequence[str]] | None = None) -> sparse.csr_matrix:
        """TF-IDF rows, exactly as the training vectoriser builds them.

        `extras` gives, per text, feature strings computed elsewhere (the
        lexicon's `k|...` cues); unknown ones are ignored, as in training.
        """
        return self._matrix(*self._tfidf(*self._columns(texts, extras)))

    def transform_rows(self, rows: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """TF-IDF rows of texts already turned into feature strings (training's path)."""
        indices: list[int] = []
        indptr = [0]
        for row in rows:
            indices.extend(map(self._index.get, row, repeat(UNKNOWN)))
            indptr.append(len(indices))
        return self._matrix(*self._tfidf(indices, indptr))

    def _columns(self, texts: Sequence[str], extras: Sequence[Sequence[str]] | None,
                 ) -> tuple[list[int], list[int]]:
        """The column of each feature of each text, with repeats (`UNKNOWN` for one
        not in the vocabulary), and the row bounds."""
        indices: list[int] = []
        indptr = [0]
        get, plain, scene_ids = self._index.get, self._plain_ids, self._scene_ids
        for row, text in enumerate(texts):
            names, scene = marked_words(text)
            # one cached look-up a word, the loop in C (`_WordColumns` fills the cache)
            indices.extend(chain.from_iterable(map(plain.__getitem__, names) if scene is None else
                                               map(self.word_ids, names, scene)))
            indices.extend(map(get, map(PAIR.format, names, names[1:]), repeat(UNKNOWN)))
            if extras is not None:
                indices.extend(map(get, extras[row], repeat(UNKNOWN)))
            indptr.append(len(indices))
        return indices, indptr

    def _tfidf(self, indices: list[int], indptr: list[int],
               ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """(rows, columns, values) of the TF-IDF entries, each row's columns ascending,
        and the number of rows.

        Plain numpy, in the float32 arithmetic and order of the scipy code this
        replaced (a sparse matrix summed, squared and scaled), so scores are
        bit for bit the same; building those matrices cost more than the product
        for the one to fifty sentences of a typical call.
        """
        count = len(indptr) - 1
        bounds = np.asarray(indptr, dtype=np.int64)
        rows = np.repeat(np.arange(count, dtype=np.int64), bounds[1:] - bounds[:-1])
        columns = np.asarray(indices, dtype=np.int64)
        known = columns != UNKNOWN
        keys, repeats = np.unique(rows[known] * len(self.vocabulary) + columns[known],
                                  return_counts=True)
        rows, columns = np.divmod(keys, len(self.vocabulary))
        values = repeats.astype(np.float32)
        np.log(values, out=values)
        values += 1.0
        values *= self.idf[columns]
        squares = np.zeros(count, dtype=np.float32)
        starts = np.searchsorted(rows, np.arange(count))
        filled = starts < np.append(starts[1:], len(rows))
        if filled.any():
            squares[filled] = np.add.reduceat(values * values, starts[filled])
        norms = np.sqrt(squares, dtype=np.float32)
        norms[norms == 0] = 1.0
        values *= (1.0 / norms)[rows]
        return rows, columns, values, count

    def _matrix(self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray,
                count: int) -> sparse.csr_matrix:
        # each row's columns highest first, as the scipy code this replaced left them,
        # so a product with the matrix adds its terms in the same order as before
        from scipy import sparse

        order = np.lexsort((-columns, rows))
        indptr = np.searchsorted(rows, np.arange(count + 1))
        return sparse.csr_matrix((values[order], columns[order].astype(np.int32), indptr),
                                 shape=(count, len(self.vocabulary)))

    def decision(self, texts: Sequence[str],
                 extras: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Raw linear scores, one row per text, one column per class."""
        rows, columns, values, count = self._tfidf(*self._columns(texts, extras))
        scores = np.zeros((count, len(self.classes)), dtype=np.float32)
        if len(rows):
            # each row's terms added one by one, highest column first: the order of
            # scipy's sparse product over `transform`'s matrix, so the float32 sums agree
            # (a sum down axis 0 adds row after row; `np.add.reduceat` does not)
            terms = self.weights[columns[::-1]] * values[::-1, None]
            bounds = np.searchsorted(-rows[::-1], -np.arange(count - 1, -2, -1))
            for row, start, end in zip(range(count - 1, -1, -1), bounds[:-1], bounds[1:]):
                if end > start:
                    scores[row] = terms[start:end].sum(axis=0)
        return scores + self.bias

    def predict_proba(self, texts: Sequence[str],
                      extras: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        scores = self.temperature * self.decision(texts, extras).astype(np.float64)
        if self.link == "softmax":
            scores -= scores.max(axis=1, keepdims=True)
            exp = np.exp(scores)
            return exp / exp.sum(axis=1, keepdims=True)
        probabilities = 1.0 / (1.0 + np.exp(-scores))
        return probabilities / probabilities.sum(axis=1, keepdims=True)

    def word_ids(self, word: str, scene: bool) -> tuple[int, ...]:
        """The columns of a word's own features that the vocabulary has."""
        return (self._scene_ids if scene else self._plain_ids)[word]

    def word_vector(self, word: str, scene: bool) -> np.ndarray:
        """How much a word's own features add to each class's raw score (unscaled)."""
        key = (word, scene)
        found = self._vectors.get(key)
        if found is None:
            if len(self._vectors) >= WORD_CACHE_SIZE:
                self._vectors.clear()
            ids = list(self.word_ids(word, scene))
            found = self.weights[ids].sum(axis=0) if ids else np.zeros(len(self.classes), np.float32)
            self._vectors[key] = found
        return found

    # -- storage ---------------------------------------------------------------
    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            folder / ARRAYS_FILE,
            vocabulary=_pack(self.vocabulary), classes=_pack(self.classes),
            idf=self.idf.astype(np.float32), weights=self.weights.astype(np.float16),
            bias=self.bias.astype(np.float32), link=_pack((self.link,)),
            temperature=np.array([self.temperature], dtype=np.float64),
            features_version=np.array([FEATURES_VERSION], dtype=np.int32))

    @classmethod
    def load(cls, folder: Path) -> "LinearScorer":
        path = folder / ARRAYS_FILE
        if not path.is_file():
            raise ModelError(f"{folder}: no {ARRAYS_FILE} (not an event-type model directory)")
        try:
            with np.load(path, allow_pickle=False) as arrays:
                version = int(arrays["features_version"][0])
                if version != FEATURES_VERSION:
                    raise ModelError(f"{path}: built with feature version {version}, this tocsin "
                                     f"reads version {FEATURES_VERSION}; retrain it")
                return cls(_unpack(arrays["classes"]), _unpack(arrays["vocabulary"]),
                           arrays["idf"], arrays["weights"].astype(np.float32), arrays["bias"],
                           _unpack(arrays["link"])[0], float(arrays["temperature"][0]))
        except (KeyError, OSError, ValueError) as exc:
            if isinstance(exc, ModelError):
                raise
            raise ModelError(f"{path}: unreadable model arrays ({exc})") from exc


class _WordColumns(dict[str, tuple[int, ...]]):
    """word -> the vocabulary columns of its features, filled on first look-up
    (`dict.__missing__`), so that a text's words are looked up in one C loop;
    cleared when it grows past `WORD_CACHE_SIZE` words."""

    def __init__(self, index: Mapping[str, int], features: Callable[[str], tuple[str, ...]]) -> None:
        super().__init__()
        self._index = index
        self._features = features

    def __missing__(self, word: str) -> tuple[int, ...]:
        if len(self) >= WORD_CACHE_SIZE:
            self.clear()
        get = self._index.get
        found = self[word] = tuple(i for i in map(get, self._features(word)) if i is not None)
        return found


def _pack(strings: Sequence[str]) -> np.ndarray:
    """Strings as one UTF-8 byte array, newline-separated (no pickling needed)."""
    if any("\n" in s for s in strings):
        raise ModelError("a feature or class name contains a newline")
    return np.frombuffer("\n".join(strings).encode("utf-8"), dtype=np.uint8)


def _unpack(array: np.ndarray) -> tuple[str, ...]:
    text = array.tobytes().decode("utf-8")
    return tuple(text.split("\n")) if text else ()


def read_card(folder: Path) -> dict[str, Any]:
    path = folder / CARD_FILE
    if not path.is_file():
        raise ModelError(f"{folder}: no {CARD_FILE}")
    try:
        card = json.loads(path.read_text("utf-8"))
    except json.JSONDecodeError as exc:
        raise ModelError(f"{path}: not valid JSON ({exc.msg})") from exc
    if not isinstance(card, dict):
        raise ModelError(f"{path}: expected a JSON object")
    return card


def write_card(folder: Path, card: Mapping[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / CARD_FILE).write_text(json.dumps(card, indent=2, sort_keys=True) + "\n", "utf-8")
