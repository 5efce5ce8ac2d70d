"""Fit the event-type model, cross-validate it, and write it as plain arrays.

    python -m tocsin.extract.event_type.training --write   # regenerate data/event_model/
    python -m tocsin.extract.event_type.training --check   # retrain, compare with the shipped arrays
    python -m tocsin.extract.event_type.training --cv      # 5-fold CV report on our own set
    python -m tocsin.extract.event_type.training --cv --by-theatre    # folds by theatre
    python -m tocsin.extract.event_type.training --cv --by-register   # leave one register out

The model is a linear SVM (scikit-learn's LinearSVC, one-vs-rest, balanced
class weights) over TF-IDF features (`features.py`) of the sentences we wrote
(`training_data.py`).  scikit-learn is needed only here: the fitted weights
are saved as numpy arrays that `scorer.LinearScorer` applies at run time.
Probabilities are a softmax of the SVM scores, scaled by one temperature
fitted on the cross-validated scores, so they mean roughly what they say.

Everything is deterministic: examples are read in a fixed order, folds are
fixed by a hash of each text, and liblinear's shuffling has a fixed seed.
"""
from __future__ import annotations

import argparse
import hashlib
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import numpy as np

from tocsin.extract.event_type.codes import NO_EVENT
from tocsin.extract.event_type.features import FEATURES_VERSION, extra_features, features
from tocsin.extract.event_type.anchors import Probe
from tocsin.extract.event_type.metrics import Scores, score
from tocsin.extract.event_type.model import shipped_model_dir
from tocsin.extract.event_type.scorer import LinearScorer, write_card
from tocsin.extract.event_type.territory import CHANGES_HANDS
from tocsin.extract.event_type.training_data import REGISTERS, Example, shipped_examples

CARD_FORMAT = 1
#: Temperatures tried when calibrating the softmax on cross-validated scores.
TEMPERATURES = tuple(round(0.5 * 1.25 ** i, 4) for i in range(20))


@dataclass(frozen=True, slots=True)
class Settings:
    """What a model is trained with; stored in its card."""

    #: LinearSVC regularisation.  5-fold CV on our set: see docs/accuracy_notes.md.
    c: float = 1.0
    #: a feature must occur in this many training sentences to be kept.
    min_df: int = 2
    #: add the trigger lexicon's rules as features (`features.cue_features`).
    cues: bool = True
    #: add who the capture verb says took control (`territory.side_features`).
    sides: bool = True
    #: add the PLOVER lexicon's cues (`features.plover_features`); the PLOVER head uses them.
    plover_cues: bool = False
    #: add the parse's verbs and predicate arguments (`features.syntax_features`);
    #: training parses its rows with the pipeline's spaCy model (`parsing.py`).
    syntax: bool = False
    folds: int = 5


#: What the shipped event-type model is trained with.  Syntax on: 5-fold CV on our
#: set, stratified, by register and by theatre (docs/accuracy.md, session 5).
SHIPPED_SETTINGS = Settings(syntax=True)


def featurise(texts: Sequence[str], settings: Settings) -> list[list[str]]:
    """The feature strings of each text, as the run-time scorer builds them."""
    rows = [features(text) for text in texts]
    for row, text in zip(rows, texts):
        row.extend(extra_features(text, cues=settings.cues, sides=settings.sides,
                                  plover_cues=settings.plover_cues, probe=Probe.of(text)))
    if settings.syntax:
        from tocsin.extract.event_type.parsing import syntax_of_texts

        for row, found in zip(rows, syntax_of_texts(texts)):
            row.extend(found)
    return rows


def fit(rows: Sequence[Sequence[str]], labels: Sequence[str], settings: Settings,
        temperature: float = 1.0) -> LinearScorer:
    """Fit TF-IDF + LinearSVC on featurised rows and flatten it to arrays."""
    vectoriser, classifier = fit_pipeline(rows, labels, settings)
    return flatten(vectoriser, classifier, temperature)


