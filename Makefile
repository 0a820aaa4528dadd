# PROTECT training platform: the two commands are `make run` and `make test` (see README.md).

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
DEMO_PASSWORD ?= protect-demo-2026
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/elearning
# pytest-xdist processes per run (`TEST_WORKERS=0 make test` runs in one process).
TEST_WORKERS ?= 2
PYTEST := $(PY) -m pytest -q -n $(TEST_WORKERS) --dist loadfile
export DEMO_PASSWORD
# The browser tests (tests/e2e) drive Debian's Chromium: Playwright never downloads a browser.
CHROMIUM := /usr/bin/chromium
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run worker test lint browser bench bench-organisation check-content check-postgres clean help

help:
	@echo "make run   set up (first time) and serve the site on http://127.0.0.1:$(PORT)"
	@echo "make worker run the task worker (emails, certificate PDFs, exports, xAPI statements) against the same database"
	@echo "make test  lint, checks, and the test suite on SQLite and PostgreSQL"
	@echo "make bench-organisation  200 learners and their managers on two app servers (locust, ~10 min)"
	@echo "make bench load-test the site over HTTP (gunicorn + wrk) on SQLite and PostgreSQL"
	@echo "make check-content  load the default content into a scratch database and check its quizzes"

# The virtual environment is rebuilt only when the requirements change.
$(VENV)/.runtime-installed: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.runtime-installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_training_content
	$(PY) manage.py create_demo_users
	@echo ""
	@echo "Demo accounts: volunteer, caseworker, trainer, lead, manager, admin"
	@echo "Password:      $(DEMO_PASSWORD)"
	@echo "Site:          http://127.0.0.1:$(PORT)/   Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo ""
	PORT=$(PORT) $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The task worker (elearning/task_queue.py). `make run` runs tasks at once; to try the queue, start
# the site with TASKS_BACKEND=database (elearning/settings/dev.py) and this in a second terminal.
worker: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput -v0
	TASKS_BACKEND=database $(PY) manage.py db_worker --queue-name '*' --interval 1

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=elearning.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=elearning.settings.test $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports

browser:
	@if [ ! -x $(CHROMIUM) ]; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing Chromium from Debian for the browser tests (tests/e2e)"; \
			SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
			$$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium || exit 1; \
		else \
			echo "The browser tests need Chromium at $(CHROMIUM), and apt-get is not here to install it."; \
			echo "Install Chromium with your system's package manager, then run make test again."; \
			exit 1; \
		fi; \
	fi

# PostgreSQL is optional on a laptop (a notice says the run was skipped) and required in CI.
# The browser tests (marked e2e) run once, in the SQLite run: their site has its own SQLite file.
test: lint browser
	@if $(PY) -c "import psycopg; psycopg.connect('$(POSTGRES_URL)'.replace('/elearning', '/postgres'), connect_timeout=3).close()" 2>/dev/null; then \
		echo "== pytest on SQLite =="; \
		$(PYTEST) || exit $$?; \
		echo "== pytest on PostgreSQL ($(POSTGRES_URL)) =="; \
		DATABASE_URL=$(POSTGRES_URL) $(PYTEST) -m "not e2e"; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL does not answer at $(POSTGRES_URL), and CI requires the PostgreSQL run."; \
		exit 1; \
	else \
		echo "NOTICE: PostgreSQL does not answer at $(POSTGRES_URL): the PostgreSQL run is SKIPPED."; \
		echo "== pytest on SQLite =="; \
		$(PYTEST); \
	fi

# The default content loaded into a scratch database, then the assessment quality check (the same
# check the test suite runs): what a trainer runs after editing the data files.
check-content: $(VENV)/.runtime-installed
	@rm -rf var/check-content && mkdir -p var/check-content
	DATABASE_URL=sqlite:///var/check-content/db.sqlite3 DJANGO_SETTINGS_MODULE=elearning.settings.test \
		$(PY) manage.py migrate --noinput -v0
	DATABASE_URL=sqlite:///var/check-content/db.sqlite3 DJANGO_SETTINGS_MODULE=elearning.settings.test \
		$(PY) manage.py load_training_content >/dev/null
	DATABASE_URL=sqlite:///var/check-content/db.sqlite3 DJANGO_SETTINGS_MODULE=elearning.settings.test \
		$(PY) manage.py check_assessment_quality

# The HTTP benchmark (benchmarks/http_load.py) drives gunicorn with wrk, Debian's load generator.
# Options go in BENCH_ARGS, e.g. make bench BENCH_ARGS="--learners 20000 --duration 20".
bench: $(VENV)/.runtime-installed
	@if ! command -v wrk >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1; then \
			echo "Installing wrk from Debian for the HTTP benchmark"; \
			SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
			$$SUDO apt-get update -qq && \
			DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq wrk || exit 1; \
		else \
			echo "The benchmark needs wrk (a load generator), and apt-get is not here to install it."; \
			echo "Install wrk with your system's package manager, then run make bench again."; \
			exit 1; \
		fi; \
	fi
	$(PY) benchmarks/http_load.py $(BENCH_ARGS)

# A whole organisation under load (benchmarks/organisation_load.py): locust drives 200 learners and
# their managers through whole journeys against two gunicorn servers on PostgreSQL and Redis.
# Options go in BENCH_ARGS, e.g. make bench-organisation BENCH_ARGS="--users 50 --duration 30".
bench-organisation: $(VENV)/.dev-installed
	$(PY) benchmarks/organisation_load.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
