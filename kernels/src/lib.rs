//! The hot loops: the charts' per-point work (visible-window search, gap splitting, data
//! extents, pixel mapping and pixel-column decimation, uPlot's approach) and the per-byte scan
//! that splits a large query answer into its series. Plain functions over slices (no generics,
//! so they are compiled here, at this crate's opt-level 3, not in their callers).
//!
//! Contract:
//! - [`split_query_result`] finds, in the bytes of a Prometheus answer, the array at
//!   `data.result` and the byte range of each element (whitespace trimmed), by tracking strings
//!   and nesting only; `None` unless that array is found exactly once, closed, directly under
//!   top-level keys written without escapes, and nothing nests deeper than 100 levels (then the
//!   caller decodes the whole body and reports whatever is wrong with it).
//! - [`visible_window`] finds, by binary search over sorted `t_ms`, the index range covering
//!   `[from_ms, to_ms]` plus one point on each side, so lines run to the plot edges.
//! - [`gap_free_runs`] splits that window into runs with no gap: a value that cannot be drawn
//!   (NaN, ±Inf, and ≤ 0 when `positive_only`, for log axes) ends a run and is dropped; a time step
//!   larger than 1.5 × `step_ms` between neighbours ends a run (`step_ms` ≤ 0 disables this).
//! - [`decimate_columns`] keeps, for each whole-pixel column (`x.round()`), the first, the
//!   minimum-y, the maximum-y and the last point, in their original order. Drawn as one polyline
//!   with whole-pixel coordinates, the result covers exactly the pixels of the full polyline:
//!   inside a column the full line only moves vertically between its extremes, and the segments
//!   between columns are kept unchanged. Apply it per run, so gaps survive.
//! - [`ColumnDecimator`] is the streaming form of [`decimate_columns`] (same output, point by
//!   point, without a buffer of every mapped point): the draw path maps and decimates in one
//!   pass.
//! - [`round_px`] rounds to the nearest whole pixel, ties to even (`f64.nearest`, one wasm
//!   instruction); [`px_i32`] is the same as an `i32` for coordinates within ±[`PX_LIMIT`].
//!   Every whole-pixel decision here (decimation columns, clipped line points) uses them, so
//!   a column is the pixel its points are drawn in.
//! - [`finite_extent`]: (min, max) of the drawable values of a slice.
//! - [`map_linear`]: time/value columns → pixel points on a linear y axis, with exactly the
//!   arithmetic of [`LinearMap::x`] / [`LinearMap::y`]; decimated, its output is exactly the
//!   [`ColumnDecimator`]'s, found per column (galloping over `t`, y only inside the column).
//! - The loops are written for wasm's code generator: plain compares instead of `f64::min`,
//!   gap checks over chunks without branches, the y division hoisted out of the loop.
//! - [`should_decimate`]: decimate when a run has at least 4 points per pixel of width.

use std::ops::Range;

mod clip;
pub use clip::{clip_polyline, clip_segment, ClippedSegment, Pieces};

/// Index range of the points to draw for `[from_ms, to_ms]`: the points inside plus one
/// neighbour on each side. `t_ms` must be sorted ascending.
pub fn visible_window(t_ms: &[i64], from_ms: i64, to_ms: i64) -> Range<usize> {
    let lo = t_ms.partition_point(|t| *t < from_ms);
    let hi = t_ms.partition_point(|t| *t <= to_ms);
    let lo = lo.saturating_sub(1);
    let hi = (hi + 1).min(t_ms.len());
    if lo >= hi {
        return 0..0;
    }
    lo..hi
}

