from __future__ import annotations

import dataclasses
import random

import numpy as np
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from tocsin.analysis.coref import annotate, cluster, mentions_of, merge, summarize
from tocsin.analysis.merge import cluster_status
from tocsin.models import Attribution

from .conftest import PLACES, article, event, place

D = date(2014, 3, 2)


def same(mapping: dict[str, str], *ids: str) -> bool:
    return len({mapping[i] for i in ids}) == 1


def test_two_reports_of_one_clash_merge_and_a_far_one_does_not() -> None:
    events = [event("a", D, "Idlib"), event("b", D + timedelta(days=1), "Idlib"),
              event("c", D, "Raqqa")]
    mapping = cluster(events)
    assert same(mapping, "a", "b")
    assert mapping["c"] == "c"
    assert mapping["a"] == "a"          # cluster id = smallest member id


def test_dates_two_days_apart_do_not_merge() -> None:
    mapping = cluster([event("a", D), event("b", D + timedelta(days=2))])
    assert mapping["a"] != mapping["b"]


def test_compatible_types_merge_and_incompatible_do_not() -> None:
    mapping = cluster([event("a", D, sub="Armed clash"), event("b", D, sub="Attack"),
                       event("c", D, sub="Peaceful protest")])
    assert same(mapping, "a", "b")
    assert mapping["c"] == "c"


def test_unknown_actor_matches_but_two_known_different_actors_do_not() -> None:
    mapping = cluster([event("a", D, who="ISIS"), event("b", D, who=None),
                       event("c", D, who="Syrian Army")])
    assert same(mapping, "a", "b")
    assert mapping["c"] == "c"


def test_swapped_roles_in_a_clash_still_match() -> None:
    mapping = cluster([event("a", D, who="ISIS", victim="Syrian Army"),
                       event("b", D, who="Syrian Army", victim="ISIS")])
    assert same(mapping, "a", "b")


def test_place_threshold_follows_the_coarser_precision() -> None:
    # Hama is ~90 km from Idlib: too far for two cities, close enough for admin1.
    city = cluster([event("a", D, "Idlib"), event("b", D, "Hama")])
    assert city["a"] != city["b"]
    regional = cluster([event("a", D, "Idlib"), event("b", D, place("Hama", "admin1"))])
    assert same(regional, "a", "b")


def test_country_level_place_needs_same_country_type_and_actor() -> None:
    syria = place("Syria", "country", 35.0, 38.0)
    syria = dataclasses.replace(syria, country="Syria")
    mapping = cluster([event("a", D, "Idlib"), event("b", D, syria),
                       event("c", D, syria, who="Syrian Army")])
    assert same(mapping, "a", "b")
    assert mapping["c"] == "c"


def test_month_precision_matches_within_the_month_only() -> None:
    mapping = cluster([event("a", date(2014, 3, 20)), event("b", date(2014, 3, 1), precision="month"),
                       event("c", date(2014, 4, 1), precision="month")])
    assert same(mapping, "a", "b")
    assert mapping["c"] == "c"


def test_daily_fighting_in_one_town_is_not_one_event() -> None:
    events = [event(f"e{i:02d}", D + timedelta(days=i)) for i in range(10)]
    mapping = cluster(events)
    assert len(set(mapping.values())) >= 3


def test_missing_date_or_place_never_merges() -> None:
    mapping = cluster([event("a", D), event("b", None), event("c", D, None)])
    assert mapping == {"a": "a", "b": "b", "c": "c"}


names = list(PLACES)


@st.composite
def event_sets(draw: st.DrawFn) -> list:
    n = draw(st.integers(1, 25))
    out = []
    for i in range(n):
        out.append(event(
            f"e{i:02d}", D + timedelta(days=draw(st.integers(0, 6))), draw(st.sampled_from(names)),
            who=draw(st.sampled_from(["ISIS", "Syrian Army", None])),
            sub=draw(st.sampled_from(["Armed clash", "Attack", "Air/drone strike"])),
            precision=draw(st.sampled_from(["day", "day", "week"]))))
    return out


@settings(max_examples=60, deadline=None)
@given(event_sets(), st.randoms(use_true_random=False))
def test_clustering_ignores_input_order(events: list, rng: random.Random) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    assert cluster(shuffled) == cluster(events)


@settings(max_examples=40, deadline=None)
@given(event_sets())
def test_clustering_is_idempotent(events: list) -> None:
    first = cluster(events)
    assert all(first[cid] == cid for cid in first.values())   # ids are fixed points
    labelled = [dataclasses.replace(e, cluster_id=first[e.id]) for e in events]
    assert cluster(labelled) == first
    assert cluster(events + events) == first                   # repeats change nothing


def test_syndicated_copy_counts_as_one_independent_source() -> None:
    events = [event("a", D, article="art1"), event("b", D, article="art2")]
    articles = {"art1": article("art1", source="Reuters"),
                "art2": article("art2", source="Daily Star", duplicate_of="art1")}
    merged = merge(events, cluster(events), articles)
    assert len(merged) == 1
    assert (merged[0].sources.articles, merged[0].sources.independent) == (2, 1)


def test_same_content_hash_counts_once_and_different_outlets_count_twice() -> None:
    events = [event("a", D, article="x"), event("b", D, article="y"), event("c", D, article="z")]
    articles = {"x": article("x", content_hash="h"), "y": article("y", content_hash="h"),
                "z": article("z", source="AFP")}
    merged = merge(events, cluster(events), articles)
    assert (merged[0].sources.articles, merged[0].sources.independent) == (3, 2)


