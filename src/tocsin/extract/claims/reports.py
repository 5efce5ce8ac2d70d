"""The reports an article cites, and which of its claims it relays from them.

Commentary and follow-up stories introduce an earlier report once ("In March
2014 the London-based daily Al-Hayat reported that ...", "According to a report
in the Lebanese daily As-Safir last March, ...", "the newspaper ran a report
under the headline ...").  They may refer back to it ("The article, titled
"...", stated that:", "the paper added", "It said that ...", "In the words of
the report:") and then quote it after a colon, in quotation marks or in the
next paragraph.

`ReportRegister` reads an article's sentences in order and keeps a register of
cited reports: who published it (an `Attribution`), its date with the
precision the article gives, and its title.  For each sentence it says
whether the sentence relays a report (`Relay`): the sentence that introduces
it, a back-reference, or the quotation a back-reference or introduction opens
with a colon.  A relayed claim is attributed to the report (and, through
`Attribution.cites`, to the report's own source, "activists said"), and its
relative dates resolve against the report's date.

Decisions:
- A report is introduced by a reporting frame whose speaker is an outlet (a
  name in the source lexicon, or an outlet noun: newspaper, daily, agency ...)
  or names a report ("a report in X", "an article by X").
- A back-reference is a reporting frame whose speaker is a report or outlet
  noun with a definite article or a possessive ("the article", "the paper",
  "its report"), or "it" right after an introduction; it re-opens the report
  whose title it gives, else the latest one.
- A quotation opened by a colon runs to the end of the next paragraph, or, if
  that paragraph opens a quotation mark, to the paragraph that closes it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from tocsin import vocabulary
from tocsin.extract.claims.attribution import find as find_attribution
from tocsin.extract.claims.attribution import lexicon_source
from tocsin.extract.dates.context import DateContext
from tocsin.models import Attribution

if TYPE_CHECKING:
    from spacy.tokens import Span

    from tocsin.extract.frame import Report, SentenceFrame

_TITLE = re.compile(r"(?i:\b(?:titled|entitled|headlined|under the (?:headline|title)|"
                    r"with the (?:headline|title))\s*,?\s*[\"“‘']([^\"”’]{3,160})[\"”’'])")
#: "the daily ran a report" (vocabulary class publication)
_PUBLISH = vocabulary.lemmas("publication")
#: "a short item that ran in al-Hayat" (vocabulary class appearance)
_RAN_IN = vocabulary.lemmas("appearance")
#: "In the words of the report:", "As the paper put it:" -- a back-reference with no verb.
_WORDS_OF = re.compile(r"(?i:\b(?:in the words of|as|according to)\s+(?:the|that|this|its)\s+"
                       r"(?:" + vocabulary.pattern("report_noun", "outlet_noun") + r")\b)")

#: "Its central passage read:", "The key paragraph ran as follows:" -- a part of the
#: report, introducing its quotation after a colon.
_PART_READ = re.compile(
    r"(?i:\b(?:its|the|that|this|(?:the\s+)?(?:" + vocabulary.pattern("report_noun", "outlet_noun")
    + r")['’]s)\s+(?:[\w-]+\s+){0,2}?(?:passage|paragraph|section|line|lines|sentence|excerpt|text"
    r"|conclusion|summary)\s+(?:read|reads|ran|runs|went|goes|said|says|stated|states)"
    r"(?:\s+as\s+follows|\s+in\s+full)?\s*:)")
#: what only a report's author does: "He wrote:" is the correspondent writing
_AUTHOR_VERBS = frozenset(["write", "wrote", "report", "note", "conclude"])


@dataclass(frozen=True, slots=True)
class CitedReport:
    source: Attribution            # who published it (kind outlet, mostly)
    date: date | None
    precision: str                 # day, week, month or year
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Relay:
    """A sentence's claim as relayed from a cited report."""

    report: CitedReport
    #: the report's own source named inside the quote ("activists told the paper")
    inner: Attribution | None = None
    #: this sentence introduces the report: its dates are the article's, not the report's
    introduces: bool = False

    def attribution(self, quote: str | None = None) -> Attribution:
        said = self.report.source
        return replace(said, quote=quote or said.quote, cites=self.inner)

    @property
    def anchor(self) -> tuple[date, str] | None:
        if self.introduces or self.report.date is None:
            return None
        return self.report.date, self.report.precision


