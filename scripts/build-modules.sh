#!/usr/bin/env bash
# Trunk post-build hook (Trunk.toml): builds the wasm modules trunk does not know about and
# writes the loader that picks one per page.
#
# trunk builds the first-load module (promboard-web: dashboards). This script adds
#   ops-HASH/     promboard-ops: alerts, targets, status, explore, backtest (loaded by ?page=)
#   promql-HASH/  promboard_promql: the PromQL parser, loaded on demand (src/lazy.rs)
# then replaces trunk's inline start-up script in index.html by boot-HASH.js (web/boot.js with the
# module table filled in), so no inline script is needed (strict CSP) and the first load fetches
# only the dashboards module. Names carry a content hash, so caches never serve a stale module.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TRUNK_STAGING_DIR:?run by trunk (Trunk.toml [[hooks]]), or set TRUNK_STAGING_DIR}"
profile="${TRUNK_PROFILE:-release}"
staging="$TRUNK_STAGING_DIR"
target_dir="$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')"
flags=(--target wasm32-unknown-unknown --locked)
[ "$profile" = release ] && flags+=(--release)
out="$target_dir/wasm32-unknown-unknown/$profile"

cargo build "${flags[@]}" -p promboard --bin promboard-ops
cargo build "${flags[@]}" -p promboard-promql --lib

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# bindgen NAME WASM_FILE DIR_PREFIX: wasm-bindgen (+ wasm-opt in release) into staging/PREFIX-HASH/.
bindgen() {
  local name="$1" wasm="$2" prefix="$3" dir="$work/$3"
  wasm-bindgen --target web --no-typescript --out-dir "$dir" --out-name "$name" "$wasm"
  if [ "$profile" = release ]; then
    wasm-opt -Oz --output "$dir/${name}_bg.opt.wasm" "$dir/${name}_bg.wasm"
    mv "$dir/${name}_bg.opt.wasm" "$dir/${name}_bg.wasm"
  fi
  local hash
  hash="$(cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16)"
  rm -rf "$staging/$prefix"-*
  cp -r "$dir" "$staging/$prefix-$hash"
  echo "$prefix-$hash"
}

ops_dir="$(bindgen promboard-ops "$out/promboard-ops.wasm" ops | tail -1)"
promql_dir="$(bindgen promboard_promql "$out/promboard_promql.wasm" promql | tail -1)"

python3 - "$staging" "$ops_dir" "$promql_dir" <<'PY'
import hashlib, json, pathlib, re, sys
staging, ops_dir, promql_dir = pathlib.Path(sys.argv[1]), sys.argv[2], sys.argv[3]
html_path = staging / "index.html"
html = html_path.read_text()
# trunk's start-up script names the first-load module's files.
m = re.search(r"import init, \* as bindings from '\./([^']+\.js)';\s*const wasm = await init\(\{ module_or_path: '\./([^']+\.wasm)' \}\);", html)
if not m:
    sys.exit("build-modules.sh: trunk's start-up script not found in index.html")
modules = {
    "web": {"js": m.group(1), "wasm": m.group(2)},
    "ops": {"js": f"{ops_dir}/promboard-ops.js", "wasm": f"{ops_dir}/promboard-ops_bg.wasm"},
    "promql": {"js": f"{promql_dir}/promboard_promql.js", "wasm": f"{promql_dir}/promboard_promql_bg.wasm"},
}
boot = pathlib.Path("web/boot.js").read_text().replace("/*MODULES*/ {}", json.dumps(modules, indent=2))
for old in staging.glob("boot-*.js"):
    old.unlink()
name = f"boot-{hashlib.sha256(boot.encode()).hexdigest()[:16]}.js"
(staging / name).write_text(boot)
html = re.sub(r"<script type=\"module\">.*?</script>", "", html, flags=re.S)
html = re.sub(r"<link rel=\"(?:modulepreload|preload)\"[^>]*>", "", html)
html = html.replace("</head>", f'<script type="module" src="./{name}"></script></head>')
html_path.write_text(html)
print(f"build-modules.sh: {name}, {ops_dir}, {promql_dir}")
PY
