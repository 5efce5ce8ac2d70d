"""Classification scores for event typing: per class, macro and weighted F1, confusions.

Plain Python, so that training reports, the CASE evaluator and `tocsin train`
print the same numbers the same way.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tocsin.extract.event_type.codes import PROTEST_FAMILY


@dataclass(frozen=True, slots=True)
class ClassScore:
    code: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Scores:
    n: int
    accuracy: float
    macro_f1: float
    weighted_f1: float
    per_class: tuple[ClassScore, ...]
    confusions: tuple[tuple[str, str, int], ...]

    def family(self, codes: Sequence[str] = PROTEST_FAMILY) -> dict[str, float | int]:
        """Macro and weighted F1 over a group of gold classes (e.g. the protest family)."""
        chosen = [c for c in self.per_class if c.code in codes]
        support = sum(c.support for c in chosen)
        if not chosen or not support:
            return {"n": 0, "macro_f1": 0.0, "weighted_f1": 0.0}
        return {"n": support,
                "macro_f1": round(sum(c.f1 for c in chosen) / len(chosen), 4),
                "weighted_f1": round(sum(c.f1 * c.support for c in chosen) / support, 4)}

    def summary(self, confusions: int = 10) -> dict[str, Any]:
        """Rounded figures and the top confusions, for JSON."""
        return {
            "n": self.n, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
            "weighted_f1": self.weighted_f1, "protest_family": self.family(),
            "top_confusions": [f"{g}->{p}:{n}" for g, p, n in self.confusions[:confusions]],
            "per_class_f1": {c.code: round(c.f1, 4) for c in self.per_class},
        }

    def table(self) -> list[str]:
        """One line per gold class: precision, recall, F1, support."""
        lines = [f"{'code':32} {'prec':>5} {'rec':>5} {'f1':>5} {'n':>4}"]
        lines += [f"{c.code:32} {c.precision:5.2f} {c.recall:5.2f} {c.f1:5.2f} {c.support:4d}"
                  for c in self.per_class]
        return lines


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """Scores over the gold classes (a predicted class never seen in gold counts
    against precision of nothing, as scikit-learn's `labels=gold classes`)."""
    if len(gold) != len(predicted):
        raise ValueError("gold and predicted differ in length")
    support = Counter(gold)
    guessed = Counter(predicted)
    hits = Counter(g for g, p in zip(gold, predicted) if g == p)
    per_class = []
    for code in sorted(support):
        precision = hits[code] / guessed[code] if guessed[code] else 0.0
        recall = hits[code] / support[code]
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_class.append(ClassScore(code, precision, recall, f1, support[code]))
    n = len(gold)
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return Scores(
        n=n,
        accuracy=round(sum(hits.values()) / n, 4) if n else 0.0,
        macro_f1=round(sum(c.f1 for c in per_class) / len(per_class), 4) if per_class else 0.0,
        weighted_f1=round(sum(c.f1 * c.support for c in per_class) / n, 4) if n else 0.0,
        per_class=tuple(per_class),
        confusions=tuple((g, p, k) for (g, p), k in confusions.most_common()),
    )
