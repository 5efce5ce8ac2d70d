"""Score event typing on a CASE 2021 Task 2 style TSV (id, EventSnippet, SubType).

    python -m tocsin.evaluate.case_events PATH [--strict] [--model DIR]
    python -m tocsin.evaluate.case_events --cv       # 5-fold CV on our own set

Prints a per-class table, the top confusions, then one JSON object with the
metrics as the last line: accuracy, macro and weighted F1 over the gold
classes, and the same for the protest family (PEACE_PROTEST,
PROTEST_WITH_INTER, FORCE_AGAINST_PROTEST, VIOL_DEMONSTR).

By default each snippet gets a forced choice among the 30 codes
(`best_codes`), as the shared task requires; `--strict` scores `classify`
itself, counting an abstention (None) as the label "NONE".

The CASE file is an out-of-domain test only: the model never trains on it,
and `--cv`, which never reads it, is where settings are chosen.

Halves (fixed 2026-12-02, before any CASE error was read under them): a
snippet whose sha1 (of its text) is odd is in the held-out half, never
inspected; the even half may be inspected.  Every headline metric is also
given on each half (`..._heldout`, `..._even`).  The per-class table and the
confusions printed are the even half's only, so reading the output never
shows a held-out snippet's error.
"""
from __future__ import annotations

import csv
import hashlib
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from tocsin.extract.event_type import ModelError, best_codes, classify_many, load_model
from tocsin.extract.event_type.metrics import Scores, score as score_labels

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


def score(gold: Sequence[str], predicted: Sequence[str]) -> dict[str, Any]:
    """accuracy, macro and weighted F1 over the gold classes, the protest family, confusions."""
    return _metrics(score_labels(gold, predicted))


def in_heldout_half(snippet: str) -> bool:
    """The fixed split of the CASE file: odd sha1 of the snippet text is held out."""
    return int(hashlib.sha1(snippet.encode("utf-8")).hexdigest(), 16) % 2 == 1


#: metrics repeated on each half
HALF_KEYS = ("n", "accuracy", "macro_f1", "weighted_f1", "protest_macro_f1")


def _metrics(scores: Scores) -> dict[str, Any]:
    summary = scores.summary()
    family = summary.pop("protest_family")
    summary.pop("per_class_f1")
    summary.update(protest_macro_f1=family["macro_f1"], protest_weighted_f1=family["weighted_f1"],
                   protest_n=family["n"])
    return summary


def evaluate_case2021(path: str | Path, *, strict: bool = False,
                      model_dir: str | None = None) -> dict[str, Any]:
    """Metrics dict with keys n, accuracy, macro_f1, weighted_f1, protest_*, top_confusions, skipped."""
    return _run(path, strict, model_dir)[0]


def _run(path: str | Path, strict: bool, model_dir: str | None,
         limit: int | None = None) -> tuple[dict[str, Any], list[str]]:
    rows = read_tsv(path)
    if limit is not None:
        rows = Case2021Rows(rows.ids[:limit], rows.snippets[:limit], rows.labels[:limit],
                            rows.skipped, rows.skip_reasons)
    model = load_model(str(Path(model_dir).resolve())) if model_dir else None
    if strict:
        predicted = [g.code if g else ABSTAIN for g in classify_many(rows.snippets, model)]
    else:
        predicted = best_codes(rows.snippets, model)
    metrics = _metrics(score_labels(rows.labels, predicted))
    metrics.pop("top_confusions")
    even_table: list[str] = []
    for suffix, held in (("_heldout", True), ("_even", False)):
        keep = [i for i, s in enumerate(rows.snippets) if in_heldout_half(s) == held]
        if not keep:
            metrics.update({f"{k}{suffix}": 0 if k == "n" else 0.0 for k in HALF_KEYS})
            continue
        half = score_labels([rows.labels[i] for i in keep], [predicted[i] for i in keep])
        half_metrics = _metrics(half)
        metrics.update({f"{k}{suffix}": half_metrics[k] for k in HALF_KEYS})
        if not held:
            metrics["top_confusions_even"] = half_metrics["top_confusions"]
            even_table = ["even half (the held-out half is never shown per class):", *half.table()]
    metrics.setdefault("top_confusions_even", [])
    metrics["skipped"] = rows.skipped
    metrics["mode"] = "strict" if strict else "forced"
    return metrics, even_table


def per_class_table(gold: Sequence[str], predicted: Sequence[str]) -> list[str]:
    """One line per gold class: precision, recall, F1, support."""
    return score_labels(gold, predicted).table()


def cross_validate_own_set() -> tuple[dict[str, Any], list[str]]:
    """5-fold CV of the shipped settings on our own training set (forced choice over
    the event rows, as CASE is scored).  Never reads a CASE file."""
    from tocsin.extract.event_type.training import cross_validate
    from tocsin.extract.event_type.training_data import shipped_examples

    cv = cross_validate(shipped_examples())
    scores = cv.scores(forced=True)
    metrics = _metrics(scores)
    metrics["mode"] = f"cv{cv.folds}-own-set"
    metrics["with_none"] = cv.report()["with_none"]
    return metrics, scores.table()


USAGE = ("usage: python -m tocsin.evaluate.case_events "
         "(PATH [--strict] [--model DIR] [--limit N] | --cv)")


def _take_option(args: list[str], name: str) -> str | None:
    """Remove `name VALUE` from args and return VALUE (ValueError if VALUE is missing)."""
    if name not in args:
        return None
    at = args.index(name)
    if at + 1 >= len(args):
        raise ValueError(f"{name} needs a value")
    value = args[at + 1]
    del args[at:at + 2]
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        model_dir = _take_option(args, "--model")
        limit = _take_option(args, "--limit")
        limit_rows = int(limit) if limit is not None else None
    except ValueError:
        print(USAGE, file=sys.stderr)
        return 2
    strict = "--strict" in args
    paths = [a for a in args if not a.startswith("--")]
    if "--cv" in args and not paths:
        return _print(*cross_validate_own_set())
    if len(paths) != 1:
        print(USAGE, file=sys.stderr)
        return 2
    try:
        metrics, table = _run(paths[0], strict, model_dir, limit_rows)
    except (OSError, Case2021FormatError, ModelError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return _print(metrics, table)


def _print(metrics: dict[str, Any], table: list[str]) -> int:
    for line in table:
        print(line)
    for confusion in metrics.get("top_confusions_even", metrics.get("top_confusions", [])):
        print(f"confusion {confusion}")
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
