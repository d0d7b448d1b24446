//! Rule backtest: when would an alerting rule have been pending and firing over a past range?
//!
//! Contract (pure; no I/O):
//! - [`alerting_rules`] lists a rule file's alerting rules with their group's evaluation
//!   interval (a group without `interval` uses the global default, 1m in Prometheus, and says
//!   so), `query_offset`, `limit` and labels (group labels overlaid by the rule's, as Prometheus
//!   does). Recording rules are not backtested ([`recording_rule_count`] says how many).
//! - [`eval_plan`] puts the evaluations on the group interval's grid (multiples of the interval
//!   since the epoch) inside `from..=to`. One query per rule: when that is more than
//!   Prometheus' 11,000 points per series, the step is coarsened to the smallest multiple of the
//!   interval that fits, and [`EvalPlan::note`] says so.
//! - [`backtest`] replays Prometheus' `AlertingRule.Eval` (rules/alerting.go) over the
//!   `query_range` matrix of the rule's `expr`, one evaluation per step `ts`:
//!   a label set is the series' labels without `__name__`, plus the rule's labels (templates
//!   expanded with the series' labels and value), plus `alertname`. A label set present at `ts`
//!   (any value, NaN included) that is not active becomes pending with `activeAt = ts`; an active
//!   pending one fires when `ts − activeAt ≥ for` (so `for: 0` fires at once). A label set absent
//!   at `ts` (a gap in the matrix) is dropped when pending (a missing sample resets pending) and
//!   resolved when firing, unless `keep_firing_for > 0`: then it keeps firing while
//!   `ts − keepFiringSince < keep_firing_for`, `keepFiringSince` being the first absent
//!   evaluation (reset whenever the label set is present again). Two series with one label set
//!   fail that evaluation (state unchanged, an issue is reported); more active alerts than the
//!   group's `limit` fail it and clear every alert, as Prometheus does.
//! - Output: per label set, intervals `[start_ms, end_ms)` in state pending or firing, where
//!   `end_ms` is the evaluation that ended the state; a state still held after the last
//!   evaluation ends at the range end and is marked `open`. Zero-length pending (with `for: 0`)
//!   is not an interval. [`Summary`] counts firings, total and longest firing time and what is
//!   still active at the end; [`summary_sentence`] words it.
//! - [`promql_check_input`] / [`promql_check_answer`] speak the on-demand PromQL module's
//!   `check` JSON.
//! - [`timeline_view`] turns a result into the state timeline chart's view model (pending
//!   orange, firing red, one row per label set).

use std::collections::{BTreeMap, BTreeSet};

use super::template::{render, TemplateData};
use crate::annotations::{FIRING, PENDING};
use crate::chart::{StateRegion, StateRow, StateTimelineView};
use crate::prom::duration::format_duration_ms;
use crate::prom::request::QueryRange;
use crate::prom::step::MAX_POINTS_PER_SERIES;
use crate::prom::types::{Labels, Series};
use crate::rules::{RuleFile, RuleKind};

/// Prometheus' default `global.evaluation_interval`.
pub const DEFAULT_EVALUATION_INTERVAL_MS: i64 = 60_000;
/// At most this many label-set rows are drawn per rule; the rest are counted.
pub const MAX_TIMELINE_ROWS: usize = 12;
/// Row names longer than this many characters are cut with `…`.
const MAX_ROW_NAME_CHARS: usize = 48;

/// One alerting rule, ready to backtest.
#[derive(Clone, Debug, PartialEq)]
pub struct BacktestRule {
    pub group: String,
    /// The group's evaluation interval (or the global default).
    pub interval_ms: i64,
    /// The group sets no `interval`: `interval_ms` is the global default.
    pub interval_is_default: bool,
    pub query_offset_ms: i64,
    pub limit: Option<u64>,
    pub name: String,
    pub expr: String,
    /// 1-based line of the expression in the file.
    pub expr_line: usize,
    /// 1-based line of the rule.
    pub line: usize,
    pub for_ms: i64,
    pub keep_firing_for_ms: i64,
    /// Group labels overlaid by the rule's labels (values may be templates).
    pub labels: Labels,
}

impl BacktestRule {
    /// "every 15s", or "every 1m (the global default: group `g` sets no interval)".
    pub fn interval_text(&self) -> String {
        let every = format!("every {}", format_duration_ms(self.interval_ms));
        if self.interval_is_default {
            format!(
                "{every} (the global default: group `{}` sets no interval)",
                self.group
            )
        } else {
            every
        }
    }

