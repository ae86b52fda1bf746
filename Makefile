# The two commands of the README. Both install what they need into .venv first.
.PHONY: experiment test lint

# Install (with every optional part: the app, Dask, EMA Workbench), then run the main job: every
# donor strategy in every country, with a report.
experiment:
	@bash scripts/bootstrap.sh
	.venv/bin/ssrsim experiment experiments/donor_strategies.toml

# Install (with the browser for the app's tests), lint, then run the whole test suite.
test:
	@bash scripts/bootstrap.sh test
	@bash scripts/install-browser.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python -m pytest -n 2 --dist loadgroup

lint:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .
