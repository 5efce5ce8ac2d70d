"""Storage: the embedded DuckDB event store."""
from tocsin.store.filters import AlertFilter, EventFilter, FilterError
from tocsin.store.store import DEFAULT_DB, Store, StoreError

__all__ = ["DEFAULT_DB", "AlertFilter", "EventFilter", "FilterError", "Store", "StoreError"]