/// Splits `window` into gap-free runs (see the module contract).
// Never inlined: its body keeps this crate's opt-level 3 under LTO (the callers are "z").
#[inline(never)]
pub fn gap_free_runs(
    t_ms: &[i64],
    values: &[f64],
    window: Range<usize>,
    step_ms: i64,
    positive_only: bool,
) -> Vec<Range<usize>> {
    let end = window.end.min(t_ms.len()).min(values.len());
    let first = window.start.min(end);
    let max_gap_ms = if step_ms > 0 {
        step_ms.saturating_mul(3) / 2
    } else {
        i64::MAX
    };
    let mut runs = Vec::new();
    // `start` = first index of the open run, `NONE` when no run is open.
    const NONE: usize = usize::MAX;
    const CHUNK: usize = 8;
    let breaks_at = |i: usize| -> bool {
        // Whether point i (i > 0) cannot extend a run that contains point i − 1.
        !drawable(values[i], positive_only) | (t_ms[i].saturating_sub(t_ms[i - 1]) > max_gap_ms)
    };
    let mut start = NONE;
    let mut i = first;
    while i < end {
        // Inside a run, skip whole chunks without a break, checked without branches.
        if start != NONE && i + CHUNK <= end {
            let mut any = false;
            for k in i..i + CHUNK {
                any |= breaks_at(k);
            }
            if !any {
                i += CHUNK;
                continue;
            }
        }
        if !drawable(values[i], positive_only) {
            if start != NONE {
                runs.push(start..i);
                start = NONE;
            }
        } else if start == NONE {
            start = i;
        } else if breaks_at(i) {
            runs.push(start..i);
            start = i;
        }
        i += 1;
    }
    if start != NONE {
        runs.push(start..end);
    }
    runs
}

/// Whether a value can be placed on the axis (finite, and > 0 on a log axis).
#[inline(always)]
pub fn drawable(v: f64, positive_only: bool) -> bool {
    v.is_finite() && (!positive_only || v > 0.0)
}

/// (min, max) of the drawable values (see [`drawable`]), `None` when there are none.
// Never inlined: its body keeps this crate's opt-level 3 under LTO (the callers are "z").
#[inline(never)]
pub fn finite_extent(values: &[f64], positive_only: bool) -> Option<(f64, f64)> {
    // Four lanes, each with its own minimum and maximum: one long chain of dependent
    // compare-selects would bound the loop by their latency. Plain compares, not `f64::min`:
    // its NaN rule costs extra instructions in wasm, and `drawable` keeps NaN out.
    const LANES: usize = 4;
    let mut lo = [f64::INFINITY; LANES];
    let mut hi = [f64::NEG_INFINITY; LANES];
    let mut add = |k: usize, v: f64| {
        let ok = drawable(v, positive_only);
        let (a, b) = if ok {
            (v, v)
        } else {
            (f64::INFINITY, f64::NEG_INFINITY)
        };
        lo[k] = if a < lo[k] { a } else { lo[k] };
        hi[k] = if b > hi[k] { b } else { hi[k] };
    };
    let mut chunks = values.chunks_exact(LANES);
    for c in &mut chunks {
        for (k, &v) in c.iter().enumerate() {
            add(k, v);
        }
    }
    for &v in chunks.remainder() {
        add(0, v);
    }
    let lo = lo
        .iter()
        .fold(f64::INFINITY, |m, &v| if v < m { v } else { m });
    let hi = hi
        .iter()
        .fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    (lo <= hi).then_some((lo, hi))
}

/// Time (ms) → x and value → y on a linear axis, in fractional pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LinearMap {
    /// x of `from_ms`.
    pub x0: f64,
    pub from_ms: i64,
    /// Pixels per millisecond.
    pub x_per_ms: f64,
    /// y of the axis minimum (and of values that cannot be placed).
    pub bottom: f64,
    pub min: f64,
    /// max − min of the axis.
    pub range: f64,
    /// Plot height in pixels − 1: y of the maximum is `bottom - height`.
    pub height: f64,
}

impl LinearMap {
    #[inline(always)]
    pub fn x(&self, t_ms: i64) -> f64 {
        self.x0 + (t_ms - self.from_ms) as f64 * self.x_per_ms
    }
    /// `(v - min) × (height / range)`: the division is the same for every point, so loops
    /// hoist it and pay one multiplication per point.
    #[inline(always)]
    pub fn y(&self, v: f64) -> f64 {
        if v.is_finite() {
            self.bottom - (v - self.min) * (self.height / self.range)
        } else {
            self.bottom
        }
    }
}

/// Maps `t_ms[run]` / `values[run]` to pixel points appended to `out` (cleared first), through
/// a [`ColumnDecimator`] when `decimate` (the output is exactly that, computed by columns).
// Never inlined: its body keeps this crate's opt-level 3 under LTO (the callers are "z").
#[inline(never)]
pub fn map_linear(
    t_ms: &[i64],
    values: &[f64],
    run: Range<usize>,
    map: &LinearMap,
    decimate: bool,
    out: &mut Vec<(f64, f64)>,
) {
    out.clear();
    let end = run.end.min(t_ms.len()).min(values.len());
    let start = run.start.min(end);
    let (t, v) = (&t_ms[start..end], &values[start..end]);
    if decimate {
        decimate_linear(t, v, map, out);
    } else {
        out.extend(t.iter().zip(v).map(|(t, v)| (map.x(*t), map.y(*v))));
    }
}

