PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := portal.settings

.PHONY: run test test-clock bench bench-wizard bench-inbox bench-appointments bench-agency load lint messages setup demo clean

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

setup: $(STAMP)

## run: set everything up and serve the portal on http://127.0.0.1:8000 (embedded default)
run: $(STAMP)
	DEBUG=true $(BIN)/python manage.py migrate --noinput
	DEBUG=true $(BIN)/python manage.py load_catalog
	DEBUG=true $(BIN)/python manage.py seed_demo
	DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

## test: set everything up and run every test
test: $(STAMP)
	$(BIN)/python -m pytest

## test-clock: every test with the clock set to CLOCK (UTC; it runs on from there), on SQLite also where the
## environment or .env names another database: SQLite's clock is the process's (PostgreSQL's now() would not
## follow). Needs Debian's faketime.
## E.g. CLOCK="2026-12-31 23:05:00": five past midnight of New Year in Krefeld
CLOCK ?= 2026-11-30 22:40:00
test-clock: $(STAMP)
	DATABASE_URL=sqlite:///$(CURDIR)/db.sqlite3 TZ=UTC faketime -f "@$(CLOCK)" $(BIN)/python -m pytest -p no:cacheprovider

## bench: the benchmarks below (not part of test)
bench: bench-wizard bench-inbox bench-appointments bench-agency

## bench-wizard: server times of the wizard and PDF rendering, on a throw-away database
bench-wizard: $(STAMP)
	$(BIN)/python tests/bench/run.py

## bench-inbox: the clerks' inbox, search and case page on PostgreSQL with BENCH_CASES cases
## (default 1,000,000; seeded once into BENCH_DATABASE_URL and reused)
BENCH_CASES ?= 1000000
bench-inbox: $(STAMP)
	$(BIN)/python tests/bench/inbox.py --cases $(BENCH_CASES) --explain

## bench-appointments: the founders' free-slot page on PostgreSQL with BENCH_APPOINTMENTS appointments
## (default 100,000; seeded once into BENCH_APPOINTMENTS_DATABASE_URL and reused)
BENCH_APPOINTMENTS ?= 100000
bench-appointments: $(STAMP)
	$(BIN)/python tests/bench/appointments.py --appointments $(BENCH_APPOINTMENTS) --explain

## bench-agency: the agency's dashboard for a one-year and a five-year view, on PostgreSQL with
## BENCH_AGENCY_CASES cases' figures (default 1,000,000; seeded once into BENCH_AGENCY_DATABASE_URL and reused)
BENCH_AGENCY_CASES ?= 1000000
bench-agency: $(STAMP)
	$(BIN)/python tests/bench/agency.py --cases $(BENCH_AGENCY_CASES)

## load: 50 founders file Gewerbeanmeldungen for 5 minutes against gunicorn, PostgreSQL and a Celery worker
## (needs PostgreSQL and Redis; shorter: make load LOAD_ARGS="--founders 20 --seconds 60"; all flags: --help)
load: $(STAMP)
	$(BIN)/python tests/load/run.py $(LOAD_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

## messages: update and compile the gettext catalogs
messages: $(STAMP)
	DEBUG=true $(BIN)/python manage.py makemessages -l de -l en --ignore=.venv --ignore=tests
	DEBUG=true $(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) db.sqlite3 db.sqlite3-wal db.sqlite3-shm media staticfiles
