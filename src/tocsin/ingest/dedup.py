"""Exact and near-duplicate detection for articles.

Syndicated wire copies differ in headline, lead line and footer but share
most of their body.  We compare word 5-shingles with MinHash and call two
texts near-duplicates when the *containment* of the smaller shingle set in
the larger reaches the threshold: plain Jaccard punishes a copy that was
trimmed or given an extra paragraph, which is how outlets re-use wire
stories.  MinHash LSH finds candidates at a lower Jaccard bar; each
candidate is then checked against the containment threshold.
"""
from __future__ import annotations

import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from tocsin.ingest.hashing import content_hash, normalise
from tocsin.models import Article, Problem

__all__ = ["NearDuplicateIndex", "Signature", "content_hash", "mark_duplicates", "minhash_signature",
           "normalise", "signature"]

SHINGLE_WORDS = 5
_SEED = 1
#: Pinned so persisted signatures stay comparable across datasketch versions.
_SCHEME = "affine32"
_COUNT = struct.Struct("<I")
_WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[bytes]:
    """Word n-grams of the case-folded words, punctuation ignored."""
    words = _WORD.findall(text.casefold())
    if len(words) < size:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i:i + size]).encode() for i in range(len(words) - size + 1)}


@lru_cache(maxsize=8)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    template = MinHash(num_perm=num_perm, seed=_SEED, scheme=_SCHEME)
    return template.permutations  # type: ignore[no-any-return]


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

    def minhash(self) -> MinHash:
        num_perm = len(self.hashvalues)
        return MinHash(num_perm=num_perm, seed=_SEED, hashvalues=self.hashvalues,
                       permutations=_permutations(num_perm), scheme=_SCHEME)


def signature(text: str, num_perm: int = 128) -> Signature:
    grams = shingles(text)
    minhash = MinHash(num_perm=num_perm, seed=_SEED, permutations=_permutations(num_perm),
                      scheme=_SCHEME)
    if grams:
        minhash.update_batch(list(grams))
    return Signature(minhash.hashvalues.copy(), len(grams))


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
        # Equal-sized sets at containment c have Jaccard c / (2 - c); go a little
        # lower so trimmed copies still surface as candidates.
        candidate_jaccard = max(0.2, threshold / (2.0 - threshold) - 0.2)
        self._lsh = MinHashLSH(threshold=candidate_jaccard, num_perm=num_perm)
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
        self._lsh.insert(article_id, sig.minhash())
        self._signatures[article_id] = sig
        self._order[article_id] = len(self._order)

    def match(self, text: str) -> str | None:
        return self.match_signature(signature(text, self.num_perm))

    def match_signature(self, sig: Signature) -> str | None:
        if sig.size == 0 or not self._signatures:
            return None
        candidates = [key for key in self._lsh.query(sig.minhash())
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
