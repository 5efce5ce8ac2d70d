"""Toponym recognition: which spans of a spaCy Doc name places.

spaCy's entities give the spans (GPE, LOC, FAC, and NORP demonyms such as
"Syrian", which stand for their country).  Entities are split at commas
("Alexandria, Va." names two places) and trimmed of "the" and possessive
"'s".  A gazetteer scan then adds well-known place names the small model
missed, with filters against person names and ordinary capitalised words.
"""
from __future__ import annotations

import re
from typing import Iterable

from spacy.tokens import Doc, Span, Token

from tocsin import vocabulary
from tocsin.geo.gazetteer import Gazetteer
from tocsin.geo.normalize import name_key
from tocsin.geo.resolver import clean_name, demonym_regions
from tocsin.geo.recognize_compounds import compound_mentions
from tocsin.geo.recognize_admin import admin_named, listed_admin_named, with_admin_words
from tocsin.geo.recognize_junk import drop_junk
from tocsin.geo.recognize_lists import (coordinated_places, document_countries, extended_entity,
                                        listed_places, listed_tokens)
from tocsin.geo.recognize_context import (DocClues, cued_entity, cued_tokens, doc_clues,
                                          office_places, organisation_places, party_home_places,
                                          particle_names, person_context, person_named_place,
                                          strong_place)
from tocsin.geo.recognize_water import without_water_bodies
from tocsin.models import Mention

PLACE_LABELS = frozenset({"GPE", "LOC"})
#: Entity labels whose tokens the gazetteer scan must leave alone.
_BLOCKING_LABELS = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
#: A missed name must be this large a place for the scan to trust it.
SCAN_MIN_POPULATION = 100_000
_SCAN_FEATURES = frozenset({"PCLI", "ADM1", "CONT", "RGN", "PPLC"})
#: Bare ORG/PERSON entities that are the name of a place at least this large.
RESCUE_MIN_POPULATION = {"ORG": 10_000, "PERSON": 50_000}
_DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest",
                              "southeast", "southwest", "central", "midwest"})
_PERSON_TITLES = frozenset({"Mr", "Mrs", "Ms", "Dr", "Sen", "Gov", "Rep", "President", "Judge",
                            "Officer", "Sgt", "Capt", "Lt", "Gen", "Col", "Coach", "Rev"})
_DATELINE_BREAKS = frozenset({"—", "–", "-", "--", ",", "(", ":"})
_TRIM_START = re.compile(r"^(the|The|THE)\s+")
_TRIM_END = re.compile(r"(’s|'s|’|'|\.|,|;|:)$")


def _trimmed(text: str, start: int) -> tuple[str, int, int]:
    """Strip 'the ' and trailing possessives; return (text, start, end)."""
    lead = _TRIM_START.match(text)
    if lead:
        text, start = text[lead.end():], start + lead.end()
    while True:
        tail = _TRIM_END.search(text)
        keep_abbreviation = text.endswith(".") and re.search(r"\b[A-Za-z]{1,4}\.$", text)
        if not tail or keep_abbreviation or len(text) <= 2:
            break
        text = text[: tail.start()]
    stripped = text.rstrip()
    return stripped, start, start + len(stripped)


def _comma_parts(span: Span) -> Iterable[tuple[str, int]]:
    """'Alexandria, Va.' -> ('Alexandria', s), ('Va.', s + 12)."""
    offset = span.start_char
    for part in re.split(r"(,\s*)", span.text):
        if part and not re.fullmatch(r",\s*", part):
            yield part, offset
        offset += len(part)


#: Possessives written without an apostrophe whose stem is a place ('Hamas' is no 'Hama's').
_NOT_POSSESSIVES = frozenset({"hamas", "texas", "kansas", "arkansas", "paris", "athens", "wales",
                              "honduras", "barbados", "bahamas", "philippines", "netherlands"})
_STEM_FEATURES = frozenset({"PCLI", "ADM1", "PPLC", "PPLA"})


