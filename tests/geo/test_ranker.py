"""The learned toponym ranker: shipped weights, deterministic training, explanations."""
from __future__ import annotations

import json

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

from tocsin.geo import ranker, ranker_train
from tocsin.geo.geocoder import Geocoder
from tocsin.geo.ranker_synth import annotated_documents, synthetic_documents
from tocsin.geo.ranker_train import TrainingDoc, differences, fit, weights_text
from tocsin.models import Mention


def test_shipped_weights_cover_every_feature_and_say_what_they_were_trained_on():
    data = json.loads(ranker.weights_path().read_text(encoding="utf-8"))
    assert set(data["prior"]) == set(ranker.BASE_FEATURES)
    assert set(data["context"]) == set(ranker.FEATURES + ranker.NULL_FEATURES)
    assert "synthetic documents" in data["trained_on"]
    assert "LGL" not in data["trained_on"] and "GeoVirus" not in data["trained_on"]


def test_the_fit_learns_what_the_labels_say(tiny_gazetteer):
    # Tripoli alone is labelled the Iowa village every time: the fit must come to prefer it.
    geocoder = Geocoder(tiny_gazetteer)
    docs = []
    for _ in range(20):
        choices, _ = geocoder.choices([Mention("Tripoli", 0, 7, "GPE")], "Tripoli")
        iowa = [k for k, i in enumerate(choices[0].candidates) if tiny_gazetteer.record(i).country_code == "US"]
        docs.append(TrainingDoc(choices, [iowa]))
    weights = fit(docs, tiny_gazetteer)
    place = Geocoder(tiny_gazetteer, weights=weights).find("Tripoli")
    assert place is not None and place.country_code == "US"


@pytest.mark.slow
def test_training_is_deterministic(real_gazetteer):
    first = fit(list(synthetic_documents(real_gazetteer, 60)), real_gazetteer)
    second = fit(list(synthetic_documents(real_gazetteer, 60)), real_gazetteer)
    assert np.array_equal(first.prior, second.prior) and np.array_equal(first.context, second.context)
    assert first.context[ranker.FEATURES.index("focus_distance")] < 0      # far from the story is worse


def test_the_fit_runs_on_one_blas_thread_whatever_the_caller_allows(tiny_gazetteer, monkeypatch):
    # More BLAS threads sum the matrix products in another order, and L-BFGS carries the
    # last-digit differences into the weights: the fit must pin BLAS to one thread.
    import scipy.optimize

    seen: list[int] = []
    real_minimize = scipy.optimize.minimize

    def spying_minimize(*args, **kwargs):
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return real_minimize(*args, **kwargs)

    monkeypatch.setattr(scipy.optimize, "minimize", spying_minimize)
    geocoder = Geocoder(tiny_gazetteer)
    choices, _ = geocoder.choices([Mention("Tripoli", 0, 7, "GPE")], "Tripoli")
    with threadpool_limits(limits=4, user_api="blas"):
        fit([TrainingDoc(choices, [[0]])], tiny_gazetteer)
    assert seen and set(seen) == {1}


def test_check_names_the_weights_that_differ():
    shipped = json.loads(ranker.weights_path().read_text(encoding="utf-8"))
    assert differences(shipped, shipped) == []
    changed = json.loads(json.dumps(shipped))
    changed["context"]["focus_distance"] += 0.5
    assert differences(changed, shipped) == ["context.focus_distance"]


def test_check_exits_non_zero_with_one_line_when_the_shipped_file_differs(tmp_path, monkeypatch, capsys):
    # A refit stands in for the real one (which takes minutes): --check compares rounded JSON.
    shipped = ranker.RankerWeights.from_json(json.loads(ranker.weights_path().read_text(encoding="utf-8")))
    monkeypatch.setattr(ranker_train, "shipped_fit", lambda n_docs=None: shipped)
    same = tmp_path / "same.json"
    same.write_text(weights_text(shipped), encoding="utf-8")
    assert ranker_train.main(["--check", "--out", str(same)]) == 0
    other = tmp_path / "other.json"
    data = json.loads(weights_text(shipped))
    data["prior"]["log_population"] += 0.25
    other.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    capsys.readouterr()
    assert ranker_train.main(["--check", "--out", str(other)]) == 1
    message = capsys.readouterr().err.strip()
    assert "\n" not in message and "prior.log_population" in message and "--ship" in message


