# Two commands for a fresh machine: `make run` and `make test`. Both create .venv when it is missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test bench quality speed train clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

run: $(STAMP)  ## serve on http://127.0.0.1:8000 with SQLite under instance/, no CRM
	$(BIN)/sendwell serve

# Test-time JavaScript tooling (manifest schemas, Office.js mocks), pinned by package-lock.json.
# Without npm the tests that need it skip and say why.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: the add-in manifest and JavaScript tests will skip"; fi

test: $(STAMP) node_modules/.installed  ## the whole suite (browser/node tests skip with a reason where Chromium/npm are missing)
	$(BIN)/python -m pytest

quality: $(STAMP)  ## review-quality figures on ../shared/data (held-out split)
	$(BIN)/python benchmarks/quality.py
	$(BIN)/python benchmarks/sales.py --split all

speed: $(STAMP)  ## review latency in process and over HTTP, beside /healthz and dateparser
	$(BIN)/python benchmarks/speed.py

bench: quality speed

train: $(STAMP)  ## retrain the shipped weights (scikit-learn, training time only)
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python -m training.train_politeness
	$(BIN)/python -m training.train_asks

clean:
	rm -rf $(VENV) build *.egg-info
