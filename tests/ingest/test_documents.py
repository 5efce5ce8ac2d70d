"""Feeds and pages keep the publication time and zone their source wrote."""
from __future__ import annotations

from datetime import datetime

from tocsin.ingest.documents import articles_from_feed
from tocsin.models import Article

FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
<item><title>Bridge reopens after repairs - Valley Post</title><link>https://valleypost.example/bridge</link>
<pubDate>Fri, 05 Aug 2016 21:00:00 +0300</pubDate>
<description>The old bridge at Fennick reopened to traffic on Friday after months of repairs, officials said.</description>
</item></channel></rss>"""


def test_feed_entry_keeps_its_zone_and_loses_the_site_suffix() -> None:
    (article,) = list(articles_from_feed(FEED, "feed.xml"))
    assert isinstance(article, Article)
    assert (article.published, article.published_offset_minutes) == (datetime(2016, 8, 5, 18), 180)
    assert (article.title, article.source) == ("Bridge reopens after repairs", "Valley Post")
