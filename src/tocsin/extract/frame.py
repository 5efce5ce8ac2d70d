"""The sentence frame: one reading of a sentence's grammar, built once from the
spaCy parse and read by every extractor (status, attribution, roles, dates,
movement, event place).

A `SentenceFrame` holds
- `reports`: the reporting frames around the claim, outermost first: who
  speaks (`speaker`), with which verb (`verb`, its vocabulary class `kind`:
  speech, report, claim, confirm, denial, accusation, cognition, or
  "according" for "according to X"), and what is reported (`content`);
- `predicates`: every clause head of the sentence with its grammatical roles
  (subject after relative clauses, appositives, coordination and raising are
  undone; objects, each coordinated one on its own; the "by" agent of a
  passive) and its `Modality` (negation, modal verbs, conditions, plans and
  threats, hedges, obligations);
- `main`: the predicate the sentence is about: the root, or the reported
  clause of a reporting root ("X said [militants seized the town]").

Which verbs report, hedge or plan comes from `tocsin.vocabulary`; nothing here
keeps its own list of verbs.  Tokens are spaCy tokens of the sentence's Doc:
a frame lives only as long as the parse it reads.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Iterator

from tocsin import vocabulary

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

_CLAUSE_DEPS = frozenset(["ccomp", "xcomp", "parataxis"])
_SUBJECTS = frozenset(["nsubj", "nsubjpass", "csubj", "csubjpass", "expl"])
_OBJECTS = frozenset(["dobj", "dative", "attr", "oprd", "obj"])
#: clauses that borrow their governing verb's subject when they have none.
_SHARING = frozenset(["conj", "xcomp", "advcl"])
_RELATIVE_TAGS = frozenset(["WDT", "WP", "WP$"])
_SUBORDINATORS = frozenset(["after", "before", "as", "when", "while", "because", "since", "until"])
_CONDITIONS = frozenset(["if", "unless"])
#: negated verbs that say nothing about the event ("did not say", "was not clear").
_NOT_THE_EVENT = frozenset(["say", "specify", "give", "provide", "elaborate", "identify", "name",
                            "comment", "respond", "disclose", "reveal", "mention", "confirm",
                            "explain", "know", "clear", "verify", "be"])
#: of those, the verbs of telling: negated, they leave the event in their complement
#: untold ("has not commented on its withdrawal", "did not say how many were killed")
SILENT_WHEN_NEGATED = _NOT_THE_EVENT - {"confirm", "verify", "know", "clear", "be"}
#: adjectives whose clause has not happened: "likely to attack", "poised to take".
_PROSPECTIVE = frozenset(["likely", "unlikely", "poised", "set", "due", "about", "ready",
                          "bound", "expected", "scheduled", "going", "able", "willing", "keen",
                          "eager", "determined", "prepared"])
_POSSIBLE = frozenset(["possible", "likely", "unlikely", "probable", "conceivable", "feared"])
_NEED = frozenset(["need", "have", "has", "had", "needs", "having"])


@dataclass(frozen=True, slots=True)
class Modality:
    """How real the predicate's event is, as the grammar says."""

    negated: bool = False
    modal: str | None = None            # "could", "will", "should"
    conditional: bool = False           # inside or governed by an if/unless clause
    irrealis: str | None = None         # lemma of a plan, call or expectation above it
    hedge: str | None = None            # "reportedly", "is believed to"
    speculation: str | None = None      # "perhaps", "possibly", "it is possible that"
    deontic: bool = False               # should, must, ought to, need to, have to
    question: bool = False

    @property
    def realis(self) -> bool:
        """Nothing in the grammar says the event is unreal or in doubt."""
        return not (self.negated or self.modal or self.conditional or self.irrealis
                    or self.question or self.deontic or self.speculation)


@dataclass(frozen=True, slots=True)
class Predicate:
    """A clause head and its grammatical roles."""

    head: "Token"
    subject: "Token | None"             # resolved: "ISIS, which ..., withdrew" -> ISIS
    passive: bool
    #: the "by X" of a passive ("held by the FSA"), if any
    by_agent: "Token | None"
    #: objects and prepositional objects, in text order, each coordinated one on its own
    objects: tuple["Token", ...]
    modality: Modality
    #: the predicate this one is conjoined to ("seized X and executed Y"), if any
    conjoined_to: "Token | None" = None

    @property
    def lemma(self) -> str:
        return lemma(self.head)


