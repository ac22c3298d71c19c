# okta-flask-kit: a local Okta org (mock_okta) and a Flask OIDC site (app).
#   make run    start both on 127.0.0.1 (mock :8080, site :5000); Ctrl-C stops both
#   make test   lint and layer contracts, the installed wheel in an outside project,
#               the unit/integration suite, then the browser journeys (e2e)
#   make bench  benchmarks beside same-run baselines (scripts/bench.py; ARGS='--quick',
#               ARGS='--only core,peers'); writes bench-results.json
#   make stress the reliability suite's long runs (minutes)
#   make clean  remove the virtualenv, local state and caches

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
BROWSER_CHOICE := $(VENV)/chromium-path

.PHONY: all install run lint test test-unit test-e2e test-install browser bench bench-peers clean \
	stress stress-fuzz stress-durability stress-soak

all: test

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project metadata changed. `make run` needs the kit
# and the site only; the test tools (Okta SDK, Playwright, ...) wait for `make test`.
$(RUN_STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[site]'
	touch $@

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@ $(RUN_STAMP)

install: $(STAMP)

# Other ports: make run ARGS='--mock-port 8081 --site-port 5001'
run: $(RUN_STAMP)
	$(PY) scripts/run_demo.py $(ARGS)

# Chooses (and if need be installs) the Chromium used by e2e; see the script.
browser: $(STAMP)
	$(PY) scripts/ensure_browser.py --out $(BROWSER_CHOICE)

# The house rules: ruff (pyproject [tool.ruff]) and the import-linter contracts
# that keep mock_okta's layers and cycles in check (pyproject [tool.importlinter]).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

# The kit as another project installs it: build the wheel, install it in a
# fresh virtualenv beside a project with its own `app` package, run its tests.
test-install: $(STAMP)
	$(PY) scripts/check_install.py

# The fast suite on every core (pytest-xdist; each worker has its own in-memory orgs).
UNIT := $(PY) -m pytest tests -n auto

test-unit: $(STAMP)
	$(UNIT)

test-e2e: browser
	E2E_CHROMIUM="$$(cat $(BROWSER_CHOICE))" $(PY) -m pytest e2e

# Every check always runs; the target fails if any failed.
test: $(STAMP) browser
	@status=0; \
	$(MAKE) --no-print-directory lint || status=$$?; \
	$(PY) scripts/check_install.py || status=$$?; \
	$(UNIT) || status=$$?; \
	E2E_CHROMIUM="$$(cat $(BROWSER_CHOICE))" $(PY) -m pytest e2e || status=$$?; \
	exit $$status

# The browser section drives the Chromium that `make browser` chose. The targets are
# ratios to the peers measured in the same run: `make bench-peers` installs them.
PEERS ?= $(HOME)/.cache/anchors
bench: $(STAMP) browser
	$(PY) scripts/bench.py --peers $(PEERS) $(ARGS)

# The other local OIDC mocks (two on npm, one on PyPI), outside the repository in
# $(PEERS), and wrk for the requests-per-second figures (apt-get, as root).
bench-peers:
	mkdir -p $(PEERS)
	npm install --silent --prefix $(PEERS) oauth2-mock-server@9 @mongodb-js/oidc-mock-provider
	[ -x $(PEERS)/venv/bin/oidc-provider-mock ] || { $(PYTHON) -m venv $(PEERS)/venv && \
	  $(PEERS)/venv/bin/pip install --quiet oidc-provider-mock==0.3.4; }
	command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get install -y -qq wrk; } || \
	  echo "wrk not installed: the req/s figures fall back to a Python client"

# The reliability suite's long runs. Each part is a target of its own, listed as a
# prerequisite of `stress` on a line of its own.
stress: stress-fuzz
stress: stress-durability
stress: stress-soak

# Fuzzing every endpoint: schemathesis with every phase (coverage included) and 60
# cases per operation, the hypothesis properties with 1,000 examples each, fresh
# randomness every run; prints how many requests were tried. `make test` runs the same
# tests with a bounded, repeatable number of examples.
stress-fuzz: $(STAMP)
	FUZZ_PHASES=examples,coverage,fuzzing FUZZ_EXAMPLES=60 FUZZ_PROPERTY_EXAMPLES=1000 \
	FUZZ_RANDOM=1 $(PY) -m pytest tests/mock_okta/fuzz -n auto -q

# Durability: a write storm against `python -m mock_okta` on a file, SIGKILLed at a
# random moment, 5 rounds on the same file; every acknowledged write must be there
# after each restart, and the stock sqlite3 tool must find the file sound (the script
# installs sqlite3 with apt-get when root, else says what to install). About 15 s.
stress-durability: $(STAMP)
	$(PY) scripts/stress_durability.py

# Minutes of mixed traffic (logins, tokens, the Users API, the System Log, resets) with
# the server's memory sampled: no 5xx, and no growth after warm-up.
stress-soak: $(STAMP)
	$(PY) scripts/stress_soak.py --minutes 5

clean:
	rm -rf $(VENV) .mock-okta .pytest_cache .hypothesis test-results build dist *.egg-info bench-results.json
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
