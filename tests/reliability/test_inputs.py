"""Issue 11, cases 1-5, through the readers and the runner (no model needed):
a problem row with its reason, good records kept, counts from what was written,
no traceback on stderr, and a test-level timeout instead of a hang."""
from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest
from reliability_helpers import good_text, write_jsonl

from tocsin.ingest.readers import CsvColumns, iter_inputs
from tocsin.runner import ingest, ingest_articles
from tocsin.store import Store

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def store(tmp_path):
    with Store(tmp_path / "r.duckdb") as opened:
        yield opened


def counts(store: Store) -> tuple[int, int]:
    return (store.query("SELECT count(*) FROM articles")[0][0],
            store.query("SELECT count(*) FROM mentions")[0][0])


def reasons(store: Store) -> list[tuple[str, str]]:
    return sorted((Path(p.origin.split(":")[0]).name, p.reason) for p in store.problems())


def assert_quiet(capfd: pytest.CaptureFixture[str]) -> list[str]:
    """No traceback on stderr; every stderr line is one problem line."""
    err = capfd.readouterr().err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert all(line.startswith("tocsin: ") for line in lines), lines
    return lines


# --- 1. long texts ----------------------------------------------------------------------
def test_a_text_over_a_million_characters_is_cut_and_the_batch_is_kept(
        tmp_path, store, fake_pipeline, capfd):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-good.txt").write_text(good_text(1))
    (folder / "b-long.txt").write_text((good_text(2) + "\n\n") * 8_000)     # ~1.3 M characters
    (folder / "c-good.txt").write_text(good_text(3))
    assert (folder / "b-long.txt").stat().st_size > 1_000_000
    report = ingest([folder], store, pipeline=fake_pipeline)
    assert (report.articles, report.rejected, report.truncated) == (3, 0, 1)
    assert counts(store) == (3, 3)
    assert reasons(store) == [("b-long.txt", "truncated")]
    longest = store.query("SELECT max(length(text)) FROM articles")[0][0]
    assert 50_000 < longest <= 100_000
    assert_quiet(capfd)


def test_a_long_record_in_jsonl_is_cut_and_its_neighbours_kept(tmp_path, store, fake_pipeline):
    path = tmp_path / "posted.jsonl"
    write_jsonl(path, [{"id": "g1", "text": good_text(1)},
                       {"id": "long", "text": (good_text(2) + "\n\n") * 8_000},
                       {"id": "g2", "text": good_text(3)}])
    report = ingest([path], store, pipeline=fake_pipeline)
    assert (report.articles, report.rejected, report.truncated) == (3, 0, 1)
    assert [p.origin for p in store.problems()] == [f"{path}:2"]


# --- 2. punctuation runs ---------------------------------------------------------------
def test_punctuation_runs_and_nested_markup_are_collapsed_before_the_parser(
        tmp_path, store, fake_pipeline, capfd):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "angles.txt").write_text("Border report\n\n" + ">" * 20_000 + "\n\n" + good_text(1))
    (folder / "nested.html").write_text(
        "<html><body>" + "<div>" * 50_000 + "&gt;" * 400_000 + "<p>" + good_text(2) + "</p>"
        + "</div>" * 50_000 + "</body></html>")
    (folder / "emoji.txt").write_text("\U0001F525" * 30_000 + "\n\n" + good_text(3))
    ingest([folder], store, pipeline=fake_pipeline)
    texts = [t for (t,) in store.query("SELECT text FROM articles")]
    assert texts and all(">" * 9 not in t and "\U0001F525" * 9 not in t for t in texts)
    assert all(len(t) <= 100_000 for t in texts)
    assert {"angles.txt", "emoji.txt"} <= {name for name, _ in reasons(store)}
    assert_quiet(capfd)


# --- 3. FIFOs, sockets and devices ------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_a_fifo_or_socket_in_a_folder_is_a_problem_not_a_hang(tmp_path, store, fake_pipeline, capfd):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(good_text(1))
    os.mkfifo(folder / "b-pipe.txt")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(folder / "c-socket.txt"))
    (folder / "d.txt").write_text(good_text(2))
    try:
        report = ingest([folder, "/dev/zero"], store, pipeline=fake_pipeline)
    finally:
        listener.close()
    assert report.articles == 2
    assert reasons(store) == [("b-pipe.txt", "not_a_file"), ("c-socket.txt", "not_a_file"),
                              ("zero", "not_a_file")]
    assert_quiet(capfd)


# --- 4. one line must not kill its file -------------------------------------------------
def test_a_deeply_nested_json_line_costs_only_itself(tmp_path, store, fake_pipeline, capfd):
    path = tmp_path / "feed.jsonl"
    records = [{"id": f"r{i}", "text": good_text(i)} for i in range(66)]
    write_jsonl(path, records, raw_lines={38: "[" * 100_000})
    report = ingest([path], store, pipeline=fake_pipeline)
    assert (report.articles, report.rejected) == (66, 1)
    assert counts(store) == (66, 66)
    assert [(p.origin, p.reason) for p in store.problems()] == [(f"{path}:39", "bad_json")]
    assert_quiet(capfd)


