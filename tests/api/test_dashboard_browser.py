"""The dashboard in headless Chromium, driven by web/dashboard-test.mjs (playwright-core).

Needs Debian's chromium (`apt-get install -y chromium`) and `npm ci --prefix web`;
skips with the reason when either is missing.  Writes docs/dashboard.png when
that file is missing or TOCSIN_UPDATE_SCREENSHOT=1.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from api_helpers import served

from tocsin.api.app import create_app
from tocsin.api.config import ApiConfig

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
DRIVER = ROOT / "web" / "dashboard-test.mjs"
SCREENSHOT = ROOT / "docs" / "dashboard.png"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return "no /usr/bin/chromium: apt-get update && apt-get install -y chromium"
    if not (ROOT / "web" / "node_modules" / "playwright-core").is_dir():
        return "no web/node_modules: npm ci --prefix web"
    if shutil.which("node") is None:
        return "no node on PATH"
    return None


def _drive(url: str, *args: str) -> dict:
    run = subprocess.run(["node", str(DRIVER), "--url", f"{url}/", "--chromium", str(CHROMIUM), *args],
                         capture_output=True, text=True, timeout=180, check=False)
    lines = [line for line in run.stdout.splitlines() if line.startswith("{")]
    assert lines, f"driver printed no result (exit {run.returncode}): {run.stderr[-2000:]}"
    result = json.loads(lines[-1])
    assert result["launched"], result.get("error")
    return result


@pytest.fixture(scope="module")
def browser_checks(api_db, tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    shot = tmp_path_factory.mktemp("shot") / "dashboard.png"
    with served(create_app(api_db, ApiConfig(vendor_dir=ROOT / "web" / "node_modules"))) as url:
        result = _drive(url, "--alert", "al-south", "--hostile-alert", "al-hostile",
                        "--screenshot", str(shot))
    if shot.exists() and (not SCREENSHOT.exists() or os.environ.get("TOCSIN_UPDATE_SCREENSHOT") == "1"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)
    result["screenshot"] = shot
    return result


def test_every_browser_check_passed(browser_checks):
    failed = {name: check["detail"] for name, check in browser_checks["checks"].items() if not check["ok"]}
    assert not failed


@pytest.mark.parametrize("name", [
    "event markers drawn", "country outlines drawn", "alert list rendered", "track arrows drawn",
    "histogram drawn", "alert click shows its evidence", "injected script did not run",
    "no injected elements", "injected title shown as text", "no page errors or outside requests",
])
def test_browser_check_ran(browser_checks, name):
    assert browser_checks["checks"][name]["ok"], browser_checks["checks"][name]["detail"]


def test_screenshot_was_taken(browser_checks):
    assert browser_checks["screenshot"].stat().st_size > 10_000


def test_page_without_the_npm_libraries_says_what_to_run(api_db, tmp_path):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    with served(create_app(api_db, ApiConfig(vendor_dir=tmp_path / "empty"))) as url:
        result = _drive(url, "--missing-vendor")
    failed = {name: check["detail"] for name, check in result["checks"].items() if not check["ok"]}
    assert not failed and "missing libraries notice shown" in result["checks"]
