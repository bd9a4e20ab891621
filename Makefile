# make run   – install and start the simulator (SQLite in instance/, http://127.0.0.1:5000)
# make test  – install the test tools, a Chromium, PostgreSQL's server and nginx, then run
#              unit and browser tests on SQLite, again on a temporary PostgreSQL,
#              then the TypeScript client's suite (make test-ts)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
PLAYWRIGHT_ARGS ?=
TS_CLIENT := clients/playwright-ts

.PHONY: run test test-ts install install-test chromium postgres nginx wrk translations vendor reference bench clean

run: install
	$(BIN)/portal serve

test: install-test chromium postgres nginx
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(BIN)/python -m pytest --db=postgresql $(PYTEST_ARGS)
	$(MAKE) test-ts

# The TypeScript client: built, type-checked (its tests too) and its suite run
# against the simulator in .venv and the Chromium above.
test-ts: install-test chromium $(TS_CLIENT)/node_modules/.installed
	cd $(TS_CLIENT) && npm run --silent build && npx tsc --noEmit
	cd $(TS_CLIENT) && PATH="$(CURDIR)/$(BIN):$$PATH" npx playwright test $(PLAYWRIGHT_ARGS)

# From the committed lock file; Playwright's browser download does not work here
# and is not needed (the system Chromium is used).
$(TS_CLIENT)/node_modules/.installed: $(TS_CLIENT)/package-lock.json
	cd $(TS_CLIENT) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $@

# The catalogues compiled for the checkout (a wheel gets them from hatch_build.py).
CATALOGUES := $(wildcard portal/translations/*/LC_MESSAGES/messages.po)

install: $(VENV)/.installed $(CATALOGUES:.po=.mo)
install-test: $(VENV)/.installed-test $(CATALOGUES:.po=.mo)

portal/translations/%/LC_MESSAGES/messages.mo: portal/translations/%/LC_MESSAGES/messages.po | $(VENV)/.installed
	$(BIN)/python portal/translations/compile.py

$(BIN)/python:
	scripts/make-venv.sh $(PYTHON) $(VENV)

$(VENV)/.installed: pyproject.toml hatch_build.py | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,postgres]'
	touch $@

chromium: install-test
	scripts/ensure-chromium.sh $(BIN)

# The server binaries only: the test run starts and stops a cluster of its own.
postgres:
	scripts/ensure-postgres.sh

# wrk, the load generator of make bench.
wrk:
	scripts/ensure-wrk.sh

# nginx for the tests that run deploy/nginx/portal-sim.conf in front of the simulator.
nginx:
	scripts/ensure-nginx.sh

# Extract the texts marked for translation and update the catalogues: new texts
# arrive untranslated (or fuzzy, with a guess), which the tests then point at.
# Translate them as docs/translations.md says; a merge conflict in a .po file is
# resolved by taking either side, running this and translating what is new.
translations: install
	$(BIN)/pybabel extract --no-location --omit-header -k _l -F babel.cfg -o portal/translations/messages.pot .
	$(BIN)/pybabel update --omit-header --ignore-obsolete -i portal/translations/messages.pot -d portal/translations
	$(BIN)/python portal/translations/compile.py

# Re-fetch the pinned htmx and design-system files (needs npm; results are committed).
vendor:
	scripts/vendor-assets.sh

# The design system's own components photographed into docs/designsystem/ (needs npm; results are committed).
reference: install-test chromium
	scripts/designsystem-reference.sh

clean:
	rm -rf $(VENV) instance .pytest_cache $(TS_CLIENT)/node_modules $(TS_CLIENT)/dist

# Requests/s, p50/p99 of the front page, /_sim/state and the demo room's poll beside a bare
# Flask app on the same server (wrk, two runs), then with 200 slow clients connected; the
# demo-room participants one machine holds on SQLite and PostgreSQL; a test's cost through
# the pytest plugin beside a static page (docs/performance.md); what a
# 20 MB attachment costs in memory on its way in and out of the database; what the
# password and the rate limits cost (PostgreSQL's part needs its server binaries: make postgres);
# what the limits keep (rows from browsers that only look) and what pruning costs;
# what a UX study's panel and live criterion check add to a participant's page.
bench: install-test chromium postgres wrk
	$(BIN)/python scripts/benchmark.py
	$(BIN)/python scripts/bench_attachments.py
	$(BIN)/python scripts/bench_access.py
	$(BIN)/python scripts/bench_limits.py
	$(BIN)/python scripts/bench_studies.py