@pytest.mark.parametrize("hostile", [
    '{"id": "x", "text": ' + "[" * 50_000 + "}",       # nested inside a record
    '{"id": "x", "text": "\\ud800 lone surrogate"}',
    '{"id": "x", "text": "nul \\u0000 byte", "title": "\\u0000"}',
    '{"id": 7, "text": "Gunmen attacked a post.", "published": "' + "9" * 5000 + '"}',
    '{"id": "x", "text": "Gunmen attacked a post.", "title": "' + "T" * 100_000 + '"}',
    '{"id": {"nested": true}, "text": ["not", "a", "string"]}',
])
def test_hostile_records_are_problems_or_articles_and_the_rest_survive(
        tmp_path, store, fake_pipeline, hostile):
    path = tmp_path / "h.jsonl"
    write_jsonl(path, [{"id": "before", "text": good_text(1)}, {"id": "after", "text": good_text(2)}],
                raw_lines={1: hostile})
    ingest([path], store, pipeline=fake_pipeline)
    ids = {i for (i,) in store.query("SELECT id FROM articles")}
    assert {"before", "after"} <= ids
    titles = [t for (t,) in store.query("SELECT title FROM articles WHERE title IS NOT NULL")]
    assert all(len(t) <= 1_000 for t in titles)


def test_a_csv_with_an_unclosed_quote_keeps_the_rows_after_it(tmp_path, store, fake_pipeline):
    path = tmp_path / "rows.csv"
    rows = ["id,text"] + [f'r{i},"{good_text(i)}"' for i in range(3)]
    rows += ['bad,"this quote never closes'] + ["filler line without quotes"] * 5
    path.write_text("\n".join(rows) + "\n")
    report = ingest([path], store, pipeline=fake_pipeline)
    assert report.articles >= 3        # the rows before the broken one are all kept
    assert store.query("SELECT count(*) FROM articles WHERE id IN ('r0', 'r1', 'r2')") == [(3,)]


# --- 5. duplicate ids, syndicated copies, honest counts ---------------------------------
def test_duplicate_ids_in_one_batch_are_refused_and_evidence_matches_its_article(
        tmp_path, store, fake_pipeline, capfd):
    path = tmp_path / "dups.jsonl"
    write_jsonl(path, [
        {"id": "x", "text": good_text(1)},
        {"id": "x", "text": good_text(2)},                     # same id, another text
        {"id": "x", "text": good_text(1)},                     # a plain repeat
        {"id": "y", "text": good_text(3)},
    ])
    report = ingest([path], store, pipeline=fake_pipeline)
    assert (report.articles, report.duplicates, report.rejected) == (2, 1, 1)
    assert counts(store) == (report.articles, report.mentions)
    assert [(p.origin, p.reason) for p in store.problems()] == [(f"{path}:2", "duplicate_id")]
    rows = store.query(
        "SELECT a.text, m.sentence, m.sentence_start, m.sentence_end "
        "FROM mentions m JOIN articles a ON a.id = m.article_id")
    assert len(rows) == report.mentions > 0
    for text, sentence, start, end in rows:
        assert text[start:end] == sentence
    lines = assert_quiet(capfd)
    assert len(lines) == 1 and "already used" in lines[0]


def test_a_fakes_like_file_reports_what_it_stored(tmp_path, store, fake_pipeline):
    path = tmp_path / "fakes_like.csv"
    path.write_text("unit_id,article_title,article_content,source\n"
                    f'1001,Shelling,"{good_text(1)}",sana\n'
                    f'1001,Shelling,"{good_text(1)}",sana\n'            # exact repeat
                    f'1002,Coalition,"{good_text(2)}",etilaf\n'
                    f'1002,Coalition,"{good_text(2)} Updated.",etilaf\n'  # same id, new text
                    f'1003,Wire,"{good_text(3)}",reuters\n')
    columns = CsvColumns(text="article_content", title="article_title", id="unit_id",
                         source="source")
    report = ingest([path], store, columns=columns, pipeline=fake_pipeline)
    assert report.articles == counts(store)[0] == 3
    assert (report.duplicates, report.rejected) == (1, 1)


def test_a_wire_story_carried_by_a_second_outlet_counts_as_a_second_article(
        tmp_path, store, fake_pipeline):
    wire = good_text(7)
    items = [{"title": "Police post attacked", "source": "Levant Wire", "text": wire},
             {"title": "Two officers killed near Kessab", "source": "Orontes Post", "text": wire},
             {"title": "Police post attacked", "source": "Levant Wire", "text": wire}]   # repeat
    path = tmp_path / "wire.jsonl"
    write_jsonl(path, items)
    report = ingest([path], store, pipeline=fake_pipeline)
    assert (report.articles, report.duplicates, report.near_duplicates) == (2, 1, 1)
    rows = store.query("SELECT source, duplicate_of IS NOT NULL FROM articles ORDER BY source")
    assert rows == [("Levant Wire", False), ("Orontes Post", True)]
    again = ingest([path], store, pipeline=fake_pipeline)
    assert (again.articles, again.duplicates) == (0, 3)