    /// "for 5m · keep firing for 10m" (only the parts that are set), or "for 0s".
    pub fn hold_text(&self) -> String {
        let mut out = format!("for {}", format_duration_ms(self.for_ms));
        if self.keep_firing_for_ms > 0 {
            out.push_str(&format!(
                " · keep firing for {}",
                format_duration_ms(self.keep_firing_for_ms)
            ));
        }
        out
    }
}

/// The file's alerting rules in file order, with their group's settings.
/// `global_interval_ms` is used for groups without `interval` (non-positive → 1m).
pub fn alerting_rules(file: &RuleFile, global_interval_ms: i64) -> Vec<BacktestRule> {
    let global = if global_interval_ms > 0 {
        global_interval_ms
    } else {
        DEFAULT_EVALUATION_INTERVAL_MS
    };
    let mut out = Vec::new();
    for g in &file.groups {
        let (interval_ms, interval_is_default) = match g.interval_ms {
            Some(i) if i > 0 => (i, false),
            _ => (global, true),
        };
        for r in g.rules.iter().filter(|r| r.kind == RuleKind::Alert) {
            let mut labels = g.labels.clone();
            labels.extend(r.labels.iter().map(|(k, v)| (k.clone(), v.clone())));
            out.push(BacktestRule {
                group: g.name.clone(),
                interval_ms,
                interval_is_default,
                query_offset_ms: g.query_offset_ms.unwrap_or(0).max(0),
                limit: g.limit.filter(|l| *l > 0),
                name: r.name.clone(),
                expr: r.expr.clone(),
                expr_line: r.expr_line,
                line: r.line,
                for_ms: r.for_ms.unwrap_or(0).max(0),
                keep_firing_for_ms: r.keep_firing_for_ms.unwrap_or(0).max(0),
                labels,
            });
        }
    }
    out
}

/// How many recording rules the file has (they are not backtested).
pub fn recording_rule_count(file: &RuleFile) -> usize {
    file.rules().filter(|r| r.kind == RuleKind::Record).count()
}

/// Where a rule is evaluated: `first_ms, first_ms + step_ms, …, last_ms`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EvalPlan {
    pub interval_ms: i64,
    /// The step actually evaluated: the interval, or a multiple of it when coarsened.
    pub step_ms: i64,
    pub first_ms: i64,
    pub last_ms: i64,
    /// The selected range's end (open intervals end here).
    pub range_end_ms: i64,
    /// Evaluations at the interval if the step were not coarsened.
    pub wanted: i64,
}

impl EvalPlan {
    /// Number of evaluations.
    pub fn evaluations(&self) -> i64 {
        (self.last_ms - self.first_ms) / self.step_ms + 1
    }

    pub fn coarsened(&self) -> bool {
        self.step_ms != self.interval_ms
    }

    /// The evaluation times.
    pub fn times(&self) -> impl Iterator<Item = i64> + '_ {
        (0..self.evaluations()).map(move |k| self.first_ms + k * self.step_ms)
    }

    /// Says when the step had to be coarsened (results are then approximate).
    pub fn note(&self) -> Option<String> {
        self.coarsened().then(|| {
            format!(
                "The range needs {} evaluations every {}; Prometheus returns at most {} points per query, so this backtest evaluates every {}. `for` and `keep_firing_for` are then only approximated: pick a shorter range for Prometheus' exact behaviour.",
                group_thousands(self.wanted),
                format_duration_ms(self.interval_ms),
                group_thousands(MAX_POINTS_PER_SERIES),
                format_duration_ms(self.step_ms),
            )
        })
    }

    /// The `query_range` request for `expr`: the evaluation times shifted back by the group's
    /// `query_offset` (Prometheus queries `ts − query_offset`).
    pub fn query(&self, expr: &str, query_offset_ms: i64) -> QueryRange {
        QueryRange {
            expr: expr.to_owned(),
            start_s: (self.first_ms - query_offset_ms) as f64 / 1000.0,
            end_s: (self.last_ms - query_offset_ms) as f64 / 1000.0,
            step_s: self.step_ms as f64 / 1000.0,
        }
    }
}

fn group_thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

