"""The near-duplicate index kept in the store: MinHash LSH bands as rows.

`ingest.dedup.Deduplicator` used to load every stored signature into an
in-memory LSH index at each ingest (1.4 s and growing with the store).  The
bands live in `minhash_bands` instead: one row (band, key, article id) per
band of each stored signature, where key hashes the band's hash values
(`ingest.dedup.band_keys`).  The de-duplicator asks SQL for the articles that
share a band with a new text and loads only their signatures.

Rows are added by `sync_minhash_bands`, which the de-duplicator calls when it
starts: it indexes, a chunk at a time, every article whose signature has no
band rows yet (articles written by earlier runs, or by older versions that
had no such table).  An article with an empty signature gets one row with
band -1 so it is not looked at again.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tocsin.store.bulk import insert_rows

if TYPE_CHECKING:
    import duckdb

#: band number of the row that marks an article whose signature has no bands
NO_BANDS = -1
_CHUNK = 2000

BandKeys = Callable[[bytes], Sequence[tuple[int, int]]]


class MinhashBands:
    """Mixin of `Store`: the de-duplicator's band table."""

    con: "duckdb.DuckDBPyConnection"

    def sync_minhash_bands(self, keys: BandKeys) -> int:
        """Index every stored signature that has no band rows yet; how many."""
        done = 0
        while True:
            # against the distinct article ids: the anti-join on the whole band
            # table (25 rows an article) left ~100 MB in DuckDB's allocator at
            # 46k articles, ~20 MB this way (both find no row in a synced store)
            rows = self.con.execute(
                "SELECT id, minhash FROM articles a WHERE minhash IS NOT NULL AND NOT EXISTS "
                "(SELECT 1 FROM (SELECT DISTINCT article_id FROM minhash_bands) b "
                "WHERE b.article_id = a.id) "
                f"ORDER BY id LIMIT {_CHUNK}").fetchall()
            if not rows:
                return done
            bands = [(band, key, article_id) for article_id, data in rows
                     for band, key in (keys(data) or [(NO_BANDS, 0)])]
            self.con.execute("BEGIN TRANSACTION")
            try:
                insert_rows(self.con, "minhash_bands", ("band", "key", "article_id"), bands)
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            self.con.execute("COMMIT")
            done += len(rows)

    def band_candidates(self, keys: Sequence[tuple[int, int]]) -> list[tuple[str, bytes]]:
        """(id, signature) of the stored articles that share a band with `keys`,
        in the order the de-duplicator ranks stored articles (published, id)."""
        if not keys:
            return []
        bands, hashes = zip(*keys)
        return self.con.execute(
            "SELECT id, minhash FROM articles WHERE id IN (SELECT b.article_id FROM "
            "minhash_bands b JOIN (SELECT unnest(?::SMALLINT[]) AS band, "
            "unnest(?::BIGINT[]) AS key) q ON b.band = q.band AND b.key = q.key) "
            "ORDER BY published, id", [list(bands), list(hashes)]).fetchall()
