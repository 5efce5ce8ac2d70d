"""Who a sentence attributes its claim to ("according to X", "X said", ...).

`find(text)` works on plain text with regexes and the source lexicon in
data/cues_sources.tsv; `find_in_span(span)` reads the subject of the speech
verb from a spaCy dependency parse and falls back to `find`.  A sentence with
no attribution cue gives None (the pipeline then records kind 'author').

Decisions:
- "X told Reuters": the source is X, not the outlet that heard it.
- A named person without a role word is kind 'official' (news quotes
  spokespeople far more than bystanders); a bare pronoun ("he said") too.
- Bare "rebels"/"opposition fighters said" are 'activists'; a rebel
  spokesman or commander is an 'official' of his group.
- Anonymity markers anywhere in the sentence ("who spoke on condition of
  anonymity") make the source an 'anonymous_official'.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from tocsin.extract.doctext import doc_text
from tocsin import vocabulary
from tocsin.models import Attribution

KINDS = ("outlet", "official", "anonymous_official", "activists", "monitor", "residents",
         "witness", "claim", "author")

# "claimed the lives of", "claims 6 victims": a death toll, not a speech act.
_NOT_SPEECH_AFTER = re.compile(r"(?i:\s+(?:the\s+)?(?:lives?|\d+|at least|more than|dozens|scores|"
                               r"hundreds|thousands)\b)")
#: every written form of a reporting verb (tocsin.vocabulary), matched in lower case
_SPEECH_VERB = re.compile(r"\b(?:" + vocabulary.pattern("attribution", verbs_only=True) + r"|say)\b")
_ACCORDING = re.compile(r"(?i:\b(?:according to|citing|quoting|as reported by|reported by|"
                        r"as cited by|in a statement (?:by|from)|sources? (?:at|in|within))\s+)")
_CLAUSE_EDGE = re.compile(r"[,;:\"“”()—–]|\b(?:that|which|who|as|when|while|after|before|"
                          r"and|but|because)\b(?![-'])")
# Sentence-opening words end a phrase too: some sources strip punctuation.
_PHRASE_END = re.compile(r"[,;:.\"“”()?!—–]|\b(?:that|which|on|in|at|late|early|as|"
                         r"when|after|while)\b|\s(?=(?:The|A|An|In|On|At|It|He|She|They|"
                         r"This|But|And|Meanwhile)\b)")
_QUOTE_ANY = re.compile(r"[\"“][^\"“”]*[\"”]")
_QUOTE = re.compile(r"[\"“]([^\"“”]{8,}?)[\"”]")
_PRONOUN = re.compile(r"(?i:^(?:he|she|they|it|we|i)$)")
_PROPER = re.compile(r"\b(?!(?:The|A|An|In|On|At|It|This|That|But|And|Its|Their|His|Her|"
                     r"Some|Many|Several|One|Two|Three|Four|Five|Six|Seven|Eight|Nine|Ten|Dozens|Hundreds|"
                     r"Thousands|Scores|Meanwhile|However|Also)\b(?![-'’]))(?<![-'’])[A-Z][\w'’.-]+(?:\s+(?:al-|el-|bin|ibn|de|van)?\s*[A-Z][\w'’.-]+)*")
_MAX_WORDS = 12
#: an armed group speaking for itself, named by a definite noun ("the group said")
_ARMED_SPEAKER = re.compile(r"(?i)\bthe\s+(?:group|militants|jihadists|organi[sz]ation|insurgents"
                            r"|rebels|movement|militia)"
                            # "according to the group's statement", "the rebels' spokesman"
                            r"(?:['’]s?\s+(?:statement|spokesman|spokesperson|spokeswoman|"
                            r"communiqu[eé]|channel|media\s+office|press\s+office))?\s*$")
_MARKER = "*"
_LEAD_WORDS = re.compile(r"(?i:(?:\b(?:a|an|the|two|three|four|several|some|many|senior|local|"
                         r"one|its|his|their)\s+)+$)")
_KIND_PRIORITY = {"anonymous_official": 0, "claim": 1, "monitor": 2, "outlet": 3, "witness": 4,
                  "residents": 5, "activists": 6, "official": 7}


@dataclass(frozen=True, slots=True)
class _Cue:
    kind: str
    name: str | None        # canonical name; None for generic nouns
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Hit:
    kind: str
    name: str | None
    start: int
    end: int


@lru_cache(maxsize=1)
def _cues() -> tuple[_Cue, ...]:
    text = resources.files("tocsin").joinpath("data/cues_sources.tsv").read_text("utf-8")
    cues: list[_Cue] = []
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in KINDS:
            raise ValueError(f"cues_sources.tsv line {line_no}: expected kind<TAB>name<TAB>aliases")
        aliases = sorted(parts[2].split("|"), key=len, reverse=True)
        # Short all-capital aliases (AP, AA, UN) must match in capitals only.
        exact = [re.escape(a) for a in aliases if a.isupper() and len(a) <= 4]
        loose = [re.escape(a) for a in aliases if not (a.isupper() and len(a) <= 4)]
        alternatives = ([r"(?i:" + "|".join(loose) + ")"] if loose else []) + exact
        pattern = re.compile(r"(?<![\w-])(?:" + "|".join(alternatives) + r")(?![\w-])")
        cues.append(_Cue(parts[0], None if parts[1] == "-" else parts[1], pattern))
    # "The weekly paper reported", "the magazine wrote": any outlet noun of the
    # vocabulary names an (unnamed) outlet.
    nouns = sorted(vocabulary.forms("outlet_noun") - _NOT_OUTLET_ALONE, key=len, reverse=True)
    cues.append(_Cue("outlet", None, re.compile(
        r"(?i)(?<![\w-])(?:" + "|".join(map(re.escape, nouns)) + r")(?![\w-])")))
    return tuple(cues)


#: outlet nouns that name an outlet only with a name ("the Haqqani network", "a site")
_NOT_OUTLET_ALONE = frozenset(["network", "networks", "site", "sites", "wire", "wires"])


def _hits(phrase: str, markers: bool = False) -> list[_Hit]:
    """Lexicon matches in `phrase`; sentence-level markers only if asked."""
    found = [_Hit(c.kind, c.name, m.start(), m.end()) for c in _cues()
             if (c.name == _MARKER) == markers for m in c.pattern.finditer(phrase)]
    # Drop a hit inside a longer one ("Syrian Observatory" inside the full name).
    return [h for h in found if not any(o is not h and o.start <= h.start and h.end <= o.end
                                         and (o.end - o.start) > (h.end - h.start) for o in found)]


#: sources that speak from where things happen: a place after them may be the scene
LOCAL_KINDS = frozenset(["activists", "residents", "witness"])


def kinds_in(phrase: str) -> frozenset[str]:
    """The source kinds the lexicon finds in a phrase ("activists in Kafr Zita" ->
    {"activists"})."""
    return frozenset(h.kind for h in _hits(phrase))


def _best_hit(phrase: str, near_end: bool) -> _Hit | None:
    hits = _hits(phrase)
    if not hits:
        return None
    named = [h for h in hits if h.name]
    anonymous = [h for h in hits if h.kind == "anonymous_official"]
    pool = anonymous or hits
    # The source noun sits nearest the verb; a named source beats a generic
    # noun in the same phrase ("the Observatory, a monitoring group").
    position = (lambda h: -h.end) if near_end else (lambda h: h.start)
    best = min(pool, key=lambda h: (position(h), _KIND_PRIORITY[h.kind]))
    if best.name is None and not anonymous:
        same_kind = [h for h in named if h.kind == best.kind] or named
        if same_kind:
            best = min(same_kind, key=position)
    return best


def _before(text: str, verb_start: int) -> list[tuple[str, int]]:
    """Chunks before a speech verb, shortest first, as (text, offset): the
    clause right before it, then wider ones reaching back over commas so an
    appositive ("X, a UK-based group, said") is read too."""
    window_start = max(0, verb_start - 160)
    window = text[window_start:verb_start]
    edges = [m.end() for m in _CLAUSE_EDGE.finditer(window)]
    commas = [m.end() for m in re.finditer(r"[,;:(]", window)]
    cuts = ([edges[-1]] if edges else []) + sorted(commas, reverse=True)[:3] + [0]
    chunks: list[tuple[str, int]] = []
    for cut in dict.fromkeys(cuts):
        chunk = window[cut:]
        words = chunk.split()
        if len(words) > _MAX_WORDS:
            cut = verb_start - window_start - len(" ".join(words[-_MAX_WORDS:])) - 1
            chunk = window[max(cut, 0):]
        if chunk.strip():
            chunks.append((chunk, window_start + max(cut, 0)))
    return chunks


def _after(text: str, start: int) -> str:
    tail = text[start:start + 120]
    end = _PHRASE_END.search(tail, 1)
    phrase = tail[:end.start()] if end else tail
    return " ".join(phrase.split()[:_MAX_WORDS]).strip()


def _classify(phrase: str, near_end: bool) -> tuple[str, str | None, int] | None:
    """(kind, canonical name, offset of the source in `phrase`)."""
    group = _ARMED_SPEAKER.search(phrase)
    if group is not None and "'" in group.group(0).replace("’", "'"):
        # "according to the group's statement": the group's own claim, whatever kind the
        # lexicon gives "statement"
        return "claim", None, group.start()
    hit = _best_hit(phrase, near_end)
    if hit is not None:
        return hit.kind, hit.name, hit.start
    if _PRONOUN.match(phrase.strip()):
        return "official", None, len(phrase) - len(phrase.lstrip())
    if group is not None:               # "..., the group said in a statement": the group's claim
        return "claim", None, group.start()
    named = _armed_group(phrase)
    if named is not None:               # "Yemen's Houthi movement said it had fired ...": its claim
        return "claim", named[0], named[1]
    proper = [m for m in _PROPER.finditer(phrase) if m.group(0) not in _MONTH_NAMES]
    if proper:
        chosen = proper[-1] if near_end else proper[0]
        return "official", _not_the_owner(chosen.group(0)), chosen.start()
    return None


def _armed_group(phrase: str) -> tuple[str, int] | None:
    """The canonical name of a non-state armed group the phrase names, and where
    its first word starts: a party to the fighting speaking of itself."""
    from tocsin.extract.actors.data import strip_article, tables, words
    from tocsin.models import NON_STATE_KINDS

    key = words(phrase)
    named = tables().named
    for size in range(min(len(key), 5), 0, -1):
        for start in range(len(key) - size + 1):
            entry = named.get(strip_article(key[start:start + size]))
            if entry is not None and entry.kind in NON_STATE_KINDS:
                at = phrase.lower().find(key[start])
                return entry.name, max(at, 0)
    return None


def _not_the_owner(name: str) -> str | None:
    """"Ukraine's air force said": the capitalised word is whose the speaker is,
    not its name; "Yemen's Houthi ..." keeps what follows the owner."""
    owner, mark, rest = name.replace("’", "'").partition("'s")
    if not mark:
        return name
    rest = rest.strip()
    return rest if rest[:1].isupper() else None


_MONTH_NAMES = frozenset("""January February March April May June July August September October
November December Monday Tuesday Wednesday Thursday Friday Saturday Sunday""".split())


def lexicon_source(phrase: str) -> Attribution | None:
    """The source a phrase names, by the source lexicon only ("the London-based
    daily Al-Hayat" -> outlet Al-Hayat; "a report in the Lebanese daily
    As-Safir" -> outlet As-Safir: a generic outlet noun lends its kind to the
    name next to it).  None when the lexicon knows no source in it."""
    hit = _best_hit(phrase, near_end=False)
    if hit is None:
        return None
    name = hit.name
    if name is None:
        names = [m for m in _PROPER.finditer(phrase) if m.group(0) not in _MONTH_NAMES
                 and not _hits(m.group(0)) and not _demonym(m.group(0))]
        after = [m for m in names if m.start() >= hit.end]
        before = [m for m in names if m.end() <= hit.start]
        near = after[:1] or before[-1:]
        if near and abs((near[0].start() - hit.end) if after else (hit.start - near[0].end())) <= 3:
            name = near[0].group(0)
    return Attribution(text=phrase.strip(), kind=hit.kind, name=name)


def _demonym(word: str) -> bool:
    """"Lebanese", "Saudi-owned": whose, not which, outlet."""
    from tocsin.extract.actors.data import tables, words

    key = words(word.split("-")[0])
    return key in tables().demonyms or key in tables().countries


#: case-blind: a sentence-initial "According to ..." is the commonest attribution of all
_CUE = re.compile(r"\b(?:" + vocabulary.pattern("attribution", verbs_only=True)
                  + r"|according to)\b", re.IGNORECASE)


def has_attribution_cue(text: str) -> bool:
    """Cheap test: a reporting verb form or "according to" somewhere in the text."""
    return _CUE.search(text) is not None


def without_attribution(text: str) -> str | None:
    """The text with its attribution phrase blanked out (same length, so
    offsets still hold), or None when it has none."""
    found = find(text)
    if found is None or not found.text or found.kind == "claim":
        return None
    at = text.find(found.text)
    if at < 0:
        return None
    return text[:at] + " " * len(found.text) + text[at + len(found.text):]


def quote(text: str) -> str | None:
    """The longest direct quotation in `text`."""
    quotes = [m.group(1).strip(" ,.;:") for m in _QUOTE.finditer(text)]
    quotes = [q for q in quotes if len(q.split()) >= 2]
    return max(quotes, key=len) if quotes else None


def _claim(text: str) -> Attribution | None:
    for cue in _cues():
        if cue.kind != "claim" or cue.name is not None:
            continue
        m = cue.pattern.search(text)
        if m is None:
            continue
        chunks = _before(text, m.start())
        subject, offset = chunks[0] if chunks else ("", m.start())
        proper = list(_PROPER.finditer(subject))
        name = proper[-1].group(0) if proper else None
        begin = offset + proper[-1].start() if proper else m.start()
        return Attribution(text=text[begin:m.end()].strip(), kind="claim", name=name,
                           quote=quote(text))
    return None


def _anonymous(text: str) -> bool:
    return bool(_hits(text, markers=True))


def find(text: str | Any, nouns: frozenset[int] = frozenset()) -> Attribution | None:
    """The attribution of a sentence, or None when it has no cue.  A spaCy
    Span is accepted too and handed to `find_in_span`.  `nouns`: offsets in
    `text` of words the parse read as nouns ("the two states of Borno and
    Yobe"), which are no speech verbs."""
    if not isinstance(text, str):
        return find_in_span(text)
    if not text:
        return None
    claim = _claim(text)
    if claim is not None:
        return claim
    found = _according(text) or _speech(text, nouns)
    if found is None:
        return None
    if _anonymous(text) and found.kind != "anonymous_official":
        found = Attribution(found.text, "anonymous_official", found.name, found.quote)
    return found


def _according(text: str) -> Attribution | None:
    m = _ACCORDING.search(text)
    if m is None:
        return None
    phrase = _after(text, m.end())
    kind_name = _classify(phrase, near_end=False)
    if kind_name is None:
        return None
    return Attribution(text=(m.group(0) + phrase).strip(), kind=kind_name[0],
                       name=kind_name[1], quote=quote(text))


def _speech(text: str, nouns: frozenset[int] = frozenset()) -> Attribution | None:
    for verb in _SPEECH_VERB.finditer(text):
        if _NOT_SPEECH_AFTER.match(text, verb.end()) or verb.start() in nouns:
            continue
        found = _subject_source(text, verb)
        if found is not None:
            return found
        if verb.group(0) in ("said", "says", "told", "added", "wrote"):
            inverted = _after(text, verb.end())
            kind_name = _classify(inverted, near_end=False) if inverted else None
            if kind_name is not None and _follows_quote_or_comma(text, verb.start()):
                return Attribution(f"{verb.group(0)} {inverted}", kind_name[0], kind_name[1],
                                   quote(text))
    return None


def _subject_source(text: str, verb: re.Match[str]) -> Attribution | None:
    """The source before a speech verb; a generic noun ("a monitoring group")
    gives way to a name of the same kind in a wider chunk (the appositive)."""
    chosen: tuple[str, str | None, int] | None = None
    # Words inside a quotation are never the speaker.
    masked = _QUOTE_ANY.sub(lambda m: " " * len(m.group(0)), text)
    for subject, offset in _before(masked, verb.start()):
        kind_name = None if _is_object_of_speech(subject) else _classify(subject, True)
        if kind_name is None:
            continue
        if chosen is None or (chosen[1] is None and kind_name[1] and kind_name[0] == chosen[0]):
            chosen = (kind_name[0], kind_name[1], offset + kind_name[2])
        if chosen[1] is not None:
            break
    if chosen is None:
        return None
    lead = _LEAD_WORDS.search(text, max(0, chosen[2] - 40), chosen[2])
    begin = lead.start() if lead else chosen[2]
    return Attribution(text[begin:verb.end()].strip(), chosen[0], chosen[1], quote(text))


def _is_object_of_speech(subject: str) -> bool:
    """'the reported attack' style: a participle, not a speech act."""
    return subject.strip().lower() in ("the", "a", "an", "its", "their")


def _follows_quote_or_comma(text: str, verb_start: int) -> bool:
    return bool(re.search(r"[,\"”]\s*$", text[max(0, verb_start - 4):verb_start]))


def find_in_span(span: Any, frame: Any = None) -> Attribution | None:
    """Attribution from a parsed sentence: the speaker of its reporting frame
    (`extract.frame`: the subject of "said", the object of "according to"),
    classified with the source lexicon; falls back to `find` on the text."""
    from tocsin.extract.frame import build

    text = span.text
    claim = _claim(text)
    if claim is not None:
        return claim
    frame = frame if frame is not None else build(span)
    for report in reversed(frame.reports):
        found = _from_report(report, text)
        if found is not None:
            return found
    nouns = frozenset(t.idx - span.start_char for t in span if t.pos_ in ("NOUN", "PROPN"))
    return find(text, nouns)


def _with_premodifiers(speaker: Any) -> Any:
    """The speaker span grown leftwards over the nouns and adjectives just
    before it (at most four words, not across punctuation or a verb)."""
    doc, start = speaker.doc, speaker.start
    while start > max(speaker.sent.start if hasattr(speaker, "sent") else 0, speaker.start - 4) \
            and doc[start - 1].pos_ in ("NOUN", "PROPN", "ADJ", "DET"):
        start -= 1
    return doc[start:speaker.end]


def _from_report(report: Any, text: str) -> Attribution | None:
    speaker = report.speaker
    if speaker is None:
        return None
    text_of_doc = doc_text(speaker.doc)
    phrase = text_of_doc[speaker.start_char:speaker.end_char]
    kind_name = _classify(phrase, near_end=False)
    if kind_name is None and speaker.root.pos_ == "NOUN" and report.verb is not None:
        # "..., the emergency medicine centre said": a body the lexicon does not know
        # speaks for itself (the text-only fallback took a place name far before it)
        kind_name = ("official", None, 0)
    if kind_name is None:
        return None
    kind, name, _ = kind_name
    # a name the text-only fallback took, not one the source lexicon knows
    fallback_name = kind == "official" and name is not None \
        and _best_hit(phrase, near_end=False) is None
    if fallback_name and report.kind == "report" \
            and any(t.ent_type_ == "ORG" for t in speaker) \
            and not any(t.ent_type_ == "PERSON" for t in speaker):
        # "As the Kyiv Independent reported": an organisation that reports (publishes)
        # is an outlet, though the lexicon does not know its name
        kind = "outlet"
    elif fallback_name and name is not None and not _names_the_speaker(speaker, name):
        # a capitalised word that is not the speaker's name: "Neither label explains",
        # "the junta's information team in Naypyitaw" (where it sits): no name
        name = None
    if kind == "official":
        # "The Lebanese daily As-Safir reported": a parse that makes "daily" a
        # second subject leaves the bare name, which reads as an official's;
        # the words just before it say what it is
        wider = _with_premodifiers(speaker)
        outlet = lexicon_source(text_of_doc[wider.start_char:speaker.end_char]) \
            if wider.start < speaker.start else None
        if outlet is not None and outlet.kind in ("outlet", "monitor") and outlet.name:
            kind, name = outlet.kind, outlet.name
    elif kind in ("outlet", "monitor") and name is None:
        # "the Lebanese newspaper As-Safir": the generic noun lends its kind to the name
        named = lexicon_source(phrase)
        name = named.name if named is not None and named.kind == kind else None
    said = _said(report, speaker, text_of_doc, phrase)
    if _anonymous(text):
        kind = "anonymous_official"
    return Attribution(said, kind, name, quote(text))


def _said(report: Any, speaker: Any, text_of_doc: str, phrase: str) -> str:
    """The attribution as written: "according to X", or the reporting cue."""
    if report.verb is None:                       # "according to X"
        return text_of_doc[speaker.start_char - len("according to "):speaker.end_char] \
            if text_of_doc[:speaker.start_char].lower().endswith("according to ") else phrase
    cue = report.cue
    return text_of_doc[cue.start_char:cue.end_char] if cue is not None else phrase


def _names_the_speaker(speaker: Any, name: str) -> bool:
    """The capitalised word the text-only fallback took is a proper noun of the
    speaker itself, not a determiner opening the sentence ("Neither") or a name
    inside a prepositional phrase of the speaker ("the team in Naypyitaw")."""
    for token in speaker:
        if token.text != name.split()[0]:
            continue
        under_prep = any(a.dep_ == "prep" for a in token.ancestors
                         if speaker.start <= a.i < speaker.end)
        return token.pos_ == "PROPN" and not under_prep
    return True         # a name the parse split differently: keep the old reading