@dataclass(frozen=True, slots=True)
class Report:
    """A reporting frame: `speaker` `verb` (that) `content`."""

    verb: "Token | None"                # None for "according to"
    kind: str                           # vocabulary class, or "according"
    speaker: "Span | None"
    content: "Span | None"
    #: the audience of "told reporters", "told Reuters", or the medium ("on Telegram")
    audience: "Span | None" = None

    @property
    def cue(self) -> "Span | None":
        """The words of the frame ("activists said"): speaker to verb."""
        if self.speaker is None:
            return None
        doc = self.speaker.doc
        anchor = self.verb if self.verb is not None else self.speaker[0]
        start = min(self.speaker.start, anchor.i)
        end = max(self.speaker.end, anchor.i + 1)
        return doc[start:end]


@dataclass(frozen=True)
class SentenceFrame:
    span: "Span"
    reports: tuple[Report, ...]
    predicates: tuple[Predicate, ...]
    main: Predicate | None
    question: bool
    _by_head: dict[int, Predicate] = field(repr=False, compare=False, default_factory=dict)

    @property
    def opens_quotation(self) -> bool:
        """The sentence only introduces what follows its colon ("The paper went on:")."""
        return bool(self.reports) and self.reports[0].content is None and \
            self.reports[0].verb is not None and self.main is not None and \
            self.main.head.i == self.reports[0].verb.i

    @property
    def report(self) -> Report | None:
        """The innermost reporting frame of the main claim."""
        return self.reports[-1] if self.reports else None

    @cached_property
    def reporting_verb_ids(self) -> frozenset[int]:
        return frozenset(r.verb.i for r in self.reports if r.verb is not None) | frozenset(
            t.i for t in self.span if is_reporting(t) and t.i not in self._event_heads())

    @cached_property
    def speaker_ids(self) -> frozenset[int]:
        """Tokens that name who speaks or is spoken to: sources, not participants."""
        out: set[int] = set()
        for r in self.reports:
            for part in (r.speaker, r.audience):
                if part is not None:
                    out.update(t.i for t in part)
        return frozenset(out)

    @property
    def anchor(self) -> "Token":
        """The token the event hangs on."""
        return self.main.head if self.main is not None else self.span.root

    def predicate(self, token: "Token") -> Predicate | None:
        """The lowest predicate governing `token` (itself when it is a clause head)."""
        for t in (token, *token.ancestors):
            if t.i in self._by_head:
                return self._by_head[t.i]
        return None

    def conjuncts(self, predicate: Predicate) -> tuple[Predicate, ...]:
        """Predicates conjoined to `predicate` ("took X and executed Y"), in text order."""
        return tuple(p for p in self.predicates if p.conjoined_to is not None
                     and p.conjoined_to.i == predicate.head.i)

    def _event_heads(self) -> frozenset[int]:
        return frozenset([self.main.head.i]) if self.main is not None else frozenset()


# --- building ---------------------------------------------------------------

def lemma(token: "Token") -> str:
    """The lemma, or the vocabulary's base form when no lemmatizer ran."""
    return token.lemma_.lower() or vocabulary.lemma_of(token.lower_) or token.lower_


def is_reporting(token: "Token") -> bool:
    return token.pos_ in ("VERB", "AUX") and vocabulary.has(token.lower_, "reporting",
                                                             lemma=token.lemma_)


def reported_clause(span: "Span") -> str | None:
    """The sentence with all but the clause its reporting verb reports blanked
    out (same length, so offsets hold), or None when its root reports nothing.

    "Yemen's Houthi movement said on Friday it had fired an anti-ship missile at a
    tanker ..., the latest in a campaign the group says is aimed at ...": the
    speaker's own voice and the comment tacked on after a comma ("the latest in a
    campaign the group says ...") read as a claim of responsibility; the claim
    itself is a missile attack.
    """
    root = span.root
    if not is_reporting(root):
        return None
    told = next((c for c in root.children if c.dep_ == "ccomp" and c.pos_ in ("VERB", "AUX")),
                None)
    if told is None:
        return None
    dropped = {t.i for comment in _comments_on(told, span) for t in comment.subtree}
    for token in told.subtree:
        if token.dep_ == "relcl" and is_reporting(token):
            dropped.update(t.i for t in token.subtree)
    kept = {t.i for t in told.subtree} - dropped
    offset = span.start_char
    chars = [" "] * len(span.text)
    for token in span:
        if token.i in kept:
            start = token.idx - offset
            chars[start:start + len(token.text_with_ws)] = token.text_with_ws
    return "".join(chars[:len(span.text)])


