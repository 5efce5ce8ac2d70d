"""Who "the group" is: a document's memory of the armed actors it has named.

News names a group once and then refers back to it: "the group", "the
militants", "its fighters", "the jihadists", "the organisation".  `ActorMemory`
holds the named actors of one document in reading order (found once, with the
alias matcher over the whole text and the title) and resolves such phrases to
the most recent named actor of a compatible kind: "the jihadists" can only be
a jihadist group, "the rebels" a rebel one, "the militants" or "the group" any
non-state armed group, "its fighters" or "its men" the armed actor "its"
refers to.  A phrase with no compatible antecedent becomes ACLED's
"Unidentified Armed Group (Country)".

Coreference of real-world events then sees one actor: a takeover reported
under "ISIS" in one article and "the militants" in another is one event.
"""
from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from tocsin.extract.doctext import doc_text
from tocsin.extract.actors.data import tables, tokens
from tocsin.extract.actors.resolver import (
    GENERIC, NAMED, ActorResolver, noun_group, owned, state_forces,
)
from tocsin.models import NON_STATE_KINDS, Actor, Mention

Found = list[tuple[Actor, Mention]]

UNIDENTIFIED = "Unidentified Armed Group"
#: which named kinds a generic noun group may stand for, by the group's label
_COMPATIBLE = {
    "Militants": NON_STATE_KINDS, "Jihadists": frozenset(["jihadist"]),
    "Rebels": frozenset(["rebel"]), "Militias": frozenset(["militia"]),
    "Groups": NON_STATE_KINDS, UNIDENTIFIED: NON_STATE_KINDS,
}
#: labels of generic armed men that have no name of their own
_FACELESS = frozenset(["Militants", "Jihadists", "Groups", UNIDENTIFIED])
_DEFINITE = frozenset(["the", "these", "those", "this", "that"])
_POSSESSIVE = frozenset(["its", "their", "his", "her"])
#: "its men", "their forces": members of whoever "its" is
_MEMBERS = frozenset(["fighters", "men", "militants", "forces", "troops", "units", "members",
                      "gunmen", "jihadists", "ranks", "convoys", "columns", "commanders"])
#: bare collective nouns a definite article makes anaphoric ("the group")
_COLLECTIVE = frozenset(["group", "organisation", "organization", "movement", "faction"])
#: last words of the names of armed groups
_ARMED_NAME_HEADS = frozenset("""front army brigade brigades battalion battalions militia militias
legion guard guards movement forces force""".split())
#: nouns whose modifier names another group than the one meant: "the al Qaeda
#: offshoot" is not al-Qaeda, "ISIS rivals" are not ISIS
_RELATION_NOUNS = frozenset("""offshoot offshoots affiliate affiliates branch branches splinter
splinters ally allies rival rivals enemy enemies foe foes opponent opponents wing franchise
successor successors spinoff spin-off breakaway""".split())
#: bare plural nouns of armed men that a definite article makes anaphoric:
#: "the forces" after "the Syrian Democratic Forces" are those forces, not the
#: army of the country the sentence is placed in
_BARE_ARMED = frozenset(["forces", "troops", "soldiers", "units"])
#: actor kinds "the forces" may refer back to
_ARMED = NON_STATE_KINDS | frozenset(["state_military"])
#: speakers whose "its forces", "its aircraft" are the state's armed forces
_STATE_OWNERS = frozenset(["government", "police"])
#: how far back (characters) the named group may be for a subject "they" to be it:
#: about two sentences, with no other armed group named in between
_PRONOUN_REACH = 300


#: an acronym in brackets right after a name: "the Rapid Support Forces (RSF)"
_DEFINED_ACRONYM = re.compile(r"\s*\(([A-Z][A-Z0-9-]{1,7})\)")


