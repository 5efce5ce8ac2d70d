"""`tocsin eval petrarch2 FILE`: source and target actors against the PETRARCH-2
validation records (PETR2_GSR_validation.xml, 78 real news sentences).

The file is not well-formed XML (a `<Sentence .../>` tag is closed and its
codings, text and parse follow as siblings), so records are read by pattern:
each `<Sentence ... id="...">` up to the next one, with its `<EventCoding>`
lines and its `<Text>`.  The gold `<Parse>` is ignored: we parse the text
ourselves, as on any other sentence; only a record whose `<Text>` is empty
has its text rebuilt from the parse's word forms.

Scoring (the same conventions as the PLOVER evaluator, `evaluate.plover`):
- `source_country_acc`: actor1 of `ActorResolver.roles` on the sentence is
  right when its country code is the country part (first three letters) of
  ANY gold source code of the record.  CAMEO's non-state prefixes (IGO, IMG,
  NGO ...) become the transnational code "INT".  Gold codes that start with
  "---" (an actor of no stated country: "---LEG", "---REB") name no country
  and are left out; so are records coded `noevents`.  `target_country_acc`
  likewise with actor2.
- `event_acc` (only when CAMEO2PLOVER-2021.txt is found next to the PLOVER
  gold file, `../plover/`): our PLOVER category equals the gold CAMEO code's
  PLOVER category, over records with an event coding.
- Held-out half: a record whose `sha1(id)` is odd is in the held-out half
  (decided before any error was looked at; see docs/accuracy_notes.md).
  Every metric is also given on that half (`..._heldout`).
"""
from __future__ import annotations

import argparse
import hashlib
import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from tocsin.evaluate.common import emit
from tocsin.evaluate.plover import Prediction, normalise_code, predict

_SENTENCE = re.compile(r"<Sentence\b([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_CODING = re.compile(r"<EventCoding\b([^>]*)/?>")
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S)
_PARSE = re.compile(r"<Parse>(.*?)</Parse>", re.S)
_NO_COUNTRY = "---"


@dataclass(frozen=True, slots=True)
class PetrarchRecord:
    id: str
    text: str
    sources: frozenset[str]      # country codes; empty when none is stated
    targets: frozenset[str]
    events: frozenset[str]       # CAMEO event codes
    heldout: bool


def in_heldout_half(record_id: str) -> bool:
    """The fixed split: odd sha1 of the id is held out."""
    return int(hashlib.sha1(record_id.encode("utf-8")).hexdigest(), 16) % 2 == 1


def _country(code: str) -> str | None:
    code = code.strip().upper()
    if not code or code.startswith(_NO_COUNTRY):
        return None
    return normalise_code(code[:3])


def parse_records(text: str) -> tuple[list[PetrarchRecord], int]:
    """Records from the file's text, and how many sentences lacked an id or text."""
    starts = list(_SENTENCE.finditer(text))
    records: list[PetrarchRecord] = []
    skipped = 0
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        body = text[start.end():end]
        attrs = dict(_ATTR.findall(start.group(1)))
        found = _TEXT.search(body)
        sentence = " ".join(html.unescape(found.group(1)).split()) if found else ""
        sentence = sentence or _text_of_parse(body)
        if "id" not in attrs or not sentence:
            skipped += 1
            continue
        sources: set[str] = set()
        targets: set[str] = set()
        events: set[str] = set()
        for coding in _CODING.finditer(body):
            values = dict(_ATTR.findall(coding.group(1)))
            for key, into in (("sourcecode", sources), ("targetcode", targets)):
                country = _country(values.get(key, ""))
                if country:
                    into.add(country)
            if values.get("eventcode"):
                events.add(values["eventcode"])
        records.append(PetrarchRecord(attrs["id"], sentence, frozenset(sources),
                                      frozenset(targets), frozenset(events),
                                      in_heldout_half(attrs["id"])))
    return records, skipped


def _text_of_parse(body: str) -> str:
    """The sentence a CoNLL-U parse spells, spacing as its SpaceAfter marks say."""
    found = _PARSE.search(body)
    out: list[str] = []
    for line in (found.group(1).splitlines() if found else []):
        cells = line.split("\t")
        if len(cells) >= 10 and cells[0].isdigit():
            out.append(cells[1] + ("" if "SpaceAfter=No" in cells[9] else " "))
    return "".join(out).strip()


def read_cameo2plover(path: Path) -> dict[str, str]:
    """CAMEO code -> PLOVER category, from the CAMEO2PLOVER-2021 table."""
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"\s*(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            table[m.group(1)] = m.group(2)
    return table


def plover_of(cameo: str, table: dict[str, str]) -> str | None:
    for n in range(len(cameo), 1, -1):
        if cameo[:n] in table:
            return table[cameo[:n]]
    return None


def score(records: Sequence[PetrarchRecord], predictions: Sequence[Prediction],
          table: dict[str, str] | None, suffix: str = "") -> dict[str, Any]:
    pairs = list(zip(records, predictions))
    with_source = [(r, p) for r, p in pairs if r.sources]
    with_target = [(r, p) for r, p in pairs if r.targets]
    out: dict[str, Any] = {
        f"n{suffix}": len(pairs),
        f"n_source{suffix}": len(with_source),
        f"source_country_acc{suffix}": _ratio(sum(p.source in r.sources for r, p in with_source),
                                              len(with_source)),
        f"n_target{suffix}": len(with_target),
        f"target_country_acc{suffix}": _ratio(sum(p.target in r.targets for r, p in with_target),
                                              len(with_target)),
    }
    if table:
        coded = [(r, p) for r, p in pairs if r.events]
        hits = sum(p.event in {plover_of(c, table) for c in r.events} for r, p in coded)
        out[f"event_acc{suffix}"] = _ratio(hits, len(coded))
    return out


def _ratio(hits: int, total: int) -> float | None:
    return round(hits / total, 4) if total else None


def evaluate_petrarch(path: Path, nlp: Any = None, limit: int | None = None) -> dict[str, Any]:
    records, skipped = parse_records(path.read_text(encoding="utf-8"))
    records = records[:limit] if limit else records
    if nlp is None:
        from tocsin.runner import load_nlp

        nlp = load_nlp()
    predictions = predict(records, nlp)
    mapping = path.parent.parent / "plover" / "CAMEO2PLOVER-2021.txt"
    table = read_cameo2plover(mapping) if mapping.exists() else None
    metrics: dict[str, Any] = {"skipped": skipped, **score(records, predictions, table)}
    held = [(r, p) for r, p in zip(records, predictions) if r.heldout]
    metrics.update(score([r for r, _ in held], [p for _, p in held], table, "_heldout"))
    return metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tocsin eval petrarch2")
    parser.add_argument("file", type=Path)
    parser.add_argument("--limit", type=int)
    args = parser.parse_args(argv)
    try:
        metrics = evaluate_petrarch(args.file, limit=args.limit)
    except (OSError, UnicodeDecodeError) as err:
        print(f"error: {err}")
        return 1
    emit(f"PETRARCH-2 validation: {args.file}", metrics.items(), metrics)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