def test_a_hostile_batch_reports_exactly_what_it_wrote(tmp_path, store, fake_pipeline):
    folder = tmp_path / "mix"
    folder.mkdir()
    write_jsonl(folder / "a.jsonl", [{"id": "k1", "text": good_text(1)},
                                     {"id": "k1", "text": good_text(2)},
                                     {"id": "k2", "text": ""},
                                     {"id": "k3", "text": good_text(3)}],
                raw_lines={2: "{broken", 3: "[" * 20_000})
    (folder / "b.txt").write_bytes(b"\x00\x01\x02binary")
    (folder / "c.txt").write_text(good_text(1))       # the same body as k1, no id: a copy
    (folder / "d.html").write_text("<html><body><nav>Home</nav></body></html>")
    (folder / "e.txt").write_text("")
    report = ingest([folder], store, pipeline=fake_pipeline)
    stored, mentions = counts(store)
    assert report.articles == stored and report.mentions == mentions
    assert report.rejected == len(store.problems())
    assert json.dumps(sorted(r for _, r in reasons(store))) == json.dumps(sorted(
        ["bad_json", "bad_json", "binary", "duplicate_id", "empty", "no_text", "no_text"]))


def test_one_article_that_breaks_extraction_is_a_problem_and_the_batch_is_stored(
        tmp_path, store, fake_pipeline):
    class BreaksOnOne:
        def run(self, articles):  # type: ignore[no-untyped-def]
            if any("poison" in a.text for a in articles):
                if len(articles) == 1:
                    raise ValueError("extractor bug")
                raise ValueError("batch failed")
            return fake_pipeline.run(articles)

    path = tmp_path / "p.jsonl"
    write_jsonl(path, [{"id": "a", "text": good_text(1)}, {"id": "b", "text": "poison " + good_text(2)},
                       {"id": "c", "text": good_text(3)}])
    report = ingest_articles(iter_inputs([path]), store, pipeline=BreaksOnOne())
    assert report.articles == 2 and counts(store) == (2, 2)
    assert [(p.origin, p.reason) for p in store.problems()] == [(f"{path}:2", "extract_failed")]
    again = ingest([path], store, pipeline=fake_pipeline)       # not stored, so retried later
    assert again.articles == 1


def test_a_file_name_that_is_not_utf8_is_stored_and_reported_readably(tmp_path, store, fake_pipeline):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / os.fsdecode(b"good\xff.txt")).write_text(good_text(1))
    (folder / os.fsdecode(b"empty\xfe.txt")).write_text("")
    report = ingest([folder], store, pipeline=fake_pipeline)
    assert report.articles == 1 and counts(store) == (1, 1)
    (origin,), = store.query("SELECT origin FROM articles")
    assert origin.endswith("good\ufffd.txt")
    assert [p.reason for p in store.problems()] == ["empty"]


# --- a per-record wall-clock budget -----------------------------------------------------

@pytest.mark.timeout(90)
def test_a_record_that_stalls_its_worker_is_a_parse_timeout_and_the_others_are_stored(
        tmp_path, store, capfd):
    from reliability_helpers import STALL_MARKER, stall_on_marker

    from tocsin.runner import PoolPipeline

    path = tmp_path / "s.jsonl"
    write_jsonl(path, [{"id": f"r{i}", "text": good_text(i)} for i in range(5)]
                + [{"id": "stuck", "text": f"{STALL_MARKER} {good_text(9)}"}]
                + [{"id": f"s{i}", "text": good_text(20 + i)} for i in range(5)])
    with PoolPipeline(2, task_articles=2, record_timeout_s=3,
                      work=stall_on_marker) as pipeline:
        # batches of 4: the stalled task shares a batch with good articles, and the
        # batch after it is in flight when the pool is stopped
        report = ingest_articles(iter_inputs([path]), store, pipeline=pipeline, batch_size=4,
                                 refresh_after=False)
    assert report.articles == 10 and counts(store) == (10, 10)
    assert [(p.origin, p.reason) for p in store.problems()] == [(f"{path}:6", "parse_timeout")]
    assert any("parse_timeout" in line or "too long" in line for line in assert_quiet(capfd))
    again = ingest([path], store, pipeline=EventPerArticleNoStall(), refresh_after=False)
    assert again.articles == 1                   # not stored, so it is tried again later


class EventPerArticleNoStall:
    def run(self, articles):  # type: ignore[no-untyped-def]
        from reliability_helpers import EventPerArticle

        return EventPerArticle().run(articles)


def test_a_budget_must_be_positive():
    from tocsin.runner import PoolPipeline

    with pytest.raises(ValueError, match="positive"):
        PoolPipeline(1, record_timeout_s=0)
