"""One JSON shape for every error the API returns.

    {"ok": false, "status": 400, "error": "one line", "errors": [{"loc": ..., "msg": ...}]}

FastAPI's own 404, 405 and 422 responses are rewritten into it, so a client
needs one error branch only.
"""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

log = logging.getLogger("tocsin.api")


class ApiError(Exception):
    """A client error with its HTTP status; raised by handlers, rendered by `error_body`."""

    def __init__(self, status: int, error: str, errors: list[dict[str, Any]] | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.errors = errors or []
        self.headers = headers


def error_body(status: int, error: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"ok": False, "status": status, "error": error, "errors": errors or []}


def error_response(status: int, error: str, errors: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, error, errors), status_code=status, headers=headers)


def bad_request(error: str, loc: str | None = None) -> ApiError:
    return ApiError(400, error, [{"loc": ["query", loc], "msg": error}] if loc else None)


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    # Echo locations and messages, never the rejected input: it may be hostile or huge.
    return [{"loc": [str(part) for part in item.get("loc", ())], "msg": str(item.get("msg", ""))}
            for item in exc.errors()]


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.error, exc.errors, exc.headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, exc: RequestValidationError) -> JSONResponse:
        items = _validation_items(exc)
        first = items[0] if items else {"loc": [], "msg": "invalid request"}
        where = ".".join(first["loc"][1:] or first["loc"])
        return error_response(422, f"invalid {where}: {first['msg']}", items)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, str) else "request failed"
        return error_response(exc.status_code, detail, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal server error")
