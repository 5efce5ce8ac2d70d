"""Actor resolution: from a phrase ("the Syrian army", "Daesh", "French troops")
to a canonical `Actor` with a kind and an ISO alpha-3 country.

A phrase is read the way an analyst reads it: the head noun decides what the
actor is (troops, officials, gunmen, a named group), its modifiers decide
whose it is (a demonym, a country, a named group), and a trailing "of X" /
"from X" is only a fallback for the country.  Named actors come from
`data/actors.toml`; country-level actors are generated for every country.
Unknown actors are kept with `known=False`.

`ActorResolver.find` does the same over a spaCy Doc or Span: candidate
phrases are alias matches (PhraseMatcher, longest wins), noun chunks and
named entities.  `roles` (in actors_roles) picks actor1 and actor2.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tocsin.extract.actors.data import ActorEntry, NounGroup, Words, alpha3, tables, tokens
from tocsin.models import NON_STATE_KINDS, Actor, Mention

#: Words that may open a phrase without changing who it names.
_LEADING = frozenset("""the a an some several many most few dozens dozen hundreds hundred
thousands thousand scores of at least more than about around nearly almost over up to
some other another senior top local former ex- its their his her our all both two three four
five six seven eight nine ten eleven twelve unidentified unknown suspected alleged""".split())
#: Words after which a phrase no longer describes its head ("leader of X").
_CUTS = frozenset(["of", "from", "in", "at", "on", "near", "who", "which", "that", "with", "for",
                   "to", "(", ",", ";", ":", "and", "or", "inside", "outside", "across", "against"])
#: How an actor was recognised; stored in Mention.label.
NAMED, COUNTRY, NATIONALITY, GENERIC, UNKNOWN = "named", "country", "nationality", "generic", "unknown"
_GENERATED_NAMES = {"government": "Government of {}", "state_military": "Military Forces of {}",
                    "police": "Police Forces of {}"}
_NAME_PARTICLES = frozenset(["-", "al", "bin", "ibn", "de", "el", "van", "von", "abu", "'s"])


@dataclass(frozen=True, slots=True)
class _Match:
    start: int
    end: int
    source: str                      # NAMED, COUNTRY, NATIONALITY or GENERIC
    value: ActorEntry | NounGroup | str


@dataclass(frozen=True, slots=True)
class Resolution:
    actor: Actor
    how: str                         # one of NAMED ... UNKNOWN


def _is_number(word: str) -> bool:
    return word.replace(",", "").replace(".", "").isdigit()


def _strip_leading(raw: Words) -> Words:
    start = 0
    while start < len(raw) - 1 and (raw[start].lower() in _LEADING or _is_number(raw[start])):
        start += 1
    return raw[start:]


def _case_ok(key: Words, raw: Words, strict: bool = True) -> bool:
    """Acronyms and one-word names only match when written with their case.

    Not strict (a phrase the caller says is an actor), only two-letter
    acronyms and "WHO" still need their case: "is", "us" and "who" are words.
    """
    data = tables()
    written = " ".join(raw)
    if not strict and not (len("".join(key)) <= 2 or key == ("who",)):
        return True
    if key in data.case_sensitive:
        return written == " ".join(tokens(data.case_sensitive[key])) or written.replace(".", "") == \
            data.case_sensitive[key].replace(".", "")
    if key in data.capitalised:
        return raw[0][:1].isupper()
    return True


def _lookup(key: Words, raw: Words, strict: bool) -> _Match | None:
    data = tables()
    if key in data.named and _case_ok(key, raw, strict):
        return _Match(0, len(key), NAMED, data.named[key])
    if key in data.countries and raw[0][:1].isupper():
        return _Match(0, len(key), COUNTRY, data.countries[key])
    if key in data.demonyms and raw[0][:1].isupper():
        return _Match(0, len(key), NATIONALITY, data.demonyms[key])
    group = data.nouns.get(key) or _singular_group(key)
    if group is not None:
        return _Match(0, len(key), GENERIC, group)
    return None


def _singular_group(key: Words) -> NounGroup | None:
    nouns = tables().nouns
    last = key[-1]
    for stem in (last[:-1] if last.endswith("s") else None,
                 last[:-2] if last.endswith("es") else None,
                 last[:-3] + "y" if last.endswith("ies") else None):
        if stem and key[:-1] + (stem,) in nouns:
            return nouns[key[:-1] + (stem,)]
    return None


def noun_group(word: str) -> NounGroup | None:
    """The generic noun group of one word, singular or plural ("fighters")."""
    key = (word.lower(),)
    return tables().nouns.get(key) or _singular_group(key)


def country_in(text: str) -> str | None:
    """The first country a text names: a country, a demonym or a national actor."""
    return _country_of(scan(tokens(text)))


#: "Iran-backed militias", "Turkish backed militants": the backer is written before
#: these words, and it is not the actor; the backed group is.
_BACKING = frozenset("backed supported sponsored funded trained".split())


def _backer(raw: Words, lower: Words, end: int) -> bool:
    """The match ending at `end` names a backer ("Iranian backed", "US-backed"):
    the next word is a backing word, or the match's last word carries it."""
    return (end < len(raw) and lower[end] in _BACKING) or lower[end - 1].rsplit("-", 1)[-1] in _BACKING


