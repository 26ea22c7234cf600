# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make reports   build the processed tables and reports from data/raw/
#   make test      lint, then run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: reports test lint format validate demo-data lock clean bench

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==26.3
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(STAMP)

reports: $(STAMP)
	$(BIN)/python pipeline.py run --all

validate: $(STAMP)
	$(BIN)/python pipeline.py validate --all

test: lint
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Rewrite the shipped demo data (deterministic: a no-op unless the generator changed).
demo-data: $(STAMP)
	$(BIN)/python -m tools.demo --out data/raw --years 2007 2008 2009 2010

lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	{ echo "# Pinned dependencies of cres-reports (runtime + dev), installed by 'make'."; \
	  echo "# Regenerate with 'make lock' after changing pyproject.toml."; \
	  $(BIN)/python -m pip freeze --exclude-editable; } > requirements.lock

clean:
	rm -rf build data/processed reports/20* reports/index.html reports/assets

# Speed and size figures (not a test): naive papermill+nbconvert vs the pipeline, cache, scale.
bench: $(STAMP)
	$(BIN)/python bench/benchmark.py
