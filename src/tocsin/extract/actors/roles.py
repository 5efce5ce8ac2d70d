"""Who did what to whom: pick actor1 (agent) and actor2 (target) in a sentence.

The agent is the subject of the main event verb, the "by X" phrase of a
passive, the attacker named in an attack noun ("killed in regime air
strikes") or whoever holds the place in a control phrase ("fell to X",
"under the control of X").  The target is the passive subject, the object,
or the object of "against / on / at / with / to ...".

A reporting verb ("said", "reported") is not the event: we descend into its
clause, and whoever speaks (the subject of a reporting verb, the object of
"according to") is a source, never actor1 or actor2 of the reported event.
A passive with no agent ("12 people were killed") has no actor1: the victims
are not the perpetrators.  Only an active sentence whose parse gives nothing
usable falls back to text order.

The parser's lemmatizer may be disabled (the pipeline runs without it), so
verbs are recognised by their written forms.
"""
from __future__ import annotations

import re
from typing import Any

from tocsin.extract.claims import attribution
from tocsin.extract.actors.resolver import COUNTRY
from tocsin.models import Actor, Mention

Found = list[tuple[Actor, Mention]]
Item = tuple[Actor, Mention]

_REPORTING = {lemma: lemma for lemma in """say tell report announce state add claim confirm
write note explain believe think reveal estimate document quote cite allege insist deny""".split()}
_REPORTING.update({form: lemma for lemma, forms in {
    "say": "says said saying", "deny": "denies denied denying", "tell": "tells told telling", "report": "reports reported reporting",
    "announce": "announces announced announcing", "state": "states stated", "add": "adds added",
    "claim": "claims claimed claiming", "confirm": "confirms confirmed", "write": "writes wrote written",
    "note": "notes noted", "explain": "explains explained", "believe": "believes believed",
    "think": "thinks thought", "reveal": "reveals revealed", "estimate": "estimates estimated",
    "document": "documents documented", "quote": "quotes quoted", "cite": "cites cited",
    "allege": "alleges alleged", "insist": "insists insisted"}.items() for form in forms.split()})
#: "X said Y must leave" is X's demand: a deontic modal keeps the speaker as the agent.
_DEMAND_MODALS = frozenset(["must", "should", "ought"])
_SUBJECTS = frozenset(["nsubj", "csubj", "expl"])
_OBJECTS = frozenset(["dobj", "dative", "attr", "oprd", "obj"])
_TARGET_PREPS = frozenset("""against on upon at with to toward towards into over onto
targeting between""".split())
_LOCATIVE = frozenset("""in at near from inside outside across around throughout within into
through along""".split())
_CLAUSES = frozenset(["xcomp", "ccomp", "conj", "advcl"])
#: Prepositions that introduce the attack a passive's victims died in.
_INSTRUMENT = frozenset(["in", "by", "during", "amid", "after", "under"])
#: "fell to the militants", "lost to ISIS": the object of "to" took the place.
_FALL = frozenset("fall falls fell fallen falling".split())
#: "under the control of X", "in the hands of X".
_CONTROL = frozenset(["control", "hands", "grip", "command", "hold"])
#: "died in clashes with X": intransitive deaths, whose subject is a victim.
_DIE = frozenset("die dies died dying perish perishes perished perishing".split())
#: "clashes with regime troops": the other side of a fight the victims died in.
_FIGHTS = frozenset("""clash clashes fighting fight fights battle battles confrontation
confrontations skirmish skirmishes""".split())
#: "residents blamed the coalition for the strikes": the blamed did it.
_BLAME = frozenset("""blame blames blamed blaming accuse accuses accused accusing""".split())
_SUBORDINATORS = frozenset(["after", "before", "as", "when", "while", "because", "since", "until"])
_WHEN = frozenset(["when", "as", "after"])
_COPULA = frozenset(["is", "are", "was", "were", "be", "been"])
_COREFERENT = frozenset(["it", "they", "we", "he", "she"])
_OWN = frozenset(["its", "their", "his", "her", "our", "whose"])
_ATTRIBUTION_MAX_WORDS = 8


def lemma(token: Any) -> str:
    """The lemma, or for a reporting verb its base form when no lemmatizer ran."""
    return token.lemma_.lower() or _REPORTING.get(token.lower_, token.lower_)