def bare_possessive(gaz: Gazetteer, word: str) -> bool:
    """'Syrias', 'Iraqs', 'Aleppos': a country, region or major city's name with
    the possessive written without its apostrophe (as scraped texts often do)."""
    if len(word) < 5 or not word.endswith("s") or not word[0].isupper() or word.isupper() \
            or word.lower() in _NOT_POSSESSIVES or gaz.candidates(word):
        return False
    stem = word[:-1]
    return any(gaz.is_primary_name(i, stem) and (gaz.record(i).feature_code in _STEM_FEATURES
                                                 or gaz.record(i).population >= SCAN_MIN_POPULATION)
               or gaz.record(i).feature_code == "PCLI" for i in gaz.candidates(stem))


def _possessive_entity(gaz: Gazetteer, ent: Span) -> list[Mention] | None:
    """'Syrias Deir Ezzor' (often tagged ORG): the country, and the place after it."""
    first = ent[0]
    if not bare_possessive(gaz, first.text):
        return None
    found = [Mention(first.text[:-1], first.idx, first.idx + len(first.text) - 1, "GPE")]
    rest = ent.doc[first.i + 1:ent.end]
    if len(rest) and _capitalised_words(rest) and _findable(gaz, _trimmed(rest.text, 0)[0]):
        text, start, end = _trimmed(rest.text, rest.start_char)
        found.append(Mention(text, start, end, "GPE"))
    return found


def _findable(gaz: Gazetteer, text: str) -> bool:
    return bool(gaz.candidates(text) or gaz.loose_candidates(text))


def _capitalised_words(span: Span) -> bool:
    return all(t.text[:1].isupper() or t.is_punct for t in span)


def entity_mentions(doc: Doc, gaz: Gazetteer, countries: frozenset[str]) -> list[Mention]:
    """`countries`: the ISO codes the text names (`document_countries`)."""
    mentions: list[Mention] = []
    person_words = _multiword_person_tokens(doc)
    known = {name_key(_trimmed(e.text, 0)[0]) for e in doc.ents if e.label_ in PLACE_LABELS} - {""}
    clues = doc_clues(doc, known)
    people = _people_tagged_as_places(doc, gaz, clues)
    for ent in doc.ents:
        possessive = _possessive_entity(gaz, ent)
        if possessive is not None:
            mentions.extend(possessive)
        elif ent.label_ in PLACE_LABELS or ent.label_ == "FAC":
            place = extended_entity(doc, gaz, ent) if ent.label_ in PLACE_LABELS else ent
            mentions.extend(m for m in _place_entity(gaz, place, clues) if name_key(m.text) not in people)
        elif ent.label_ == "NORP":
            text, start, end = _trimmed(ent.text, ent.start_char)
            if gaz.demonym_country(text) is not None or _is_country(gaz, text) \
                    or demonym_regions(gaz, text):
                mentions.append(Mention(text, start, end, "NORP"))
            else:
                mentions.extend(_cued(doc, gaz, ent, clues))
        elif ent.label_ in ("ORG", "PERSON") and _rescued(gaz, ent, person_words):
            text, start, end = _trimmed(ent.text, ent.start_char)
            mentions.append(Mention(text, start, end, "GPE"))
        elif ent.label_ in _CUED_LABELS:
            cued = _cued(doc, gaz, ent, clues)
            if not cued:
                cued = listed_places(doc, gaz, ent, clues, countries)
            if not cued and ent.label_ == "ORG":
                cued = organisation_places(doc, gaz, ent, clues)
            elif not cued and ent.label_ == "PERSON":
                cued = office_places(doc, gaz, ent, clues)
            mentions.extend(cued)
    return mentions


_CUED_LABELS = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART"})


def _cued(doc: Doc, gaz: Gazetteer, ent: Span, clues: DocClues) -> list[Mention]:
    trimmed = _trimmed_span(ent)
    hit = cued_entity(doc, gaz, trimmed, ent.label_, clues) if trimmed is not None else None
    return [hit] if hit is not None else []


