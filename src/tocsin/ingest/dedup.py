"""Exact and near-duplicate detection for articles, and the per-run `Deduplicator`.

What happens to a record (`Deduplicator.check`):
- a repeat of a stored record (same id, or same url, and the same body) is
  skipped: reading a file twice changes nothing;
- a record whose id is taken by a different body is refused with a
  `duplicate_id` problem: storing it would file its events under another text;
- the same body from another outlet, url or title is a syndicated copy: it is
  stored and linked to the first copy (`duplicate_of`), so it adds an article
  but no independent source;
- a near-copy (MinHash containment, below) is stored and linked the same way.

Syndicated wire copies differ in headline, lead line and footer but share
most of their body.  We compare word 5-shingles with MinHash and call two
texts near-duplicates when the *containment* of the smaller shingle set in
the larger reaches the threshold: plain Jaccard punishes a copy that was
trimmed or given an extra paragraph, which is how outlets re-use wire
stories.  MinHash LSH finds candidates at a lower Jaccard bar; each
candidate is then checked against the containment threshold.

The MinHash is datasketch's "affine32" scheme (seed 1), computed here with
numpy, and the LSH is plain banding with datasketch's optimal (bands, rows):
the same values and candidates as `datasketch.MinHash` / `MinHashLSH`
(tests/ingest/test_dedup.py checks both), without importing datasketch, whose
LSH module pulls in scipy.integrate: half a second of every ingest's start.
"""
from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal, Protocol

import numpy as np

from tocsin.ingest.hashing import content_hash, normalise
from tocsin.models import Article, Problem

__all__ = ["ArticleLookup", "Deduplicator", "NearDuplicateIndex", "Signature", "Verdict",
           "content_hash", "copy_id", "mark_duplicates", "minhash_signature", "normalise", "signature"]

SHINGLE_WORDS = 5
_SEED = 1
_COUNT = struct.Struct("<I")
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the case-folded words, punctuation ignored."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


_MAX_HASH = np.uint32(0xFFFFFFFF)
#: MurmurHash3's 32-bit finalizer constants (datasketch pre-mixes each input hash with it)
_FMIX = (np.uint32(16), np.uint32(0x85EBCA6B), np.uint32(13), np.uint32(0xC2B2AE35),
         np.uint32(16))
