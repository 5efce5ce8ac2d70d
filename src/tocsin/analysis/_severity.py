"""Severity: one number that sorts alerts the way an analyst would read them.

    severity = 0.30 * sources + 0.20 * place + 0.20 * status + 0.30 * strength

- sources = 1 - 0.5 ** n, n the independent origins among the alert's
  evidence and later evidence (a syndicated copy counts for its original, a
  report citing an outlet for that outlet): 0.5 for one, 0.75 for two, 0.875
  for three.
- place = the most precise place among them: point or city 1.0, district
  0.8, region 0.5, country 0.25, anything vaguer 0.1.
- status = the firmest status among them: asserted 1.0, reported 0.85,
  alleged 0.6, contested 0.5.
- strength = what the detector saw, each kind on its own scale in [0, 1]
  (see the detectors): a takeover 1.0 (0.5 when reports disagree on who took
  it), a reported move 0.6 to 1.0 with distance, a surge -log10(p) / 8, a new
  presence 0.6 to 1.0 with how well the region was covered before.

Every term is in [0, 1], so severity is too; it is rounded to 3 places.
"""
from __future__ import annotations

import numpy as np

from tocsin.analysis._candidate import clip01
from tocsin.analysis.frame import Columns

WEIGHTS = {"sources": 0.30, "place": 0.20, "status": 0.20, "strength": 0.30}
PLACE_WEIGHT = {"point": 1.0, "city": 1.0, "admin2": 0.8, "admin1": 0.5, "country": 0.25}
STATUS_WEIGHT = {"asserted": 1.0, "reported": 0.85, "alleged": 0.6, "contested": 0.5}


def origins(cols: Columns, rows: np.ndarray) -> int:
    """Independent origins among the rows."""
    keys = [o or f"article:{a}" for o, a in zip(cols.origin[rows].tolist(),
                                                 cols.article_id[rows].tolist())]
    return len(set(keys))


def severity(cols: Columns, rows: np.ndarray, strength: float) -> float:
    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return 0.0
    sources = 1.0 - 0.5 ** origins(cols, rows)
    place = max(PLACE_WEIGHT.get(str(p), 0.1) for p in cols.place_precision[rows].tolist())
    status = max(STATUS_WEIGHT.get(str(s), 0.0) for s in cols.status[rows].tolist())
    value = (WEIGHTS["sources"] * sources + WEIGHTS["place"] * place
             + WEIGHTS["status"] * status + WEIGHTS["strength"] * clip01(strength))
    return round(clip01(value), 3)