def test_outlet_attribution_counts_for_the_cited_outlet() -> None:
    cites_afp = Attribution(text="AFP reported", kind="outlet", name="AFP")
    events = [event("a", D, article="x"), event("b", D, article="y", attribution=cites_afp)]
    articles = {"x": article("x", source="AFP"), "y": article("y", source="Al Bawaba")}
    merged = merge(events, cluster(events), articles)
    assert merged[0].sources.independent == 1


def test_report_and_denial_make_a_contested_event_with_both_sides_visible() -> None:
    events = [event("a", D, status="reported"), event("b", D, status="denied"),
              event("c", D, status="alleged")]
    mapping = cluster(events)
    merged = merge(events, mapping, {})
    assert [m.status for m in merged] == ["contested"]
    sides = {m.event_id: m.status for m in mentions_of("a", events, mapping)}
    assert sides == {"a": "reported", "b": "denied", "c": "alleged"}
    summary = summarize(events, mapping, {})["a"]
    assert summary.status == "contested"
    assert len(summary.members) == 3


def test_a_negation_of_another_type_does_not_contest_the_event() -> None:
    """'Nobody fired a shot' (no attack) beside a town handed over is no contest;
    a negation of the handover itself is."""
    handover = event("a", D, sub="Non-violent transfer of territory", status="reported")
    no_shot = event("b", D, sub="Attack", status="negated")
    not_handed = event("c", D, sub="Non-violent transfer of territory", status="negated")
    assert cluster_status([handover, no_shot]) == "reported"
    assert cluster_status([handover, no_shot, not_handed]) == "contested"
    assert cluster_status([no_shot]) == "negated"


def test_factual_reports_merge_to_the_strongest_status() -> None:
    events = [event("a", D, status="alleged"), event("b", D, status="asserted"),
              event("c", D, status="hypothetical")]
    merged = merge(events, cluster(events), {})
    assert merged[0].status == "asserted"


def test_representative_takes_the_most_precise_place_and_date() -> None:
    events = [event("a", D, place("Idlib", "admin1"), confidence=0.9),
              event("b", D, "Idlib", precision="week", confidence=0.2),
              event("c", D + timedelta(days=1), place("Idlib", "point"), confidence=0.1,
                    fatalities=5),
              event("d", D, "Idlib", confidence=0.3, fatalities=40)]
    rep = merge(events, cluster(events), {})[0]
    assert rep.id == "a" and rep.cluster_id == "a"
    assert rep.location is not None and rep.location.precision == "point"
    assert rep.date_precision == "day"
    assert rep.confidence == 0.9
    assert rep.fatalities == 5


def test_annotate_keeps_every_mention_with_its_cluster_and_sources() -> None:
    events = [event("a", D, article="art1", status="reported"),
              event("b", D, article="art2", status="denied"), event("c", D, "Raqqa")]
    articles = {"art1": article("art1", source="AFP"), "art2": article("art2", source="SANA")}
    out = {e.id: e for e in annotate(events, cluster(events), articles)}
    assert set(out) == {"a", "b", "c"}
    assert out["a"].cluster_id == out["b"].cluster_id == "a" and out["c"].cluster_id == "c"
    assert out["b"].status == "denied"
    assert out["a"].sources.independent == 2 and out["c"].sources.articles == 1


def test_outlets_relaying_one_monitor_count_it_once() -> None:
    # Redteam pattern 16: a syndicated pair citing a monitor counted two
    # independent sources; the copy counts for its original and both for the monitor.
    monitor = Attribution(text="the Observatory said", kind="monitor",
                          name="Syrian Observatory for Human Rights")
    relayed = Attribution(text="Reuters reported", kind="outlet", name="Reuters", cites=monitor)
    events = [event("a", D, article="x", attribution=monitor),
              event("b", D, article="y", attribution=monitor),
              event("c", D, article="z", attribution=relayed)]
    articles = {"x": article("x", source="Mediterranean Post"),
                "y": article("y", source="Orontes Newswire", duplicate_of="x"),
                "z": article("z", source="Gulf Times")}
    merged = merge(events, cluster(events), articles)
    assert (merged[0].sources.articles, merged[0].sources.independent) == (3, 1)


def test_unnamed_or_personal_sources_count_per_outlet() -> None:
    activists = Attribution(text="activists said", kind="activists")
    official = Attribution(text="a Syrian official said", kind="official", name="Syrian")
    events = [event("a", D, article="x", attribution=activists),
              event("b", D, article="y", attribution=activists),
              event("c", D, article="z", attribution=official),
              event("d", D, article="w", attribution=official)]
    articles = {k: article(k, source=f"Outlet {k}") for k in "xyzw"}
    assert merge(events, cluster(events), articles)[0].sources.independent == 4


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=60).flatmap(
    lambda n: st.tuples(st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                                             max_size=3 * n))))
def test_connected_components_label_exactly_as_scipy(case) -> None:
    """coref's numpy components replace scipy's csgraph at run time: same labels."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components as scipy_components

    from tocsin.analysis.coref import connected_components

    n, edges = case
    left = np.array([a for a, _ in edges], dtype=np.int64)
    right = np.array([b for _, b in edges], dtype=np.int64)
    graph = coo_matrix((np.ones(len(left)), (left, right)), shape=(n, n))
    _, expected = scipy_components(graph, directed=False)
    assert connected_components(n, left, right).tolist() == expected.tolist()
