"""POST /api/ingest: articles in over HTTP, through the same runner as `tocsin ingest`.

The body is JSON lines ({id, url, title, source, published, text} per line),
or a list of URLs (text/uri-list, or JSON {"urls": [...]}) that the server
fetches through the guarded fetcher (`ingest.fetch`: public addresses only
unless `[api] allow_private`, a byte cap and a deadline per page, and one
budget for the whole list) and extracts with trafilatura.  Writes need the
configured bearer token; with none configured every write is refused (403).

Each line and each URL succeeds or fails on its own: a bad one is a problem
entry in the response (origin `body:LINE` or the URL, never a server path)
and the rest are still ingested.
"""
from __future__ import annotations

import hmac
import json
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from tocsin.api.config import RECORD_TIMEOUT_S, ApiConfig
from tocsin.api.errors import ApiError
from tocsin.ingest.fetch import FetchPolicy, fetch
from tocsin.ingest.records import jsonl_items
from tocsin.ingest.textio import InputError, decode
from tocsin.models import Article, Problem

if TYPE_CHECKING:
    from tocsin.runner import IngestReport, Pipeline
    from tocsin.store import Store

MAX_URLS = 100
#: Pages fetched at once for one request.
FETCH_WORKERS = 4
#: Problems listed in a response (all are stored in the problems table).
MAX_LISTED_PROBLEMS = 100
router = APIRouter(prefix="/api")
#: (articles and problems, store) -> IngestReport: the runner's ingest, swappable in tests.
IngestFn = Callable[[Iterable["Article | Problem"], "Store"], "IngestReport"]
#: (url, policy) -> the page's Article, or a Problem saying why not.
FetchFn = Callable[[str, FetchPolicy], "Article | Problem"]


class RunnerIngest:
    """`tocsin.runner.ingest_articles` with one pipeline kept for the server's life.

    By default it is one worker process with a wall-clock budget per article
    (`record_timeout_s`): posted text is untrusted, and a parse that stalls in
    spaCy's C code can only be stopped by stopping its process.  The server
    itself then never loads spaCy."""

    def __init__(self, pipeline: "Pipeline | None" = None, *,
                 record_timeout_s: float | None = RECORD_TIMEOUT_S) -> None:
        self._pipeline = pipeline
        self._owned = pipeline is None
        self.record_timeout_s = record_timeout_s

    @property
    def pipeline(self) -> "Pipeline":
        if self._pipeline is None:
            from tocsin.runner import Pipeline, PoolPipeline

            self._pipeline = Pipeline() if self.record_timeout_s is None else \
                PoolPipeline(1, record_timeout_s=self.record_timeout_s, overlap=False)
        return self._pipeline

    def close(self) -> None:
        """Stop the worker this object started (a pipeline passed in is the caller's)."""
        if self._owned and self._pipeline is not None:
            self._pipeline.close()

    def __call__(self, items: Iterable[Article | Problem], store: "Store") -> "IngestReport":
        from tocsin.runner import ingest_articles

        return ingest_articles(items, store, pipeline=self.pipeline)


def fetch_article(url: str, policy: FetchPolicy) -> Article | Problem:
    """Download one page through the guard and keep its main text."""
    from tocsin.ingest.documents import article_from_html
    from tocsin.ingest.watch_feed import decode_page

    page = fetch(url, policy)
    if isinstance(page, Problem):
        return page
    return article_from_html(decode_page(page.body), url, url=page.url)


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


def body_text(body: bytes) -> str:
    try:
        return decode(body).text
    except InputError as exc:
        raise ApiError(400, f"body is not text: {exc.message}") from None


def url_list(text: str, content_type: str) -> list[str] | None:
    """The URLs of a URL-list body, or None when the body is JSON lines."""
    if content_type.startswith("text/uri-list"):
        urls = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    elif content_type.startswith("application/json"):
        try:
            data = json.loads(text)
        except (json.JSONDecodeError, RecursionError):
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


def body_items(text: str, max_bytes: int) -> Iterator[Article | Problem]:
    """Articles and Problems from a JSON-lines body; origins are `body:LINE`."""
    # split("\n"), not splitlines(): JSON strings may hold U+2028, which splitlines breaks on.
    lines = ((number, line) for number, line in enumerate(text.split("\n"), start=1))
    return jsonl_items(lines, "body", max_bytes)


def fetched_items(urls: list[str], fetch_one: FetchFn, config: ApiConfig) -> list[Article | Problem]:
    """Every URL's Article or Problem, in order, within the request's fetch budget."""
    deadline = time.monotonic() + config.fetch_budget_s

    def one(url: str) -> Article | Problem:
        left = deadline - time.monotonic()
        if left <= 0:
            return Problem(url[:500], "timeout",
                           f"not fetched: the request's {config.fetch_budget_s:g} s budget ran out")
        policy = FetchPolicy(timeout_s=min(config.fetch_timeout_s, left),
                             max_bytes=config.fetch_max_bytes, allow_private=config.allow_private)
        try:
            return fetch_one(url, policy)
        except Exception as exc:  # noqa: BLE001 - one URL's failure stays with that URL
            return Problem(url[:500], "fetch_failed", f"{type(exc).__name__}: {exc}"[:300])

    with ThreadPoolExecutor(max_workers=FETCH_WORKERS, thread_name_prefix="tocsin-fetch") as pool:
        return list(pool.map(one, urls))


def run_ingest(request: Request, items: Iterable[Article | Problem]) -> "IngestReport":
    state = request.app.state
    with state.database.writer() as store:
        return state.ingest(items, store)


def _listed(problem: Problem) -> dict[str, Any]:
    return {"origin": problem.origin[:500], "reason": problem.reason, "message": problem.message}


@router.post("/ingest", summary="Ingest JSON lines or fetch a URL list (bearer token required)")
async def ingest(request: Request) -> dict[str, Any]:
    config: ApiConfig = request.app.state.config
    check_token(request, config)
    body = await read_body(request, config.max_ingest_bytes)
    text = body_text(body)
    content_type = request.headers.get("content-type", "").lower()
    urls = url_list(text, content_type)
    items: list[Article | Problem]
    if urls is None:
        items = list(body_items(text, config.max_ingest_bytes))
    else:
        items = await run_in_threadpool(fetched_items, urls, request.app.state.fetch_url, config)
        if not any(isinstance(item, Article) for item in items):
            raise ApiError(400, "no URL could be fetched",
                           [_listed(p) for p in items if isinstance(p, Problem)][:MAX_LISTED_PROBLEMS])
    report = await run_in_threadpool(run_ingest, request, items)
    problems = [_listed(p) for p in report.problems]
    if report.articles == 0 and report.duplicates == 0 and report.rejected:
        raise ApiError(400, "nothing could be ingested", problems[:MAX_LISTED_PROBLEMS])
    return {"ok": True, "articles": report.articles, "duplicates": report.duplicates,
            "near_duplicates": report.near_duplicates, "mentions": report.mentions,
            "events": report.events, "alerts": len(report.alerts),
            "new_alerts": len(report.new_alerts), "rejected": report.rejected,
            "truncated": report.truncated, "problems": problems[:MAX_LISTED_PROBLEMS]}


@router.get("/watch", summary="Whether this server watches feeds, and how its last poll went")
def watch_status(request: Request) -> dict[str, Any]:
    service = request.app.state.watch
    if service is None:
        return {"ok": True, "watching": False}
    return {"ok": True, "watching": True, "feeds": len(service.config.feeds),
            "interval_s": service.config.interval_s, **service.status.to_dict()}
