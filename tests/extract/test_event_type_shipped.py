"""The shipped models are exactly what training on tocsin/data/ gives.

If a test fails after a training set changed, regenerate the arrays:
    python -m tocsin.extract.event_type.training --write
"""
import json

import pytest

from tocsin.extract.event_type.heads import HEADS, train_head
from tocsin.extract.event_type.model import shipped_model_dir
from tocsin.extract.event_type.scorer import CARD_FILE, LinearScorer
from tocsin.extract.event_type.training import data_fingerprint, same_arrays, train_shipped
from tocsin.extract.event_type.training_data import shipped_examples

REGENERATE = "training data changed: run python -m tocsin.extract.event_type.training --write"


def test_shipped_model_was_trained_on_the_shipped_data():
    card = json.loads((shipped_model_dir() / CARD_FILE).read_text("utf-8"))
    assert card["training_data"]["sha256"] == data_fingerprint(shipped_examples()), REGENERATE


def test_retraining_gives_the_shipped_arrays():
    model, card = train_shipped()
    shipped = LinearScorer.load(shipped_model_dir())
    assert same_arrays(model, shipped), REGENERATE
    assert card["training_data"]["rows"] == len(shipped_examples())


@pytest.mark.parametrize("spec", HEADS, ids=lambda spec: spec.name)
def test_retraining_gives_the_shipped_heads(spec):
    model, card = train_head(spec)
    folder = shipped_model_dir() / spec.name
    shipped_card = json.loads((folder / CARD_FILE).read_text("utf-8"))
    assert shipped_card["training_data"]["sha256"] == card["training_data"]["sha256"], REGENERATE
    assert same_arrays(model, LinearScorer.load(folder)), REGENERATE
