"""Training the toponym ranker: a conditional logit in two stages, fitted with L-BFGS.

    python -m tocsin.geo.ranker_train --ship            # fit on our own data, write data/geo_ranker.json
    python -m tocsin.geo.ranker_train --check           # refit in memory, exit 1 unless it is the shipped file
    python -m tocsin.geo.ranker_train --cv FILE...      # k-fold CV on gold corpora (LGL, GeoVirus)

**What the shipped weights are trained on**: documents generated from the
gazetteer itself (`ranker_synth`: places of one theatre with homonyms, regions,
qualifiers, datelines and stray far-away matches) plus the annotated texts we
wrote (`data/geo_ranker_texts.txt`).  No gold corpus we may not ship (LGL,
GeoVirus) is used to fit them.  `--cv` trains on k-1 folds of the gold corpora
and scores the held-out fold, which measures how well the features can do; its
weights are never shipped.  Fitting is deterministic: fixed data order, fixed
start, and L-BFGS has no randomness.  The one machine-dependent input is the
number of threads numpy's BLAS splits the matrix products over (each split sums
in another order, and L-BFGS amplifies last-digit differences over its
iterations), so the fit runs on one BLAS thread everywhere.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from tocsin.geo import ranker
from tocsin.geo.distance import haversine_km
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.ranker import N_ALL, N_BASE, N_NULL, NameChoice, RankerWeights

#: L2 penalty per feature weight, relative to the number of training names.
L2 = 1e-5
#: A gold point at most this far from a candidate makes that candidate the answer.
MATCH_KM = 161.0


@dataclass(slots=True)
class TrainingDoc:
    """One document's names, each labelled with its right answers: the candidate positions
    within MATCH_KM of the true place ([] when none fits: "unresolved" is right)."""

    choices: list[NameChoice]
    labels: list[list[int] | None]          # None: not a training example (fixed, or no gold)
    hint: str | None = None


def label_by_point(gaz: Gazetteer, choice: NameChoice, lat: float, lon: float) -> list[int]:
    """Every candidate within MATCH_KM of the gold point: the metric counts any of them right."""
    return [k for k, index in enumerate(choice.candidates)
            if haversine_km(lat, lon, gaz.record(index).lat, gaz.record(index).lon) <= MATCH_KM]


# -- the conditional logit ------------------------------------------------------------
def _fit(blocks: list[np.ndarray], targets: list[np.ndarray], weights: list[float], l2: float) -> np.ndarray:
    """Weights maximising sum_g w_g log P(a right answer of g) - l2 * n * |w|^2, where
    P is the softmax over g's rows and `targets[g]` marks g's right rows."""
    from scipy.optimize import minimize

    x = np.vstack(blocks)
    sizes = np.array([len(b) for b in blocks])
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    right = np.concatenate(targets).astype(float)
    gweight = np.array(weights, dtype=float)
    row_weight = np.repeat(gweight, sizes)
    penalty = l2 * gweight.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = x @ w
        m = np.repeat(np.maximum.reduceat(s, starts), sizes)
        e = np.exp(s - m)
        z = np.add.reduceat(e, starts)
        z_right = np.add.reduceat(e * right, starts)
        nll = float(np.sum(gweight * (np.log(z) - np.log(z_right))))
        p = e / np.repeat(z, sizes)
        q = e * right / np.repeat(z_right, sizes)
        return nll + penalty * float(w @ w), x.T @ ((p - q) * row_weight) + 2 * penalty * w

    # One BLAS thread: the same weights on every machine (see the module docstring).
    # The limit is set after scipy is imported so that its own BLAS is held too.
    with threadpool_limits(limits=1, user_api="blas"):
        result = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B",
                          options={"maxiter": 500, "gtol": 1e-6})
    return np.asarray(result.x)


def _mask(n: int, right: Sequence[int]) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[list(right)] = True
    return mask


def fit(docs: Sequence[TrainingDoc], gaz: Gazetteer, l2: float = L2, trained_on: str = "") -> RankerWeights:
    """Fit the prior stage, then the context stage on the prior stage's beliefs."""
    blocks, targets, weights = [], [], []
    for doc in docs:
        for choice, label in zip(doc.choices, doc.labels):
            if label and len(choice.candidates) > len(label):
                blocks.append(choice.base)
                targets.append(_mask(len(choice.candidates), label))
                weights.append(float(choice.count))
    prior = _fit(blocks, targets, weights, l2) if blocks else np.zeros(N_BASE)
    staged = RankerWeights(prior, np.zeros(N_ALL + N_NULL))
    blocks, targets, weights = [], [], []
    for doc in docs:
        for block, target, weight in context_blocks(doc, gaz, staged):
            blocks.append(block)
            targets.append(target)
            weights.append(weight)
    context = _fit(blocks, targets, weights, l2) if blocks else np.zeros(N_ALL + N_NULL)
    return RankerWeights(prior, context, trained_on)


