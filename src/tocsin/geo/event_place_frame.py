"""Where a place sits relative to a sentence's reporting verb.

News sentences wrap the event in a speech frame: "Osama al-Nujaifi told
reporters in Baghdad that the whole of Nineveh province had fallen".  Baghdad
is where the speaking happened; the event is in the reported clause.  This
module reads the dependency parse to tell the two apart:

- "frame":    the reporting verb's own modifiers ("said in Damascus", "told a
              news conference in Ankara", "speaking from Moscow") or a place
              that is itself the speaker ("Damascus denied ...").
- "source":   a place qualifying who speaks ("a monitor in London said",
              "according to officials in Anbar").  Local sources are often
              where the event was, so this is only a mild cue.
- "reported": inside the reported clause (the verb's ccomp, or the main clause
              that a trailing "..., activists said" attaches to).
- None:       no reporting verb above the place.
"""
from __future__ import annotations

from typing import Literal, Protocol

from spacy.tokens import Span, Token

from tocsin import vocabulary

Role = Literal["frame", "source", "reported"] | None


class SpeechFrame(Protocol):
    """What the caller already read off the sentence (extract/frame.py's
    SentenceFrame has these): its reporting verbs and the event's anchor."""

    @property
    def reporting_verb_ids(self) -> frozenset[int]: ...

    @property
    def anchor(self) -> Token: ...

#: Verbs whose prepositional modifiers describe the act of speaking, never the event
#: (the shared vocabulary's speech class: say, tell, announce, warn ...; 'briefed
#: reporters in Ankara', 'addressed a rally in Homs').
_SPEECH_LEMMAS = vocabulary.lemmas("speech") | frozenset({"brief", "address"})
#: Verbs that report an event as their object ("reported clashes in Homs"): their
#: modifiers are the frame only when the content is a separate clause.
_REPORT_LEMMAS = vocabulary.lemmas("report", "claim", "confirm", "denial", "accusation", "condemnation") \
    | vocabulary.lemmas("directive")
_REPORTING = _SPEECH_LEMMAS | _REPORT_LEMMAS
#: "told a news conference in Ankara": the audience is part of the frame.
_AUDIENCE = frozenset({"reporter", "journalist", "correspondent", "conference", "briefing",
                       "interview", "television", "tv", "radio", "channel", "broadcaster",
                       "newspaper", "audience", "rally", "crowd", "parliament", "lawmaker",
                       "session", "delegate", "statement", "meeting", "summit", "agency",
                       "telephone", "phone", "video", "videolink", "link", "skype"})
#: Nouns that head a place name ("Daraa governorate", "the city of Homs") and so
#: say nothing about the frame.
_PLACE_NOUNS = frozenset({"province", "governorate", "city", "town", "capital", "district",
                          "region", "village", "country", "area", "of"})
_CLAUSE_DEPS = frozenset({"ccomp", "xcomp", "conj", "parataxis", "advcl", "csubj", "relcl"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "appos"})


def is_reporting(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.lemma_.lower() in _REPORTING


def _has_clause(verb: Token) -> bool:
    return any(child.dep_ in ("ccomp", "xcomp", "parataxis") for child in verb.children)


def _only_frame_words(path: list[Token]) -> bool:
    """'told a news conference in Ankara' but not 'say in a major offensive in
    Daraa': between the place and the verb stand only prepositions, place nouns
    and the audience."""
    return all(t.dep_ == "prep" or t.pos_ in ("ADP", "DET", "ADJ", "PROPN")
               or t.lemma_.lower() in _PLACE_NOUNS | _AUDIENCE for t in path[1:])


def _classify(verb: Token, child: Token, place: Token, path: list[Token]) -> Role:
    """`child` is the token right below `verb` on the way up from `place`."""
    if child.dep_ in _CLAUSE_DEPS:
        return "reported"
    through_prep = any(t.dep_ == "prep" for t in path)
    if child.dep_ in _SUBJECT_DEPS:
        if child is place:          # "Damascus denied ...": the place speaks
            return "frame"
        return "source" if through_prep else None
    if not _only_frame_words(path):
        return None
    frame_verb = verb.lemma_.lower() in _SPEECH_LEMMAS or _has_clause(verb)
    if child.dep_ == "prep" and frame_verb:
        return "frame"
    if child.dep_ in ("dobj", "dative", "npadvmod") and child.lemma_.lower() in _AUDIENCE \
            and through_prep:
        return "frame"
    return None


def role(tokens: Span, speech: SpeechFrame | None = None) -> Role:
    """The place's role relative to the first reporting verb above it (the
    reporting verbs of `speech` when the caller passes its frame)."""
    reporting = (lambda t: t.i in speech.reporting_verb_ids) if speech is not None else is_reporting
    place = tokens.root
    path: list[Token] = [place]
    current = place
    while current.head.i != current.i:
        head = current.head
        if reporting(head):
            return _classify(head, current, place, path)
        if head.pos_ in ("VERB", "AUX"):
            # The place belongs to some other clause: it is reported if a
            # reporting verb governs that clause, else plain narration.
            return "reported" if any(reporting(a) for a in head.ancestors) else None
        path.append(head)
        current = head
    return None


def event_anchor(sentence: Span, speech: SpeechFrame | None = None) -> Token:
    """The token the event hangs on: the reported clause when the sentence's
    root is a reporting verb ("..., activists said"), else the root (the
    frame's own anchor when the caller passes one)."""
    if speech is not None:
        return speech.anchor
    root = sentence.root
    if is_reporting(root):
        for child in root.children:
            if child.dep_ in ("ccomp", "parataxis") and sentence.start <= child.i < sentence.end:
                return child
    return root
