"""Compare event-type model candidates by 5-fold CV on our own training set.

    python -m tocsin.evaluate.typing_candidates [NAME ...] [--folds 5]

Candidates (the same folds, the same training rows, forced choice over the
event rows as CASE is scored):
- `linear`: the model before session 5 (LinearSVC over words, pairs, character
  n-grams and the lexicon's rules; `extract.event_type.training`);
- `linear-no-cues`: the same without the lexicon's rules;
- `linear-syntax`: the shipped model since session 5: the same with the parse's
  verbs and predicate arguments (`features.syntax_features`);
- `logistic`: logistic regression in place of the SVM, same features;
- `mlp`: a small neural network (one hidden layer of 256) on the same features;
- `spacy-bow`: spaCy's own textcat, bag-of-words architecture (TextCatBOW);
- `spacy-ensemble`: spaCy's textcat ensemble (bag of words + a CNN tok2vec
  trained from scratch here; the small English model has no word vectors).

`--context` measures instead what a non-event sentence next to each held-out
snippet costs, with and without sentence-by-sentence scoring
(`classifier.snippet_scores`).

For each it prints CV scores, the time to train once on all folds but one,
the time to type 1,000 sentences, and the size of what would ship.  No CASE
file is read: this is how the model was chosen (docs/accuracy_notes.md).
"""
from __future__ import annotations

import argparse
import json
import pickle
import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from tocsin.extract.event_type.codes import NO_EVENT
from tocsin.extract.event_type.metrics import score
from tocsin.extract.event_type.training import (
    Settings, fit, fit_pipeline, featurise, fold_assignment,
)
from tocsin.extract.event_type.training_data import Example, shipped_examples

#: (fit(train texts, train labels) -> predict(texts) -> best non-NONE label per text, model bytes)
Trainer = Callable[[Sequence[str], Sequence[str]], tuple[Callable[[Sequence[str]], list[str]], int]]


def _forced(classes: Sequence[str], scores: np.ndarray) -> list[str]:
    scores = np.array(scores, dtype=float)
    if NO_EVENT in classes:
        scores[:, list(classes).index(NO_EVENT)] = -np.inf
    return [classes[i] for i in scores.argmax(axis=1)]


def linear(cues: bool, syntax: bool = False) -> Trainer:
    settings = Settings(cues=cues, syntax=syntax)

    def train(texts: Sequence[str], labels: Sequence[str]) -> tuple[Callable[[Sequence[str]], list[str]], int]:
        model = fit(featurise(texts, settings), labels, settings)
        size = model.weights.size * 2 + sum(len(f) + 1 for f in model.vocabulary)

        def predict(batch: Sequence[str]) -> list[str]:
            rows = featurise(batch, settings)
            return _forced(model.classes, np.asarray(model.transform_rows(rows) @ model.weights) + model.bias)
        return predict, size
    return train


def sklearn_on_features(make: Callable[[], Any]) -> Trainer:
    settings = Settings()

    def train(texts: Sequence[str], labels: Sequence[str]) -> tuple[Callable[[Sequence[str]], list[str]], int]:
        vectoriser, _ = fit_pipeline(featurise(texts, settings), labels, settings)
        classifier = make().fit(vectoriser.transform(featurise(texts, settings)), list(labels))
        size = len(pickle.dumps(classifier))

        def predict(batch: Sequence[str]) -> list[str]:
            matrix = vectoriser.transform(featurise(batch, settings))
            return _forced([str(c) for c in classifier.classes_], classifier.predict_proba(matrix))
        return predict, size
    return train


def spacy_textcat(architecture: str, epochs: int) -> Trainer:
    def train(texts: Sequence[str], labels: Sequence[str]) -> tuple[Callable[[Sequence[str]], list[str]], int]:
        import spacy
        from spacy.training import Example as SpacyExample
        from spacy.util import fix_random_seed, minibatch

        fix_random_seed(0)
        nlp = spacy.blank("en")
        textcat = nlp.add_pipe("textcat", config={"model": _spacy_model(architecture)})
        classes = sorted(set(labels))
        for label in classes:
            textcat.add_label(label)  # type: ignore[attr-defined]
        examples = [SpacyExample.from_dict(nlp.make_doc(t), {"cats": {c: float(c == y) for c in classes}})
                    for t, y in zip(texts, labels)]
        optimizer = nlp.initialize(lambda: examples)
        shuffler = random.Random(0)
        for _ in range(epochs):
            shuffler.shuffle(examples)
            for batch in minibatch(examples, size=32):
                nlp.update(batch, sgd=optimizer, drop=0.2)
        size = len(nlp.to_bytes())

        def predict(batch: Sequence[str]) -> list[str]:
            scores = np.array([[doc.cats[c] for c in classes] for doc in nlp.pipe(batch)])
            return _forced(classes, scores)
        return predict, size
    return train


