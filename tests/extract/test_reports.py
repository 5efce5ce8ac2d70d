"""The cited-report register: introductions, back-references, quotations across
paragraphs, and dates relative to the report with honest precision."""
from __future__ import annotations

from datetime import date

import pytest

from tocsin.extract.claims.attribution import lexicon_source, without_attribution
from tocsin.extract.claims.reports import ReportRegister
from tocsin.extract.dates.context import DateContext, within_anchor
from tocsin.extract.dates.rules import DateGuess
from tocsin.extract.frame import build

pytestmark = pytest.mark.slow


def read(nlp, text, published=date(2014, 6, 20)):
    """(sentence, relay, date guess) for each sentence, as the extractor reads them."""
    from tocsin.extract.events import _after_blank_line

    doc = nlp(text)
    dates = DateContext(published)
    register = ReportRegister(dates)
    out = []
    for i, span in enumerate(doc.sents):
        new_paragraph = i > 0 and _after_blank_line(doc, span)
        relay = register.read(i, span, build(span), new_paragraph)
        when = dates.resolve(span.text, new_paragraph=new_paragraph,
                             report_anchor=relay.anchor if relay else None)
        if any(c.isalnum() for c in span.text):      # spaCy may split off a closing quote
            out.append((span.text.strip(), relay, when))
    return out


def test_a_quote_after_a_colon_is_relayed_and_dated_against_the_report(nlp):
    rows = read(nlp, 'In March 2014 the London-based daily Al-Hayat reported that ISIS was leaving. '
                     'The article, titled "ISIS withdraws", stated that:\n\n'
                     '"On Friday, ISIS withdrew its fighters from Idlib."\n\n'
                     'ISIS is a state-building project.')
    intro, back, quote, own = rows
    assert intro[1] is not None and intro[1].report.source.name == "Al-Hayat"
    assert (intro[1].report.date, intro[1].report.precision) == (date(2014, 3, 1), "month")
    assert back[1] is not None and quote[1] is not None
    assert quote[1].report is intro[1].report
    assert (quote[2].date, quote[2].precision) == (date(2014, 3, 1), "month")   # no fake day
    assert own[1] is None                                      # the quotation is over


def test_a_day_precise_report_dates_the_quote_to_the_day(nlp):
    rows = read(nlp, 'On 14 March 2014, the newspaper Al-Hayat ran a report from Beirut. '
                     'The paper went on:\n\n"The group on Friday pulled its fighters out of Idlib."',
                published=date(2014, 7, 2))
    quote = rows[-1]
    assert quote[1] is not None and quote[1].report.source.name == "Al-Hayat"
    assert (quote[2].date, quote[2].precision) == (date(2014, 3, 14), "day")


def test_a_report_named_by_according_to_and_its_inner_source(nlp):
    rows = read(nlp, "According to a report in the Lebanese daily As-Safir last March, the group "
                     "had begun to leave. The newspaper wrote that activists saw convoys leave.")
    intro, back = rows
    assert intro[1].report.source.name == "As-Safir"
    assert intro[1].report.date == date(2014, 3, 1)
    assert back[1] is not None and back[1].report is intro[1].report


def test_a_plain_news_sentence_relays_nothing(nlp):
    rows = read(nlp, "Jets bombed the market on Tuesday, activists said.")
    assert rows[0][1] is None


@pytest.mark.parametrize("opener", ["He wrote:", "Its key paragraph read:",
                                    "The report's final passage ran as follows:"])
def test_a_quote_opened_by_the_author_or_a_part_of_the_report_is_relayed(nlp, opener):
    rows = read(nlp, "In May 2013 the Bamako weekly Le Republicain published a report by its "
                     "correspondent in Gao. " + opener + '\n\n"On Sunday the rebels left Gao."')
    intro, quote = rows[0], rows[-1]
    assert intro[1] is not None and intro[1].report.source.name == "Le Republicain"
    assert quote[1] is not None and quote[1].report is intro[1].report
    assert (quote[2].date, quote[2].precision) == (date(2013, 5, 1), "month")


def test_he_said_long_after_a_report_is_no_back_reference(nlp):
    rows = read(nlp, "In May 2013 the weekly Le Republicain published a report on Gao. "
                     "The governor toured the market. Trade recovered slowly. "
                     "He said: \"We took the town back on Sunday.\"")
    assert rows[-1][1] is None


def test_relative_dates_are_never_more_precise_than_their_anchor():
    friday = DateGuess(date(2014, 2, 28), "day", 0, 9, "on Friday", relative=True)
    assert within_anchor(friday, date(2014, 3, 1), "month") == DateGuess(
        date(2014, 3, 1), "month", 0, 9, "on Friday", relative=True)
    assert within_anchor(friday, date(2014, 3, 14), "day") == friday
    absolute = DateGuess(date(2014, 3, 14), "day", 0, 8, "14 March")
    assert within_anchor(absolute, date(2014, 3, 1), "month") == absolute


def test_source_names_come_from_the_lexicon_or_the_name_beside_an_outlet_noun():
    assert lexicon_source("the London-based Arabic daily Al-Hayat").name == "Al-Hayat"
    assert lexicon_source("the Lebanese daily As-Safir").name == "As-Safir"
    assert lexicon_source("Lebanese daily").name is None
    assert lexicon_source("the article") is None


def test_attribution_is_blanked_without_moving_offsets():
    text = "Jets bombed the market on Tuesday, activists said."
    blanked = without_attribution(text)
    assert blanked is not None and len(blanked) == len(text) and "said" not in blanked
    assert blanked.startswith("Jets bombed the market on Tuesday,")
    assert without_attribution("Jets bombed the market.") is None