class ReportRegister:
    """Cited reports of one article; call `read` on every sentence in order."""

    def __init__(self, dates: DateContext) -> None:
        self.dates = dates
        self.reports: list[CitedReport] = []
        self._open: CitedReport | None = None       # a quotation in progress
        self._pending = False       # still in the paragraph of the sentence that opened it
        self._depth = 0             # curly quotation marks open
        self._straight = False      # a straight quotation mark open
        self._last_intro_sentence = -2

    def read(self, index: int, span: "Span", frame: "SentenceFrame | None",
             new_paragraph: bool) -> Relay | None:
        """The report this sentence relays, if any.  `frame` may be None for a
        sentence not worth parsing (`worth_a_frame` said no)."""
        text = span.text
        inside = self._continues_quote(text, new_paragraph)
        count = len(self.reports)
        found = self._reference(index, span, frame) if frame is not None else None
        if found is not None:
            if text.rstrip().endswith(":"):
                self._open, self._pending, self._depth, self._straight = found, True, 0, False
            return Relay(found, self._inner(frame, found), introduces=len(self.reports) > count)
        if inside is not None:
            return Relay(inside, self._inner(frame, inside))
        return None

    def _continues_quote(self, text: str, new_paragraph: bool) -> CitedReport | None:
        """The open report, if this sentence is still inside its quotation."""
        if self._open is None:
            return None
        if new_paragraph:
            if self._pending:
                self._pending = False
            elif not (self._depth > 0 or self._straight):
                self._open = None           # the quoted paragraph is over
                return None
        self._depth = max(0, self._depth + sum(text.count(q) for q in "“‘«")
                          - sum(text.count(q) for q in "”’»"))
        self._straight ^= text.count('"') % 2 == 1
        return self._open

    # --- introductions and back-references --------------------------------

    def _reference(self, index: int, span: "Span", frame: "SentenceFrame") -> CitedReport | None:
        text = span.text
        frames = [r for r in reversed(frame.reports) if r.speaker is not None]
        published = _publication_frame(frame)
        written = _writer_for_outlet(frame)
        told = _told_an_outlet(frame)
        for report in frames + [r for r in (published, written, told) if r is not None]:
            back = self._back_reference(report, index, text)
            if back is not None:
                return back
            intro = self._introduction(report, text, named_outlet=report is written)
            if intro is not None:
                self.reports.append(intro)
                self._last_intro_sentence = index
                return intro
        if self.reports and (_WORDS_OF.search(text) or _PART_READ.search(text)):
            return self._latest(_title(text))
        return None

    def _back_reference(self, report: "Report", index: int, text: str) -> CitedReport | None:
        if not self.reports or report.speaker is None:
            return None
        head = report.speaker.root
        determiners = {c.lower_ for c in head.children if c.dep_ in ("det", "poss")}
        definite = bool(determiners & {"the", "that", "this", "its", "their"})
        noun = vocabulary.has(head.lower_, "report_noun", "outlet_noun")
        named = any(c.dep_ in ("compound", "appos") and c.pos_ == "PROPN" for c in head.children)
        recent = index - self._last_intro_sentence <= 2
        pronoun = head.lower_ in ("it", "they") and recent
        # "He wrote:" right after "... published a report by its correspondent X"
        author = head.lower_ in ("he", "she") and recent and report.verb is not None \
            and (report.verb.lemma_.lower() or report.verb.lower_) in _AUTHOR_VERBS
        if (noun and definite and not named) or pronoun or author:
            return self._latest(_title(text))
        return None

    def _introduction(self, report: "Report", text: str,
                      named_outlet: bool = False) -> CitedReport | None:
        """`named_outlet`: the speaker is a proper name someone writes for, an
        outlet whether or not the source lexicon knows it."""
        assert report.speaker is not None
        phrase = report.speaker.text
        source = lexicon_source(phrase)
        if source is None and named_outlet:
            name = re.sub(r"(?i)^the\s+", "", phrase.strip())
            source = Attribution(text=phrase, kind="outlet", name=name)
        names_report = any(vocabulary.has(t.lower_, "report_noun") for t in report.speaker)
        if source is None or (source.kind != "outlet" and not names_report):
            return None
        said = find_attribution(text)
        if said is not None and said.kind == "claim" and source.kind == "official":
            pass                    # "according to the group's statement": the group's claim
        elif said is None or said.kind != source.kind:
            said = Attribution(text=phrase, kind=source.kind, name=source.name)
        else:
            said = replace(said, name=said.name or source.name)
        # "a report in the Lebanese daily As-Safir last March": dated in the phrase itself
        dated = self.dates.report_date(text, phrase)
        if dated is None:
            dated_on, precision = None, "day"
        else:
            dated_on, precision = dated.date, dated.precision
        return CitedReport(replace(said, quote=None), dated_on, precision, _title(text))

    def _latest(self, title: str | None) -> CitedReport:
        if title:
            for report in reversed(self.reports):
                if report.title and report.title.lower() == title.lower():
                    return report
        return self.reports[-1]

    @staticmethod
    def _inner(frame: "SentenceFrame | None", report: CitedReport) -> Attribution | None:
        """The quote's own source, when it names one other than the report."""
        if frame is None:
            return None
        for r in reversed(frame.reports):
            if r.speaker is None or vocabulary.has(r.speaker.root.lower_, "report_noun",
                                                   "outlet_noun", "report"):
                continue
            if r.speaker.root.lower_ in ("it", "they"):
                continue
            found = lexicon_source(r.speaker.text)
            if found is not None and found.name != report.source.name:
                cue = r.cue
                return Attribution(cue.text if cue is not None else r.speaker.text,
                                   found.kind, found.name)
        return None


