"""The FastAPI application: REST API under /api, the dashboard at /.

    uvicorn --factory tocsin.api.app:app_from_env   (or `tocsin serve`)

The dashboard's libraries come from web/node_modules (`npm ci --prefix web`)
and are served under /vendor/; without them the server still starts and the
page says what to run.
"""
from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated
from urllib.parse import urlsplit

from fastapi import FastAPI, Path as PathParam, Request
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

from tocsin import __version__
from tocsin.api import ingest as ingest_api
from tocsin.api import routes
from tocsin.api.cache import ReadCache
from tocsin.api.config import ApiConfig, find_vendor_dir, load_config
from tocsin.api.database import Database
from tocsin.api.errors import ApiError, install_handlers
from tocsin.api.tracks import ResultCache

if TYPE_CHECKING:
    from tocsin.live.config import WatchConfig

log = logging.getLogger("tocsin.api")

#: The only files served from node_modules: npm package folder -> allowed sub-folder.
VENDOR_FILES = {
    "leaflet": "dist",
    "leaflet.markercluster": "dist",
    "topojson-client": "dist",
    "world-atlas": "",
}


def static_dir() -> Path:
    return Path(str(resources.files("tocsin.api") / "static"))


def security_headers(config: ApiConfig) -> dict[str, str]:
    """A strict CSP: scripts only from this origin, no inline script, no framing."""
    images = "'self' data:"
    if config.tile_url:
        parts = urlsplit(config.tile_url)
        images += f" {parts.scheme}://{parts.netloc.replace('{s}', '*')}"
    csp = (f"default-src 'self'; script-src 'self'; style-src 'self'; img-src {images}; "
           "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
           "frame-ancestors 'none'")
    return {"Content-Security-Policy": csp, "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def vendor_file(vendor_dir: Path | None, package: str, rest: str) -> Path:
    """Resolve /vendor/<package>/<rest> inside the allowed folder, or raise 404."""
    allowed = VENDOR_FILES.get(package)
    if allowed is None:
        raise ApiError(404, f"no vendor package {package}")
    if vendor_dir is None:
        raise ApiError(404, "front-end libraries not installed; run: npm ci --prefix web")
    root = (vendor_dir / package / allowed).resolve()
    target = (vendor_dir / package / rest).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise ApiError(404, f"no vendor file {package}/{rest}")
    return target


def create_app(db_path: str | Path, config: ApiConfig | None = None, *,
               ingest: ingest_api.IngestFn | None = None,
               fetch_url: ingest_api.FetchFn | None = None,
               watch: "WatchConfig | None" = None, watch_alert_config: Path | None = None) -> FastAPI:
    """Build the app over one store file.  The file is opened now, so a bad path fails fast.

    `watch` runs the feed watcher on a thread of this process (`tocsin serve
    --watch`): the one writer of the store, while requests read snapshots."""
    config = config or ApiConfig()
    database = Database(db_path, writable=config.writes_enabled or watch is not None)
    runner_ingest = ingest or ingest_api.RunnerIngest(record_timeout_s=config.record_timeout_s)
    service = None
    if watch is not None:
        from tocsin.live.service import WatchService

        shared = runner_ingest.pipeline if isinstance(runner_ingest, ingest_api.RunnerIngest) else None
        service = WatchService(watch, database.writer, pipeline=shared, alert_config=watch_alert_config)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if service is not None:
            service.start()
        yield
        if service is not None:
            service.stop()
        if isinstance(runner_ingest, ingest_api.RunnerIngest):
            runner_ingest.close()               # its parse worker, if one was started
        database.close()

    app = FastAPI(title="tocsin", version=__version__, lifespan=lifespan,
                  docs_url=None, redoc_url=None,   # both pull scripts from a CDN; /openapi.json stays
                  description="Geocoded, source-attributed conflict events from news articles.")
    app.state.database = database
    app.state.config = config
    app.state.vendor_dir = find_vendor_dir(config)
    app.state.ingest = runner_ingest
    app.state.watch = service
    app.state.fetch_url = fetch_url or ingest_api.fetch_article
    app.state.track_cache = ResultCache()
    if app.state.vendor_dir is None:
        log.warning("dashboard libraries missing: run 'npm ci --prefix web' (the API works without them)")
    install_handlers(app)
    headers = security_headers(config)

    @app.middleware("http")
    async def add_security_headers(request: Request, call_next):  # type: ignore[no-untyped-def]
        response: Response = await call_next(request)
        response.headers.update(headers)
        return response

    app.include_router(routes.router)
    app.include_router(ingest_api.router)
    # Outermost: cached responses already carry the security headers.
    app.add_middleware(ReadCache, generation=lambda: database.generation,
                       max_exports=config.max_concurrent_exports,
                       max_builds=config.max_concurrent_builds)
    _add_dashboard(app, config)
    return app


def _add_dashboard(app: FastAPI, config: ApiConfig) -> None:
    static = static_dir()

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", media_type="text/html; charset=utf-8")

    @app.get("/dashboard-config.json", include_in_schema=False)
    def dashboard_config(request: Request) -> dict[str, object]:
        return {"vendor": request.app.state.vendor_dir is not None,
                "tile_url": config.tile_url, "tile_attribution": config.tile_attribution,
                "max_page_size": config.max_page_size}

    @app.get("/vendor/{package}/{rest:path}", include_in_schema=False)
    def vendor(request: Request, package: Annotated[str, PathParam(max_length=40)],
               rest: Annotated[str, PathParam(max_length=200)]) -> FileResponse:
        return FileResponse(vendor_file(request.app.state.vendor_dir, package, rest))

    app.mount("/static", StaticFiles(directory=static), name="static")


def app_from_env() -> FastAPI:
    """For `uvicorn --factory`: TOCSIN_DB and TOCSIN_CONFIG name the store and config."""
    return create_app(os.environ.get("TOCSIN_DB", "tocsin.duckdb"),
                      load_config(os.environ.get("TOCSIN_CONFIG")))