def scan(raw: Words, strict: bool = True) -> list[_Match]:
    """Dictionary matches in a word sequence, left to right, longest first.  A
    country, nationality or named group written as a backer ("Iranian backed
    militias") is no match: it says who backs the actor, not who it is."""
    lower = tuple(w.lower() for w in raw)
    found: list[_Match] = []
    i = 0
    while i < len(raw):
        for n in range(min(tables().max_len, len(raw) - i), 0, -1):
            hit = _lookup(lower[i:i + n], raw[i:i + n], strict)
            if hit is not None and hit.source == NATIONALITY and i and lower[i - 1] == "ethnic":
                hit = None          # ethnic Albanians in Macedonia are not Albania's
            if hit is not None and _backer(raw, lower, i + n):
                i += n
                break
            if hit is not None:
                found.append(_Match(i, i + n, hit.source, hit.value))
                i += n
                break
        else:
            i += 1
    return found


def _head_end(raw: Words, matches: list[_Match]) -> int:
    """End of the head region: the words before the first cut outside a match.

    "and" between two nationalities ("Syrian and Russian jets") is not a cut.
    """
    inside = {i for m in matches for i in range(m.start, m.end)}
    nationality_ends = {m.end for m in matches if m.source == NATIONALITY}
    for i, word in enumerate(raw):
        if i == 0 or i in inside or word.lower() not in _CUTS:
            continue
        if word.lower() in ("and", "or", ",") and i in nationality_ends:
            continue
        return i
    return len(raw)


#: words that make a bare "coalition" a political or criminal one, never the US-led
#: military coalition the tables give the word: "the ruling coalition", "a gang coalition"
_CIVIL_COALITION = frozenset({"ruling", "governing", "government", "electoral", "opposition",
                              "party", "parties", "political", "civic", "civil", "gang",
                              "criminal", "parliamentary", "centrist", "conservative", "liberal"})


def _civil_coalition(raw: Words, head: Any) -> bool:
    return head.end - head.start == 1 and raw[head.start].lower() == "coalition" \
        and head.start > 0 and raw[head.start - 1].lower() in _CIVIL_COALITION


def _title_before_name(raw: Words, region: list[_Match], head_end: int) -> _Match | None:
    """"President Omar al-Bashir": a role noun followed only by capitalised name words."""
    for m in reversed(region):
        if isinstance(m.value, NounGroup) and m.value.role:
            rest = raw[m.end:head_end]
            if rest and all(w.split("-")[-1][:1].isupper() or w in _NAME_PARTICLES for w in rest):
                return m
            return None
    return None


_UNIT_KINDS = frozenset(["state_military", "rebel", "militia", "jihadist", "other"])


