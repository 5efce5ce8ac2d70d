"""`make eval`: run every evaluator on ../shared/eval and write docs/accuracy.md.

Each evaluator runs as `tocsin eval KIND FILE` in a child process; its last
output line is the metrics JSON.  The scorecard sets each figure beside the
published one for the same data and the target from issue #3.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Run:
    kind: str
    label: str
    relpath: str
    #: (metric key, published figure or None, target or None)
    rows: tuple[tuple[str, str | None, float | None], ...]
    #: more arguments for `tocsin eval KIND FILE`
    args: tuple[str, ...] = ()


RUNS = (
    Run("case2021", "CASE 2021 task 2 dev (530 snippets, 30 classes)", "eval/events/case2021_task2_dev.tsv",
        (("weighted_f1", "0.771 (fine-tuned transformers, full test set)", 0.80),
         ("macro_f1", None, None), ("accuracy", None, None))),
    Run("case2021", "CASE 2021 task 2 dev, held-out half (odd sha1 of the snippet)",
        "eval/events/case2021_task2_dev.tsv",
        (("weighted_f1_heldout", None, 0.80), ("macro_f1_heldout", None, None),
         ("accuracy_heldout", None, None), ("n_heldout", None, None))),
    Run("case2021", "CASE 2021 task 2 dev, even half (the half whose errors may be read)",
        "eval/events/case2021_task2_dev.tsv",
        (("weighted_f1_even", None, None), ("macro_f1_even", None, None), ("n_even", None, None))),
    Run("geo", "LGL", "eval/geo/lgl.xml",
        (("acc_161km", "0.827 (Mordecai 3)", 0.85), ("acc_161km_given_spans", "0.827 (Mordecai 3)", None),
         ("recognition_f1", None, 0.80),
         ("acc_25km", None, None), ("median_km", None, None), ("country_acc", "0.979 (Mordecai 3)", None))),
    Run("geo", "GeoVirus", "eval/geo/GeoVirus.xml",
        (("acc_161km", None, 0.90), ("recognition_f1", None, None), ("median_km", None, None))),
    Run("geo", "LGL, held-out fold 4", "eval/geo/lgl.xml",
        (("acc_161km", "0.827 (Mordecai 3)", 0.85), ("acc_161km_given_spans", "0.827 (Mordecai 3)", None),
         ("recognition_f1", None, 0.80), ("country_acc", "0.979 (Mordecai 3)", None)), ("--folds", "4")),
    Run("geo", "GeoVirus, held-out fold 4", "eval/geo/GeoVirus.xml",
        (("acc_161km", None, 0.90), ("recognition_f1", None, None)), ("--folds", "4")),
    Run("fakes", "FA-KES dev (409 articles)", "eval/articles/fakes_dev.csv",
        (("governorate_acc", None, 0.90), ("date_within_1d", None, 0.90), ("date_exact", None, None),
         ("actor_acc", None, 0.75), ("casualty_mae", None, None),
         ("governorate_acc_heldout", None, 0.90), ("date_within_1d_heldout", None, 0.90),
         ("actor_acc_heldout", None, 0.75))),
    Run("geo-region", "FA-KES dev, out of theatre (outside SY, TR, IQ, JO, LB, IL, PS)",
        "eval/articles/fakes_dev.csv",
        (("mentions", None, None), ("out_of_region", None, None), ("out_of_region_unnamed", None, None),
         ("alerts", None, None), ("alerts_out_of_region", None, None))),
    Run("plover", "PLOVER gold-standard records", "eval/events/plover/PLOVER_GSR_CAMEO.txt",
        (("event_acc", None, 0.80), ("source_country_acc", None, 0.80), ("target_country_acc", None, None),
         ("event_acc_heldout", None, 0.80), ("source_country_acc_heldout", None, 0.80),
         ("target_country_acc_heldout", None, None))),
    Run("petrarch2", "PETRARCH-2 validation (78 news sentences)",
        "eval/events/petrarch2/PETR2_GSR_validation.xml",
        (("source_country_acc", None, None), ("target_country_acc", None, None),
         ("source_country_acc_heldout", None, None), ("target_country_acc_heldout", None, None))),
)


def run_one(run: Run, shared: Path) -> tuple[dict[str, float], float]:
    path = shared / run.relpath
    if not path.exists():
        return {}, 0.0
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "tocsin.cli", "eval", run.kind, str(path), *run.args],
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    sys.stdout.write(proc.stdout)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr[-2000:])
        return {}, seconds
    return json.loads(proc.stdout.strip().splitlines()[-1]), seconds


def _commit() -> str:
    proc = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return proc.stdout.strip() or "unknown"


def render(results: list[tuple[Run, dict[str, float], float]], notes: str) -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# tocsin accuracy scorecard", "",
        f"Written by `make eval` on {stamp} at commit `{_commit()}`.", "",
        "| dataset | metric | tocsin | published | target | met | seconds |",
        "|---|---|---|---|---|---|---|",
    ]
    for run, metrics, seconds in results:
        for key, published, target in run.rows:
            value = metrics.get(key)
            shown = "not run" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)
            met = "" if target is None or value is None else ("yes" if value >= target else "no")
            lines.append(f"| {run.label} | {key} | {shown} | {published or ''} | "
                         f"{'' if target is None else target} | {met} | {seconds:.0f} |")
    return "\n".join(lines) + "\n\n" + notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="make eval")
    parser.add_argument("--shared", type=Path, default=Path("../shared"))
    parser.add_argument("--out", type=Path, default=Path("docs/accuracy.md"))
    parser.add_argument("--notes", type=Path, default=Path("docs/accuracy_notes.md"))
    args = parser.parse_args(argv)
    if not (args.shared / "eval").is_dir():
        print(f"make eval: no evaluation data under {args.shared}/eval", file=sys.stderr)
        return 2
    results = []
    for run in RUNS:
        metrics, seconds = run_one(run, args.shared)
        results.append((run, metrics, seconds))
    notes = args.notes.read_text() if args.notes.exists() else ""
    text = render(results, notes)
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
