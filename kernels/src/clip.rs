//! Polylines in floating-point pixels → whole-pixel pieces inside a clip rectangle: the last
//! per-point loop of a line before the canvas.
//!
//! Contract:
//! - [`clip_segment`] clips one segment to `[x0, x1] × [y0, y1]` (Liang–Barsky) and says which
//!   ends moved; a segment with a non-finite coordinate is dropped.
//! - [`clip_polyline`] appends to [`Pieces`] the parts of a polyline inside the clip, rounded
//!   with [`px_i32`] (the clip is first limited to ±[`PX_LIMIT`]): a new piece starts wherever
//!   the line re-enters the clip, consecutive duplicate pixels are dropped (they draw nothing
//!   new), a lone point inside is a piece of one point. Segments with both ends inside take a
//!   fast path with no clipping arithmetic.
//! - [`Pieces`] is one flat buffer for every piece (reused across series: no allocation per
//!   piece once it has grown).

use crate::{px_i32, PX_LIMIT};

/// A clipped segment: its two ends and whether each was moved by the clip.
pub type ClippedSegment = ((f64, f64), (f64, f64), bool, bool);

/// Clips the segment `a → b` to `[x0, x1] × [y0, y1]` (Liang–Barsky). Returns the clipped
/// end points and whether each end was moved; `None` when nothing is inside or a coordinate
/// is not finite.
pub fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    (x0, y0, x1, y1): (f64, f64, f64, f64),
) -> Option<ClippedSegment> {
    if !(a.0.is_finite() && a.1.is_finite() && b.0.is_finite() && b.1.is_finite()) {
        return None;
    }
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let mut t0 = 0.0_f64;
    let mut t1 = 1.0_f64;
    for (p, q) in [
        (-dx, a.0 - x0),
        (dx, x1 - a.0),
        (-dy, a.1 - y0),
        (dy, y1 - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                if r > t1 {
                    return None;
                }
                t0 = t0.max(r);
            } else {
                if r < t0 {
                    return None;
                }
                t1 = t1.min(r);
            }
        }
    }
    let at = |t: f64| (a.0 + t * dx, a.1 + t * dy);
    Some((at(t0), at(t1), t0 > 0.0, t1 < 1.0))
}

#[inline(always)]
fn round_pt(p: (f64, f64)) -> (i32, i32) {
    (px_i32(p.0), px_i32(p.1))
}

/// Whole-pixel polylines in one flat buffer (reused across series: no allocation per piece).
#[derive(Debug, Default)]
pub struct Pieces {
    points: Vec<(i32, i32)>,
    /// End index in `points` of each finished piece.
    ends: Vec<usize>,
}

impl Pieces {
    pub fn clear(&mut self) {
        self.points.clear();
        self.ends.clear();
    }

    #[inline(always)]
    fn start(&self) -> usize {
        self.ends.last().copied().unwrap_or(0)
    }

    /// Adds `p` to the open piece unless it repeats the piece's last point.
    #[inline(always)]
    fn push(&mut self, p: (i32, i32)) {
        if self.points.len() == self.start() || self.points.last() != Some(&p) {
            self.points.push(p);
        }
    }

    /// Adds `pts`, rounded, to the open piece, each unless it repeats the point before it.
    #[inline(always)]
    fn extend_rounded(&mut self, pts: &[(f64, f64)]) {
        self.points.reserve(pts.len());
        let mut last = (self.points.len() > self.start())
            .then(|| self.points.last().copied())
            .flatten();
        for p in pts {
            let q = round_pt(*p);
            if last != Some(q) {
                self.points.push(q);
                last = Some(q);
            }
        }
    }

    /// Finishes the open piece (nothing when it is empty).
    fn end(&mut self) {
        if self.points.len() > self.start() {
            self.ends.push(self.points.len());
        }
    }

    /// The finished pieces, in order.
    pub fn iter(&self) -> impl Iterator<Item = &[(i32, i32)]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .filter_map(|(a, b)| self.points.get(a..*b))
    }
}