def _proper_unit(raw: Words, head: _Match, region: list[_Match], modifier_label: str = ""
                 ) -> bool:
    """"Northern Storm brigade", "the Mujahideen Army": a unit noun under a
    proper name we do not know is that (unknown) group, not a country's army.

    `modifier_label`: the entity label NER gave a word before the head
    ("Tigrayan" ORG in "Tigrayan forces", "Kokang" PERSON), so that one
    capitalised word is enough; without it a lone capitalised modifier may just
    open the sentence ("Local forces").  A state's noun ("forces", "troops")
    needs a name (ORG, PERSON): "Moslem forces" (NORP) in Bosnia are its army.  A
    capitalised identity noun ("Druze fighters") names an identity militia,
    never civilians."""
    group = head.value
    if not isinstance(group, NounGroup) or group.kind not in _UNIT_KINDS:
        return False
    named_modifier = modifier_label in ("ORG", "PERSON") or (
        modifier_label == "NORP" and group.kind != "state_military")
    named_modifier = named_modifier and not group.needs_modifier    # "Katyusha rockets"
    explained = {i for m in region if m.source in (NAMED, COUNTRY, NATIONALITY)
                 for i in range(m.start, m.end)}
    if _identity_before(raw, head, region):
        return True
    if group.role and not named_modifier:      # "RSF fighters"; not "Ahmed's fighters"
        return group.kind != "other" and _acronym_before(raw, head, explained)
    run = []
    i = head.start - 1
    while i >= 0 and (_capitalised(raw[i]) or raw[i].lower() in _NAME_PARTICLES):
        run.append(i)
        i -= 1
    unexplained = [j for j in run if j not in explained and _capitalised(raw[j])]
    # a name NER saw that no table explains, not "Government" in "Government forces"
    unknown_name = named_modifier and any(not _covered(j, region) and not _national_word(raw[j])
                                          for j in unexplained)
    if group.role:          # "Kokang fighters", not "Ahmed's fighters"
        return unknown_name and group.kind != "other" and "'s" not in raw[:head.start]
    capital_head = raw[head.start][:1].isupper()
    return unknown_name or (bool(unexplained) and (capital_head or len(run) >= 2
                                                   or _acronym_before(raw, head, explained)))


#: lower-case particles inside place names ("Mocimboa da Praia", "Ciudad del Este")
_PLACE_PARTICLES = frozenset(["da", "do", "dos", "das", "de", "del", "la", "el", "al"])


def _inside_longer_name(raw: Words, match: _Match, matches: list[_Match]) -> bool:
    """"Mocimboa da Praia", "Lake Chad", "Mount Lebanon": a country or capital
    right after a capitalised word that no table explains (or after a name
    particle that follows one) is the tail of another place's name, not the
    government."""
    if match.source != COUNTRY or match.start == 0:
        return False
    i = match.start - 1
    if raw[i].lower() in _PLACE_PARTICLES and i > 0:
        i -= 1
    word = raw[i].lower()
    return _capitalised(raw[i]) and not _covered(i, matches) and word not in _LEADING \
        and word.replace("-", "") not in _REGION_QUALIFIERS


#: "Western Cambodia", "Northern Syria", "Greater Damascus": a part of the country or
#: city, which still names it
_REGION_QUALIFIERS = frozenset("""north south east west northern southern eastern western
northeast northwest southeast southwest northeastern northwestern southeastern southwestern
central upper lower greater rural inner outer""".split())


def _national_word(word: str) -> bool:
    """A country's name or demonym, even where the scan set it aside ("ethnic
    Albanian guerrillas" in Macedonia): no unknown group's name."""
    key = (word.lower(),)
    return key in tables().demonyms or key in tables().countries


def _covered(index: int, region: list[_Match]) -> bool:
    return any(m.start <= index < m.end for m in region)


