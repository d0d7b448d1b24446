#!/usr/bin/env bash
# Every test of promboard, in pyramid order: format, lints (native and wasm32), native unit and
# integration tests (incl. the corpus), the release bundle, browser tests in headless Chromium
# (wasm-bindgen-test), and end-to-end tests against a real Prometheus. Nothing is skipped: a
# missing tool is installed by scripts/install-tools.sh, and a failing step stops the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR=never

bash scripts/install-tools.sh

log=$(mktemp -t promboard-test.XXXXXX)
trap 'rm -f "$log"' EXIT
step() { printf '\n=== %s\n' "$*"; }
run_tests() { "$@" 2>&1 | tee -a "$log"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "clippy (wasm32: app, core, kernels, canvas, on-demand PromQL module)"
cargo clippy --target wasm32-unknown-unknown -p promboard --lib --bins --tests --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p promboard-core --lib --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p promboard-kernels --lib --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p promboard-canvas --lib --locked -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p promboard-promql --lib --locked -- -D warnings

step "release bundle (trunk; its post-build hook adds the other modules, scripts/build-modules.sh)"
trunk build --release

step "native tests: core, cli (corpus), exporter, rig"
run_tests cargo test --locked -p promboard-core -p promboard-kernels -p promboard-cli -p promboard-workload -p promboard-rig -p promboard-promql

step "browser tests (wasm-bindgen-test in headless Chromium)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner CHROMEDRIVER=/usr/bin/chromedriver \
  run_tests cargo test --locked --target wasm32-unknown-unknown -p promboard --test browser

step "end-to-end tests (real Prometheus, headless Chromium)"
run_tests cargo test --locked -p promboard --test 'e2e*' -- --test-threads=1

# One closing line over every runner above.
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
echo
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
