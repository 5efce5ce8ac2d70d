"""Readers and scoring of `tocsin eval geo`, on tiny hand-written corpora."""
import json

import pytest
from hypothesis import given, strategies as st

from tocsin.evaluate.geo import Tally, format_table, metrics_of, score_article
from tocsin.evaluate.geo_readers import GoldArticle, GoldToponym, read_corpus
from tocsin.models import Mention, Place

TEXT = "Floods hit Springfield and Dayton on Monday."

LGL = f"""<?xml version="1.0" encoding="utf-8"?>
<articles>
  <article docid="1"><text>{TEXT}</text>
    <toponyms>
      <toponym><start>11</start><end>22</end><phrase>Springfield</phrase>
        <gaztag geonameid="4250542"><lat>39.80</lat><lon>-89.64</lon>
          <country geonameid="6252001">United States</country></gaztag></toponym>
      <toponym><start>27</start><end>33</end><phrase>Dayton</phrase>
        <gaztag geonameid="4509884"><lat>39.76</lat><lon>-84.19</lon></gaztag></toponym>
      <toponym><start>oops</start><end>33</end><phrase>Dayton</phrase></toponym>
      <toponym><start>30</start><end>9999</end><phrase>Dayton</phrase></toponym>
    </toponyms>
  </article>
  <article docid="2"><text></text><toponyms/></article>
  <article docid="3"><text>Nothing here.</text></article>
</articles>"""

GEOVIRUS = f"""<articles>
  <article><source>x</source><text>{TEXT}</text>
    <locations>
      <location><name>Springfield</name><start>12</start><end>23</end><lat>39.8</lat><lon>-89.6</lon></location>
      <location><name>Dayton</name><start>27</start><end>33</end><lat>north</lat><lon>-84.2</lon></location>
      <location><name>Dayton</name><start>27</start></location>
    </locations>
  </article>
</articles>"""

GEOWEBNEWS = f"""<articles>
  <article><text>{TEXT}</text>
    <toponyms>
      <toponym><extractedName>Springfield</extractedName><type>Literal</type><nonLocational>False</nonLocational>
        <start>11</start><end>22</end><geonamesID>4250542</geonamesID><latitude>39.8</latitude><longitude>-89.6</longitude></toponym>
      <toponym><extractedName>Dayton</extractedName><type>Literal</type><nonLocational>True</nonLocational>
        <start>27</start><end>33</end></toponym>
    </toponyms>
  </article>
</articles>"""


def write(tmp_path, content):
    path = tmp_path / "gold.xml"
    path.write_text(content, encoding="utf-8")
    return path


def test_lgl_reader_counts_broken_entries(tmp_path):
    corpus = read_corpus(write(tmp_path, LGL))
    assert corpus.format == "lgl"
    assert len(corpus.articles) == 2 and corpus.skipped_articles == 1
    assert corpus.skipped_toponyms == 2
    first = corpus.articles[0].toponyms[0]
    assert (first.name, first.start, first.end, first.country) == ("Springfield", 11, 22, "United States")
    assert TEXT[first.start:first.end] == "Springfield"


def test_geovirus_reader_keeps_toponyms_with_bad_coordinates_unscored(tmp_path):
    corpus = read_corpus(write(tmp_path, GEOVIRUS))
    assert corpus.format == "geovirus"
    tops = corpus.articles[0].toponyms
    assert [t.has_coordinates for t in tops] == [True, False]
    assert corpus.skipped_toponyms == 1
    # its offsets count from 1 here; the reader snaps them onto the name
    assert (tops[0].start, tops[0].end) == (11, 22)


def test_geowebnews_reader(tmp_path):
    corpus = read_corpus(write(tmp_path, GEOWEBNEWS))
    assert corpus.format == "geowebnews"
    assert [t.has_coordinates for t in corpus.articles[0].toponyms] == [True, False]


@pytest.mark.parametrize("content", ["<articles><article>", "<articles/>", "not xml at all"])
def test_unusable_files_raise_one_clear_error(tmp_path, content):
    with pytest.raises(ValueError):
        read_corpus(write(tmp_path, content))


def place(lat, lon, cc="US"):
    return Place(name="x", lat=lat, lon=lon, country_code=cc)


def test_scoring_counts_recognition_and_distance():
    article = GoldArticle(TEXT, (GoldToponym(11, 22, "Springfield", 39.8, -89.6, "United States"),
                                 GoldToponym(27, 33, "Dayton", 39.76, -84.19)))
    pairs = [(Mention("Springfield", 11, 22), place(39.8, -89.6)),
             (Mention("Monday", 37, 43), None)]
    tally = Tally()
    score_article(article, pairs, tally, lambda t: "US")
    m = metrics_of(tally, 1)
    assert (m["recognition_p"], m["recognition_r"]) == (0.5, 0.5)
    assert m["acc_161km"] == 0.5 and m["acc_25km"] == 0.5
    assert m["median_km"] == 0.0 and m["country_acc"] == 0.5
    assert json.loads(json.dumps(m)) == m
    assert "acc_161km" in format_table(m)


def test_predictions_on_unscored_gold_are_neither_right_nor_wrong():
    article = GoldArticle(TEXT, (GoldToponym(27, 33, "Dayton"),))
    tally = Tally()
    score_article(article, [(Mention("Dayton", 27, 33), place(0, 0))], tally, lambda t: None)
    assert tally.predicted == 0 and tally.gold == 0


def test_empty_tally_gives_zero_metrics():
    m = metrics_of(Tally(), 0)
    assert m["recognition_f1"] == 0.0 and m["median_km"] is None


@given(st.lists(st.tuples(st.integers(0, 40), st.integers(1, 10)), max_size=8))
def test_recognition_scores_stay_in_unit_range(spans):
    gold = GoldArticle(TEXT, (GoldToponym(11, 22, "Springfield", 39.8, -89.6),))
    pairs = [(Mention("x", s, s + n), None) for s, n in spans]
    tally = Tally()
    score_article(gold, pairs, tally, lambda t: None)
    m = metrics_of(tally, 1)
    for key in ("recognition_p", "recognition_r", "recognition_f1", "acc_161km"):
        assert 0.0 <= m[key] <= 1.0


@pytest.mark.slow
def test_main_prints_metrics_json_last(tmp_path, capsys):
    from tocsin.evaluate.geo import main

    assert main([str(write(tmp_path, LGL))]) == 0
    last = capsys.readouterr().out.strip().splitlines()[-1]
    metrics = json.loads(last)
    for key in ("n_articles", "n_toponyms", "recognition_p", "recognition_r", "recognition_f1",
                "acc_161km", "acc_25km", "median_km", "mean_km", "country_acc"):
        assert key in metrics
    assert metrics["n_articles"] == 2 and metrics["recognition_r"] == 1.0


def test_main_reports_an_unusable_file_in_one_line(tmp_path, capsys):
    from tocsin.evaluate.geo import main

    assert main([str(write(tmp_path, "not xml"))]) == 2
    assert capsys.readouterr().err.count("\n") == 1