def _identity_before(raw: Words, head: _Match, region: list[_Match]) -> bool:
    """"Druze fighters", "Yazidi militiamen": a capitalised identity noun (a
    civilian group's name) right before an armed noun."""
    group = head.value
    if not isinstance(group, NounGroup) or group.kind not in ("rebel", "militia", "state_military"):
        return False
    return any(m.end == head.start and isinstance(m.value, NounGroup)
               and m.value.kind == "civilians" and _capitalised(raw[m.start])
               for m in region)


def _acronym_before(raw: Words, head: _Match, explained: set[int]) -> bool:
    """"JNIM fighters", "FARC dissidents": an acronym we do not know right
    before a lower-case unit noun names the (unknown) group."""
    i = head.start - 1
    return i >= 0 and i not in explained and _is_acronym(raw[i])


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _unit_name(raw: Words, head: _Match, cleaned: str, region: Sequence[_Match] = ()) -> str:
    """The name of an unknown unit: "JNIM" for "JNIM fighters" (so that
    "JNIM militants" is the same group), "Druze militia" for "Druze fighters",
    else the phrase ("Northern Storm brigade", "Tigrayan forces")."""
    if _identity_before(raw, head, list(region)):
        return f"{raw[head.start - 1]} militia"
    if raw[head.start][:1].isupper() or head.start == 0 or not _is_acronym(raw[head.start - 1]):
        return cleaned
    return raw[head.start - 1]


def _is_capital(raw: Words, match: _Match) -> bool:
    key = tuple(w.lower() for w in raw[match.start:match.end])
    return match.source == COUNTRY and key in tables().capitals


def _capitalised(word: str) -> bool:
    return word.split("-")[-1][:1].isupper()


#: ACLED codes a named gang or cartel (Haiti's "Gran Grif", Mexico's cartels) as a
#: political militia; an unnamed "gang" stays an unidentified armed group.
_NAMED_GANG_NOUNS = frozenset(["gang", "gangs", "cartel", "cartels"])


def _unit_kind(group: ActorEntry | NounGroup | str, raw: Words, head: _Match,
               region: list[_Match], modifier_label: str) -> str:
    if _identity_before(raw, head, region):
        return "militia"
    if raw[head.end - 1].lower() in _NAMED_GANG_NOUNS:
        return "militia"
    kind = group.kind if isinstance(group, NounGroup) else "other"
    if kind == "state_military" and modifier_label:
        # "Tigrayan forces": a state's forces are named by its country, so
        # forces under another name are an armed group's
        return "rebel"
    return kind if kind in ("rebel", "militia", "jihadist") else "other"


def _clean(text: str) -> str:
    """The phrase without leading articles and quantities, as written."""
    words_ = text.strip().split()
    while len(words_) > 1 and (words_[0].lower() in _LEADING or _is_number(words_[0])):
        words_.pop(0)
    return " ".join(words_)


