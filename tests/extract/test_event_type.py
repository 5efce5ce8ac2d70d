"""Hand-written sentences, one or more per ACLED sub-event type, plus non-event controls."""
import pytest

from tocsin.extract.event_type import (
    ACLED_CODES, EventTypeGuess, best_codes, classify, classify_many, is_political_violence,
    taxonomy,
)
from tocsin.extract.event_type.lexicon import LexiconError, parse_rules

SUB_TYPE_SENTENCES = [
    ("ARMED_CLASH", "Soldiers and militants exchanged fire for hours near the village of Tamsa."),
    ("GOV_REGAINS_TERIT", "The army recaptured the town of Qaryat from jihadist fighters on Friday."),
    ("NON_STATE_ACTOR_OVERTAKES_TER", "Taliban fighters captured the district centre after government troops fled."),
    ("CHEM_WEAP", "Residents said a helicopter dropped canisters of chlorine on the suburb."),
    ("AIR_STRIKE", "An air strike on a fuel depot killed four people in the rebel-held north."),
    ("SUIC_BOMB", "A suicide bomber struck a funeral in the eastern city, killing eleven mourners."),
    ("ART_MISS_ATTACK", "Artillery shells hit a residential block in the frontline town overnight."),
    ("REM_EXPLOS", "A roadside bomb hit an army truck on the road to the capital."),
    ("GRENADE", "A man threw a grenade into a crowded bar, wounding six customers."),
    ("SEX_VIOL", "Two girls were raped by soldiers at a checkpoint, a rights group said."),
    ("ATTACK", "Gunmen killed nine villagers in an overnight raid on a farming settlement."),
    ("ABDUCT_DISSAP", "Armed men kidnapped a priest and his driver on the highway."),
    ("PEACE_PROTEST", "Hundreds of nurses protested outside the health ministry over unpaid wages."),
    ("PROTEST_WITH_INTER", "Police fired tear gas to disperse demonstrators outside parliament."),
    ("FORCE_AGAINST_PROTEST", "Soldiers opened fire on protesters, killing three of them."),
    ("VIOL_DEMONSTR", "Protesters hurled stones at police and torched a bus in the city centre."),
    ("MOB_VIOL", "A mob lynched two men accused of stealing cattle."),
    ("AGREEMENT", "The government and the armed group signed a ceasefire agreement on Sunday."),
    ("ARREST", "Police arrested a local commander of the militia at his home."),
    ("CHANGE_TO_GROUP_ACT", "The army deployed hundreds of reinforcements to the border region."),
    ("DISR_WEAP", "Bomb disposal experts defused an explosive device found near a school."),
    ("HQ_ESTABLISHED", "Foreign troops set up a new military base near the airport."),
    ("PROPERTY_DISTRUCT", "Attackers looted shops and set fire to houses in the market town."),
    ("NON_VIOL_TERRIT_TRANSFER", "The rebels handed control of the town to the army without a fight."),
]

NON_EVENTS = [
    "The home side won the derby two goals to nil on Saturday.",
    "Manchester United's attack looked sharp as they beat their rivals.",
    "The central bank left interest rates unchanged amid slowing growth.",
    "Shares in the mining company rose five percent after strong results.",
    "Voters will go to the polls in March to elect a new president.",
    "The ruling party unveiled its list of candidates for the election.",
    "The museum reopened to the public after a two-year renovation.",
    "The country exports coffee, tea and cut flowers.",
    "",
    "   ",
]


@pytest.mark.parametrize("code,text", SUB_TYPE_SENTENCES)
def test_each_acled_sub_type(code, text):
    guess = classify(text)
    assert guess is not None
    assert guess.code == code
    info = taxonomy()[code]
    assert (guess.event_type, guess.sub_event_type) == (info.event_type, info.sub_event_type)
    assert is_political_violence(guess)
    assert 0.0 <= guess.score <= 1.0


@pytest.mark.parametrize("text", NON_EVENTS)
def test_non_events_are_not_political_violence(text):
    assert not is_political_violence(classify(text))


@pytest.mark.parametrize("code,text", [
    ("NATURAL_DISASTER", "A strong earthquake shook the coastal province, destroying hundreds of homes."),
    ("MAN_MADE_DISASTER", "A fire broke out at a chemical factory, injuring twelve workers."),
    ("ORG_CRIME", "Police seized two tonnes of cocaine hidden in a shipment of bananas."),
    ("ATTRIB", "The Islamic State group claimed responsibility for the car bomb attack."),
    ("DIPLO", "The government expelled three diplomats and closed the consulate."),
])
def test_non_acled_case_classes(code, text):
    guess = classify(text)
    assert guess is not None and guess.code == code
    assert guess.event_type == "None"
    assert not is_political_violence(guess)