def fit_pipeline(rows: Sequence[Sequence[str]], labels: Sequence[str],
                 settings: Settings) -> tuple[Any, Any]:
    """The scikit-learn vectoriser and classifier, fitted."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=settings.min_df,
                                 dtype=np.float64)
    matrix = vectoriser.fit_transform(rows)
    classifier = LinearSVC(C=settings.c, class_weight="balanced", random_state=0, max_iter=5000)
    classifier.fit(matrix, list(labels))
    return vectoriser, classifier


def flatten(vectoriser: Any, classifier: Any, temperature: float = 1.0) -> LinearScorer:
    """The fitted pipeline as plain arrays (what `scorer.LinearScorer` needs)."""
    vocabulary = [""] * len(vectoriser.vocabulary_)
    for name, column in vectoriser.vocabulary_.items():
        vocabulary[column] = name
    coef = classifier.coef_
    intercept = classifier.intercept_
    classes = tuple(str(c) for c in classifier.classes_)
    if len(classes) == 2:  # a binary SVM keeps one row, for the second class
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    weights = np.ascontiguousarray(coef.T, dtype=np.float32)
    return LinearScorer(classes, tuple(vocabulary), vectoriser.idf_.astype(np.float32), weights,
                        intercept.astype(np.float32), "softmax", temperature)


def _identity(row: Sequence[str]) -> Sequence[str]:
    return row


def fold_assignment(examples: Sequence[Example], folds: int, by_theatre: bool = False,
                    by_register: bool = False) -> list[int]:
    """Stratified folds fixed by content: within each code, rows sorted by the
    hash of their text go round-robin to the folds.

    `by_theatre` keeps each theatre (country) in one fold instead, so every
    fold is scored by a model that never saw a sentence set there: a harder
    test of whether the model learned the event or the names of the places
    where such events happened in our sentences.  `by_register` keeps each
    register in one fold (leave-one-register-out when `folds` is the number
    of registers): was the event learned, or the way our writers tell it in
    one style?  Rows of unknown theatre or register are spread by the hash of
    their text.
    """
    if by_register:
        order = sorted(REGISTERS)
        return [order.index(e.register) % folds if e.register in REGISTERS
                else _hash_fold(e.text, folds) for e in examples]
    if by_theatre:
        return [_hash_fold(e.theatre if e.theatre != "unknown" else e.text, folds) for e in examples]
    by_code: dict[str, list[int]] = defaultdict(list)
    for position, example in enumerate(examples):
        by_code[example.code].append(position)
    assignment = [0] * len(examples)
    for positions in by_code.values():
        positions.sort(key=lambda p: hashlib.sha1(examples[p].text.encode("utf-8")).hexdigest())
        for rank, position in enumerate(positions):
            assignment[position] = rank % folds
    return assignment


def _hash_fold(key: str, folds: int) -> int:
    return int(hashlib.sha1(key.lower().encode("utf-8")).hexdigest(), 16) % folds


@dataclass(frozen=True)
class CrossValidation:
    """Out-of-fold scores of every example."""

    examples: tuple[Example, ...]
    classes: tuple[str, ...]
    decisions: np.ndarray          # (examples, classes) raw scores from the fold's model
    folds: int

    def predictions(self, forced: bool) -> list[str]:
        """Best class per example; `forced` never answers NONE (CASE's rule)."""
        scores = self.decisions.copy()
        if forced and NO_EVENT in self.classes:
            scores[:, self.classes.index(NO_EVENT)] = -np.inf
        return [self.classes[i] for i in scores.argmax(axis=1)]

    def report(self) -> dict[str, Any]:
        """Forced choice over the event rows (as CASE scores) and the full decision."""
        gold = [e.code for e in self.examples]
        forced = self.predictions(forced=True)
        events = [i for i, g in enumerate(gold) if g != NO_EVENT]
        return {
            "folds": self.folds, "rows": len(gold),
            "forced": score([gold[i] for i in events], [forced[i] for i in events]).summary(),
            "with_none": score(gold, self.predictions(forced=False)).summary(),
        }

    def scores(self, forced: bool = True,
               only: Callable[[Example], bool] | None = None) -> Scores:
        """Scores over the examples (event rows only when `forced`; `only` picks a subset)."""
        gold = [e.code for e in self.examples]
        predicted = self.predictions(forced)
        keep = [i for i, e in enumerate(self.examples) if (not forced or e.code != NO_EVENT)
                and (only is None or only(e))]
        return score([gold[i] for i in keep], [predicted[i] for i in keep])


def cross_validate(examples: Sequence[Example], settings: Settings = Settings(),
                   rows: Sequence[Sequence[str]] | None = None,
                   progress: Callable[[str], None] | None = None,
                   by_theatre: bool = False, by_register: bool = False) -> CrossValidation:
    """k-fold CV: each fold is scored by a model fitted on the other folds."""
    examples = tuple(examples)
    rows = rows if rows is not None else featurise([e.text for e in examples], settings)
    assignment = fold_assignment(examples, settings.folds, by_theatre, by_register)
    classes = tuple(sorted({e.code for e in examples}))
    decisions = np.full((len(examples), len(classes)), -np.inf)
    for fold in range(settings.folds):
        train = [i for i, f in enumerate(assignment) if f != fold]
        held = [i for i, f in enumerate(assignment) if f == fold]
        if not held:
            continue
        model = fit([rows[i] for i in train], [examples[i].code for i in train], settings)
        columns = [classes.index(c) for c in model.classes]
        scores = _decide_rows(model, [rows[i] for i in held])
        for row, position in enumerate(held):
            decisions[position, columns] = scores[row]
        if progress:
            progress(f"fold {fold + 1}/{settings.folds} done")
    return CrossValidation(examples, classes, decisions, settings.folds)


def _decide_rows(model: LinearScorer, rows: Sequence[Sequence[str]]) -> np.ndarray:
    """Raw scores of featurised rows."""
    return np.asarray(model.transform_rows(rows) @ model.weights) + model.bias


def fit_temperature(cv: CrossValidation) -> float:
    """The softmax temperature that gives the out-of-fold scores the lowest log loss."""
    gold = np.array([cv.classes.index(e.code) for e in cv.examples])
    scores = np.where(np.isfinite(cv.decisions), cv.decisions, -1e3)
    best, best_loss = 1.0, math.inf
    for temperature in TEMPERATURES:
        scaled = temperature * scores
        scaled -= scaled.max(axis=1, keepdims=True)
        log_norm = np.log(np.exp(scaled).sum(axis=1))
        loss = float(np.mean(log_norm - scaled[np.arange(len(gold)), gold]))
        if loss < best_loss:
            best, best_loss = temperature, loss
    return best


def override_report(cv: CrossValidation, temperature: float = 1.0) -> dict[str, dict[str, Any]]:
    """Each override measured alone on the out-of-fold answers (forced choice, as CASE
    is scored; NONE rows included for the rule that answers NONE).

    fires: answers it changes; precision: share of those it gets right;
    fixed / broken: wrong answers it makes right, right answers it makes wrong.
    """
    from tocsin.extract.event_type.overrides import OVERRIDES

    scores = np.where(np.isfinite(cv.decisions), cv.decisions, -1e3) * temperature
    report: dict[str, dict[str, Any]] = {}
    for override in OVERRIDES:
        fires = right = fixed = broken = 0
        for example, row in zip(cv.examples, scores):
            forced = override.name != "territory_background"
            order = [i for i in np.argsort(-row, kind="stable")
                     if not (forced and cv.classes[i] == NO_EVENT)]
            ranking = [(cv.classes[i], float(row[i])) for i in order]
            before = ranking[0][0]
            after = override.rule(example.text, before, lambda: ranking, forced)
            if after is None or after == before:
                continue
            fires += 1
            right += after == example.code
            fixed += after == example.code
            broken += before == example.code
        report[override.name] = {"fires": fires, "precision": round(right / fires, 3) if fires else None,
                                 "fixed": fixed, "broken": broken}
    return report


#: Event thresholds tried (the least probability an ACLED code needs to be an event).
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(13))


