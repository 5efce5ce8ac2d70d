"""Golden pages: realistic HTML, plain-text and JSONL articles read end to end by ingest.

The pages in tests/ingest/pages/ were written for tocsin in the styles of a
commentary site, wire stories and local news.  expected.json holds, for each,
what ingest must read: title without the site suffix, the site name, the
author, the publication time in UTC with the zone it was written in, the
dateline, the captions (kept and marked) and every body paragraph, in order.
Each expected value was checked by hand against the page.

To regenerate after an intended change, print the new values with
TOCSIN_UPDATE_PAGES=1 and check every difference before copying them.
"""
from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest

from tocsin.ingest.readers import iter_inputs
from tocsin.models import Article
from tocsin.store import Store

PAGES = Path(__file__).parent / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
#: Site furniture on each page that must never reach the article text.
FURNITURE = {
    "commentary_relay.html": ["Region", "Theme", "In-depth Report", "SYRIA", "Tags", "Share", "Related",
                              "Iraq's army under strain", "Copyright", "The Meridian Commentary"],
    "commentary_plain.txt": ["Region", "Theme", "In-depth Report", "The Harbour Review", "Print", "Email",
                             "Tags", "Related", "The Raqqa question", "Who funds", "Copyright"],
    "wire_goma.html": ["GOMA,", "Reporting by", "Topics", "Tweet", "More from", "Kinshasa calls", "Africa\n"],
    "wire_khartoum.txt": ["KHARTOUM/CAIRO", "Reporting by", "Nile Desk |"],
    "local_protest.html": ["Local News", "Share this story", "Topics", "Comments", "Copyright"],
    "standfirst_lead.html": ["Read more", "Share", "Home", "7 August 2016"],
    "records.jsonl:1": ["Region", "Theme", "In-depth Report", "AFGHANISTAN", "Valley Post"],
    "records.jsonl:2": ["Valley Post", "Politics", "By Ana Pell", "OLDMERE", "Topics"],
}


def _read_all() -> dict[str, Article]:
    paths = sorted(p for p in PAGES.iterdir() if p.suffix in (".html", ".txt", ".jsonl"))
    found: dict[str, Article] = {}
    for item in iter_inputs(paths):
        assert isinstance(item, Article), item
        found[Path(item.origin).name] = item
    return found


ARTICLES = _read_all()


def _observed(article: Article) -> dict[str, object]:
    return {
        "title": article.title, "source": article.source, "author": article.author,
        "published_utc": article.published.isoformat() if article.published else None,
        "published_offset_minutes": article.published_offset_minutes,
        "dateline_place": article.dateline_place,
        "captions": [article.text[start:end] for start, end in article.captions],
        "paragraphs": article.text.split("\n\n"),
    }


def test_every_page_has_an_expectation() -> None:
    if os.environ.get("TOCSIN_UPDATE_PAGES") == "1":
        print(json.dumps({name: _observed(a) for name, a in sorted(ARTICLES.items())}, indent=2,
                         ensure_ascii=False))
    assert sorted(ARTICLES) == sorted(EXPECTED) == sorted(FURNITURE)


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("field", ["title", "source", "author", "published_utc", "published_offset_minutes",
                                   "dateline_place", "captions"])
def test_metadata(name: str, field: str) -> None:
    assert _observed(ARTICLES[name])[field] == EXPECTED[name][field]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_body_paragraph_is_kept_in_order(name: str) -> None:
    assert _observed(ARTICLES[name])["paragraphs"] == EXPECTED[name]["paragraphs"]


@pytest.mark.parametrize("name", sorted(FURNITURE))
def test_no_furniture_in_the_text(name: str) -> None:
    text = ARTICLES[name].text + "\n"
    assert [piece for piece in FURNITURE[name] if piece in text] == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lead_paragraph_starts_clean(name: str) -> None:
    article = ARTICLES[name]
    captions = {article.text[start:end] for start, end in article.captions}
    lead = next(p for p in article.text.split("\n\n") if p not in captions)
    assert lead[:1].isupper() and "\n" not in lead
    assert lead == next(p for p in EXPECTED[name]["paragraphs"] if p not in EXPECTED[name]["captions"])


def test_times_keep_their_clock_and_zone_through_the_store(tmp_path: Path) -> None:
    with Store(tmp_path / "pages.duckdb") as store:
        store.write_batch([(article, None) for article in ARTICLES.values()], [])
        for name, article in ARTICLES.items():
            stored = store.article(article.id)
            assert stored is not None
            assert (stored.published, stored.published_offset_minutes, stored.captions) == \
                (article.published, article.published_offset_minutes, article.captions), name
    khartoum = ARTICLES["wire_khartoum.txt"]
    assert khartoum.published == datetime(2023, 4, 16, 12, 30)      # 2:30 PM GMT+2
    assert khartoum.to_dict()["published_offset_minutes"] == 120


def test_no_sentence_runs_across_a_paragraph_or_holds_furniture() -> None:
    from tocsin.runner import load_nlp

    nlp = load_nlp()
    for name, article in ARTICLES.items():
        for sentence in nlp(article.text).sents:
            text = sentence.text.strip()
            assert "\n\n" not in text, (name, text)
            assert not [piece for piece in FURNITURE[name] if piece in text], (name, text)