def context_blocks(doc: TrainingDoc, gaz: Gazetteer, staged: RankerWeights
                   ) -> Iterable[tuple[np.ndarray, np.ndarray, float]]:
    """(rows of [features | 0] for candidates and [0 | null features] for none, right rows, weight)."""
    for choice in doc.choices:
        if not choice.fixed:
            choice.prior = ranker.prior_probabilities(staged, choice)
            choice.best = int(np.argmax(choice.prior)) if len(choice.prior) else -1
            choice.probs = np.zeros(0)
    state = ranker.beliefs(gaz, doc.choices, use_final=False)
    for pos, (choice, label) in enumerate(zip(doc.choices, doc.labels)):
        if label is None or choice.fixed or not choice.candidates:
            continue
        context = ranker.context_features(gaz, doc.choices, pos, state, doc.hint)
        rows = np.zeros((len(choice.candidates) + 1, N_ALL + N_NULL))
        rows[:-1, :N_ALL] = np.hstack([choice.base, context])
        rows[-1, N_ALL:] = ranker.null_features(choice, context)
        yield rows, _mask(len(rows), label or [len(choice.candidates)]), float(choice.count)


# -- gold corpora (cross-validation only) ---------------------------------------------
def gold_docs(path: Path, geocoder: object, folds: set[int] | None = None) -> list[tuple[int, TrainingDoc, object]]:
    """(fold, training doc, gold article) for each article of a gold corpus, on its gold spans."""
    from tocsin.evaluate.geo import fold_of
    from tocsin.evaluate.geo_readers import read_corpus
    from tocsin.models import Mention

    gaz = geocoder.gazetteer             # type: ignore[attr-defined]
    out: list[tuple[int, TrainingDoc, object]] = []
    for article in read_corpus(path).articles:
        fold = fold_of(article)
        if folds is not None and fold not in folds:
            continue
        scored = [t for t in article.toponyms if t.has_coordinates]
        mentions = [Mention(article.text[t.start:t.end], t.start, t.end, "GPE") for t in scored]
        choices, slots = geocoder.choices(mentions, article.text)      # type: ignore[attr-defined]
        labels: list[list[int] | None] = [None] * len(choices)
        for gold, slot in zip(scored, slots):
            if labels[slot] is None and not choices[slot].fixed and choices[slot].candidates:
                # No candidate near the gold point is mostly a convention (the corpus puts
                # Canada elsewhere than GeoNames does), rarely a junk name: not an example.
                labels[slot] = label_by_point(gaz, choices[slot], gold.lat, gold.lon) or None  # type: ignore[arg-type]
        out.append((fold, TrainingDoc(choices, labels), article))
    return out


def score_given_spans(docs: Iterable[tuple[int, TrainingDoc, object]], geocoder: object,
                      weights: RankerWeights) -> tuple[int, int]:
    """(gold toponyms within 161 km, gold toponyms) when resolving the gold spans with `weights`."""
    from tocsin.evaluate.geo import Tally, score_given_spans as score_spans
    from tocsin.geo.geocoder import Geocoder

    scorer = Geocoder(geocoder.gazetteer, weights=weights)       # type: ignore[attr-defined]
    tally = Tally()
    for _, _, article in docs:
        tally.gold += sum(t.has_coordinates for t in article.toponyms)   # type: ignore[attr-defined]
        score_spans(article, scorer, tally)                       # type: ignore[arg-type]
    return tally.given_span_hits, tally.gold


