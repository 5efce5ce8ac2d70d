"""One claim per predicate and target.

A sentence can hold several events.  "Fighters took the cities of Mosul and
Tikrit" is two takeovers; "seized the town and executed its defenders" is a
takeover and an attack.  `claims_of(frame, guess, cue, places)` turns a
candidate sentence into `Claim`s:

- the predicate the sentence's type was read from (the one governing the
  classifier's trigger word, or the movement cue's), with that type;
- each predicate conjoined to it, typed on its own clause's words; a
  conjunct of the same type as one already taken adds nothing;
- a withdrawal and the redeployment conjoined to it ("pulled out of A and sent
  them to B") are one movement, whose ends are read from both;
- a predicate whose object coordinates several places ("the cities of A and
  B", "struck Aleppo and Idlib") gives one claim per place.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tocsin.extract.doctext import doc_text
from tocsin import vocabulary
from tocsin.extract import event_type, movement
from tocsin.extract.frame import Predicate, SentenceFrame, coordinated, is_reporting, lemma
from tocsin.models import Mention, Place

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Kind = tuple[str, str, "str | None"]
MOVEMENT_TYPES: dict[str, Kind] = {
    "withdraw": ("Strategic developments", "Change to group/activity", "RETREAT"),
    "advance": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "redeploy": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
    "mobilize": ("Strategic developments", "Change to group/activity", "MOBILIZE"),
}
_TAKEOVERS = frozenset(["Non-state actor overtakes territory", "Government regains territory"])
_FIGHTING = frozenset(["Armed clash", "Attack"])
#: place precisions that make a coordinated object a list of separate scenes
_SCENE_PRECISIONS = frozenset(["point", "city", "admin2", "admin1"])


@dataclass(frozen=True)
class Claim:
    """One event a sentence asserts, reports or denies."""

    predicate: Predicate | None
    kind: Kind
    score: float
    #: doc char offsets of the word that decided the type
    trigger: tuple[int, int] | None
    cue: movement.MovementCue | None = None
    #: the one coordinated place this claim is about ("took A and B": A, then B)
    target: "Token | None" = None
    ends: movement.MovementEnds | None = None
    #: doc char range of the predicate's own clause
    clause: tuple[int, int] | None = None
    text: str = ""
    part: str = ""

    def covers(self, mention: Mention) -> bool:
        return self.clause is None or self.clause[0] <= mention.start < self.clause[1]

    def target_place(self, places: Sequence[tuple[Mention, Place]]) -> Place | None:
        if self.target is None:
            return None
        at = self.target.idx
        return next((p for m, p in places if m.start <= at < m.end), None)

    def trigger_mention(self, span: "Span") -> Mention | None:
        if self.trigger is None:
            return None
        start, end = self.trigger
        return Mention(text=doc_text(span.doc)[start:end], start=start, end=end, label="trigger")

    def movement_places(self, places: Sequence[tuple[Mention, Place]]
                        ) -> tuple[list[Place], list[Place]]:
        """Places inside the movement's origin and destination phrases."""
        if self.ends is None:
            return [], []

        def inside(spans: Sequence["Span"]) -> list[Place]:
            found = [p for m, p in places
                     if any(s.start_char <= m.start < s.end_char for s in spans)]
            finer = [p for p in found if p.precision != "country"]
            return finer or found
        return inside(self.ends.origins), inside(self.ends.destinations)


#: the guess of each conjunct clause text typed beforehand (`conjunct_texts`)
Typed = Mapping[str, "event_type.EventTypeGuess | None"]


def claims_of(frame: SentenceFrame, guess: event_type.EventTypeGuess | None,
              cue: movement.MovementCue | None,
              places: Sequence[tuple[Mention, Place]], typed: Typed | None = None) -> list[Claim]:
    """The claims of a candidate sentence, the one it was typed by first.
    `typed`: the guesses of its `conjunct_texts`, typed beforehand with those
    of other sentences; a text missing from it is typed here."""
    span = frame.span
    takes_guess = _takes_guess(guess, cue)
    anchor, movers, others = _conjoined(frame, _anchoring(guess, cue), cue)
    claims: list[Claim] = []
    if takes_guess and guess is not None:
        claims.extend(_split(frame, anchor, _guess_kind(guess), guess.score,
                             _offsets(span, guess.trigger), places))
    elif cue is not None:
        claims.append(_movement_claim(frame, anchor, movers, cue))
    if cue is not None and takes_guess and movers and not _is_in(anchor, movers):
        claims.append(_movement_claim(frame, movers[0], movers, cue))
    claims.extend(_conjunct_claims(frame, others, claims, places, typed))
    return _one_attack_on_civilians(claims, places)