def _comments_on(verb: "Token", span: "Span") -> list["Token"]:
    """Noun phrases tacked on to a clause after a comma: ", the latest in a
    campaign aimed at pressing Israel over the war in Gaza"."""
    return [child for child in verb.children
            if child.dep_ in ("npadvmod", "appos") and child.i > verb.i
            and child.left_edge.i > span.start and span.doc[child.left_edge.i - 1].text == ","]


def comment_ranges(span: "Span") -> list[tuple[int, int]]:
    """Character ranges (in the document) of the comments tacked on to the
    sentence's clauses: what they name ("the war in Gaza") is not where the act was."""
    return [(comment.left_edge.idx, comment.right_edge.idx + len(comment.right_edge.text))
            for verb in span if verb.pos_ in ("VERB", "AUX") for comment in _comments_on(verb, span)]


#: who, in a reported clause, is the speaker telling of its own deed
_SELF = frozenset({"it", "they", "we", "its", "their", "our"})


def tells_own_deed(span: "Span") -> bool:
    """The root reports a clause whose agent is the speaker itself: "the Houthis
    said they had fired ...", "the army said its units repelled ...".  ("It said
    the strike was carried out in self-defence" tells of a deed, not of its own.)"""
    root = span.root
    if not is_reporting(root):
        return False
    for told in root.children:
        if told.dep_ != "ccomp" or told.pos_ not in ("VERB", "AUX"):
            continue
        for subject in told.children:
            if subject.dep_ != "nsubj":
                continue
            if subject.lower_ in _SELF or any(c.dep_ == "poss" and c.lower_ in _SELF
                                              for c in subject.children):
                return True
    return False


def kind_of(token: "Token") -> str:
    """The vocabulary class of a reporting verb (speech, denial, claim ...)."""
    for name in ("denial", "claim", "accusation", "confirm", "cognition", "report", "speech",
                 "utterance"):
        if vocabulary.has(token.lower_, name, lemma=token.lemma_):
            return name
    return "speech"


def build(span: "Span") -> SentenceFrame:
    """The frame of one parsed sentence."""
    question = span.text.rstrip(" \"'”’)\n").endswith("?")
    reports, main_head = _reports(span)
    heads = [t for t in span if _is_clause_head(t)]
    if main_head is not None and main_head not in heads:
        heads.append(main_head)
    predicates = tuple(_predicate(t, span, question) for t in sorted(heads, key=lambda t: t.i))
    by_head = {p.head.i: p for p in predicates}
    main = by_head.get(main_head.i) if main_head is not None else None
    return SentenceFrame(span, tuple(reports), predicates, main, question, by_head)


def _is_clause_head(token: "Token") -> bool:
    if token.pos_ == "VERB":
        return True
    return token.pos_ == "AUX" and token.dep_ in ("ROOT", "ccomp", "conj", "advcl", "relcl")


def _reports(span: "Span") -> tuple[list[Report], "Token | None"]:
    """Reporting frames from the root down to the claim, and the claim's head."""
    reports: list[Report] = []
    verb = span.root
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if not is_reporting(verb) and subject is not None and _opens_quotation(verb, span) and \
            vocabulary.has(subject.lower_, "report_noun", "outlet_noun"):
        # "The paper went on:", "The report continued:"
        return [Report(verb, "speech", _subtree(subject), None)], verb
    for _ in range(3):
        if not is_reporting(verb):
            break
        content_head = _content_head(verb, span)
        if content_head is None and not reports and kind_of(verb) == "denial":
            # "The army denied the claim and said its aircraft had struck ...": the
            # denial takes a noun; what the second verb of saying reports is the claim.
            # (Only a denial: "declared a curfew, and residents said ..." keeps its act.)
            said = next((c for c in verb.children if c.dep_ == "conj" and is_reporting(c)
                         and _content_head(c, span) is not None), None)
            if said is not None:
                verb, content_head = said, _content_head(said, span)
        if content_head is None:
            if not reports and _opens_quotation(verb, span):
                # "The article stated that:" -- what it said follows the colon
                reports.append(Report(verb, kind_of(verb), _speaker(verb), None, _audience(verb)))
            break
        reports.append(Report(verb, kind_of(verb), _speaker(verb), _content(content_head, span),
                              _audience(verb)))
        verb = _main_clause(content_head)
    verb = _complement(verb)
    reports.extend(_side_reports(span, verb, reports))
    return reports, verb


