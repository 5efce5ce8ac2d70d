"""The dashboard in headless Chromium, driven by web/dashboard-test.mjs (playwright-core).

Needs Debian's chromium (`apt-get install -y chromium`) and `npm ci --prefix web`;
skips with the reason when either is missing.  Two stores are driven:
- the hand-built API test store (evidence, tracks, hostile text escaped);
- a store ingested from the FA-KES dev file in ../shared (about 1,600 events and
  400 alerts): markers cluster, the alert filters work and follow the map's
  filters, downloads hold the view, and a shared link reopens the same view.
  Skipped, with the reason, only when that file is missing.
Writes docs/dashboard.png and docs/dashboard-fakes.png when they are missing or
TOCSIN_UPDATE_SCREENSHOT=1.
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
FAKES_SCREENSHOT = ROOT / "docs" / "dashboard-fakes.png"
FAKES = ROOT.parent / "shared" / "eval" / "articles" / "fakes_dev.csv"


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
                         capture_output=True, text=True, timeout=600, check=False)
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
        result = _drive(url, "--alert", "al-south", "--hostile-alert", "al-hostile", "--track", "ISIS",
                        "--screenshot", str(shot))
    _keep_screenshot(shot, SCREENSHOT)
    result["screenshot"] = shot
    return result


def _keep_screenshot(shot: Path, target: Path) -> None:
    if shot.exists() and (not target.exists() or os.environ.get("TOCSIN_UPDATE_SCREENSHOT") == "1"):
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, target)


def test_every_browser_check_passed(browser_checks):
    failed = {name: check["detail"] for name, check in browser_checks["checks"].items() if not check["ok"]}
    assert not failed


@pytest.mark.parametrize("name", [
    "event markers drawn", "country outlines drawn", "place labels drawn", "alert list rendered",
    "severity shown on every alert", "track arrows drawn", "track legend names the actor",
    "histogram drawn", "histogram has a date axis", "alert click shows its evidence",
    "the open alert is in the URL", "injected script did not run", "no injected elements",
    "injected title shown as text", "no page errors or outside requests",
])
def test_browser_check_ran(browser_checks, name):
    assert browser_checks["checks"][name]["ok"], browser_checks["checks"][name]["detail"]


def test_screenshot_was_taken(browser_checks):
    assert browser_checks["screenshot"].stat().st_size > 10_000


def test_corrections_and_dismissals_from_the_page(api_db, tmp_path):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    app = create_app(_copy(api_db, tmp_path), ApiConfig(vendor_dir=ROOT / "web" / "node_modules", token="s3cret-token"))
    if "/api/alerts/{alert_id}/dismissal" not in app.openapi()["paths"]:
        pytest.skip("this API has no correction and dismissal endpoints")
    with served(app) as url:
        result = _drive(url, "--review", "s3cret-token", "--alert", "al-south")
    failed = {name: check["detail"] for name, check in result["checks"].items() if not check["ok"]}
    assert not failed and "a correction is saved and shown" in result["checks"]


def _copy(db: Path, folder: Path) -> Path:
    target = folder / "review.duckdb"
    shutil.copyfile(db, target)
    return target


def test_page_without_the_npm_libraries_says_what_to_run(api_db, tmp_path):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    with served(create_app(api_db, ApiConfig(vendor_dir=tmp_path / "empty"))) as url:
        result = _drive(url, "--missing-vendor")
    failed = {name: check["detail"] for name, check in result["checks"].items() if not check["ok"]}
    assert not failed and "missing libraries notice shown" in result["checks"]


@pytest.fixture(scope="module")
def fakes_checks(tmp_path_factory):
    reason = _missing()
    if reason:
        pytest.skip(reason)
    if not FAKES.is_file():
        pytest.skip(f"no FA-KES dev file at {FAKES} (the evaluation data in ../shared)")
    from tocsin.ingest.readers import CsvColumns
    from tocsin.runner import ingest
    from tocsin.store import Store

    folder = tmp_path_factory.mktemp("fakes")
    db = folder / "fakes.duckdb"
    with Store(db) as store:
        ingest([FAKES], store, columns=CsvColumns(text="article_content", title="article_title", date="date",
                                                  id="unit_id"))
    shot = folder / "dashboard-fakes.png"
    with served(create_app(db, ApiConfig(vendor_dir=ROOT / "web" / "node_modules"))) as url:
        result = _drive(url, "--volume", "--screenshot", str(shot))
    _keep_screenshot(shot, FAKES_SCREENSHOT)
    return result


def test_every_check_passed_on_the_fakes_store(fakes_checks):
    failed = {name: check["detail"] for name, check in fakes_checks["checks"].items() if not check["ok"]}
    assert not failed


@pytest.mark.parametrize("name", [
    "markers cluster", "no arrows until an actor is picked", "a few place labels", "histogram has a date axis",
    "every alert listed", "severity shown on every alert", "alert kind filter works", "alert severity filter works",
    "the actor filter filters the alerts too", "the actor filter draws its moves", "CSV download holds this view",
    "GeoJSON download holds this view", "a shared link restores the view", "no page errors or outside requests",
])
def test_fakes_check_ran(fakes_checks, name):
    assert fakes_checks["checks"][name]["ok"], fakes_checks["checks"][name]["detail"]
