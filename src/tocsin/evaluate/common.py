"""Shared pieces of the evaluators: metrics, the result printout, batching texts."""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from tocsin.models import ALERTABLE_STATUSES, Article, Event


def accuracy(pairs: Sequence[tuple[Any, Any]]) -> float:
    return sum(g == p for g, p in pairs) / len(pairs) if pairs else 0.0


def f1_scores(gold: Sequence[str], pred: Sequence[str]) -> tuple[float, float]:
    """(macro-F1, weighted-F1) over the gold labels."""
    support = Counter(gold)
    f1s: dict[str, float] = {}
    for label in support:
        tp = sum(g == p == label for g, p in zip(gold, pred))
        fp = sum(p == label and g != label for g, p in zip(gold, pred))
        fn = support[label] - tp
        f1s[label] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    if not f1s:
        return 0.0, 0.0
    macro = sum(f1s.values()) / len(f1s)
    weighted = sum(f1s[k] * support[k] for k in f1s) / sum(support.values())
    return macro, weighted


def top_confusions(gold: Sequence[str], pred: Sequence[str], n: int = 8) -> list[tuple[str, str, int]]:
    counts = Counter((g, p) for g, p in zip(gold, pred) if g != p)
    return [(g, p, c) for (g, p), c in counts.most_common(n)]


def emit(title: str, rows: Iterable[tuple[str, Any]], metrics: Mapping[str, Any]) -> None:
    """Print a short table, then the metrics as one JSON object on the last line."""
    print(title)
    for name, value in rows:
        shown = f"{value:.3f}" if isinstance(value, float) else str(value)
        print(f"  {name:<28} {shown}")
    print(json.dumps(dict(metrics), sort_keys=False))


def norm_name(text: str | None) -> str:
    """Fold a place or actor name for comparison: accents, Arabic articles, suffixes."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\b(governorate|province|muhafazat|wilayah|district|region|city)\b", " ", text)
    text = re.sub(r"\b(al|ar|as|ad|an|az|el|ash|at)[-\s]+", "", text)
    text = re.sub(r"[^a-z]", "", text)
    text = re.sub(r"(.)\1+", r"\1", text)
    return text.replace("ou", "u").replace("ei", "e").replace("ee", "e").replace("h", "")


def main_event(events: Sequence[Event]) -> Event | None:
    """The event an article is mainly about: the earliest factual, located one."""
    factual = [e for e in events if e.status in ALERTABLE_STATUSES] or list(events)
    located = [e for e in factual if e.location is not None]
    if not located:
        return min(factual, key=lambda e: e.evidence.start) if factual else None
    countries = Counter(e.location.country for e in located if e.location)
    main_country = countries.most_common(1)[0][0]
    located = [e for e in located if e.location and e.location.country == main_country]
    return min(located, key=lambda e: (_vagueness(e), e.evidence.start, -e.confidence))


def _vagueness(event: Event) -> int:
    """0 for a town or district, 1 for a province, 2 for a country or nothing."""
    precision = event.location.precision if event.location else None
    return {"city": 0, "admin2": 0, "point": 0, "admin1": 1}.get(precision or "", 2)


def analyse(texts: Sequence[tuple[str, str, datetime | None]], batch_size: int = 32
            ) -> Iterable[tuple[str, list[Event]]]:
    """Run the full pipeline over (id, text, published) triples, batched."""
    from tocsin.extract.genre import classify as classify_genre
    from tocsin.runner import Pipeline, batched

    pipeline = Pipeline()
    for chunk in batched(texts, batch_size):
        articles = [Article(id=i, text=t, published=p, genre=classify_genre(None, t))
                    for i, t, p in chunk]
        for article, events in pipeline.run(articles):
            yield article.id, events
