# The two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The browser tests drive Debian's chromium (a downloaded browser does not work without internet).
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The MediaWiki tests run Debian's MediaWiki 1.39 under PHP's built-in server, on SQLite (services/devstack/mediawiki.py).
# --no-install-recommends keeps MySQL and friends out (apache2 still comes, as a dependency; it is not used).
MEDIAWIKI ?= /usr/share/mediawiki/maintenance/install.php
PHP ?= /usr/bin/php
MEDIAWIKI_PACKAGES := mediawiki php-cli php-sqlite3 php-mbstring php-xml php-intl

.PHONY: run test lint install tools bench protos clean

# checkov (tests/deploy) gets its own venv: its pinned dependencies would change the project's.
TOOLS_VENV ?= .venv-tools
TOOLS_STAMP := $(TOOLS_VENV)/.installed

$(STAMP): pyproject.toml setup.py
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,bench]'
	touch $(STAMP)

install: $(STAMP)

$(TOOLS_STAMP):
	$(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install --quiet --upgrade pip
	$(TOOLS_VENV)/bin/pip install --quiet 'checkov==3.3.30'
	touch $(TOOLS_STAMP)

tools: $(TOOLS_STAMP)

run: $(STAMP)
	$(BIN)/eventcenter dev $(ARGS)

$(CHROMIUM):
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

$(MEDIAWIKI) $(PHP):
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(MEDIAWIKI_PACKAGES)

test: lint $(STAMP) $(TOOLS_STAMP) $(CHROMIUM) $(MEDIAWIKI) $(PHP)
	$(BIN)/pytest -q $(PYTEST_ARGS)

# ruff over the whole tree; mypy over every service's domain and service layers (pyproject.toml says how).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy $(wildcard services/*/domain services/*/service_layer)

# Every benchmark at its issue's sizes (bench/run.py); `eventcenter bench <name>` runs one.
bench: $(STAMP) $(MEDIAWIKI) $(PHP)
	$(BIN)/python bench/run.py all

protos: $(STAMP)
	$(BIN)/python protos/generate.py

clean:
	rm -rf $(VENV) $(TOOLS_VENV) .eventcenter .pytest_cache