#: (LSH Jaccard bar, permutations) -> (bands, rows): datasketch's `_optimal_param` with
#: equal false-positive and false-negative weights, pinned so no scipy is imported.
_LSH_PARAMS = {(round(0.8 / 1.2 - 0.2, 6), 128): (25, 5)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations for seed 1: odd a, any b, in uint32."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _minhash(grams: Iterable[bytes], num_perm: int) -> np.ndarray:
    """The MinHash values of the shingles (datasketch MinHash, scheme affine32, sha1_hash32)."""
    values = np.full(num_perm, _MAX_HASH, dtype=np.uint32)
    hashes = [_COUNT.unpack_from(hashlib.sha1(gram).digest())[0] for gram in grams]
    if not hashes:
        return values
    a, b = _permutations(num_perm)
    s1, m1, s2, m2, s3 = _FMIX
    with np.errstate(over="ignore"):          # uint32 wrap-around is the modulo 2^32
        hv = np.array(hashes, dtype=np.uint32).reshape(-1, 1)
        hv = hv ^ (hv >> s1)
        hv = hv * m1
        hv = hv ^ (hv >> s2)
        hv = hv * m2
        hv = hv ^ (hv >> s3)
        permuted = hv * a + b
    return np.minimum(values, permuted.min(axis=0))


def lsh_params(jaccard: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) that best separate pairs above and below `jaccard`."""
    pinned = _LSH_PARAMS.get((round(jaccard, 6), num_perm))
    if pinned is not None:
        return pinned
    from datasketch.lsh import _optimal_param      # other thresholds: rare, so imported late

    bands, rows = _optimal_param(jaccard, num_perm, 0.5, 0.5)
    return int(bands), int(rows)


@dataclass(frozen=True, slots=True)
class Signature:
    """A MinHash of a text's shingles and how many shingles there were."""

    hashvalues: np.ndarray
    size: int

    def to_bytes(self) -> bytes:
        return _COUNT.pack(self.size) + self.hashvalues.astype("<u4").tobytes()

    @classmethod
    def from_bytes(cls, data: bytes) -> Signature:
        (size,) = _COUNT.unpack_from(data)
        values = np.frombuffer(data, dtype="<u4", offset=_COUNT.size).astype(np.uint32)
        return cls(values, size)


def signature(text: str, num_perm: int = 128) -> Signature:
    grams = shingles(text)
    return Signature(_minhash(grams, num_perm), len(grams))


def minhash_signature(text: str, num_perm: int = 128) -> bytes:
    """A compact signature the store can persist to rebuild the index."""
    return signature(text, num_perm).to_bytes()


def containment(a: Signature, b: Signature) -> float:
    """Estimated |A ∩ B| / min(|A|, |B|) from the two MinHashes."""
    if a.size == 0 or b.size == 0:
        return 0.0
    jaccard = float(np.mean(a.hashvalues == b.hashvalues))
    overlap = jaccard * (a.size + b.size) / (1.0 + jaccard)
    return min(1.0, overlap / min(a.size, b.size))


def candidate_jaccard(threshold: float) -> float:
    """The Jaccard bar of the LSH candidates for a containment threshold."""
    # Equal-sized sets at containment c have Jaccard c / (2 - c); go a little
    # lower so trimmed copies still surface as candidates.
    return max(0.2, threshold / (2.0 - threshold) - 0.2)


def band_keys(data: bytes, bands: int, rows: int) -> list[tuple[int, int]]:
    """(band, key) of each LSH band of a stored signature: key is a 64-bit hash
    of the band's hash values, so two signatures share a key (but for a 2^-64
    chance) exactly where the in-memory LSH puts them in one bucket.  An empty
    signature has no bands: it never matches."""
    sig = Signature.from_bytes(data)
    if sig.size == 0:
        return []
    values = sig.hashvalues.astype("<u4")
    return [(band, int.from_bytes(hashlib.blake2b(values[band * rows:(band + 1) * rows].tobytes(),
                                                  digest_size=8).digest(), "little", signed=True))
            for band in range(bands)]


class NearDuplicateIndex:
    """MinHash LSH over word 5-shingles; picklable; deterministic.

    `match` returns the id of the earliest-added text whose estimated
    containment with the query is at least `threshold`.  Texts with no words
    are never indexed and never match.
    """

    def __init__(self, threshold: float = 0.8, num_perm: int = 128) -> None:
        if not 0.0 < threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {threshold}")
        self.threshold = threshold
        self.num_perm = num_perm
        #: LSH bands and rows per band: texts are candidates when one band is equal
        self.bands: tuple[int, int] = lsh_params(candidate_jaccard(threshold), num_perm)
        bands, rows = self.bands
        self._ranges = [(band * rows, (band + 1) * rows) for band in range(bands)]
        #: per band: the band's values (bytes) -> ids of the texts that have them
        self._buckets: list[dict[bytes, set[str]]] = [{} for _ in range(bands)]
        self._signatures: dict[str, Signature] = {}
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._signatures)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._signatures

    def add(self, article_id: str, text: str) -> None:
        self.add_signature(article_id, signature(text, self.num_perm))

    def add_signature(self, article_id: str, sig: Signature | bytes) -> None:
        if isinstance(sig, bytes):
            sig = Signature.from_bytes(sig)
        if len(sig.hashvalues) != self.num_perm:
            raise ValueError(f"signature has {len(sig.hashvalues)} permutations, index uses {self.num_perm}")
        if sig.size == 0 or article_id in self._signatures:
            return
        for bucket, key in zip(self._buckets, self._band_values(sig)):
            bucket.setdefault(key, set()).add(article_id)
        self._signatures[article_id] = sig
        self._order[article_id] = len(self._order)

    def remove(self, article_id: str) -> None:
        """Drop an indexed text (one that was checked but then not stored)."""
        sig = self._signatures.pop(article_id, None)
        if sig is not None:
            for bucket, key in zip(self._buckets, self._band_values(sig)):
                ids = bucket.get(key, set())
                ids.discard(article_id)
                if not ids:
                    bucket.pop(key, None)
            self._order.pop(article_id, None)

    def _band_values(self, sig: Signature) -> list[bytes]:
        values = sig.hashvalues.astype("<u4")
        return [values[start:end].tobytes() for start, end in self._ranges]

    def match(self, text: str) -> str | None:
        return self.match_signature(signature(text, self.num_perm))

    def match_signature(self, sig: Signature) -> str | None:
        if sig.size == 0 or not self._signatures:
            return None
        found: set[str] = set()
        for bucket, key in zip(self._buckets, self._band_values(sig)):
            found |= bucket.get(key, set())
        candidates = [key for key in found
                      if containment(sig, self._signatures[key]) >= self.threshold]
        return min(candidates, key=self._order.__getitem__, default=None)

    @classmethod
    def from_signatures(cls, items: Iterable[tuple[str, bytes]], threshold: float = 0.8,
                        num_perm: int = 128) -> NearDuplicateIndex:
        """Rebuild an index from persisted (article id, signature) pairs, in order."""
        index = cls(threshold=threshold, num_perm=num_perm)
        for article_id, data in items:
            index.add_signature(article_id, data)
        return index