def _takes_guess(guess: event_type.EventTypeGuess | None, cue: movement.MovementCue | None) -> bool:
    """Whether the sentence's claim is its type's; else a movement cue's claim is, read
    from the cue's own verb ("advanced towards Tripoli, coming from Gharyan, which they
    entered without fighting": the advance, not the entering the type was read from)."""
    return guess is not None and event_type.is_political_violence(guess) \
        and (cue is None or guess.sub_event_type != "Other") \
        and (cue is None or guess.event_type != "Strategic developments")


def _anchoring(guess: event_type.EventTypeGuess | None, cue: movement.MovementCue | None
               ) -> event_type.EventTypeGuess | None:
    """The guess whose trigger anchors the claim: none when a movement cue's claim
    stands in for a type it does not take."""
    return guess if cue is None or _takes_guess(guess, cue) else None


#: violence against civilians that says what was done; "Attack" is ACLED's residual
_SPECIFIC_ON_CIVILIANS = frozenset(["Abduction/forced disappearance", "Sexual violence"])


def _one_attack_on_civilians(claims: list[Claim], places: Sequence[tuple[Mention, Place]]
                             ) -> list[Claim]:
    """"Bandits raided Kaura village and abducted about 40 people": ACLED codes one
    abduction, not an attack beside it.  An Attack coordinated with an abduction or a
    sexual assault at no other place is the same event, told by its means."""
    specific = [c for c in claims if c.kind[1] in _SPECIFIC_ON_CIVILIANS]
    if not specific:
        return claims
    # a place of its own only when the abduction names another ("raided Kaura and
    # abducted 12 in Mada"); with none, the abduction happened where the raid did
    theirs = set().union(*(_places_named(c.predicate, places) for c in specific
                           if c.predicate is not None))
    return [c for c in claims if c.kind[1] != "Attack" or c.predicate is None
            or (bool(theirs) and bool(_places_named(c.predicate, places) - theirs))]


def conjunct_texts(frame: SentenceFrame, guess: event_type.EventTypeGuess | None,
                   cue: movement.MovementCue | None) -> list[str]:
    """The texts `claims_of` types for the predicates conjoined to the sentence's
    claim, so that a caller can type those of many sentences in one call (a parse
    of each text alone: one `nlp.pipe` over them all costs a quarter of one
    `nlp` call per text)."""
    return [text for _, _, text in _conjunct_inputs(_conjoined(frame, _anchoring(guess, cue), cue)[2])]


def _conjoined(frame: SentenceFrame, guess: event_type.EventTypeGuess | None,
               cue: movement.MovementCue | None
               ) -> tuple[Predicate | None, list[Predicate], list[Predicate]]:
    """(the predicate the sentence's type was read from, the movement predicates
    coordinated with it, the other predicates coordinated with it)."""
    anchor = _predicate_at(frame, guess.trigger if guess else None) \
        or _predicate_at(frame, cue.trigger if cue else None) or frame.main
    if anchor is not None and frame.main is not None and anchor.head.i in frame.reporting_verb_ids:
        anchor = frame.main         # a trigger over "Military sources told ...": the claim is told
    chain = _coordination(frame, anchor) if anchor is not None else []
    movers = [p for p in chain if _moves(p)] if cue is not None else []
    others = [p for p in chain if p is not anchor and not _is_in(p, movers)
              and p.head.i != (anchor.head.i if anchor else -1) and not is_reporting(p.head)]
    return anchor, movers, others


def _guess_kind(guess: event_type.EventTypeGuess) -> Kind:
    return guess.event_type, guess.sub_event_type, guess.plover


def _predicate_at(frame: SentenceFrame, trigger: tuple[int, int] | None) -> Predicate | None:
    if trigger is None:
        return None
    token = frame.span.char_span(trigger[0], trigger[1], alignment_mode="expand")
    return frame.predicate(token[0]) if token is not None and len(token) else None


def _offsets(span: "Span", trigger: tuple[int, int] | None) -> tuple[int, int] | None:
    return None if trigger is None else (span.start_char + trigger[0], span.start_char + trigger[1])


def _coordination(frame: SentenceFrame, predicate: Predicate) -> list[Predicate]:
    """The predicate and every predicate coordinated with it, in text order."""
    root = predicate
    while root.conjoined_to is not None:
        above = frame.predicate(root.conjoined_to)
        if above is None or above is root:
            break
        root = above
    members, stack = [root], [root]
    while stack:
        for conjunct in frame.conjuncts(stack.pop()):
            members.append(conjunct)
            stack.append(conjunct)
    return sorted(members, key=lambda p: p.head.i)


