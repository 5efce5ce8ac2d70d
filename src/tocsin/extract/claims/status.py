"""Epistemic status of a claim: asserted, reported, alleged, denied,
hypothetical, negated or opinion (models.STATUSES).

Status belongs to each claim, not to the article it appears in.
`classify_claim(frame, predicate, attribution, genre=, relayed=)` reads the
sentence frame (`extract.frame`: negation, modals, conditions, plans,
hedges, the reporting frames around the claim); `classify(text, attribution,
genre=)` does the same from cue words when there is no parse.  The cue
lexicon is data/cues_status.tsv; its verbs come from the shared vocabulary.

Decisions (the order below is the order of the checks):
1. Questions are 'hypothetical'.
2. Denials win over everything else that follows ("denied it had attacked").
3. Conditionals, predictions, plans, threats and possibility are
   'hypothetical'.  Modals inside a relative clause that follows a past event
   ("an attack that could derail talks") and toll estimates ("the toll is
   expected to rise") do not count.  "should"/"must" are 'opinion' in the
   author's voice and 'hypothetical' when attributed.
4. Evaluative words in the author's voice are 'opinion'.
5. In an opinion or analysis piece, the author's own statements are
   'opinion' unless they are plain statements of past fact ("the group took
   the city last week" is 'asserted'); a claim the author relays from a source
   or a cited report is read like any attributed claim.
6. Negation of the event is 'negated'.  A failed attempt ("failed to
   capture", "repelled an attack", "foiled") is NOT negated: the attempt is
   an event that ACLED codes (a clash, disrupted weapons use), so "failed to"
   is deliberately not a negation cue.
7. "accused", "reportedly", "suspected", "claimed" ... are 'alleged'; a claim
   of responsibility is 'reported' (the attack itself is not in doubt).
8. Any other attributed or relayed claim is 'reported'; the rest is 'asserted'.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from tocsin import vocabulary
from tocsin.models import Attribution

if TYPE_CHECKING:
    from tocsin.extract.frame import Predicate, SentenceFrame

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
        parts[name].append(vocabulary.expand(pattern))
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


def classify(text: str | Any, attribution: Attribution | None = None, *,
             genre: str = "news") -> str:
    """The epistemic status of the event a sentence describes.  A spaCy Span
    is accepted too and handed to `classify_span`."""
    if not isinstance(text, str):
        return classify_span(text, attribution, genre)
    return _decide(text, attribution, genre, grammar=None)


def _decide(text: str, attribution: Attribution | None, genre: str,
            grammar: dict[str, bool] | None, past: bool | None = None) -> str:
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
    if genre == "opinion" and author_voice and not (
            past if past is not None else bool(_PAST_VERB.search(unquoted_core))):
        return "opinion"            # the columnist's present-tense analysis
    negated = grammar["negated"] if grammar is not None else _negates_event(
        _without(unquoted_core, "not_negation"))
    if negated:
        return "negated"
    if _found("alleged", _without(text, "not_alleged")):
        return "alleged"
    return "reported" if _is_attributed(attribution) else "asserted"


# --- from the sentence frame --------------------------------------------------

#: tags of a verb that states a past fact: "took", "had taken", "has seized".
_PAST_TAGS = frozenset(["VBD", "VBN"])


def classify_span(span: Any, attribution: Attribution | None = None, genre: str = "news",
                  frame: "SentenceFrame | None" = None) -> str:
    """Like `classify`, with negation, modality and conditions read from the
    sentence frame (built here when not given)."""
    from tocsin.extract.frame import build

    frame = frame if frame is not None else build(span)
    return classify_claim(frame, frame.main, attribution, genre=genre)


def classify_claim(frame: "SentenceFrame", predicate: "Predicate | None",
                   attribution: Attribution | None = None, *, genre: str = "news",
                   relayed: bool = False) -> str:
    """The status of the claim `predicate` makes in its sentence.

    `attribution` is the claim's source (None or kind 'author': the author's
    own voice); `relayed` marks a claim quoted from a cited report even when
    the sentence names no source itself ("The article stated that: ...").
    """
    text = frame.span.text
    if relayed and not _is_attributed(attribution):
        attribution = Attribution(text="", kind="outlet")
    if predicate is None:
        return _decide(text, attribution, genre, grammar=None)
    mood = predicate.modality
    if frame.question or mood.question:
        return "hypothetical"
    if any(r.kind == "denial" and r.content is not None
           and r.content.start <= predicate.head.i < r.content.end for r in frame.reports):
        return "denied"
    if _plans_a_thing(predicate):
        return "hypothetical"       # "had been preparing their retreat", "planned an offensive"
    grammar = {"modal": bool(mood.modal or mood.irrealis or mood.speculation),
               "conditional": mood.conditional, "negated": mood.negated}
    if mood.hedge and not (grammar["modal"] or grammar["conditional"] or mood.negated):
        return "alleged"
    if mood.deontic and not _is_attributed(attribution):
        return "opinion"
    return _decide(_without_other_denials(frame, predicate, text), attribution, genre, grammar,
                   past=_states_past(predicate))


def _without_other_denials(frame: Any, predicate: Any, text: str) -> str:
    """"The army denied the claim and said its aircraft had struck RSF bases": the
    denial takes a noun (someone else's claim); the strike is what the army says.
    The denying verb is blanked so that the text-level test does not read it."""
    from tocsin.extract.frame import kind_of

    out = text
    offset = frame.span.start_char
    for report in frame.reports:
        verb = report.verb
        if verb is None or report.content is None or report.kind == "denial" \
                or not report.content.start <= predicate.head.i < report.content.end:
            continue
        denier = verb.head if verb.dep_ == "conj" else None
        if denier is not None and kind_of(denier) == "denial":
            start = denier.idx - offset
            out = out[:start] + " " * len(denier.text) + out[start + len(denier.text):]
    return out


def _plans_a_thing(predicate: "Predicate") -> bool:
    """The claim's verb plans, threatens or prepares what its object names: the
    object (a retreat, an offensive) has not happened."""
    from tocsin import vocabulary

    head = predicate.head
    return vocabulary.has(head.lower_, "intention", lemma=head.lemma_) and any(
        c.dep_ == "dobj" and c.pos_ == "NOUN" for c in head.children)


def _states_past(predicate: "Predicate") -> bool:
    """A past or perfect verb: "took", "had seized", "has withdrawn", "were killed"."""
    head = predicate.head
    if head.tag_ in _PAST_TAGS:
        return True
    return any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in head.children)
