"""Who may be the actor of an alert.

A monitor, a news agency or an official who speaks is the source of a claim,
never its actor: "the Syrian Observatory said ..." does not put the
Observatory in Deir ez-Zor.  And a generic label ("rebels", "terrorists",
"Military forces") names nobody in particular, so it never makes a track:
two groups both called "rebels" are not one actor moving about.

The names come from the package's data files (the sources list the
attribution reader uses, the actor dictionary and its generic nouns), read
as data so that analysis does not import the extractors.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from tocsin.models import Event

#: actor dictionary sectors whose members speak about events, not act in them
_SOURCE_SECTORS = frozenset({"NGO", "MEDIA", "JRN"})
#: source kinds (data/cues_sources.tsv) that are never an alert's actor
_SOURCE_KINDS = frozenset({"monitor", "outlet"})


def name_key(text: str) -> str:
    """Case-, article- and punctuation-insensitive key: 'the Syrian Observatory' -> 'syrian observatory'."""
    words = re.sub(r"[^\w]+", " ", text.casefold()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def _data(name: str) -> str:
    return resources.files("tocsin").joinpath(f"data/{name}").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def source_names() -> frozenset[str]:
    """Keys of every monitor and outlet name and alias, and of the actor
    dictionary's NGO and media entries."""
    keys: set[str] = set()
    for line in _data("cues_sources.tsv").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] not in _SOURCE_KINDS:
            continue
        names = [parts[1]] if parts[1] != "-" else []
        keys.update(name_key(n) for n in names + parts[2].split("|") if n.strip())
    for entry in tomllib.loads(_data("actors.toml")).get("actor", []):
        if entry.get("sector") in _SOURCE_SECTORS:
            keys.add(name_key(entry["name"]))
            keys.update(name_key(a) for a in entry.get("aliases", []))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=1)
def generic_labels() -> frozenset[str]:
    """Keys of the generic actor labels ("Rebels", "Militants", "Military forces")."""
    groups = tomllib.loads(_data("actors_nouns.toml")).get("group", [])
    return frozenset(name_key(g["label"]) for g in groups if g.get("label"))


def is_generic(name: str) -> bool:
    """'Rebels (Syria)', 'Militants', 'Unidentified Armed Group': a label, not a group."""
    base = re.sub(r"\s*\([^)]*\)\s*$", "", name)
    return name_key(base) in generic_labels()


#: actor kinds that speak for others: officials, agencies, unknown names
_SPEAKING_KINDS = frozenset({"government", "international", "other"})


def speaks(event: Event) -> bool:
    """Is actor1 the source of the claim rather than its actor?  A monitor or an
    outlet always is; an official or agency is when the claim is attributed to
    it ("the governor said ...").  An army reporting its own capture stays the
    actor of it."""
    actor = event.actor1
    if actor is None:
        return False
    keys = {name_key(actor.name), name_key(actor.text)} - {""}
    if keys & source_names():
        return True
    if actor.kind not in _SPEAKING_KINDS:
        return False
    said = event.attribution
    while said is not None:
        spoken = f" {name_key(said.text)} {name_key(said.name or '')} "
        if any(f" {key} " in spoken for key in keys):
            return True
        said = said.cites
    return False
