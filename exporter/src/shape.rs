//! Closed-form signal shapes: the building block of every series.
//!
//! Contract:
//! - Time is `u_s`, seconds relative to the anchor (`t − anchor`), an `f64`. Every function here is
//!   pure and deterministic; nothing sums a grid.
//! - A [`Shape`] is `smooth(u) · (1 + scale(u)) + extra(u)` where `smooth` is a base plus sines,
//!   `scale` is periodic piecewise constant and `extra` is periodic piecewise linear (period
//!   [`PERIOD_S`], phase counted from the anchor).
//! - [`Shape::integral`] is the exact integral from [`COUNTER_START_S`] (counters start at 0 seven
//!   days before the anchor); for `u` before that start it is 0. It is monotone as long as the
//!   shape's rate is non-negative, which [`Shape::min_rate`] bounds from below (tests check it for
//!   every counter).
//! - NaN or infinite inputs give NaN/infinite outputs; callers only pass finite times.

use std::f64::consts::TAU;

/// Incidents repeat with this period, counted from the anchor.
pub const PERIOD_S: f64 = 3600.0;
/// Counters are 0 at this time (relative to the anchor): seven days before it.
pub const COUNTER_START_S: f64 = -7.0 * 86_400.0;

/// One sine term `amp · sin(2π u / period_s + phase_rad)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Wave {
    pub amp: f64,
    pub period_s: f64,
    pub phase_rad: f64,
}

impl Wave {
    fn omega(&self) -> f64 {
        TAU / self.period_s
    }
    fn value(&self, u_s: f64) -> f64 {
        self.amp * (self.omega() * u_s + self.phase_rad).sin()
    }
    /// Antiderivative `−amp/ω · cos(ω u + φ)`.
    fn antiderivative(&self, u_s: f64) -> f64 {
        -self.amp / self.omega() * (self.omega() * u_s + self.phase_rad).cos()
    }
    /// Σ over `k = k_first..=k_last` of `cos(ω (c + kP) + φ)`, in closed form.
    fn cos_comb(&self, c_s: f64, k_first: f64, k_last: f64) -> f64 {
        let n = k_last - k_first + 1.0;
        if n <= 0.0 {
            return 0.0;
        }
        let omega = self.omega();
        let theta = omega * (c_s + k_first * PERIOD_S) + self.phase_rad;
        let d = omega * PERIOD_S;
        let half = (d / 2.0).sin();
        if half.abs() < 1e-9 {
            // The wave is (nearly) commensurate with the period: every term is the same.
            return n * (theta + (n - 1.0) * d / 2.0).cos();
        }
        (n * d / 2.0).sin() / half * (theta + (n - 1.0) * d / 2.0).cos()
    }
    /// Σ over `k = k_first..=k_last` of `∫_{a+kP}^{b+kP} wave`.
    fn windows_integral(&self, a_s: f64, b_s: f64, k_first: f64, k_last: f64) -> f64 {
        let f = -self.amp / self.omega();
        f * (self.cos_comb(b_s, k_first, k_last) - self.cos_comb(a_s, k_first, k_last))
    }
}

/// A periodic segment `[from_s, to_s)` within the period, linear from `v0` to `v1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Seg {
    pub from_s: f64,
    pub to_s: f64,
    pub v0: f64,
    pub v1: f64,
}

impl Seg {
    pub fn flat(from_s: f64, to_s: f64, v: f64) -> Self {
        Seg {
            from_s,
            to_s,
            v0: v,
            v1: v,
        }
    }
    pub fn ramp(from_s: f64, to_s: f64, v0: f64, v1: f64) -> Self {
        Seg {
            from_s,
            to_s,
            v0,
            v1,
        }
    }
    fn len(&self) -> f64 {
        self.to_s - self.from_s
    }
    fn value_at(&self, phase_s: f64) -> f64 {
        let len = self.len();
        if len <= 0.0 {
            return self.v0;
        }
        self.v0 + (self.v1 - self.v0) * (phase_s - self.from_s) / len
    }
    /// ∫ from `from_s` to `min(phase, to_s)` (0 before the segment).
    fn partial(&self, phase_s: f64) -> f64 {
        if phase_s <= self.from_s {
            return 0.0;
        }
        let end = phase_s.min(self.to_s);
        let x = end - self.from_s;
        (self.v0 + self.value_at(end)) / 2.0 * x
    }
    fn full(&self) -> f64 {
        (self.v0 + self.v1) / 2.0 * self.len()
    }
}