@pytest.mark.slow
def test_synthetic_documents_carry_labels_and_strays(real_gazetteer):
    docs = list(synthetic_documents(real_gazetteer, 200))
    labels = [label for d in docs for label in d.labels if label is not None]
    assert len(labels) > 300
    assert any(label == [] for label in labels)          # stray words whose answer is "none"
    assert any(d.hint for d in docs)


@pytest.mark.slow
def test_our_annotated_texts_resolve_their_marks(real_gazetteer):
    docs = list(annotated_documents(real_gazetteer))
    assert len(docs) >= 20
    labelled = [label for d in docs for label in d.labels if label is not None]
    assert len(labelled) >= 0.9 * sum(len(d.choices) for d in docs)


def test_explanations_say_why(tiny_gazetteer):
    text = "Clashes in Beirut spread north to Tripoli and Byblos."
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in ("Beirut", "Tripoli", "Byblos")]
    places = Geocoder(tiny_gazetteer).resolve(mentions, text)
    tripoli = places[1]
    assert tripoli is not None and tripoli.explanation is not None
    assert tripoli.explanation.startswith("chosen over 2 other candidates")
    assert "because:" in tripoli.explanation


def test_unknown_names_are_explained_as_unresolved(tiny_gazetteer):
    geocoder = Geocoder(tiny_gazetteer)
    choices, _ = geocoder.choices([Mention("Qwertzville", 0, 11, "GPE")], "Qwertzville")
    geocoder._resolver.resolve(choices, None)
    assert choices[0].best == -1
    assert geocoder._resolver.explain(choices[0]).startswith("left unresolved")


def test_the_unresolved_option_sees_that_every_reading_is_far_and_unsupported(tiny_gazetteer):
    # 'Dallas' among Syrian towns: its one reading is far away, in a country nothing else is in.
    geocoder = Geocoder(tiny_gazetteer)
    text = "Clashes in Homs and Raqqa spread to Dallas."
    names = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in ("Homs", "Raqqa", "Dallas")]
    choices, slots = geocoder.choices(names, text)
    ranker.rank(tiny_gazetteer, choices, None)
    far, near = choices[slots[2]], choices[slots[0]]
    far_null = ranker.null_features(far, far.features[:, ranker.N_BASE:])
    near_null = ranker.null_features(near, near.features[:, ranker.N_BASE:])
    at = ranker.NULL_FEATURES.index
    assert far_null[at("null_no_country_support")] == 1.0 and near_null[at("null_no_country_support")] == 0.0
    assert far_null[at("null_nearest_focus_distance")] > near_null[at("null_nearest_focus_distance")]


def _context_of(gaz, text, names):
    geocoder = Geocoder(gaz)
    mentions = [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names]
    choices, slots = geocoder.choices(mentions, text)
    ranker.rank(gaz, choices, None)
    return choices, slots


def test_a_candidate_inside_a_region_named_elsewhere_in_the_text_is_marked(tiny_gazetteer):
    # 'Paris ... in Texas': not the qualifier 'Paris, Texas', but the document still says where.
    choices, slots = _context_of(tiny_gazetteer, "Storms hit Paris on Monday. Officials in Texas said roads closed.",
                                 ["Paris", "Texas"])
    paris = choices[slots[0]]
    inside = paris.features[:, ranker.FEATURES.index("inside_named_region")]
    by_country = {tiny_gazetteer.record(i).country_code: value for i, value in zip(paris.candidates, inside)}
    assert by_country == {"US": ranker.INSIDE_NAMED_ADMIN1, "FR": 0.0}


def test_a_named_country_contains_less_closely_than_a_named_region(tiny_gazetteer):
    choices, slots = _context_of(tiny_gazetteer, "Clashes in Tripoli. The army of Lebanon moved in.",
                                 ["Tripoli", "Lebanon"])
    tripoli = choices[slots[0]]
    inside = tripoli.features[:, ranker.FEATURES.index("inside_named_region")]
    by_country = {tiny_gazetteer.record(i).country_code: value for i, value in zip(tripoli.candidates, inside)}
    assert by_country == {"LB": ranker.INSIDE_NAMED_COUNTRY, "LY": 0.0, "US": 0.0}
    lebanon = choices[slots[1]]
    assert lebanon.features[0, ranker.FEATURES.index("inside_named_region")] == 0.0   # not inside itself


