//! Value axes: range resolution (min / max / soft min / soft max), nice ticks and value↔fraction
//! mapping for linear and log scales.
//!
//! Contract:
//! - Linear ticks are multiples of a 1/2/5 × 10^k step, rounded to the step's decimals so a
//!   formatter never sees `0.30000000000000004`.
//! - Auto ranges (no hard min/max) are widened to whole tick steps; soft min/max only widen.
//!   Hard min/max are used exactly; a reversed or empty hard range is widened by one unit.
//! - Log scales use only positive data; the range snaps to powers of the base and ticks are the
//!   powers inside it (plus 2× and 5× multiples for base 10 when the range spans at most two
//!   decades). A hard min ≤ 0 on a log axis is ignored.
//! - No data at all gives the range 0..1 (linear) or 1..base (log).
//! - NaN and ±Inf inputs are ignored everywhere; [`YScale::frac_of`] returns `None` for them
//!   (and for values ≤ 0 on a log scale), which the charts draw as gaps.

/// The user's settings for one value axis (Grafana's axis min/max/softMin/softMax/log).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AxisLimits {
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub soft_min: Option<f64>,
    pub soft_max: Option<f64>,
    /// `None` = linear; `Some(2.0)` or `Some(10.0)` = log with that base.
    pub log_base: Option<f64>,
}

/// A resolved value axis: the range drawn and the tick values to label.
#[derive(Clone, Debug, PartialEq)]
pub struct YScale {
    pub min: f64,
    pub max: f64,
    pub log_base: Option<f64>,
    pub ticks: Vec<f64>,
}

impl YScale {
    /// 0 at `min`, 1 at `max`; `None` for values that cannot be placed (NaN, ±Inf, ≤ 0 on log).
    pub fn frac_of(&self, v: f64) -> Option<f64> {
        if !v.is_finite() {
            return None;
        }
        match self.log_base {
            Some(_) => {
                if v <= 0.0 {
                    return None;
                }
                let (lo, hi) = (self.min.ln(), self.max.ln());
                Some((v.ln() - lo) / (hi - lo))
            }
            None => Some((v - self.min) / (self.max - self.min)),
        }
    }
    /// The inverse of [`frac_of`](Self::frac_of).
    pub fn value_of_frac(&self, frac: f64) -> f64 {
        match self.log_base {
            Some(_) => (self.min.ln() + frac * (self.max.ln() - self.min.ln())).exp(),
            None => self.min + frac * (self.max - self.min),
        }
    }
    /// Where a fill or bar starts: 0 clamped into the range (the range minimum on log scales).
    pub fn baseline(&self) -> f64 {
        match self.log_base {
            Some(_) => self.min,
            None => 0.0_f64.clamp(self.min, self.max),
        }
    }
}

/// The smallest 1/2/5 × 10^k that is ≥ `raw` (`raw` ≤ 0 or non-finite → 1).
pub fn nice_step(raw: f64) -> f64 {
    if !(raw.is_finite() && raw > 0.0) {
        return 1.0;
    }
    let mag = 10f64.powf(raw.log10().floor());
    for m in [1.0, 2.0, 5.0, 10.0] {
        let step = m * mag;
        if step >= raw * (1.0 - 1e-9) {
            return step;
        }
    }
    10.0 * mag
}

/// Decimal digits needed to print multiples of `step` exactly (0 for steps ≥ 1).
pub fn step_decimals(step: f64) -> usize {
    if !(step.is_finite() && step > 0.0) || step >= 1.0 {
        return 0;
    }
    (-(step.log10() + 1e-9).floor()).max(0.0) as usize
}

fn round_to(v: f64, decimals: usize) -> f64 {
    let p = 10f64.powi(decimals as i32);
    let r = (v * p).round() / p;
    if r == 0.0 {
        0.0 // no "-0"
    } else {
        r
    }
}

/// Multiples of `step` in `[min, max]` (tolerating float error at the ends).
pub fn linear_ticks(min: f64, max: f64, step: f64) -> Vec<f64> {
    if !(min.is_finite() && max.is_finite() && step.is_finite() && step > 0.0) || max < min {
        return Vec::new();
    }
    let decimals = step_decimals(step);
    let eps = step * 1e-9;
    let first = ((min - eps) / step).ceil() as i64;
    let last = ((max + eps) / step).floor() as i64;
    if last < first || last - first > 1000 {
        return Vec::new();
    }
    (first..=last)
        .map(|i| round_to(i as f64 * step, decimals))
        .collect()
}