/// The evaluations of a rule with interval `interval_ms` inside `from_ms..=to_ms`.
pub fn eval_plan(from_ms: i64, to_ms: i64, interval_ms: i64) -> Result<EvalPlan, String> {
    if interval_ms <= 0 {
        return Err("the evaluation interval must be positive".to_owned());
    }
    let first = from_ms.div_euclid(interval_ms) * interval_ms
        + if from_ms.rem_euclid(interval_ms) == 0 {
            0
        } else {
            interval_ms
        };
    let last = to_ms.div_euclid(interval_ms) * interval_ms;
    if last < first {
        return Err(format!(
            "the range holds no evaluation every {}: pick a longer range",
            format_duration_ms(interval_ms)
        ));
    }
    let wanted = (last - first) / interval_ms + 1;
    let factor = if wanted > MAX_POINTS_PER_SERIES {
        // Smallest k with (wanted − 1) / k + 1 ≤ MAX.
        (wanted - 1 + MAX_POINTS_PER_SERIES - 2) / (MAX_POINTS_PER_SERIES - 1)
    } else {
        1
    };
    let step = interval_ms * factor;
    let last = first + (last - first) / step * step;
    Ok(EvalPlan {
        interval_ms,
        step_ms: step,
        first_ms: first,
        last_ms: last,
        range_end_ms: to_ms.max(last),
        wanted,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertPhase {
    Pending,
    Firing,
}

impl AlertPhase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Firing => "firing",
        }
    }
}

/// One stretch of a label set in one state: `[start_ms, end_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub state: AlertPhase,
    pub start_ms: i64,
    pub end_ms: i64,
    /// Still in this state after the last evaluation (`end_ms` is the range end).
    pub open: bool,
}

impl Interval {
    pub fn duration_ms(&self) -> i64 {
        self.end_ms - self.start_ms
    }
}

/// The history of one alert label set.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabelSetTimeline {
    pub labels: Labels,
    /// In time order.
    pub intervals: Vec<Interval>,
}

/// An evaluation Prometheus would have failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalIssue {
    /// The first evaluation that failed this way.
    pub first_ms: i64,
    /// How many evaluations failed this way.
    pub count: usize,
    pub message: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Firing intervals (over all label sets).
    pub fired: usize,
    /// Label sets that fired at least once.
    pub label_sets_fired: usize,
    pub firing_ms: i64,
    pub longest_firing_ms: i64,
    /// Pending intervals that ended without firing.
    pub pending_only: usize,
    /// Label sets still firing / pending after the last evaluation.
    pub firing_at_end: usize,
    pub pending_at_end: usize,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct BacktestResult {
    /// Label sets in label order.
    pub label_sets: Vec<LabelSetTimeline>,
    pub summary: Summary,
    pub issues: Vec<EvalIssue>,
    pub evaluations: i64,
}

#[derive(Clone, Copy, Debug)]
struct Active {
    state: AlertPhase,
    active_at: i64,
    keep_firing_since: Option<i64>,
    /// Start of the current interval.
    since: i64,
}

fn close(
    timelines: &mut BTreeMap<Labels, Vec<Interval>>,
    labels: &Labels,
    a: &Active,
    end_ms: i64,
    open: bool,
) {
    if end_ms <= a.since && !open {
        return;
    }
    timelines.entry(labels.clone()).or_default().push(Interval {
        state: a.state,
        start_ms: a.since,
        end_ms,
        open,
    });
}

fn note_issue(issues: &mut Vec<EvalIssue>, ts: i64, message: String) {
    match issues.iter_mut().find(|i| i.message == message) {
        Some(i) => i.count += 1,
        None => issues.push(EvalIssue {
            first_ms: ts,
            count: 1,
            message,
        }),
    }
}

