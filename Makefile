# `make run` serves the app at http://127.0.0.1:5000 (PORT overrides); `make test` runs every test.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format model report bench bench-memory bench-online bench-peers screenshot wrk chromium clean

# uv installs the packages (from PyPI, as pip would) in about half pip's time, compiling each
# module once, in parallel, as it goes.
$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet uv
	$(PY) -m uv pip install --quiet --python $(PY) --compile-bytecode -e '.[embedded,report,test]'
	touch $@

# Front-end packages (ReDoc for the API docs page), pinned by web/package-lock.json.
NODE_STAMP := web/node_modules/.package-lock.json
$(NODE_STAMP): web/package.json web/package-lock.json
	npm ci --prefix web --no-audit --no-fund --ignore-scripts
	touch $@

run: $(STAMP) $(NODE_STAMP)
	$(PY) -m server

# Two pytest workers (pytest-xdist), each with its own SecantusDB: the suite takes about half as long.
TEST_WORKERS ?= 2
test: $(STAMP) $(NODE_STAMP) chromium
	$(PY) -m ruff check .
	$(PY) -m pytest -n $(TEST_WORKERS) --dist worksteal

# Debian's Chromium drives the browser tests (Playwright cannot download its own browsers here).
chromium:
	@test -x /usr/bin/chromium || { \
		echo "installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: $(STAMP)
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

# Rebuild the shipped model from the training data (a few minutes): DATA is the IMDb training
# reviews, SHORT_DATA labelled one-sentence reviews, NLTK_DATA the lexicons (README, "The model").
DATA ?= ../shared/data/imdb_train.csv.gz
SHORT_DATA ?= ../shared/data/short_sentences.csv.gz
NLTK_DATA ?= $(abspath ../shared/nltk_data)
export NLTK_DATA

model: $(STAMP)
	$(PY) -m classifier train --data $(DATA) --short-data $(SHORT_DATA)

# Measure the model and write docs/model-card/ (a few minutes).
report: $(STAMP)
	$(PY) -m classifier report --data $(DATA) --short-data $(SHORT_DATA)

# Benchmarks: numbers printed, never asserted (docs/performance.md).
bench: $(STAMP) wrk
	$(PY) -m tests.bench.http
	$(PY) -m tests.bench.train_throughput
	$(PY) -m tests.bench.replay

bench-memory: $(STAMP) wrk
	$(PY) -m tests.bench.memory --minutes 10

bench-online: $(STAMP)
	$(PY) -m tests.bench.online_feedback

# This app beside a bare Flask app and MLflow's model server (installed into var/bench/).
bench-peers: $(STAMP) wrk
	$(PY) -m tests.bench.peers | tee docs/bench/peers.txt

# The README's screenshot of the page, taken in Chromium (docs/screenshot.png).
screenshot: $(STAMP) $(NODE_STAMP) chromium
	$(PY) -m tests.e2e.screenshot

# wrk (Debian's package) drives the HTTP load.
wrk:
	@command -v wrk >/dev/null || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }

clean:
	rm -rf $(VENV) var .pytest_cache web/node_modules
