"""The movement head and the head training sets (sentences written for tocsin)."""
from collections import Counter

import pytest

from tocsin.extract.event_type import movement_kinds
from tocsin.extract.event_type.heads import (
    MOVEMENT_KINDS, NO_MOVEMENT, PLOVER_CATEGORIES, movement_examples, plover_examples,
)


@pytest.mark.parametrize("kind,text", [
    ("withdraw", "Militia fighters pulled out of the district capital before dawn and left it empty."),
    ("advance", "Insurgent columns pushed toward the provincial capital from the north."),
    ("mobilize", "The army called up its reservists and put frontline units on alert."),
    ("redeploy", "The command transferred two battalions from the coast to the eastern front."),
    (NO_MOVEMENT, "The finance minister presented the budget to parliament on Tuesday."),
])
def test_movement_kinds(kind, text):
    (found,) = movement_kinds([text])
    assert found is not None and found.kind == kind
    assert found.is_movement == (kind != NO_MOVEMENT)
    assert found.ranking[0] == (found.kind, found.probability)
    assert abs(sum(p for _, p in found.ranking) - 1.0) < 1e-3


def test_movement_kinds_batch_and_empty_texts():
    found = movement_kinds(["", "Troops withdrew from the town.", "  "])
    assert found[0] is None and found[2] is None and found[1] is not None
    with pytest.raises(TypeError):
        movement_kinds("a sentence")


def test_head_training_sets_cover_their_labels():
    moves = Counter(e.code for e in movement_examples())
    assert set(moves) == set(MOVEMENT_KINDS) | {NO_MOVEMENT}
    assert all(moves[kind] >= 150 for kind in MOVEMENT_KINDS)
    plover = Counter(e.code for e in plover_examples())
    assert set(plover) == PLOVER_CATEGORIES
    assert all(count >= 30 for count in plover.values())