def is_reporting(token: Any) -> bool:
    return token.pos_ in ("VERB", "AUX") and lemma(token) in _REPORTING


def pick_roles(span: Any, found: Found, hint: str | None = None, agent_text: str | None = None
               ) -> tuple[Actor | None, Actor | None]:
    """`agent_text`: a phrase another stage read as the agent (a movement
    cue's subject); used only when the parse names none, and only where it
    covers an actor found here."""
    if not found:
        return None, None
    verb, speech = main_verb_and_speech(span)
    sources = _speaker_items(span, found, verb)
    pool = [item for item in found if not any(item is s for s in sources)]
    agent = _agent(verb, pool)
    if agent is None and speech is not None:
        agent = _coreferent_speaker(verb, speech, found)
    if agent is None:
        agent = _agent_text(span, pool, agent_text) or _nominal_agent(span, pool) \
            or _clause_agent(span, pool)
    target = _target(verb, pool, agent)
    if agent is None and not _victim_subject(verb) and verb.lower_ not in _COPULA:
        agent = _first(pool, exclude=target)
    if target is None and agent is not None:
        later = [f for f in pool if f[1].start > agent[1].start and not _possessed(f)]
        target = _first(later, exclude=agent)
    if agent is not None and target is not None and agent[0].name == target[0].name:
        target = None               # "troops struck with artillery": one side, not two
    return (agent[0] if agent else None), (target[0] if target else None)


def main_verb(span: Any) -> Any:
    return main_verb_and_speech(span)[0]


def main_verb_and_speech(span: Any) -> tuple[Any, Any]:
    """The event verb, and the reporting verb it was reported by (or None):
    the root, or the event inside a reporting clause ("X said Y attacked Z")."""
    verb, speech = span.root, None
    for _ in range(3):
        if not is_reporting(verb):
            break
        inner = [c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "parataxis")]
        if not inner or any(c.lower_ in _DEMAND_MODALS for c in inner[0].children):
            break
        if lemma(verb) != "tell" and any(c.dep_ == "dobj" for c in verb.children):
            break                   # "Italy announced a suspension ...": the announcement is the event
        verb, speech = _main_clause(inner[0]), verb
    return verb, speech


def _main_clause(verb: Any) -> Any:
    """"X seized Mosul after soldiers fled, officials said" is sometimes parsed
    with the "after" clause on top: the event is the clause it governs."""
    if not any(c.dep_ == "mark" and c.lower_ in _SUBORDINATORS for c in verb.children):
        return verb
    governed = [c for c in verb.children if c.dep_ in ("ccomp", "advcl") and c.i < verb.i]
    return governed[0] if governed else verb


def _speaker_items(span: Any, found: Found, event_verb: Any) -> list[Item]:
    """Actors that are the sources of the sentence, not its participants."""
    tokens: set[int] = set()
    for token in span:
        if token.i != event_verb.i and is_reporting(token):
            for child in token.children:
                # Not nsubjpass: in "X were reported to have fled", X fled.
                if child.dep_ == "nsubj" or (child.dep_ == "dobj" and lemma(token) == "tell"):
                    tokens.update(t.i for t in child.subtree)
        if token.lower_ == "according" and token.i + 1 < len(token.doc):
            for pobj in (c for c in token.doc[token.i + 1].children if c.dep_ == "pobj"):
                tokens.update(t.i for t in pobj.subtree)
        if token.lower_ in ("citing", "quoting"):
            tokens.update(t.i for c in token.children if c.dep_ == "dobj" for t in c.subtree)
    spoken = _attribution_range(span)
    speaking = _speech_event_subject(event_verb, found)
    out = []
    for item in found:
        first = _token_at(span, item[1].start)
        inside = first is not None and first.i in tokens
        if inside or (spoken and spoken[0] <= item[1].start and item[1].end <= spoken[1]
                      and item is not speaking):
            out.append(item)
    return out


def _speech_event_subject(verb: Any, found: Found) -> Item | None:
    """The event verb's own subject, even inside an attribution phrase:
    "Italy announced a suspension of flights", "Damascus accused Ankara",
    "Russia said Sudan must return the helicopter" are speech acts that are
    themselves the event (we did not descend into a reported clause); in
    "X were reported to have fled", X is the subject of "fled"."""
    subject = _own_subject(verb)
    if subject is None and verb.dep_ == "xcomp":
        subject = next((c for c in verb.head.children if c.dep_ == "nsubjpass"), None)
    return _holder(subject, found) if subject is not None else None