def choose_threshold(cv: CrossValidation, temperature: float) -> tuple[float, dict[str, float]]:
    """The event threshold that maximises F1 of typed political-violence events on
    the out-of-fold answers: a true positive is an ACLED row given its own code;
    any other ACLED answer (wrong code, or on a NONE, crime, disaster, diplomacy or
    claim row) is a false positive, and an ACLED row left without its code a false
    negative.  A row whose ACLED codes together reach `SURE_OF_AN_EVENT` is
    answered at every threshold, as the classifier answers it.  Returns the
    threshold and the F1 of every threshold tried."""
    from tocsin.extract.event_type.codes import ACLED_CODES, SURE_OF_AN_EVENT

    scores = np.where(np.isfinite(cv.decisions), cv.decisions, -1e3) * temperature
    scores -= scores.max(axis=1, keepdims=True)
    probabilities = np.exp(scores)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    top = [cv.classes[i] for i in probabilities.argmax(axis=1)]
    # the belief the classifier thresholds (classifier.belief): a place changing
    # hands is believed with all the codes of such a change together
    territory = [i for i, c in enumerate(cv.classes) if c in CHANGES_HANDS]
    confidence = np.where([t in CHANGES_HANDS for t in top],
                          probabilities[:, territory].sum(axis=1), probabilities.max(axis=1))
    violence = probabilities[:, [i for i, c in enumerate(cv.classes) if c in ACLED_CODES]].sum(axis=1)
    gold = [e.code for e in cv.examples]
    positives = sum(g in ACLED_CODES for g in gold)
    curve: dict[str, float] = {}
    for threshold in THRESHOLDS:
        answered = [t in ACLED_CODES and (p >= threshold or v >= SURE_OF_AN_EVENT)
                    for t, p, v in zip(top, confidence, violence)]
        true = sum(a and t == g for a, t, g in zip(answered, top, gold))
        false = sum(answered) - true
        f1 = 2 * true / (2 * true + false + (positives - true)) if positives else 0.0
        curve[f"{threshold:.2f}"] = round(f1, 4)
    best = max(THRESHOLDS, key=lambda t: (curve[f"{t:.2f}"], -t))
    return best, curve