def _moves(predicate: Predicate) -> bool:
    return vocabulary.has(predicate.head.lower_, "movement", lemma=predicate.head.lemma_)


def _is_in(predicate: Predicate | None, group: Sequence[Predicate]) -> bool:
    return predicate is not None and any(p.head.i == predicate.head.i for p in group)


def _movement_claim(frame: SentenceFrame, anchor: Predicate | None, movers: list[Predicate],
                    cue: movement.MovementCue) -> Claim:
    kind = MOVEMENT_TYPES[cue.kind]
    ends = movement.ends(movers or ([anchor] if anchor is not None else []))
    return Claim(anchor, kind, 0.5, _offsets(frame.span, cue.trigger), cue=cue, ends=ends,
                 clause=None, text=frame.span.text, part=f"move:{cue.trigger[0]}")


def _split(frame: SentenceFrame, predicate: Predicate | None, kind: Kind, score: float,
           trigger: tuple[int, int] | None, places: Sequence[tuple[Mention, Place]],
           clause: tuple[int, int] | None = None, text: str | None = None) -> list[Claim]:
    """One claim, or one per place when the predicate's object coordinates places."""
    text = text if text is not None else frame.span.text
    head_at = predicate.head.idx if predicate is not None else 0
    targets = _coordinated_places(predicate, places) if predicate is not None else []
    if len(targets) < 2:
        return [Claim(predicate, kind, score, trigger, clause=clause, text=text,
                      part=f"{head_at}")]
    return [Claim(predicate, kind, score, trigger, target=token, clause=clause, text=text,
                  part=f"{head_at}:{token.idx}") for token in targets]