def _attribution_range(span: Any) -> tuple[int, int] | None:
    """Doc char range of a short attribution phrase found in the text ("activists said")."""
    said = attribution.find(span.text)
    if said is None or not said.text or len(said.text.split()) > _ATTRIBUTION_MAX_WORDS:
        return None
    at = span.text.find(said.text)
    if at < 0:
        return None
    return span.start_char + at, span.start_char + at + len(said.text)


def _token_at(span: Any, char: int) -> Any:
    for token in span:
        if token.idx <= char < token.idx + max(len(token), 1):
            return token
    return None


def _coreferent_speaker(verb: Any, speech: Any, found: Found) -> Item | None:
    """"The army said it had killed 30 militants": the pronoun is the speaker."""
    subject = _own_subject(verb)
    if subject is None or subject.lower_ not in _COREFERENT:
        return None
    speaker = next((c for c in speech.children if c.dep_ == "nsubj"), None)
    return _holder(speaker, found) if speaker is not None else None


def _holder(token: Any, found: Found) -> Item | None:
    """The actor whose mention covers `token`, or the first one in its subtree."""
    for item in found:
        if item[1].start <= token.idx < item[1].end:
            return item
    left, right = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    inside = [item for item in found if left <= item[1].start and item[1].end <= right]
    return inside[0] if inside else None


def _covering(token: Any, found: Found) -> Item | None:
    return next((item for item in found if item[1].start <= token.idx < item[1].end), None)


def _agent(verb: Any, found: Found) -> Item | None:
    if verb.lower_ in _COPULA:          # "Ten children were among those killed when ..."
        return None
    for child in verb.children:
        if child.dep_ == "agent":
            hit = _by_object(child, found)
            if hit is not None:
                return hit
    control = _control_agent(verb, found)
    if control is not None:
        return control
    if _victim_subject(verb):
        return _instrument_agent(verb, found)
    blamed = _blamed(verb, found)
    if blamed is not None:
        return blamed
    subject = _subject(verb)
    if subject is None:
        return None
    by = next((c for c in subject.children if c.dep_ in ("agent", "prep") and c.lower_ == "by"), None)
    hit = _by_object(by, found) if by is not None else None
    return hit or _holder(subject, found)


def _agent_text(span: Any, found: Found, text: str | None) -> Item | None:
    at = span.text.find(text) if text else -1
    if at < 0:
        return None
    start, end = span.start_char + at, span.start_char + at + len(text or "")
    return next((item for item in found if start <= item[1].start < end), None)


def _nominal_agent(span: Any, found: Found) -> Item | None:
    """"the boldest attack by ISIS", "killings by the regime": the "by" of a noun."""
    for token in span:
        if token.lower_ == "by" and token.head.pos_ in ("NOUN", "PROPN"):
            hit = _by_object(token, found)
            if hit is not None and hit[0].kind != "civilians":
                return hit
    return None


def _clause_agent(span: Any, found: Found) -> Item | None:
    """Agents of side clauses when the main clause has none: "five children
    killed by regime air strikes", "a missile fired by government forces",
    "were killed when an air strike hit their office"."""
    for token in span:
        if token.dep_ == "agent" or (token.lower_ == "by" and token.head.pos_ == "VERB"):
            hit = _by_object(token, found)
        elif token.pos_ == "VERB" and any(c.dep_ in ("mark", "advmod") and c.lower_ in _WHEN
                                          for c in token.children):
            subject = _own_subject(token)
            hit = _holder(subject, found) if subject is not None else None
        else:
            continue
        if hit is not None and hit[0].kind != "civilians" and hit[1].label != COUNTRY:
            return hit
    return None


def _by_object(preposition: Any, found: Found) -> Item | None:
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return _holder(objects[0], found) if objects else None


def _control_agent(verb: Any, found: Found) -> Item | None:
    """"Fallujah fell to ISIS", "the town is under the control of rebels"."""
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if verb.lower_ in _FALL and prep.lower_ == "to":
                return _holder(pobj, found)
            if prep.lower_ in ("under", "in") and pobj.lower_ in _CONTROL:
                of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                if of is not None:
                    return _by_object(of, found)
    return None


