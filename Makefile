# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make reports   build the processed tables and reports from data/raw/
#   make test      lint, then run the whole test suite
# `make` alone (or `make help`) lists every target.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
KERNELS := $(VENV)/share/jupyter/kernels
UV_INSTALL := $(BIN)/uv pip install --quiet --python $(BIN)/python --link-mode copy
# Every platform, from the oldest Python the pins support (soupsieve 4.1.3 wants 3.11.5).
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11.5 --generate-hashes \
	--custom-compile-command 'make lock' $(LOCK_OPTIONS)
# The fast tier: everything but kernels, builds, browsers and slow end-to-end runs.
FAST := not kernel and not build and not browser and not slow

.DEFAULT_GOAL := help
.PHONY: help reports test test-fast lint format validate lab demo-data lock clean bench

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# The locks (README, "Dependencies") are installed by uv, hashes checked; uv itself by pip.
$(STAMP): requirements.lock requirements-dev.lock requirements-lab.lock requirements-uv.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-uv.lock
	$(UV_INSTALL) --require-hashes -r requirements.lock -r requirements-dev.lock -r requirements-lab.lock
	$(UV_INSTALL) --no-deps -e .
	$(BIN)/python -m cres_reports.publishing.engine.kernelspec $(KERNELS) >/dev/null
	touch $(STAMP)

reports: $(STAMP) ## validate and build every report from data/raw/ (the demo data as shipped), and each year's PDF
	$(BIN)/python pipeline.py run --all
	@# Without Chromium the pages are built, not the PDFs: the command says so and exits 7.
	$(BIN)/python pipeline.py pdf --all || test $$? -eq 7

validate: $(STAMP) ## check every year's raw files against the expectations
	$(BIN)/python pipeline.py validate --all

lab: $(STAMP) ## open the notebooks in JupyterLab, with the project's kernel (after make reports)
	$(BIN)/jupyter lab --ServerApp.root_dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

# The suite runs on every core (pytest-xdist, `-n auto`: 2 workers on CI's 2 cores). With
# `--dist loadgroup`, the tests of a module marked `xdist_group` go to one worker, so the
# module's expensive fixture (a multi-year build) is built once; the session builds
# (`site`, `survey_site`) are built once per worker that needs them. Each test build runs
# one kernel (`--jobs 1`, tests/support/pipeline.py): the workers already fill the cores.
test: lint ## lint, then the whole test suite (what CI runs)
	$(BIN)/python -m pytest -n auto --dist loadgroup --durations=20

test-fast: $(STAMP) ## the fast tier (no kernel, build or browser), under a minute
	$(BIN)/python -m pytest -q -n auto --dist loadgroup -m "$(FAST)"

lint: $(STAMP) ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: $(STAMP) ## let ruff fix and format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

demo-data: $(STAMP) ## rewrite the shipped demo data (deterministic: a no-op unless the generator changed)
	$(BIN)/python -m tools.demo --out data/raw --years 2007 2008 2009 2010 2015 2016 2017

lock: $(STAMP) ## re-pin the locks after changing pyproject.toml (LOCK_OPTIONS=--upgrade: newer releases)
	$(UV_COMPILE) pyproject.toml -o requirements.lock
	$(UV_COMPILE) pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock
	$(UV_COMPILE) pyproject.toml --extra lab -c requirements.lock -o requirements-lab.lock
	echo uv | $(UV_COMPILE) - -c requirements-dev.lock -o requirements-uv.lock

clean: ## remove the build folder, the processed tables and the published reports
	rm -rf build data/processed reports/20* reports/index.html reports/assets reports/*.pdf

bench: $(STAMP) ## speed and size figures (not a test): naive loop vs the pipeline, cache, scale
	$(BIN)/python bench/benchmark.py