/// Split segments so that each lies inside `[0, PERIOD_S)`; a segment reaching past the period
/// end wraps to the next period's start (so an incident may span a period boundary).
fn normalise(segs: Vec<Seg>) -> Vec<Seg> {
    let mut out = Vec::with_capacity(segs.len());
    for s in segs {
        let from = s.from_s.rem_euclid(PERIOD_S);
        let to = from + s.len();
        if to <= PERIOD_S {
            out.push(Seg {
                from_s: from,
                to_s: to,
                ..s
            });
        } else {
            let cut = Seg {
                from_s: from,
                to_s: to,
                ..s
            };
            let v_cut = cut.value_at(PERIOD_S);
            out.push(Seg::ramp(from, PERIOD_S, s.v0, v_cut));
            out.push(Seg::ramp(0.0, to - PERIOD_S, v_cut, s.v1));
        }
    }
    out
}

/// `smooth(u) · (1 + scale(u)) + extra(u)`; see the module doc.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shape {
    pub base: f64,
    pub waves: Vec<Wave>,
    /// Piecewise-constant multiplier deltas (only `v0` is used): −1 removes the smooth part.
    pub scale: Vec<Seg>,
    /// Additive piecewise-linear extras.
    pub extra: Vec<Seg>,
}

impl Shape {
    pub fn constant(v: f64) -> Self {
        Shape {
            base: v,
            ..Shape::default()
        }
    }
    pub fn with_scale(mut self, segs: Vec<Seg>) -> Self {
        self.scale.extend(normalise(segs));
        self
    }
    pub fn with_extra(mut self, segs: Vec<Seg>) -> Self {
        self.extra.extend(normalise(segs));
        self
    }

    fn smooth(&self, u_s: f64) -> f64 {
        self.base + self.waves.iter().map(|w| w.value(u_s)).sum::<f64>()
    }

    /// The instantaneous value (a gauge's value or a counter's rate per second).
    pub fn value(&self, u_s: f64) -> f64 {
        let phase = u_s.rem_euclid(PERIOD_S);
        let in_seg = |s: &&Seg| phase >= s.from_s && phase < s.to_s;
        let scale: f64 = self.scale.iter().filter(in_seg).map(|s| s.v0).sum();
        let extra: f64 = self
            .extra
            .iter()
            .filter(in_seg)
            .map(|s| s.value_at(phase))
            .sum();
        self.smooth(u_s) * (1.0 + scale) + extra
    }

    /// A lower bound of [`Shape::value`] over all time (used to prove counters monotone): the
    /// smooth part's extreme times the scale, plus the extras, on each piece of the period where
    /// the set of active segments is constant.
    pub fn min_rate(&self) -> f64 {
        let amp: f64 = self.waves.iter().map(|w| w.amp.abs()).sum();
        let (smooth_min, smooth_max) = (self.base - amp, self.base + amp);
        let mut cuts: Vec<f64> = vec![0.0, PERIOD_S];
        for s in self.scale.iter().chain(&self.extra) {
            cuts.push(s.from_s);
            cuts.push(s.to_s);
        }
        cuts.sort_by(f64::total_cmp);
        cuts.dedup();
        let mut lo = f64::INFINITY;
        for w in cuts.windows(2) {
            let (a, b) = (w[0], w[1]);
            if b <= a {
                continue;
            }
            let active = |s: &&Seg| s.from_s <= a && s.to_s >= b;
            let factor = 1.0 + self.scale.iter().filter(active).map(|s| s.v0).sum::<f64>();
            // Linear extras reach their minimum at an end of the piece.
            let extra_at = |x: f64| -> f64 {
                self.extra
                    .iter()
                    .filter(active)
                    .map(|s| s.v0 + (s.v1 - s.v0) * (x - s.from_s) / s.len().max(1e-12))
                    .sum()
            };
            let smooth_lo = (smooth_min * factor).min(smooth_max * factor);
            lo = lo.min(smooth_lo + extra_at(a).min(extra_at(b)));
        }
        lo
    }