class ActorResolver:
    """Resolves actor phrases; picklable, loads its tables lazily."""

    def __init__(self) -> None:
        self._matchers: dict[int, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._matchers = {}

    def resolve(self, text: str, country_hint: str | None = None) -> Actor:
        """The canonical actor for a phrase; unknown phrases come back with known=False."""
        return self.resolve_detail(text, country_hint, strict=False).actor

    def resolve_detail(self, text: str, country_hint: str | None = None,
                       entity_label: str = "", strict: bool = True,
                       modifier_label: str = "") -> Resolution:
        """Like `resolve`, saying how the actor was recognised.  `strict` (running
        text) makes one-word names such as "Awakening" match only when capitalised.
        `modifier_label`: the entity label NER gave a capitalised word before the
        phrase's head, if any (see `_proper_unit`)."""
        raw = _strip_leading(tokens(text))
        cleaned = _clean(text)
        if not raw:
            return Resolution(Actor(text, cleaned, "other", None, known=False), UNKNOWN)
        matches = scan(raw, strict)
        matches = [m for m in matches if not _inside_longer_name(raw, m, matches)]
        whole = [m for m in matches if m.start == 0 and m.end == len(raw)]
        if whole and whole[0].source == NAMED:
            return Resolution(_entry_actor(text, whole[0].value), NAMED)
        described = _described_name(raw, matches)
        if described is not None:
            return Resolution(_entry_actor(text, described.value), NAMED)
        head_end = _head_end(raw, matches)
        region = [m for m in matches if m.end <= head_end]
        head = next((m for m in reversed(region) if m.end == head_end), None)
        head = head or _title_before_name(raw, region, head_end)
        if head is not None and _civil_coalition(raw, head):
            return Resolution(Actor(text, cleaned, "other", None, known=False), UNKNOWN)
        if head is None:            # "the Damascus explosion": a capital modifier is a place
            region = [m for m in region if not _is_capital(raw, m)]
        if head is not None and _proper_unit(raw, head, region, modifier_label):
            kind = _unit_kind(head.value, raw, head, region, modifier_label)
            # a group named only by NER's word fights where the text is ("Kokang
            # fighters" in Myanmar); a proper unit name keeps the country it names
            country = _country_of(matches) or (alpha3(country_hint) if modifier_label else None)
            return Resolution(Actor(text, _unit_name(raw, head, cleaned, region), kind,
                                    country, known=False), UNKNOWN)
        return _compose(text, cleaned, head, region, matches, country_hint, entity_label)

    def find(self, span: Any, country_hint: str | None = None) -> list[tuple[Actor, Mention]]:
        """Actors named in a spaCy Doc or Span, in text order, with doc char offsets."""
        from tocsin.extract.actors.find import find_actors

        return find_actors(self, span, country_hint)

    def alias_spans(self, span: Any) -> list[Any]:
        """Alias matches; PhraseMatcher gives doc token indices for a Doc or a Span."""
        doc = span.doc
        out = []
        for _, start, end in self._matcher(doc.vocab)(span):
            phrase = doc[start:end]
            raw = tokens(phrase.text)
            key = tuple(w.lower() for w in raw)
            if key in tables().named and _case_ok(key, raw):
                out.append(phrase)
        return out

    def _matcher(self, vocab: Any) -> Any:
        if id(vocab) not in self._matchers:
            self._matchers[id(vocab)] = _build_matcher(vocab)
        return self._matchers[id(vocab)]

    def roles(self, span: Any, country_hint: str | None = None, places: Sequence[Mention] = (),
              agent_text: str | None = None, frame: Any = None
              ) -> tuple[Actor | None, Actor | None]:
        """(actor1, actor2) of the event in a sentence span: agent and target.

        `country_hint` (ISO alpha-2 or alpha-3: the event place's country or
        the document's focus) gives generic actors ("officials", "air
        strikes") a country; without one, a country named bare in the
        sentence ("rebels in Syria") does.  `places` are the sentence's toponyms (doc char
        offsets, as the geocoder found them): they are never actors, save a
        capital standing for its government ("Damascus said").  Speakers
        ("activists said") are sources, never actors of what they report.
        `agent_text` is another stage's guess at the agent (a movement cue's
        subject), used only when the parse finds none.  `frame`: the
        sentence's frame when the caller has built it (`extract.frame.build`).
        """
        from tocsin.extract.actors.roles import pick_roles

        found, hint = self.candidates(span, country_hint, places)
        return pick_roles(span, found, hint, agent_text, frame=frame)

    def candidates(self, span: Any, country_hint: str | None = None,
                   places: Sequence[Mention] = ()) -> tuple[list[tuple[Actor, Mention]], str | None]:
        """The actors a sentence names that can fill a role (places dropped),
        and the alpha-3 country hint their generic members were read with."""
        from tocsin.extract.actors.find import officials_take_sentence_country
        from tocsin.extract.actors.places import drop_places

        hint = alpha3(country_hint)
        found = self.find(span, hint)
        if hint is None:
            hint = next((a.country for a, m in found if m.label == COUNTRY and a.country), None)
            if hint is not None:
                found = self.find(span, hint)
            found = officials_take_sentence_country(span, found)
        return drop_places(span, found, places), hint


def _build_matcher(vocab: Any) -> Any:
    import spacy
    from spacy.matcher import PhraseMatcher

    tokenizer: Any = spacy.blank("en").tokenizer
    aliases = sorted({" ".join(key).replace(" 's", "'s") for key in tables().named})
    matcher = PhraseMatcher(vocab, attr="LOWER")
    matcher.add("ACTOR", list(tokenizer.pipe(aliases)))
    return matcher


def _entry_actor(text: str, entry: ActorEntry | NounGroup | str) -> Actor:
    assert isinstance(entry, ActorEntry)
    return Actor(text, entry.name, entry.kind, entry.country, known=True)


def _country_of(found: list[_Match]) -> str | None:
    for m in found:
        if m.source in (COUNTRY, NATIONALITY):
            return str(m.value)
        if m.source == NAMED and isinstance(m.value, ActorEntry) and m.value.country:
            return m.value.country
    return None


def _compose(text: str, cleaned: str, head: _Match | None, region: list[_Match],
             matches: list[_Match], hint: str | None, entity_label: str) -> Resolution:
    if head is not None and head.source == NAMED:
        kinds = _kind_modifiers(region, head)
        if kinds and head.end - head.start == 1 and not _capitalised_at(text, head):
            # "a rebel coalition", "a Kurdish-led alliance": a common word that is also
            # one group's nickname ("the coalition") is that group only unqualified
            return _generic(text, kinds[-1], [m for m in region if m.end <= head.start],
                            matches, hint)
        named_before = next((m for m in region if m.source == NAMED and m.end == head.start), None)
        if named_before is not None and head.end - head.start == 1 \
                and not _capitalised_at(text, head):
            # "the JNIM coalition", "the Wagner group": a known name before a
            # common-word nickname is that name, not the nickname's own group
            return Resolution(_entry_actor(text, named_before.value), NAMED)
        if _renamed_nickname(text, head, region):
            # "the Viv Ansanm coalition" in Haiti is not the US-led one: a name no
            # table explains before a common-word nickname names another group
            return Resolution(Actor(text, cleaned, "rebel", None, known=False), UNKNOWN)
        return Resolution(_entry_actor(text, head.value), NAMED)
    if head is not None and head.source in (COUNTRY, NATIONALITY):
        return _national(text, str(head.value), head.source, plural=cleaned.endswith("s"))
    if head is not None and isinstance(head.value, NounGroup):
        modifiers = [m for m in region if m.end <= head.start]
        return _generic(text, head.value, modifiers, matches, hint)
    named = next((m for m in region if m.source == NAMED), None)
    if named is not None:
        return Resolution(_entry_actor(text, named.value), NAMED)
    country = next((str(m.value) for m in region if m.source == COUNTRY), None)
    if country is not None:         # "Haiti's first elections": the country itself
        return _national(text, country, COUNTRY, plural=False)
    country = _country_of(matches) or (hint if entity_label == "PERSON" else None)
    return Resolution(Actor(text, cleaned, "other", country, known=False), UNKNOWN)


def _kind_modifiers(region: list[_Match], head: _Match) -> list[NounGroup]:
    """The armed-group kinds named right before `head` ("rebel", "jihadist")."""
    return [m.value for m in region if m.end <= head.start and isinstance(m.value, NounGroup)
            and not m.value.role and m.value.kind in NON_STATE_KINDS]


#: words that make a name before them someone else's: "opponents of al-Shabaab"
_NOT_DESCRIPTORS = frozenset(["of", "from", "against", "and", "or", "with", "by", "to", "for",
                              "'s", "than", "not"])


def _described_name(raw: Words, matches: list[_Match]) -> _Match | None:
    """"the paramilitary Rapid Support Forces", "the Islamist militant group
    al-Shabaab": a name the tables know, ending the phrase, after words that only
    describe it (lower-case words, or a generic or national word)."""
    tail = next((m for m in matches if m.source == NAMED and m.end == len(raw) and m.start > 0), None)
    if tail is None or not _capitalised(raw[tail.start]) \
            or any(w.lower() in _NOT_DESCRIPTORS for w in raw[:tail.start]):
        return None
    descriptive = [m for m in matches if m.source in (GENERIC, NATIONALITY) and m.end <= tail.start]
    if all(not _capitalised(w) or _covered(i, descriptive) for i, w in enumerate(raw[:tail.start])):
        return tail
    return None


def _renamed_nickname(text: str, head: _Match, region: list[_Match]) -> bool:
    """A one-word, lower-case nickname ("coalition") right after capitalised words
    that no match explains and that are no country or demonym."""
    if head.end - head.start != 1 or _capitalised_at(text, head) or head.start == 0:
        return False
    raw = _strip_leading(tokens(text))
    before = raw[:head.start]
    return all(_capitalised(w) or w.lower() in _NAME_PARTICLES for w in before) \
        and any(_capitalised(w) and not _covered(i, region) and not _national_word(w)
                for i, w in enumerate(before))


def _capitalised_at(text: str, match: _Match) -> bool:
    words = _strip_leading(tokens(text))
    return any(w[:1].isupper() for w in words[match.start:match.end])


#: "its aircraft", "their shelling": weapons whose owner is named before them
_OWNERS = frozenset(["its", "their"])


def owned(text: str) -> bool:
    """"its aircraft", "their drones": a weapon or an attack whose possessive
    says it is someone's.  The resolver gives the generic armed forces; the
    document's memory finds the owner (the army, the group named before)."""
    words = text.split()
    return len(words) == 2 and words[0].lower() in _OWNERS


def _national(text: str, country: str, how: str, plural: bool) -> Resolution:
    """A bare country ("Syria") is its government; "the Syrians" are its people."""
    if how == NATIONALITY and plural:
        name = f"Civilians ({tables().country_names.get(country, country)})"
        return Resolution(Actor(text, name, "civilians", country, known=True), NATIONALITY)
    return Resolution(_country_actor(text, country, "government"), how)


def state_forces(text: str, country: str) -> Actor:
    """A country's armed forces as the tables name them ("Military Forces of Sudan",
    "Syrian Arab Army"), mentioned as `text`."""
    return _country_actor(text, country, "state_military")


def _country_actor(text: str, country: str, kind: str) -> Actor:
    entry = tables().defaults.get((country, kind))
    if entry is not None:
        return _entry_actor(text, entry)
    name = _GENERATED_NAMES[kind].format(tables().country_names.get(country, country))
    return Actor(text, name, kind, country, known=True)


def _generic(text: str, group: NounGroup, modifiers: list[_Match], matches: list[_Match],
             hint: str | None) -> Resolution:
    named = next((m for m in modifiers if m.source == NAMED), None)
    if named is not None:           # "Hezbollah commanders", "NATO troops"
        return Resolution(_entry_actor(text, named.value), NAMED)
    kinds = [m.value for m in modifiers if isinstance(m.value, NounGroup) and not m.value.role]
    if group.needs_modifier and not kinds:      # "militant convoys"
        kinds = [m.value for m in modifiers
                 if isinstance(m.value, NounGroup) and not m.value.needs_modifier]
    if group.needs_modifier and not kinds and _country_of(modifiers) is None \
            and not (group.kind == "state_military" and owned(text)):
        return Resolution(Actor(text, _clean(text), "other", None, known=False), UNKNOWN)
    if group.role:
        group = kinds[-1] if kinds else group
    elif group.kind == "state_military":
        # "rebel forces", "opposition units", "militia forces": an armed noun a
        # non-state word qualifies is that side's, not the country's army
        group = next((k for k in reversed(kinds) if k.kind in NON_STATE_KINDS), group)
    country = _country_of(modifiers) or _country_of(matches) or hint
    if country is not None and group.kind in _GENERATED_NAMES:
        return Resolution(_country_actor(text, country, group.kind), GENERIC)
    where = tables().country_names.get(country, country) if country else None
    name = f"{group.label} ({where})" if where else group.label
    return Resolution(Actor(text, name, group.kind, country, known=True), GENERIC)