class ActorMemory:
    """The named armed actors of one document, in reading order."""

    def __init__(self, named: list[tuple[int, Actor]],
                 states: list[tuple[int, Actor]] | None = None) -> None:
        self._named = sorted(named, key=lambda item: item[0])
        self._starts = [start for start, _ in self._named]
        # named state forces ("the Syrian army"), kept apart: only "the forces"
        # and "the troops" may refer back to them
        self._states = sorted(states or [], key=lambda item: item[0])
        # "the Rapid Support Forces (RSF)": the acronym a document defines for a
        # group, so that a later "RSF fighters" is that group, not a new one
        self._acronyms: dict[str, Actor] = {}
        #: where each named actor's sentence starts, and which were its subject:
        #: "ISWAP split from Boko Haram in 2016 ... Its fighters raised their flag" -
        #: "its" is the sentence's subject, ISWAP, not the later-named Boko Haram
        self._sentence_of: dict[int, int] = {}
        self._subjects: set[int] = set()
        #: coalitions the document names with a qualifier ("the Saudi-led coalition",
        #: "the JNIM coalition"), by position: a later bare "the coalition" is the
        #: latest of them, not the US-led one the tables default to
        self._coalitions: list[tuple[int, Actor]] = []

    def _note_roles(self, span: Any) -> None:
        self._sentence_of[span.start_char] = span.sent.start_char
        if span.root.dep_ in ("nsubj", "nsubjpass") or (
                span.root.dep_ == "pobj" and span.root.head.head.dep_ in ("nsubj", "nsubjpass")):
            self._subjects.add(span.start_char)     # "ISWAP", "Fighters of ISWAP"

    @classmethod
    def of(cls, resolver: ActorResolver, doc: Any, title: str | None = None) -> "ActorMemory":
        """Named actors of a parsed document (and its title, read first)."""
        named: list[tuple[int, Actor]] = []
        states: list[tuple[int, Actor]] = []
        if title:
            for actor in _named_in(resolver, title):
                named.append((-1, actor))
        spans = list(resolver.alias_spans(doc[:]))
        for span in spans:
            if _of_relation(span) or (_definite_description(span) and any(
                    s < span.start_char and a.kind in NON_STATE_KINDS for s, a in named)):
                continue        # it names no new actor: the one named before, or another
            actor = resolver.resolve_detail(span.text).actor
            if actor.known and actor.kind in NON_STATE_KINDS:
                named.append((span.start_char, actor))
            elif actor.known and actor.kind == "state_military":
                states.append((span.start_char, actor))
        named.extend(_unknown_armed_groups(resolver, doc))
        memory = cls(named, states)
        if doc.has_annotation("DEP"):
            for span in spans:
                memory._note_roles(span)
            memory._coalitions = _qualified_coalitions(resolver, doc)
        return memory

    def coalition(self, before: int) -> Actor | None:
        """The coalition a bare "the coalition" at char `before` refers back to:
        the latest one named with a qualifier, if the document named one."""
        earlier = [actor for start, actor in self._coalitions if start < before]
        return earlier[-1] if earlier else None

    def antecedent(self, before: int, kinds: frozenset[str]) -> Actor | None:
        """The latest named actor of one of `kinds` mentioned before char `before`;
        of several in that actor's sentence, the sentence's subject."""
        for i in range(bisect_left(self._starts, before) - 1, -1, -1):
            start, actor = self._named[i]
            if actor.kind not in kinds:
                continue
            sentence = self._sentence_of.get(start)
            if sentence is None or start in self._subjects:
                return actor
            for j in range(i - 1, -1, -1):
                other_start, other = self._named[j]
                if self._sentence_of.get(other_start) != sentence:
                    break
                if other_start in self._subjects and other.kind in kinds:
                    return other
            return actor
        return None

    def _forces(self, before: int, noun: str) -> Actor | None:
        """Whom "the forces" (or "the troops") before char `before` refers back to:
        the latest armed actor whose name ends in that noun ("the Syrian
        Democratic Forces"), else the latest named state force ("the Syrian
        army"), else no one."""
        candidates = sorted(((s, a) for s, a in self._named + self._states
                             if s < before and a.kind in _ARMED), key=lambda item: item[0])
        stem = noun.rstrip("s")
        for _, actor in reversed(candidates):
            if actor.name.split()[-1].lower().rstrip("s") == stem:
                return actor
        states = [a for s, a in self._states if s < before]
        return states[-1] if states else None

    def remember(self, start: int, actor: Actor) -> None:
        """Add an armed group the dictionary does not know ("the Kivu Patriotic
        Front", "KLF militants"), found while reading, as a later antecedent."""
        if (start, actor) in self._named:
            return
        insort(self._named, (start, actor), key=lambda item: item[0])
        self._starts = [s for s, _ in self._named]

    def resolve(self, span: Any, found: Found) -> Found:
        """`found` with anaphoric generic actors replaced by their antecedent
        (or the unidentified armed group), plus "the group"-style phrases the
        actor finder does not keep, and a subject "they" that follows a named
        armed group closely ("Weeks later they captured Jisr al-Shughur").
        Call it on the sentences of a document in reading order."""
        text = doc_text(span.doc)
        found = _named_by_acronym(text, found)
        for actor, mention in found:
            defined = _DEFINED_ACRONYM.match(text, mention.end)
            if defined and actor.kind in _ARMED and actor.name != defined.group(1):
                self._acronyms.setdefault(defined.group(1), actor)
        found = [(self._acronyms[a.name], m) if not a.known and a.name in self._acronyms
                 and m.text.split()[0] == a.name else (a, m) for a, m in found]
        found = [(self._coalition_meant(actor, mention), mention) for actor, mention in found]
        out = [self._resolved(actor, mention, [a for a, m in found if m.end <= mention.start])
               for actor, mention in found]
        for actor, mention in _collectives(span, found):
            resolved = self._resolved(actor, mention)
            if resolved[1].label == NAMED:          # "the group" names someone we know
                out.append(resolved)
        out.extend(self._pronouns(span, out))
        for actor, mention in found:
            if not actor.known and actor.kind in NON_STATE_KINDS and mention.label != GENERIC:
                self.remember(mention.start, replace(actor, text=actor.name))
        return sorted(out, key=lambda item: item[1].start)

    def _coalition_meant(self, actor: Actor, mention: Mention) -> Actor:
        if actor.name != US_LED or not bare_coalition(mention.text):
            return actor
        meant = self.coalition(mention.start)
        return replace(meant, text=actor.text) if meant is not None else actor

    def _pronouns(self, span: Any, found: Found) -> Found:
        taken = [(m.start, m.end) for _, m in found]
        out: Found = []
        for token in span:
            if token.lower_ != "they" or token.dep_ != "nsubj" or token.head.pos_ != "VERB" \
                    or any(s <= token.idx < e for s, e in taken):
                continue
            i = bisect_left(self._starts, token.idx) - 1
            if i < 0 or token.idx - self._starts[i] > _PRONOUN_REACH:
                continue
            actor = self._named[i][1]
            if actor.kind not in NON_STATE_KINDS or _other_plural_between(span.doc, self._starts[i], token):
                continue
            out.append((replace(actor, text=token.text),
                        Mention(token.text, token.idx, token.idx + len(token), NAMED)))
        return out

    def _resolved(self, actor: Actor, mention: Mention, earlier: Sequence[Actor] = ()
                  ) -> tuple[Actor, Mention]:
        """`earlier`: the actors found before the mention in its own sentence."""
        if mention.label != GENERIC:
            return actor, mention
        words = [w.lower() for w in tokens(mention.text)]
        label = actor.name.split(" (")[0]
        first = words[0] if words else ""
        if first in _DEFINITE and len(words) == 2 and words[1] in _BARE_ARMED:
            meant = self._forces(mention.start, words[1])
            if meant is not None:
                return replace(meant, text=actor.text), replace(mention, label=NAMED)
            return _faceless_forces(actor), mention
        arms = owned(mention.text)
        possessive = first in _POSSESSIVE and len(words) == 2 and (words[1] in _MEMBERS or arms)
        definite = first in _DEFINITE or (len(words) == 1 and label in ("Militants", "Jihadists"))
        kinds = _ARMED if possessive else _COMPATIBLE.get(label)
        if kinds is None or not (possessive or definite):
            return actor, mention
        # "The army said its units had repositioned": whose units is the nearest armed
        # actor before "its" in the sentence (here the speaker), before any earlier one;
        # a government's ("the ministry said its aircraft struck") are its armed forces
        near = [a for a in earlier if a.known and (a.kind in kinds or a.kind in _STATE_OWNERS)] \
            if possessive else []
        if near and near[-1].kind in _STATE_OWNERS:
            owner = near[-1].country or actor.country
            forces = state_forces(actor.text, owner) if owner else actor
            return forces, replace(mention, label=NAMED) if forces is not actor else mention
        if near:
            return replace(near[-1], text=actor.text), replace(mention, label=NAMED)
        found = self.antecedent(mention.start, kinds)
        if found is not None:
            return replace(found, text=actor.text), replace(mention, label=NAMED)
        if label in _FACELESS:
            return _unidentified(actor), mention
        if arms:                    # "their drones" of no one named: whose is unknown
            return _faceless_forces(actor), mention
        return actor, mention


