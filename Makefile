# WEBOX: two commands on a fresh machine.
#   make run   create .venv, install, migrate, load demo data, serve on http://127.0.0.1:8000
#   make test  install what tests need and run the whole suite
# DATABASE_URL / REDIS_URL in the environment make tests use PostgreSQL / Redis.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Node tools the tests run (the Nu HTML Checker, vnu-jar), installed from package-lock.json when package.json exists.
NODE_STAMP := node_modules/.installed
NODE_TOOLS := $(if $(wildcard package.json),$(NODE_STAMP))
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
DEV := DJANGO_SETTINGS_MODULE=webox.settings.dev
# Dummy values that let the production settings load for `check --deploy`.
PROD_ENV := DJANGO_SETTINGS_MODULE=webox.settings.prod SECRET_KEY=check-deploy-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGH \
	ALLOWED_HOSTS=webox.example DATABASE_URL=postgres://webox@127.0.0.1:5432/webox REDIS_URL=redis://127.0.0.1:6379/0

.PHONY: run serve test test-fast lint worker beat messages clean

$(STAMP): requirements/base.txt requirements/prod.txt requirements/dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund && touch $@; \
	else echo "npm is not installed: the Nu HTML Checker test (tests/seo/test_html_validity.py) will be skipped"; fi

run: $(STAMP)
	@# The demo's voice (ai_studio/providers/demo_audio.py): espeak-ng from apt when root may install it.
	@command -v espeak-ng >/dev/null || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null \
		&& DEBIAN_FRONTEND=noninteractive apt-get update -qq && apt-get install -y -qq espeak-ng >/dev/null; } \
		|| echo "espeak-ng is not installed (apt-get install espeak-ng): the demo voice is a tone pattern"
	$(DEV) $(PY) manage.py migrate --noinput -v0
	$(DEV) $(PY) manage.py seed_demo
	$(DEV) $(PY) manage.py collectstatic --noinput -v0
	@echo ""
	@echo "WEBOX is starting on http://$(HOST):$(PORT)/  (English: http://$(HOST):$(PORT)/en/)"
	@echo "  back office  http://$(HOST):$(PORT)/admin/"
	@echo "  API docs     http://$(HOST):$(PORT)/api/docs/"
	@echo "  health       http://$(HOST):$(PORT)/health/"
	@echo ""
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

serve: $(STAMP)
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(STAMP) $(NODE_TOOLS)
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

test-fast: $(STAMP) $(NODE_TOOLS)
	$(PY) -m pytest -n auto -m "not browser" $(PYTEST_ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(DEV) $(PY) manage.py makemigrations --check --dry-run
	$(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING

worker: $(STAMP)
	@test -n "$(REDIS_URL)" || (echo "REDIS_URL must point at the broker (e.g. redis://127.0.0.1:6379/0)"; exit 1)
	$(DEV) CELERY_EAGER=false $(VENV)/bin/celery -A webox worker --beat --loglevel INFO

messages: $(STAMP)
	$(DEV) $(PY) manage.py makemessages --locale fr --ignore ".venv/*" --ignore "var/*" --ignore "tests/*" --ignore "node_modules/*" --add-location file --no-obsolete
	$(DEV) $(PY) manage.py makemessages --domain djangojs --locale fr --ignore ".venv/*" --ignore "var/*" --ignore "static/vendor/*" --ignore "tests/*" --ignore "node_modules/*" --add-location file --no-obsolete
	$(DEV) $(PY) -m webox.compilemessages

clean:
	rm -rf var/static var/test-media .pytest_cache
