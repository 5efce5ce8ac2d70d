"""What the page's own markup adds to trafilatura: captions, lost paragraphs, times, site names."""
from __future__ import annotations

from tocsin.ingest.documents import article_from_html
from tocsin.ingest.html_page import page_blocks, page_meta, parse_page, restore_blocks
from tocsin.models import Article

LEAD = "Shells struck the market of Tessel on Sunday morning, killing at least seven people, medics said."


def _page(head: str = "", body: str = "") -> str:
    return f"<!doctype html><html><head><title>Market shelled in Tessel | Northern Courier</title>{head}</head><body>{body}</body></html>"


def _meta(head: str, body: str = "<p>x</p>") -> tuple[tuple[str, ...], str | None]:
    root = parse_page(_page(head, body))
    assert root is not None
    meta = page_meta(root)
    return meta.sites, meta.published


def test_publication_time_from_json_ld_keeps_clock_and_zone() -> None:
    head = ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle", '
            '"datePublished": "2016-08-07T09:10:00+03:00", "publisher": {"name": "Northern Courier"}}]}</script>')
    sites, published = _meta(head)
    assert published == "2016-08-07T09:10:00+03:00"
    assert sites[0] == "Northern Courier"


def test_a_date_only_meta_gains_the_time_given_elsewhere() -> None:
    head = '<meta property="article:published_time" content="2016-08-07">'
    body = '<p><time datetime="2016-08-07T09:10:00+03:00">7 August</time></p>'
    assert _meta(head, body)[1] == "2016-08-07T09:10:00+03:00"


def test_broken_json_ld_is_ignored() -> None:
    head = '<script type="application/ld+json">{not json</script><meta name="pubdate" content="2016-08-07T06:00Z">'
    assert _meta(head)[1] == "2016-08-07T06:00Z"


def test_site_names_from_og_and_title_suffix() -> None:
    sites, _ = _meta('<meta property="og:site_name" content="The Northern Courier">')
    assert sites == ("The Northern Courier", "Northern Courier")
    assert _meta("")[0] == ("Northern Courier",)


def test_caption_and_lost_lead_are_put_back_in_page_order() -> None:
    body = (f'<h1>Market shelled</h1><div class="intro"><p>{LEAD}</p></div><div class="content">'
            '<p>The army denied firing on the town, a spokesman said on Monday evening.</p>'
            '<figure><img src="a.jpg"><figcaption>Stalls burn after the shelling.</figcaption></figure>'
            '<p>Local officials said about 3,000 families had left the town this month.</p></div>'
            '<aside class="related"><p>Another story about shelling in the north, with many words in it.</p></aside>')
    root = parse_page(_page(body=body))
    assert root is not None
    lines = ["The army denied firing on the town, a spokesman said on Monday evening.",
             "Local officials said about 3,000 families had left the town this month."]
    units, captions = restore_blocks(lines, page_blocks(root))
    assert units == [LEAD, lines[0], "Stalls burn after the shelling.", lines[1]]
    assert captions == ["Stalls burn after the shelling."]


def test_article_from_html_marks_captions_and_keeps_the_time() -> None:
    body = (f'<article><h1>Market shelled in Tessel</h1><p>{LEAD}</p>'
            '<figure><img src="a.jpg"><figcaption>Stalls burn after the shelling.</figcaption></figure>'
            '<p>The army denied firing on the town, a spokesman said on Monday evening.</p></article>')
    article = article_from_html(_page('<meta property="article:published_time" content="2016-08-07T09:10:00+03:00">',
                                      body), "page.html")
    assert isinstance(article, Article)
    assert [article.text[s:e] for s, e in article.captions] == ["Stalls burn after the shelling."]
    assert (article.title, article.source) == ("Market shelled in Tessel", "Northern Courier")
    assert article.published is not None and article.published.hour == 6
    assert article.published_offset_minutes == 180
