"""The PETRARCH-2 validation reader and scorer, on a small file written for these tests
in the upstream layout (a self-closed <Sentence/> tag followed by its codings and text)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tocsin.evaluate.petrarch import (
    PetrarchRecord, in_heldout_half, main, parse_records, plover_of, read_cameo2plover, score,
)
from tocsin.evaluate.plover import Prediction

FIXTURE = """<?xml version='1.0' encoding='utf-8'?>
<Validation>
# a comment block, as upstream has
<Sentences>
<Sentence category="AFP" date="20080804" id="T1_1" evaluate="true"/>
<EventCoding eventcode="190" sourcecode="KENMIL" targetcode="UGAREB" />
<Text>
Kenyan troops shelled a camp of Ugandan rebels
near the border on Tuesday.
</Text>
<Parse>
1	Kenyan	Kenyan	ADJ	JJ	_	2	amod	_	_
</Parse>
</Sentence>

<Sentence category="OTHER" date="20080806" id="T2_1" evaluate="true">
<EventCoding eventcode="042" sourcecode="---LEG" targetcode="IGOUNO" />
<EventCoding eventcode="042" sourcecode="CHL" targetcode="PER" />
<Text>
Chile&apos;s lawmakers visited the UN offices in Lima.
</Text>
</Sentence>

<Sentence category="OTHER" date="20150101" id="T3_1" evaluate="true"/>
<EventCoding noevents="True" />
<Text>
</Text>
<Parse>
1	Prices	price	NOUN	NNS	_	2	nsubj	_	_
2	rose	rise	VERB	VBD	_	0	root	_	SpaceAfter=No
3	.	.	PUNCT	.	_	2	punct	_	_
</Parse>
</Sentence>
<Sentence category="OTHER" id="T4_1" evaluate="true"/>
<Text>
</Text>
</Sentence>
</Sentences>
</Validation>
"""


def test_reader_handles_the_upstream_layout():
    records, skipped = parse_records(FIXTURE)
    assert [r.id for r in records] == ["T1_1", "T2_1", "T3_1"]
    assert skipped == 1                                     # T4_1 has no text and no parse
    first, second, third = records
    assert first.text == "Kenyan troops shelled a camp of Ugandan rebels near the border on Tuesday."
    assert first.sources == {"KEN"} and first.targets == {"UGA"} and first.events == {"190"}
    # "---LEG" names no country; IGO codes are transnational.
    assert second.sources == {"CHL"} and second.targets == {"INT", "PER"}
    assert second.text.startswith("Chile's lawmakers")
    assert third.text == "Prices rose." and not third.sources and not third.events


def test_the_split_is_fixed_by_the_id():
    assert in_heldout_half("e") and not in_heldout_half("a")
    records, _ = parse_records(FIXTURE)
    assert [r.heldout for r in records] == [in_heldout_half(r.id) for r in records]


def test_score_counts_any_gold_country_and_leaves_out_uncoded_records():
    records = [PetrarchRecord("a", "t", frozenset({"KEN"}), frozenset({"UGA"}), frozenset({"190"}), False),
               PetrarchRecord("e", "t", frozenset({"CHL"}), frozenset({"PER", "INT"}), frozenset({"042"}), True),
               PetrarchRecord("f", "t", frozenset(), frozenset(), frozenset(), True)]
    predictions = [Prediction("ASSAULT", "KEN", None), Prediction("CONSULT", "PER", "INT"),
                   Prediction(None, "USA", None)]
    table = {"19": "ASSAULT", "04": "CONSULT", "042": "CONSULT"}
    metrics = score(records, predictions, table)
    assert metrics == {"n": 3, "n_source": 2, "source_country_acc": 0.5, "n_target": 2,
                       "target_country_acc": 0.5, "event_acc": 1.0}


def test_cameo_codes_map_to_plover_by_longest_prefix(tmp_path: Path):
    path = tmp_path / "map.txt"
    path.write_text("# header\n19: FIGHT\n190: ASSAULT, , military # Use force\n04: CONSULT\n")
    table = read_cameo2plover(path)
    assert plover_of("190", table) == "ASSAULT" and plover_of("195", table) == "FIGHT"
    assert plover_of("042", table) == "CONSULT" and plover_of("99", table) is None


@pytest.mark.slow
def test_main_prints_metrics_as_json_last(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    path = tmp_path / "validation.xml"
    path.write_text(FIXTURE, encoding="utf-8")
    assert main([str(path)]) == 0
    metrics = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert metrics["n"] == 3 and metrics["skipped"] == 1
    assert metrics["source_country_acc"] == 1.0            # Kenyan troops; Chile's lawmakers
