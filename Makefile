# Two commands for a fresh machine: `make run` (the app) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip

.PHONY: run test lint check eval clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(PY) -m interviewer serve

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check interviewer tests evals app.py
	$(PY) -m mypy

test: $(VENV)/.installed-dev lint
	$(PY) -m pytest

eval: $(VENV)/.installed
	$(PY) evals/evaluate_star.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
