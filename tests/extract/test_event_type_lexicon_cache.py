"""The lexicons' parse cache gives the rules a parse gives, and never stale ones."""
from importlib import resources

from tocsin.extract.event_type import lexicon


def _parsed(name):
    text = resources.files("tocsin.data").joinpath(name).read_text(encoding="utf-8")
    return lexicon.parse_rules(text.splitlines(), name)


def test_rules_read_from_the_cache_equal_a_fresh_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "cache_dir", lambda: tmp_path)
    first = lexicon._load("event_triggers.tsv")          # parsed, then written
    (written,) = tmp_path.glob("lexicon-event_triggers-*.pickle")
    monkeypatch.setattr(lexicon, "parse_rules", lambda *a: (_ for _ in ()).throw(AssertionError))
    assert lexicon._load("event_triggers.tsv") == first   # read back, not parsed
    monkeypatch.undo()
    assert first == _parsed("event_triggers.tsv") and written.exists()


def test_an_unreadable_cache_is_parsed_again_and_rewritten(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "cache_dir", lambda: tmp_path)
    lexicon._load("event_plover_cues.tsv")
    (written,) = tmp_path.glob("lexicon-event_plover_cues-*.pickle")
    written.write_bytes(b"not a pickle")
    assert lexicon._load("event_plover_cues.tsv") == _parsed("event_plover_cues.tsv")
    assert written.read_bytes() != b"not a pickle"


def test_the_cache_key_changes_with_the_text(tmp_path, monkeypatch):
    monkeypatch.setattr(lexicon, "cache_dir", lambda: tmp_path)
    assert lexicon._cache_file("x.tsv", "a\t1\tb") != lexicon._cache_file("x.tsv", "a\t1\tc")