def _trimmed_span(ent: Span) -> Span | None:
    """The entity without a leading 'the' or a trailing possessive."""
    start, end = ent.start, ent.end
    if ent[0].lower_ == "the":
        start += 1
    if end > start and ent.doc[end - 1].lower_ in ("'s", "’s", "'", "’"):
        end -= 1
    return ent.doc[start:end] if end > start else None


def _place_entity(gaz: Gazetteer, ent: Span, clues: DocClues) -> list[Mention]:
    """GPE/LOC entities split at commas; FACs only where they name a place."""
    mentions = []
    for part, offset in _comma_parts(ent):
        text, start, end = _trimmed(part, offset)
        if not _plausible(text):
            continue
        if ent.label_ == "FAC" and not gaz.candidates(text):
            return organisation_places(ent.doc, gaz, ent, clues)
        mentions.append(Mention(text, start, end, ent.label_))
    return mentions


def _people_tagged_as_places(doc: Doc, gaz: Gazetteer, clues: DocClues) -> set[str]:
    """Name keys of place entities that are someone's name somewhere in the
    document; one sense per discourse drops every mention of them."""
    people = set()
    for ent in doc.ents:
        if ent.label_ in PLACE_LABELS:
            span = _trimmed_span(ent)
            if span is not None and person_named_place(doc, gaz, span, clues):
                people.add(name_key(span.text))
    return people - {""}


def _plausible(text: str) -> bool:
    """A place name starts with a capital and is more than a compass word."""
    return bool(text) and text[0].isupper() and text.lower() not in _DIRECTION_WORDS


def _multiword_person_tokens(doc: Doc) -> set[str]:
    """Words used inside full person names ('Andrew Jackson') in this document."""
    return {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1 for t in ent}


def _rescued(gaz: Gazetteer, ent: Span, person_words: set[str]) -> bool:
    """spaCy's small model often tags a bare place name as ORG or PERSON.

    Take it back when the whole entity is the main name of a country or
    admin1 region, or of a large city that is not someone's name here.
    """
    text = _trimmed(ent.text, ent.start_char)[0]
    if not _plausible(text):
        return False
    if _acronym(text):             # 'UN', 'EU': an organisation, unless a country's code ('US')
        return _is_country(gaz, text)
    if ent.label_ == "PERSON":
        if _titled(ent):
            return False
        if len(ent) > 1:            # 'Sri Lanka', never 'Jackson Hole' or 'Paris Hilton'
            return _is_country_or_admin1(gaz, text)
        if ent.text.lower() in person_words or (person_context(ent.doc, ent) and not strong_place(gaz, text)):
            return False
    floor = RESCUE_MIN_POPULATION[ent.label_]
    for index in gaz.candidates(text):
        rec = gaz.record(index)
        if not gaz.is_primary_name(index, text) and rec.feature_code != "PCLI":
            continue
        if rec.feature_code in _SCAN_FEATURES or rec.population >= floor:
            return True
    return False


def _acronym(text: str) -> bool:
    letters = text.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _is_country_or_admin1(gaz: Gazetteer, text: str) -> bool:
    return any(gaz.record(i).feature_code == "PCLI" or (
        gaz.record(i).feature_code == "ADM1" and gaz.is_primary_name(i, text)) for i in gaz.candidates(text))


def _titled(ent: Span) -> bool:
    before = ent.doc[ent.start - 1].text if ent.start > 0 else ""
    return before.rstrip(".") in _PERSON_TITLES


def _is_country(gaz: Gazetteer, text: str) -> bool:
    return any(gaz.record(i).feature_code == "PCLI" for i in gaz.candidates(text))


def _token_flags(doc: Doc, spans: list[tuple[int, int]]) -> list[bool]:
    flags = [False] * len(doc)
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                flags[i] = True
    return flags


