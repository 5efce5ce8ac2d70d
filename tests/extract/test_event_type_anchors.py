"""The anchor pre-check must never change what a rule matches."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

import re._parser as regex_parser

from tocsin.extract.event_type.anchors import (
    AnchorIndex, all_literals_of_parsed, anchored, required_literals, split_alternatives,
)
from tocsin.extract.event_type.anchors import Probe
from tocsin.extract.event_type.lexicon import _parts, trigger_rules


def test_split_respects_groups_classes_and_escapes():
    assert split_alternatives(r"a(?:b|c)|[|x]|d\|e") == ["a(?:b|c)", "[|x]", r"d\|e"]


def test_required_literals_of_common_shapes():
    assert required_literals(r"\bsuicide[- ](?:bomb\w*|vest)") == {"suicide"}
    assert required_literals(r"\b(?:air|drone)[ -]?strikes?\b") == {"strike"}  # the most selective
    assert required_literals(r"\b(?:air|drone)[ -]?s?\b") == {"air", "drone"}
    assert required_literals(r"(?:x)?\w+") is None


def test_all_literals_lists_every_required_set_of_the_top_level_sequence():
    regex = r"\bkilled\b[^.]{0,70}\b(?:civilians|villagers)\b(?! said)"
    parsed = regex_parser.parse(regex, re.IGNORECASE)
    assert all_literals_of_parsed(parsed) == (frozenset({"killed"}),
                                              frozenset({"civilians", "villagers"}))
    assert all_literals_of_parsed(regex_parser.parse(r"(?:x)?\w+", re.IGNORECASE)) == ()


def test_a_part_lacking_one_of_its_needed_strings_is_skipped():
    (part,) = _parts(r"\bkilled\b[^.]{0,70}\b(?:civilians|villagers)\b")
    assert part.anchors == {"civilians", "villagers"} and part.needs == (frozenset({"killed"}),)
    assert not part.could_match("civilians were wounded")
    assert part.could_match("gunmen killed three villagers")


def test_index_finds_parts_whose_anchors_occur():
    parts = list(anchored(r"\bshell(?:ed|ing)\b|\bmortars?\b|\bxyz\w*|\bab\b"))
    index = AnchorIndex(parts)
    assert index.active(Probe.of("they shelled it")) == {0}
    assert index.active(Probe.of("mortar fire and ab")) == {1, 3}


WORDS = ["shelled", "the", "army", "recaptured", "town", "from", "rebels", "air strike", "protesters",
         "tear gas", "fell to", "militants", "grenade", "kidnapped", "sanctions", "earthquake", ",", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14))
def test_lexicon_matches_equal_plain_regex_search(words):
    text = " ".join(words)
    lexicon = trigger_rules()
    got = {id(rule): match.start() for rule, match in lexicon.matches(text)}
    for rule in lexicon.rules:
        plain = rule.pattern.search(text)
        assert (plain.start() if plain else None) == got.get(id(rule))


def test_anchored_parts_are_case_insensitive():
    (part,) = anchored(r"\bMortars?\b")
    assert part.could_match("mortar") and part.pattern.search("MORTAR") is not None
    assert isinstance(part.pattern, re.Pattern)


ANCHOR_TEXT = st.text(alphabet="shelingmotarxyzb ", max_size=40)


@settings(max_examples=200, deadline=None)
@given(ANCHOR_TEXT)
def test_index_finds_exactly_the_parts_with_an_anchor_in_the_text(text):
    # anchors that are prefixes of one another ("shell", "shelling") and overlap in the text
    parts = list(anchored(r"\bshell\b|shelling|\bmortars?\b|mort|\bxyz\w*|\bab\b|\w+ing"))
    index = AnchorIndex(parts)
    lowered = text.lower()
    expected = {i for i, part in enumerate(parts)
                if part.anchors is None or any(a in lowered for a in part.anchors)}
    assert index.active(Probe.of(text)) == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(WORDS + ["accused", "met", "agreed", "threatened"]), max_size=14))
def test_one_scan_for_both_lexicons_finds_the_parts_each_finds_alone(words):
    from tocsin.extract.event_type.lexicon import plover_rules, probe

    text = " ".join(words)
    shared = probe(text)
    assert shared.anchors is not None
    for lexicon in (trigger_rules(), plover_rules()):
        assert lexicon.index.active(shared) == lexicon.index.active(Probe.of(text))


def test_a_probe_of_another_finder_is_scanned_again():
    parts = list(anchored(r"\bshell(?:ed|ing)\b|\bmortars?\b"))
    index = AnchorIndex(parts)
    from tocsin.extract.event_type.anchors import AnchorFinder

    narrow = Probe.of("mortar fire", AnchorFinder(["fire"]))     # lacks "mortar"
    assert index.active(narrow) == {1}
