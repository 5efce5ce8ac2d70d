"""`make bench`: tocsin's throughput against bare spaCy on the same texts.

Each measurement runs in its own child process so that peak memory (max RSS)
belongs to that measurement alone; the ratios printed come from one run.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FAKES_COLUMNS = dict(text="article_content", title="article_title", date="date", id="unit_id")


def _texts(path: Path) -> list[str]:
    from tocsin.ingest.readers import CsvColumns, iter_inputs
    from tocsin.models import Article

    items = iter_inputs([path], columns=CsvColumns(**FAKES_COLUMNS))
    return [a.text for a in items if isinstance(a, Article)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_spacy(path: Path) -> dict[str, float | str]:
    import spacy

    from tocsin.runner import MODEL

    texts = _texts(path)
    nlp = spacy.load(MODEL)
    words = sum(len(t.split()) for t in texts)   # the same word count as for tocsin
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return _rates("bare spaCy nlp.pipe", len(texts), words, time.perf_counter() - start)


def measure_tocsin(path: Path) -> dict[str, float | str]:
    from tocsin.ingest.readers import CsvColumns
    from tocsin.runner import Pipeline, ingest
    from tocsin.store import Store

    pipeline = Pipeline()
    _ = (pipeline.nlp, pipeline.extractor)  # load model and gazetteer before the clock starts
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "bench.duckdb") as store:
        start = time.perf_counter()
        report = ingest([path], store, columns=CsvColumns(**FAKES_COLUMNS), pipeline=pipeline)
        seconds = time.perf_counter() - start
        # exact repeats in the file are skipped, so count only the words processed
        words = sum(len(a.text.split()) for a in store.articles())
    result = _rates("tocsin ingest (read+extract+store+alerts)", report.articles, words, seconds)
    result["events"] = report.events
    return result


#: (label, module, attribute path) of each stage's entry point.
COMPONENTS = (
    ("spaCy nlp.pipe (tok2vec, tagger, parser, ner)", "spacy.language", "Language.pipe"),
    ("event type (lexicon + text model)", "tocsin.extract.event_type", "classify_many"),
    ("movement cues", "tocsin.extract.movement", "detect"),
    ("dates", "tocsin.extract.dates.context", "DateContext.resolve"),
    ("geoparse (recognise + resolve toponyms)", "tocsin.geo.geocoder", "Geocoder.geoparse"),
    ("event place", "tocsin.geo.geocoder", "Geocoder.event_place"),
    ("actors and roles", "tocsin.extract.actors", "ActorResolver.roles"),
    ("attribution", "tocsin.extract.claims.attribution", "find"),
    ("epistemic status", "tocsin.extract.claims.status", "classify_span"),
    ("casualties", "tocsin.extract.casualties", "count"),
)


def _timed(function, totals: dict[str, float], label: str, generator: bool = False):  # type: ignore[no-untyped-def]
    import functools

    @functools.wraps(function)
    def plain(*args, **kwargs):  # type: ignore[no-untyped-def]
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start

    @functools.wraps(function)
    def stream(*args, **kwargs):  # type: ignore[no-untyped-def]
        iterator = iter(function(*args, **kwargs))
        while True:
            start = time.perf_counter()
            try:
                item = next(iterator)
            except StopIteration:
                return
            finally:
                totals[label] += time.perf_counter() - start
            yield item
    return stream if generator else plain


def measure_components(path: Path) -> dict[str, float]:
    """Wall-clock seconds spent in each stage's entry point over the corpus.

    Entry points are wrapped with timers (cheap, unlike a profiler); a stage that
    calls another is counted in both, so the rows do not add up to the total.
    """
    import importlib
    from collections import defaultdict

    from tocsin.models import Article
    from tocsin.runner import Pipeline

    totals: dict[str, float] = defaultdict(float)
    for label, module_name, attribute in COMPONENTS:
        owner = importlib.import_module(module_name)
        *parents, name = attribute.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        setattr(owner, name, _timed(getattr(owner, name), totals, label, generator=name == "pipe"))
    texts = _texts(path)
    articles = [Article(id=str(i), text=t) for i, t in enumerate(texts)]
    pipeline = Pipeline()
    _ = (pipeline.nlp, pipeline.extractor)
    start = time.perf_counter()
    pipeline.run(articles)
    result = {label: round(totals[label], 2) for label, _, _ in COMPONENTS}
    result["total (spaCy + extraction)"] = round(time.perf_counter() - start, 2)
    return result


def measure_alerts(n: int) -> dict[str, float]:
    from tocsin.analysis.alerts import bench

    return bench(n)


def _rates(name: str, articles: int, words: int, seconds: float) -> dict[str, float | str]:
    return {"name": name, "articles": articles, "words": words, "seconds": round(seconds, 2),
            "articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds),
            "peak_mb": round(_peak_mb())}


def _child(kind: str, arg: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, "-m", "tocsin.bench", "--child", kind, arg],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tocsin bench")
    parser.add_argument("--fakes", type=Path)
    parser.add_argument("--alert-events", type=int, default=1_000_000)
    parser.add_argument("--components", action="store_true",
                        help="Also profile the time each extraction stage takes.")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        kind, arg = args.child
        runners = {"spacy": measure_spacy, "tocsin": measure_tocsin,
                   "components": measure_components}
        result = runners[kind](Path(arg)) if kind in runners else measure_alerts(int(arg))
        print(json.dumps(result))
        return 0
    if args.fakes is None or not args.fakes.exists():
        print(f"tocsin bench: no FA-KES file at {args.fakes}", file=sys.stderr)
        return 2
    bare = _child("spacy", str(args.fakes))
    ours = _child("tocsin", str(args.fakes))
    alerts = _child("alerts", str(args.alert_events))
    print(f"{'pipeline':<44} {'articles/s':>10} {'words/s':>9} {'peak MB':>8}")
    for row in (bare, ours):
        print(f"{row['name']:<44} {row['articles_per_s']:>10} {row['words_per_s']:>9} {row['peak_mb']:>8}")
    ratio = ours["words_per_s"] / bare["words_per_s"]
    print(f"tocsin / bare spaCy throughput: {ratio:.2f}")
    print(f"alert computation over {args.alert_events:,} synthetic events: "
          f"{alerts.get('compute_s')} s (plus {alerts.get('build_s')} s to build them)")
    parts = _child("components", str(args.fakes)) if args.components else {}
    for label, seconds in parts.items():
        print(f"  {label:<48} {seconds:>7.2f} s")
    print(json.dumps({"spacy": bare, "tocsin": ours, "ratio": round(ratio, 3), "alerts": alerts,
                      "components": parts}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
