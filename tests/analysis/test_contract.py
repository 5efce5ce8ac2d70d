"""The alert contract: every field is documented in the README, and round-trips the store codec."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from tocsin.models import Alert
from tocsin.store.codec import alert_from_json

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def test_every_alert_field_is_documented() -> None:
    missing = [f for f in Alert.__dataclass_fields__ if f"`{f}`" not in README]
    assert missing == []


def test_later_evidence_and_updated_at_round_trip() -> None:
    alert = Alert(id="te-1", kind="territory", actor="ISIS", region="Homs, Syria",
                  fired_at=datetime(2015, 5, 20, 9, tzinfo=timezone.utc), severity=0.8,
                  summary="s", evidence=("a",), later_evidence=("b", "c"),
                  updated_at=datetime(2015, 5, 22, 7, tzinfo=timezone.utc))
    assert alert_from_json(alert.to_dict()) == alert
    old = {k: v for k, v in alert.to_dict().items() if k not in ("later_evidence", "updated_at")}
    assert alert_from_json(old).later_evidence == () and alert_from_json(old).updated_at is None
