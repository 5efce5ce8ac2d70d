"""Which event-type model is in use: the shipped one, or one a user trained.

The shipped model lives in `tocsin/data/event_model/`.  A model trained with
`tocsin train event-types` lives in any folder with the same two files; pass
it as `--model DIR` to `ingest`, `eval` or `serve`, or call `use_model(DIR)`.
`use_model` also sets the environment variable TOCSIN_EVENT_MODEL, so worker
processes started afterwards (spaCy's, a local Dask cluster's) load the same
model; a remote Dask worker needs the variable set where it runs.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Mapping, Sequence

import numpy as np

from tocsin.extract.event_type.anchors import Probe
from tocsin.extract.event_type.codes import NO_EVENT, taxonomy
from tocsin.extract.event_type.features import extra_features
from tocsin.extract.event_type.lexicon import Cue
from tocsin.extract.event_type.scorer import LinearScorer, ModelError, read_card

MODEL_ENV = "TOCSIN_EVENT_MODEL"
#: Used for a model whose card names no threshold.
DEFAULT_EVENT_THRESHOLD = 0.4


@dataclass(frozen=True)
class EventTypeModel:
    scorer: LinearScorer
    card: Mapping[str, Any]
    folder: Path

    @property
    def uses_cues(self) -> bool:
        """Whether the model was trained with the trigger lexicon's rules as features."""
        return bool(self.card.get("settings", {}).get("cues", False))

    @property
    def uses_sides(self) -> bool:
        """Whether the model was trained with `territory.side_features`."""
        return bool(self.card.get("settings", {}).get("sides", False))

    @property
    def event_threshold(self) -> float:
        """Least probability an ACLED code needs to be an event (chosen in CV at training)."""
        return float(self.card.get("event_threshold", DEFAULT_EVENT_THRESHOLD))

    @property
    def classes(self) -> tuple[str, ...]:
        return self.scorer.classes

    @property
    def uses_syntax(self) -> bool:
        """Whether the model was trained with `features.syntax_features`."""
        return bool(self.card.get("settings", {}).get("syntax", False))

    @property
    def uses_plover_cues(self) -> bool:
        return bool(self.card.get("settings", {}).get("plover_cues", False))

    def predict_proba(self, texts: Sequence[str], probes: Sequence[Probe] | None = None,
                      hits: Sequence[Sequence[Cue]] | None = None,
                      syntax: Sequence[Sequence[str]] | None = None) -> np.ndarray:
        """Class probabilities, with the extra features the model was trained with.
        `syntax`: each text's `features.syntax_features` from a parse already made;
        without it a model that uses them parses the texts (`parsing.py`)."""
        probes = probes if probes is not None else [Probe.of(t) for t in texts]
        extras = [extra_features(t, cues=self.uses_cues, sides=self.uses_sides,
                                 plover_cues=self.uses_plover_cues, probe=p,
                                 hits=hits[i] if hits is not None else None)
                  for i, (t, p) in enumerate(zip(texts, probes))]
        if self.uses_syntax:
            if syntax is None:
                from tocsin.extract.event_type.parsing import syntax_of_texts

                syntax = syntax_of_texts(texts)
            for row, found in zip(extras, syntax):
                row.extend(found)
        return self.scorer.predict_proba(list(texts), extras)

    @classmethod
    def load(cls, folder: Path, event_codes: bool = True) -> "EventTypeModel":
        """A model folder; `event_codes` checks that its classes are event codes
        (False for the PLOVER and movement heads)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise ModelError(f"{folder}: no such model directory")
        scorer = LinearScorer.load(folder)
        card = read_card(folder)
        unknown = [c for c in scorer.classes if c != NO_EVENT and c not in taxonomy()]
        if event_codes and unknown:
            raise ModelError(f"{folder}: unknown classes {', '.join(unknown)}")
        if list(card.get("classes", scorer.classes)) != list(scorer.classes):
            raise ModelError(f"{folder}: model.json and scorer.npz disagree on the classes")
        return cls(scorer, card, folder)


@lru_cache(maxsize=1)
def shipped_model_dir() -> Path:
    # cached: `active_model` asks on every `classify_many` call, and the
    # resources look-up cost 0.5 ms a call (0.3 s over the FA-KES dev file)
    return Path(str(resources.files("tocsin.data").joinpath("event_model")))


@lru_cache(maxsize=4)
def load_model(folder: str) -> EventTypeModel:
    """A model directory, loaded once per process."""
    return EventTypeModel.load(Path(folder))


@lru_cache(maxsize=4)
def shipped_head(name: str) -> EventTypeModel | None:
    """A shipped head (`movement`), or None when it is not there.  User models
    trained on ACLED exports replace the event-type model only; the heads stay shipped."""
    folder = shipped_model_dir() / name
    return EventTypeModel.load(folder, event_codes=False) if folder.is_dir() else None


def active_model() -> EventTypeModel:
    """The model named by TOCSIN_EVENT_MODEL, else the shipped one."""
    return load_model(os.environ.get(MODEL_ENV) or str(shipped_model_dir()))


def use_model(folder: str | Path | None) -> EventTypeModel:
    """Make `folder` the model for this process and the workers it starts
    (None: back to the shipped model).  Raises ModelError, with a one-line
    reason, when the folder holds no usable model."""
    if folder is None:
        os.environ.pop(MODEL_ENV, None)
        return active_model()
    path = str(Path(folder).resolve())
    model = load_model(path)
    os.environ[MODEL_ENV] = path
    return model
