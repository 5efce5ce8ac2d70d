"""Content negotiation: JSON, GeoJSON or CSV by ?format= or the Accept header."""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, StreamingResponse

from tocsin.api.errors import ApiError
from tocsin.store.formats import spreadsheet_safe

MEDIA_TYPES = {"json": "application/json", "geojson": "application/geo+json", "csv": "text/csv"}


def choose_format(request: Request, requested: str | None, allowed: Sequence[str]) -> str:
    """?format= wins and must be allowed; otherwise the Accept header, else JSON."""
    if requested:
        fmt = requested.lower()
        if fmt not in allowed:
            raise ApiError(400, f"format must be one of {', '.join(allowed)}",
                           [{"loc": ["query", "format"], "msg": "unsupported format"}])
        return fmt
    accept = request.headers.get("accept", "").lower()
    for fmt in allowed:
        if fmt != "json" and MEDIA_TYPES[fmt] in accept:
            return fmt
    return "json"


def geojson_response(body: dict[str, Any]) -> JSONResponse:
    return JSONResponse(body, media_type=MEDIA_TYPES["geojson"])


#: CSV text sent per chunk: one chunk per row would cost a thread hop per row.
CSV_CHUNK_CHARS = 64_000


def _blocks(chunks: Iterable[str], size: int = CSV_CHUNK_CHARS) -> Iterator[str]:
    pending: list[str] = []
    held = 0
    for chunk in chunks:
        pending.append(chunk)
        held += len(chunk)
        if held >= size:
            yield "".join(pending)
            pending, held = [], 0
    if pending:
        yield "".join(pending)


def csv_response(chunks: Iterable[str], filename: str) -> StreamingResponse:
    return StreamingResponse(_blocks(chunks), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def csv_rows(columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> Iterator[str]:
    """CSV text for plain dict rows, written a row at a time."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(_cell(v)) for k, v in row.items()})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value
