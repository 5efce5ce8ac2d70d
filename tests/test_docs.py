"""Documentation tests: every command and every contract field is in the README."""
from __future__ import annotations

from pathlib import Path

import pytest

from tocsin.cli.main import cli
from tocsin.models import Event

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_is_documented(name):
    assert f"tocsin {name}" in README


@pytest.mark.parametrize("kind", sorted(cli.commands["eval"].commands))
def test_every_evaluator_is_documented(kind):
    assert kind in README


def test_every_contract_field_is_documented():
    fields = [f for f in Event.__dataclass_fields__ if not Event.__dataclass_fields__[f].metadata.get("internal")]
    missing = [f for f in fields if f"`{f}`" not in README]
    assert missing == []


def test_both_setup_commands_are_given():
    assert "make demo" in README and "make test" in README