/// Powers of `base` in `[min, max]`, with 2× and 5× multiples for base 10 when the range spans
/// at most two decades.
pub fn log_ticks(min: f64, max: f64, base: f64) -> Vec<f64> {
    if !(min > 0.0 && max >= min && base > 1.0 && min.is_finite() && max.is_finite()) {
        return Vec::new();
    }
    let lo = (min.ln() / base.ln() - 1e-9).floor() as i32;
    let hi = (max.ln() / base.ln() + 1e-9).ceil() as i32;
    let decades = (max / min).ln() / base.ln();
    let dense = base == 10.0 && decades < 2.0 + 1e-9;
    let mut out = Vec::new();
    for k in lo..=hi {
        let p = base.powi(k);
        let mults: &[f64] = if dense { &[1.0, 2.0, 5.0] } else { &[1.0] };
        for m in mults {
            let v = p * m;
            let v = if k < 0 { round_to(v, (-k) as usize) } else { v };
            if v >= min * (1.0 - 1e-9) && v <= max * (1.0 + 1e-9) {
                out.push(v);
            }
        }
    }
    out
}

/// Resolves the drawn range and ticks of one value axis from the data extremes
/// (`None` when there is no finite data) and the user's limits. `max_ticks` ≥ 1 bounds how many
/// linear ticks fit the axis length.
pub fn resolve_y_scale(limits: &AxisLimits, data: Option<(f64, f64)>, max_ticks: usize) -> YScale {
    let finite = |o: Option<f64>| o.filter(|v| v.is_finite());
    let max_ticks = max_ticks.max(1) as f64;
    if let Some(base) = limits.log_base.filter(|b| b.is_finite() && *b > 1.0) {
        let pos = |o: Option<f64>| finite(o).filter(|v| *v > 0.0);
        let (mut lo, mut hi) = match data.filter(|(_, hi)| *hi > 0.0) {
            Some((lo, hi)) => (if lo > 0.0 { lo } else { hi }, hi),
            None => (1.0, base),
        };
        if let Some(s) = pos(limits.soft_min) {
            lo = lo.min(s);
        }
        if let Some(s) = pos(limits.soft_max) {
            hi = hi.max(s);
        }
        lo = base.powf((lo.ln() / base.ln() + 1e-9).floor());
        hi = base.powf((hi.ln() / base.ln() - 1e-9).ceil());
        if let Some(m) = pos(limits.min) {
            lo = m;
        }
        if let Some(m) = pos(limits.max) {
            hi = m;
        }
        if hi <= lo {
            hi = lo * base;
        }
        return YScale {
            min: lo,
            max: hi,
            log_base: Some(base),
            ticks: log_ticks(lo, hi, base),
        };
    }

    let (mut lo, mut hi) = data.unwrap_or((0.0, 1.0));
    if let Some(s) = finite(limits.soft_min) {
        lo = lo.min(s);
    }
    if let Some(s) = finite(limits.soft_max) {
        hi = hi.max(s);
    }
    let hard_min = finite(limits.min);
    let hard_max = finite(limits.max);
    if hi <= lo {
        // A flat line: give it room so it sits inside the plot rather than on its edge.
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= if hard_min.is_none() && lo != 0.0 {
            pad
        } else {
            0.0
        };
        hi += pad;
    }
    let step = nice_step((hi - lo) / max_ticks);
    if hard_min.is_none() {
        lo = (lo / step + 1e-9).floor() * step;
    }
    if hard_max.is_none() {
        hi = (hi / step - 1e-9).ceil() * step;
    }
    let decimals = step_decimals(step);
    lo = hard_min.unwrap_or_else(|| round_to(lo, decimals));
    hi = hard_max.unwrap_or_else(|| round_to(hi, decimals));
    if hi <= lo {
        hi = lo + 1.0;
    }
    let step = nice_step((hi - lo) / max_ticks);
    YScale {
        min: lo,
        max: hi,
        log_base: None,
        ticks: linear_ticks(lo, hi, step),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nice_step_table() {
        let cases = [
            (0.0, 1.0),
            (-3.0, 1.0),
            (f64::NAN, 1.0),
            (0.7, 1.0),
            (1.0, 1.0),
            (1.1, 2.0),
            (2.5, 5.0),
            (7.0, 10.0),
            (13.0, 20.0),
            (0.003, 0.005),
            (420.0, 500.0),
        ];
        for (raw, want) in cases {
            assert!(
                (nice_step(raw) - want).abs() < 1e-12,
                "nice_step({raw}) = {}",
                nice_step(raw)
            );
        }
    }

    #[test]
    fn linear_ticks_are_clean() {
        assert_eq!(
            linear_ticks(0.0, 1.0, 0.1),
            vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]
        );
        assert_eq!(linear_ticks(-5.0, 5.0, 5.0), vec![-5.0, 0.0, 5.0]);
        assert_eq!(linear_ticks(0.03, 0.11, 0.02), vec![0.04, 0.06, 0.08, 0.1]);
        assert!(linear_ticks(1.0, 0.0, 1.0).is_empty());
        assert!(linear_ticks(0.0, 1.0, 0.0).is_empty());
    }

    #[test]
    fn log_ticks_table() {
        let cases: &[(f64, f64, f64, &[f64])] = &[
            (1.0, 10000.0, 10.0, &[1.0, 10.0, 100.0, 1000.0, 10000.0]),
            (1.0, 100.0, 10.0, &[1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]),
            (0.01, 1.0, 10.0, &[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0]),
            (1.0, 64.0, 2.0, &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0]),
            (0.0, 10.0, 10.0, &[]),
        ];
        for (lo, hi, base, want) in cases {
            assert_eq!(log_ticks(*lo, *hi, *base), *want, "{lo}..{hi} base {base}");
        }
    }

    #[test]
    fn resolve_table() {
        let lim = |min, max, soft_min, soft_max| AxisLimits {
            min,
            max,
            soft_min,
            soft_max,
            log_base: None,
        };
        type Case = (AxisLimits, Option<(f64, f64)>, (f64, f64));
        let cases: Vec<Case> = vec![
            (lim(None, None, None, None), Some((3.0, 97.0)), (0.0, 100.0)),
            (lim(None, None, None, None), None, (0.0, 1.0)),
            (
                lim(Some(0.0), Some(50.0), None, None),
                Some((3.0, 97.0)),
                (0.0, 50.0),
            ),
            (
                lim(None, None, Some(0.0), Some(200.0)),
                Some((30.0, 97.0)),
                (0.0, 200.0),
            ),
            // Soft limits only widen: data beyond them wins.
            (
                lim(None, None, Some(50.0), Some(60.0)),
                Some((30.0, 97.0)),
                (20.0, 100.0),
            ),
            // Flat line.
            (lim(None, None, None, None), Some((5.0, 5.0)), (4.4, 5.6)),
            (lim(None, None, None, None), Some((0.0, 0.0)), (0.0, 1.0)),
            // Reversed hard limits are widened, never panicking.
            (
                lim(Some(10.0), Some(5.0), None, None),
                Some((1.0, 2.0)),
                (10.0, 11.0),
            ),
            (lim(None, None, None, None), Some((-0.3, 0.7)), (-0.4, 0.8)),
        ];
        for (limits, data, (lo, hi)) in cases {
            let s = resolve_y_scale(&limits, data, 5);
            assert!(
                (s.min - lo).abs() < 1e-9 && (s.max - hi).abs() < 1e-9,
                "{limits:?} {data:?} → {}..{}",
                s.min,
                s.max
            );
            assert!(!s.ticks.is_empty());
            assert!(s
                .ticks
                .iter()
                .all(|t| *t >= s.min - 1e-9 && *t <= s.max + 1e-9));
        }
    }

    #[test]
    fn resolve_log() {
        let limits = AxisLimits {
            log_base: Some(10.0),
            ..Default::default()
        };
        let s = resolve_y_scale(&limits, Some((3.0, 4500.0)), 5);
        assert_eq!((s.min, s.max), (1.0, 10000.0));
        assert_eq!(s.ticks, vec![1.0, 10.0, 100.0, 1000.0, 10000.0]);
        assert_eq!(s.frac_of(100.0), Some(0.5));
        assert_eq!(s.frac_of(0.0), None);
        assert_eq!(s.frac_of(-1.0), None);
        assert!((s.value_of_frac(0.25) - 10.0).abs() < 1e-9);
        // Non-positive data minimum: the range starts at the smallest positive extreme.
        let s = resolve_y_scale(&limits, Some((-5.0, 50.0)), 5);
        assert_eq!((s.min, s.max), (10.0, 100.0));
        let hard = AxisLimits {
            min: Some(0.0),
            log_base: Some(2.0),
            ..Default::default()
        };
        let s = resolve_y_scale(&hard, Some((3.0, 20.0)), 5);
        assert_eq!((s.min, s.max), (2.0, 32.0));
    }

    #[test]
    fn frac_mapping_linear() {
        let s = YScale {
            min: -10.0,
            max: 10.0,
            log_base: None,
            ticks: vec![],
        };
        assert_eq!(s.frac_of(0.0), Some(0.5));
        assert_eq!(s.frac_of(f64::NAN), None);
        assert_eq!(s.frac_of(f64::INFINITY), None);
        assert_eq!(s.value_of_frac(1.0), 10.0);
        assert_eq!(s.baseline(), 0.0);
        let s = YScale {
            min: 5.0,
            max: 10.0,
            log_base: None,
            ticks: vec![],
        };
        assert_eq!(s.baseline(), 5.0);
    }
}