def data_fingerprint(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.code}\t{example.text}\n".encode("utf-8"))
    return digest.hexdigest()


def train(examples: Sequence[Example], settings: Settings = Settings(), *,
          description: str, sources: Sequence[str] = (),
          progress: Callable[[str], None] | None = None,
          extra_card: dict[str, Any] | None = None,
          focus: Callable[[Example], bool] | None = None) -> tuple[LinearScorer, dict[str, Any]]:
    """Cross-validate, calibrate, then fit on everything.  Returns the scorer and its card.

    `focus` picks the examples whose cross-validated scores matter most (a
    user's own rows, next to tocsin's negatives); they are reported apart.
    """
    examples = tuple(examples)
    rows = featurise([e.text for e in examples], settings)
    cv = cross_validate(examples, settings, rows, progress)
    temperature = fit_temperature(cv)
    threshold, curve = choose_threshold(cv, temperature)
    model = fit(rows, [e.code for e in examples], settings, temperature)
    report = cv.report()
    report["overrides"] = override_report(cv, temperature)
    if focus is not None:
        report["focus"] = cv.scores(forced=True, only=focus).summary()
    card: dict[str, Any] = {
        "format": CARD_FORMAT, "kind": "tocsin event-type model",
        "features_version": FEATURES_VERSION, "description": description,
        "trained_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "training_data": {"sources": list(sources), "rows": len(examples),
                          "per_code": dict(sorted(Counter(e.code for e in examples).items())),
                          "registers": dict(sorted(Counter(e.register for e in examples).items())),
                          "sha256": data_fingerprint(examples)},
        "settings": asdict(settings), "classes": list(model.classes),
        "features": len(model.vocabulary), "temperature": temperature,
        "event_threshold": threshold, "event_threshold_f1": curve,
        "cross_validation": report,
    }
    card.update(extra_card or {})
    return model, card