/// [`ColumnDecimator`]'s output for the points `(map.x(t[i]), map.y(v[i]))`, without mapping
/// every point: x is monotonic in t, so each pixel column is an index range found by galloping
/// over `t` (a few x evaluations per column); inside it only y is computed, to find the first
/// minimum and the first maximum, as the decimator does.
fn decimate_linear(t: &[i64], v: &[f64], map: &LinearMap, out: &mut Vec<(f64, f64)>) {
    let n = t.len().min(v.len());
    let col_of = |i: usize| round_px(map.x(t[i]));
    let mut a = 0;
    while a < n {
        let col = col_of(a);
        // Gallop from `a` to an index past the column (or n), then binary search between.
        let (mut inside, mut step, mut past) = (a, 1, n);
        while inside + step < n {
            if col_of(inside + step) == col {
                inside += step;
                step *= 2;
            } else {
                past = inside + step;
                break;
            }
        }
        let b = inside + 1 + t[inside + 1..past].partition_point(|&ti| round_px(map.x(ti)) == col);
        let y = |i: usize| map.y(v[i]);
        let (mut ilo, mut ihi) = (a, a);
        let (mut ylo, mut yhi) = (y(a), y(a));
        for (i, &vi) in (a + 1..b).zip(&v[a + 1..b]) {
            let yi = map.y(vi);
            if yi < ylo {
                ylo = yi;
                ilo = i;
            }
            if yi > yhi {
                yhi = yi;
                ihi = i;
            }
        }
        let p = |i: usize| (i, (map.x(t[i]), y(i)));
        emit(
            out,
            &Column {
                col,
                first: p(a),
                lo: p(ilo),
                hi: p(ihi),
                last: p(b - 1),
            },
        );
        a = b;
    }
}

/// Whether a run of `points` is worth decimating on a plot `width_px` wide.
pub fn should_decimate(points: usize, width_px: i32) -> bool {
    width_px > 0 && points >= 4 * width_px as usize
}

/// The whole pixel of a coordinate: `x` rounded to the nearest integer, ties to even. One wasm
/// instruction (`f64.nearest`); `f64::round` (ties away from zero) is a libm call there, and
/// building it from `floor` costs a data-dependent branch per point.
#[inline(always)]
pub fn round_px(x: f64) -> f64 {
    x.round_ties_even()
}

/// 1.5 × 2^52: for |x| < 2^31, the low 32 bits of `x + ROUND_MAGIC` are `round_px(x)` as an
/// `i32` (the addition's own rounding does the work).
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// Largest magnitude [`px_i32`] is exact for (well inside its 2^31 limit).
pub const PX_LIMIT: f64 = 1_073_741_824.0;

/// `round_px(x) as i32` for |x| ≤ [`PX_LIMIT`] (callers clamp; outside it the result is some
/// integer, never a panic), without the saturating float→int conversion, which costs more
/// than the rounding in wasm.
#[inline(always)]
pub fn px_i32(x: f64) -> i32 {
    // Truncation is the point: the low 32 bits hold the rounded integer.
    (x + ROUND_MAGIC).to_bits() as i32
}

/// One pixel column being collected: (index, point) of the first, min-y, max-y and last.
#[derive(Clone, Copy)]
struct Column {
    col: f64,
    first: (usize, (f64, f64)),
    lo: (usize, (f64, f64)),
    hi: (usize, (f64, f64)),
    last: (usize, (f64, f64)),
}

/// [`decimate_columns`] fed one point at a time (x ascending), appending to `out`; call
/// [`finish`](Self::finish) after the last point.
pub struct ColumnDecimator<'a> {
    out: &'a mut Vec<(f64, f64)>,
    /// The column being collected; `col` is NaN before the first point (equal to nothing).
    cur: Column,
    n: usize,
}

impl<'a> ColumnDecimator<'a> {
    pub fn new(out: &'a mut Vec<(f64, f64)>) -> Self {
        let none = (0, (0.0, 0.0));
        Self {
            out,
            cur: Column {
                col: f64::NAN,
                first: none,
                lo: none,
                hi: none,
                last: none,
            },
            n: 0,
        }
    }

