"""Actors in sentence context: speakers, toponyms, capitals, passives, hints
(needs the spaCy model).  Sentences are made up for these tests."""
from __future__ import annotations

import pytest

from tocsin.extract.actors import ActorResolver
from tocsin.models import Actor, Mention

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return ActorResolver()


def _names(pair: tuple[Actor | None, Actor | None]) -> tuple[str | None, str | None]:
    return tuple(a.name if a is not None else None for a in pair)  # type: ignore[return-value]


def _places(doc, *names: str) -> list[Mention]:
    """Toponym mentions as the geocoder would hand them over (doc char offsets)."""
    out = []
    for name in names:
        start = doc.text.index(name)
        out.append(Mention(name, start, start + len(name), "GPE"))
    return out


@pytest.mark.parametrize("sentence, agent", [
    ("Activists said ISIS fighters withdrew from the village on Sunday.", "Islamic State"),
    ("The Syrian Observatory for Human Rights said Kurdish fighters stormed two checkpoints.",
     "Kurdish forces"),
    ("Hezbollah fighters shelled the ridge overnight, opposition activists said.", "Hezbollah"),
    ("According to a monitoring group, regime forces bombed the market.", "Syrian Arab Army"),
])
def test_the_speaker_is_never_the_agent(nlp, resolver: ActorResolver, sentence: str,
                                        agent: str) -> None:
    actor1, actor2 = resolver.roles(nlp(sentence)[:])
    assert actor1 is not None and actor1.name == agent
    for actor in (actor1, actor2):
        assert actor is None or actor.name not in ("Activists", "Syrian Observatory for Human Rights",
                                                   "International observers")


def test_a_reported_passive_without_agent_has_no_actor1(nlp, resolver: ActorResolver) -> None:
    actor1, actor2 = resolver.roles(nlp("Officials said nine policemen were killed overnight.")[:])
    assert actor1 is None
    assert actor2 is not None and actor2.kind == "police"


def test_a_speaker_with_a_pronoun_subject_is_the_agent(nlp, resolver: ActorResolver) -> None:
    actor1, _ = resolver.roles(nlp("The Iraqi army said it had killed 40 militants near the dam.")[:])
    assert actor1 is not None and actor1.name == "Iraqi Security Forces"