def train_shipped(progress: Callable[[str], None] | None = None) -> tuple[LinearScorer, dict[str, Any]]:
    """The shipped model, from the training set in `tocsin/data/` alone."""
    return train(shipped_examples(), SHIPPED_SETTINGS,
                 description="shipped: trained on tocsin's own sentences",
                 sources=["tocsin/data/event_training/", "tocsin/data/event_examples.tsv"],
                 progress=progress)


def same_arrays(a: LinearScorer, b: LinearScorer) -> bool:
    """Equal vocabularies and classes, and arrays equal up to float16 storage."""
    return (a.classes == b.classes and a.vocabulary == b.vocabulary and a.link == b.link
            and math.isclose(a.temperature, b.temperature)
            and np.allclose(a.idf, b.idf, rtol=1e-6, atol=1e-6)
            and np.allclose(a.weights, b.weights, rtol=1e-3, atol=1e-4)
            and np.allclose(a.bias, b.bias, rtol=1e-6, atol=1e-6))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.extract.event_type.training")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--write", action="store_true", help="regenerate data/event_model/")
    action.add_argument("--check", action="store_true", help="retrain and compare with it")
    action.add_argument("--cv", action="store_true", help="print the 5-fold CV report")
    parser.add_argument("--by-theatre", action="store_true",
                        help="with --cv: folds by theatre (no fold's countries seen in training)")
    parser.add_argument("--by-register", action="store_true",
                        help="with --cv: leave one register out (8 folds, one register each)")
    parser.add_argument("--no-syntax", action="store_true",
                        help="with --cv: without the syntax features (the model before them)")
    args = parser.parse_args(argv)

    def say(message: str) -> None:
        print(message, file=sys.stderr)

    if args.cv:
        settings = replace(SHIPPED_SETTINGS, folds=len(REGISTERS)) if args.by_register \
            else SHIPPED_SETTINGS
        if args.no_syntax:
            settings = replace(settings, syntax=False)
        cv = cross_validate(shipped_examples(), settings, progress=say, by_theatre=args.by_theatre,
                            by_register=args.by_register)
        for line in cv.scores(forced=True).table():
            print(line)
        report = cv.report()
        temperature = fit_temperature(cv)
        report["overrides"] = override_report(cv, temperature)
        report["event_threshold"], report["event_threshold_f1"] = choose_threshold(cv, temperature)
        for name, figures in report["overrides"].items():
            print(f"override {name}: {figures}")
        import json
        print(json.dumps(report))
        return 0
    from tocsin.extract.event_type.heads import HEADS, train_head

    built = [(shipped_model_dir(), *train_shipped(say))]
    built += [(shipped_model_dir() / spec.name, *train_head(spec, say)) for spec in HEADS]
    stale = 0
    for folder, model, card in built:
        if args.write:
            model.save(folder)
            write_card(folder, card)
            say(f"wrote {folder} ({len(model.vocabulary)} features, {card['training_data']['rows']} rows)")
        elif not same_arrays(model, LinearScorer.load(folder)):
            say(f"{folder} differs from a fresh training run: run with --write")
            stale += 1
    if not args.write and not stale:
        say("shipped arrays match a fresh training run")
    return 1 if stale else 0


if __name__ == "__main__":
    raise SystemExit(main())
