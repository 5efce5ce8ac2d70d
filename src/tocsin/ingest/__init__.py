"""Ingest: files, folders, CSV, JSONL and feeds in; cleaned `Article`s and `Problem`s out.

Entry point: `tocsin.ingest.readers.iter_inputs`.  Submodules are imported
on demand so that `import tocsin.ingest` stays cheap.
"""
