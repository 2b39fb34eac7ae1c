# Zhaji: `make run` starts the desktop app; `make test` runs every test.
# Both install what they need first (system packages via apt, npm packages, tauri-driver).

CARGO ?= cargo
export CARGO_TERM_COLOR ?= never
# Where cargo puts its builds (honours CARGO_TARGET_DIR, like cargo itself).
TARGET_DIR := $(or $(CARGO_TARGET_DIR),$(CURDIR)/target)
DESKTOP_BIN := $(TARGET_DIR)/debug/zhaji-desktop

.PHONY: test test-core lint setup-core
test: setup-core lint test-core test-desktop

setup-core:
	scripts/setup.sh core

lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

# (clippy --all-targets above already compiles the benchmarks.)
test-core:
	$(CARGO) test

# ---- the desktop app (src-tauri + ui) ----
.PHONY: setup-desktop ui desktop run bindings check-bindings lint-desktop test-ui test-desktop e2e perf-desktop

setup-desktop:
	scripts/setup.sh desktop

# The web UI, embedded into the binary by the next cargo build.
ui: setup-desktop
	cd ui && npm run build

desktop: ui
	$(CARGO) build -p zhaji-desktop

# Starts the app on the user's library (ZHAJI_DB overrides where it is).
run: desktop
	$(DESKTOP_BIN)

# Regenerates the TypeScript types in ui/src/bindings from the Rust types (commit the result).
bindings: ui
	TS_RS_EXPORT_DIR=$(CURDIR)/ui/src/bindings $(CARGO) test -p zhaji --lib export_bindings -q
	TS_RS_EXPORT_DIR=$(CURDIR)/ui/src/bindings $(CARGO) test -p zhaji-desktop --lib export_bindings -q

# Fails when the committed TypeScript types differ from what the Rust types generate now.
check-bindings: ui
	@tmp=$$(mktemp -d) && \
	TS_RS_EXPORT_DIR=$$tmp $(CARGO) test -p zhaji --lib export_bindings -q >/dev/null && \
	TS_RS_EXPORT_DIR=$$tmp $(CARGO) test -p zhaji-desktop --lib export_bindings -q >/dev/null && \
	if diff -r $$tmp ui/src/bindings; then echo "bindings: up to date"; rm -rf $$tmp; \
	else echo "bindings: ui/src/bindings is stale; run 'make bindings' and commit"; rm -rf $$tmp; exit 1; fi

lint-desktop: ui
	$(CARGO) clippy -p zhaji-desktop --all-targets -- -D warnings
	cd ui && npm run typecheck

test-ui: setup-desktop
	cd ui && npm run typecheck && npm test

# The shell's unit tests and the end-to-end tests in the real webview (Xvfb is started by the
# tests when there is no DISPLAY). Run once: a failure is a bug to find, not to retry.
e2e: desktop
	$(CARGO) test -p zhaji-desktop

test-desktop: setup-desktop test-ui check-bindings lint-desktop e2e

# Builds a 10,000-article library and prints launch time, opening time, highlight latency and
# memory (the figures of the desktop issue); then the library list's figures at PERF_ARTICLES
# articles (launch, sort, filter, scrolling, memory), asserting their goals:
# `make perf-desktop PERF_ARTICLES=100000` for the goals' size. PERF_DIR=dir keeps the generated
# libraries (one per size) for the next run, which then takes a minute rather than several.
# A debug build, as `make run` is: the time goes to WebKitGTK, SQLite and the page, which are
# optimised in either build (see the header of src-tauri/tests/e2e_large_library.rs).
PERF_ARTICLES ?= 10000
perf-desktop: desktop
	$(CARGO) test -p zhaji-desktop --test e2e_large_library figures_with_a_large_library -- --exact --ignored --nocapture
	PERF_ARTICLES=$(PERF_ARTICLES) $(CARGO) test -p zhaji-desktop --test e2e_large_library list_figures_with_a_large_library -- --exact --ignored --nocapture
