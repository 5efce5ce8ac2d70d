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

from bisect import bisect_left, insort
from dataclasses import replace
from typing import Any

from tocsin.extract.doctext import doc_text
from tocsin.extract.actors.data import tables, tokens
from tocsin.extract.actors.resolver import GENERIC, NAMED, ActorResolver, noun_group
from tocsin.models import Actor, Mention

Found = list[tuple[Actor, Mention]]

UNIDENTIFIED = "Unidentified Armed Group"
_NON_STATE = frozenset(["jihadist", "rebel", "militia"])
#: which named kinds a generic noun group may stand for, by the group's label
_COMPATIBLE = {
    "Militants": _NON_STATE, "Jihadists": frozenset(["jihadist"]),
    "Rebels": frozenset(["rebel"]), "Militias": frozenset(["militia"]),
    "Groups": _NON_STATE, UNIDENTIFIED: _NON_STATE,
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
#: how far back (characters) the named group may be for a subject "they" to be it:
#: about two sentences, with no other armed group named in between
_PRONOUN_REACH = 300


class ActorMemory:
    """The named armed actors of one document, in reading order."""

    def __init__(self, named: list[tuple[int, Actor]]) -> None:
        self._named = sorted(named, key=lambda item: item[0])
        self._starts = [start for start, _ in self._named]

    @classmethod
    def of(cls, resolver: ActorResolver, doc: Any, title: str | None = None) -> "ActorMemory":
        """Named actors of a parsed document (and its title, read first)."""
        named: list[tuple[int, Actor]] = []
        if title:
            for actor in _named_in(resolver, title):
                named.append((-1, actor))
        for span in resolver.alias_spans(doc[:]):
            actor = resolver.resolve_detail(span.text).actor
            if actor.known and actor.kind in _NON_STATE:
                named.append((span.start_char, actor))
        named.extend(_unknown_armed_groups(resolver, doc))
        return cls(named)

    def antecedent(self, before: int, kinds: frozenset[str]) -> Actor | None:
        """The latest named actor of one of `kinds` mentioned before char `before`."""
        for i in range(bisect_left(self._starts, before) - 1, -1, -1):
            actor = self._named[i][1]
            if actor.kind in kinds:
                return actor
        return None

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
        out = [self._resolved(actor, mention) for actor, mention in found]
        for actor, mention in _collectives(span, found):
            resolved = self._resolved(actor, mention)
            if resolved[1].label == NAMED:          # "the group" names someone we know
                out.append(resolved)
        out.extend(self._pronouns(span, out))
        for actor, mention in found:
            if not actor.known and actor.kind in _NON_STATE and mention.label != GENERIC:
                self.remember(mention.start, replace(actor, text=actor.name))
        return sorted(out, key=lambda item: item[1].start)

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
            if actor.kind not in _NON_STATE or _other_plural_between(span.doc, self._starts[i], token):
                continue
            out.append((replace(actor, text=token.text),
                        Mention(token.text, token.idx, token.idx + len(token), NAMED)))
        return out

    def _resolved(self, actor: Actor, mention: Mention) -> tuple[Actor, Mention]:
        if mention.label != GENERIC:
            return actor, mention
        words = [w.lower() for w in tokens(mention.text)]
        label = actor.name.split(" (")[0]
        first = words[0] if words else ""
        possessive = first in _POSSESSIVE and len(words) == 2 and words[1] in _MEMBERS
        definite = first in _DEFINITE or (len(words) == 1 and label in ("Militants", "Jihadists"))
        kinds = _NON_STATE | frozenset(["state_military"]) if possessive else _COMPATIBLE.get(label)
        if kinds is None or not (possessive or definite):
            return actor, mention
        found = self.antecedent(mention.start, kinds)
        if found is not None:
            return replace(found, text=actor.text), replace(mention, label=NAMED)
        if label in _FACELESS:
            return _unidentified(actor), mention
        return actor, mention


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
            if actor.known and actor.kind in _NON_STATE:
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
    return replace(actor, name=name, kind=actor.kind if actor.kind in _NON_STATE else "other")
