# tocsin: two commands on a fresh machine —  `make demo`  and  `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
TOCSIN := $(VENV)/bin/tocsin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= tocsin.duckdb

WEB_STAMP := web/node_modules/.installed

.PHONY: demo test venv gazetteer web browser bench eval clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	touch $@

venv: $(STAMP)

# Front-end libraries for the dashboard (leaflet, world-atlas) and the browser-test driver.
$(WEB_STAMP): web/package.json web/package-lock.json
	@if command -v npm >/dev/null; then npm ci --prefix web --no-audit --no-fund --silent && touch $@; \
	else echo "npm not found: the dashboard will ask for 'npm ci --prefix web'"; fi

web: $(WEB_STAMP)

# Debian's Chromium for the dashboard's browser test (skipped with a reason where absent).
browser:
	@command -v chromium >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "chromium not installed: the browser test will be skipped"; }

gazetteer: $(STAMP)
	$(PY) -m tocsin.geo.gazetteer ensure

demo: venv gazetteer web
	rm -f $(DB)
	$(TOCSIN) ingest examples/articles examples/feed.jsonl --db $(DB) --quiet
	$(TOCSIN) summary --db $(DB)
	@echo
	$(TOCSIN) backtest --db $(DB) --targets examples/targets.csv
	@echo
	@echo "Open the dashboard:  $(TOCSIN) serve --db $(DB)   then browse http://127.0.0.1:8000/"

test: venv gazetteer web browser
	$(PY) -m mypy
	$(PY) -m pytest -q -p no:cacheprovider

bench: venv gazetteer
	$(PY) -m tocsin.bench --fakes $(SHARED)/eval/articles/fakes_dev.csv \
		--general $(SHARED)/eval/geo/lgl.xml --live-articles examples/articles --components

eval: venv gazetteer
	$(PY) -m tocsin.evaluate.scorecard --shared $(SHARED) --out docs/accuracy.md

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
