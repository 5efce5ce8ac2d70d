"""Shared fixtures.  Model-backed fixtures are session-scoped: loading spaCy and
the gazetteer once keeps the suite fast."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import settings

# Shared CI machines are slow and noisy: property tests check behaviour, not speed.
settings.register_profile("tocsin", deadline=None)
settings.load_profile("tocsin")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp():
    from tocsin.runner import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def pipeline(nlp):
    from tocsin.runner import Pipeline

    return Pipeline(nlp=nlp)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, pipeline):
    """The bundled demo corpus ingested once, as `make demo` does."""
    from tocsin.runner import ingest
    from tocsin.store import Store

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        report = ingest([EXAMPLES / "articles", EXAMPLES / "feed.jsonl"], store, pipeline=pipeline)
    assert report.rejected == 0, report.problems
    return path
