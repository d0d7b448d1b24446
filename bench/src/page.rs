//! JavaScript run in the benchmarked pages.
//!
//! Contract: `instrument(min_panels, probe)` is installed before any page script (CDP
//! `Page.addScriptToEvaluateOnNewDocument`) and keeps `window.__pb`: the wasm memories the
//! page instantiates and their tables (externref and function tables; WebAssembly.instantiate*
//! wrapped, so the count follows however the bundle is split), `done` = `performance.now()`
//! when at least `min_panels` visible panels are settled (no `loading`, every canvas sized and
//! drawn, checked one task after each DOM change), long tasks, and with `probe` the gaps of a
//! `setTimeout(0)` chain (responsiveness).
//! The other snippets are WebDriver script bodies.

/// The instrumentation script for one page load.
pub fn instrument(min_panels: usize, probe: bool) -> String {
    INSTRUMENT
        .replace("__MIN__", &min_panels.to_string())
        .replace("__PROBE__", if probe { "true" } else { "false" })
}

const INSTRUMENT: &str = r#"
(() => {
  if (window.__pb) return;
  const W = window.__pb = { memories: [], tables: [], done: null, states: null, visibleCount: 0,
    longtasks: 0, longtaskMs: 0, gaps: [], probe: __PROBE__ };
  const keep = (res) => {
    try {
      const inst = res && (res.instance || res);
      const ex = (inst && inst.exports) || {};
      for (const k of Object.keys(ex)) {
        const m = ex[k];
        if (m instanceof WebAssembly.Memory && !W.memories.includes(m)) W.memories.push(m);
        if (m instanceof WebAssembly.Table && !W.tables.includes(m)) W.tables.push(m);
      }
    } catch (e) {}
    return res;
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const orig = WebAssembly[name];
    if (orig) WebAssembly[name] = function (...a) { return orig.apply(this, a).then(keep); };
  }
  W.wasmBytes = () => W.memories.reduce((s, m) => s + m.buffer.byteLength, 0);
  W.tableSlots = () => W.tables.reduce((s, t) => s + t.length, 0);
  W.visible = () => [...document.querySelectorAll('[data-panel-id]')].filter(e => {
    if (e.classList.contains('hidden')) return false;
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.bottom > 0 && r.top < innerHeight;
  });
  W.settled = (min) => {
    const ps = W.visible();
    return ps.length >= min && ps.every(p => p.dataset.panelState && p.dataset.panelState !== 'loading'
      && [...p.querySelectorAll('canvas')].every(c => c.width > 0));
  };
  W.stateCounts = () => {
    const c = {};
    for (const p of W.visible()) c[p.dataset.panelState] = (c[p.dataset.panelState] || 0) + 1;
    return c;
  };
  const MIN = __MIN__;
  let scheduled = false;
  const check = () => {
    scheduled = false;
    if (W.done === null && MIN > 0 && W.settled(MIN)) {
      W.done = performance.now();
      W.states = W.stateCounts();
      W.visibleCount = W.visible().length;
    }
  };
  new MutationObserver(() => {
    if (!scheduled && W.done === null) { scheduled = true; setTimeout(check, 0); }
  }).observe(document, { subtree: true, childList: true, attributes: true,
    attributeFilter: ['data-panel-state', 'width', 'height'] });
  try {
    new PerformanceObserver(l => {
      for (const e of l.getEntries()) { W.longtasks++; W.longtaskMs += e.duration; }
    }).observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  if (W.probe) {
    let last = performance.now();
    const tick = () => {
      const now = performance.now();
      if (now - last > 16) W.gaps.push([now, now - last]);
      last = now;
      if (W.done === null) setTimeout(tick, 0);
    };
    setTimeout(tick, 0);
  }
  try { performance.setResourceTimingBufferSize(100000); } catch (e) {}
})();
"#;

/// Returns `window.__pb.done` (null until settled).
pub const DONE: &str = "return window.__pb ? window.__pb.done : null;";

/// Everything a finished load measured: resource timing, navigation entry, states, probes.
pub const COLLECT: &str = r#"
const W = window.__pb;
const nav = performance.getEntriesByType('navigation')[0] || {};
return {
  done: W.done, states: W.states, visible: W.visibleCount,
  longtasks: W.longtasks, longtaskMs: W.longtaskMs, gaps: W.gaps,
  wasmBytes: W.wasmBytes(),
  nav: { name: nav.name || location.href, transfer: nav.transferSize || 0,
         encoded: nav.encodedBodySize || 0, decoded: nav.decodedBodySize || 0,
         end: nav.responseEnd || 0 },
  resources: performance.getEntriesByType('resource').map(e => ({
    name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd,
    transfer: e.transferSize, encoded: e.encodedBodySize, decoded: e.decodedBodySize })),
};
"#;

/// Async: fetches `arguments[0]` (URLs) concurrently, reads every body, answers
/// `{ms, series}` (series = total `data.result` length of the JSON bodies).
pub const DIRECT: &str = r#"
const [urls, done] = arguments;
const t0 = performance.now();
Promise.all(urls.map(u => fetch(u, { cache: 'no-store' }).then(r => r.text())))
  .then(bodies => {
    const ms = performance.now() - t0;
    let series = 0;
    for (const b of bodies) {
      try { const j = JSON.parse(b); series += (j.data && j.data.result || []).length; } catch (e) {}
    }
    done({ ms, series });
  })
  .catch(e => done({ error: String(e) }));
"#;

/// Async: one driven refresh cycle. `arguments[0]` = the new URL query (range shifted),
/// `arguments[1]` = query requests expected. Clears the resource timing buffer, moves the
/// range through history + popstate (as back/forward does), waits until that many
/// Prometheus requests finished and no visible panel is loading, one task later answers
/// `{queries, ms, states}`; gives up after 60 s (`timeout: true`).
pub const CYCLE: &str = r#"
const [search, expected, done] = arguments;
const W = window.__pb;
performance.clearResourceTimings();
const t0 = performance.now();
history.replaceState(null, '', search);
dispatchEvent(new PopStateEvent('popstate', { state: null }));
const q = () => performance.getEntriesByType('resource').filter(e => e.name.includes('/api/v1/')).length;
const check = () => {
  // Cheap until every request finished; only then look at the panels (layout).
  const n = q();
  if (n >= expected && W.settled(1)) {
    setTimeout(() => done({ queries: q(), ms: performance.now() - t0, states: W.stateCounts() }), 0);
    return;
  }
  if (performance.now() - t0 > 60000) {
    done({ queries: n, ms: performance.now() - t0, states: W.stateCounts(), timeout: true });
    return;
  }
  setTimeout(check, n >= expected ? 2 : 10);
};
setTimeout(check, 0);
"#;

/// JS heap (performance.memory), wasm memory and DOM size.
pub const MEMORY: &str = r#"
const W = window.__pb;
const m = performance.memory || {};
return { jsUsed: m.usedJSHeapSize || 0, wasm: W.wasmBytes(), memories: W.memories.length,
         tableSlots: W.tableSlots(),
         dom: document.getElementsByTagName('*').length };
"#;

/// Async: the draw comparison on the bench page (`benchDraw` in bench/web/draw.js).
pub const DRAW: &str = r#"
const [series, points, runs, only, done] = arguments;
window.benchDraw(series, points, runs, only).then(done, e => done({ error: String(e) }));
"#;