def _coordinated_places(predicate: Predicate, places: Sequence[tuple[Mention, Place]]
                        ) -> list["Token"]:
    """Objects of the predicate that list two or more distinct places."""
    def place_of(token: "Token") -> Place | None:
        return next((p for m, p in places if m.start <= token.idx < m.end), None)
    def placed(token: "Token") -> "Token":
        """"the town of Ariha": the place named by the "of" of a place noun."""
        if place_of(token) is not None:
            return token
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return pobj if pobj is not None and place_of(pobj) is not None else token

    # "took the town of Ariha in May and the city of Idlib in March": the second
    # object hangs, verb-less, on the verb itself
    gapped = [c for c in predicate.head.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    seen: set[int] = set()
    for token in predicate.objects:
        if token.i in seen:
            continue
        group = coordinated(token)
        if token.dep_ == "dobj" and token.head.i == predicate.head.i:
            group = group + [g for t in gapped for g in coordinated(t)]
        seen.update(t.i for t in group)
        found = [(placed(t), place_of(placed(t))) for t in group]
        named = [(t, p) for t, p in found if p is not None and p.precision in _SCENE_PRECISIONS]
        if len({p.name for _, p in named}) >= 2:
            return [t for t, _ in named]
    return []


def gapped_part(token: "Token") -> "Span | None":
    """The verb-less conjunct holding `token` ("... and the city of Idlib in
    March" of "took Ariha in May and the city of Idlib in March"), whose own
    date phrase dates that part; None when `token` is in no such conjunct."""
    for above in (token, *token.ancestors):
        if above.dep_ == "conj" and above.pos_ in ("NOUN", "PROPN") and above.head.pos_ in ("VERB", "AUX"):
            return above.doc[above.left_edge.i:above.right_edge.i + 1]
        if above.pos_ in ("VERB", "AUX"):
            return None
    return None


def _shared_subject(predicate: Predicate, clause_start: int) -> str:
    """The subject's words and a space, when the subject lies outside the clause."""
    subject = predicate.subject
    if subject is None or subject.idx >= clause_start:
        return ""
    words = subject.doc[subject.left_edge.i:subject.right_edge.i + 1]
    if any(t.i >= predicate.head.i for t in words) or len(words) > 12:
        return ""
    return words.text + " "


def _without_insert(guess: "event_type.EventTypeGuess | None", at: int, length: int
                    ) -> "event_type.EventTypeGuess | None":
    """The guess with its trigger back in the clause's own offsets (the clause
    was typed from offset `at` on, after a subject `length` characters long)."""
    if guess is None or not length or guess.trigger is None:
        return guess
    start, end = guess.trigger
    if start < length:                      # the trigger is the subject typed in
        return dataclasses.replace(guess, trigger=None)
    return dataclasses.replace(guess, trigger=(start - length + at, end - length + at))


def _new_place(predicate: Predicate, taken: Sequence[Claim],
               places: Sequence[tuple[Mention, Place]]) -> bool:
    """The predicate's objects name a place no claim taken so far names."""
    mine = _places_named(predicate, places)
    before = set().union(*(_places_named(c.predicate, places) for c in taken
                           if c.predicate is not None)) if taken else set()
    return bool(mine - before)


def _places_named(predicate: Predicate, places: Sequence[tuple[Mention, Place]]) -> set[str]:
    """The names of the places within the predicate's objects."""
    return {place.name for m, place in places for t in predicate.objects
            if t.left_edge.idx <= m.start < t.right_edge.idx + len(t.right_edge)}


def _hits_people(predicate: Predicate, places: Sequence[tuple[Mention, Place]]) -> bool:
    """The predicate has an object that is not a place ("executed its defenders")."""
    def is_place(token: "Token") -> bool:
        return any(m.start <= token.idx < m.end for m, _ in places)
    return any(t.pos_ in ("NOUN", "PROPN", "PRON", "NUM") and not is_place(t)
               for t in predicate.objects)


#: verbs that count the victims of an event told beside them
_CASUALTY_VERBS = frozenset(["kill", "wound", "injure", "hurt", "maim", "die"])


def _casualties_only(predicate: Predicate) -> bool:
    """A conjunct that only counts victims ("were killed", "50 wounded"):
    they are the casualties of the event conjoined to it, not another one.
    A killing someone does ("the army killed scores of militants") is an act."""
    head = predicate.head
    counts = (head.lemma_.lower() or head.lower_) in _CASUALTY_VERBS \
        or head.lower_ in ("killed", "wounded", "injured", "hurt", "died")
    return counts and not any(c.dep_ in ("nsubj", "agent") for c in head.children)


def _clause(predicate: Predicate) -> tuple[int, int, str]:
    """The predicate's own words: its subtree without the clauses conjoined to it."""
    head = predicate.head
    skip = {t.i for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
            for t in c.subtree} | {c.i for c in head.children if c.dep_ == "cc"}
    words = [t for t in head.subtree if t.i not in skip]
    if not words:
        return head.idx, head.idx + len(head), head.text
    text = "".join(t.text_with_ws for t in words).strip()
    return words[0].idx, words[-1].idx + len(words[-1]), text


def _conjunct_inputs(others: list[Predicate]) -> list[tuple[int, str, str]]:
    """(where the clause is typed from, the shared subject typed before it, the
    text typed) of each predicate in `others`."""
    inputs: list[tuple[int, str, str]] = []
    for predicate in others:
        start, _, text = _clause(predicate)
        # "..., and on the following day took B": the conjunct is typed with the
        # subject it shares (a clause with no one doing it is typed as nothing),
        # from the verb on, after the subject: "The Nusra Front took B"
        at, words = predicate.head.idx - start, _shared_subject(predicate, start)
        inputs.append((at, words, words + text[at:] if words else text))
    return inputs


def _conjunct_claims(frame: SentenceFrame, others: list[Predicate], taken: list[Claim],
                     places: Sequence[tuple[Mention, Place]], typed: Typed | None = None
                     ) -> list[Claim]:
    if not others:
        return []
    clauses = [_clause(p) for p in others]
    inputs = _conjunct_inputs(others)
    texts = [text for _, _, text in inputs]
    missing = [t for t in texts if typed is None or t not in typed]
    known = {**(typed or {}), **dict(zip(missing, event_type.classify_many(missing)))} \
        if missing else typed or {}
    guesses = [_without_insert(known[text], at, len(words)) for at, words, text in inputs]
    codes = {c.kind[1] for c in taken}
    takeover = any(c.kind[1] in _TAKEOVERS for c in taken)
    out: list[Claim] = []
    for predicate, (start, end, text), guess in zip(others, clauses, guesses):
        if guess is None or not event_type.is_political_violence(guess):
            continue
        if guess.sub_event_type in codes and not _new_place(predicate, taken + out, places):
            continue            # "seized and took control of Y"; not "seized A and took B"
        if takeover and guess.sub_event_type in _FIGHTING and not _hits_people(predicate, places):
            continue            # "attacked and took control of Y": one takeover, not two events
        if not takeover and taken and _casualties_only(predicate) \
                and not _new_place(predicate, taken + out, places):
            continue            # "12 were killed and 40 wounded in air strikes": one strike
        codes.add(guess.sub_event_type)
        trigger = None if guess.trigger is None else (start + guess.trigger[0], start + guess.trigger[1])
        out.extend(_split(frame, predicate, _guess_kind(guess), guess.score, trigger, places,
                          clause=(start, end), text=text))
    return out


__all__ = ["Claim", "claims_of", "conjunct_texts", "MOVEMENT_TYPES", "Typed", "lemma"]
