"""Fixtures of the watcher tests (the helpers live in watch_helpers.py)."""
from watch_helpers import ingest, web  # noqa: F401  (pytest fixtures)
