// promboard's loader: picks the wasm module for the page in the URL and starts it.
//
// The app is split by page so the first load carries only what dashboards need: `?page=` in
// OPS_PAGES (and no `d=`, which wins, as in core/src/urlstate.rs) loads the operations module,
// everything else the dashboards module. scripts/build-modules.sh fills MODULES with the built,
// content-hashed file names. An external script (no inline code), so a strict CSP works:
// script-src 'self' 'wasm-unsafe-eval'.
const OPS_PAGES = ["alerts", "explore", "targets", "status"];
const MODULES = /*MODULES*/ {};

const params = new URLSearchParams(location.search);
const name = !params.has("d") && OPS_PAGES.includes(params.get("page")) ? "ops" : "web";
// On-demand modules (the PromQL parser…) are found by src/lazy.js through this table.
globalThis.promboardModules = MODULES;

async function start() {
  const entry = MODULES[name];
  if (!entry) throw new Error(`promboard: no module "${name}" in this build`);
  const base = document.baseURI;
  const glue = await import(new URL(entry.js, base).href);
  await glue.default({ module_or_path: new URL(entry.wasm, base).href });
}

start().catch((err) => {
  const box = document.createElement("div");
  box.className = "fatal";
  box.setAttribute("role", "alert");
  box.textContent = `promboard could not start: ${err && err.message ? err.message : err}`;
  document.body.append(box);
});
