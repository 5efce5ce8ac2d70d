"""Who did what to whom: pick actor1 (agent) and actor2 (target) of a predicate.

The grammar comes from the sentence frame (`extract.frame`): the predicate's
subject (relative clauses, appositives, coordination and raising already
undone), its objects and its "by" agent, and the reporting frames whose
speakers are sources, never actor1 or actor2 of what they report.  This
module decides which of the sentence's actors fill those slots:

- the agent is the "by X" phrase of a passive, whoever holds the place in a
  control phrase ("fell to X", "under the control of X"), the attacker named
  in an attack noun ("killed in regime air strikes"), the one blamed ("blamed
  the coalition for the strikes"), else the subject;
- the target is the passive subject, the object, or the object of "against /
  on / at / with / to ..."; a caller splitting coordinated targets ("took Mosul
  and Tikrit") names the one it wants;
- a passive with no agent ("12 people were killed") has no actor1: the
  victims are not the perpetrators.  Only an active sentence whose parse
  gives nothing usable falls back to text order.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tocsin import vocabulary
from tocsin.extract.actors.resolver import COUNTRY, GENERIC
from tocsin.extract.frame import SentenceFrame, build, coordinated, lemma
from tocsin.models import Actor, Mention

if TYPE_CHECKING:
    from tocsin.extract.frame import Predicate

Found = list[tuple[Actor, Mention]]
Item = tuple[Actor, Mention]

_TARGET_PREPS = frozenset("""against on upon at with to toward towards into over onto
targeting between""".split())
_LOCATIVE = frozenset("""in at near from inside outside across around throughout within into
through along""".split())
#: Prepositions that introduce the attack a passive's victims died in.
_INSTRUMENT = frozenset(["in", "by", "during", "amid", "after", "under"])
#: "fell to the militants", "lost to ISIS": the object of "to" took the place.
_FALL = frozenset(["fall"])
#: "the army lost Ramadi to ISIS", "lost control of Idlib to X": X took it, the subject lost it.
_LOSE = frozenset(["lose", "cede", "surrender", "abandon"])
#: "militias backed by Iran": the backer after the noun is no party to the event.
_BACKING = frozenset(["back", "support", "sponsor", "fund", "finance", "arm", "train", "equip",
                      "bankroll"])
#: "under the control of X", "in the hands of X".
_CONTROL = frozenset(["control", "hands", "grip", "command", "hold"])
#: "died in clashes with X": intransitive deaths, whose subject is a victim.
_DIE = frozenset(["die", "perish"])
#: "clashes with regime troops": the other side of a fight the victims died in.
_FIGHTS = frozenset("""clash clashes fighting fight fights battle battles confrontation
confrontations skirmish skirmishes""".split())
_WHEN = frozenset(["when", "as", "after"])
#: "a series of Russian air strikes", "a wave of regime raids": the noun that counts
#: the attacks, whose "of" holds them (and their actor)
_PARTITIVE = frozenset("""series wave spate string barrage round rounds volley salvo flurry
succession campaign number dozens scores hundreds""".split())
#: "a town held by Daesh", "areas controlled by the Kurds": whose the place is, not who
#: attacked it
_HOLDING = frozenset(["hold", "control", "occupy", "run", "govern", "administer", "dominate"])
_COPULA = frozenset(["be"])
#: "convoys of the RSF were seen moving toward El Fasher": the subject of a passive
#: verb of perceiving does what its complement says
_PERCEIVED = frozenset(["see", "spot", "sight", "observe", "film", "photograph", "witness",
                        "hear", "notice", "detect"])
_COREFERENT = frozenset(["it", "they", "we", "he", "she"])
#: actor kinds that have units of their own ("its jets", "their fighters")
_ARMED = frozenset(["state_military", "rebel", "jihadist", "militia", "international"])
_OWN = frozenset(["its", "their", "his", "her", "our", "whose"])
#: ACLED sub-event types whose actor1 can be civilians (demonstrators, rioters);
#: not "Excessive force against protesters", whose actor1 is the force
_CIVILIAN_AGENCY = frozenset(["Peaceful protest", "Protest with intervention",
                              "Violent demonstration", "Mob violence"])


def pick_roles(span: Any, found: Found, hint: str | None = None, agent_text: str | None = None,
               frame: SentenceFrame | None = None, predicate: "Predicate | None" = None,
               target_token: Any = None) -> tuple[Actor | None, Actor | None]:
    """(actor1, actor2) of `predicate` (default: the frame's main predicate).

    `agent_text`: a phrase another stage read as the agent (a movement cue's
    subject); used only when the parse names none, and only where it covers an
    actor found here.  `target_token`: the one coordinated object this event
    is about ("took Mosul and Tikrit" makes one event per city).
    """
    roles = pick_all_roles(span, found, hint, agent_text, frame, predicate, target_token)
    return roles.actor1, roles.actor2


@dataclass(frozen=True, slots=True)
class Roles:
    actor1: Actor | None
    actor2: Actor | None
    #: actors coordinated with actor1 / actor2 ("ISIS and allied tribesmen attacked")
    assoc1: tuple[Actor, ...] = ()
    assoc2: tuple[Actor, ...] = ()

    def for_event_type(self, sub_event_type: str) -> "Roles":
        """Victims are not perpetrators: in a fight, a strike or an attack
        ("Two patients killed ...", "At least 48 people dead after a truck
        bomb ...", "Victims of the attack showed symptoms ...") an actor of kind
        civilians is never actor1; it is the target when there is none.  Only
        demonstrations and riots have civilians as their actors."""
        if self.actor1 is None or self.actor1.kind != "civilians" \
                or sub_event_type in _CIVILIAN_AGENCY:
            return self
        target = self.actor2 if self.actor2 is not None else self.actor1
        assoc2 = self.assoc2 if self.actor2 is not None else self.assoc1
        return Roles(None, target, (), assoc2)


def pick_all_roles(span: Any, found: Found, hint: str | None = None,
                   agent_text: str | None = None, frame: SentenceFrame | None = None,
                   predicate: "Predicate | None" = None, target_token: Any = None) -> Roles:
    """Like `pick_roles`, with the actors coordinated with each side (ACLED's
    associated actors)."""
    if not found:
        return Roles(None, None)
    frame = frame or build(span)
    agent, target = _agent_and_target(span, found, hint, agent_text, frame, predicate,
                                      target_token)
    taken = [item for item in (agent, target) if item is not None]
    return Roles(agent[0] if agent else None, target[0] if target else None,
                 _associates(span, agent, found, taken, frame),
                 _associates(span, target, found, taken, frame) if target_token is None else ())


def _coordinated_items(span: Any, item: Item, found: Found) -> list[Item]:
    """The actors whose phrases are conjoined to `item`'s head ("ISIS and tribesmen")."""
    token = _token_at(span, item[1].start)
    if token is None:
        return []
    head = token
    while head.head.i != head.i and item[1].start <= head.head.idx < item[1].end:
        head = head.head
    hits = [_holder(other, found) for other in coordinated(head)[1:]]
    return [h for h in hits if h is not None and not _same(h, item)]


def _associates(span: Any, item: Item | None, found: Found, taken: list[Item],
                frame: SentenceFrame) -> tuple[Actor, ...]:
    """Actors coordinated with `item`: "ISIS and allied tribesmen attacked"."""
    if item is None:
        return ()
    out: list[Actor] = []
    for hit in _coordinated_items(span, item, found):
        if any(_same(hit, t) for t in taken) or _is_source(hit, frame) \
                or hit[0].name == item[0].name or hit[0] in out:
            continue
        if hit[1].label == COUNTRY and hit[0].kind == "government" and item[0].kind != "government":
            continue
        out.append(hit[0])
    return tuple(out)


def _agent_and_target(span: Any, found: Found, hint: str | None, agent_text: str | None,
                      frame: SentenceFrame, predicate: "Predicate | None",
                      target_token: Any) -> tuple[Item | None, Item | None]:
    predicate = predicate or frame.main or frame.predicate(span.root)
    verb = predicate.head if predicate is not None else span.root
    pool = [item for item in found if not _is_source(item, frame) and not _backer(span, item)]
    agent = _agent(verb, predicate, pool)
    loser = _loser(verb, predicate, pool, agent)
    if frame.report is not None and (agent is None or agent[1].label == GENERIC):
        agent = _coreferent_speaker(predicate, frame, found) or agent
    sides = _between(span, pool) if target_token is None else None
    if sides is not None and (agent is None or any(_same(agent, side) for side in sides)):
        return sides
    if agent is None:
        agent = _agent_text(span, pool, agent_text) or _nominal_agent(span, pool) \
            or _clause_agent(span, pool)
    target = None
    if target_token is not None:
        target = _holder(target_token, pool)
        target = None if target is None or _same(target, agent) else target
    target = target or loser or _target(verb, predicate, pool, agent)
    if agent is None and not _victim_subject(verb) and lemma(verb) not in _COPULA \
            and not _condemns(verb):
        agent = _first([f for f in pool if not _owner_of_object(span, f)], exclude=target)
    if target is None and agent is not None:
        # "militias and Fano volunteers have mobilised": who is coordinated with the
        # agent acts with it (an associated actor), it is not acted upon
        partners = {id(item[1]) for item in _coordinated_items(span, agent, pool)}
        later = [f for f in pool if f[1].start > agent[1].start and not _possessed(f)
                 and not _in_side_clause(span, f, verb) and id(f[1]) not in partners]
        target = _first(later, exclude=agent)
    if agent is not None and target is not None and agent[0].name == target[0].name:
        target = None               # "troops struck with artillery": one side, not two
    return agent, target


def _in_side_clause(span: Any, item: Item, verb: Any) -> bool:
    """"X, whose rivals in the Raia militias had cut its roads, withdrew": an
    actor inside a relative clause that does not hold the
    predicate is no target of it."""
    token = _token_at(span, item[1].start)
    if token is None:
        return False
    for above in (token, *token.ancestors):
        if above.i == verb.i:
            return False
        if above.dep_ == "relcl" and not _dominates(above, verb):
            return True
    return False


def _dominates(head: Any, token: Any) -> bool:
    return head.left_edge.i <= token.i <= head.right_edge.i and (
        token.i == head.i or any(a.i == head.i for a in token.ancestors))


def _is_source(item: Item, frame: SentenceFrame) -> bool:
    """An actor named as who speaks ("activists said", "according to SANA")."""
    first = _token_at(frame.span, item[1].start)
    return first is not None and first.i in frame.speaker_ids


def _token_at(span: Any, char: int) -> Any:
    for token in span:
        if token.idx <= char < token.idx + max(len(token), 1):
            return token
    return None


def _coreferent_speaker(predicate: "Predicate | None", frame: SentenceFrame,
                        found: Found) -> Item | None:
    """"The army said it had killed 30 militants": the pronoun is the speaker; so is
    an armed speaker's own unnamed unit ("the coalition said its jets struck Raqqa")."""
    subject = predicate.subject if predicate is not None else None
    report = frame.report
    if subject is None or report is None or report.speaker is None:
        return None
    if subject.lower_ in _COREFERENT:
        return _holder(report.speaker.root, found)
    if any(c.dep_ == "poss" and c.lower_ in _OWN for c in subject.children):
        speaker = _holder(report.speaker.root, found)
        return speaker if speaker is not None and speaker[0].kind in _ARMED else None
    return None


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


def _agent(verb: Any, predicate: "Predicate | None", found: Found) -> Item | None:
    if lemma(verb) in _COPULA:          # "Ten children were among those killed when ..."
        return None
    if predicate is not None and predicate.by_agent is not None:
        hit = _holder(predicate.by_agent, found)
        if hit is not None:
            return hit
    control = _control_agent(verb, found)
    if control is not None:
        return control
    if predicate is not None and predicate.subject is not None and _perceived_doing(verb):
        return _holder(predicate.subject, found)
    if _victim_subject(verb):
        return _instrument_agent(verb, found)
    blamed = _blamed(verb, found)
    if blamed is not None:
        return blamed
    if _condemns(verb):
        return _condemned(verb, found)  # who condemns did not do it
    subject = predicate.subject if predicate is not None else None
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


def _between(span: Any, found: Found) -> tuple[Item, Item] | None:
    """"Fighting between the ELN and FARC dissidents", "clashes between X and Y":
    the two sides of a contest noun, the first as agent, the second as target."""
    for token in span:
        if token.lower_ != "between" or not (token.head.pos_ in ("NOUN", "PROPN")
                                             or token.head.tag_ == "VBG"):
            continue
        first = next((c for c in token.children if c.dep_ == "pobj"), None)
        if first is None:
            continue
        sides = [_holder(t, found) for t in coordinated(first)]
        known = [side for side in sides if side is not None]
        if len(known) >= 2 and not _same(known[0], known[1]):
            return known[0], known[1]
    return None


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
        if (token.dep_ == "agent" or (token.lower_ == "by" and token.head.pos_ == "VERB")) \
                and not _holding(token.head):
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


def _holding(verb: Any) -> bool:
    """"on a town held by Daesh": a participle saying whose a noun is."""
    return _modifying_participle(verb, _HOLDING)


def _modifying_participle(verb: Any, lemmas: frozenset[str]) -> bool:
    """A verb of `lemmas` that modifies a noun ("militias backed by", "a town held by")."""
    return lemma(verb) in lemmas and verb.dep_ in ("acl", "amod", "relcl")


def _by_object(preposition: Any, found: Found) -> Item | None:
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    return _holder(objects[0], found) if objects else None


def _backer(span: Any, item: Item) -> bool:
    """"militias backed by Iran", "rebels supported by Turkey": the actor is the
    "by" of a backing participle that modifies another noun, as in "Iran-backed"."""
    token = _token_at(span, item[1].start)
    if token is None:
        return False
    for above in (token, *token.ancestors):
        if above.lower_ == "by" and above.dep_ in ("agent", "prep"):
            return _modifying_participle(above.head, _BACKING)
        if above.pos_ == "VERB":
            return False
    return False


def _loser(verb: Any, predicate: "Predicate | None", found: Found,
           agent: Item | None) -> Item | None:
    """"The army lost Ramadi to ISIS": the subject of a verb of losing, when the
    taker is named after "to", is the target."""
    if lemma(verb) not in _LOSE or predicate is None or predicate.subject is None:
        return None
    hit = _holder(predicate.subject, found)
    return hit if hit is not None and not _same(hit, agent) else None


def _lost_to(verb: Any, found: Found) -> Item | None:
    """The "to X" of "lost the city to X", hung on the verb or on its object."""
    heads = [verb, *[c for c in verb.children if c.dep_ in ("dobj", "obj")]]
    heads += [g for h in heads[1:] for p in h.children if p.dep_ == "prep" and p.lower_ == "of"
              for g in p.children if g.dep_ == "pobj"]
    for head in heads:
        for prep in (c for c in head.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"):
            pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
            hit = _holder(pobj, found) if pobj is not None else None
            if hit is not None:
                return hit
    return None


def _control_agent(verb: Any, found: Found) -> Item | None:
    """"Fallujah fell to ISIS", "the town is under the control of rebels", "the
    army lost the town to X"."""
    if lemma(verb) in _LOSE:
        lost_to = _lost_to(verb, found)
        if lost_to is not None:
            return lost_to
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if lemma(verb) in _FALL and prep.lower_ == "to":
                return _holder(pobj, found)
            if prep.lower_ in ("under", "in") and pobj.lower_ in _CONTROL:
                of = next((c for c in pobj.children if c.dep_ == "prep" and c.lower_ == "of"), None)
                if of is not None:
                    return _by_object(of, found)
    return None


def _instrument_agent(verb: Any, found: Found) -> Item | None:
    """"12 people were killed in regime air strikes / in strikes by the coalition"."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in _INSTRUMENT):
        for pobj in (_counted(c) for c in prep.children if c.dep_ == "pobj"):
            for token in (pobj, *[c for c in pobj.children if c.dep_ == "conj"]):
                by = next((c for c in token.children if c.lower_ == "by"
                           or (c.lower_ == "with" and token.lower_ in _FIGHTS)), None)
                hit = _by_object(by, found) if by is not None else None
                hit = hit or _covering(token, found)
                if hit is not None and hit[0].kind != "civilians" and hit[1].label != COUNTRY:
                    return hit
    return None


def _counted(token: Any) -> Any:
    """"a series of Russian air strikes" -> "strikes": what a partitive noun counts."""
    while token.lower_ in _PARTITIVE:
        of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        counted = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if counted is None:
            return token
        token = counted
    return token


def _blamed(verb: Any, found: Found) -> Item | None:
    """"Residents blamed the coalition for the strikes", "Russia accused
    Belgium of killing six civilians": the one blamed is the event's agent."""
    if not vocabulary.has(verb.lower_, "accusation", lemma=verb.lemma_):
        return None
    blamed = next((c for c in verb.children if c.dep_ == "dobj"), None)
    grounds = any(c.dep_ == "prep" and c.lower_ in ("for", "of") for c in verb.children) or (
        blamed is not None and any(c.dep_ == "prep" and c.lower_ in ("for", "of")
                                   for c in blamed.children))
    return _holder(blamed, found) if blamed is not None and grounds else None


def _condemns(verb: Any) -> bool:
    return vocabulary.has(verb.lower_, "condemnation", lemma=verb.lemma_)


def _condemned(verb: Any, found: Found) -> Item | None:
    """"The Coalition condemns the massacre committed by Assad's air force", "the UN
    denounced the regime's shelling", "condemned coalition airstrikes on Raqqa": the
    agent is named with the act condemned, by a "by", a possessive or a modifier of
    the act's noun, or not at all."""
    act = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if act is None:
        return None
    modifiers = [c for c in act.children if c.dep_ in ("compound", "amod", "nmod") and c.i < act.i]
    named = next((hit for token in (act, *modifiers) for hit in [_covering(token, found)]
                  if hit is not None and hit[0].kind != "civilians"), None)
    if named is not None:
        return named
    for token in act.subtree:
        if token.lower_ == "by" and token.dep_ in ("agent", "prep"):
            hit = _by_object(token, found)
            if hit is not None and hit[0].kind != "civilians":
                return hit
    owner = next((c for c in act.children if c.dep_ == "poss"), None)
    return _holder(owner, found) if owner is not None else None


def _perceived_doing(verb: Any) -> bool:
    return _passive(verb) and lemma(verb) in _PERCEIVED \
        and any(c.dep_ in ("xcomp", "oprd") and c.pos_ == "VERB" for c in verb.children)


def _victim_subject(verb: Any) -> bool:
    """A passive ("were killed") or a death verb ("died"): the subject is the victim."""
    return _passive(verb) or lemma(verb) in _DIE


def _passive(verb: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def _own_subject(verb: Any) -> Any:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl")), None)


def _target(verb: Any, predicate: "Predicate | None", found: Found,
            agent: Item | None) -> Item | None:
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"
               or (c.dep_ == "nsubj" and lemma(verb) in _DIE)]
    if passive and (hit := _holder(passive[0], found)) and not _same(hit, agent):
        return hit
    candidates: list[tuple[int, Item]] = []
    for token in (predicate.objects if predicate is not None else ()):
        hit = _holder(token, found)
        if hit is None or _same(hit, agent) or _possessed(hit):
            continue
        place = hit[1].label == COUNTRY and token.head.lower_ in _LOCATIVE
        candidates.append((1 if place else 0, hit))
    if not candidates:
        return None
    return min(candidates, key=lambda c: (c[0], c[1][1].start))[1]


_OWN_START = re.compile(r"(?i)^(?:" + "|".join(_OWN) + r")\b")


def _owner_of_object(span: Any, item: Item) -> bool:
    """"captured the DAESH stronghold of Jarablus": a group named only as the
    owner of what was acted upon is no agent of the sentence."""
    start, end = item[1].start, item[1].end
    words = [t for t in span if start <= t.idx < end and not t.is_punct]
    if not words:
        return False
    # the mention's own head: its word whose head lies outside it
    root = next((t for t in words if not (start <= t.head.idx < end) or t.head is t), words[-1])
    head = root.head
    if root.dep_ in ("compound", "amod", "nmod", "poss") and head.pos_ == "NOUN" \
            and head.dep_ in ("dobj", "pobj"):
        return True                     # "the ISIS headquarters": ISIS modifies the object
    # "the DAESH stronghold" as one mention: its head noun is a thing, and the object
    return root.dep_ in ("dobj", "pobj") and root.pos_ == "NOUN" and root.text.islower() \
        and any(t.dep_ in ("compound", "amod") and not t.text.islower() for t in words)


def _possessed(item: Item) -> bool:
    """"ISIS withdrew its fighters": a phrase owned by a pronoun is the agent's own side."""
    return bool(_OWN_START.match(item[1].text))


def _same(a: Item, b: Item | None) -> bool:
    return b is not None and a[1] == b[1]


def _first(found: Found, exclude: Item | None) -> Item | None:
    pool = [item for item in found if not _same(item, exclude)]
    pool.sort(key=lambda item: (item[1].label == COUNTRY, item[1].start))
    return pool[0] if pool else None
