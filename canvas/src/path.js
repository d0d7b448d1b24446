// Paths of promboard-canvas (src/lib.rs): one call per path instead of one per point.
// `xy` is a view of wasm memory (x0, y0, x1, y1, …), valid only during the call.

export function strokePath(ctx, xy) {
  ctx.beginPath();
  if (xy.length >= 2) {
    ctx.moveTo(xy[0], xy[1]);
    for (let i = 2; i + 1 < xy.length; i += 2) ctx.lineTo(xy[i], xy[i + 1]);
  }
  ctx.stroke();
}

export function fillPath(ctx, xy) {
  ctx.beginPath();
  if (xy.length >= 2) {
    ctx.moveTo(xy[0], xy[1]);
    for (let i = 2; i + 1 < xy.length; i += 2) ctx.lineTo(xy[i], xy[i + 1]);
    ctx.closePath();
  }
  ctx.fill();
}
