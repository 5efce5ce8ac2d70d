"""Random bytes, random text and random JSON into every reader and the whole ingest:
never an unhandled exception, never an "unexpected error" problem, counts that
match the store.  Example counts are kept modest so the suite stays fast."""
from __future__ import annotations

import json
import string
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import EventPerArticle, good_text

from tocsin.ingest.build import from_body, from_plain_text
from tocsin.ingest.limits import DEFAULT_TEXT_LIMITS, bound_html, bound_text
from tocsin.ingest.readers import iter_inputs
from tocsin.models import Article, Problem
from tocsin.runner import ingest_articles
from tocsin.store import Store

pytestmark = pytest.mark.timeout(300)
SUFFIXES = [".txt", ".html", ".jsonl", ".csv", ".tsv", ".xml", ".rss", ""]
#: Text that looks like news and like the worst of the web: words, punctuation runs,
#: markup, emoji, controls, surrogates and NUL.
HOSTILE_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(list(string.ascii_letters + " \n\t.,;:!?'\"<>&/-=()[]{}#@")),
                       st.characters(codec="utf-8"), st.sampled_from(["\x00", "\ud800", "\U0001F525",
                                                                      "\u2028", "\r"])),
    max_size=3_000)
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.sampled_from(["id", "text", "title", "url", "published",
                                                       "source", "author", "x"]), inner, max_size=6),
                    max_leaves=25)


def read_all(data: bytes, suffix: str) -> list[Article | Problem]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(data)
        return list(iter_inputs([path]))


def check_items(items: list[Article | Problem]) -> None:
    assert all(isinstance(item, (Article, Problem)) for item in items)
    assert all(item.reason != "error" for item in items if isinstance(item, Problem)), items
    for item in items:
        if isinstance(item, Article):
            assert item.text.strip() and len(item.text) <= DEFAULT_TEXT_LIMITS.max_chars
            assert "\x00" not in item.text and not any("\ud800" <= c <= "\udfff" for c in item.text)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.binary(max_size=4_000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_in_any_reader(data: bytes, suffix: str) -> None:
    check_items(read_all(data, suffix))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE_TEXT, suffix=st.sampled_from(SUFFIXES))
def test_random_text_in_any_reader(text: str, suffix: str) -> None:
    check_items(read_all(text.encode("utf-8", "surrogatepass"), suffix))


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(JSON, min_size=1, max_size=8))
def test_random_json_lines_never_cost_a_good_record(values: list[object]) -> None:
    lines = [json.dumps(v) for v in values]
    lines.insert(len(lines) // 2, json.dumps({"id": "good-record", "text": good_text(1)}))
    items = read_all(("\n".join(lines) + "\n").encode(), ".jsonl")
    check_items(items)
    assert any(isinstance(i, Article) and i.id == "good-record" for i in items)
    assert len(items) <= len(lines)             # one item per line, at most


@settings(max_examples=80)
@given(text=HOSTILE_TEXT)
def test_random_text_through_the_builders(text: str) -> None:
    check_items([from_body(text, "t"), from_plain_text(text, "t")])
    bounded = bound_text(text)
    assert len(bounded.text) <= DEFAULT_TEXT_LIMITS.max_chars
    assert all(len(run) <= DEFAULT_TEXT_LIMITS.max_word_chars for run in bounded.text.split())
    assert bound_html(text).text is not None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(records=st.lists(st.tuples(st.sampled_from(["a", "b", "c", None]), HOSTILE_TEXT),
                        max_size=8))
def test_random_batches_through_the_whole_ingest(tmp_path_factory, records) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "batch.jsonl"
    path.write_text("\n".join(json.dumps({"id": i, "text": t}) if i else json.dumps({"text": t})
                              for i, t in records) + "\n", encoding="utf-8")
    with Store(folder / "f.duckdb") as store:
        report = ingest_articles(iter_inputs([path]), store, pipeline=EventPerArticle())
        stored = store.query("SELECT count(*) FROM articles")[0][0]
        problems = len(store.problems())
    assert report.articles == stored
    assert len(report.problems) == problems
    assert all(p.reason != "error" for p in report.problems)
