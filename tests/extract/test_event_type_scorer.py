"""The shipped arrays compute what the fitted scikit-learn pipeline computes."""
import json

import numpy as np
import pytest

from tocsin.extract.event_type import ModelError, classify_many, load_model, use_model
from tocsin.extract.event_type.lexicon import trigger_hits
from tocsin.extract.event_type.features import cue_features
from tocsin.extract.event_type.model import MODEL_ENV, EventTypeModel, active_model, shipped_model_dir
from tocsin.extract.event_type.scorer import ARRAYS_FILE, CARD_FILE, LinearScorer, write_card
from tocsin.extract.event_type.training import Settings, featurise, fit_pipeline, flatten

TRAIN = [
    ("GRENADE", "A grenade was thrown at a police post, wounding two officers."),
    ("GRENADE", "Attackers lobbed a hand grenade into a crowded bar."),
    ("GRENADE", "Two grenades exploded in the market after being thrown from a motorbike."),
    ("AIR_STRIKE", "Warplanes bombed the village at dawn, killing four civilians."),
    ("AIR_STRIKE", "A drone strike hit a car carrying militants on the highway."),
    ("AIR_STRIKE", "Air strikes pounded rebel positions around the airport."),
    ("NONE", "The central bank left interest rates unchanged."),
    ("NONE", "The home side won the derby two goals to nil."),
    ("NONE", "Shares rose after strong quarterly results at the bank."),
]
TEST = ["A grenade hit a checkpoint.", "Jets bombed the market.", "Interest rates rose.", "",
        "Kataib  Hezbollah's 12 drones!"]


@pytest.fixture(scope="module")
def fitted():
    settings = Settings(min_df=1)
    rows = featurise([t for _, t in TRAIN], settings)
    return fit_pipeline(rows, [c for c, _ in TRAIN], settings)


def test_arrays_give_the_pipelines_scores(fitted):
    vectoriser, classifier = fitted
    scorer = flatten(vectoriser, classifier)
    expected = classifier.decision_function(vectoriser.transform(featurise(TEST, Settings())))
    extras = [cue_features(trigger_hits(t)) for t in TEST]
    assert np.allclose(scorer.decision(TEST, extras), expected, atol=1e-5)
    assert list(scorer.classes) == list(classifier.classes_)


def test_scores_are_the_sparse_product_of_the_tfidf_rows_bit_for_bit():
    # `decision` adds each row's terms itself, in the order scipy's product does, so
    # shipped scores do not move in the last bit (an empty text and repeats included)
    scorer = active_model().scorer
    texts = TEST + ["Shelling shelled the shelled town; shelling went on, and on, and on."]
    extras = [cue_features(trigger_hits(t)) for t in texts]
    matrix = scorer.transform(texts, extras)
    assert np.array_equal(scorer.decision(texts, extras), np.asarray(matrix @ scorer.weights) + scorer.bias)
    assert matrix.shape == (len(texts), len(scorer.vocabulary)) and matrix[3].nnz == 0


def test_probabilities_are_a_softmax_of_the_scores(fitted):
    scorer = flatten(*fitted, temperature=2.0)
    probabilities = scorer.predict_proba(TEST)
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    scores = 2.0 * scorer.decision(TEST)
    assert (probabilities.argmax(axis=1) == scores.argmax(axis=1)).all()


def test_save_and_load_round_trip(tmp_path, fitted):
    scorer = flatten(*fitted, temperature=1.5)
    scorer.save(tmp_path)
    loaded = LinearScorer.load(tmp_path)
    assert loaded.classes == scorer.classes and loaded.vocabulary == scorer.vocabulary
    assert loaded.temperature == 1.5
    assert np.allclose(loaded.weights, scorer.weights, rtol=1e-3, atol=1e-4)   # stored as float16
    assert np.allclose(loaded.predict_proba(TEST), scorer.predict_proba(TEST), atol=1e-3)


def test_a_folder_without_a_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="no such model directory"):
        EventTypeModel.load(tmp_path / "missing")
    with pytest.raises(ModelError, match=f"no {ARRAYS_FILE}"):
        EventTypeModel.load(tmp_path)


def test_a_model_from_another_feature_version_is_refused(tmp_path, fitted):
    flatten(*fitted).save(tmp_path)
    with np.load(tmp_path / ARRAYS_FILE) as arrays:
        data = dict(arrays)
    data["features_version"] = np.array([999], dtype=np.int32)
    np.savez(tmp_path / ARRAYS_FILE, **data)
    with pytest.raises(ModelError, match="feature version 999"):
        LinearScorer.load(tmp_path)


def test_card_and_arrays_must_agree_on_classes(tmp_path, fitted):
    flatten(*fitted).save(tmp_path)
    write_card(tmp_path, {"classes": ["GRENADE"], "settings": {"cues": True}})
    with pytest.raises(ModelError, match="disagree on the classes"):
        EventTypeModel.load(tmp_path)
    (tmp_path / CARD_FILE).write_text("{not json", "utf-8")
    with pytest.raises(ModelError, match="not valid JSON"):
        EventTypeModel.load(tmp_path)


def test_use_model_switches_this_process_and_its_workers(tmp_path, fitted, monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    scorer = flatten(*fitted)
    scorer.save(tmp_path)
    write_card(tmp_path, {"classes": list(scorer.classes), "settings": {"cues": True}})
    try:
        use_model(tmp_path)
        import os
        assert os.environ[MODEL_ENV] == str(tmp_path.resolve())
        assert active_model().classes == ("AIR_STRIKE", "GRENADE", "NONE")
        guess = classify_many(["A hand grenade was thrown at the police post."])[0]
        assert guess is not None and guess.code == "GRENADE"
    finally:
        use_model(None)
    assert active_model().folder == shipped_model_dir()


def test_the_shipped_card_describes_its_training():
    card = json.loads((shipped_model_dir() / CARD_FILE).read_text("utf-8"))
    assert card["training_data"]["rows"] > 1000
    assert card["cross_validation"]["folds"] == 5
    assert 0 < card["cross_validation"]["forced"]["weighted_f1"] <= 1
    assert load_model(str(shipped_model_dir())).classes == tuple(card["classes"])


def _marked_by_loop(text):
    """`features.marked_tokens` as it was written before its fast path."""
    import re

    from tocsin.extract.event_type import features

    marked, in_scene = [], False
    for word in features._SPLIT.findall(re.sub(r"\d", "0", text.lower())):
        if word in features._CLAUSE_END:
            in_scene = False
            continue
        if word in features._SCENE_OPENERS:
            in_scene = True
        marked.append((word, in_scene))
    return marked


@pytest.mark.parametrize("text", [
    "Rebels shelled the town of Taiz on Sunday, killing 4.",
    "After militants seized the town, the army shelled it; since then 12 have fled.",
    "", "— ; ,", "Once the truce ended: fighting resumed",
])
def test_marked_words_fast_path_gives_the_loops_marks(text):
    from tocsin.extract.event_type.features import marked_tokens, marked_words

    words, scene = marked_words(text)
    assert marked_tokens(text) == _marked_by_loop(text)
    assert list(zip(words, scene or [False] * len(words))) == _marked_by_loop(text)
