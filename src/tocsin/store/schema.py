"""DuckDB schema of a tocsin store."""

from tocsin.store.event_columns import TYPED_COLUMNS, migrations

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
    payload VARCHAR,
""" + ",\n".join(f'    "{name}" {kind}' for name, kind in TYPED_COLUMNS.items()) + "\n"
# payload: the JSON of rows written before the typed columns (store/event_columns.py);
# rows written since leave it NULL.  Older schema-3 files get the typed columns by ALTER.

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
-- Every name a filter may use for an actor: dictionary aliases (written by the
-- runner from the actor dictionary) and the spellings the reports used (source
-- 'text'), each with the canonical name; alias_key is store.names.name_key(alias).
CREATE TABLE IF NOT EXISTS actor_names (
    alias_key VARCHAR, name VARCHAR, source VARCHAR, PRIMARY KEY (alias_key, name, source)
);
-- An analyst's corrections and dismissals, kept apart from extraction so that
-- re-ingest and refresh never lose them.  event_id is the real-world event id
-- given when correcting, which is also the id of one of its mentions: the
-- correction follows that mention into whichever cluster holds it.
CREATE TABLE IF NOT EXISTS corrections (
    id VARCHAR PRIMARY KEY, event_id VARCHAR, changes VARCHAR, note VARCHAR, made_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS dismissals (
    alert_id VARCHAR PRIMARY KEY, why VARCHAR, made_at TIMESTAMP
);
-- An analyst's review verdicts on alerts (tocsin review; store/verdicts.py), by alert
-- id, with the alert as it was judged, so later rule changes can be scored against them.
CREATE TABLE IF NOT EXISTS verdicts (
    alert_id VARCHAR PRIMARY KEY, kind VARCHAR, verdict VARCHAR, cause VARCHAR, note VARCHAR,
    reviewer VARCHAR, made_at TIMESTAMP, alert VARCHAR
);
-- Alert delivery (store/outbox.py): alerts queued in the transaction that stores
-- them, each marked when delivered, so a crash never loses or forgets one.
CREATE TABLE IF NOT EXISTS outbox (
    alert_id VARCHAR, version VARCHAR, payload VARCHAR, queued_at TIMESTAMP,
    attempts INTEGER, delivered_at TIMESTAMP, abandoned_at TIMESTAMP, last_error VARCHAR,
    PRIMARY KEY (alert_id, version)
);
-- Coreference components refresh must rebuild (store/event_tables.py): a clustered
-- mention was written again, or the original of a stored copy arrived.
CREATE TABLE IF NOT EXISTS refresh_pending (component_id VARCHAR PRIMARY KEY);
-- The de-duplicator's LSH bands of each stored MinHash (store/minhash_bands.py).
CREATE TABLE IF NOT EXISTS minhash_bands (band SMALLINT, key BIGINT, article_id VARCHAR);
CREATE TABLE IF NOT EXISTS deliveries (
    sink VARCHAR, alert_id VARCHAR, version VARCHAR, delivered_at TIMESTAMP,
    PRIMARY KEY (sink, alert_id)
);
""" + "".join(f"{sql};\n" for table in ("mentions", "events") for sql in migrations(table))
