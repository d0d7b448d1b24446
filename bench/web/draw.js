// Bench-only: times promboard's chart code (wasm) and uPlot on identical data.
// window.benchDraw(nSeries, nPoints, runs, only) → {promboard: [ms], uplot: [ms], points};
// only = 'promboard' skips uPlot's draws, 'uplot' skips promboard's (for profiling one side).
// Each timed draw ends with a 1-pixel getImageData on the canvas drawn, which makes Chromium
// rasterise the queued canvas commands, so both sides pay for their pixels inside the timing.
import init, { prepare, draw } from './pkg/promboard_bench_draw.js';

const ready = init();
// The same colours as COLORS in bench/draw-wasm/src/lib.rs.
const COLORS_JS = ['#7EB26D', '#EAB839', '#6ED0E0', '#EF843C', '#E24D42', '#1F78C1', '#BA43A9', '#705DA0', '#508642', '#CCA300'];
const END_MS = 1767225600000; // the rig's FIXED_END_S
const SPAN_MS = 6 * 3600 * 1000;

// Deterministic data: a slow wave per series plus noise from a linear congruential generator.
function generate(nSeries, nPoints) {
  const t = new Float64Array(nPoints);
  const step = SPAN_MS / Math.max(1, nPoints - 1);
  for (let j = 0; j < nPoints; j++) t[j] = Math.round(END_MS - SPAN_MS + j * step);
  const values = new Float64Array(nSeries * nPoints);
  let seed = 12345;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  for (let s = 0; s < nSeries; s++) {
    for (let j = 0; j < nPoints; j++) {
      values[s * nPoints + j] = 50 + 30 * Math.sin(j / nPoints * 12 + s) + 10 * rnd() + s;
    }
  }
  return { t, values };
}

const tick = () => new Promise(r => setTimeout(r, 0));

window.benchDraw = async function (nSeries, nPoints, runs, only) {
  await ready;
  const { t, values } = generate(nSeries, nPoints);
  prepare(t, values, nSeries);
  const pb = document.getElementById('pb');
  pb.width = 800; pb.height = 300;
  pb.style.width = '800px'; pb.style.height = '300px';
  const pbCtx = pb.getContext('2d');

  const data = [Array.from(t, ms => ms / 1000)];
  for (let s = 0; s < nSeries; s++) data.push(Array.from(values.subarray(s * nPoints, (s + 1) * nPoints)));
  const el = document.getElementById('up');
  if (window.__uplot) window.__uplot.destroy();
  const series = [{}];
  for (let s = 0; s < nSeries; s++) series.push({ stroke: COLORS_JS[s % COLORS_JS.length], width: 1 });
  const u = new uPlot({ width: 800, height: 300, legend: { show: false }, cursor: { show: false }, series }, data, el);
  window.__uplot = u;
  await tick();

  const out = { promboard: [], uplot: [], points: nSeries * nPoints };
  // One warm-up draw each (JIT, glyph caches), then `runs` timed draws, alternating sides.
  for (let i = 0; i <= runs; i++) {
    let t0, a = NaN, b = NaN;
    if (only !== 'uplot') {
      t0 = performance.now();
      draw('pb');
      pbCtx.getImageData(0, 0, 1, 1);
      a = performance.now() - t0;
      await tick();
    }
    if (only !== 'promboard') {
      t0 = performance.now();
      u.batch(() => u.setData(data));
      u.ctx.getImageData(0, 0, 1, 1);
      b = performance.now() - t0;
      await tick();
    }
    if (i > 0) { out.promboard.push(a); out.uplot.push(b); }
  }
  return out;
};
