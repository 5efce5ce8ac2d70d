"""One DuckDB connection per server, one cursor per request.

DuckDB connections are not thread-safe, but cursors made with `con.cursor()`
are independent connections to the same database, so each request gets its
own.  The file is opened read-only unless writes are enabled (an API token is
set): then the server is the one writer and ingests one batch at a time.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from tocsin.store import Store, StoreError


class CursorStore(Store):
    """A `Store` over an existing connection or cursor (the server owns the file).

    TODO(lead): a `Store.from_connection(con)` classmethod in store.py would
    make this subclass unnecessary.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str) -> None:  # noqa: D107
        self.path = path
        self.con = con


class Database:
    """The server's handle on a tocsin store file."""

    def __init__(self, path: str | Path, *, writable: bool = False) -> None:
        self.path = str(path)
        self.writable = writable
        if not writable and not Path(self.path).is_file():
            raise StoreError(f"no database at {self.path}; run 'tocsin ingest PATH --db {self.path}' first")
        # Store() creates the schema when writable and checks the file either way.
        self._store = Store(self.path, read_only=not writable)
        self._write_lock = threading.Lock()
        #: Bumped after every write, so caches keyed on it never serve stale results.
        self.generation = 0

    @contextmanager
    def reader(self) -> Iterator[Store]:
        cursor = self._store.con.cursor()
        try:
            yield CursorStore(cursor, self.path)
        finally:
            cursor.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        """The only writer; callers queue on the lock so batches never interleave."""
        if not self.writable:
            raise StoreError("the database is open read-only")
        with self._write_lock:
            cursor = self._store.con.cursor()
            try:
                yield CursorStore(cursor, self.path)
            finally:
                cursor.close()
                self.generation += 1

    def close(self) -> None:
        self._store.close()
