"""Storage: the embedded DuckDB event store."""
from tocsin.store.store import DEFAULT_DB, EventFilter, Store, StoreError

__all__ = ["DEFAULT_DB", "EventFilter", "Store", "StoreError"]