def mark_duplicates(items: Iterable[Article | Problem],
                    index: NearDuplicateIndex) -> Iterator[Article | Problem]:
    """Set `duplicate_of` on articles that copy one already seen, and index the rest.

    Exact copies (same content hash) point at the first article with that hash.
    """
    first_by_hash: dict[str, str] = {}
    for item in items:
        if not isinstance(item, Article):
            yield item
            continue
        original = first_by_hash.get(item.content_hash)
        sig = signature(item.text, index.num_perm)
        if original is None or original == item.id:
            original = index.match_signature(sig)
        first_by_hash.setdefault(item.content_hash, item.id)
        index.add_signature(item.id, sig)
        yield replace(item, duplicate_of=original) if original and original != item.id else item


# --- the per-run de-duplicator ------------------------------------------------------

#: Length of the hash in generated ids, as in `build.article_id` ("a" + 15 hex digits).
_ID_HASH_CHARS = 15


class ArticleLookup(Protocol):
    """What the de-duplicator asks of the store (`tocsin.store.Store` implements it)."""

    def sync_minhash_bands(self, keys: Callable[[bytes], Sequence[tuple[int, int]]]) -> int: ...

    def band_candidates(self, keys: Sequence[tuple[int, int]]) -> Sequence[tuple[str, bytes]]: ...

    def matching_articles(self, article_id: str, content_hash: str) -> Sequence[Article]: ...


Outcome = Literal["new", "syndicated", "near_duplicate", "repeat", "duplicate_id"]


@dataclass(frozen=True, slots=True)
class Verdict:
    """What to do with one record: store `article` (with `signature`), or not."""

    outcome: Outcome
    article: Article | None = None
    signature: bytes | None = None
    problem: Problem | None = None


def _generated_id(article: Article) -> bool:
    return article.id == "a" + article.content_hash[:_ID_HASH_CHARS]


def _identity(article: Article) -> tuple[str | None, str | None, str | None]:
    return article.url, article.source, article.title


def copy_id(article: Article) -> str:
    """The id of a syndicated copy that came without an id of its own.

    Generated ids hash the body, so two outlets' copies of one wire story
    would share one; the copy's id also hashes its url, outlet and title.
    """
    key = "\n".join([article.content_hash, *(part or "" for part in _identity(article))])
    return "a" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:_ID_HASH_CHARS]


def _meta(article: Article) -> Article:
    # Memory holds one entry per article of the run: keep no text.
    return replace(article, text="", captions=(), notices=())


