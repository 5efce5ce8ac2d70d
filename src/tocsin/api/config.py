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
