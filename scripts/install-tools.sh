#!/usr/bin/env bash
# Installs everything promboard's build, demo and tests need, skipping what is already there.
# Idempotent: a warm run takes seconds. Used by scripts/demo.sh, scripts/test.sh and .ci/run.
# Facts behind the pins: ../shared/DESIGN.md ("Toolchain").
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[install] %s\n' "$*"; }
export PATH="$HOME/.cargo/bin:$PATH"

# 1. Debian packages: browser + driver, the Prometheus stack, a font for native chart tests.
need_apt=()
for pair in chromium:chromium chromedriver:chromium-driver prometheus:prometheus promtool:prometheus \
            prometheus-alertmanager:prometheus-alertmanager \
            prometheus-node-exporter:prometheus-node-exporter victoria-metrics:victoria-metrics \
            nginx:nginx-light; do
  bin=${pair%%:*}; pkg=${pair#*:}
  command -v "$bin" >/dev/null 2>&1 || [ -x "/usr/sbin/$bin" ] || need_apt+=("$pkg")
done
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need_apt+=(fonts-dejavu-core)
if [ ${#need_apt[@]} -gt 0 ]; then
  log "apt: ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -q -o DPkg::Lock::Timeout=600
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 \
    --no-install-recommends $(printf '%s\n' "${need_apt[@]}" | sort -u)
else
  log "apt packages present"
fi

# 2. Rust: the wasm target and the components the test command uses.
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "rustup target add wasm32-unknown-unknown"; rustup target add wasm32-unknown-unknown
fi
for c in clippy rustfmt; do
  rustup component list --installed | grep -q "^$c" || rustup component add "$c"
done

# 3. trunk 0.21.14 (0.22 needs a newer rustc than this machine has).
if [ "$(trunk --version 2>/dev/null || true)" != "trunk 0.21.14" ]; then
  log "cargo install trunk 0.21.14 (~10 min)"; cargo install --locked trunk@0.21.14
else
  log "trunk 0.21.14 present"
fi

# 4. wasm-bindgen-cli at exactly Cargo.lock's wasm-bindgen (--locked fails on this mirror).
wbg=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wbg" ]; then
  log "cargo install wasm-bindgen-cli $wbg (~3 min)"; cargo install --force wasm-bindgen-cli --version "$wbg"
else
  log "wasm-bindgen $wbg present"
fi

# 5. wasm-opt from binaryen 116 via crates.io. Never Debian's binaryen 108: it breaks
#    wasm-bindgen's externref table (blank page). Our copy must come first on PATH.
if ! "$HOME/.cargo/bin/wasm-opt" --version 2>/dev/null | grep -q "version 116"; then
  log "cargo install wasm-opt 0.116.1 (~10 min)"; cargo install --locked wasm-opt --version 0.116.1
else
  log "wasm-opt (binaryen 116) present"
fi
if [ "$(command -v wasm-opt)" != "$HOME/.cargo/bin/wasm-opt" ]; then
  echo "[install] error: $(command -v wasm-opt) shadows ~/.cargo/bin/wasm-opt; put ~/.cargo/bin first on PATH" >&2
  exit 1
fi
log "toolchain ready"
