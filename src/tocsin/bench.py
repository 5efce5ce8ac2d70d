"""`make bench`: tocsin's speed and memory, measured in one run.

Each measurement runs in its own child process so that its peak memory (max
RSS) belongs to that measurement alone, and every ratio compares two figures
of the same run:

- ratio_war / ratio_general: words per second of `tocsin ingest` (read,
  extract, store, refresh) over bare spaCy `nlp.pipe` with all components, on
  FA-KES war reporting and on the LGL local news texts;
- workers_speedup: the same FA-KES ingest with a pool of 2 workers over one
  process (each worker loaded before the clock starts, like the one process);
- live_ratio / live_peak_mb: ingest of five articles into a store of about
  300,000 mentions (copies of the FA-KES store, `benchmarks.replicate`) over
  the same ingest into an empty store, models loaded before the clock;
- bulk_peak_mb: peak memory of the single-process FA-KES ingest;
- cold_start_s: wall time of `tocsin ingest` on one article, from process start.

The 300k store takes minutes to build; it is kept under ~/.cache/tocsin/bench
(keyed by the FA-KES file, the schema version and the size) and brought up
to date by a refresh before a copy of it is measured.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tocsin.pipelines import PoolPipeline

FAKES_COLUMNS = dict(text="article_content", title="article_title", date="date", id="unit_id")


def _texts(path: Path) -> list[str]:
    from tocsin.ingest.readers import CsvColumns, iter_inputs
    from tocsin.models import Article

    items = iter_inputs([path], columns=CsvColumns(**FAKES_COLUMNS))
    return [a.text for a in items if isinstance(a, Article)]


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _general_texts(path: Path) -> list[str]:
    import xml.etree.ElementTree as ET

    texts = (el.findtext("text") or "" for el in ET.parse(path).getroot().iter("article"))
    return [t for t in texts if t.strip()]


def _corpus(path: Path) -> list[str]:
    return _general_texts(path) if path.suffix == ".xml" else _texts(path)


def measure_spacy(path: Path) -> dict[str, Any]:
    import spacy

    from tocsin.runner import MODEL

    texts = _corpus(path)
    nlp = spacy.load(MODEL)
    words = sum(len(t.split()) for t in texts)   # the same word count as for tocsin
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return _rates("bare spaCy nlp.pipe", len(texts), words, time.perf_counter() - start)


def _as_jsonl(path: Path, folder: Path) -> Path:
    """The LGL texts as a JSONL feed, so they take tocsin's ordinary input path."""
    target = folder / "general.jsonl"
    with target.open("w", encoding="utf-8") as out:
        for i, text in enumerate(_general_texts(path)):
            out.write(json.dumps({"id": f"lgl-{i}", "text": text}) + "\n")
    return target


def _warm_pool(pipeline: PoolPipeline) -> None:
    """Wait until every worker has loaded its models (a task answers only once
    its worker's initializer has run)."""
    from tocsin.bench import _worker_pid  # by module name: this file may run as __main__

    pool, seen = pipeline._started(), set[int]()
    while len(seen) < pipeline.workers:
        seen.update(pool.map(_worker_pid, [0.2] * pipeline.workers, chunksize=1))


def _worker_pid(pause: float) -> int:
    time.sleep(pause)
    return os.getpid()


def measure_tocsin(path: Path, store_path: Path | None = None,
                   workers: int = 1) -> dict[str, Any]:
    from tocsin.ingest.readers import CsvColumns
    from tocsin.runner import Pipeline, PoolPipeline, ingest
    from tocsin.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        source: Path = path
        columns: CsvColumns | None = CsvColumns(**FAKES_COLUMNS)
        if path.suffix == ".xml":
            source, columns = _as_jsonl(path, Path(tmp)), None
        pipeline = PoolPipeline(workers) if workers > 1 else Pipeline()
        with pipeline:
            if isinstance(pipeline, PoolPipeline):
                _warm_pool(pipeline)
            else:   # load model and gazetteer before the clock starts
                _ = (pipeline.nlp, pipeline.extractor)
            with Store(store_path or Path(tmp) / "bench.duckdb") as store:
                start = time.perf_counter()
                report = ingest([source], store, columns=columns, pipeline=pipeline)
                seconds = time.perf_counter() - start
                # exact repeats in the file are skipped, so count only the words processed
                words = sum(len(a.text.split()) for a in store.articles())
    name = "tocsin ingest (read+extract+store+alerts)"
    result = _rates(name + (f", {workers} workers" if workers > 1 else ""),
                    report.articles, words, seconds)
    result["events"] = report.events
    return result