    #[inline(always)]
    pub fn push(&mut self, p: (f64, f64)) {
        let i = self.n;
        self.n += 1;
        let col = round_px(p.0);
        let c = &mut self.cur;
        if c.col == col {
            if p.1 < c.lo.1 .1 {
                c.lo = (i, p);
            }
            if p.1 > c.hi.1 .1 {
                c.hi = (i, p);
            }
            c.last = (i, p);
        } else {
            if i > 0 {
                emit(self.out, c);
            }
            *c = Column {
                col,
                first: (i, p),
                lo: (i, p),
                hi: (i, p),
                last: (i, p),
            };
        }
    }

    pub fn finish(self) {
        if self.n > 0 {
            emit(self.out, &self.cur);
        }
    }
}

/// Appends one column's points in their original order (as `decimate_columns` does).
fn emit(out: &mut Vec<(f64, f64)>, c: &Column) {
    let (first, last) = (c.first.0, c.last.0);
    let (a, b) = if c.lo.0 <= c.hi.0 {
        (c.lo, c.hi)
    } else {
        (c.hi, c.lo)
    };
    out.push(c.first.1);
    for k in [a, b] {
        if k.0 != first && k.0 != last && (k.0 != b.0 || a.0 != b.0) {
            out.push(k.1);
        }
    }
    if last != first {
        out.push(c.last.1);
    }
}

/// Keeps first / min-y / max-y / last per pixel column of a run of points in pixel space
/// (x ascending), appending to `out` in original order.
// Never inlined: its body keeps this crate's opt-level 3 under LTO (the callers are "z").
#[inline(never)]
pub fn decimate_columns(points: &[(f64, f64)], out: &mut Vec<(f64, f64)>) {
    let mut i = 0;
    while i < points.len() {
        let col = round_px(points[i].0);
        let first = i;
        let (mut lo, mut hi) = (i, i);
        let mut j = i + 1;
        while j < points.len() && round_px(points[j].0) == col {
            if points[j].1 < points[lo].1 {
                lo = j;
            }
            if points[j].1 > points[hi].1 {
                hi = j;
            }
            j += 1;
        }
        let last = j - 1;
        let (a, b) = if lo <= hi { (lo, hi) } else { (hi, lo) };
        out.push(points[first]);
        for k in [a, b] {
            if k != first && k != last && (k != b || a != b) {
                out.push(points[k]);
            }
        }
        if last != first {
            out.push(points[last]);
        }
        i = j;
    }
}

/// Where `data.result` is in a query answer: its `[` and `]`, and its elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResultArray {
    pub open: usize,
    pub close: usize,
    pub elements: Vec<Range<usize>>,
}