    /// ∫ of the smooth part over `[from, to]`.
    fn smooth_integral(&self, from_s: f64, to_s: f64) -> f64 {
        self.base * (to_s - from_s)
            + self
                .waves
                .iter()
                .map(|w| w.antiderivative(to_s) - w.antiderivative(from_s))
                .sum::<f64>()
    }

    /// ∫ of the smooth part over the periodic windows of `seg` inside `[COUNTER_START_S, u]`.
    fn smooth_over_windows(&self, seg: &Seg, u_s: f64) -> f64 {
        // Window k spans [a + kP, b + kP); the first window starts at or after the counter start.
        let (a, b) = (seg.from_s, seg.to_s);
        let k_first = ((COUNTER_START_S - a) / PERIOD_S).ceil();
        let k_now = ((u_s - a) / PERIOD_S).floor(); // the last window that has started
        if k_now < k_first {
            return 0.0;
        }
        // Whole windows: k_first ..= k_now − 1, plus k_now if it has already ended.
        let now_start = a + k_now * PERIOD_S;
        let now_end = b + k_now * PERIOD_S;
        let (k_last_full, partial) = if u_s >= now_end {
            (k_now, 0.0)
        } else {
            (k_now - 1.0, self.smooth_integral(now_start, u_s))
        };
        let full_base = self.base * (b - a) * (k_last_full - k_first + 1.0).max(0.0);
        let full_waves: f64 = self
            .waves
            .iter()
            .map(|w| w.windows_integral(a, b, k_first, k_last_full))
            .sum();
        full_base + full_waves + partial
    }

    /// Signed periodic integral of the extras from 0 to `u`, in the form `(n + f) · I` so that a
    /// series made only of non-negative extras is exactly monotone in floating point.
    fn extra_from_zero(&self, u_s: f64) -> f64 {
        let n = (u_s / PERIOD_S).floor();
        let phase = u_s - n * PERIOD_S;
        let full: f64 = self.extra.iter().map(Seg::full).sum();
        let partial: f64 = self.extra.iter().map(|s| s.partial(phase)).sum();
        let non_negative = self.extra.iter().all(|s| s.v0 >= 0.0 && s.v1 >= 0.0);
        if full == 0.0 || !non_negative {
            return n * full + partial;
        }
        (n + (partial / full).min(1.0)) * full
    }

    /// The counter value: ∫ from [`COUNTER_START_S`] to `u` of [`Shape::value`]; 0 before the start.
    pub fn integral(&self, u_s: f64) -> f64 {
        if u_s <= COUNTER_START_S {
            return 0.0;
        }
        let mut total = 0.0;
        if self.base != 0.0 || !self.waves.is_empty() {
            total += self.smooth_integral(COUNTER_START_S, u_s);
            for seg in &self.scale {
                total += seg.v0 * self.smooth_over_windows(seg, u_s);
            }
        }
        if !self.extra.is_empty() {
            total += self.extra_from_zero(u_s) - self.extra_from_zero(COUNTER_START_S);
        }
        total
    }
}

