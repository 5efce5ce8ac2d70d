"""Site names in page titles."""
from __future__ import annotations

import pytest

from tocsin.ingest.cleanup import parse_body, parse_plain_text
from tocsin.ingest.site_names import split_title


@pytest.mark.parametrize(("title", "headline", "site"), [
    ("Rebels storm hospital in Aleppo | Middle East Desk", "Rebels storm hospital in Aleppo", "Middle East Desk"),
    ("M23 rebels enter Goma - Lakeside Wire", "M23 rebels enter Goma", "Lakeside Wire"),
    ("Hundreds march on city hall – Riverside Ledger", "Hundreds march on city hall", "Riverside Ledger"),
    ("Syria: five killed in Idlib shelling - SANA", "Syria: five killed in Idlib shelling", "SANA"),
    ("Blast hits market in Tessel | valleypost.example", "Blast hits market in Tessel", "valleypost.example"),
    ("Mosul dam - the view from Erbil", "Mosul dam - the view from Erbil", None),
    ("Rebels take the hill - Live", "Rebels take the hill - Live", None),
    ("Iraq - Mosul falls", "Iraq - Mosul falls", None),
    ("Curfew in Oldmere", "Curfew in Oldmere", None),
    ("The ISIS retreat from Idlib | Global Research - Centre for Research on Globalization",
     "The ISIS retreat from Idlib", "Global Research"),
    ("M23 rebels enter Goma - Africa - Lakeside Wire", "M23 rebels enter Goma", "Lakeside Wire"),
    ("Syria - latest: ISIS quits Idlib | The Courier", "Syria - latest: ISIS quits Idlib", "The Courier"),
])
def test_split_title(title: str, headline: str, site: str | None) -> None:
    assert split_title(title) == (headline, site)


def test_a_known_site_name_comes_off_either_end() -> None:
    assert split_title("Valley Post: Bridge reopens", ["Valley Post"]) == ("Bridge reopens", "Valley Post")
    assert split_title("Bridge reopens :: the valley post", ["Valley Post"]) == ("Bridge reopens", "the valley post")


def test_parse_body_takes_the_site_off_a_given_title() -> None:
    parsed = parse_body("Bridge reopens after repairs - Valley Post\n\nThe bridge reopened on Sunday.",
                        title="Bridge reopens after repairs - Valley Post")
    assert (parsed.title, parsed.publisher, parsed.body) == (
        "Bridge reopens after repairs", "Valley Post", "The bridge reopened on Sunday.")


def test_plain_text_headline_with_site_suffix() -> None:
    parsed = parse_plain_text("Bridge reopens after repairs | Valley Post\n\nThe bridge reopened on Sunday.")
    assert (parsed.title, parsed.publisher) == ("Bridge reopens after repairs", "Valley Post")
