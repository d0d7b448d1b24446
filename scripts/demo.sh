#!/usr/bin/env bash
# The demo: installs what is missing, builds the release bundle, starts a real Prometheus with
# 6 h of deterministic history continued live, Alertmanager with the demo's rules, node-exporter,
# and serves dist/ on http://127.0.0.1:8080/. Ctrl-C stops everything it started, by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
bash scripts/install-tools.sh
trunk build --release
cargo build --release --locked -p promboard-rig --bin promboard-demo
exec target/release/promboard-demo --repo "$PWD" --dist "$PWD/dist" --port "${PROMBOARD_PORT:-8080}"