/// Replays the rule's evaluations over `matrix`, the `query_range` result of its `expr`
/// requested with [`EvalPlan::query`] (sample times are query times, `ts − query_offset`).
pub fn backtest(rule: &BacktestRule, plan: &EvalPlan, matrix: &[Series]) -> BacktestResult {
    let n = plan.evaluations().max(0) as usize;
    // Present series (index, value) per evaluation.
    let mut present: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (si, s) in matrix.iter().enumerate() {
        for (&t, &v) in s.t_ms.iter().zip(&s.values) {
            let ts = t + rule.query_offset_ms;
            let d = ts - plan.first_ms;
            if d < 0 || d % plan.step_ms != 0 {
                continue;
            }
            if let Some(slot) = present.get_mut((d / plan.step_ms) as usize) {
                slot.push((si, v));
            }
        }
    }
    let templated = rule.labels.values().any(|v| v.contains("{{"));
    let no_labels = Labels::new();
    let label_set = |s: &Series, value: f64| -> Labels {
        let mut l = s.labels.clone();
        l.remove("__name__");
        for (k, v) in &rule.labels {
            let v = if templated && v.contains("{{") {
                render(
                    v,
                    &TemplateData {
                        labels: &s.labels,
                        external_labels: &no_labels,
                        external_url: "",
                        value,
                    },
                )
                .text
            } else {
                v.clone()
            };
            l.insert(k.clone(), v);
        }
        l.insert("alertname".to_owned(), rule.name.clone());
        l
    };
    let static_sets: Vec<Labels> = if templated {
        Vec::new()
    } else {
        matrix.iter().map(|s| label_set(s, 0.0)).collect()
    };

    let mut active: BTreeMap<Labels, Active> = BTreeMap::new();
    let mut timelines: BTreeMap<Labels, Vec<Interval>> = BTreeMap::new();
    let mut issues = Vec::new();
    for (k, ts) in plan.times().enumerate() {
        let Some(here) = present.get(k) else { break };
        let mut seen: BTreeSet<Labels> = BTreeSet::new();
        let mut duplicate = false;
        for &(si, v) in here {
            let l = match static_sets.get(si) {
                Some(l) => l.clone(),
                None => match matrix.get(si) {
                    Some(s) => label_set(s, v),
                    None => continue,
                },
            };
            if !seen.insert(l) {
                duplicate = true;
            }
        }
        if duplicate {
            note_issue(
                &mut issues,
                ts,
                "the result has several series with the same labels once the rule's labels are applied: Prometheus fails these evaluations (\"vector contains metrics with the same labelset after applying alert labels\") and keeps the alert state as it was".to_owned(),
            );
            continue;
        }
        for l in &seen {
            active.entry(l.clone()).or_insert(Active {
                state: AlertPhase::Pending,
                active_at: ts,
                keep_firing_since: None,
                since: ts,
            });
        }
        let mut resolved = Vec::new();
        let mut num_active: u64 = 0;
        for (l, a) in active.iter_mut() {
            if seen.contains(l) {
                a.keep_firing_since = None;
            } else {
                let keep = a.state == AlertPhase::Firing
                    && rule.keep_firing_for_ms > 0
                    && ts - *a.keep_firing_since.get_or_insert(ts) < rule.keep_firing_for_ms;
                if !keep {
                    close(&mut timelines, l, a, ts, false);
                    resolved.push(l.clone());
                    continue;
                }
            }
            num_active += 1;
            if a.state == AlertPhase::Pending && ts - a.active_at >= rule.for_ms {
                close(&mut timelines, l, a, ts, false);
                a.state = AlertPhase::Firing;
                a.since = ts;
            }
        }
        for l in resolved {
            active.remove(&l);
        }
        if let Some(limit) = rule.limit {
            if num_active > limit {
                for (l, a) in &active {
                    close(&mut timelines, l, a, ts, false);
                }
                active.clear();
                note_issue(
                    &mut issues,
                    ts,
                    format!("more than {limit} alerts at once exceed the group's limit: Prometheus fails these evaluations and drops every alert of the rule"),
                );
            }
        }
    }
    for (l, a) in &active {
        close(&mut timelines, l, a, plan.range_end_ms.max(a.since), true);
    }
    let label_sets: Vec<LabelSetTimeline> = timelines
        .into_iter()
        .filter(|(_, iv)| !iv.is_empty())
        .map(|(labels, mut intervals)| {
            intervals.sort_by_key(|i| (i.start_ms, i.state));
            LabelSetTimeline { labels, intervals }
        })
        .collect();
    let summary = summarize(&label_sets);
    BacktestResult {
        label_sets,
        summary,
        issues,
        evaluations: n as i64,
    }
}

