"""DuckDB schema of a tocsin store."""

SCHEMA_VERSION = "3"

_EVENT_COLUMNS = """
    id VARCHAR PRIMARY KEY,
    article_id VARCHAR, cluster_id VARCHAR,
    event_type VARCHAR, sub_event_type VARCHAR, plover VARCHAR,
    date DATE, date_precision VARCHAR, status VARCHAR, fatalities INTEGER,
    actor1_name VARCHAR, actor1_kind VARCHAR, actor2_name VARCHAR, actor2_kind VARCHAR,
    place_name VARCHAR, admin1 VARCHAR, admin2 VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
    precision VARCHAR, movement_kind VARCHAR,
    sources_articles INTEGER, sources_independent INTEGER,
    payload VARCHAR
"""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS articles (
    id VARCHAR PRIMARY KEY,
    url VARCHAR, title VARCHAR, author VARCHAR, source VARCHAR,
    published TIMESTAMP, genre VARCHAR, text VARCHAR, captions VARCHAR,
    dateline_place VARCHAR, content_hash VARCHAR, duplicate_of VARCHAR,
    origin VARCHAR, minhash BLOB, published_offset_minutes INTEGER
);
-- One row per extracted mention: a sentence that reports an event.
CREATE TABLE IF NOT EXISTS mentions ("""+_EVENT_COLUMNS+""");
-- One row per real-world event: mentions merged by coreference (id = cluster id).
CREATE TABLE IF NOT EXISTS events ("""+_EVENT_COLUMNS+""");
CREATE TABLE IF NOT EXISTS actors (name VARCHAR PRIMARY KEY, kind VARCHAR, n_events INTEGER);
CREATE TABLE IF NOT EXISTS places (
    name VARCHAR PRIMARY KEY, admin1 VARCHAR, country VARCHAR, lat DOUBLE, lon DOUBLE,
    precision VARCHAR, n_events INTEGER
);
CREATE TABLE IF NOT EXISTS alerts (
    id VARCHAR PRIMARY KEY, kind VARCHAR, actor VARCHAR, region VARCHAR,
    fired_at TIMESTAMP, severity DOUBLE, payload VARCHAR
);
CREATE TABLE IF NOT EXISTS problems (
    origin VARCHAR, reason VARCHAR, message VARCHAR, noted_at TIMESTAMP
);
-- Alert delivery (store/outbox.py): alerts queued in the transaction that stores
-- them, each marked when delivered, so a crash never loses or forgets one.
CREATE TABLE IF NOT EXISTS outbox (
    alert_id VARCHAR, version VARCHAR, payload VARCHAR, queued_at TIMESTAMP,
    attempts INTEGER, delivered_at TIMESTAMP, abandoned_at TIMESTAMP, last_error VARCHAR,
    PRIMARY KEY (alert_id, version)
);
CREATE TABLE IF NOT EXISTS deliveries (
    sink VARCHAR, alert_id VARCHAR, version VARCHAR, delivered_at TIMESTAMP,
    PRIMARY KEY (sink, alert_id)
);
"""