def measure_live(store_path: Path, five: Path) -> dict[str, Any]:
    """Ingest of the articles in `five` into the store at `store_path` (copied
    there by the caller), models loaded before the clock starts."""
    from tocsin.runner import Pipeline, ingest
    from tocsin.store import Store

    from tocsin.analysis.alert_input import fingerprint

    pipeline = Pipeline()
    _ = (pipeline.nlp, pipeline.extractor)
    with Store(store_path) as store:
        (before,) = store.query("SELECT count(*) FROM mentions")[0]
        if before and store.alert_rows_fingerprint() != fingerprint():
            # the alert-row code changed since the store was refreshed: the
            # ingest would rebuild every row, which is not what it costs
            return {"stale": True}
        start = time.perf_counter()
        report = ingest([five], store, pipeline=pipeline)
        seconds = time.perf_counter() - start
    return {"store_mentions": before, "articles": report.articles, "mentions": report.mentions,
            "seconds": round(seconds, 2), "peak_mb": round(_peak_mb())}


def refresh_store(store_path: Path) -> dict[str, float]:
    """Bring a store up to date with this code: clusters, alerts, LSH bands."""
    from tocsin.ingest.dedup import Deduplicator
    from tocsin.runner import refresh
    from tocsin.store import Store

    start = time.perf_counter()
    with Store(store_path) as store:
        alerts = refresh(store)
        Deduplicator(store)     # indexes the bands of articles that have none yet
    return {"alerts": len(alerts), "seconds": round(time.perf_counter() - start, 2)}


def measure_cold_start(article: Path) -> dict[str, Any]:
    """Seconds from process start to the end of `tocsin ingest` on one article."""
    runs = []
    for _ in range(2):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "tocsin.cli", "ingest", str(article),
                            "--db", str(Path(tmp) / "cold.duckdb"), "--quiet"],
                           check=True, capture_output=True)
            runs.append(round(time.perf_counter() - start, 2))
    return {"runs_s": runs, "cold_start_s": min(runs)}


