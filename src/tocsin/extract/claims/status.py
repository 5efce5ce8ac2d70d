"""Epistemic status of an event sentence: asserted, reported, alleged,
denied, hypothetical, negated or opinion (models.STATUSES).

`classify(text, attribution, genre=)` uses the cue lexicon in
data/cues_status.tsv; `classify_span(span, attribution, genre)` first reads
negation, modals and conditions off the event verb in a spaCy parse, then
uses the same lexicon for the rest.

Decisions (the order below is the order of the checks):
1. In an opinion-genre article every sentence is 'opinion' unless it states a
   past, attributed fact ("Activists said jets bombed the market").
2. Questions are 'hypothetical'.
3. Denials win over everything else that follows ("denied it had attacked").
4. Conditionals, predictions, plans, threats and possibility are
   'hypothetical'.  Modals inside a relative clause that follows a past event
   ("an attack that could derail talks") and toll estimates ("the toll is
   expected to rise") do not count.  "should"/"must" are 'opinion' in the
   author's voice and 'hypothetical' when attributed.
5. Evaluative words in the author's voice are 'opinion'.
6. Negation of the event is 'negated'.  A failed attempt ("failed to
   capture", "repelled an attack", "foiled") is NOT negated: the attempt is
   an event that ACLED codes (a clash, disrupted weapons use), so "failed to"
   is deliberately not a negation cue.
7. "accused", "reportedly", "suspected", "claimed" ... are 'alleged'; a claim
   of responsibility is 'reported' (the attack itself is not in doubt).
8. Any other attributed sentence is 'reported'; the rest is 'asserted'.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from tocsin.models import Attribution

_CUE_NAMES = ("denied", "alleged", "prediction", "speculation", "conditional", "negation",
              "opinion", "not_negation", "not_modal", "not_alleged", "event_word")
_NEGATION_REACH = 4     # words after a negation in which the negated event must be named
_DEONTIC = re.compile(r"(?i:\b(?:should|must|ought to|need to|needs to|has to|have to)\b)")
_RELATIVE = re.compile(r"(?i:,?\s*\b(?:who|which|that|in what|as)\b)")
_PAST_VERB = re.compile(r"(?i:\b(?:\w{3,}ed|hit|struck|shot|fought|took|seized|fled|blew|fell|"
                        r"overran|began|held|left|sent|won|lost|broke|drove|came|went|brought|"
                        r"caught|set|led|bled|slew|threw|stole|dropped)\b)")
_QUOTED = re.compile(r"[\"“][^\"“”]*[\"”]")


@lru_cache(maxsize=1)
def _cues() -> dict[str, re.Pattern[str]]:
    text = resources.files("tocsin").joinpath("data/cues_status.tsv").read_text("utf-8")
    parts: dict[str, list[str]] = {name: [] for name in _CUE_NAMES}
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        name, _, pattern = line.partition("\t")
        if name not in parts or not pattern:
            raise ValueError(f"cues_status.tsv line {line_no}: unknown cue {name!r}")
        parts[name].append(pattern)
    return {name: re.compile(r"(?i:(?<![\w'])(?:" + "|".join(p) + r")(?![\w-]))")
            for name, p in parts.items()}


def _found(cue: str, text: str) -> bool:
    for m in _cues()[cue].finditer(text):
        # "May" with a capital inside a sentence is the month, not the modal.
        if m.group(0) == "May" and m.start() > 0:
            continue
        return True
    return False


def _negates_event(text: str) -> bool:
    """A negation cue followed closely by an event word ("did not attack",
    "no casualties", "no one was hurt"); other negations are about something
    else ("the truce does not apply to ...")."""
    for m in _cues()["negation"].finditer(text):
        reach = " ".join(text[m.start():].split()[:_NEGATION_REACH + 1])
        if _cues()["event_word"].search(reach):
            return True
    return False


def _without(text: str, cue: str) -> str:
    """`text` with the exception phrases of `cue` blanked out."""
    return _cues()[cue].sub(lambda m: " " * len(m.group(0)), text)


def _core(text: str, attribution: Attribution | None) -> str:
    """The claim itself: no attribution phrase, no trailing relative clause
    that comments on an event already narrated in the past tense."""
    core = text
    if attribution is not None and attribution.text and attribution.kind != "author":
        core = core.replace(attribution.text, " ")
    for m in _RELATIVE.finditer(core):
        if m.start() > 0 and _PAST_VERB.search(core, 0, m.start()):
            tail = core[m.end():m.end() + 30]
            if re.match(r"\s*(?:\w+\s+)?(?:could|may|might|would|will|can|is expected)\b", tail):
                return core[:m.start()]
    return core


def _is_attributed(attribution: Attribution | None) -> bool:
    return attribution is not None and attribution.kind != "author"


def _past_attributed_fact(text: str, attribution: Attribution | None) -> bool:
    if not _is_attributed(attribution):
        return False
    core = _core(text, attribution)
    return bool(_PAST_VERB.search(core)) and not (
        _found("opinion", core) or _found("prediction", _without(core, "not_modal"))
        or _found("speculation", _without(core, "not_modal")))


def classify(text: str | Any, attribution: Attribution | None = None, *,
             genre: str = "news") -> str:
    """The epistemic status of the event a sentence describes.  A spaCy Span
    is accepted too and handed to `classify_span`."""
    if not isinstance(text, str):
        return classify_span(text, attribution, genre)
    return _decide(text, attribution, genre, grammar=None)


def _decide(text: str, attribution: Attribution | None, genre: str,
            grammar: dict[str, bool] | None) -> str:
    if genre == "opinion" and not _past_attributed_fact(text, attribution):
        return "opinion"
    if text.rstrip(" \"'”)").endswith("?"):
        return "hypothetical"
    if _found("denied", text):
        return "denied"
    core = _core(text, attribution)
    unquoted_core = core if _is_attributed(attribution) else _QUOTED.sub(" ", core)
    modal_free = _without(unquoted_core, "not_modal")
    if grammar is not None:
        conditional, modal = grammar["conditional"], grammar["modal"]
    else:
        conditional = _found("conditional", modal_free)
        modal = _found("prediction", modal_free) or _found("speculation", modal_free)
    author_voice = not _is_attributed(attribution)
    if conditional or modal:
        return "opinion" if author_voice and _DEONTIC.search(modal_free) else "hypothetical"
    if author_voice and _found("opinion", unquoted_core):
        return "opinion"
    if _DEONTIC.search(modal_free):
        return "hypothetical"
    negated = grammar["negated"] if grammar is not None else _negates_event(
        _without(unquoted_core, "not_negation"))
    if negated:
        return "negated"
    if _found("alleged", _without(text, "not_alleged")):
        return "alleged"
    return "reported" if _is_attributed(attribution) else "asserted"


# --- dependency-parse variant ----------------------------------------------

_SPEECH_LEMMAS = frozenset({"say", "tell", "report", "announce", "state", "add", "confirm",
                            "claim", "write", "note", "accuse", "allege", "quote", "cite"})
_INTENT_LEMMAS = frozenset({"plan", "threaten", "vow", "expect", "intend", "aim", "seek",
                            "want", "prepare", "pledge", "promise", "hope", "warn", "urge",
                            "call", "demand", "appeal", "propose", "consider", "decide"})
_NON_EVENT_NEGATED = frozenset({"say", "specify", "give", "provide", "elaborate", "identify",
                                "name", "comment", "respond", "disclose", "reveal", "mention",
                                "confirm", "explain", "know", "clear", "verify", "be"})
_MODALS = frozenset({"will", "would", "could", "may", "might", "shall", "should", "must",
                     "can", "ca", "wo", "'ll", "'d"})


def _event_verb(span: Any) -> Any:
    """The verb the sentence is about: the root, or the complement of a
    speech verb ("X said [jets bombed ...]")."""
    verb = span.root
    for _ in range(2):
        if verb.lemma_.lower() not in _SPEECH_LEMMAS:
            break
        complements = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp")]
        if not complements:
            break
        verb = complements[0]
    return verb


def _grammar(span: Any) -> dict[str, bool]:
    verb = _event_verb(span)
    children = list(verb.children)
    modal = any(c.dep_ == "aux" and (c.tag_ == "MD" or c.lower_ in _MODALS) for c in children)
    head = verb.head
    if verb.dep_ in ("xcomp", "ccomp") and head.lemma_.lower() in _INTENT_LEMMAS:
        modal = True
    if verb.lemma_.lower() in _INTENT_LEMMAS and any(c.dep_ == "xcomp" for c in children):
        modal = True
    conditional = any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in children) or any(
        c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "unless")
                                  for g in c.children) for c in children)
    negated = (any(c.dep_ == "neg" for c in children)
               and verb.lemma_.lower() not in _NON_EVENT_NEGATED) or any(
        c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(g.dep_ == "det" and g.lower_ == "no"
                                                         for g in c.children) for c in children)
    return {"modal": modal, "conditional": conditional, "negated": negated}


def classify_span(span: Any, attribution: Attribution | None = None,
                  genre: str = "news") -> str:
    """Like `classify`, with negation, modality and conditions read from the
    dependency parse of the event verb instead of from cue words."""
    return _decide(span.text, attribution, genre, grammar=_grammar(span))
