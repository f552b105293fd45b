# cosec: `make demo` sets up and runs the demo; `make test` sets up and runs every test.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
APT_PACKAGES := chromium postgresql-15 libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-wqy-zenhei poppler-utils

.PHONY: setup system-deps demo test test-fast lint format bench messages clean

setup: system-deps $(STAMP)

# Debian packages the tests use (a browser, a PostgreSQL server, Pango and fonts for
# WeasyPrint's PDF reports, a CJK one for Chinese, poppler-utils to read them back), when
# missing and root.
system-deps:
	@missing=""; \
	command -v chromium >/dev/null || missing="$$missing chromium"; \
	test -x /usr/lib/postgresql/15/bin/initdb || missing="$$missing postgresql-15"; \
	/sbin/ldconfig -p | grep -q libpango-1.0.so.0 || missing="$$missing libpango-1.0-0"; \
	/sbin/ldconfig -p | grep -q libpangoft2-1.0.so.0 || missing="$$missing libpangoft2-1.0-0"; \
	test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf || missing="$$missing fonts-dejavu-core"; \
	test -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc || missing="$$missing fonts-wqy-zenhei"; \
	command -v pdftotext >/dev/null || missing="$$missing poppler-utils"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else \
	    echo "warning: missing Debian packages:$$missing (run as root to install them)"; \
	  fi; \
	fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	touch $(STAMP)

demo: setup
	$(BIN)/cosec demo

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

# The tests run on every core (at most 4 workers, each with its own PostgreSQL server and
# browser): 1,942 tests took 17.6 min in one process on the 2-core development machine.
test: setup lint
	$(BIN)/pytest -n auto --maxprocesses 4

test-fast: $(STAMP)
	$(BIN)/pytest -x -q -m "not slow"

format: $(STAMP)
	$(BIN)/ruff format src tests bench
	$(BIN)/ruff check --fix src tests bench

# Extract the messages marked for translation and update each language's catalog: the
# core's (src/cosec/i18n) and each mechanism's (beside its templates), then translate the
# new entries: see docs/languages.md. A mechanism's catalog also gets the words the core's
# pages make from its models (its fields' labels and meanings): babel.cfg reads its
# package's __init__.py with cosec.web.modelwords:extract.
TRANSLATED = zh
EXTRACT = $(BIN)/pybabel extract -F babel.cfg -k N_ -k NavEntry:2 -k Stat:2 --no-location \
	  --sort-output --project cosec
messages: $(STAMP)
	$(EXTRACT) --ignore-dirs='.* ._ mechanisms' -o src/cosec/i18n/messages.pot src/cosec
	$(BIN)/pybabel update -N --ignore-obsolete -w 88 -i src/cosec/i18n/messages.pot -d src/cosec/i18n/locales -D cosec
	for t in src/cosec/mechanisms/*/templates; do m=$${t%/templates}; \
	  mkdir -p $$m/locales && $(EXTRACT) -o $$m/locales/messages.pot $$m || exit 1; \
	  for l in $(TRANSLATED); do \
	    if [ -f $$m/locales/$$l/LC_MESSAGES/cosec.po ]; then \
	      $(BIN)/pybabel update -N --ignore-obsolete -w 88 -i $$m/locales/messages.pot -d $$m/locales -D cosec -l $$l || exit 1; \
	    else $(BIN)/pybabel init -w 88 -i $$m/locales/messages.pot -d $$m/locales -D cosec -l $$l || exit 1; fi; \
	  done; \
	done

bench: setup
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
