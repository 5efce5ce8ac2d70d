# tocsin: two commands on a fresh machine —  `make demo`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOCSIN := $(VENV)/bin/tocsin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= tocsin.duckdb

.PHONY: demo test venv gazetteer bench eval clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(STAMP)

gazetteer: $(STAMP)
	$(PY) -m tocsin.geo.gazetteer build

demo: venv gazetteer
	rm -f $(DB)
	$(TOCSIN) ingest examples/articles examples/feed.jsonl --db $(DB) --quiet
	$(TOCSIN) summary --db $(DB)
	@echo
	$(TOCSIN) backtest --db $(DB) --targets examples/targets.csv
	@echo
	@echo "Open the dashboard:  $(TOCSIN) serve --db $(DB)   then browse http://127.0.0.1:8000/"

test: venv gazetteer
	$(PY) -m pytest -q -p no:cacheprovider

bench: venv gazetteer
	$(PY) -m tocsin.bench --fakes $(SHARED)/eval/articles/fakes_dev.csv

eval: venv gazetteer
	$(PY) -m tocsin.evaluate.scorecard --shared $(SHARED) --out docs/accuracy.md

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