def test_names_of_one_list_are_linked_both_ways(tiny_gazetteer):
    text = "Clashes in Beirut, Tripoli and Byblos; later in Homs."
    names = ["Beirut", "Tripoli", "Byblos", "Homs"]
    choices, slots = Geocoder(tiny_gazetteer).choices(
        [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names], text)
    beirut, tripoli, byblos, homs = (choices[s] for s in slots)
    assert beirut.listed_with == [slots[1]] and sorted(tripoli.listed_with) == [slots[0], slots[2]]
    assert byblos.listed_with == [slots[1]] and homs.listed_with == []


def test_a_region_beside_another_country_or_named_like_its_seat_is_not_marked(tiny_gazetteer):
    # 'Texas and Homs' is no list of one country's regions; Homs' region shares its seat's name.
    choices, slots = _context_of(tiny_gazetteer, "Rain fell on Texas and Homs.", ["Texas", "Homs"])
    at = ranker.FEATURES.index("region_among_regions")
    assert choices[slots[0]].features[0, at] == 0.0
    assert all(choices[slots[1]].features[:, at] == 0.0)


def test_admin1s_of_a_country(tiny_gazetteer):
    assert [tiny_gazetteer.record(i).name for i in tiny_gazetteer.admin1s_of("sy")] == ["Ar-Raqqah", "Homs"]


@pytest.mark.slow
def test_some_synthetic_documents_list_regions_of_one_country(real_gazetteer):
    docs = list(synthetic_documents(real_gazetteer, 300))
    lists = [d for d in docs if len(d.choices) >= 2 and all(
        label and real_gazetteer.record(c.candidates[label[0]]).feature_code == "ADM1"
        for c, label in zip(d.choices, d.labels))]
    assert lists


def test_states_listed_together_mark_their_region_readings_not_their_towns():
    from tests.geo.conftest import _ROWS, tiny_gazetteer_of

    gaz = tiny_gazetteer_of(_ROWS + [
        ("Nevada", 39.25, -116.75, "US", "Nevada", "ADM1", 3_000_000, 30, []),
        ("Oregon", 44.0, -120.5, "US", "Oregon", "ADM1", 4_000_000, 31, []),
        ("Nevada", 40.82, -83.13, "US", "Ohio", "PPL", 2_000, 32, []),
        ("Oregon", 41.64, -83.49, "US", "Ohio", "PPL", 20_000, 33, []),
    ])
    choices, slots = _context_of(gaz, "Fires burned in Nevada and Oregon.", ["Nevada", "Oregon"])
    at = ranker.FEATURES.index("region_among_regions")
    for slot in slots:
        marked = {gaz.record(i).feature_code: v for i, v in zip(choices[slot].candidates, choices[slot].features[:, at])}
        assert marked == {"ADM1": 1.0, "PPL": 0.0}
        assert gaz.record(choices[slot].candidates[choices[slot].best]).feature_code == "ADM1"


def test_a_name_called_a_quarter_of_a_city_says_so_to_the_unresolved_option(tiny_gazetteer):
    text = "Shells hit the Paris neighbourhood of Beirut, and Tripoli."
    names = ["Paris", "Beirut", "Tripoli"]
    choices, slots = Geocoder(tiny_gazetteer).choices(
        [Mention(n, text.index(n), text.index(n) + len(n), "GPE") for n in names], text)
    paris, beirut, tripoli = (choices[s] for s in slots)
    assert paris.quarter and not beirut.quarter and not tripoli.quarter
    at = ranker.NULL_FEATURES.index("null_called_a_quarter")
    assert ranker.null_features(paris)[at] == 1.0 and ranker.null_features(beirut)[at] == 0.0


@pytest.mark.slow
def test_some_synthetic_documents_name_a_quarter_of_their_town(real_gazetteer):
    docs = list(synthetic_documents(real_gazetteer, 400))
    labels = [label for d in docs for c, label in zip(d.choices, d.labels) if c.quarter and label is not None]
    assert [] in labels and any(labels)          # far hamlets' names, and towns next door