/// A deterministic 64-bit FNV-1a hash, used to give each series its own wave phases.
pub fn fnv(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Base plus a slow daily-ish sine (`daily_rel` of the base) and three incommensurate noise sines
/// (`noise_rel` of the base in total); phases and periods vary with `seed`.
/// The daily phase depends only on the seed's first `/`-separated part (the stack), so that all
/// traffic of one stack follows the same day; the noise depends on the whole seed.
pub fn organic(base: f64, daily_rel: f64, noise_rel: f64, seed: &str) -> Shape {
    let h = fnv(seed);
    let unit = |shift: u32| ((h >> shift) & 0xffff) as f64 / 65_536.0;
    let day_seed = seed.split('/').next().unwrap_or(seed);
    let day_phase = (fnv(day_seed) & 0xffff) as f64 / 65_536.0 * TAU;
    let mut waves = Vec::with_capacity(4);
    if daily_rel != 0.0 {
        waves.push(Wave {
            amp: base * daily_rel,
            period_s: 86_400.0,
            phase_rad: day_phase,
        });
    }
    if noise_rel != 0.0 {
        // Periods chosen incommensurate with each other and with the incident period.
        let periods = [
            317.0 * (1.0 + 0.2 * unit(16)),
            1_013.0 * (1.0 + 0.2 * unit(32)),
            2_719.0 * (1.0 + 0.2 * unit(48)),
        ];
        let weights = [0.5, 0.3, 0.2];
        for (i, (p, wgt)) in periods.iter().zip(weights).enumerate() {
            waves.push(Wave {
                amp: base * noise_rel * wgt,
                period_s: *p,
                phase_rad: unit(8 * i as u32 + 4) * TAU,
            });
        }
    }
    Shape {
        base,
        waves,
        ..Shape::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numerical integral by the midpoint rule, for checking the closed forms.
    fn numeric(shape: &Shape, from_s: f64, to_s: f64) -> f64 {
        let n = 200_000;
        let h = (to_s - from_s) / n as f64;
        (0..n)
            .map(|i| shape.value(from_s + (i as f64 + 0.5) * h) * h)
            .sum()
    }

    #[test]
    fn closed_form_integral_matches_numeric_between_two_times() {
        let cases: Vec<(&str, Shape)> = vec![
            ("constant", Shape::constant(2.0)),
            ("organic", organic(10.0, 0.2, 0.1, "a")),
            (
                "scale drop",
                organic(10.0, 0.2, 0.1, "b").with_scale(vec![Seg::flat(120.0, 900.0, -1.0)]),
            ),
            (
                "scale and extra",
                organic(5.0, 0.1, 0.1, "c")
                    .with_scale(vec![Seg::flat(300.0, 600.0, 0.5)])
                    .with_extra(vec![Seg::ramp(200.0, 800.0, 0.0, 3.0)]),
            ),
            (
                "extra only, wraps period",
                Shape::default().with_extra(vec![Seg::flat(3500.0, 3800.0, 2.0)]),
            ),
        ];
        for (name, shape) in cases {
            for (a, b) in [(-7200.0, -100.0), (-50.0, 2000.0), (3000.0, 7500.0)] {
                let closed = shape.integral(b) - shape.integral(a);
                let num = numeric(&shape, a, b);
                assert!(
                    (closed - num).abs() < 1e-3 * (1.0 + num.abs()),
                    "{name} [{a},{b}]: closed {closed} numeric {num}"
                );
            }
        }
    }

    #[test]
    fn integral_is_zero_at_and_before_counter_start() {
        let s = organic(3.0, 0.2, 0.1, "x").with_extra(vec![Seg::flat(0.0, 60.0, 1.0)]);
        for u in [COUNTER_START_S - 1000.0, COUNTER_START_S] {
            assert_eq!(s.integral(u), 0.0, "u={u}");
        }
        assert!(s.integral(COUNTER_START_S + 10.0) > 0.0);
    }

    #[test]
    fn value_applies_segments_only_inside_their_window() {
        let s = Shape::constant(1.0)
            .with_scale(vec![Seg::flat(100.0, 200.0, -1.0)])
            .with_extra(vec![Seg::ramp(100.0, 200.0, 0.0, 10.0)]);
        let cases = [
            (99.0, 1.0),
            (100.0, 0.0),
            (150.0, 5.0),
            (200.0, 1.0),
            (3700.0, 0.0),
            (3800.0, 1.0),
            (3750.0, 5.0),
            (-3450.0, 5.0),
        ];
        for (u, want) in cases {
            assert!((s.value(u) - want).abs() < 1e-9, "u={u}: {}", s.value(u));
        }
    }

    #[test]
    fn min_rate_bounds_the_value() {
        let s = organic(10.0, 0.2, 0.1, "m")
            .with_scale(vec![Seg::flat(0.0, 500.0, -0.9)])
            .with_extra(vec![Seg::flat(600.0, 700.0, -2.0)]);
        let lo = s.min_rate();
        for i in 0..20_000 {
            let u = i as f64 * 7.3 - 50_000.0;
            assert!(s.value(u) >= lo - 1e-9, "u={u}");
        }
    }
}