#: (label, module, attribute path) of each stage's entry point.
COMPONENTS = (
    ("spaCy nlp.pipe (tok2vec, tagger, parser, ner)", "spacy.language", "Language.pipe"),
    ("event type (lexicon + text model)", "tocsin.extract.event_type", "classify_many"),
    ("movement cues", "tocsin.extract.movement", "detect"),
    ("dates", "tocsin.extract.dates.context", "DateContext.resolve"),
    ("geoparse (recognise + resolve toponyms)", "tocsin.geo.geocoder", "Geocoder.geoparse"),
    ("event place", "tocsin.geo.geocoder", "Geocoder.event_place"),
    ("actor finding", "tocsin.extract.actors", "ActorResolver.candidates"),
    # events.py imports pick_all_roles by name: time it where it is called
    ("roles", "tocsin.extract.events", "pick_all_roles"),
    ("attribution", "tocsin.extract.claims.attribution", "find"),
    ("epistemic status", "tocsin.extract.claims.status", "classify_claim"),
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


def _rates(name: str, articles: int, words: int, seconds: float) -> dict[str, Any]:
    return {"name": name, "articles": articles, "words": words, "seconds": round(seconds, 2),
            "articles_per_s": round(articles / seconds, 2), "words_per_s": round(words / seconds),
            "peak_mb": round(_peak_mb())}


def _child(kind: str, *args: str) -> dict[str, Any]:
    out = subprocess.run([sys.executable, "-m", "tocsin.bench", "--child", kind, *args],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def _run_child(kind: str, args: list[str]) -> dict[str, Any]:
    if kind == "spacy":
        return measure_spacy(Path(args[0]))
    if kind == "tocsin":
        return measure_tocsin(Path(args[0]), Path(args[1]) if args[1] else None, int(args[2]))
    if kind == "live":
        return measure_live(Path(args[0]), Path(args[1]))
    if kind == "refresh":
        return refresh_store(Path(args[0]))
    if kind == "replicate":
        from tocsin.benchmarks.replicate import replicate

        return replicate(Path(args[0]), Path(args[1]), int(args[2]))
    if kind == "components":
        return measure_components(Path(args[0]))
    return measure_alerts(int(args[0]))


def _cache_key(fakes: Path, mentions: int) -> str:
    from tocsin.store.schema import SCHEMA_VERSION

    digest = hashlib.sha256(fakes.read_bytes()).hexdigest()[:12]
    return f"live-{digest}-s{SCHEMA_VERSION}-{mentions}.duckdb"


def _live_store(fakes_store: Path, fakes: Path, mentions: int, cache: Path,
                work: Path) -> tuple[Path, dict[str, float]]:
    """A copy of the cached large store (built first if missing), refreshed."""
    cached = cache / _cache_key(fakes, mentions)
    built: dict[str, float] = {"reused": 1}
    if not cached.exists():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        partial.unlink(missing_ok=True)
        built = _child("replicate", str(fakes_store), str(partial), str(mentions))
        partial.rename(cached)
    # bring the cache itself up to date (a change to the alert input rebuilds
    # its rows once, not at every run), then measure on a copy
    built["refresh"] = _child("refresh", str(cached))  # type: ignore[assignment]
    target = work / "live.duckdb"
    shutil.copyfile(cached, target)
    return target, built


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tocsin bench")
    parser.add_argument("--fakes", type=Path, help="FA-KES CSV (war reporting)")
    parser.add_argument("--general", type=Path, help="LGL XML (a general news stream)")
    parser.add_argument("--live-articles", type=Path,
                        help="a folder whose first five articles (by name) are the live ingest")
    parser.add_argument("--live-mentions", type=int, default=300_000)
    parser.add_argument("--cache", type=Path, default=Path.home() / ".cache" / "tocsin" / "bench")
    parser.add_argument("--alert-events", type=int, default=1_000_000)
    parser.add_argument("--components", action="store_true",
                        help="Also profile the time each extraction stage takes.")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(_run_child(args.child[0], args.child[1:])))
        return 0
    for name in ("fakes", "general", "live_articles"):
        value = getattr(args, name)
        if value is None or not value.exists():
            print(f"tocsin bench: no --{name.replace('_', '-')} at {value}", file=sys.stderr)
            return 2
    load_before = _load()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        five = work / "five"
        five.mkdir()
        for article in sorted(p for p in args.live_articles.iterdir() if p.is_file())[:5]:
            shutil.copyfile(article, five / article.name)
        bare = _child("spacy", str(args.fakes))
        ours = _child("tocsin", str(args.fakes), str(work / "fakes.duckdb"), "1")
        pool = _child("tocsin", str(args.fakes), "", "2")
        bare_general = _child("spacy", str(args.general))
        ours_general = _child("tocsin", str(args.general), "", "1")
        live_path, built = _live_store(work / "fakes.duckdb", args.fakes, args.live_mentions,
                                       args.cache, work)
        live = _child("live", str(live_path), str(five))
        for _ in range(2):      # the code changed under us (a shared checkout)
            if not live.get("stale"):
                break
            live_path.unlink()
            live_path, built = _live_store(work / "fakes.duckdb", args.fakes,
                                           args.live_mentions, args.cache, work)
            live = _child("live", str(live_path), str(five))
        live_path.unlink()
        empty = _child("live", str(work / "empty.duckdb"), str(five))
        cold = measure_cold_start(sorted(five.iterdir())[0])
    alerts = _child("alerts", str(args.alert_events))
    parts = _child("components", str(args.fakes)) if args.components else {}
    figures = {
        "ratio_war": round(ours["words_per_s"] / bare["words_per_s"], 3),
        "ratio_general": round(ours_general["words_per_s"] / bare_general["words_per_s"], 3),
        "workers_speedup": round(pool["words_per_s"] / ours["words_per_s"], 3),
        "live_ratio": round(live["seconds"] / empty["seconds"], 3),
        "live_peak_mb": live["peak_mb"],
        "bulk_peak_mb": ours["peak_mb"],
        "cold_start_s": cold["cold_start_s"],
    }
    print(f"machine load (1, 5, 15 min) before: {load_before}, after: {_load()}; "
          f"{os.cpu_count()} CPUs")
    print(f"{'pipeline':<52} {'articles/s':>10} {'words/s':>9} {'peak MB':>8}")
    for corpus, rows in (("FA-KES dev", (bare, ours, pool)),
                         ("LGL", (bare_general, ours_general))):
        print(corpus)
        for row in rows:
            print(f"  {row['name']:<50} {row['articles_per_s']:>10} {row['words_per_s']:>9} "
                  f"{row['peak_mb']:>8}")
    print(f"live: 5 articles into {live['store_mentions']:,} mentions {live['seconds']} s "
          f"(peak {live['peak_mb']} MB), into an empty store {empty['seconds']} s "
          f"(peak {empty['peak_mb']} MB); large store: {built}")
    print(f"cold start of tocsin ingest on one article: {cold['runs_s']} s")
    print(f"alert computation over {args.alert_events:,} synthetic events: "
          f"{alerts.get('compute_s')} s (plus {alerts.get('build_s')} s to build them)")
    for label, seconds in parts.items():
        print(f"  {label:<48} {seconds:>7.2f} s")
    print(json.dumps({**figures, "load_before": load_before, "load_after": _load(),
                      "detail": {"spacy_war": bare, "tocsin_war": ours, "workers": pool,
                                 "spacy_general": bare_general, "tocsin_general": ours_general,
                                 "live": live, "empty": empty, "large_store": built,
                                 "cold": cold, "alerts": alerts, "components": parts}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