def _instrument_agent(verb: Any, found: Found) -> Item | None:
    """"12 people were killed in regime air strikes / in strikes by the coalition"."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in _INSTRUMENT):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            for token in (pobj, *[c for c in pobj.children if c.dep_ == "conj"]):
                by = next((c for c in token.children if c.lower_ == "by"
                           or (c.lower_ == "with" and token.lower_ in _FIGHTS)), None)
                hit = _by_object(by, found) if by is not None else None
                hit = hit or _covering(token, found)
                if hit is not None and hit[0].kind != "civilians" and hit[1].label != COUNTRY:
                    return hit
    return None


def _blamed(verb: Any, found: Found) -> Item | None:
    """"Residents blamed the coalition for the strikes", "Russia accused
    Belgium of killing six civilians": the one blamed is the event's agent."""
    if verb.lower_ not in _BLAME:
        return None
    blamed = next((c for c in verb.children if c.dep_ == "dobj"), None)
    grounds = any(c.dep_ == "prep" and c.lower_ in ("for", "of") for c in verb.children) or (
        blamed is not None and any(c.dep_ == "prep" and c.lower_ in ("for", "of")
                                   for c in blamed.children))
    return _holder(blamed, found) if blamed is not None and grounds else None


def _victim_subject(verb: Any) -> bool:
    """A passive ("were killed") or a death verb ("died"): the subject is the victim."""
    return _passive(verb) or verb.lower_ in _DIE


def _passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _own_subject(verb: Any) -> Any:
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def _subject(verb: Any) -> Any:
    """The verb's subject; a clause with none borrows its governing verb's."""
    token, raised = verb, False
    for _ in range(4):
        subjects = [c for c in token.children
                    if c.dep_ in _SUBJECTS or (raised and c.dep_ == "nsubjpass")]
        if subjects:
            return subjects[0]
        if token.dep_ not in _CLAUSES or token.head.i == token.i:
            return None
        raised = token.dep_ == "xcomp"     # "X were reported to have fled": X fled
        token = token.head
    return None


def _target(verb: Any, found: Found, agent: Item | None) -> Item | None:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"
               or (c.dep_ == "nsubj" and verb.lower_ in _DIE)]
    if passive and (hit := _holder(passive[0], found)) and not _same(hit, agent):
        return hit
    candidates: list[tuple[int, Item]] = []
    for token in _object_tokens(verb):
        hit = _holder(token, found)
        if hit is None or _same(hit, agent) or _possessed(hit):
            continue
        place = hit[1].label == COUNTRY and token.head.lower_ in _LOCATIVE
        candidates.append((1 if place else 0, hit))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1][1].start))[1]


def _object_tokens(verb: Any, depth: int = 0) -> list[Any]:
    """Objects of the verb and of prepositions and clauses it governs, in text order."""
    out: list[Any] = []
    for child in verb.children:
        if child.dep_ in _OBJECTS:
            out.append(child)
        elif child.dep_ == "prep" and (child.lower_ in _TARGET_PREPS or child.lower_ in _LOCATIVE):
            out.extend(c for c in child.children if c.dep_ == "pobj")
        elif child.dep_ in ("xcomp", "ccomp", "advcl", "dobj") and depth < 2:
            out.extend(_object_tokens(child, depth + 1))
        if child.dep_ in _OBJECTS and depth < 2:
            out.extend(_object_tokens(child, depth + 1))
    return sorted(out, key=lambda t: t.i)


_OWN_START = re.compile(r"(?i)^(?:" + "|".join(_OWN) + r")\b")


def _possessed(item: Item) -> bool:
    """"ISIS withdrew its fighters": a phrase owned by a pronoun is the agent's own side."""
    return bool(_OWN_START.match(item[1].text))


def _same(a: Item, b: Item | None) -> bool:
    return b is not None and a[1] == b[1]


def _first(found: Found, exclude: Item | None) -> Item | None:
    pool = [item for item in found if not _same(item, exclude)]
    pool.sort(key=lambda item: (item[1].label == COUNTRY, item[1].start))
    return pool[0] if pool else None
