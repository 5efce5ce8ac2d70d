"""Live work: watching feeds, alone (`tocsin watch`) or inside the server (`tocsin serve --watch`).

This package sits above analysis/ and store/: the watcher stores articles,
recomputes alerts and delivers them from the store's outbox.
"""