#: the tables' default for a bare "coalition"
US_LED = "US-led coalition"
#: "the coalition", "coalition aircraft": the word with no qualifier before it
_BARE_COALITION = re.compile(r"(?i)^(?:the\s+|a\s+)?coalition(?:['’]s)?\b")
#: modifiers that make a "coalition" token qualified ("Saudi-led", "JNIM")
_QUALIFIERS = frozenset(["compound", "amod", "nmod", "npadvmod"])


def bare_coalition(text: str) -> bool:
    """"the coalition said", "coalition jets": no word says whose coalition."""
    return bool(_BARE_COALITION.match(text.strip()))


def _qualified_coalitions(resolver: ActorResolver, doc: Any) -> list[tuple[int, Actor]]:
    """Coalitions named with a qualifier ("the Saudi-led coalition", "the JNIM
    coalition", "the Viv Ansanm coalition") that the tables resolve to someone
    other than the US-led coalition.  A capitalised "Coalition" is the proper
    name of a political body ("the Syrian National Coalition") and is left out:
    news does not refer back to it as "the coalition" that strikes."""
    # the tables' own qualified names ("Saudi-led coalition", which the parser
    # often splits), then a qualifier the parse attaches ("the JNIM coalition")
    starts = {span.end - 1: span.start for span in resolver.alias_spans(doc[:])
              if len(span) > 1 and span[-1].text == "coalition" and not bare_coalition(span.text)}
    out = []
    for token in doc:
        if token.text != "coalition":
            continue
        modifiers = [c for c in token.lefts if c.dep_ in _QUALIFIERS]
        start = starts.get(token.i, min((c.left_edge.i for c in modifiers), default=token.i))
        if start == token.i:
            continue
        actor = resolver.resolve_detail(doc[start:token.i + 1].text).actor
        if actor.name != US_LED and actor.kind != "other":
            out.append((doc[start].idx, actor))
    return out


