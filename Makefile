# Two entry points: `make site` and `make test`. Each sets itself up first.
.DEFAULT_GOAL := site
PY := .venv/bin/python
KATALOG := .venv/bin/katalog

.PHONY: setup system-deps site serve validate schema test lint bench bench-site clean

.venv/.stamp: pyproject.toml uv.lock scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

setup: .venv/.stamp

## Debian packages the tests need (chromium, fonts); installs only what is missing.
system-deps:
	bash scripts/system_deps.sh

## Validate the data, then build the website into site/.
site: setup
	$(KATALOG) validate
	$(KATALOG) build --out site

## Preview the site at http://127.0.0.1:8000/ with live reload (data/, docs/, overrides/).
serve: setup
	$(KATALOG) serve

validate: setup
	$(KATALOG) validate

## Regenerate schema/*.json from the model (commit the result).
schema: setup
	$(KATALOG) schema

## Every test: unit, fixtures, CLI, property-based, lint and types.
test: setup system-deps
	bash scripts/run_tests.sh

lint: setup
	.venv/bin/ruff check src tests scripts
	.venv/bin/ruff format --check src tests scripts
	.venv/bin/mypy

## Benchmarks print figures; they never fail on a slow machine.
bench: setup
	$(PY) scripts/bench_validate.py
	$(PY) scripts/bench_site.py

bench-site: setup
	$(PY) scripts/bench_site.py

clean:
	rm -rf site .venv .tools tests/output
