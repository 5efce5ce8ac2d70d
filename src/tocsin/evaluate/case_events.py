"""Score event typing on a CASE 2021 Task 2 style TSV (id, EventSnippet, SubType).

    python -m tocsin.evaluate.case_events PATH [--strict]
    python -m tocsin.evaluate.case_events --cv              # 5-fold CV on our own examples
    python -m tocsin.evaluate.case_events PATH --cv-dev     # 5-fold CV adding PATH's rows

Prints a per-class table, the top confusions, then one JSON object with the
metrics as the last line.  By default each snippet gets a forced choice among
the 30 codes (`best_codes`), as the shared task requires; `--strict` scores
`classify` itself, counting an abstention (None) as the label "NONE".

`--cv` is how model settings are chosen: it never looks at a dev file.
`--cv-dev` measures what training on a labelled file *would* give (the model
is trained on our examples plus 4/5 of the file, scored on the other 1/5); the
shipped model never sees that file.
"""
from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from sklearn.metrics import accuracy_score, f1_score, precision_recall_fscore_support

from tocsin.extract.event_type import best_codes, classify_many
from tocsin.extract.event_type_model import NO_EVENT, REGULARISATION, Example, shipped_examples, train

REQUIRED_COLUMNS = ("EventSnippet", "SubType")
ABSTAIN = "NONE"


@dataclass(frozen=True, slots=True)
class Case2021Rows:
    ids: tuple[str, ...]
    snippets: tuple[str, ...]
    labels: tuple[str, ...]
    skipped: int = 0
    skip_reasons: tuple[str, ...] = field(default=())


class Case2021FormatError(ValueError):
    """The file is not a CASE 2021 TSV (missing header columns, unreadable)."""


def read_tsv(path: str | Path) -> Case2021Rows:
    """Read rows by header name; rows missing a snippet or label are skipped and counted."""
    ids: list[str] = []
    snippets: list[str] = []
    labels: list[str] = []
    reasons: list[str] = []
    with open(path, encoding="utf-8", errors="replace", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = reader.fieldnames or []
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            raise Case2021FormatError(f"{path}: missing column(s) {', '.join(missing)}")
        for line_number, row in enumerate(reader, start=2):
            reason = _row_problem(row)
            if reason:
                reasons.append(f"line {line_number}: {reason}")
                continue
            ids.append((row.get("id") or str(line_number)).strip())
            snippets.append(_unquote(row["EventSnippet"]))
            labels.append(row["SubType"].strip())
    return Case2021Rows(tuple(ids), tuple(snippets), tuple(labels), len(reasons), tuple(reasons))


def _row_problem(row: dict[str | None, object]) -> str | None:
    if row.get(None):
        return "too many fields"
    snippet, label = row.get("EventSnippet"), row.get("SubType")
    if not isinstance(snippet, str) or not snippet.strip():
        return "empty snippet"
    if not isinstance(label, str) or not label.strip() or " " in label.strip():
        return "missing or malformed label"
    return None


def _unquote(snippet: str) -> str:
    """Undo spreadsheet-style quoting ("...""..."") that some rows carry."""
    text = snippet.strip()
    if len(text) >= 2 and text[0] == text[-1] == '"':
        text = text[1:-1].replace('""', '"')
    return text


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, object]:
    """accuracy, macro and weighted F1 over the gold classes, plus top confusions."""
    classes = sorted(set(gold))
    confusions = Counter((g, p) for g, p in zip(gold, predicted) if g != p)
    return {
        "n": len(gold),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4) if gold else 0.0,
        "macro_f1": _f1(gold, predicted, classes, "macro"),
        "weighted_f1": _f1(gold, predicted, classes, "weighted"),
        "top_confusions": [f"{g}->{p}:{n}" for (g, p), n in confusions.most_common(10)],
    }


def _f1(gold: Sequence[str], predicted: Sequence[str], classes: list[str], average: str) -> float:
    if not gold:
        return 0.0
    value = f1_score(gold, predicted, labels=classes, average=average, zero_division=0)
    return round(float(value), 4)


def evaluate_case2021(path: str | Path, *, strict: bool = False) -> dict[str, object]:
    """Metrics dict with keys n, accuracy, macro_f1, weighted_f1, top_confusions, skipped."""
    return _run(path, strict)[0]


