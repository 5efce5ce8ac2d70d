"""The dashboard's pure parts (axis ticks, alert filters, the view in the URL), in node."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_dashboard_unit_checks_pass() -> None:
    if shutil.which("node") is None:
        pytest.skip("no node on PATH")
    run = subprocess.run(["node", str(ROOT / "web" / "unit-test.mjs")], capture_output=True, text=True,
                         timeout=60, check=False)
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["failures"] == [] and len(result["passed"]) >= 6, run.stderr
