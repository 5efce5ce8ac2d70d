"""News report or opinion piece?  `classify(title, text) -> "news" | "opinion"`.

A label in the title or lead ("Opinion:", "Analysis |", "Comment -") decides
outright.  Otherwise the author's own voice is scored per 100 words of text
*outside quotations* (quoted officials say "we" and "must" in news too):
first person, prescriptions (should, must), judgement words and rhetorical
questions push towards opinion; attribution verbs (said, according to) pull
towards news.  The weights and the threshold were set by hand on invented
examples (no opinion-labelled dev data was available), so they are kept
simple and conservative: an article is news unless the signal is clear.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from tocsin import vocabulary
from tocsin.models import Article

_CUES = ("label", "first_singular", "first_plural", "deontic", "evaluative", "reporting")
_WEIGHTS = {"first_singular": 1.5, "first_plural": 0.8, "deontic": 1.5, "evaluative": 1.0,
            "questions": 2.0, "reporting": -1.0}
THRESHOLD = 1.5
_QUOTED = re.compile(r"[\"“][^\"“”]{0,600}[\"”]")
_WORD = re.compile(r"[\w'’-]+")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    text = resources.files("tocsin").joinpath("data/cues_genre.tsv").read_text("utf-8")
    parts: dict[str, list[str]] = {name: [] for name in _CUES}
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, pattern = line.partition("\t")
        if name not in parts or not pattern:
            raise ValueError(f"cues_genre.tsv line {line_no}: unknown cue {name!r}")
        parts[name].append(vocabulary.expand(pattern))
    compiled = {n: re.compile(r"(?i:(?<![\w'])(?:" + "|".join(p) + r")(?![\w'-]))")
                for n, p in parts.items()}
    # "I" and "US" need their case: "us" the pronoun, "US" the country.
    compiled["first_singular"] = re.compile(
        r"(?<![\w'])(?:I|I'm|I've|I'd|(?i:me|my|mine|myself))(?![\w'-])")
    compiled["first_plural"] = re.compile(
        r"(?<![\w'])(?:us|(?i:we|our|ours|ourselves|we're|we've|let's))(?![\w'-])")
    return compiled


def _labelled(title: str | None, text: str) -> bool:
    label = _cues()["label"]
    lead = text[:80]
    for candidate in (title or "", lead):
        m = re.match(r"\s*(.{1,30}?)\s*[:|–—-]\s", candidate)
        if m and label.fullmatch(m.group(1).strip()):
            return True
    return False


def opinion_score(text: str) -> float:
    """Author-voice signal per 100 words outside quotations (>= THRESHOLD is opinion)."""
    own = _QUOTED.sub(" ", text)
    words = max(len(_WORD.findall(own)), 1)
    sentences = max(len(_SENTENCE_END.findall(own)), 1)
    counts = {name: len(_cues()[name].findall(own)) for name in _WEIGHTS if name != "questions"}
    rates = {name: 100.0 * count / words for name, count in counts.items()}
    rates["questions"] = 10.0 * own.count("?") / sentences
    return sum(_WEIGHTS[name] * rate for name, rate in rates.items())


def classify(title: str | None, text: str) -> str:
    """'opinion' for opinion/analysis/commentary pieces, else 'news'."""
    if _labelled(title, text):
        return "opinion"
    return "opinion" if opinion_score(text) >= THRESHOLD else "news"


def classify_article(article: Article) -> str:
    return classify(article.title, article.text)