def _spacy_model(architecture: str) -> dict[str, Any]:
    if architecture == "bow":
        return {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                "ngram_size": 2, "no_output_layer": False}
    return {"@architectures": "spacy.TextCatEnsemble.v2",
            "linear_model": _spacy_model("bow"),
            "tok2vec": {"@architectures": "spacy.Tok2Vec.v2",
                        "embed": {"@architectures": "spacy.MultiHashEmbed.v2", "width": 64,
                                  "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                                  "rows": [5000, 1000, 2500, 2500], "include_static_vectors": False},
                        "encode": {"@architectures": "spacy.MaxoutWindowEncoder.v2", "width": 64,
                                   "window_size": 1, "maxout_pieces": 3, "depth": 2}}}


def candidates() -> dict[str, Trainer]:
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier

    return {
        "linear": linear(cues=True),
        "linear-no-cues": linear(cues=False),
        "linear-syntax": linear(cues=True, syntax=True),
        "logistic": sklearn_on_features(lambda: LogisticRegression(C=20, max_iter=3000,
                                                                   class_weight="balanced")),
        "mlp": sklearn_on_features(lambda: MLPClassifier(hidden_layer_sizes=(256,), max_iter=60,
                                                         early_stopping=False, random_state=0)),
        "spacy-bow": spacy_textcat("bow", epochs=10),
        "spacy-ensemble": spacy_textcat("ensemble", epochs=8),
    }


def evaluate(name: str, trainer: Trainer, examples: Sequence[Example], folds: int) -> dict[str, Any]:
    assignment = fold_assignment(examples, folds)
    gold: list[str] = []
    predicted: list[str] = []
    train_seconds, size = 0.0, 0
    for fold in range(folds):
        train = [e for e, f in zip(examples, assignment) if f != fold]
        held = [e for e, f in zip(examples, assignment) if f == fold and e.code != NO_EVENT]
        start = time.process_time()
        predict, size = trainer([e.text for e in train], [e.code for e in train])
        train_seconds += time.process_time() - start
        gold += [e.code for e in held]
        predicted += predict([e.text for e in held])
    sample = [e.text for e in examples[:1000]]
    start = time.process_time()
    predict(sample)
    per_1000 = (time.process_time() - start) * 1000 / max(1, len(sample))
    scores = score(gold, predicted).summary()
    return {"candidate": name, "folds": folds, "n": scores["n"],
            "weighted_f1": scores["weighted_f1"], "macro_f1": scores["macro_f1"],
            "protest_family_macro_f1": scores["protest_family"]["macro_f1"],
            "train_cpu_s_per_fold": round(train_seconds / folds, 1),
            "predict_cpu_s_per_1000_sentences": round(per_1000, 2),
            "model_mb": round(size / 1e6, 1)}


def context_check(examples: Sequence[Example], folds: int = 5) -> dict[str, float]:
    """How much a non-event sentence added to each held-out snippet costs, and how much
    scoring snippets sentence by sentence (`classifier.snippet_scores`) wins back.

    Each held-out event row gets a NONE row of its own fold put before or after it
    (fixed by a hash); forced-choice weighted F1 over the event rows, shipped settings.
    """
    import hashlib
    from dataclasses import replace

    from tocsin.extract.event_type.classifier import forced_code, snippet_scores
    from tocsin.extract.event_type.model import EventTypeModel, shipped_model_dir

    settings = Settings()
    assignment = fold_assignment(examples, folds)
    results: dict[str, tuple[list[str], list[str]]] = {k: ([], []) for k in ("plain", "context")}
    results.update({f"{k}_by_sentence": ([], []) for k in ("plain", "context")})

    def key(text: str) -> int:
        return int(hashlib.sha1(text.encode("utf-8")).hexdigest(), 16)

    for fold in range(folds):
        train = [e for e, f in zip(examples, assignment) if f != fold]
        held = [e for e, f in zip(examples, assignment) if f == fold and e.code != NO_EVENT]
        pool = [e for e, f in zip(examples, assignment) if f == fold and e.code == NO_EVENT]
        scorer = fit(featurise([e.text for e in train], settings), [e.code for e in train], settings, 7.0)
        model = EventTypeModel(scorer, {"settings": {"cues": settings.cues, "sides": settings.sides}},
                               shipped_model_dir())
        noisy = [replace(e, text=(f"{e.text} {pool[key(e.text) % len(pool)].text}" if key(e.text) % 2
                                  else f"{pool[key(e.text) % len(pool)].text} {e.text}")) for e in held]
        for name, rows in (("plain", held), ("context", noisy)):
            texts = [e.text for e in rows]
            whole = _forced(scorer.classes, model.predict_proba(texts))
            split = [forced_code(s) for s in snippet_scores(texts, model)]
            for label, predicted in ((name, whole), (f"{name}_by_sentence", split)):
                results[label][0].extend(e.code for e in rows)
                results[label][1].extend(predicted)
    return {k: score(g, p).summary()["weighted_f1"] for k, (g, p) in results.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.evaluate.typing_candidates")
    parser.add_argument("names", nargs="*")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--context", action="store_true",
                        help="measure the cost of context sentences instead (context_check)")
    args = parser.parse_args(argv)
    if args.context:
        print(json.dumps(context_check(shipped_examples(), args.folds)))
        return 0
    available = candidates()
    unknown = [n for n in args.names if n not in available]
    if unknown:
        print(f"unknown candidate(s) {', '.join(unknown)}; choose from {', '.join(available)}",
              file=sys.stderr)
        return 2
    examples = shipped_examples()
    for name in args.names or list(available):
        print(json.dumps(evaluate(name, available[name], examples, args.folds)), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
