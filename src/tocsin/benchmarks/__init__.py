"""The pieces of `make bench` (tocsin.bench): stores to measure on and the measurements."""