def _complement(verb: "Token") -> "Token":
    """"threatened to attack", "began to empty", "tried to storm": the event is
    the complement; its modality still reads the verb above it."""
    for _ in range(2):
        inner = next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"
                      and any(a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)), None)
        if inner is None:               # "captured Tikrit, extending ...": no complement
            break
        verb = inner
    return verb


def _content_head(verb: "Token", span: "Span") -> "Token | None":
    """The head of what a reporting verb reports, or None when the verb is
    itself the event ("Italy announced a suspension of flights") or a demand
    ("X said Y must leave": the speaker's demand is the event)."""
    clauses = [c for c in verb.children if c.dep_ in _CLAUSE_DEPS or _fronted_content(c, verb)]
    if not clauses and vocabulary.has(verb.lower_, "denial", "report", "confirm", "claim",
                                      lemma=verb.lemma_):
        # "denied reports that army units had abandoned ...": the noun's clause
        for obj in (c for c in verb.children if c.dep_ == "dobj"):
            clauses = [c for c in obj.children if c.dep_ in ("acl", "relcl", "ccomp")
                       and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)]
            if clauses:
                break
    if not clauses:
        return None
    inner = clauses[0]
    if any(c.lower_ in ("must", "should", "ought") for c in inner.children):
        return None
    if lemma(verb) not in _TOLD_AUDIENCE and any(c.dep_ == "dobj" for c in verb.children) and \
            inner.dep_ not in ("acl", "relcl"):
        return None
    return inner


#: verbs of saying whose object is who is told: "informs the public that ...",
#: "warned residents that ..." (other verbs with an object do the deed themselves:
#: "announced a curfew")
_TOLD_AUDIENCE = frozenset({"tell", "inform", "brief", "warn"})


def _fronted_content(clause: "Token", verb: "Token") -> bool:
    """"TDF fighters captured Lalibela, residents told reporters": the parser may
    make the fronted report an adverbial clause.  One with its own subject and no
    subordinator ("when", "after") before the speech verb is what was said."""
    return clause.dep_ == "advcl" and clause.i < verb.i \
        and vocabulary.has(verb.lower_, "speech", lemma=verb.lemma_) \
        and any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children) \
        and not any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB")
                    for c in clause.children)


def _opens_quotation(verb: "Token", span: "Span") -> bool:
    """The reporting verb's words end at a colon: "stated that:", "said:", "went on:"."""
    after = [t for t in span if t.i > verb.i and not t.is_space]
    return bool(after) and after[-1].text == ":" and all(
        t.lower_ in ("that", ":", "on", "as", "follows", "this", "it") or t.dep_ in ("advmod", "prt")
        for t in after)


def _main_clause(verb: "Token") -> "Token":
    """"X seized Mosul after soldiers fled, officials said" is sometimes parsed
    with the "after" clause on top: the event is the clause it governs."""
    if not any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children):
        return verb
    governed = [c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i < verb.i]
    return governed[0] if governed else verb


def _speaker(verb: "Token") -> "Span | None":
    # The subject nearest the verb: when the parser hangs the reported clause's own subject
    # on the reporting verb too ("Fighters of ISIS captured Tikrit ..., officials said" with
    # "captured" misread as a modifier), the speaker is the one next to "said".
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ == "conj" and verb.head is not verb:
        # "The army denied the claim and said ...": the second verb shares the first's subject
        subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
    if not subjects:
        return None
    return _subtree(min(subjects, key=lambda c: (abs(verb.i - c.i), c.i)))