class Deduplicator:
    """Decides, record by record, what a run stores; see the module docstring.

    It remembers every article it let through in this run, so duplicates
    within one batch (not yet in the store) are caught like stored ones.
    Call `forget` for an article that was let through but then not stored.
    """

    def __init__(self, store: ArticleLookup, threshold: float = 0.8) -> None:
        self.store = store
        # This run's articles; stored ones are found through the store's LSH
        # bands (store/minhash_bands.py), so nothing loads every signature.
        self.index = NearDuplicateIndex(threshold=threshold)
        self._bands = self.index.bands
        store.sync_minhash_bands(self._keys)
        self._by_id: dict[str, Article] = {}
        self._by_hash: dict[str, list[str]] = {}
        self._order: dict[str, int] = {}

    def _known(self, article_id: str, digest: str) -> list[Article]:
        found = {a.id: a for a in self.store.matching_articles(article_id, digest)}
        for key in [article_id, *self._by_hash.get(digest, ())]:
            if key in self._by_id:
                found[key] = self._by_id[key]
        return list(found.values())

    def check(self, article: Article) -> Verdict:
        known = self._known(article.id, article.content_hash)
        same_id = next((k for k in known if k.id == article.id), None)
        if same_id is not None and same_id.content_hash != article.content_hash:
            return Verdict("duplicate_id", problem=Problem(
                article.origin or article.id, "duplicate_id",
                f"id {article.id[:200]!r} is already used by an article with a different text; "
                "this record was not stored"))
        if same_id is not None and (not _generated_id(article)
                                    or _identity(same_id) == _identity(article)):
            return Verdict("repeat")
        same_body = [k for k in known if k.content_hash == article.content_hash]
        if same_body:
            return self._copy(article, same_body)
        return self._admit(article)

    def _copy(self, article: Article, same_body: list[Article]) -> Verdict:
        if article.url and any(k.url == article.url for k in same_body):
            return Verdict("repeat")
        if _generated_id(article):
            article = replace(article, id=copy_id(article))
            if any(k.id == article.id for k in same_body):
                return Verdict("repeat")
        first = min(same_body, key=lambda k: (k.duplicate_of is not None, self._rank(k.id), k.id))
        return self._admit(article, original=first.duplicate_of or first.id)

    def _keys(self, data: bytes) -> list[tuple[int, int]]:
        return band_keys(data, *self._bands)

    def _stored_match(self, sig: Signature) -> str | None:
        """The first stored article (published, id order) that `sig` copies,
        among those that came before this run: this run's are ranked after."""
        if sig.size == 0:
            return None
        for article_id, data in self.store.band_candidates(self._keys(sig.to_bytes())):
            if article_id not in self._order and \
                    containment(sig, Signature.from_bytes(data)) >= self.index.threshold:
                return article_id
        return None

    def _rank(self, article_id: str) -> int:
        # Stored articles first, then this run's in the order they came.
        return self._order.get(article_id, -1) + 1

    def _admit(self, article: Article, original: str | None = None) -> Verdict:
        sig = signature(article.text, self.index.num_perm)
        outcome: Outcome = "syndicated" if original else "new"
        if original is None:
            near = self._stored_match(sig) or self.index.match_signature(sig)
            if near and near != article.id:
                original, outcome = near, "near_duplicate"
        self.index.add_signature(article.id, sig)
        if original:
            article = replace(article, duplicate_of=original)
        self._by_id[article.id] = _meta(article)
        self._order[article.id] = len(self._order)
        self._by_hash.setdefault(article.content_hash, []).append(article.id)
        return Verdict(outcome, article, sig.to_bytes())

    def forget(self, article_id: str) -> None:
        """Undo `check` for an article that was let through but could not be stored."""
        meta = self._by_id.pop(article_id, None)
        self._order.pop(article_id, None)
        if meta is not None:
            ids = self._by_hash.get(meta.content_hash, [])
            if article_id in ids:
                ids.remove(article_id)
        self.index.remove(article_id)
