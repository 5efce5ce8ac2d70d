"""POST /api/ingest: articles in over HTTP, through the same runner as `tocsin ingest`.

The body is JSON lines ({id, url, title, source, published, text} per line),
or a list of URLs (text/uri-list, or JSON {"urls": [...]}) that the server
fetches and extracts with trafilatura.  Writes need the configured bearer
token; with none configured every write is refused (403).
"""
from __future__ import annotations

import hmac
import json
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from tocsin.api.config import ApiConfig
from tocsin.api.errors import ApiError

if TYPE_CHECKING:
    from tocsin.runner import IngestReport
    from tocsin.store import Store

MAX_URLS = 100
router = APIRouter(prefix="/api")
#: (paths, store) -> IngestReport: the runner's ingest, swappable in tests.
IngestFn = Callable[[Sequence[Path], "Store"], "IngestReport"]
#: url -> one JSON-lines record, or raises ValueError with a reason.
FetchFn = Callable[[str], dict[str, Any]]


class RunnerIngest:
    """`tocsin.runner.ingest` with one spaCy pipeline kept for the server's life."""

    def __init__(self) -> None:
        self._pipeline: Any = None

    def __call__(self, paths: Sequence[Path], store: "Store") -> "IngestReport":
        from tocsin.runner import Pipeline, ingest

        if self._pipeline is None:
            self._pipeline = Pipeline()
        return ingest(list(paths), store, pipeline=self._pipeline)


def fetch_article(url: str, timeout: float = 20.0) -> dict[str, Any]:
    """Download one page and keep its main text, as a JSON-lines record."""
    import httpx
    import trafilatura

    try:
        response = httpx.get(url, timeout=timeout, follow_redirects=True)
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise ValueError(f"cannot fetch: {exc}") from exc
    text = trafilatura.extract(response.text)
    if not text:
        raise ValueError("no article text found on the page")
    meta = trafilatura.extract_metadata(response.text)
    return {"url": url, "text": text, "title": meta.title if meta else None,
            "published": meta.date if meta else None, "source": meta.sitename if meta else None}


def check_token(request: Request, config: ApiConfig) -> None:
    if not config.token:
        raise ApiError(403, "writes are disabled: set [api] token in the config or TOCSIN_API_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(),
                                                             config.token.encode()):
        raise ApiError(401, "missing or wrong bearer token", headers={"WWW-Authenticate": "Bearer"})


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ApiError(413, f"body over the {limit:,}-byte limit")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ApiError(413, f"body over the {limit:,}-byte limit")
        chunks.append(chunk)
    if not size:
        raise ApiError(400, "empty body: send JSON lines or a URL list")
    return b"".join(chunks)


def url_list(body: bytes, content_type: str) -> list[str] | None:
    """The URLs of a URL-list body, or None when the body is JSON lines."""
    text = body.decode("utf-8", errors="replace")
    if content_type.startswith("text/uri-list"):
        urls = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    elif content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ApiError(400, "body is not JSON; send {\"urls\": [...]} or JSON lines") from None
        if not isinstance(data, dict) or "urls" not in data:
            return None
        urls = data["urls"]
        if not isinstance(urls, list) or not all(isinstance(u, str) for u in urls):
            raise ApiError(400, "urls must be a list of strings")
    else:
        return None
    bad = [u for u in urls if not u.lower().startswith(("http://", "https://"))]
    if bad:
        raise ApiError(400, "only http and https URLs can be fetched",
                       [{"loc": ["body", "urls"], "msg": f"not http(s): {u[:200]}"} for u in bad[:20]])
    if not urls or len(urls) > MAX_URLS:
        raise ApiError(400, f"send between 1 and {MAX_URLS} URLs")
    return urls


def fetched_lines(urls: list[str], fetch: FetchFn) -> tuple[list[str], list[dict[str, Any]]]:
    lines, failures = [], []
    for url in urls:
        try:
            lines.append(json.dumps(fetch(url), ensure_ascii=False))
        except ValueError as exc:
            failures.append({"origin": url[:500], "reason": "fetch_failed", "message": str(exc)})
    return lines, failures


def run_ingest(request: Request, jsonl: str) -> "IngestReport":
    state = request.app.state
    with tempfile.TemporaryDirectory(prefix="tocsin-ingest-") as folder:
        path = Path(folder) / "posted.jsonl"
        path.write_text(jsonl, encoding="utf-8")
        with state.database.writer() as store:
            return state.ingest([path], store)


@router.post("/ingest", summary="Ingest JSON lines or fetch a URL list (bearer token required)")
async def ingest(request: Request) -> dict[str, Any]:
    config: ApiConfig = request.app.state.config
    check_token(request, config)
    body = await read_body(request, config.max_ingest_bytes)
    content_type = request.headers.get("content-type", "").lower()
    urls = url_list(body, content_type)
    failures: list[dict[str, Any]] = []
    if urls is None:
        jsonl = body.decode("utf-8", errors="replace")
    else:
        lines, failures = await run_in_threadpool(fetched_lines, urls, request.app.state.fetch_url)
        if not lines:
            raise ApiError(400, "no URL could be fetched", failures)
        jsonl = "\n".join(lines) + "\n"
    report = await run_in_threadpool(run_ingest, request, jsonl)
    problems = failures + [p.to_dict() for p in report.problems]
    if report.articles == 0 and report.duplicates == 0 and problems:
        raise ApiError(400, "nothing could be ingested", problems[:100])
    return {"ok": True, "articles": report.articles, "duplicates": report.duplicates,
            "near_duplicates": report.near_duplicates, "events": report.events,
            "alerts": len(report.alerts), "rejected": len(problems), "problems": problems[:100]}