def scan_mentions(doc: Doc, gaz: Gazetteer, taken: list[Mention],
                  countries: frozenset[str]) -> list[Mention]:
    """Names spaCy missed: repeats of a name already found as a place in this
    document (one sense per discourse), and capitalised 1-3 token names of
    big or administrative places outside other entities."""
    known = {name_key(m.text) for m in taken if m.label != "NORP"} - {""}
    taken_flags = _token_flags(doc, [(m.start, m.end) for m in taken])
    entity_flags = _token_flags(doc, [(e.start_char, e.end_char) for e in doc.ents
                                      if e.label_ in _BLOCKING_LABELS])
    person_flags = _token_flags(doc, [(e.start_char, e.end_char) for e in doc.ents
                                      if e.label_ == "PERSON" and len(e) > 1])
    capital_flags = [not (t.is_punct or t.is_space) and (t.is_title or t.is_upper) for t in doc]
    # whole particle names first: 'Mocimboa da Praia' is no 'Praia'
    found: list[Mention] = particle_names(doc, gaz, taken_flags)
    taken_flags = [a or b for a, b in zip(taken_flags, _token_flags(doc, [(m.start, m.end) for m in found]))]
    i = 0
    while i < len(doc):
        hit = _match_at(doc, i, gaz, known, taken_flags, entity_flags, person_flags, capital_flags)
        if hit is None:
            i += 1
            continue
        found.append(hit)
        span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
        i = span.end if span is not None else i + 1
    found += [Mention(t.text[:-1], t.idx, t.idx + len(t.text) - 1, "GPE") for t in doc
              if not taken_flags[t.i] and not t.ent_type_ and bare_possessive(gaz, t.text)]
    found += compound_mentions(doc, gaz, _token_flags(doc, [(m.start, m.end) for m in taken + found]))
    blocked = [a or b for a, b in zip(_token_flags(doc, [(m.start, m.end) for m in taken + found]),
                                      entity_flags)]
    party = party_home_places(doc, gaz, blocked)
    blocked = [a or b for a, b in zip(blocked, _token_flags(doc, [(m.start, m.end) for m in party]))]
    clues = doc_clues(doc, known)
    cued = cued_tokens(doc, gaz, blocked, clues)
    blocked = [a or b for a, b in zip(blocked, _token_flags(doc, [(m.start, m.end) for m in cued]))]
    listed = listed_tokens(doc, gaz, blocked, clues, countries)
    return found + party + _dateline(doc, gaz, taken_flags) + cued + listed


def _match_at(doc: Doc, i: int, gaz: Gazetteer, known: set[str], taken_flags: list[bool],
              entity_flags: list[bool], person_flags: list[bool],
              capital_flags: list[bool]) -> Mention | None:
    """`capital_flags`: per token, a capitalised word (not punctuation or space);
    windows are tested on these lists before any Span is built."""
    if not capital_flags[i] or taken_flags[i]:
        return None
    for length in (4, 3, 2, 1):
        if i + length > len(doc) or not all(capital_flags[i:i + length]) \
                or any(taken_flags[i:i + length]):
            continue
        span = doc[i:i + length]
        if not _plausible(span.text):
            continue
        if name_key(span.text) in known and not any(person_flags[i:i + length]):
            return Mention(span.text, span.start_char, span.end_char, "GPE")
        if length <= 3 and not any(entity_flags[i:i + length]) and _scan_ok(span) \
                and _trusted(gaz, span.text):
            return Mention(span.text, span.start_char, span.end_char, "GAZ")
    return None


def _scan_ok(span: Span) -> bool:
    first = span[0]
    if len(span) == 1:
        return not (first.is_sent_start or first.is_stop or len(first) < 4 or first.is_upper)
    return not span[-1].is_stop


def _dateline(doc: Doc, gaz: Gazetteer, taken_flags: list[bool]) -> list[Mention]:
    """'TORRINGTON — ...' or 'BAGHDAD, June 10': an upper-case place opening a sentence,
    or following a byline's date ('March 29, 2009 PATASKALA -- City officials')."""
    found = []
    starts = [sent.start for sent in doc.sents]
    starts += [t.i + 1 for t in doc[:-1] if _is_year(t) and not doc[t.i + 1].is_sent_start]
    for first in sorted(set(starts)):
        hit = _dateline_at(doc, first, gaz, taken_flags, dash_only=not doc[first].is_sent_start)
        if hit is not None:
            found.append(hit)
    return found