def _audience(verb: "Token") -> "Span | None":
    """Who is told ("told Reuters"), or the medium spoken on ("said on Telegram",
    "posted via X"): neither takes part in what is said."""
    if lemma(verb) in _TOLD_AUDIENCE:
        told = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        return _subtree(told) if told is not None else None
    medium = next((o for p in verb.children if p.dep_ == "prep" and p.lower_ in ("on", "via")
                   for o in p.children if o.dep_ == "pobj"), None)
    return _subtree(medium) if medium is not None else None


def _content(head: "Token", span: "Span") -> "Span":
    left, right = head.left_edge.i, head.right_edge.i + 1
    return span.doc[max(left, span.start):min(right, span.end)]


def _subtree(token: "Token") -> "Span":
    return token.doc[token.left_edge.i:token.right_edge.i + 1]


def _side_reports(span: "Span", claim: "Token", outer: list[Report]) -> Iterator[Report]:
    """Reporting frames off the root path: "On Friday, the paper reported, ISIS
    withdrew ...", "according to X", "citing X"; their speakers are sources."""
    seen = {r.verb.i for r in outer if r.verb is not None}
    for token in span:
        if token.i in seen or token.i == claim.i:
            continue
        if is_reporting(token) and token.dep_ in ("advcl", "parataxis", "ccomp", "conj") \
                and token.head.i == claim.i and not any(c.dep_ in _CLAUSE_DEPS for c in token.children) \
                and not _answers_with(token):
            speaker = _speaker(token)
            if speaker is not None:
                yield Report(token, kind_of(token), speaker, None, _audience(token))
        elif token.lower_ == "according" and token.i + 1 < span.end \
                and span.doc[token.i + 1].lower_ == "to":
            objects = [c for c in span.doc[token.i + 1].children if c.dep_ == "pobj"]
            if objects:
                yield Report(None, "according", _subtree(objects[0]), None)
        elif token.lower_ in ("citing", "quoting"):
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if objects:
                yield Report(token, "report", _subtree(objects[0]), None)


def _answers_with(verb: "Token") -> bool:
    """"Israel has answered with artillery", "the army responded with air
    strikes": a reply made with weapons is an act, not speech."""
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in verb.children)


def _predicate(head: "Token", span: "Span", question: bool) -> Predicate:
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in head.children)
    by_agent = next((p for c in head.children if c.dep_ == "agent"
                     for p in c.children if p.dep_ == "pobj"), None)
    conjoined = head.head if head.dep_ == "conj" and head.head.pos_ in ("VERB", "AUX") else None
    return Predicate(head, subject_of(head), passive, by_agent, tuple(objects_of(head)),
                     modality_of(head, question), conjoined)


def subject_of(verb: "Token") -> "Token | None":
    """The subject of a clause, with relative pronouns, relative clauses,
    coordination and raising undone:
    "ISIS, which alienated its rivals, withdrew" -> ISIS (not "which");
    "the town, which was held by rebels" -> town; "seized X and executed Y" ->
    the subject of "seized" for "executed"; "X were reported to have fled" -> X."""
    token, raised = verb, False
    for _ in range(4):
        subjects = [c for c in token.children
                    if c.dep_ in _SUBJECTS or (raised and c.dep_ == "nsubjpass")]
        if subjects:
            return _antecedent(subjects[0])
        if token.dep_ in ("relcl", "acl") and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            # "columns of Taliban vehicles moving north": an active participle's noun
            # does it; a past participle's ("the town captured by rebels") undergoes it
            return token.head if token.dep_ == "relcl" or token.tag_ == "VBG" else None
        if token.dep_ not in _SHARING or token.head.i == token.i:
            return None
        if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
            return None             # "after soldiers fled": a clause of its own
        raised = token.dep_ == "xcomp"
        token = token.head
    return None


def _antecedent(subject: "Token") -> "Token":
    """"which"/"who" as a subject stands for the noun its clause modifies."""
    if subject.tag_ in _RELATIVE_TAGS and subject.head.dep_ == "relcl":
        return subject.head.head
    return subject


