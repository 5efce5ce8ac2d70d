"""Actor candidates in a parsed sentence: which phrases to resolve, and how
much of each.

Candidates are alias matches, noun chunks and named entities.  Each is
trimmed to a clean noun phrase: leading dates go ("9 August 2016 Five
children"), a trailing clause goes ("rebel commanders were reported to"),
and a name cut at a hyphen is made whole ("Nuri al" + "-Maliki").  An
unknown phrase is kept only when its head is a proper name: "Supporters",
"the American occupation" or "The" are not actors.  "Fighters of the
Islamic State" and "units of Ahrar al-Sham" are the named group itself.
"""
from __future__ import annotations

import bisect
import re

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from tocsin.extract.doctext import doc_text
from tocsin.extract.actors.resolver import (COUNTRY, GENERIC, NAMED, NATIONALITY, UNKNOWN,
                                            Resolution, noun_group)
from tocsin.models import Actor, Mention

if TYPE_CHECKING:
    from tocsin.extract.actors.resolver import ActorResolver

Found = list[tuple[Actor, Mention]]

KEEP_UNKNOWN = frozenset(["ORG", "NORP", "PERSON"])
_LEADING_ENTITIES = frozenset(["DATE", "TIME"])
_CLAUSE_TAGS = frozenset(["WDT", "WP", "WP$"])
_MODIFIER_DEPS = frozenset(["amod", "compound", "nmod", "poss"])
#: a role or unit noun followed by one of these names a member of its object.
_MEMBER_PREPS = frozenset(["of", "from"])
_MAX_OBJECT_TOKENS = 12
#: kinds the resolver gives an unknown phrase only when it names an armed group
_UNIT_KINDS = frozenset(["rebel", "militia", "jihadist"])


def find_actors(resolver: "ActorResolver", span: Any, country_hint: str | None) -> Found:
    """Actors named in a spaCy Doc or Span, in text order, with doc char offsets."""
    from spacy.util import filter_spans

    candidates = list(resolver.alias_spans(span))
    if span.doc.has_annotation("DEP"):
        candidates.extend(noun_chunks(span))
    candidates.extend(e for e in entities(span) if e.label_ in KEEP_UNKNOWN | {"GPE"})
    trimmed = [without_leading_town(t) for t in (trim(c, span) for c in candidates)
               if t is not None]
    found: Found = []
    for phrase in sorted(filter_spans(trimmed), key=lambda s: s.start):
        label = entity_label(phrase)
        result = resolver.resolve_detail(phrase.text, country_hint, label,
                                         modifier_label=_modifier_label(phrase))
        if result.how == UNKNOWN and not _worth_keeping(phrase, label, result.actor):
            continue
        if result.actor.country is None and result.how != UNKNOWN:
            result = _with_of_country(resolver, phrase, result, country_hint, label)
        how = label if result.how == UNKNOWN else result.how
        found.append((result.actor, Mention(phrase.text, phrase.start_char, phrase.end_char, how)))
    return _merge_members(span, _coalitions_of_groups(span, found))


def _modifier_label(phrase: Any) -> str:
    """The entity label of a capitalised word before the phrase's head that NER
    read as a name ("Tigrayan" ORG in "Tigrayan forces"), or "": the resolver's
    cue that an armed noun belongs to a group it does not know, not to the
    country's army."""
    head = phrase.root
    return next((t.ent_type_ for t in phrase if t.i < head.i and t.ent_type_ in KEEP_UNKNOWN
                 and t.text[:1].isupper()), "")


_CHUNKS_KEY = "tocsin.noun_chunks"
_ENTS_KEY = "tocsin.ents"


def _within(span: Any, key: str, build: Any) -> list[Any]:
    """The doc's (start, end, label) items inside `span`, computed once per doc.

    spaCy's Span.noun_chunks and Span.ents rebuild the whole document's list
    for every span they are asked about, which made actor finding quadratic
    in article length (a 99,000-character article took minutes); the doc's
    items are kept as plain tuples in `doc.user_data`.  (hardening, issue 11)
    """
    from spacy.tokens import Span

    doc = span.doc
    items: list[tuple[int, int, str]] | None = doc.user_data.get(key)
    if items is None:
        items = [(s.start, s.end, s.label_) for s in build(doc)]
        doc.user_data[key] = items
    first, last = getattr(span, "start", 0), getattr(span, "end", len(doc))
    found = []
    for start, end, label in items[bisect.bisect_left(items, (first, -1, "")):]:
        if start >= last:
            break
        if end <= last:
            found.append(Span(doc, start, end, label=label) if label else doc[start:end])
    return found


def noun_chunks(span: Any) -> list[Any]:
    """`span.noun_chunks`, from one pass over the doc."""
    return _within(span, _CHUNKS_KEY, lambda doc: doc.noun_chunks)


def entities(span: Any) -> list[Any]:
    """`span.ents`, from one pass over the doc."""
    return _within(span, _ENTS_KEY, lambda doc: doc.ents)