def _is_year(token: Token) -> bool:
    return len(token.text) == 4 and token.text.isdigit() and token.text[:2] in ("19", "20")


def _dateline_word(doc: Doc, i: int, first: int) -> bool:
    """An upper-case word of a dateline: 'PARIS', the 'ST' and '.' of 'ST. PARIS', the
    "'S" of "ST. JOHN'S"."""
    token = doc[i]
    if token.is_upper and token.is_alpha:
        return True
    attached = i > first and doc[i - 1].idx + len(doc[i - 1].text) == token.idx
    return attached and token.text in (".", "'S", "’S")


_DASHES = frozenset({"—", "–", "-", "--"})


def _dateline_at(doc: Doc, first: int, gaz: Gazetteer, taken_flags: list[bool],
                 dash_only: bool = False) -> Mention | None:
    for length in (5, 4, 3, 2, 1):
        span = doc[first:first + length]
        if first + length >= len(doc) or any(taken_flags[first:first + length]):
            continue
        follows = doc[first + length].text
        if not all(_dateline_word(doc, i, first) for i in range(first, first + length)) \
                or not doc[first].is_alpha or doc[first + length - 1].text == "." \
                or follows not in (_DASHES if dash_only else _DATELINE_BREAKS) or len(span.text) < 4:
            continue
        if any(gaz.record(i).feature_code.startswith("PPL") for i in gaz.candidates(span.text)):
            return Mention(span.text, span.start_char, span.end_char, "GPE")
    return None


def _trusted(gaz: Gazetteer, text: str) -> bool:
    if not name_key(text):
        return False
    return any(_is_big(gaz, index) and gaz.is_primary_name(index, text)
               for index in gaz.candidates(text))


def _is_big(gaz: Gazetteer, index: int) -> bool:
    rec = gaz.record(index)
    return rec.feature_code in _SCAN_FEATURES or rec.population >= SCAN_MIN_POPULATION


#: "Islamic State of Iraq and the Levant", "Democratic Forces of Syria": a place
#: ending an organisation's name.  Group 1 must end right where the place starts.
_ORG_NAME_HEAD = re.compile(
    r"(?:[A-Z][a-z]+\s+)+(?:State|Republic|Emirate|Front|Army|Forces|Council|Party|Movement|"
    r"Brigades?|Battalions?|Union|Coalition|Authority)\s+(?:of|for|in)\s+(?:the\s+)?$")
_ORG_NAME_JOIN = re.compile(r"^\s*(?:and|&)\s+(?:the\s+)?$")


def _organisation_tails(text: str, mentions: list[Mention]) -> list[Mention]:
    """Relabel places that end an organisation's name as ORG ('... of Iraq and the Levant')."""
    out: list[Mention] = []
    for mention in mentions:
        before = text[max(0, mention.start - 80):mention.start]
        joined = bool(out) and out[-1].label == "ORG" and _ORG_NAME_JOIN.match(text[out[-1].end:mention.start])
        if mention.label != "NORP" and (_ORG_NAME_HEAD.search(before) or joined):
            mention = Mention(mention.text, mention.start, mention.end, "ORG")
        out.append(mention)
    return out


#: After a capital's name, words that make it its government ('Moscow said', 'Ankara denied'):
#: the shared vocabulary's reporting, condemnation and directive verbs.
_GOVERNMENT_VERBS = vocabulary.verb_forms("reporting", "condemnation", "directive") | frozenset({
    "vowed", "threatened", "insisted", "warned"})
_GOVERNMENT_AFTER = re.compile(r"^(?:’s|'s)?\s*(?:has |had |also |have )?(?P<verb>[a-z]+)")