def objects_of(verb: "Token", depth: int = 0) -> list["Token"]:
    """Objects of the verb and of the prepositions and clauses it governs, in
    text order; coordinated objects ("Mosul and Tikrit") each count."""
    out: list["Token"] = []
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            out.extend(coordinated(child))
        elif child.dep_ == "prep":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                out.extend(coordinated(pobj))
        elif child.dep_ in ("xcomp", "ccomp", "advcl") and depth < 2 \
                and not any(c.dep_ in _SUBJECTS for c in child.children):
            out.extend(objects_of(child, depth + 1))
        if child.dep_ in _OBJECTS and depth < 2:
            out.extend(objects_of(child, depth + 1))
    return sorted(set(out), key=lambda t: t.i)


def coordinated(token: "Token") -> list["Token"]:
    """A noun and the nouns conjoined to it: "Mosul and Tikrit" -> [Mosul, Tikrit]."""
    out, stack = [token], [token]
    while stack:
        for child in stack.pop().children:
            if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
                out.append(child)
                stack.append(child)
    return sorted(out, key=lambda t: t.i)


def _rejected_alternative(verb: "Token") -> bool:
    """"... dug in rather than fight for the city", "withdrew instead of
    fighting", "Rather than storm the town, ...": the alternative not taken."""
    head = verb.head
    if verb.dep_ == "conj":
        return any(c.dep_ == "cc" and c.lower_ == "than" and head.i < c.i < verb.i
                   and any(g.lower_ == "rather" for g in c.children) for c in head.children)
    if verb.dep_ == "pcomp" and head.lower_ == "than":
        return True
    if verb.dep_ == "pcomp" and head.lower_ == "of":
        return any(c.lower_ == "instead" for c in head.children)
    return False


def modality_of(verb: "Token", question: bool = False) -> Modality:
    """Negation, modals, conditions, plans and hedges on a predicate, looking
    up through the clauses that govern it as far as a reporting verb."""
    children = list(verb.children)
    negated = any(c.dep_ == "neg" for c in children) and lemma(verb) not in _NOT_THE_EVENT
    negated = negated or any(c.dep_ in ("nsubj", "nsubjpass", "dobj") and any(
        g.dep_ == "det" and g.lower_ == "no" for g in c.children) for c in children)
    # "nobody fought", "none were hurt", "nothing was taken": a negative pronoun as subject
    negated = negated or any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PRON"
                             and vocabulary.has(c.lower_, "negation") for c in children)
    negated = negated or _rejected_alternative(verb)
    modal = deontic = conditional = False
    modal_word: str | None = None
    irrealis: str | None = None
    hedge: str | None = None
    speculation: str | None = None
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ == "aux" and (child.tag_ == "MD" or vocabulary.has(child.lower_, "modal")):
                modal_word = modal_word or child.lower_
                deontic = deontic or vocabulary.has(child.lower_, "deontic")
            elif child.dep_ == "mark" and child.lower_ in _CONDITIONS:
                conditional = True
            elif child.dep_ == "advmod" and vocabulary.has(child.lower_, "hedge"):
                hedge = hedge or child.lower_
            elif child.dep_ == "advmod" and vocabulary.has(child.lower_, "speculation"):
                speculation = speculation or child.lower_
            elif child.dep_ == "advcl" and token is verb and any(
                    g.dep_ == "mark" and g.lower_ in _CONDITIONS for g in child.children):
                conditional = True
        head = token.head
        if token.dep_ not in ("xcomp", "ccomp", "conj", "advcl", "acomp") or head.i == token.i:
            break
        if token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children):
            break
        if is_reporting(head) and token.dep_ != "xcomp":
            break
        if token.dep_ == "xcomp":
            if head.lower_ in _NEED:
                deontic = True
            elif vocabulary.has(head.lower_, "irrealis", lemma=head.lemma_) \
                    or head.lower_ in _PROSPECTIVE:
                irrealis = irrealis or lemma(head)
            elif is_reporting(head) and any(c.dep_ == "auxpass" for c in head.children):
                hedge = hedge or f"{head.lower_} to"       # "is believed to", "were said to"
        elif vocabulary.has(head.lower_, "irrealis", lemma=head.lemma_):
            irrealis = irrealis or lemma(head)
        elif head.lower_ in _POSSIBLE:              # "it is possible that the militia ..."
            speculation = speculation or head.lower_
        token = head
    modal = modal_word is not None
    return Modality(negated=negated, modal=modal_word if modal else None,
                    conditional=conditional, irrealis=irrealis, hedge=hedge,
                    speculation=speculation,
                    deontic=deontic, question=question)
