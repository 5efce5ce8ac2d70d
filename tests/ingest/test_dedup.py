"""Content hashes and MinHash near-duplicate matching."""
from __future__ import annotations

import pickle
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from tocsin.ingest.dedup import (
    NearDuplicateIndex, content_hash, mark_duplicates, minhash_signature,
)
from tocsin.models import Article, Problem

WIRE_BODY = """Government troops and allied militias pushed into the northern outskirts of Karsk on
Saturday after a week of heavy shelling, according to residents and a local monitoring group.
The advance followed the collapse of a ceasefire brokered last month by tribal elders, who had
hoped to keep the main road to the coast open for aid convoys and for families fleeing the fighting.
A doctor at the town's only working clinic said eleven wounded people had arrived since dawn,
most of them hit by shrapnel, and that supplies of anaesthetic and blood would run out within days.
Rebel commanders said they had fallen back to defensive positions around the grain silos and the
old railway station, and that they would not surrender the town while civilians remained inside.
The defence ministry said its forces had taken control of two hills overlooking the river and
had cleared mines from a stretch of the highway, claims that could not be independently verified.
Aid agencies have warned for weeks that the town's water pumping station, damaged in an earlier
attack, could fail completely, leaving around forty thousand people without clean water."""

COPY_A = ("Karsk residents described a night of explosions that shook windows across the town.\n"
          + WIRE_BODY + "\nFollow our live coverage on the website.")
COPY_B = ("Fighting moved closer to the centre of Karsk at the weekend.\n"
          + WIRE_BODY + "\nAdditional reporting from the regional desk; edited for length.")

OTHER_KARSK_STORY = """Karsk's annual apricot festival drew record crowds on Sunday, with farmers
from surrounding villages selling fruit, jam and dried apricots from stalls along the river. The
mayor said the festival had been expanded this year to include a children's choir competition and
an exhibition of old photographs of Karsk, and that hotel bookings were the highest in a decade.
Organisers said the town's water pumping station had been repaired in time for the event."""


def test_content_hash_ignores_case_and_whitespace() -> None:
    assert content_hash("Troops  entered\nKarsk.") == content_hash(" troops entered karsk. ")
    assert content_hash("Troops entered Karsk.") != content_hash("Troops left Karsk.")
    assert len(content_hash("x")) == 64


@given(st.text(), st.lists(st.sampled_from([" ", "\n", "\t", "  "]), min_size=1))
def test_content_hash_whitespace_invariance(text: str, gaps: list[str]) -> None:
    words = text.split()
    spaced = "".join(word + gaps[i % len(gaps)] for i, word in enumerate(words))
    assert content_hash(spaced) == content_hash(" ".join(words))
    assert content_hash(text.upper()) == content_hash(text.casefold().upper())


def test_wire_copies_match_and_other_story_does_not() -> None:
    index = NearDuplicateIndex()
    index.add("first", COPY_A)
    assert index.match(COPY_B) == "first"
    assert index.match(OTHER_KARSK_STORY) is None


def test_trimmed_copy_matches() -> None:
    index = NearDuplicateIndex()
    index.add("full", COPY_A)
    half = "\n".join(WIRE_BODY.split("\n")[:7])
    assert index.match(half) == "full"


def test_earliest_added_wins() -> None:
    index = NearDuplicateIndex()
    index.add("b-first", COPY_B)
    index.add("a-second", COPY_A)
    assert index.match(WIRE_BODY) == "b-first"


def test_empty_text_never_matches() -> None:
    index = NearDuplicateIndex()
    index.add("blank", "")
    assert len(index) == 0 and index.match("") is None


def test_index_pickles_and_rebuilds_from_signatures() -> None:
    index = NearDuplicateIndex()
    index.add("first", COPY_A)
    index.add("other", OTHER_KARSK_STORY)
    restored = pickle.loads(pickle.dumps(index))
    assert restored.match(COPY_B) == "first"
    rebuilt = NearDuplicateIndex.from_signatures(
        [("first", minhash_signature(COPY_A)), ("other", minhash_signature(OTHER_KARSK_STORY))])
    assert rebuilt.match(COPY_B) == "first"
    assert rebuilt.match(OTHER_KARSK_STORY) == "other"


def test_signature_is_deterministic_bytes() -> None:
    assert minhash_signature(COPY_A) == minhash_signature(COPY_A)
    assert isinstance(minhash_signature(COPY_A), bytes)


def test_mark_duplicates() -> None:
    def article(article_id: str, text: str) -> Article:
        return Article(id=article_id, text=text, content_hash=content_hash(text))

    items = [article("a", COPY_A), Problem("x", "empty", "file is empty"),
             article("b", COPY_B), article("c", OTHER_KARSK_STORY), article("d", COPY_A.upper())]
    out = list(mark_duplicates(items, NearDuplicateIndex()))
    assert out[1] == items[1]
    assert [getattr(item, "duplicate_of", "-") for item in out] == [None, "-", "a", None, "a"]
    assert out[2] == replace(items[2], duplicate_of="a")


# --- our MinHash and LSH are datasketch's, without importing it at run time ----------------

def test_signatures_are_datasketchs_affine32_minhash():
    import random

    from datasketch import MinHash

    from tocsin.ingest.dedup import shingles, signature

    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)] + ["Ünïcode", "—", "日本"]
    texts = ["", "one", "two words here only"] + [
        " ".join(rng.choice(words) for _ in range(rng.randint(5, 300))) for _ in range(60)]
    for text in texts:
        expected = MinHash(num_perm=128, seed=1, scheme="affine32")
        grams = shingles(text)
        if grams:
            expected.update_batch(list(grams))
        assert signature(text).hashvalues.tolist() == expected.hashvalues.tolist(), text[:40]


def test_the_index_finds_the_candidates_datasketchs_lsh_finds():
    import random

    from datasketch import MinHash, MinHashLSH

    from tocsin.ingest.dedup import (
        NearDuplicateIndex, _permutations, candidate_jaccard, lsh_params, signature,
    )
    from datasketch.lsh import _optimal_param

    assert lsh_params(candidate_jaccard(0.8), 128) == _optimal_param(
        candidate_jaccard(0.8), 128, 0.5, 0.5)
    rng = random.Random(11)
    base = [" ".join(f"w{rng.randint(0, 500)}" for _ in range(200)) for _ in range(15)]
    texts = base + [" ".join(t.split()[rng.randint(0, 60):]) for t in base]   # trimmed copies
    ours = NearDuplicateIndex(threshold=0.8)
    theirs = MinHashLSH(threshold=candidate_jaccard(0.8), num_perm=128)
    for n, text in enumerate(texts):
        sig = signature(text)
        found = set()
        for bucket, key in zip(ours._buckets, ours._band_values(sig)):
            found |= bucket.get(key, set())
        minhash = MinHash(num_perm=128, seed=1, hashvalues=sig.hashvalues,
                          permutations=_permutations(128), scheme="affine32")
        assert found == set(theirs.query(minhash)) if n else found == set()
        ours.add_signature(f"t{n}", sig)
        theirs.insert(f"t{n}", minhash)
    assert ours.match(texts[len(base)]) == "t0"              # a trimmed copy finds its original
    ours.remove("t0")
    assert ours.match(texts[len(base)]) != "t0"


def test_dedup_does_not_import_datasketch():
    import subprocess
    import sys

    code = ("import sys; from tocsin.ingest.dedup import signature, NearDuplicateIndex; "
            "NearDuplicateIndex().add('a', 'some words of a text here now'); "
            "print('datasketch' in sys.modules, 'scipy.integrate' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