def _publication_frame(frame: "SentenceFrame") -> "Report | None":
    """"Al-Hayat ran a report ...", "the daily carried a story": an outlet
    publishing a report, as a frame whose speaker is the outlet."""
    from tocsin.extract.frame import Report, lemma

    for predicate in frame.predicates:
        verb = lemma(predicate.head)
        if verb not in _PUBLISH | _RAN_IN or predicate.subject is None:
            continue
        if verb in _PUBLISH and any(vocabulary.has(o.lower_, "report_noun")
                                    for o in predicate.objects):
            subject = predicate.subject
            speaker = subject.doc[subject.left_edge.i:subject.right_edge.i + 1]
            return Report(predicate.head, "report", speaker, None)
        if verb in _RAN_IN and vocabulary.has(predicate.subject.lower_, "report_noun"):
            outlet = next((o for p in predicate.head.children if p.dep_ == "prep"
                           and p.lower_ in ("in", "on") for o in p.children if o.dep_ == "pobj"),
                          None)
            if outlet is not None:
                speaker = outlet.doc[outlet.left_edge.i:outlet.right_edge.i + 1]
                return Report(predicate.head, "report", speaker, None)
    return None


#: prepositions that tie a writer to an outlet: "a correspondent for Le Faso",
#: "writing in Le Faso", "a reporter at the Daily Trust"
_WRITES_FOR = frozenset(["for", "in", "at", "with"])


def _writer_for_outlet(frame: "SentenceFrame") -> "Report | None":
    """"Writing in Le Faso last week, a correspondent described how ...", "a
    reporter for the Daily Trust said": a journalist's report, as a frame whose
    speaker is the outlet written for (a proper name)."""
    from tocsin.extract.frame import Report

    for report in frame.reports:
        if report.speaker is None or report.verb is None \
                or not vocabulary.has(report.speaker.root.lower_, "journalist"):
            continue
        writing = [c for c in report.verb.children
                   if c.dep_ in ("advcl", "xcomp") and c.lemma_.lower() == "write"]
        for head in [report.speaker.root, *writing]:
            outlet = next((o for p in head.children if p.dep_ == "prep" and p.lower_ in _WRITES_FOR
                           for o in p.children if o.dep_ == "pobj" and o.pos_ == "PROPN"), None)
            if outlet is not None:
                doc = outlet.doc
                return Report(report.verb, "report", doc[outlet.left_edge.i:outlet.right_edge.i + 1],
                              None)
    return None


def _told_an_outlet(frame: "SentenceFrame") -> "Report | None":
    """"Syrian opposition sources told a Lebanese daily that ...": what sources
    tell a newspaper is the newspaper's report (its own source cited inside), as a
    frame whose speaker is the outlet."""
    from tocsin.extract.frame import Report, lemma

    for report in frame.reports:
        audience = report.audience
        if report.verb is None or lemma(report.verb) != "tell" or audience is None:
            continue
        source = lexicon_source(audience.text)
        if vocabulary.has(audience.root.lower_, "outlet_noun") or (
                source is not None and source.kind == "outlet"):
            return Report(report.verb, "report", audience, None)
    return None


def title_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) in `text` of each quoted headline or title it gives."""
    return [m.span(1) for m in _TITLE.finditer(text)]


def _title(text: str) -> str | None:
    m = _TITLE.search(text)
    return m.group(1).strip() if m else None


def worth_a_frame(text: str) -> bool:
    """Cheap test: might this sentence introduce or refer back to a report?"""
    lower = text.lower()
    return any(w in lower for w in ("report", "newspaper", "paper", "daily", "article",
                                    "agency", "wrote", "according", "words of", "said that",
                                    "stated", "added", "item", "story", "ran in",
                                    "appeared in")) or text.rstrip().endswith(":")