def _run(path: str | Path, strict: bool) -> tuple[dict[str, object], list[str]]:
    rows = read_tsv(path)
    predicted = _predict(rows.snippets, strict)
    metrics = score(rows.labels, predicted)
    metrics["skipped"] = rows.skipped
    metrics["mode"] = "strict" if strict else "forced"
    return metrics, per_class_table(rows.labels, predicted)


def _predict(snippets: Sequence[str], strict: bool) -> list[str]:
    if not strict:
        return best_codes(snippets)
    return [g.code if g else ABSTAIN for g in classify_many(snippets)]


def per_class_table(gold: Sequence[str], predicted: Sequence[str]) -> list[str]:
    """One line per gold class: precision, recall, F1, support."""
    classes = sorted(set(gold))
    if not classes:
        return []
    precision, recall, f1, support = precision_recall_fscore_support(
        gold, predicted, labels=classes, zero_division=0)
    lines = [f"{'code':32} {'prec':>5} {'rec':>5} {'f1':>5} {'n':>4}"]
    for i, code in enumerate(classes):
        lines.append(f"{code:32} {precision[i]:5.2f} {recall[i]:5.2f} {f1[i]:5.2f} {support[i]:4d}")
    return lines


def _fold_of(position: int, folds: int) -> int:
    return position % folds


def _stratified_folds(labels: Sequence[str], folds: int) -> list[int]:
    """Deterministic stratified folds: the i-th row of each class goes to fold i mod k."""
    seen: Counter[str] = Counter()
    assignment = []
    for label in labels:
        assignment.append(_fold_of(seen[label], folds))
        seen[label] += 1
    return assignment


def cross_validate_examples(examples: Sequence[Example] | None = None, *, folds: int = 5,
                            c: float = REGULARISATION) -> tuple[dict[str, object], list[str]]:
    """k-fold CV of the whole forced-choice decision (lexicon + model) on our examples.

    Each fold's model is trained on the other folds (NONE rows included); the
    held-out event rows are scored over the 30 codes.
    """
    rows = list(shipped_examples() if examples is None else examples)
    assignment = _stratified_folds([e.code for e in rows], folds)
    gold: list[str] = []
    predicted: list[str] = []
    for fold in range(folds):
        held = [e for e, f in zip(rows, assignment) if f == fold and e.code != NO_EVENT]
        model = train([e for e, f in zip(rows, assignment) if f != fold], c)
        gold += [e.code for e in held]
        predicted += best_codes([e.text for e in held], model)
    metrics = score(gold, predicted)
    metrics.update(mode=f"cv{folds}-examples", c=c)
    return metrics, per_class_table(gold, predicted)


def cross_validate_with_dev(path: str | Path, *, folds: int = 5,
                            c: float = REGULARISATION) -> tuple[dict[str, object], list[str]]:
    """k-fold CV over a labelled file, training on our examples plus the other folds."""
    rows = read_tsv(path)
    assignment = _stratified_folds(rows.labels, folds)
    gold: list[str] = []
    predicted: list[str] = []
    for fold in range(folds):
        extra = [Example(label, text) for label, text, f
                 in zip(rows.labels, rows.snippets, assignment) if f != fold]
        model = train(list(shipped_examples()) + extra, c)
        held = [i for i, f in enumerate(assignment) if f == fold]
        gold += [rows.labels[i] for i in held]
        predicted += best_codes([rows.snippets[i] for i in held], model)
    metrics = score(gold, predicted)
    metrics.update(mode=f"cv{folds}-with-dev", c=c, skipped=rows.skipped)
    return metrics, per_class_table(gold, predicted)


USAGE = "usage: python -m tocsin.evaluate.case_events (PATH [--strict|--cv-dev] | --cv)"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    strict = "--strict" in args
    paths = [a for a in args if not a.startswith("--")]
    if "--cv" in args and not paths:
        metrics, table = cross_validate_examples()
        return _print(metrics, table)
    if len(paths) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        if "--cv-dev" in args:
            metrics, table = cross_validate_with_dev(paths[0])
        else:
            metrics, table = _run(paths[0], strict)
    except (OSError, Case2021FormatError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return _print(metrics, table)


def _print(metrics: dict[str, object], table: list[str]) -> int:
    for line in table:
        print(line)
    for confusion in metrics["top_confusions"]:  # type: ignore[union-attr]
        print(f"confusion {confusion}")
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