#: words between a phrase and the name it is given: "the insurgents, known locally
#: as al-Shabaab", "gunmen calling themselves the Kivu Front", "a militia dubbed X"
_GIVEN_NAME = re.compile(r"\s*,?\s*(?:(?:who\s+are\s+|also\s+|locally\s+|widely\s+|commonly\s+)*"
                         r"(?:known|referred\s+to)\s+(?:locally\s+|here\s+)?as|dubbed|"
                         r"(?:who\s+)?call(?:s|ing)?\s+(?:themselves|itself))\s+$")


def _named_by_acronym(text: str, found: Found) -> Found:
    """"the National Liberation Army (ELN)": a name the tables do not know,
    followed by the acronym of one they do, is that actor; the acronym is the
    same mention, not a second party.  Likewise "the insurgents, known locally
    as al-Shabaab": a generic or unknown phrase followed by the name it goes by."""
    out: Found = []
    skip: set[int] = set()
    for i, (actor, mention) in enumerate(found):
        if i in skip:
            continue
        following = found[i + 1] if i + 1 < len(found) else None
        if following is not None and following[0].known and following[1].label != GENERIC \
                and (not actor.known or mention.label == GENERIC):
            defined = _DEFINED_ACRONYM.match(text, mention.end)
            acronym = defined is not None and not actor.known \
                and following[1].text == defined.group(1)
            given = _GIVEN_NAME.fullmatch(text, mention.end, following[1].start) is not None
            if acronym or given:
                out.append((replace(following[0], text=actor.text), replace(mention, label=NAMED)))
                skip.add(i + 1)
                continue
        out.append((actor, mention))
    return out


def faceless(actor: Actor) -> bool:
    """Generic armed men with no name of their own ("Militants (Mozambique)",
    "Unidentified Armed Group (Iraq)"): they may be any named armed group."""
    return actor.kind in NON_STATE_KINDS and actor.name.split(" (")[0] in _FACELESS


def _of_relation(span: Any) -> bool:
    """An alias match that modifies a noun of relation: "the al Qaeda offshoot"
    is not al-Qaeda."""
    root = span.root
    return root.dep_ in ("compound", "amod", "nmod", "poss") and root.head.i >= span.end \
        and root.head.lower_ in _RELATION_NOUNS