#: Verbs whose subject, when a capital, is its government: those of speech and
#: judgement above, and the verbs of diplomacy ('Washington was not seeking a vote').
_GOVERNMENT_LEMMAS = vocabulary.lemmas("reporting", "condemnation", "directive") | frozenset({
    "vow", "threaten", "insist", "warn", "seek", "agree", "want", "oppose", "support", "back",
    "hold", "name", "blame", "accuse", "veto", "propose", "push", "urge", "offer", "expect", "hope"})
#: Nouns a government is coordinated with ('naming Moscow and the Syrian regime').
_GOVERNMENT_NOUNS = frozenset({"regime", "government", "administration", "authorities", "leadership"})
#: 'WASHINGTON (Sputnik) The ...', 'MOSCOW - ...': a dateline left inside the text.
_DATELINE_AFTER = re.compile(r"^\s*(?:\(\s*[A-Z][\w .&-]{1,30}\)|[-–—:])")


def _government_voices(doc: Doc, gaz: Gazetteer, mentions: list[Mention]) -> list[Mention]:
    """Relabel a capital that speaks or acts for its government ('Moscow said',
    'Washington and Paris say', 'naming Moscow and the Syrian regime') as ORG: it
    names who acted, not where anything happened.  A dateline left in the text
    ('WASHINGTON (Sputnik)') is where the report was filed: no scene either."""
    text = doc.text
    out = []
    for mention in mentions:
        after = _GOVERNMENT_AFTER.match(text[mention.end:mention.end + 30])
        if mention.label in PLACE_LABELS | {"GAZ"} and _capital(gaz, mention.text) and (
                (after is not None and after.group("verb") in _GOVERNMENT_VERBS)
                or _acts_as_government(doc, mention) or _inline_dateline(text, mention)):
            mention = Mention(mention.text, mention.start, mention.end, "ORG")
        out.append(mention)
    return out