def cross_validate(paths: Sequence[Path], k: int = 5, l2: float = L2) -> dict[str, object]:
    """Train on k-1 folds of every corpus together, score the held-out fold of each."""
    from tocsin.geo.geocoder import Geocoder

    geocoder = Geocoder.default()
    gaz = geocoder.gazetteer
    corpora = {p.name: gold_docs(p, geocoder) for p in paths}
    report: dict[str, object] = {}
    totals = {name: [0, 0] for name in corpora}
    for held in range(k):
        train = [d for docs in corpora.values() for f, d, _ in docs if f != held]
        weights = fit(train, gaz, l2, trained_on=f"cv fold {held}")
        for name, docs in corpora.items():
            hits, n = score_given_spans([d for d in docs if d[0] == held], geocoder, weights)
            totals[name][0] += hits
            totals[name][1] += n
            report[f"{name} fold {held}"] = round(hits / n, 4) if n else None
    for name, (hits, n) in totals.items():
        report[f"{name} cv acc_161km_given_spans"] = round(hits / n, 4) if n else None
    return report


def shipped_fit(n_docs: int | None = None) -> RankerWeights:
    """The weights that training on our own data gives (what --ship writes)."""
    from tocsin.geo.ranker_synth import shipped_training_docs

    gaz = Gazetteer.default()
    docs, description = shipped_training_docs(gaz, n_docs)
    return fit(docs, gaz, trained_on=description)


def weights_text(weights: RankerWeights) -> str:
    """The weights file as written to disk (numbers rounded by RankerWeights.to_json)."""
    return json.dumps(weights.to_json(), indent=1) + "\n"


def differences(refit: dict, shipped: dict) -> list[str]:
    """Names of the entries where two weights files (as parsed JSON) differ."""
    out = [] if refit.get("trained_on") == shipped.get("trained_on") else ["trained_on"]
    for stage in ("prior", "context"):
        ours, theirs = refit.get(stage, {}), shipped.get(stage, {})
        out += [f"{stage}.{name}" for name in sorted(set(ours) | set(theirs)) if ours.get(name) != theirs.get(name)]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tocsin.geo.ranker_train", description=__doc__.splitlines()[0])
    parser.add_argument("--cv", nargs="+", type=Path, help="gold corpora for k-fold cross-validation")
    parser.add_argument("--ship", action="store_true", help="fit on our own data and write the shipped weights")
    parser.add_argument("--check", action="store_true",
                        help="fit on our own data in memory and exit 1 unless the result is the shipped weights")
    parser.add_argument("--out", type=Path, default=None, help="where --ship writes and --check reads (default: the package data)")
    parser.add_argument("--docs", type=int, default=None, help="synthetic documents for --ship")
    args = parser.parse_args(argv)
    if args.cv:
        print(json.dumps(cross_validate(args.cv), indent=1))
        return 0
    if args.check:
        shipped_path = args.out or ranker.weights_path()
        shipped = json.loads(shipped_path.read_text(encoding="utf-8"))
        # Compared as the rounded numbers the file holds, not as raw floats.
        refit = json.loads(weights_text(shipped_fit(args.docs)))
        differ = differences(refit, shipped)
        if differ:
            shown = ", ".join(differ[:5]) + (f" and {len(differ) - 5} more" if len(differ) > 5 else "")
            print(f"{shipped_path} differs from what training gives ({shown}): run --ship", file=sys.stderr)
            return 1
        print(f"{shipped_path} is what training gives")
        return 0
    if args.ship:
        weights = shipped_fit(args.docs)
        out = args.out or ranker.weights_path()
        out.write_text(weights_text(weights), encoding="utf-8")
        print(f"wrote {out} ({weights.trained_on})")
        return 0
    parser.print_usage(sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