@pytest.mark.parametrize("plover,text", [
    ("ACCUSE", "The foreign minister accused the neighbouring state of arming the rebels."),
    ("CONSULT", "The prime minister met with the visiting president to discuss trade."),
    ("THREATEN", "The militia threatened to attack the capital unless its leader is freed."),
    ("AGREE", "The two countries agreed to hold joint talks on border security next month."),
    ("REJECT", "The rebels rejected the government's offer of an amnesty."),
    ("REQUEST", "The opposition demanded the immediate release of its jailed leaders."),
    ("COERCE", "Police arrested forty opposition supporters in the capital."),
    ("PROTEST", "Thousands of students demonstrated against the new law."),
    ("ASSAULT", "A suicide bomber killed twelve people at a crowded market."),
    ("SANCTION", "The government expelled two embassy staff in retaliation."),
    ("RETREAT", "The rebel troops withdrew from the border town under the peace plan."),
    ("MOBILIZE", "The army mobilised reservists and put its units on high alert."),
])
def test_plover_categories_for_verbal_and_material_events(plover, text):
    guess = classify(text)
    assert guess is not None and guess.plover == plover


def test_trigger_points_at_the_cue():
    text = "On Monday a grenade exploded near the bus station."
    guess = classify(text)
    assert guess is not None and guess.trigger is not None
    start, end = guess.trigger
    assert text[start:end].lower() == "grenade"


def test_batch_matches_single_calls():
    texts = [t for _, t in SUB_TYPE_SENTENCES[:5]] + NON_EVENTS[:3]
    assert classify_many(texts) == [classify(t) for t in texts]
    assert classify_many([]) == []


def test_batch_refuses_a_bare_string():
    with pytest.raises(TypeError):
        classify_many("a sentence")


def test_forced_choice_always_returns_one_of_the_thirty_codes():
    codes = best_codes(["Nothing happened today.", "A bomb exploded."])
    assert all(code in taxonomy() for code in codes)
    assert codes[1] == "REM_EXPLOS"


def test_taxonomy_has_the_thirty_case_codes_and_all_acled_sub_types():
    assert len(taxonomy()) == 30
    assert ACLED_CODES <= set(taxonomy())
    assert len({taxonomy()[c].sub_event_type for c in ACLED_CODES}) == 25


def test_guess_is_frozen():
    guess = classify("A grenade exploded.")
    assert isinstance(guess, EventTypeGuess)
    with pytest.raises(AttributeError):
        guess.code = "OTHER"  # type: ignore[misc]


def test_lexicon_errors_name_the_line():
    with pytest.raises(LexiconError, match="x.tsv:2"):
        parse_rules(["# comment", "CODE\tnot-a-number\tfoo"], "x.tsv")
    with pytest.raises(LexiconError, match="unknown macro"):
        parse_rules(["CODE\t0.5\t{MISSING}"], "x.tsv")


def test_trigger_is_the_deciding_word_when_no_cue_fired():
    text = "Soldiers and militants exchanged fire for hours near the village."
    guess = classify(text)
    assert guess is not None and guess.trigger is not None
    start, end = guess.trigger
    assert 0 <= start < end <= len(text)


def test_a_snippet_is_scored_as_a_whole_and_by_sentence():
    from tocsin.extract.event_type.classifier import snippet_scores

    text = ("The market town lies on the main road north of the capital and is known for its "
            "cattle fairs. On Sunday a man threw a hand grenade into a crowded bar there, wounding six.")
    (scored,) = snippet_scores([text])
    assert abs(sum(scored.probabilities) - 1.0) < 1e-6
    assert best_codes([text]) == ["GRENADE"]
    # one sentence: the same as scoring the whole text
    single = "A man threw a hand grenade into a crowded bar, wounding six."
    assert snippet_scores([single])[0].probabilities == snippet_scores([single])[0].probabilities


def test_a_text_typed_again_gets_the_guess_it_got_first():
    from tocsin.extract.event_type.classifier import _classify_each
    from tocsin.extract.event_type.model import active_model

    text = "Rebels shelled the outskirts of the town on Monday, killing two farmers."
    first = classify_many([text, "Hundreds of teachers marched to the ministry.", text])
    assert first[0] is first[2]
    assert classify_many([text])[0] is first[0]
    assert first == _classify_each([text, "Hundreds of teachers marched to the ministry.", text],
                                   active_model(), None)


def test_a_text_typed_with_other_syntax_features_is_typed_afresh():
    from tocsin.extract.event_type.classifier import _classify_each
    from tocsin.extract.event_type.model import active_model

    text = "Soldiers seized the bridge after a night of fighting."
    features = [["v|seize", "vo|seize|bridge", "r|seize"]]
    assert classify_many([text], syntax=features) == _classify_each([text], active_model(), features)
    assert classify_many([text], syntax=[[]]) == _classify_each([text], active_model(), [[]])
    assert classify_many([text]) == _classify_each([text], active_model(), None)