def _acts_as_government(doc: Doc, mention: Mention) -> bool:
    """The capital, or a name coordinated with it, is the subject of a verb of speech,
    judgement or diplomacy, or it is coordinated with 'the regime' or 'the government'."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    first = token
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    group = [first, *first.conjuncts]
    if any(t.lemma_.lower() in _GOVERNMENT_NOUNS for t in group):
        return True
    verb = first.head
    if first.dep_ == "nsubj" and verb.pos_ in ("VERB", "AUX") \
            and verb.lemma_.lower() in _GOVERNMENT_LEMMAS:
        return True
    return acts_as_agent(first) or addressed(first)


#: Transitive verbs whose subject is where something happens or who undergoes it,
#: not who acts ('Kabul hosted the talks', 'Baghdad saw heavy fighting', 'Ankara
#: suffered power cuts'): a capital in their subject is still a place.
_SETTING_LEMMAS = frozenset({
    "be", "have", "host", "see", "witness", "experience", "suffer", "receive", "get", "face",
    "record", "welcome", "attract", "border", "house", "include", "contain", "remain", "become",
    "lose", "endure", "undergo", "register", "overlook", "boast", "rank", "feel", "hear"})
_SETTING_FORMS = frozenset(f for lemma in _SETTING_LEMMAS for f in vocabulary.forms_of(lemma))
#: Objects and clauses that make a verb's subject its doer ('launched strikes',
#: 'sent advisers', 'warned that ...', 'moved to block ...').
_DONE_DEPS = frozenset({"dobj", "obj", "dative", "ccomp", "xcomp"})


#: Verbs whose 'on' object is someone asked or relied on, never a surface
#: ('called on Moscow to ...', 'prevailed upon Ankara', 'counts on Washington').
_ADDRESSEE_LEMMAS = frozenset({"call", "prevail", "rely", "depend", "count", "lean"})
_ADDRESSEE_FORMS = frozenset(f for lemma in _ADDRESSEE_LEMMAS for f in vocabulary.forms_of(lemma))


def addressed(token: Token) -> bool:
    """'called on Russia to stop', 'urged ... and called upon Tehran': the name is the
    party asked to act, so it stands for its government, not a place."""
    prep = token.head
    if token.dep_ != "pobj" or prep.lower_ not in ("on", "upon"):
        return False
    verb = prep.head
    return verb.pos_ == "VERB" and ((verb.lemma_.lower() or verb.lower_) in _ADDRESSEE_LEMMAS
                                    or verb.lower_ in _ADDRESSEE_FORMS)


def acts_as_agent(token: Token) -> bool:
    """A name in agent position: the subject of an active verb that does something
    to an object or clause ('Moscow launched air strikes', 'Tehran sent advisers'),
    or the 'by' agent of a passive ('strikes carried out by Moscow').  A place does
    not act: such a name stands for its government or people, and is no scene."""
    if token.dep_ == "pobj" and token.head.dep_ == "agent":
        return True
    verb = token.head
    if token.dep_ != "nsubj" or verb.pos_ != "VERB" or verb.i == token.i:
        return False
    if (verb.lemma_.lower() or verb.lower_) in _SETTING_LEMMAS or verb.lower_ in _SETTING_FORMS:
        return False
    return any(child.dep_ in _DONE_DEPS for child in verb.children)


def _inline_dateline(text: str, mention: Mention) -> bool:
    return mention.text.isupper() and len(mention.text) > 3 \
        and _DATELINE_AFTER.match(text[mention.end:mention.end + 40]) is not None


def _capital(gaz: Gazetteer, text: str) -> bool:
    return any(gaz.record(i).feature_code == "PPLC" and gaz.is_primary_name(i, text)
               for i in gaz.candidates(text))


def toponym_mentions(doc: Doc, gaz: Gazetteer, scan: bool = True) -> list[Mention]:
    countries = document_countries(doc, gaz)      # read once, by both passes
    mentions = entity_mentions(doc, gaz, countries)
    known = {name_key(m.text) for m in mentions if m.label != "NORP"} - {""}
    mentions += coordinated_places(doc, gaz, mentions, doc_clues(doc, known))
    if scan:
        mentions += scan_mentions(doc, gaz, mentions, countries)
        mentions += admin_named(doc, gaz, mentions)
        mentions += listed_admin_named(doc, gaz, mentions)
    mentions = with_admin_words(doc, gaz, without_water_bodies(doc, gaz, drop_junk(doc, gaz, mentions)))
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    return _outlet_voices(doc, _government_voices(doc, gaz, _organisation_tails(doc.text, ordered)))


#: Words that end an outlet's name ('Fars news agency', 'Orient TV', 'the Idlib Media
#: Centre'): the shared publication nouns and the media a name heads.
_MEDIA_HEADS = vocabulary.word_class("outlet_noun").words | frozenset({
    "news", "tv", "television", "radio", "media"})


def _outlet_voices(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    """Relabel a name that heads an outlet's name ('the Fars news agency') as ORG,
    and every later mention of that name that speaks ('Fars reported', 'according
    to Fars'): an outlet is no place.  Its other mentions keep their reading ('Fars
    province'), so a town a local paper is named after stays a town."""
    outlets = {name_key(clean_name(m.text)) for m in mentions if _heads_an_outlet(doc, m)} - {""}
    out = []
    for mention in mentions:
        if mention.label not in ("ORG", "NORP") and (
                _heads_an_outlet(doc, mention)
                or (name_key(clean_name(mention.text)) in outlets and _speaks(doc, mention))):
            mention = Mention(mention.text, mention.start, mention.end, "ORG")
        out.append(mention)
    return out


def _heads_an_outlet(doc: Doc, mention: Mention) -> bool:
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.end < len(doc) and doc[span.end].lower_ in _MEDIA_HEADS


def _speaks(doc: Doc, mention: Mention) -> bool:
    """The subject of a verb of speech or report, or the X of 'according to X'."""
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return False
    token = span.root
    if token.dep_ == "pobj" and token.head.lower_ == "to" and token.head.i > 0 \
            and doc[token.head.i - 1].lower_ == "according":
        return True
    verb = token.head
    return token.dep_ == "nsubj" and vocabulary.has(verb.lower_, "speech", "report", lemma=verb.lemma_)
