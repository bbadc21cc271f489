# The README's two commands: `make run` and `make test`. Both set up .venv themselves.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip

.PHONY: run test bench lint clean

$(VENV)/.base: pyproject.toml
	python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e .
	touch $@

# torch first, pinned, so pip takes the CPU wheel instead of a CUDA build
$(VENV)/.test: $(VENV)/.base
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[st,dev]'
	touch $@

# bytecode compiled as an install leaves it (PYTHONDONTWRITEBYTECODE would otherwise recompile every start)
run: $(VENV)/.base
	$(PY) -m compileall -q answers bot corpus index reminders
	$(VENV)/bin/policybot run

test: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

bench: $(VENV)/.test
	$(PY) -m bench

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) var
