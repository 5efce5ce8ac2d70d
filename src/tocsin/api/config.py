"""Settings of the REST API: where the database is, who may write, what to serve."""
from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

TOKEN_ENV = "TOCSIN_API_TOKEN"
VENDOR_ENV = "TOCSIN_VENDOR_DIR"
MAX_PAGE_SIZE = 1000
DEFAULT_PAGE_SIZE = 100
#: Largest POST /api/ingest body accepted, in bytes.
MAX_INGEST_BYTES = 20_000_000
#: Highest page number served: page * limit must stay a small integer for the store.
MAX_PAGE = 1_000_000
#: Fetching a URL list: per page, and for the whole request.
FETCH_TIMEOUT_S = 20.0
FETCH_MAX_BYTES = 10_000_000
FETCH_BUDGET_S = 60.0
#: Heavy exports (CSV, GeoJSON) built at once; the rest wait their turn.
MAX_CONCURRENT_EXPORTS = 2
#: wall-clock budget of one posted article in the server's parse worker (tocsin.pipelines)
RECORD_TIMEOUT_S = 120.0
#: other responses not in the read cache built at once (the GIL makes more no faster)
MAX_CONCURRENT_BUILDS = 2


class ConfigError(Exception):
    """The API configuration file cannot be read or has a wrong value."""


@dataclass(frozen=True, slots=True)
class ApiConfig:
    #: Bearer token that authorises POST /api/ingest; None refuses every write.
    token: str | None = None
    max_page_size: int = MAX_PAGE_SIZE
    default_page_size: int = DEFAULT_PAGE_SIZE
    max_ingest_bytes: int = MAX_INGEST_BYTES
    #: Folder holding the npm packages (web/node_modules); None looks for it.
    vendor_dir: Path | None = None
    #: Optional map tile URL template (https://.../{z}/{x}/{y}.png); never required.
    tile_url: str | None = None
    tile_attribution: str = ""
    max_page: int = MAX_PAGE
    #: POST /api/ingest URL lists may fetch loopback and private addresses (off: SSRF guard).
    allow_private: bool = False
    fetch_timeout_s: float = FETCH_TIMEOUT_S
    fetch_max_bytes: int = FETCH_MAX_BYTES
    fetch_budget_s: float = FETCH_BUDGET_S
    max_concurrent_exports: int = MAX_CONCURRENT_EXPORTS
    max_concurrent_builds: int = MAX_CONCURRENT_BUILDS
    record_timeout_s: float = RECORD_TIMEOUT_S

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)


def load_config(path: str | Path | None = None, env: dict[str, str] | None = None) -> ApiConfig:
    """Read the `[api]` table of a TOML file; TOCSIN_API_TOKEN overrides its token."""
    env = dict(os.environ) if env is None else env
    table: dict[str, object] = {}
    if path is not None:
        try:
            with Path(path).open("rb") as handle:
                table = tomllib.load(handle).get("api", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config {path}: {exc}") from exc
    token = env.get(TOKEN_ENV) or _text(table, "token")
    vendor = env.get(VENDOR_ENV) or _text(table, "vendor_dir")
    return ApiConfig(
        token=token or None,
        max_page_size=_positive(table, "max_page_size", MAX_PAGE_SIZE),
        default_page_size=_positive(table, "default_page_size", DEFAULT_PAGE_SIZE),
        max_ingest_bytes=_positive(table, "max_ingest_bytes", MAX_INGEST_BYTES),
        vendor_dir=Path(vendor) if vendor else None,
        tile_url=_text(table, "tile_url"),
        tile_attribution=_text(table, "tile_attribution") or "",
        max_page=_positive(table, "max_page", MAX_PAGE),
        allow_private=_flag(table, "allow_private"),
        fetch_timeout_s=_seconds(table, "fetch_timeout_s", FETCH_TIMEOUT_S),
        fetch_max_bytes=_positive(table, "fetch_max_bytes", FETCH_MAX_BYTES),
        fetch_budget_s=_seconds(table, "fetch_budget_s", FETCH_BUDGET_S),
        max_concurrent_exports=_positive(table, "max_concurrent_exports", MAX_CONCURRENT_EXPORTS),
        max_concurrent_builds=_positive(table, "max_concurrent_builds", MAX_CONCURRENT_BUILDS),
        record_timeout_s=_seconds(table, "record_timeout_s", RECORD_TIMEOUT_S),
    )


def _text(table: dict[str, object], key: str) -> str | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigError(f"[api] {key} must be a string, not {type(value).__name__}")
    return value


def _positive(table: dict[str, object], key: str, default: int) -> int:
    value = table.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ConfigError(f"[api] {key} must be a positive integer, not {value!r}")
    return value


def _flag(table: dict[str, object], key: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"[api] {key} must be true or false, not {value!r}")
    return value


def _seconds(table: dict[str, object], key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value <= 3600:
        raise ConfigError(f"[api] {key} must be a number of seconds in (0, 3600], not {value!r}")
    return float(value)


def find_vendor_dir(config: ApiConfig) -> Path | None:
    """web/node_modules of the source tree or the working directory, if installed."""
    candidates = [config.vendor_dir] if config.vendor_dir else [
        Path(__file__).resolve().parents[3] / "web" / "node_modules",
        Path.cwd() / "web" / "node_modules",
    ]
    for folder in candidates:
        if folder is not None and (folder / "leaflet" / "dist" / "leaflet.js").is_file():
            return folder
    return None
