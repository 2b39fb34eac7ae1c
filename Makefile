# Zhaji: `make run` starts the desktop app; `make test` runs every test.
# Both install what they need first (system packages via apt, npm packages, tauri-driver).

CARGO ?= cargo
export CARGO_TERM_COLOR ?= never

.PHONY: test test-core lint setup-core
test: setup-core lint test-core

setup-core:
	scripts/setup.sh core

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# (clippy --all-targets above already compiles the benchmarks.)
test-core:
	$(CARGO) test
