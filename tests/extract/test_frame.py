"""The sentence frame: reporting frames, predicates and their roles, modality."""
from __future__ import annotations

import pytest

from tocsin.extract.frame import build

pytestmark = pytest.mark.slow


def frame_of(nlp, text: str):
    return build(list(nlp(text).sents)[0])


def test_a_relative_clause_does_not_give_the_subject(nlp):
    f = frame_of(nlp, "ISIS, which alienated many rebel groups with its brutality, withdrew its "
                      "fighters from Idlib.")
    assert f.main is not None and f.main.head.text == "withdrew"
    assert f.main.subject is not None and f.main.subject.text == "ISIS"
    alienated = next(p for p in f.predicates if p.head.text == "alienated")
    assert alienated.subject is not None and alienated.subject.text == "ISIS"   # "which" undone


def test_conjoined_predicates_share_the_subject_and_objects_are_split(nlp):
    f = frame_of(nlp, "Militants took the cities of Mosul and Tikrit and executed dozens of soldiers.")
    executed = next(p for p in f.predicates if p.head.text == "executed")
    assert executed.conjoined_to is not None and executed.conjoined_to.text == "took"
    assert executed.subject is not None and executed.subject.text == "Militants"
    assert {"Mosul", "Tikrit"} <= {t.text for t in f.main.objects}
    assert [p.head.text for p in f.conjuncts(f.main)] == ["executed"]


def test_the_reported_clause_is_the_claim_and_the_speaker_a_source(nlp):
    f = frame_of(nlp, "The town of Atarib fell to ISIS on Monday, activists said.")
    assert f.main.head.text == "fell"
    assert f.report is not None and f.report.kind == "speech" and f.report.speaker.text == "activists"
    assert {t.text for t in f.span if t.i in f.speaker_ids} == {"activists"}


def test_a_denial_scopes_the_denied_clause(nlp):
    f = frame_of(nlp, "The ministry denied reports that army units had abandoned their positions.")
    assert f.report is not None and f.report.kind == "denial"
    assert f.main.head.text == "abandoned"


@pytest.mark.parametrize("text, word, field", [
    ("Militants plan to attack Baghdad.", "attack", "irrealis"),
    ("If the rebels take the town, they will hold the road.", "take", "conditional"),
    ("The army could launch an offensive.", "launch", "modal"),
    ("The army did not attack the village.", "attack", "negated"),
    ("The militants reportedly executed prisoners.", "executed", "hedge"),
    ("ISIS fighters were reported to have fled the town.", "fled", "hedge"),
    ("Will the regime bomb Idlib next?", "bomb", "question"),
    ("The army should retake the city.", "retake", "deontic"),
    # the alternative not taken
    ("The garrison dug in along the canal rather than fight for the town.", "fight", "negated"),
    ("The rebels withdrew instead of fighting for Kidal.", "fighting", "negated"),
    ("Rather than storm the port, the militants besieged it.", "storm", "negated"),
])
def test_modality_of_the_event_predicate(nlp, text, word, field):
    f = frame_of(nlp, text)
    predicate = next(p for p in f.predicates if p.head.text == word)
    assert getattr(predicate.modality, field)
    # a hedge makes a claim unproven (alleged), not unreal
    assert predicate.modality.realis == (field == "hedge")


def test_the_alternative_taken_stays_realis(nlp):
    f = frame_of(nlp, "The rebels withdrew instead of fighting for Kidal.")
    assert f.main.head.text == "withdrew" and f.main.modality.realis


def test_a_plain_past_event_is_realis(nlp):
    f = frame_of(nlp, "Jets bombed the market on Tuesday.")
    assert f.main.modality.realis and f.report is None


@pytest.mark.parametrize("text", ["The article, titled \"ISIS leaves\", stated that:",
                                  "The paper went on:"])
def test_a_colon_after_a_reporting_frame_opens_a_quotation(nlp, text):
    f = frame_of(nlp, text)
    assert f.opens_quotation and f.report is not None


def test_a_side_report_and_according_to_are_sources(nlp):
    f = frame_of(nlp, "On Friday, the paper reported, ISIS fighters withdrew from Idlib.")
    assert f.main.head.text == "withdrew"
    assert any(r.speaker is not None and r.speaker.text == "the paper" for r in f.reports)
    g = frame_of(nlp, "According to a report in the daily As-Safir, the group left Idlib.")
    assert any(r.kind == "according" for r in g.reports)


def test_paragraph_breaks_end_sentences(nlp):
    doc = nlp('The article stated that:\n\n"On Friday, ISIS withdrew its fighters from Idlib."')
    assert len(list(doc.sents)) == 2


def test_the_speaker_is_the_subject_next_to_the_reporting_verb(nlp):
    # The small parser reads "captured" as a modifier here and hangs both "Fighters" and
    # "officials" on "said": the speaker is the subject next to the verb.
    f = frame_of(nlp, "Fighters of the Islamic State of Iraq and the Levant captured Tikrit, the capital "
                      "of Salahuddin province and the home town of Saddam Hussein, on Wednesday, extending "
                      "a lightning advance south from Mosul toward Baghdad, security officials said.")
    assert f.report is not None and f.report.speaker.text == "security officials"
    assert "Fighters" not in {t.text for t in f.span if t.i in f.speaker_ids}


def test_the_reported_clause_drops_the_speaker_and_a_comment_tacked_on(nlp):
    from tocsin.extract.frame import comment_ranges, reported_clause, tells_own_deed

    text = ("The rebel movement said on Friday it had fired a missile at a tanker off Aden, "
            "the latest in a campaign the group says is aimed at pressing Israel over Gaza.")
    span = list(nlp(text).sents)[0]
    clause = reported_clause(span)
    assert clause is not None and len(clause) == len(text)
    assert "fired a missile at a tanker" in clause
    assert "movement said" not in clause and "campaign" not in clause
    assert tells_own_deed(span)
    assert any(text[a:b].startswith("the latest") and "Gaza" in text[a:b]
               for a, b in comment_ranges(span))


@pytest.mark.parametrize("text, own", [
    ("The army said its units had repelled four attacks near the town.", True),
    ("The Taliban said they had killed 12 soldiers at a checkpoint.", True),
    ("It said the strike was carried out in self-defence.", False),
    ("The group claimed responsibility for the bombing.", False),
])
def test_a_speaker_telling_of_its_own_deed(nlp, text: str, own: bool) -> None:
    from tocsin.extract.frame import tells_own_deed

    assert tells_own_deed(list(nlp(text).sents)[0]) is own


def test_who_is_informed_is_the_audience_and_the_that_clause_the_claim(nlp):
    f = frame_of(nlp, "The General Staff informs the public that a unit of the armed forces was "
                      "the target of an attack by armed groups near Hombori.")
    assert f.report is not None and f.report.content is not None
    assert "target of an attack" in f.report.content.text
    assert f.report.audience is not None and f.report.audience.text == "the public"


def test_a_denial_of_a_noun_then_a_statement_reports_the_statement(nlp):
    """"denied the claim" takes a noun (someone else's claim); what the ministry says
    is the second verb's clause, and the ministry is its speaker."""
    f = frame_of(nlp, "The ministry denied the claim and said its jets had bombed rebel camps "
                      "near Kunduz.")
    assert f.report is not None and f.report.kind == "speech" and f.report.verb.text == "said"
    assert f.report.speaker is not None and f.report.speaker.text == "The ministry"
    assert f.main is not None and f.main.head.text == "bombed"


def test_an_act_named_by_a_noun_then_others_speaking_keeps_its_act(nlp):
    f = frame_of(nlp, "The authorities declared a curfew in the city, and residents said they "
                      "were sheltering in their homes.")
    assert f.main is not None and f.main.head.text == "declared"
