"""A takeover whose sentence names no taker borrows the armed actor told just
before it (takeovers.borrow_takers); sentences written for tocsin (needs the model)."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tocsin.models import Article

pytestmark = pytest.mark.slow


def _takeovers(pipeline, text: str):
    article = Article(id="t1", text=text, published=datetime(2015, 6, 12, tzinfo=timezone.utc))
    return [e for e in pipeline.run([article])[0][1] if "territory" in e.sub_event_type]


def test_a_passive_takeover_borrows_the_armed_actor_told_before(pipeline) -> None:
    takeovers = _takeovers(pipeline, "Islamic State fighters attacked the town of Baiji on Monday. "
                                     "The town was captured on Tuesday, a police officer said.")
    assert len(takeovers) == 1
    assert takeovers[0].actor1 is not None and takeovers[0].actor1.name == "Islamic State"


def test_the_monitor_that_reports_a_takeover_is_never_its_taker(pipeline) -> None:
    takeovers = _takeovers(pipeline, "Islamic State fighters stormed the town of Tal Abyad on "
                                     "Monday. According to the Syrian Observatory for Human "
                                     "Rights, the town was captured on Tuesday.")
    assert takeovers and all(e.actor1 is not None and e.actor1.name == "Islamic State"
                             for e in takeovers)


def test_a_defender_told_before_is_no_taker_of_a_non_state_takeover(pipeline) -> None:
    takeovers = _takeovers(pipeline, "Iraqi troops defended the town of Baiji for a week. "
                                     "The town was captured by militants on Tuesday.")
    assert all(e.actor1 is None or e.actor1.kind != "state_military"
               for e in takeovers if e.sub_event_type == "Non-state actor overtakes territory")


@pytest.mark.parametrize("text, taker", [
    ("Government forces lost control of Idlib to Jaish al-Fatah on Saturday.", "Jaish al-Fatah"),
    ("Islamic State militants drove Syrian troops out of Palmyra on Wednesday.", "Islamic State"),
])
def test_a_non_state_taker_of_state_ground_overtakes_territory(pipeline, text: str,
                                                                taker: str) -> None:
    takeovers = _takeovers(pipeline, text)
    assert [(e.sub_event_type, e.actor1.name if e.actor1 else None) for e in takeovers] == \
        [("Non-state actor overtakes territory", taker)]


def test_the_state_regaining_ground_stays_government_regains(pipeline) -> None:
    takeovers = _takeovers(pipeline, "Syrian army units regained full control of the town of "
                                     "Palmyra on Sunday, state television reported.")
    assert [e.sub_event_type for e in takeovers] == ["Government regains territory"]
