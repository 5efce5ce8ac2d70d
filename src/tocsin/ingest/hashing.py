"""Content hashes: cheap to import, used for article ids and exact-duplicate checks."""
from __future__ import annotations

import hashlib


def normalise(text: str) -> str:
    """Case-folded text with every run of whitespace made one space."""
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """sha256 hex of the whitespace-normalised, case-folded text."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()
