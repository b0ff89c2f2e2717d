# xiansuo: `make run` and `make test` are the whole set-up on a fresh Debian machine.
SHELL := /bin/bash
PORT ?= 8000
export PATH := $(HOME)/.cargo/bin:$(PATH)

.PHONY: all setup build run test test-native test-sql test-wasm test-e2e dist dist-only bench fixtures screenshots clean

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@bash scripts/build-wasm.sh

run: build
	@echo "打开 / open: http://127.0.0.1:$(PORT)/www/  （Ctrl+C 停止）"
	@python3 scripts/serve.py $(PORT)

test: setup test-native test-sql test-wasm build test-e2e
	@echo "make test: all suites passed"

test-native:
	cargo test --quiet

# normalise → SQL → DuckDB and Spark local[2] give the engine's leads, rule by rule.
test-sql:
	cargo build --quiet
	python3 tests/sql/equality.py --bin target/debug/xiansuo --engine duckdb --engine spark

test-wasm:
	WASM_BINDGEN_USE_BROWSER=1 CHROMEDRIVER=/usr/bin/chromedriver WASM_BINDGEN_TEST_WEBDRIVER_JSON=$(CURDIR)/tests/webdriver.json \
	  bash scripts/wasm-cargo.sh test --no-default-features --test web

# Browser tests run against the served page and dist/xiansuo.html from file://.
test-e2e: dist-only
	node --test --test-concurrency=1 tests/e2e/

dist: build dist-only

dist-only:
	node scripts/dist.mjs

screenshots: build
	node scripts/screenshots.mjs

bench: build
	bash scripts/bench.sh

clean:
	cargo clean; rm -rf target/wasm pkg/*.js pkg/*.wasm pkg/*.d.ts dist
