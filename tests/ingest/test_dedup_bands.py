"""The de-duplicator's LSH bands in the store give the verdicts of the old
whole-store index (every stored signature loaded into datasketch's LSH)."""
from __future__ import annotations

import random
from datetime import datetime, timedelta

import pytest

from tocsin.ingest.build import Fields, from_body
from tocsin.ingest.dedup import Deduplicator, NearDuplicateIndex, Signature, band_keys
from tocsin.models import Article
from tocsin.store import Store

WORDS = [f"w{i}" for i in range(300)]


class WholeStoreDeduplicator(Deduplicator):
    """How the de-duplicator worked before: one in-memory index of the store."""

    def __init__(self, store: Store, threshold: float = 0.8) -> None:
        super().__init__(store, threshold)
        self._all = NearDuplicateIndex.from_signatures(store.signatures(), threshold=threshold)

    def _stored_match(self, sig: Signature) -> str | None:
        return self._all.match_signature(sig)


def stories(rng: random.Random, n: int) -> list[Article]:
    """Original texts, trimmed or extended copies, light rewrites and unrelated ones."""
    bases = [[rng.choice(WORDS) for _ in range(rng.randint(30, 90))] for _ in range(n // 3)]
    out = []
    start = datetime(2014, 1, 1)
    for i in range(n):
        words = list(rng.choice(bases))
        change = rng.random()
        if change < 0.25:
            words = words[:int(len(words) * rng.uniform(0.6, 1.0))]
        elif change < 0.5:
            words += [rng.choice(WORDS) for _ in range(rng.randint(1, 30))]
        elif change < 0.7:
            for _ in range(rng.randint(1, 8)):
                words[rng.randrange(len(words))] = rng.choice(WORDS)
        elif change < 0.8:
            words = [rng.choice(WORDS) for _ in range(rng.randint(3, 60))]
        published = start + timedelta(hours=rng.randint(0, 500)) if rng.random() < 0.9 else None
        built = from_body(" ".join(words) + ".", f"s{i}", Fields(
            id=f"r{i}", source=f"Outlet {rng.randint(1, 5)}",
            published=published.isoformat() if published else None))
        assert isinstance(built, Article)
        out.append(built)
    return out


def run(store: Store, dedup: Deduplicator, items: list[Article]) -> list[tuple[str, str | None]]:
    verdicts = []
    for item in items:
        verdict = dedup.check(item)
        if verdict.article is not None:
            store.write_batch([(verdict.article, verdict.signature)], [])
        verdicts.append((verdict.outcome, verdict.article.duplicate_of if verdict.article else None))
    return verdicts


@pytest.mark.parametrize("seed", [1, 2])
def test_bands_in_the_store_give_the_whole_store_verdicts(tmp_path, seed):
    rng = random.Random(seed)
    items = stories(rng, 60)
    cuts = sorted(rng.sample(range(1, len(items)), 3))
    runs = [items[a:b] for a, b in zip([0, *cuts], [*cuts, len(items)])]
    outcomes = []
    with Store(tmp_path / "bands.duckdb") as ours, Store(tmp_path / "whole.duckdb") as theirs:
        for chunk in runs:                      # each run starts a new de-duplicator
            verdicts = run(ours, Deduplicator(ours), chunk)
            assert verdicts == run(theirs, WholeStoreDeduplicator(theirs), chunk)
            outcomes += [outcome for outcome, _ in verdicts]
    # the streams do hold new texts, near copies and exact copies
    assert {"new", "near_duplicate", "syndicated"} <= set(outcomes)


def test_stores_without_bands_are_indexed_once_and_empty_texts_never_match(tmp_path):
    with Store(tmp_path / "old.duckdb") as store:
        dedup = Deduplicator(store)
        first = from_body("Gunmen attacked a checkpoint north of Tal Hamra before dawn, "
                          "killing three guards, a council member said.", "a", Fields(id="a"))
        assert isinstance(first, Article)
        run(store, dedup, [first])
        store.con.execute("INSERT INTO articles (id, minhash) VALUES ('empty', ?)",
                          [Signature.from_bytes(bytes(4 + 4 * 128)).to_bytes()])
        store.con.execute("DELETE FROM minhash_bands")    # as written by an older version
        assert store.sync_minhash_bands(lambda data: band_keys(data, 25, 5)) == 2
        assert store.sync_minhash_bands(lambda data: band_keys(data, 25, 5)) == 0
        copy = from_body(first.text + " More later.", "b", Fields(id="b", source="Other"))
        assert isinstance(copy, Article)
        assert Deduplicator(store).check(copy).outcome == "near_duplicate"
        (bands,) = store.query("SELECT count(*) FROM minhash_bands WHERE article_id = 'empty'")[0]
    assert bands == 1
