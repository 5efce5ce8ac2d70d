"""The cases that only the real model can show: spaCy's E088 on long texts and its
quadratic tokenizer on punctuation runs.  The whole campaign goes through the real
`tocsin ingest` in a subprocess (stderr and exit code as a user sees them), and
random text goes through the real pipeline."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from reliability_helpers import good_text, write_jsonl

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig
from tocsin.api.ingest import RunnerIngest
from tocsin.ingest.build import from_body
from tocsin.models import Article
from tocsin.store import Store

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900)]

NEWS = ("Government aircraft bombed a market in the town of Saraqib on Tuesday, killing nine "
        "people, a local monitor said. Rebels later shelled an army checkpoint on the edge of "
        "the town. Residents said the road to Idlib was closed. The council asked for medical "
        "supplies and blankets for the families who fled.")
#: Plain prose with no event in it: a long text costs the parser, not the extractors.
FILLER = ("The committee discussed the budget for schools and roads in the coming year. "
          "Members asked for more time to read the report before the vote.")


def hostile_folder(root):  # type: ignore[no-untyped-def]
    folder = root / "campaign"
    folder.mkdir()
    (folder / "a-good.txt").write_text("Market bombed in Saraqib\n\n" + NEWS)
    (folder / "b-long.txt").write_text("Long transcript\n\n" + NEWS + "\n\n"
                                       + (FILLER + "\n\n") * 7_500)
    (folder / "c-angles.txt").write_text("Border report\n\n" + ">" * 20_000 + "\n\n" + NEWS)
    (folder / "d-nested.html").write_text(
        "<html><body>" + "<div>" * 50_000 + "&gt;" * 100_000 + "<p>" + NEWS + "</p>"
        + "</div>" * 50_000 + "</body></html>")
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "e-pipe.txt")
    records = [{"id": f"r{i}", "title": f"Report {i}", "text": f"{good_text(i)} {NEWS}"}
               for i in range(6)]
    write_jsonl(folder / "f-records.jsonl", records, raw_lines={3: "[" * 100_000})
    write_jsonl(folder / "g-dups.jsonl", [{"id": "dup", "text": NEWS},
                                          {"id": "dup", "text": good_text(9)}])
    return folder


def test_the_hostile_campaign_through_the_real_cli(tmp_path):
    folder = hostile_folder(tmp_path)
    db = tmp_path / "campaign.duckdb"
    result = subprocess.run([sys.executable, "-m", "tocsin.cli", "ingest", str(folder), "--db",
                             str(db), "--quiet"], capture_output=True, text=True, timeout=850)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode == 1                                 # inputs were rejected
    problem_lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("tocsin: ") for line in problem_lines), problem_lines
    summary = result.stdout.strip().splitlines()[-1]
    stored = int(re.match(r"(\d+) articles stored", summary).group(1))  # type: ignore[union-attr]
    with Store(db, read_only=True) as store:
        assert store.query("SELECT count(*) FROM articles")[0][0] == stored
        reasons = sorted((p.origin.rsplit("/", 1)[-1].split(":")[0], p.reason)
                         for p in store.problems())
        texts = {i: t for i, t in store.query("SELECT id, text FROM articles")}
        events = store.query("SELECT count(*) FROM mentions WHERE article_id IN ('r0', 'r5')")[0][0]
    expected = {("b-long.txt", "truncated"), ("c-angles.txt", "collapsed"),
                ("f-records.jsonl", "bad_json"), ("g-dups.jsonl", "duplicate_id")}
    if hasattr(os, "mkfifo"):
        expected.add(("e-pipe.txt", "not_a_file"))
    assert expected <= set(reasons)
    assert {"r0", "r1", "r2", "r3", "r4", "r5", "dup"} <= set(texts)   # good records all kept
    assert stored >= 10 and events >= 2
    assert max(len(t) for t in texts.values()) <= 100_000


def test_a_long_record_posted_to_the_api_is_stored_with_its_neighbours(tmp_path, pipeline):
    from fastapi.testclient import TestClient

    path = tmp_path / "posted.duckdb"
    Store(path).close()
    app = create_app(path, ApiConfig(token="t"), ingest=RunnerIngest(pipeline))
    body = "\n".join(json.dumps(r) for r in [
        {"id": "p1", "text": NEWS}, {"id": "p2", "text": NEWS + "\n\n" + (FILLER + "\n\n") * 7_500},
        {"id": "p3", "text": NEWS.replace("Saraqib", "Maarrat")}])
    with TestClient(app) as client:
        response = client.post("/api/ingest", content=body, headers={"Authorization": "Bearer t"})
        assert response.status_code == 200, response.text
        result = response.json()
        assert (result["articles"], result["truncated"]) == (3, 1) and result["mentions"] >= 2


HOSTILE = st.text(alphabet=st.one_of(
    st.sampled_from(list("abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ.,;:!?'\"<>()[]-\n\t")),
    st.characters(codec="utf-8"), st.sampled_from(["\U0001F525", "\u200f", "\u0640", "\u00a0"])),
    min_size=1, max_size=1_500)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=HOSTILE, news=st.booleans())
def test_random_text_through_the_real_pipeline(pipeline, text: str, news: bool) -> None:
    article = from_body(f"{NEWS}\n\n{text}" if news else text, "fuzz")
    if not isinstance(article, Article):
        return
    for found, events in pipeline.run([article]):
        for event in events:
            evidence = event.evidence
            assert found.text[evidence.start:evidence.end] == evidence.sentence