def test_a_toponym_is_not_an_actor(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Militants from Qaryat Zulfa attacked a convoy near Tell Hamdun on Monday.")
    found = resolver.roles(doc[:], places=_places(doc, "Qaryat Zulfa", "Tell Hamdun"))
    assert "Qaryat Zulfa" not in _names(found) and "Tell Hamdun" not in _names(found)
    assert found[0] is not None and found[0].name.startswith("Militants")


def test_an_unknown_name_in_a_place_slot_is_not_an_actor(nlp, resolver: ActorResolver) -> None:
    actor1, actor2 = resolver.roles(nlp("The battle for Kafr Zanbaq ended when gunmen fled "
                                        "toward Jisr Tahta.")[:])
    assert "Kafr Zanbaq" not in _names((actor1, actor2))
    assert "Jisr Tahta" not in _names((actor1, actor2))


@pytest.mark.parametrize("sentence, agent", [
    ("Damascus said the rebels had broken the truce.", None),
    ("Baghdad sent two brigades to the northern front.", "Iraqi government"),
    ("Damascus accused Ankara of arming the rebels.", "Syrian government"),
])
def test_a_capital_acting_stands_for_its_government(nlp, resolver: ActorResolver, sentence: str,
                                                    agent: str | None) -> None:
    doc = nlp(sentence)
    capitals = [c for c in ("Damascus", "Baghdad", "Ankara") if c in sentence]
    actor1, _ = resolver.roles(doc[:], places=_places(doc, *capitals))
    if agent is None:               # the speaker of a reported clause stays a source
        assert actor1 is not None and actor1.kind == "rebel"
    else:
        assert actor1 is not None and actor1.name == agent


def test_a_capital_as_a_scene_is_not_an_actor(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Rebels fired mortars at Damascus on Tuesday.")
    actor1, actor2 = resolver.roles(doc[:], places=_places(doc, "Damascus"))
    assert actor1 is not None and actor1.kind == "rebel"
    assert actor2 is None


@pytest.mark.parametrize("sentence, agent, target", [
    ("Four soldiers were killed by Islamic State fighters near the airport.",
     "Islamic State", "Military forces"),
    ("Twelve civilians were killed in Russian air strikes on the market.",
     "Russian armed forces", "Civilians"),
    ("A hospital was hit in air strikes by the US-led coalition.", "US-led coalition", None),
    ("The town fell to the Nusra Front after a week of fighting.", "Hayat Tahrir al-Sham", None),
])
def test_passive_and_nominal_agents(nlp, resolver: ActorResolver, sentence: str, agent: str,
                                    target: str | None) -> None:
    actor1, actor2 = resolver.roles(nlp(sentence)[:])
    assert actor1 is not None and actor1.name == agent
    if target is not None:
        assert actor2 is not None and actor2.name == target


def test_generic_actors_take_the_country_hint(nlp, resolver: ActorResolver) -> None:
    sentence = nlp("Gunmen ambushed a police patrol on the highway.")[:]
    actor1, actor2 = resolver.roles(sentence, country_hint="IQ")     # alpha-2, as places carry
    assert actor1 is not None and actor1.country == "IRQ"
    assert actor2 is not None and actor2.country == "IRQ"
    assert resolver.roles(sentence, country_hint="SYR")[0].country == "SYR"


def test_member_of_a_named_group_is_the_group(nlp, resolver: ActorResolver) -> None:
    actor1, actor2 = resolver.roles(nlp("Fighters of the Islamic State attacked units of the "
                                        "Free Syrian Army at dawn.")[:])
    assert _names((actor1, actor2)) == ("Islamic State", "Free Syrian Army")


@pytest.mark.parametrize("sentence, actors", [
    ("Insurgents led by Hayat Tahrir al-Sham pushed into the city of Aleppo on Friday.",
     ("Hayat Tahrir al-Sham", None)),
    ("Fighters commanded by the Free Syrian Army attacked Islamic State positions near Marea.",
     ("Free Syrian Army", "Islamic State")),
])
def test_men_led_by_a_named_group_are_the_group(nlp, resolver: ActorResolver, sentence: str,
                                                 actors: tuple[str | None, str | None]) -> None:
    assert _names(resolver.roles(nlp(sentence)[:])) == actors


@pytest.mark.parametrize("sentence", [
    "Supporters gathered on the corniche after the match.",
    "The build-up follows months of setbacks for the group.",
])
def test_common_nouns_are_not_unknown_actors(nlp, resolver: ActorResolver, sentence: str) -> None:
    assert resolver.roles(nlp(sentence)[:]) == (None, None)


def test_an_unknown_actor_is_trimmed_to_its_noun_phrase(nlp, resolver: ActorResolver) -> None:
    found = resolver.find(nlp("Several commanders of the Liwa Suqur Tadmur were reported "
                              "to have fled east.")[:])
    texts = [mention.text for _, mention in found]
    assert all(" were" not in t and " reported" not in t for t in texts)


def test_a_named_unit_we_do_not_know_is_not_the_national_army(resolver: ActorResolver) -> None:
    actor = resolver.resolve("the Northern Falcon brigade", country_hint="SYR")
    assert actor.known is False and actor.name == "Northern Falcon brigade"


def test_reported_to_have_done_keeps_its_subject(nlp, resolver: ActorResolver) -> None:
    actor1, _ = resolver.roles(nlp("Two rebel commanders were reported to have fled north.")[:])
    assert actor1 is not None and actor1.kind == "rebel"


@pytest.mark.parametrize("text, bare", [("the coalition", True), ("coalition jets", True),
                                        ("The coalition's", True), ("the Saudi-led coalition", False),
                                        ("the JNIM coalition", False)])
def test_a_bare_coalition_names_no_one(text: str, bare: bool) -> None:
    from tocsin.extract.actors.memory import bare_coalition

    assert bare_coalition(text) is bare


def test_a_known_name_before_a_nickname_is_that_name(resolver: ActorResolver) -> None:
    assert resolver.resolve("the JNIM coalition").name == "JNIM"
    assert resolver.resolve("the coalition").name == "US-led coalition"
    assert resolver.resolve("the Viv Ansanm coalition").name != "US-led coalition"


def test_fighting_between_two_sides_orders_them(nlp, resolver: ActorResolver) -> None:
    doc = nlp("Fighting between ELN guerrillas and FARC dissidents left 23 dead in Arauca, "
              "officials said.")
    actor1, actor2 = resolver.roles(doc[:], "CO")
    assert actor1 is not None and actor1.name == "ELN"
    assert actor2 is not None and actor2.name == "FARC dissidents"


def test_said_on_a_platform_is_no_target(nlp) -> None:
    from tocsin.extract.frame import build

    doc = nlp("Russian forces shelled the city overnight, the governor said on Telegram.")
    frame = build(doc[:])
    assert [t.i for t in doc if t.text == "Telegram"][0] in frame.speaker_ids
    assert not any(doc[i].text == "Russian" for i in frame.speaker_ids)


@pytest.mark.parametrize("sentence, agent", [
    ("The Syrian Coalition condemns the massacre committed by regime forces in Raqqa today.",
     "Syrian Arab Army"),
    ("The United Nations condemned the shelling of the market in Douma on Sunday.", None),
])
def test_who_condemns_an_act_did_not_do_it(nlp, resolver: ActorResolver, sentence: str,
                                           agent: str | None) -> None:
    assert _names(resolver.roles(nlp(sentence)[:]))[0] == agent
