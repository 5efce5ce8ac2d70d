"""Bulk inserts: through an Arrow table, since DuckDB's executemany costs ~10 ms a row."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str],
                rows: Sequence[tuple[Any, ...]], verb: str = "INSERT") -> None:
    """Insert `rows` (tuples in `columns` order) into `table` in one statement."""
    if not rows:
        return
    import pyarrow as pa

    frame = pa.table({name: [row[i] for row in rows] for i, name in enumerate(columns)})
    con.register("_incoming", frame)
    try:
        con.execute(f"{verb} INTO {table} ({', '.join(columns)}) "
                    f"SELECT {', '.join(columns)} FROM _incoming")
    finally:
        con.unregister("_incoming")
