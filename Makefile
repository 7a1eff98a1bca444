# Two commands on a fresh machine: `make run` and `make test`. Both set up .venv/ from uv.lock first.
PYTHON ?= python3
UV_VERSION = 0.13.9
UV = .uv/bin/uv
VENV_STAMP = .venv/.synced-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)
export UV_COMPILE_BYTECODE = 1
export UV_PROJECT_ENVIRONMENT = .venv

.PHONY: run test slow-test train setup clean-warehouse

setup: $(VENV_STAMP)

$(UV):
	$(PYTHON) -m venv .uv
	.uv/bin/pip install -q uv==$(UV_VERSION)

$(VENV_STAMP): $(UV) uv.lock pyproject.toml
	$(UV) sync --frozen --quiet
	rm -f .venv/.synced-* && touch $(VENV_STAMP)

run: setup
	.venv/bin/celebgraph run

test: setup
	.venv/bin/ruff check .
	.venv/bin/python -m pytest -q

# rebuild the shipped NER (celebgraph/models/celebgraph_ner) from the annotations and ../shared/corpora
train: setup
	.venv/bin/python -m celebgraph.training.train

slow-test: setup
	# a private temp root: other pytest sessions on the machine rotate /tmp/pytest-of-* under long runs
	.venv/bin/python -m pytest -q -s -m slow --basetemp=.slow-test-tmp

clean-warehouse:
	rm -rf warehouse/celebgraph.duckdb warehouse/celebgraph.duckdb.wal warehouse/celebgraph.duckdb.lock \
		warehouse/celebgraph_lake