def trim(phrase: Any, span: Any) -> Any:
    """The phrase as a clean noun phrase, or None when nothing is left."""
    doc = phrase.doc
    start, end = phrase.start, phrase.end
    while start < end and (doc[start].ent_type_ in _LEADING_ENTITIES or doc[start].is_punct
                           or doc[start].is_space):
        start += 1
    for i in range(start + 1, end):
        if _ends_phrase(doc[i]):
            end = i
            break
    limit = span.end
    while end < limit and not doc[end - 1].whitespace_ and "-" in (doc[end].text[:1], doc[end - 1].text):
        end += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space) and doc[end - 1].text != ")":
        end -= 1
    return doc[start:end] if start < end else None


#: "Kurdish-led", "Turkish-backed": a descriptor word, whoever it names
_DESCRIPTOR_SUFFIXES = frozenset("led backed allied aligned affiliated linked".split())


def without_leading_town(phrase: Any) -> Any:
    """"Manbij Kurdish-led forces" is the Kurdish-led forces, at Manbij: a
    phrase that opens with a town of the gazetteer, followed by a capitalised
    descriptor ("Kurdish-led", "Syrian", a known name) and an actor, loses the town, which
    stays free to be the event's place.  The town word must mean nothing to
    the actor tables (not "Free Syrian Army", not "Damascus said")."""
    from tocsin.extract.actors.data import tokens
    from tocsin.extract.actors.resolver import scan

    if len(phrase) < 3:
        return phrase
    first, descriptor = phrase[0], phrase[1]
    if not (first.is_alpha and first.text[:1].isupper() and descriptor.text[:1].isupper()):
        return phrase
    if any(m.start == 0 for m in scan(tokens(phrase.text), strict=False)):
        return phrase           # the first word opens a name the tables know
    rest = scan(tokens(phrase[1:].text), strict=False)
    word = phrase[1:].text.split()[0]        # spaCy splits "Kurdish-led"; the text does not
    described = word.rsplit("-", 1)[-1].lower() in _DESCRIPTOR_SUFFIXES or any(
        m.start == 0 and m.source in (NAMED, COUNTRY, NATIONALITY) for m in rest)
    return phrase[1:] if described and _is_town(first.text) else phrase


def _is_town(word: str) -> bool:
    """A populated place of the gazetteer is named so."""
    from tocsin.geo.gazetteer import Gazetteer

    gazetteer = Gazetteer.default()
    return any(gazetteer.record(i).feature_code.startswith("PPL")
               for i in gazetteer.candidates(word))


def _ends_phrase(token: Any) -> bool:
    if token.tag_ in _CLAUSE_TAGS or token.pos_ == "AUX" or token.text in (",", ";", ":"):
        return True
    return token.pos_ == "VERB" and token.dep_ not in _MODIFIER_DEPS


def _worth_keeping(phrase: Any, label: str, actor: Actor) -> bool:
    """An unknown phrase is an actor when it is a name ("Northern Storm"), or
    a national one ("an Indian proposal" is India's); "Supporters" is not."""
    if label in KEEP_UNKNOWN and is_proper(phrase):
        return True
    if actor.kind in _UNIT_KINDS:       # "RSF fighters", "the Northern Storm brigade"
        return True
    return actor.country is not None and phrase.root.pos_ in ("NOUN", "PROPN")


def is_proper(phrase: Any) -> bool:
    """The phrase's head is a name (or an acronym), not a common noun or a date."""
    root = phrase.root
    if root.ent_type_ in _LEADING_ENTITIES:
        return False
    return root.pos_ == "PROPN" or (root.text.isupper() and len(root.text) > 1)


def is_proper_text(text: str) -> bool:
    """Every content word capitalised: "the Kuki Liberation Front", not "the regime"."""
    content = [w for w in text.split() if w.lower() not in ("the", "of", "and", "for", "al")]
    return bool(content) and all(w[:1].isupper() for w in content)


def entity_label(phrase: Any) -> str:
    labels = [e.label_ for e in entities(phrase)]
    return labels[0] if labels else ""


def _with_of_country(resolver: "ActorResolver", phrase: Any, result: Resolution,
                     country_hint: str | None, label: str) -> Resolution:
    """"Doctors from two American aid groups": the of/from phrase lends a country."""
    preps = [c for c in phrase.root.children if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPS]
    if not preps or preps[0].right_edge.i - phrase.start > _MAX_OBJECT_TOKENS:
        return result
    longer = phrase.doc[phrase.start:preps[0].right_edge.i + 1]
    extended = resolver.resolve_detail(longer.text, country_hint, label)
    return extended if extended.actor.country else result


