"""Syntax features (`features.syntax_features`): read from the parse the pipeline
already has, the same at training and at ingest, without a second parse."""
from tocsin.extract.event_type import classify_many, syntax_features
from tocsin.extract.event_type.parsing import syntax_of_texts


def test_verbs_objects_subjects_and_lemmas(nlp):
    found = syntax_features(nlp("Rebels seized the town and did not release the hostages."))
    assert "v|seize" in found
    assert "vo|seize|town" in found
    assert "vs|seize|rebel" in found
    assert "vn|release" in found
    assert "l|rebel" in found
    assert "r|seize" in found


def test_a_sentence_of_an_article_reads_like_the_sentence_alone(nlp):
    doc = nlp("The town was quiet on Sunday. Militants stormed a police post in Kunduz.")
    second = list(doc.sents)[1]
    assert {f for f in syntax_features(second) if f.startswith(("v|", "vo|", "vs|"))} == \
        {"v|storm", "vo|storm|post", "vs|storm|militant"}
    assert all(f not in syntax_features(second) for f in ("l|quiet", "l|sunday"))


def test_blanked_attribution_is_left_out(nlp):
    text = "Militants stormed a police post, the ministry said."
    blanked = text.replace("the ministry said", " " * len("the ministry said"))
    found = syntax_features(nlp(text), blanked)
    assert "v|storm" in found
    assert not any(f in found for f in ("v|say", "l|ministry", "vs|say|ministry"))


def test_features_given_by_the_caller_match_a_parse_of_the_text(nlp):
    texts = ["Militants stormed a police post in Kunduz.", "Shares exploded higher on Monday."]
    given = [syntax_features(doc) for doc in nlp.pipe(texts)]
    assert given == syntax_of_texts(texts)
    assert classify_many(texts, syntax=given) == classify_many(texts)


def test_texts_typed_alone_are_parsed_by_the_pipelines_own_loaded_model():
    from tocsin.extract.event_type.parsing import UNUSED_PIPES, _nlp
    from tocsin.runner import Pipeline

    assert _nlp() is Pipeline().nlp                 # no second model loaded
    assert set(UNUSED_PIPES) <= set(_nlp().pipe_names)   # what is skipped is there to skip
