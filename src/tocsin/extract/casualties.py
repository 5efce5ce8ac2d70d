"""Counting the dead in a sentence or an article.

A number counts when it is tied to a death cue: after it ("12 people were
killed", "70 dead", "two children died") or before it ("killing 12", "the
death toll rose to 35").  The wounded are never counted.  Vague quantities
give a conservative lower bound ("dozens" = 24, "scores" = 40, "hundreds" =
200).  In an article the same deaths are retold in the headline, lead and
body, so the article count is the largest sentence count, not the sum.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {"zero": 0, "no": 0, "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "three": 3,
          "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
          "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
          "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
          "ninety": 90, "dozen": 12, "couple": 2, "both": 2}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
#: Vague plurals, read as the least they can mean.
_VAGUE = {"dozens": 24, "scores": 40, "hundreds": 200, "thousands": 2000, "several": 3,
          "tens": 20, "some": 2, "another": 1}
_DEATH_AFTER = re.compile(
    r"^(?:were |was |have been |had been |are |is |being |been |reportedly |were reportedly |"
    r"were later |later |also |all )*(?:killed|dead|died|die|deaths?|slain|massacred|"
    r"executed|perished|murdered|lost their lives|lost his life|lost her life|fatalities|bodies|"
    r"corpses|martyred|martyrs|beheaded|shot dead|burned to death|drowned|assassinated|"
    r"neutrali[sz]ed|were killed|have died|killed\b)", re.I)
_DEATH_BEFORE = re.compile(
    r"(?:killing|killed|kills|kill|death toll (?:\w+ ){0,3}(?:to|at|of|is|was|reached|hit)|"
    r"toll (?:\w+ ){0,2}(?:to|at|of|reached|hit)|claimed the lives of|claiming the lives of|"
    r"took the lives of|left|leaving|executed|executing|massacred|slaughtered|bodies of|"
    r"death of|deaths of|murdered|murdering|shot dead|shooting dead|"
    # a communique's word for killed: "made it possible to neutralise eight terrorists"
    r"neutrali[sz]e|neutrali[sz]ed|neutrali[sz]ing)"
    r"(?: at least| more than| over| nearly| about| around| some| up to| an estimated)?\s*$", re.I)
_INJURY = re.compile(r"\b(?:wounded|injured|hurt|injuries|wounding|injuring|missing|"
                     r"arrested|detained|kidnapped|abducted|displaced|captured)\b", re.I)
_NUMBER = re.compile(
    r"\b(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?\b|\b(?:%s)(?:(?:[- ]|(?<=hundred) and |(?<=thousand) and )(?:%s))*\b" % (
        "|".join(sorted([*_UNITS, *_SCALES, *_VAGUE], key=len, reverse=True)),
        "|".join(sorted([*_UNITS, *_SCALES], key=len, reverse=True))), re.I)
_ASIDE = re.compile(r"^\s*,?\s*(?:including|among them|among whom|mostly|most of them|many of "
                    r"them|all of them)[^,]*,", re.I)
#: "a bomb killed 12": the words before an active "killed" are the killer, not the dead.
_ACTIVE_KILL = re.compile(r"^(?:killed|kills|killing)\s+(?:at least |more than |about |nearly |"
                          r"some |over |up to )?(?:\d|the\b|a\b|an\b|his\b|their\b|its\b|"
                          r"two|three|four|five|six|seven|eight|nine|ten|dozens|scores|"
                          r"hundreds|several|many|\w+ (?:people|civilians|soldiers|children))", re.I)
_SUBSET_BEFORE = re.compile(r"\b(?:including|among them|among whom|among the dead(?: were)?|"
                            r"of whom|of them|mostly)\b[^.;:]{0,40}$", re.I)
_DEATH_WORD = re.compile(r"\b(?:killed|killing|dead|died|deaths?|death toll|slain|executed|"
                         r"massacred|lost their lives|bodies)\b", re.I)
#: A war's running toll ("has killed 400,000 since 2011") is background, not an event.
_CUMULATIVE = re.compile(
    r"\b(?:since (?:then|the (?:start|beginning|outbreak)|it (?:started|began|erupted)|"
    r"(?:march |early |mid-)?20[01]\d|the (?:war|conflict|uprising|revolution)|"
    r"(?:war|conflict|fighting|uprising) (?:began|started|erupted|broke out))|"
    r"(?:war|conflict|uprising|crisis) (?:has|have|had) (?:so far )?(?:killed|claimed)|"
    r"(?:over|during|throughout) the (?:course of the )?(?:\w+ )?(?:war|conflict)|"
    r"(?:war|conflict)(?:-battered|-torn|-ravaged) country|quarter of a million|"
    r"half a million|(?:war|conflict) that has (?:killed|claimed)|"
    r"since (?:[\w']+\W+){0,3}(?:war|conflict|crisis|uprising|revolution|unrest)\b|"
    r"(?:war|conflict|crisis|uprising)\b[^.]{0,60}\b(?:has|have) (?:so far )?(?:killed|claimed)|"
    r"killed in the (?:war|conflict)|(?:hundreds|tens) of thousands|deadliest month|"
    r"(?:this|last|that) (?:year|month)|so far this)", re.I)
#: No single attack kills this many; a number this size is a running total.
MAX_EVENT_DEATHS = 10_000
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])|\n+")
_NOUN_GAP = re.compile(r"^\s*(?:(?:[A-Za-z'-]+,?\s+){0,4}?)", re.I)
_CHILD = re.compile(r"\b(?:child|children|kids?|boys?|girls?|bab(?:y|ies)|infants?|"
                    r"minors?|toddlers?|teenagers?|students?|pupils?)\b", re.I)
_WOMEN = re.compile(r"\b(?:women|woman|mothers?|wives|girls?)\b", re.I)
_FIGHTER = re.compile(r"\b(?:soldiers?|troops?|fighters?|militants?|rebels?|gunmen|police(?:men)?|"
                      r"officers?|members?|jihadists?|insurgents?|militiamen|personnel|guards?|"
                      r"terrorists?|recruits?|commanders?|combatants?|servicemen|elements)\b", re.I)


@dataclass(frozen=True, slots=True)
class Casualties:
    """Deaths split the way FA-KES counts them (nb_children ... nb_women)."""

    children: int = 0
    civilians: int = 0
    noncivilians: int = 0
    women: int = 0


@dataclass(frozen=True, slots=True)
class _Death:
    value: int
    noun: str            # the words between the number and the death cue
    subset: bool = False  # "including 5 children": already part of another count


def parse_number(phrase: str) -> int | None:
    """'12', '1,200', 'twenty-two', 'two hundred', 'a dozen', 'dozens' -> int."""
    text = phrase.strip().lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return int(float(text))
    if text in _VAGUE:
        return _VAGUE[text]
    if text.startswith("another "):          # "another five": five more
        return parse_number(text[len("another "):])
    total, current = 0, 0
    for word in re.split(r"[\s-]+", text):
        if word in _UNITS:
            current = current * _UNITS[word] if word == "dozen" and current else current + _UNITS[word]
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1000:
                total, current = total + current, 0
        elif word not in ("and",):
            return None
    return total + current


def sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text) if s.strip()]


def _deaths(sentence: str) -> list[_Death]:
    found: list[_Death] = []
    mentions_death = bool(_DEATH_WORD.search(sentence))
    killed_object_end: int | None = None     # where the last "killed <count> <noun>" ends
    for match in _NUMBER.finditer(sentence):
        value = parse_number(match.group())
        if value is None or value >= MAX_EVENT_DEATHS or _is_date_or_unit(sentence, match):
            continue
        before, after = sentence[:match.start()], sentence[match.end():]
        noun = _noun_after(after)
        rest = _skip_asides(after[len(noun):])
        subset = bool(_SUBSET_BEFORE.search(before))
        object_of_kill = bool(_DEATH_BEFORE.search(before.rstrip())) or (
            # "killed a police commander and another officer": the second object too,
            # when it names people and opens no clause of its own ("and a civilian was
            # wounded", "and another attack killed two")
            killed_object_end is not None
            and _COORDINATED.fullmatch(sentence[killed_object_end:match.start()]) is not None
            and _PEOPLE.search(noun) is not None and not _OPENS_CLAUSE.match(rest))
        tied = (_DEATH_AFTER.match(rest) and not _ACTIVE_KILL.match(rest)) or \
            object_of_kill or (subset and mentions_death)
        if tied and _NEUTRALISED.search(sentence) and _PEOPLE.search(noun) is None \
                and not _DEATH_WORD.search(sentence):
            tied = False            # "the army neutralised a bomb": no one died
        killed_object_end = match.end() + len(noun) if object_of_kill else None
        if tied and not _INJURY.search(noun) and not _injury_first(rest):
            found.append(_Death(value, noun, subset))
    return found


#: nouns of people, for a count coordinated with the object of "killed"
_PEOPLE = re.compile(r"\b(?:people|persons?|civilians?|men|man|villagers?|residents?|farmers?|"
                     r"teachers?|students?|workers?|officials?|drivers?|passengers?|others?|"
                     r"relatives?|brothers?|sons?|daughters?|wife|husband|family|guards?|"
                     r"soldiers?|troops?|fighters?|militants?|officers?|police(?:men)?|"
                     r"commanders?|members?|children|child|boys?|girls?|women|woman|"
                     r"terrorists?|assailants?|attackers?|jihadists?|insurgents?|gunmen|"
                     r"bandits?|rebels?|elements)\b", re.I)
_NEUTRALISED = re.compile(r"\bneutrali[sz](?:e|ed|es|ing)\b", re.I)
#: a verb right after the count's noun: the count is the subject of a new clause
_OPENS_CLAUSE = re.compile(r"^(?:was|were|is|are|had|has|have|died|killed|wounded|injured)\b",
                           re.I)
#: what joins two objects of one "killed": "a commander and another officer", "a teacher, two students"
_COORDINATED = re.compile(r"\s*(?:,\s*(?:and\s+)?|and\s+)", re.I)


def _skip_asides(rest: str) -> str:
    """Drop ", including five children," and "and 4 civilians" between a count and its verb."""
    previous = None
    while previous != rest:
        previous = rest
        rest = _ASIDE.sub("", rest, count=1)
        coordinated = re.match(r"^\s*(?:,|and)\s+(%s)" % _NUMBER.pattern, rest, re.I)
        if coordinated:
            tail = rest[coordinated.end():]
            rest = tail[len(_noun_after(tail)):]
    return rest.lstrip(" ,")


def _noun_after(after: str) -> str:
    """Up to four words naming who died: '12 Syrian army soldiers were killed'."""
    words = re.match(r"^(?:\s+(?!(?:were|was|have|had|are|is|killed|dead|died|and|in|on|at|"
                     r"by|during|after|when|,)\b)(?!\d)[\w'-]+){0,4}", after)
    return words.group() if words else ""


def _injury_first(rest: str) -> bool:
    """'12 wounded and 3 killed': the number belongs to the wounded."""
    injury = _INJURY.search(rest)
    return injury is not None and injury.start() < 3


def _is_date_or_unit(sentence: str, match: re.Match[str]) -> bool:
    after = sentence[match.end():match.end() + 12].lower()
    before = sentence[max(0, match.start() - 10):match.start()].lower()
    if re.match(r"\s*(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|"
                r"percent|%|am\b|pm\b|a\.m|p\.m|th\b|st\b|nd\b|rd\b|-year|-day)", after):
        return True
    if match.group().isdigit() and len(match.group()) == 4 and 1900 <= int(match.group()) <= 2099:
        return True                 # a year
    if re.search(r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s*$", before):
        return True                 # the day in "August 24"
    return bool(re.search(r"(?:in|since|of|january|february|march|april|may|june|july|august|"
                          r"september|october|november|december)\s*$", before)) and \
        match.group().isdigit() and len(match.group()) == 4


def count_sentence(sentence: str) -> int | None:
    if _CUMULATIVE.search(sentence):
        return None
    deaths = [d for d in _deaths(sentence) if not d.subset]
    return sum(d.value for d in deaths) if deaths else None


def count(text: str) -> int | None:
    """Fatalities in a sentence or article: None when no death is counted."""
    counts = [c for c in (count_sentence(s) for s in sentences(text)) if c is not None]
    return max(counts) if counts else None


#: Sentences of an article's lead: the story's own toll is reported there;
#: later ones recount earlier attacks and running totals.
LEAD_SENTENCES = 4


def count_lead(text: str, lead_sentences: int = LEAD_SENTENCES) -> int | None:
    """An article's death toll: the largest sentence count in its lead."""
    return count(" ".join(sentences(text)[:lead_sentences]))


def count_by_group(text: str, lead_sentences: int | None = None) -> Casualties:
    """Deaths by group; per group the largest sentence count in the text.

    `lead_sentences` limits an article to its first sentences, where the
    event is reported; later ones often recount earlier attacks.
    """
    best = {"children": 0, "civilians": 0, "noncivilians": 0, "women": 0}
    for sentence in sentences(text)[:lead_sentences]:
        if _CUMULATIVE.search(sentence):
            continue
        groups = dict.fromkeys(best, 0)
        for death in _deaths(sentence):
            for group in _groups(death.noun, subset=death.subset):
                groups[group] += death.value
        best = {k: max(best[k], groups[k]) for k in best}
    return Casualties(**best)


def _groups(noun: str, subset: bool) -> list[str]:
    if _CHILD.search(noun):
        return ["children"] if subset else ["children", "civilians"]
    if _WOMEN.search(noun):
        return ["women"] if subset else ["women", "civilians"]
    if _FIGHTER.search(noun):
        return [] if subset else ["noncivilians"]
    return [] if subset else ["civilians"]