def _merge_members(span: Any, found: Found) -> Found:
    """"Fighters of the Islamic State", "units of Ahrar al-Sham": a generic
    member noun followed by a named group is that group."""
    out = list(found)
    for i, (actor, mention) in enumerate(found):
        if mention.label != GENERIC or actor.kind == "civilians":
            continue
        named = _named_object(span, mention, found)
        if named is None:
            continue
        end = named[1].end
        text = doc_text(span.doc)[mention.start:end]
        group = named[0]
        if group.kind == "other" and not group.known:   # "fighters of the Kuki Front"
            group = replace(group, kind=actor.kind if actor.kind in _UNIT_KINDS else "other")
        merged = (replace(group, text=text), Mention(text, mention.start, end, named[1].label))
        out = [merged if item is found[i] else item for item in out if item is not named]
    return out


#: The military coalition the tables give a bare "coalition".
_MILITARY_COALITION = "US-led coalition"


def _coalitions_of_groups(span: Any, found: Found) -> Found:
    """"a coalition of rebel groups called Jaish al Fateh", "an alliance of militias":
    a bare "coalition" whose "of" names armed groups is those groups' coalition, not
    the US-led one the tables give the word."""
    out = list(found)
    for actor, mention in found:
        if actor.name != _MILITARY_COALITION or mention.text.lower().split()[-1] != "coalition":
            continue
        phrase = span.doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if phrase is None or not len(phrase):
            continue
        groups = [hit for prep in phrase.root.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for pobj in prep.children if pobj.dep_ == "pobj"
                  for hit in found if hit[1].start <= pobj.idx < hit[1].end
                  and hit[0].kind in _UNIT_KINDS]
        if not groups:
            continue
        group = groups[0]
        end = group[1].end
        text = doc_text(span.doc)[mention.start:end]
        merged = (replace(group[0], text=text), Mention(text, mention.start, end, group[1].label))
        out = [merged if item[1] is mention else item for item in out if item is not group]
    return out


def _named_object(span: Any, mention: Mention, found: Found) -> tuple[Actor, Mention] | None:
    phrase = span.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if phrase is None or not len(phrase):
        return None
    for prep in _member_preps(phrase.root):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.i - prep.i > _MAX_OBJECT_TOKENS:
                continue
            hit = next((item for item in found if item[1].start <= pobj.idx < item[1].end), None)
            if hit is None:
                continue
            if hit[1].label == NAMED or (hit[1].label == GENERIC and _is_role(phrase.root)):
                return hit
            if hit[1].label == "ORG" and not hit[0].known and is_proper_text(hit[1].text):
                return hit          # "members of the Kuki Liberation Front": a group we do not know
            if not hit[0].known and hit[0].kind in _UNIT_KINDS:
                return hit          # "members of the Gran Grif gang", whatever NER called it
    return None


#: "forces belonging to X", "fighters loyal to X", "units attached to X": X's own
_BELONGING = frozenset(["belong", "belonging", "loyal", "affiliated", "attached"])
#: "insurgents led by X", "fighters commanded by X": ACLED codes X, the leading group
_LED = frozenset(["led", "headed", "spearheaded", "commanded"])


def _member_preps(root: Any) -> list[Any]:
    """The prepositions that name the group a member noun belongs to: "of"/"from"
    ("fighters of X"), "to" after a word of belonging ("forces belonging to X"),
    or "by" after a word of leading ("insurgents led by X")."""
    preps = [c for c in root.children if c.dep_ == "prep" and c.lower_ in _MEMBER_PREPS]
    for word in (c for c in root.children if c.i > root.i and c.lower_ in _BELONGING):
        preps.extend(c for c in word.children if c.dep_ == "prep" and c.lower_ == "to")
    for word in (c for c in root.children if c.i > root.i and c.lower_ in _LED):
        preps.extend(c for c in word.children if c.dep_ in ("agent", "prep") and c.lower_ == "by")
    return preps


def _is_role(token: Any) -> bool:
    """"members", "leader", "commanders": a noun that says what someone is in a group."""
    group = noun_group(token.lower_)
    return group is not None and group.role and not group.needs_modifier


def officials_take_sentence_country(span: Any, found: Found) -> Found:
    """An unplaced president or minister most likely governs the country the
    sentence is about: the first country an actor or a country word in it names."""
    country = sentence_country(span, found)
    if country is None:
        return found
    return [(replace(a, country=country) if a.country is None and _takes_country(a, m) else a, m)
            for a, m in found]


def _takes_country(actor: Actor, mention: Mention) -> bool:
    """Officials, and groups the dictionary does not know that act as a group
    ("KLF militants", "52 members of the banned Movement for ..."): most
    likely of the country the sentence is about."""
    if actor.kind == "government":
        return True
    if actor.known:
        return False
    named_as_members = re.search(r"\bof\s+(?:the\s+)?(?:[\w-]+\s+)?" + re.escape(actor.name) + "$",
                                 mention.text) is not None
    return named_as_members or (actor.kind in _UNIT_KINDS and is_proper_text(actor.name))


def sentence_country(span: Any, found: Found) -> str | None:
    """The first country the sentence names: in an actor, a country name or a
    demonym anywhere ("banned Ugandan opposition candidates")."""
    from tocsin.extract.actors.resolver import country_in

    named = [(m.start, a.country) for a, m in found if a.country]
    first = named[0][1] if named else None
    return country_in(span.text) or first