/// See the module contract.
#[inline(never)]
pub fn split_query_result(body: &[u8]) -> Option<ResultArray> {
    const MAX_DEPTH: usize = 100;
    let n = body.len();
    let trim = |mut r: Range<usize>| {
        while r.start < r.end && body[r.start].is_ascii_whitespace() {
            r.start += 1;
        }
        while r.end > r.start && body[r.end - 1].is_ascii_whitespace() {
            r.end -= 1;
        }
        r
    };
    let mut depth = 0usize;
    // The key being read at depth 1 and 2 (`None` when it had escapes: never matched).
    let mut keys: [Option<Range<usize>>; 3] = [None, None, None];
    let mut last_str: Option<Range<usize>> = None;
    let mut prev = 0u8; // the last byte that was not whitespace (a string counts as `"`)
    let mut found: Option<ResultArray> = None;
    let mut in_result = false;
    let mut elem_start = 0usize;
    let mut i = 0usize;
    while i < n {
        let c = body[i];
        match c {
            b'"' => {
                let start = i + 1;
                let mut j = start;
                let mut escaped = false;
                while j < n {
                    match body[j] {
                        b'"' => break,
                        b'\\' => {
                            escaped = true;
                            j += 2;
                        }
                        _ => j += 1,
                    }
                }
                if j >= n {
                    return None;
                }
                last_str = (!escaped).then_some(start..j);
                prev = b'"';
                i = j + 1;
                continue;
            }
            b':' if depth == 1 || depth == 2 => {
                keys[depth] = if prev == b'"' { last_str.clone() } else { None };
            }
            b'{' | b'[' => {
                let key_is =
                    |d: usize, k: &[u8]| keys[d].as_ref().is_some_and(|r| &body[r.clone()] == k);
                if c == b'['
                    && depth == 2
                    && prev == b':'
                    && key_is(1, b"data")
                    && key_is(2, b"result")
                {
                    if found.is_some() {
                        return None;
                    }
                    found = Some(ResultArray {
                        open: i,
                        close: 0,
                        elements: Vec::new(),
                    });
                    in_result = true;
                    elem_start = i + 1;
                }
                depth += 1;
                if depth > MAX_DEPTH {
                    return None;
                }
            }
            b',' if in_result && depth == 3 => {
                if let Some(f) = found.as_mut() {
                    f.elements.push(trim(elem_start..i));
                }
                elem_start = i + 1;
            }
            b'}' | b']' => {
                if in_result && depth == 3 {
                    if c != b']' {
                        return None;
                    }
                    in_result = false;
                    if let Some(f) = found.as_mut() {
                        let last = trim(elem_start..i);
                        if !(f.elements.is_empty() && last.is_empty()) {
                            f.elements.push(last);
                        }
                        f.close = i;
                    }
                }
                depth = depth.checked_sub(1)?;
            }
            _ => {}
        }
        if !c.is_ascii_whitespace() {
            prev = c;
        }
        i += 1;
    }
    found.filter(|f| f.close > f.open)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn visible_window_table() {
        let t = [0, 10, 20, 30, 40, 50];
        let cases = [
            ((15, 35), 1..5),
            ((0, 50), 0..6),
            ((-100, -50), 0..1),
            ((100, 200), 5..6),
            ((20, 20), 1..4),
            ((-5, 5), 0..2),
        ];
        for ((from, to), want) in cases {
            assert_eq!(visible_window(&t, from, to), want, "{from}..{to}");
        }
        assert_eq!(visible_window(&[], 0, 10), 0..0);
    }

    #[test]
    fn gap_runs_table() {
        let t = [0, 10, 20, 30, 60, 70, 80];
        let nan = f64::NAN;
        let ok = false;
        type Case = (Vec<f64>, i64, Vec<Range<usize>>);
        let cases: Vec<Case> = vec![
            (vec![1.0; 7], 10, vec![0..4, 4..7]),
            (vec![1.0; 7], 0, vec![Range { start: 0, end: 7 }]),
            (vec![1.0; 7], 20, vec![Range { start: 0, end: 7 }]),
            (
                vec![1.0, 1.0, nan, 1.0, 1.0, 1.0, 1.0],
                10,
                vec![0..2, 3..4, 4..7],
            ),
            (
                vec![nan, f64::INFINITY, 1.0, 1.0, 1.0, 1.0, f64::NEG_INFINITY],
                10,
                vec![2..4, 4..6],
            ),
            (vec![nan; 7], 10, vec![]),
        ];
        for (values, step, want) in cases {
            assert_eq!(
                gap_free_runs(&t, &values, 0..7, step, ok),
                want,
                "{values:?} step {step}"
            );
        }
        // Mismatched lengths: only the common prefix is used.
        assert_eq!(
            gap_free_runs(&t, &[1.0, 1.0], 0..7, 10, ok),
            vec![Range { start: 0, end: 2 }]
        );
    }

    #[test]
    fn gap_runs_equal_a_point_by_point_reference() {
        // The straightforward definition, one point at a time.
        fn reference(
            t: &[i64],
            v: &[f64],
            w: Range<usize>,
            step: i64,
            pos: bool,
        ) -> Vec<Range<usize>> {
            let max_gap = if step > 0 { step * 3 / 2 } else { i64::MAX };
            let (mut runs, mut start) = (Vec::new(), None::<usize>);
            for i in w.clone() {
                if !drawable(v[i], pos) {
                    if let Some(s) = start.take() {
                        runs.push(s..i);
                    }
                } else if let Some(s) = start {
                    if t[i] - t[i - 1] > max_gap {
                        runs.push(s..i);
                        start = Some(i);
                    }
                } else {
                    start = Some(i);
                }
            }
            runs.extend(start.map(|s| s..w.end));
            runs
        }
        let mut seed: u64 = 99;
        let mut rnd = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for density in [0.0, 0.002, 0.05, 0.5] {
            let mut ms = 0;
            let t: Vec<i64> = (0..3_000)
                .map(|_| {
                    ms += if rnd() < density { 35 } else { 15 };
                    ms
                })
                .collect();
            let v: Vec<f64> = (0..3_000)
                .map(|_| match rnd() {
                    r if r < density / 2.0 => f64::NAN,
                    r if r < density => -1.0,
                    r => r,
                })
                .collect();
            for w in [0..3_000, 1..2_999, 7..20, 100..101] {
                for pos in [false, true] {
                    assert_eq!(
                        gap_free_runs(&t, &v, w.clone(), 15, pos),
                        reference(&t, &v, w.clone(), 15, pos),
                        "density {density}, window {w:?}, positive only {pos}"
                    );
                }
            }
        }
    }

    #[test]
    fn extents_skip_what_cannot_be_drawn() {
        let nan = f64::NAN;
        assert_eq!(
            finite_extent(&[3.0, nan, -1.0, f64::INFINITY, 2.0], false),
            Some((-1.0, 3.0))
        );
        assert_eq!(
            finite_extent(&[3.0, -1.0, 0.0, 0.5], true),
            Some((0.5, 3.0))
        );
        assert_eq!(finite_extent(&[nan, f64::NEG_INFINITY], false), None);
        assert_eq!(finite_extent(&[], false), None);
        assert_eq!(finite_extent(&[-2.0, 0.0], true), None);
    }

    /// Every point through the map, one by one: the reference the kernels must equal.
    fn project(t: &[i64], v: &[f64], map: &LinearMap) -> Vec<(f64, f64)> {
        t.iter()
            .zip(v)
            .map(|(t, v)| (map.x(*t), map.y(*v)))
            .collect()
    }

    #[test]
    fn map_linear_is_the_per_point_map_then_the_decimation() {
        let map = LinearMap {
            x0: 40.0,
            from_ms: 1_000,
            x_per_ms: 0.013,
            bottom: 280.0,
            min: -5.0,
            range: 110.0,
            height: 270.0,
        };
        let t: Vec<i64> = (0..20_000).map(|i| 1_000 + i * 3).collect();
        let v: Vec<f64> = (0..20_000)
            .map(|i| {
                if i % 997 == 0 {
                    f64::NAN
                } else {
                    ((i * 7919) % 101) as f64
                }
            })
            .collect();
        let full = project(&t, &v, &map);
        assert_eq!(full[0], (40.0, 280.0), "NaN sits at the bottom");
        // i = 1: v = 7919 mod 101 = 41, 46 above the minimum.
        assert!((full[1].1 - (280.0 - 46.0 / 110.0 * 270.0)).abs() < 1e-9);
        let mut out = Vec::new();
        map_linear(&t, &v, 0..t.len(), &map, false, &mut out);
        assert_eq!(out, full);
        let mut want = Vec::new();
        decimate_columns(&full[10..15_000], &mut want);
        map_linear(&t, &v, 10..15_000, &map, true, &mut out);
        assert_eq!(out, want);
        // A run past the end is cut to the data.
        map_linear(&t, &v, 19_990..30_000, &map, false, &mut out);
        assert_eq!(out.len(), 10);
    }

    #[test]
    fn column_search_equals_the_point_by_point_decimator() {
        // Dense and sparse columns, uneven time steps, ties, NaN and values off the axis.
        let mut seed: u64 = 7;
        let mut rnd = move || {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as f64 / (1u64 << 31) as f64
        };
        for (k, x_per_ms) in [0.0001, 0.013, 0.5, 1.0, 3.7].into_iter().enumerate() {
            let map = LinearMap {
                x0: 12.0 + k as f64,
                from_ms: 1_000,
                x_per_ms,
                bottom: 200.0,
                min: 0.0,
                range: 10.0,
                height: 190.0,
            };
            let mut t = Vec::new();
            let mut ms = 1_000;
            let v: Vec<f64> = (0..5_000)
                .map(|i| {
                    ms += 1 + (rnd() * 9.0) as i64;
                    t.push(ms);
                    match i % 50 {
                        0 => f64::NAN,
                        1 => 25.0,
                        2 => -3.0,
                        _ if rnd() < 0.3 => (rnd() * 4.0).floor(),
                        _ => rnd() * 10.0,
                    }
                })
                .collect();
            let full = project(&t, &v, &map);
            for run in [0..5_000, 3..4, 17..2_000, 4_990..5_000] {
                let mut want = Vec::new();
                decimate_columns(&full[run.clone()], &mut want);
                let mut got = Vec::new();
                map_linear(&t, &v, run.clone(), &map, true, &mut got);
                assert_eq!(got, want, "x_per_ms {x_per_ms}, run {run:?}");
            }
        }
    }

    #[test]
    fn px_i32_is_round_px() {
        let mut cases = vec![
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -0.5,
            -1.5,
            -2.5,
            0.49999999999999994,
            -0.49999999999999994,
            PX_LIMIT,
            -PX_LIMIT,
            PX_LIMIT - 0.5,
            -PX_LIMIT + 0.5,
        ];
        let mut seed = 7u64;
        for _ in 0..100_000 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let v = (seed >> 11) as f64 / (1u64 << 53) as f64;
            cases.push((v - 0.5) * 5000.0);
            cases.push(((v * 4000.0).floor() + 0.5) * if seed & 1 == 0 { 1.0 } else { -1.0 });
            cases.push((v - 0.5) * 2.0 * PX_LIMIT);
        }
        for x in cases {
            let want = x.round_ties_even();
            assert_eq!(round_px(x), want, "{x}");
            assert_eq!(f64::from(px_i32(x)), want, "{x}");
        }
        assert_eq!(
            (round_px(2.5), round_px(3.5), round_px(-2.5)),
            (2.0, 4.0, -2.0)
        );
    }

    #[test]
    fn streaming_decimation_equals_the_buffered_one() {
        let mut seed = 11u64;
        let mut rnd = || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 11) as f64 / (1u64 << 53) as f64
        };
        for n in [0usize, 1, 2, 3, 7, 100, 5000] {
            // Several points per column, exact ties in x and y, a few half-pixel positions.
            let pts: Vec<(f64, f64)> = (0..n)
                .map(|i| {
                    let x = (i as f64) * 0.25 + if i % 13 == 0 { 0.5 } else { 0.0 };
                    let y = (rnd() * 20.0).floor();
                    (x, y)
                })
                .collect();
            let mut want = Vec::new();
            decimate_columns(&pts, &mut want);
            let mut got = Vec::new();
            let mut d = ColumnDecimator::new(&mut got);
            for p in &pts {
                d.push(*p);
            }
            d.finish();
            assert_eq!(got, want, "{n} points");
        }
    }

    #[test]
    fn decimation_keeps_extremes_in_order() {
        let pts = [
            (0.1, 5.0),
            (0.2, 9.0),
            (0.3, 1.0),
            (0.4, 4.0),
            (1.0, 3.0),
            (2.2, 7.0),
            (2.3, 7.0),
        ];
        let mut out = Vec::new();
        decimate_columns(&pts, &mut out);
        assert_eq!(
            out,
            vec![
                (0.1, 5.0),
                (0.2, 9.0),
                (0.3, 1.0),
                (0.4, 4.0),
                (1.0, 3.0),
                (2.2, 7.0),
                (2.3, 7.0)
            ]
        );
        // Many points per column collapse to at most four.
        let dense: Vec<(f64, f64)> = (0..1000)
            .map(|i| (i as f64 / 100.0, ((i * 37) % 101) as f64))
            .collect();
        let mut out = Vec::new();
        decimate_columns(&dense, &mut out);
        assert!(out.len() <= 11 * 4, "{}", out.len());
        for col in 0..=10 {
            let in_col: Vec<_> = dense
                .iter()
                .filter(|p| round_px(p.0) == col as f64)
                .collect();
            let kept: Vec<_> = out.iter().filter(|p| round_px(p.0) == col as f64).collect();
            let (mn, mx) = in_col
                .iter()
                .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
            assert_eq!(kept.first().map(|p| **p), in_col.first().map(|p| **p));
            assert_eq!(kept.last().map(|p| **p), in_col.last().map(|p| **p));
            assert!(
                kept.iter().any(|p| p.1 == mn) && kept.iter().any(|p| p.1 == mx),
                "column {col}"
            );
        }
        assert!(should_decimate(3200, 800));
        assert!(!should_decimate(3199, 800));
        assert!(!should_decimate(10, 0));
    }
}