/// Counts over every label set's intervals.
pub fn summarize(label_sets: &[LabelSetTimeline]) -> Summary {
    let mut s = Summary::default();
    for set in label_sets {
        let mut fired_here = false;
        for (i, iv) in set.intervals.iter().enumerate() {
            match iv.state {
                AlertPhase::Firing => {
                    s.fired += 1;
                    fired_here = true;
                    s.firing_ms += iv.duration_ms();
                    s.longest_firing_ms = s.longest_firing_ms.max(iv.duration_ms());
                    if iv.open {
                        s.firing_at_end += 1;
                    }
                }
                AlertPhase::Pending => {
                    if iv.open {
                        s.pending_at_end += 1;
                    } else {
                        let fired_next = set.intervals.get(i + 1).is_some_and(|n| {
                            n.state == AlertPhase::Firing && n.start_ms == iv.end_ms
                        });
                        if !fired_next {
                            s.pending_only += 1;
                        }
                    }
                }
            }
        }
        if fired_here {
            s.label_sets_fired += 1;
        }
    }
    s
}

fn times(n: usize) -> String {
    match n {
        1 => "once".to_owned(),
        2 => "twice".to_owned(),
        n => format!("{n} times"),
    }
}

/// "fired 3 times, 47m in total, longest 22m", "never fired (pending twice without firing)",
/// with "across 2 label sets" and "still firing at the end" where they apply.
pub fn summary_sentence(s: &Summary) -> String {
    let mut out = if s.fired == 0 {
        "never fired".to_owned()
    } else {
        let mut t = format!("fired {}", times(s.fired));
        if s.label_sets_fired > 1 {
            t.push_str(&format!(" across {} label sets", s.label_sets_fired));
        }
        if s.fired == 1 {
            t.push_str(&format!(" for {}", format_duration_ms(s.firing_ms)));
        } else {
            t.push_str(&format!(
                ", {} in total, longest {}",
                format_duration_ms(s.firing_ms),
                format_duration_ms(s.longest_firing_ms)
            ));
        }
        t
    };
    let mut tail = Vec::new();
    if s.pending_only > 0 {
        tail.push(format!("pending {} without firing", times(s.pending_only)));
    }
    match s.firing_at_end {
        0 => {}
        1 => tail.push("still firing at the end of the range".to_owned()),
        n => tail.push(format!(
            "{n} label sets still firing at the end of the range"
        )),
    }
    match s.pending_at_end {
        0 => {}
        1 => tail.push("pending at the end of the range".to_owned()),
        n => tail.push(format!("{n} label sets pending at the end of the range")),
    }
    if !tail.is_empty() {
        if s.fired == 0 {
            out.push_str(&format!(" ({})", tail.join("; ")));
        } else {
            out.push_str(&format!("; {}", tail.join("; ")));
        }
    }
    out
}