def _definite_description(span: Any) -> bool:
    """An alias match that is a definite description ("The hardline Sunni
    militants"): after a group was named, it refers back to that group rather
    than to the one its words suggest."""
    last = span[-1]
    if not last.text.isalpha() or not last.text.islower():
        return False                # ends in a name ("the Islamic State"): it names
    i = span.start - 1
    # the article, then at most two lower-case words
    while i >= span.start - 3 and i >= 0 and span.doc[i].text.isalpha() \
            and span.doc[i].text.islower() and span.doc[i].lower_ not in _DEFINITE:
        i -= 1
    return i >= 0 and span.doc[i].lower_ in _DEFINITE


def _faceless_forces(actor: Actor) -> Actor:
    """"the forces" that refer back to no one named: the generic label with the
    country the sentence was read in ("Military forces (Syria)"), not that
    country's army, which would be a guess."""
    from tocsin.extract.actors.resolver import noun_group

    group = noun_group("forces")
    label = group.label if group is not None else "Military forces"
    where = tables().country_names.get(actor.country or "", actor.country) if actor.country else None
    return replace(actor, name=f"{label} ({where})" if where else label)


def _other_plural_between(doc: Any, start: int, pronoun: Any) -> bool:
    """"ISIS seized Ariha. Residents said they fled": a plural subject named
    after the group is a nearer antecedent for "they"."""
    for i in range(pronoun.i - 1, -1, -1):         # back to the group, at most ~300 characters
        token = doc[i]
        if token.idx <= start:
            break
        if token.dep_ in ("nsubj", "nsubjpass") and token.tag_ in ("NNS", "NNPS") \
                and not any(c.dep_ in ("prep",) and c.lower_ == "of" for c in token.children):
            return True
    return False


def _unknown_armed_groups(resolver: ActorResolver, doc: Any) -> list[tuple[int, Actor]]:
    """Armed groups the dictionary does not know, named as such: an
    organisation whose name ends in a word of armed groups ("the Kivu
    Patriotic Front", "the Northern Hawks Brigade")."""
    from tocsin.extract.actors.find import entities, is_proper_text

    out = []
    for ent in entities(doc[:]):
        words = ent.text.split()
        if ent.label_ != "ORG" or len(words) < 2 or words[-1].lower() not in _ARMED_NAME_HEADS \
                or not is_proper_text(ent.text):
            continue
        detail = resolver.resolve_detail(ent.text)
        if detail.actor.known:
            continue
        name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        out.append((ent.start_char, Actor(name, name, "rebel", detail.actor.country, known=False)))
    return out


def _named_in(resolver: ActorResolver, text: str) -> list[Actor]:
    from tocsin.extract.actors.resolver import scan

    out = []
    for match in scan(tokens(text)):
        if match.source == NAMED:
            actor = resolver.resolve_detail(" ".join(tokens(text)[match.start:match.end])).actor
            if actor.known and actor.kind in NON_STATE_KINDS:
                out.append(actor)
    return out


def _collectives(span: Any, found: Found) -> Found:
    """"the group", "the organisation": noun phrases the finder drops as
    naming no one, kept here so the memory can say whom they name."""
    taken = [(m.start, m.end) for _, m in found]
    out: Found = []
    for token in span:
        if token.lower_ not in _COLLECTIVE or token.pos_ != "NOUN":
            continue
        det = next((c for c in token.children if c.dep_ in ("det", "poss")), None)
        if det is None or det.lower_ not in _DEFINITE | {"its"} or any(
                c.dep_ in ("amod", "compound") for c in token.children):
            continue
        start, end = det.idx, token.idx + len(token)
        if any(s < end and start < e for s, e in taken):
            continue
        group = noun_group(token.lower_)
        if group is None:
            continue
        text = doc_text(span.doc)[start:end]
        out.append((Actor(text, group.label, group.kind, None, known=True),
                    Mention(text, start, end, GENERIC)))
    return out


def _unidentified(actor: Actor) -> Actor:
    """ACLED's name for an armed group nobody named: "Unidentified Armed Group (Iraq)"."""
    where = tables().country_names.get(actor.country or "", actor.country) if actor.country else None
    name = f"{UNIDENTIFIED} ({where})" if where else UNIDENTIFIED
    return replace(actor, name=name, kind=actor.kind if actor.kind in NON_STATE_KINDS else "other")
