#!/usr/bin/env bash
# Runs one cargo-fuzz target (issue #10) — not part of the test command.
#   scripts/fuzz.sh TARGET [SECONDS]     TARGET: import | rules | prom_decode | template | time | markdown
#   scripts/fuzz.sh list                 the targets
# Installs cargo-fuzz (nightly) if missing; seeds the working corpus (fuzz/corpus/TARGET, not
# committed) from the shared real-world corpus (dashboards, rule files) and fuzz/seeds/TARGET;
# crashes land in fuzz/artifacts/TARGET. Memory: -rss_limit_mb=2048; time: -max_total_time.
# Environment: PROMBOARD_CORPUS (default: the first of ../shared/corpus, ../../shared/corpus,
# /work/shared/corpus); extra libFuzzer flags go after SECONDS.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
log() { printf '[fuzz] %s\n' "$*"; }

targets="import rules prom_decode template time markdown"
target=${1:-}
if [ -z "$target" ] || [ "$target" = list ]; then echo "$targets"; exit 0; fi
case " $targets " in *" $target "*) ;; *) echo "unknown target '$target' (one of: $targets)" >&2; exit 2;; esac
seconds=${2:-120}
shift $(( $# >= 2 ? 2 : 1 ))

install_cargo_fuzz() {
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    log "cargo +nightly install cargo-fuzz --locked (~3 min)"
    cargo +nightly install cargo-fuzz --locked
  fi
}
install_cargo_fuzz

shared=${PROMBOARD_CORPUS:-}
if [ -z "$shared" ]; then
  for c in ../shared/corpus ../../shared/corpus /work/shared/corpus; do
    if [ -d "$c" ]; then shared=$c; break; fi
  done
fi

corpus=fuzz/corpus/$target
mkdir -p "$corpus"
if [ -d "fuzz/seeds/$target" ]; then cp -n fuzz/seeds/"$target"/* "$corpus"/ 2>/dev/null || true; fi
seed_from() { # copy files matching $2 under $1 into the corpus, named by content hash
  [ -n "$shared" ] && [ -d "$shared/$1" ] || { log "no $shared/$1: seeding from fuzz/seeds only"; return 0; }
  find "$shared/$1" -type f -name "$2" -size -256k -print0 | while IFS= read -r -d '' f; do
    cp -n "$f" "$corpus/seed-$(sha1sum "$f" | cut -c1-16)"
  done
}
max_len=4096
case $target in
  import) seed_from grafana '*.json'; cp -n tests/fixtures/hostile-dashboard.json "$corpus"/ 2>/dev/null || true; max_len=262144;;
  rules) seed_from rules '*.y*ml'; cp -n tests/fixtures/hostile-rules.yml "$corpus"/ 2>/dev/null || true; max_len=65536;;
esac
log "$target: $(find "$corpus" -type f | wc -l) inputs in $corpus, ${seconds}s"

nice -n 19 cargo +nightly fuzz run "$target" "$corpus" -- \
  -rss_limit_mb=2048 -max_total_time="$seconds" -max_len="$max_len" -print_final_stats=1 "$@"
