#!/usr/bin/env bash
# The benchmark suite of BENCHMARKS.md, in headless Chromium against the rig's real Prometheus:
# bundle bytes, time to dashboard vs its own queries, draw vs uPlot, scale, memory over
# refreshes (kiosk) and CPU per refresh. Separate from the test command (scripts/test.sh never
# calls it): it measures, it does not pass or fail. About 15 minutes on a 2-core machine.
#
#   bash scripts/bench.sh                 # full run; rewrites the results block of BENCHMARKS.md
#   bash scripts/bench.sh --runs 3 --cycles 100 --cpu-cycles 3   # a quicker look
#
# Extra arguments go to promboard-bench (see bench/src/main.rs); with any of them the results
# go to target/bench/results.md only, not into BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR=never

out=target/bench
draw="$out/draw"
mkdir -p "$out"

echo "=== release bundle (trunk build --release)"
nice trunk build --release

echo "=== uPlot 1.6.32 from npm (bench-only, into bench/node_modules)"
if [ "$(node -p "require('./bench/node_modules/uplot/package.json').version" 2>/dev/null || true)" != "1.6.32" ]; then
  (cd bench && npm install --no-save --no-audit --no-fund uplot@1.6.32)
fi

echo "=== bench draw module (promboard's chart code as wasm, with and without drawing)"
rm -rf "$draw" && mkdir -p "$draw/pkg" "$draw/baseline"
wasm_out=target/wasm32-unknown-unknown/release/promboard_bench_draw.wasm
build_draw() { # $1 = output dir, $2… = extra cargo args
  local dir=$1; shift
  nice cargo build --locked -p promboard-bench-draw --target wasm32-unknown-unknown --release "$@"
  wasm-bindgen --target web --no-typescript --out-dir "$dir" "$wasm_out"
  # -g keeps the name section, so profiles name the functions; sizes are taken without it.
  nice wasm-opt -Oz -g --all-features "$dir/promboard_bench_draw_bg.wasm" -o "$dir/promboard_bench_draw_bg.wasm"
  wasm-opt --all-features --strip-debug "$dir/promboard_bench_draw_bg.wasm" -o "$dir/stripped.wasm"
}
build_draw "$draw/baseline" --features baseline
build_draw "$draw/pkg"
cp bench/web/draw.html bench/web/draw.js "$draw/"
cp bench/node_modules/uplot/dist/uPlot.iife.min.js bench/node_modules/uplot/dist/uPlot.min.css "$draw/"

echo "=== the app's wasm with function names (served only for the profiles; dist/ is what is measured)"
named=()
app_wasm=target/wasm32-unknown-unknown/release/promboard-web.wasm
rm -rf "$out/named" && mkdir -p "$out/named"
wasm-bindgen --target web --no-typescript --out-dir "$out/named" "$app_wasm"
# Only when its JS glue is the one in dist/ (same wasm, same wasm-bindgen), so the swap is exact.
if [ "$(ls dist/*_bg.wasm | wc -l)" = 1 ] && cmp -s "$out/named/promboard-web.js" dist/promboard-web-*.js; then
  nice wasm-opt -Oz -g --all-features "$out/named/promboard-web_bg.wasm" -o "$out/named/named.wasm"
  named=(--named-wasm "$out/named/named.wasm")
else
  echo "dist/ is not one module built from $app_wasm: profiles will show unnamed wasm functions"
fi

echo "=== promboard-bench"
nice cargo build --locked -p promboard-bench
update=(--update BENCHMARKS.md)
[ "$#" -gt 0 ] && update=()
target/debug/promboard-bench --dist dist --draw "$draw" --out "$out/results.md" \
  --command "bash scripts/bench.sh${*:+ $*}" "${named[@]}" "${update[@]}" "$@"
echo "results: $out/results.md"