/// `k="v", k2="v2"` (Prometheus' quoting of `"` and `\`).
pub fn labels_text(labels: &Labels) -> String {
    labels
        .iter()
        .map(|(k, v)| format!("{k}=\"{}\"", v.replace('\\', "\\\\").replace('"', "\\\"")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The labels that tell a result's label sets apart: those that differ between them; for a
/// single label set, the labels that came from the series (not `alertname`, not the rule's).
fn distinguishing(rule: &BacktestRule, sets: &[LabelSetTimeline]) -> Vec<Labels> {
    let own = |l: &Labels| -> Labels {
        l.iter()
            .filter(|(k, _)| k.as_str() != "alertname" && !rule.labels.contains_key(*k))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect()
    };
    if sets.len() < 2 {
        return sets.iter().map(|s| own(&s.labels)).collect();
    }
    let keys: BTreeSet<&String> = sets.iter().flat_map(|s| s.labels.keys()).collect();
    let varying: BTreeSet<&String> = keys
        .into_iter()
        .filter(|k| {
            let first = sets[0].labels.get(*k);
            sets.iter().any(|s| s.labels.get(*k) != first)
        })
        .collect();
    sets.iter()
        .map(|s| {
            s.labels
                .iter()
                .filter(|(k, _)| varying.contains(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect()
}

fn cut(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut t: String = text.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Row names for the result's label sets (in order): the distinguishing labels, or the rule's
/// name when there are none; cut to a readable length.
pub fn row_names(rule: &BacktestRule, result: &BacktestResult) -> Vec<String> {
    distinguishing(rule, &result.label_sets)
        .iter()
        .map(|l| {
            if l.is_empty() {
                cut(&rule.name, MAX_ROW_NAME_CHARS)
            } else {
                cut(&labels_text(l), MAX_ROW_NAME_CHARS)
            }
        })
        .collect()
}

/// The chart's view model: one row per label set (at most [`MAX_TIMELINE_ROWS`]), pending
/// orange, firing red, each region labelled with its duration where it fits.
pub fn timeline_view(
    rule: &BacktestRule,
    result: &BacktestResult,
    x_range_ms: (i64, i64),
    tz_offset_min: i32,
) -> StateTimelineView {
    let rows = row_names(rule, result)
        .into_iter()
        .zip(&result.label_sets)
        .take(MAX_TIMELINE_ROWS)
        .map(|(name, set)| StateRow {
            name,
            regions: set
                .intervals
                .iter()
                .map(|iv| StateRegion {
                    start_ms: iv.start_ms,
                    end_ms: iv.end_ms,
                    text: format_duration_ms(iv.duration_ms()),
                    color: match iv.state {
                        AlertPhase::Pending => PENDING,
                        AlertPhase::Firing => FIRING,
                    },
                })
                .collect(),
        })
        .collect();
    StateTimelineView {
        rows,
        x_range_ms,
        tz_offset_min,
        row_height: 0.8,
        show_values: true,
    }
}

/// "and 3 more label sets (not drawn)" when the result has more rows than are drawn.
pub fn hidden_rows_note(result: &BacktestResult) -> Option<String> {
    let hidden = result.label_sets.len().saturating_sub(MAX_TIMELINE_ROWS);
    (hidden > 0).then(|| {
        format!(
            "{hidden} more label set{} not drawn (listed below)",
            if hidden == 1 { "" } else { "s" }
        )
    })
}

/// Canvas height in CSS pixels for `rows` rows: 26 px a row plus the time axis.
pub fn timeline_height_px(rows: usize) -> u32 {
    let rows = rows.clamp(1, MAX_TIMELINE_ROWS) as u32;
    rows * 26 + 28
}

/// "firing 18:04:00 → 18:15:00 (11m)", "pending 18:02:00 → … (still pending)"; times in the
/// zone `tz_offset_min` east of UTC, with the date when the range spans days.
pub fn interval_text(iv: &Interval, tz_offset_min: i32, with_date: bool) -> String {
    let pattern = if with_date {
        "YYYY-MM-DD HH:mm:ss"
    } else {
        "HH:mm:ss"
    };
    let at = |t| crate::time::format_time(t, tz_offset_min, pattern);
    if iv.open {
        format!(
            "{} from {} (still {} at the end of the range, {} so far)",
            iv.state.as_str(),
            at(iv.start_ms),
            iv.state.as_str(),
            format_duration_ms(iv.duration_ms())
        )
    } else {
        format!(
            "{} {} → {} ({})",
            iv.state.as_str(),
            at(iv.start_ms),
            at(iv.end_ms),
            format_duration_ms(iv.duration_ms())
        )
    }
}

/// The input of the PromQL module's `check` operation (`promboard_promql::dispatch`) for `expr`.
pub fn promql_check_input(expr: &str) -> String {
    serde_json::json!({ "expr": expr }).to_string()
}

/// Reads the PromQL module's `check` answer (`promboard_promql::CheckOutput`:
/// `{"ok": true, …}` or `{"ok": false, "problem": {"message", "line", "column", …}}`, or a
/// dispatch error `{"error": "…"}`): `Ok` when the expression parses, else the parser's message
/// with its line and column.
pub fn promql_check_answer(answer: &str) -> Result<(), String> {
    let v: serde_json::Value = serde_json::from_str(answer)
        .map_err(|e| format!("the PromQL checker answered something unreadable: {e}"))?;
    if let Some(problem) = v.get("problem").filter(|p| !p.is_null()) {
        let message = problem
            .get("message")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("does not parse");
        return Err(
            match (
                problem.get("line").and_then(serde_json::Value::as_u64),
                problem.get("column").and_then(serde_json::Value::as_u64),
            ) {
                (Some(line), Some(column)) => format!("line {line}, column {column}: {message}"),
                _ => message.to_owned(),
            },
        );
    }
    match v.get("error") {
        Some(serde_json::Value::String(m)) => return Err(m.clone()),
        Some(serde_json::Value::Null) | None => {}
        Some(other) => return Err(other.to_string()),
    }
    match v.get("ok") {
        Some(serde_json::Value::Bool(false)) => Err("does not parse".to_owned()),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests;
