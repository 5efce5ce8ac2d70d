"""The shipped model is exactly what training on tocsin/data/ gives.

If either test fails after the training set changed, regenerate the arrays:
    python -m tocsin.extract.event_type.training --write
"""
import json

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