/// Splits a polyline in floating-point pixels into whole-pixel pieces inside `clip`
/// (inclusive bounds), appended to `out`; consecutive duplicate pixels are dropped (they draw
/// nothing new). Segments with both ends inside take a fast path (no clipping arithmetic);
/// each point is rounded once.
// Never inlined: its body keeps this crate's opt-level 3 under LTO (the callers are "z").
#[inline(never)]
pub fn clip_polyline(points: &[(f64, f64)], clip: (f64, f64, f64, f64), out: &mut Pieces) {
    // Every point kept lies in the clip, so within ±PX_LIMIT: exact for `px_i32`.
    let lim = |v: f64| v.clamp(-PX_LIMIT, PX_LIMIT);
    let clip = (lim(clip.0), lim(clip.1), lim(clip.2), lim(clip.3));
    let (x0, y0, x1, y1) = clip;
    let inside = |p: &(f64, f64)| p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1;
    let n = points.len();
    if let [only] = points {
        if inside(only) {
            out.push(round_pt(*only));
            out.end();
        }
        return;
    }
    // The segment being looked at starts at points[i]. A piece left open ends at points[i]
    // (rounded), so adding that point again is dropped as a duplicate.
    let mut i = 0;
    while i + 1 < n {
        // A stretch of points inside: every segment between them is drawn as it is.
        let stretch = points[i..].iter().take_while(|p| inside(p)).count();
        if stretch >= 2 {
            out.extend_rounded(&points[i..i + stretch]);
            i += stretch - 1;
            if i + 1 >= n {
                break;
            }
        }
        // The segment i → i + 1 has an end outside.
        match clip_segment(points[i], points[i + 1], clip) {
            None => out.end(),
            Some((ca, cb, a_moved, b_moved)) => {
                if a_moved {
                    out.end();
                }
                out.push(round_pt(ca));
                out.push(round_pt(cb));
                if b_moved {
                    out.end();
                }
            }
        }
        i += 1;
    }
    out.end();
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLIP: (f64, f64, f64, f64) = (0.0, 0.0, 100.0, 100.0);

    #[test]
    fn clip_segment_table() {
        type Case = ((f64, f64), (f64, f64), Option<((f64, f64), (f64, f64))>);
        let cases: &[Case] = &[
            (
                (10.0, 10.0),
                (20.0, 20.0),
                Some(((10.0, 10.0), (20.0, 20.0))),
            ),
            (
                (-10.0, 50.0),
                (10.0, 50.0),
                Some(((0.0, 50.0), (10.0, 50.0))),
            ),
            (
                (50.0, 50.0),
                (50.0, 150.0),
                Some(((50.0, 50.0), (50.0, 100.0))),
            ),
            ((-10.0, -10.0), (-5.0, 200.0), None),
            (
                (-50.0, 50.0),
                (150.0, 50.0),
                Some(((0.0, 50.0), (100.0, 50.0))),
            ),
        ];
        for (a, b, want) in cases {
            let got = clip_segment(*a, *b, CLIP).map(|(a, b, _, _)| (a, b));
            assert_eq!(got, *want, "{a:?} → {b:?}");
        }
    }

    #[test]
    fn polyline_leaving_and_reentering_splits() {
        let pts = [(10.0, 50.0), (20.0, 150.0), (30.0, 50.0), (40.0, 40.0)];
        let mut out = Pieces::default();
        clip_polyline(&pts, CLIP, &mut out);
        assert_eq!(
            out.iter().collect::<Vec<_>>(),
            vec![
                &[(10, 50), (15, 100)][..],
                &[(25, 100), (30, 50), (40, 40)][..]
            ]
        );
    }

    #[test]
    fn single_point_and_duplicates() {
        let mut out = Pieces::default();
        clip_polyline(&[(5.2, 5.0)], CLIP, &mut out);
        clip_polyline(&[(500.0, 5.0)], CLIP, &mut out);
        clip_polyline(&[(1.0, 1.0), (1.2, 1.1), (3.0, 1.0)], CLIP, &mut out);
        assert_eq!(
            out.iter().collect::<Vec<_>>(),
            vec![&[(5, 5)][..], &[(1, 1), (3, 1)][..]]
        );
    }

    #[test]
    fn non_finite_points_break_the_line_instead_of_reaching_the_origin() {
        let mut out = Pieces::default();
        let pts = [
            (10.0, 10.0),
            (20.0, 20.0),
            (f64::NAN, 30.0),
            (30.0, 30.0),
            (40.0, f64::INFINITY),
            (50.0, 50.0),
            (60.0, 60.0),
        ];
        clip_polyline(&pts, CLIP, &mut out);
        assert_eq!(
            out.iter().collect::<Vec<_>>(),
            vec![&[(10, 10), (20, 20)][..], &[(50, 50), (60, 60)][..]]
        );
    }

    /// The definition, segment by segment: clip each, keep its rounded ends, split where the
    /// clip moved an end.
    fn reference(points: &[(f64, f64)], clip: (f64, f64, f64, f64)) -> Vec<Vec<(i32, i32)>> {
        let (x0, y0, x1, y1) = clip;
        let r = |p: (f64, f64)| (p.0.round_ties_even() as i32, p.1.round_ties_even() as i32);
        let mut out = Vec::new();
        let mut cur: Vec<(i32, i32)> = Vec::new();
        let push = |cur: &mut Vec<(i32, i32)>, p| {
            if cur.last() != Some(&p) {
                cur.push(p);
            }
        };
        if let [p] = points {
            if p.0 >= x0 && p.0 <= x1 && p.1 >= y0 && p.1 <= y1 {
                out.push(vec![r(*p)]);
            }
            return out;
        }
        for w in points.windows(2) {
            match clip_segment(w[0], w[1], clip) {
                None => out.extend((!cur.is_empty()).then(|| std::mem::take(&mut cur))),
                Some((a, b, a_moved, b_moved)) => {
                    if a_moved && !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    push(&mut cur, r(a));
                    push(&mut cur, r(b));
                    if b_moved {
                        out.push(std::mem::take(&mut cur));
                    }
                }
            }
        }
        out.extend((!cur.is_empty()).then_some(cur));
        out
    }

    #[test]
    fn fast_path_matches_the_segment_by_segment_definition() {
        let mut seed = 3u64;
        let mut rnd = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let clip = (10.0, 20.0, 90.0, 80.0);
        let mut out = Pieces::default();
        for case in 0..2000 {
            // Eighths of a pixel (exact arithmetic), half-pixel ties included, about a third
            // of the points outside the clip.
            let len = rnd(40) as usize;
            let pts: Vec<(f64, f64)> = (0..len)
                .map(|_| (rnd(960) as f64 / 8.0 - 10.0, rnd(800) as f64 / 8.0))
                .collect();
            out.clear();
            clip_polyline(&pts, clip, &mut out);
            let got: Vec<Vec<(i32, i32)>> = out.iter().map(<[_]>::to_vec).collect();
            assert_eq!(got, reference(&pts, clip), "case {case}: {pts:?}");
        }
    }
}
