//! Table tests pinning Prometheus' alerting semantics (rules/alerting.go) in the backtest.

use super::*;
use crate::rules::parse_rule_file;

const S: i64 = 1_000;
const M: i64 = 60_000;

fn rule(for_ms: i64, keep_ms: i64) -> BacktestRule {
    BacktestRule {
        group: "g".into(),
        interval_ms: 15 * S,
        interval_is_default: false,
        query_offset_ms: 0,
        limit: None,
        name: "A".into(),
        expr: "x > 1".into(),
        expr_line: 1,
        line: 1,
        for_ms,
        keep_firing_for_ms: keep_ms,
        labels: [("severity".to_owned(), "page".to_owned())].into(),
    }
}

fn labels(pairs: &[(&str, &str)]) -> Labels {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A series present at the steps where `pattern` has `x` (or `n` for a NaN sample).
fn series(pairs: &[(&str, &str)], pattern: &str, plan: &EvalPlan) -> Series {
    let mut s = Series {
        labels: labels(pairs),
        ..Series::default()
    };
    for (k, c) in pattern.chars().enumerate() {
        let t = plan.first_ms + k as i64 * plan.step_ms;
        match c {
            'x' => {
                s.t_ms.push(t);
                s.values.push(2.0);
            }
            'n' => {
                s.t_ms.push(t);
                s.values.push(f64::NAN);
            }
            _ => {}
        }
    }
    s
}

/// `steps` evaluations every 15 s from 0; the range ends at the last one.
fn plan(steps: i64) -> EvalPlan {
    match eval_plan(0, (steps - 1) * 15 * S, 15 * S) {
        Ok(p) => p,
        Err(e) => unreachable!("{e}"),
    }
}

fn iv(state: AlertPhase, start_ms: i64, end_ms: i64) -> Interval {
    Interval {
        state,
        start_ms,
        end_ms,
        open: false,
    }
}

fn open(state: AlertPhase, start_ms: i64, end_ms: i64) -> Interval {
    Interval {
        state,
        start_ms,
        end_ms,
        open: true,
    }
}

use AlertPhase::{Firing, Pending};

fn only(result: &BacktestResult) -> &[Interval] {
    assert_eq!(result.label_sets.len(), 1, "{result:?}");
    &result.label_sets[0].intervals
}

#[test]
fn for_5m_at_15s_pends_then_fires_then_resolves() {
    // Present for 30 evaluations from 60 s: pending 60 s → 360 s, firing until the first
    // absent evaluation at 510 s.
    let p = plan(40);
    let pattern = format!("....{}", "x".repeat(30));
    let r = backtest(
        &rule(5 * M, 0),
        &p,
        &[series(&[("__name__", "x"), ("job", "a")], &pattern, &p)],
    );
    assert_eq!(
        only(&r),
        [iv(Pending, 60 * S, 360 * S), iv(Firing, 360 * S, 510 * S)]
    );
    assert_eq!(
        r.label_sets[0].labels,
        labels(&[("alertname", "A"), ("job", "a"), ("severity", "page")]),
        "series labels without __name__, plus the rule's labels and alertname"
    );
    assert_eq!(r.evaluations, 40);
    assert_eq!(
        summary_sentence(&r.summary),
        "fired once for 2m30s".to_owned()
    );
}

#[test]
fn fires_exactly_when_ts_minus_active_at_reaches_for() {
    // for 1m at 15 s: active at 0, fires at the 5th evaluation (60 s), not the 4th (45 s).
    let p = plan(8);
    let r = backtest(&rule(M, 0), &p, &[series(&[], "xxxxxxxx", &p)]);
    assert_eq!(
        only(&r),
        [iv(Pending, 0, 60 * S), open(Firing, 60 * S, 105 * S)]
    );
    // 45 s of presence is not enough for `for: 1m`.
    let r = backtest(&rule(M, 0), &p, &[series(&[], "xxxx....", &p)]);
    assert_eq!(only(&r), [iv(Pending, 0, 60 * S)]);
    assert_eq!(r.summary.pending_only, 1);
}

#[test]
fn a_missing_sample_resets_pending() {
    // for 1m; a gap at 60 s restarts the hold from 75 s, so it fires at 135 s, not 60 s.
    let p = plan(12);
    let r = backtest(&rule(M, 0), &p, &[series(&[], "xxxx.xxxxxxx", &p)]);
    assert_eq!(
        only(&r),
        [
            iv(Pending, 0, 60 * S),
            iv(Pending, 75 * S, 135 * S),
            open(Firing, 135 * S, 165 * S),
        ]
    );
    assert_eq!(r.summary.pending_only, 1);
    assert_eq!(r.summary.fired, 1);
}

#[test]
fn a_missing_sample_resolves_a_firing_alert_without_keep_firing_for() {
    let p = plan(8);
    let r = backtest(&rule(0, 0), &p, &[series(&[], "xxx.xx..", &p)]);
    assert_eq!(
        only(&r),
        [iv(Firing, 0, 45 * S), iv(Firing, 60 * S, 90 * S)],
        "for: 0 fires at once, with no pending interval"
    );
    assert_eq!(
        summary_sentence(&r.summary),
        "fired twice, 1m15s in total, longest 45s"
    );
}

#[test]
fn nan_samples_count_as_present() {
    let p = plan(6);
    let r = backtest(&rule(30 * S, 0), &p, &[series(&[], "xnnnx.", &p)]);
    assert_eq!(
        only(&r),
        [iv(Pending, 0, 30 * S), iv(Firing, 30 * S, 75 * S)]
    );
}

#[test]
fn keep_firing_for_extends_firing() {
    // Absent from 60 s: keepFiringSince = 60 s; kept while ts − 60 s < 1m, resolved at 120 s.
    let p = plan(12);
    let r = backtest(&rule(0, M), &p, &[series(&[], "xxxx........", &p)]);
    assert_eq!(only(&r), [iv(Firing, 0, 120 * S)]);
    // A keep_firing_for that is not a multiple of the interval resolves at the first
    // evaluation at or after it: 50 s → kept at 60, 75, 90, 105 (45 s < 50 s), resolved at 120.
    let r = backtest(&rule(0, 50 * S), &p, &[series(&[], "xxxx........", &p)]);
    assert_eq!(only(&r), [iv(Firing, 0, 120 * S)]);
}

#[test]
fn keep_firing_for_bridges_flapping_and_restarts_after_each_return() {
    // Gaps of 2 evaluations (30 s) under keep_firing_for 45 s never resolve; the hold
    // restarts each time the series returns. The last absence (from 180 s) resolves at 225 s.
    let p = plan(20);
    let r = backtest(
        &rule(15 * S, 45 * S),
        &p,
        &[series(&[], "xx..x..xx..x........", &p)],
    );
    assert_eq!(
        only(&r),
        [
            iv(Pending, 0, 15 * S),
            iv(Firing, 15 * S, (12 + 3) * 15 * S)
        ]
    );
    // A gap of 3 evaluations is still bridged (absent at 30, 45, 60 s: 30 s < 45 s); a gap of 4
    // resolves at its 4th evaluation (75 s − 30 s ≥ 45 s), and the return starts pending again.
    let r = backtest(
        &rule(15 * S, 45 * S),
        &p,
        &[series(&[], "xx...xxx............", &p)],
    );
    assert_eq!(
        only(&r),
        [iv(Pending, 0, 15 * S), iv(Firing, 15 * S, 165 * S)]
    );
    let r = backtest(
        &rule(15 * S, 45 * S),
        &p,
        &[series(&[], "xx....xxx...........", &p)],
    );
    assert_eq!(
        only(&r),
        [
            iv(Pending, 0, 15 * S),
            iv(Firing, 15 * S, 75 * S),
            iv(Pending, 90 * S, 105 * S),
            iv(Firing, 105 * S, 180 * S),
        ]
    );
}

#[test]
fn keep_firing_for_does_not_keep_a_pending_alert() {
    let p = plan(10);
    let r = backtest(&rule(M, 5 * M), &p, &[series(&[], "xx.xx.....", &p)]);
    assert_eq!(
        only(&r),
        [iv(Pending, 0, 30 * S), iv(Pending, 45 * S, 75 * S)]
    );
    assert_eq!(
        summary_sentence(&r.summary),
        "never fired (pending twice without firing)"
    );
}

#[test]
fn label_sets_appear_and_vanish_independently() {
    let p = plan(12);
    let r = backtest(
        &rule(30 * S, 0),
        &p,
        &[
            series(&[("instance", "a")], "xxxxx.......", &p),
            series(&[("instance", "b")], "...xxxxxxxxx", &p),
        ],
    );
    assert_eq!(r.label_sets.len(), 2);
    assert_eq!(
        r.label_sets[0].labels.get("instance").map(String::as_str),
        Some("a")
    );
    assert_eq!(
        r.label_sets[0].intervals,
        [iv(Pending, 0, 30 * S), iv(Firing, 30 * S, 75 * S)]
    );
    assert_eq!(
        r.label_sets[1].intervals,
        [iv(Pending, 45 * S, 75 * S), open(Firing, 75 * S, 165 * S)]
    );
    assert_eq!(
        summary_sentence(&r.summary),
        "fired twice across 2 label sets, 2m15s in total, longest 1m30s; still firing at the end of the range"
    );
    let names = row_names(&rule(0, 0), &r);
    assert_eq!(names, ["instance=\"a\"", "instance=\"b\""]);
}

#[test]
fn for_longer_than_the_range_stays_pending_to_the_end() {
    let p = plan(10);
    let r = backtest(&rule(10 * M, 0), &p, &[series(&[], "..xxxxxxxx", &p)]);
    assert_eq!(only(&r), [open(Pending, 30 * S, 135 * S)]);
    assert_eq!(r.summary.pending_at_end, 1);
    assert_eq!(r.summary.fired, 0);
    assert_eq!(
        summary_sentence(&r.summary),
        "never fired (pending at the end of the range)"
    );
}

#[test]
fn open_intervals_end_at_the_range_end_not_the_last_evaluation() {
    // Range 0..=100 s: evaluations at 0..90 s; firing since 60 s is open until 100 s.
    let p = match eval_plan(0, 100 * S, 15 * S) {
        Ok(p) => p,
        Err(e) => unreachable!("{e}"),
    };
    assert_eq!(
        (p.first_ms, p.last_ms, p.range_end_ms),
        (0, 90 * S, 100 * S)
    );
    let r = backtest(&rule(0, 0), &p, &[series(&[], "....xxx", &p)]);
    assert_eq!(only(&r), [open(Firing, 60 * S, 100 * S)]);
    // A state reached at the very last evaluation is still an (open) interval.
    let r = backtest(&rule(0, 0), &p, &[series(&[], "......x", &p)]);
    assert_eq!(only(&r), [open(Firing, 90 * S, 100 * S)]);
    assert_eq!(r.summary.fired, 1);
}

#[test]
fn duplicate_label_sets_fail_the_evaluation_and_keep_state() {
    // Two metrics that differ only in __name__ collide once it is dropped (at 30 s and 45 s);
    // those evaluations fail and change nothing, so the alert keeps pending from 0 and fires at
    // 60 s.
    let p = plan(6);
    let r = backtest(
        &rule(M, 0),
        &p,
        &[
            series(&[("__name__", "a"), ("job", "j")], "xxxxxx", &p),
            series(&[("__name__", "b"), ("job", "j")], "..xx..", &p),
        ],
    );
    assert_eq!(
        only(&r),
        [iv(Pending, 0, 60 * S), open(Firing, 60 * S, 75 * S)]
    );
    assert_eq!(r.issues.len(), 1);
    assert_eq!((r.issues[0].first_ms, r.issues[0].count), (30 * S, 2));
}

#[test]
fn exceeding_the_group_limit_drops_every_alert() {
    let p = plan(6);
    let mut limited = rule(0, 0);
    limited.limit = Some(1);
    let r = backtest(
        &limited,
        &p,
        &[
            series(&[("i", "a")], "xxxxxx", &p),
            series(&[("i", "b")], "..x...", &p),
        ],
    );
    // At 30 s two alerts exceed the limit of 1: everything is dropped (`b` never gets an
    // interval); `a` starts again at 45 s.
    assert_eq!(r.label_sets.len(), 1);
    assert_eq!(
        r.label_sets[0].intervals,
        [iv(Firing, 0, 30 * S), open(Firing, 45 * S, 75 * S)]
    );
    assert_eq!(r.issues.len(), 1);
}

#[test]
fn query_offset_shifts_samples_to_their_evaluation() {
    let p = plan(6);
    let mut offset = rule(0, 0);
    offset.query_offset_ms = 30 * S;
    let q = p.query("x", offset.query_offset_ms);
    assert_eq!((q.start_s, q.end_s, q.step_s), (-30.0, 45.0, 15.0));
    // Samples at query times −30 s … 15 s belong to evaluations 0 … 45 s.
    let mut s = series(&[], "xxxx", &p);
    s.t_ms.iter_mut().for_each(|t| *t -= 30 * S);
    let r = backtest(&offset, &p, &[s]);
    assert_eq!(only(&r), [iv(Firing, 0, 60 * S)]);
}

#[test]
fn templated_rule_labels_expand_per_series() {
    let p = plan(3);
    let mut t = rule(0, 0);
    t.labels = labels(&[("team", "{{ $labels.job }}-oncall"), ("severity", "page")]);
    let r = backtest(&t, &p, &[series(&[("job", "api")], "xxx", &p)]);
    assert_eq!(
        r.label_sets[0].labels,
        labels(&[
            ("alertname", "A"),
            ("job", "api"),
            ("severity", "page"),
            ("team", "api-oncall")
        ])
    );
}

#[test]
fn rule_labels_override_series_labels() {
    let p = plan(3);
    let r = backtest(
        &rule(0, 0),
        &p,
        &[series(&[("severity", "info"), ("job", "j")], "xxx", &p)],
    );
    assert_eq!(
        r.label_sets[0].labels.get("severity").map(String::as_str),
        Some("page")
    );
}

#[test]
fn samples_off_the_grid_are_ignored() {
    let p = plan(4);
    let s = Series {
        labels: Labels::new(),
        t_ms: vec![7 * S, 15 * S],
        values: vec![1.0, 1.0],
    };
    let r = backtest(&rule(0, 0), &p, &[s]);
    assert_eq!(only(&r), [iv(Firing, 15 * S, 30 * S)]);
}

#[test]
fn plan_aligns_to_the_interval_grid() {
    type Case = (i64, i64, i64, Result<(i64, i64, i64), ()>);
    let cases: [Case; 5] = [
        // (from, to, interval) → (first, last, step)
        (0, 60 * S, 15 * S, Ok((0, 60 * S, 15 * S))),
        (1, 59 * S, 15 * S, Ok((15 * S, 45 * S, 15 * S))),
        (61 * S, 3 * M + 1, M, Ok((2 * M, 3 * M, M))),
        (-M - 1, 0, M, Ok((-M, 0, M))),
        (1, 14 * S, 15 * S, Err(())),
    ];
    for (from, to, interval, want) in cases {
        let got = eval_plan(from, to, interval)
            .map(|p| (p.first_ms, p.last_ms, p.step_ms))
            .map_err(|_| ());
        assert_eq!(got, want, "{from}..{to} every {interval}");
    }
    assert!(eval_plan(0, 1, 0).is_err());
}

#[test]
fn plan_coarsens_past_11000_points_and_says_so() {
    // 7 days every 15 s = 40,321 evaluations → every 1m (10,081 points).
    let p = match eval_plan(0, 7 * 86_400 * S, 15 * S) {
        Ok(p) => p,
        Err(e) => unreachable!("{e}"),
    };
    assert_eq!(p.wanted, 40_321);
    assert_eq!(p.step_ms, M);
    assert_eq!(p.evaluations(), 10_081);
    assert!(p.evaluations() <= MAX_POINTS_PER_SERIES);
    assert_eq!(
        p.note().as_deref(),
        Some("The range needs 40,321 evaluations every 15s; Prometheus returns at most 11,000 points per query, so this backtest evaluates every 1m. `for` and `keep_firing_for` are then only approximated: pick a shorter range for Prometheus' exact behaviour.")
    );
    // Exactly 11,000 points is fine; 11,001 doubles the step.
    let p = eval_plan(0, 10_999 * 15 * S, 15 * S).map(|p| (p.step_ms, p.note().is_none()));
    assert_eq!(p, Ok((15 * S, true)));
    let p = eval_plan(0, 11_000 * 15 * S, 15 * S).map(|p| (p.step_ms, p.evaluations()));
    assert_eq!(p, Ok((30 * S, 5_501)));
}

#[test]
fn rule_file_to_alerting_rules_with_defaults() {
    let src = "groups:
  - name: fast
    interval: 15s
    query_offset: 30s
    limit: 5
    labels:
      team: a
      severity: info
    rules:
      - record: job:x
        expr: sum(x)
      - alert: Up
        expr: up == 0
        for: 5m
        keep_firing_for: 10m
        labels:
          severity: page
  - name: slow
    rules:
      - alert: Down
        expr: absent(up)
";
    let file = match parse_rule_file(src) {
        Ok(f) => f,
        Err(e) => unreachable!("{e:?}"),
    };
    assert_eq!(recording_rule_count(&file), 1);
    let rules = alerting_rules(&file, DEFAULT_EVALUATION_INTERVAL_MS);
    assert_eq!(rules.len(), 2);
    let up = &rules[0];
    assert_eq!(
        (up.name.as_str(), up.interval_ms, up.interval_is_default),
        ("Up", 15 * S, false)
    );
    assert_eq!((up.for_ms, up.keep_firing_for_ms), (5 * M, 10 * M));
    assert_eq!((up.query_offset_ms, up.limit), (30 * S, Some(5)));
    assert_eq!(up.labels, labels(&[("severity", "page"), ("team", "a")]));
    assert_eq!((up.line, up.expr_line), (12, 13));
    assert_eq!(up.interval_text(), "every 15s");
    assert_eq!(up.hold_text(), "for 5m · keep firing for 10m");
    let down = &rules[1];
    assert_eq!((down.interval_ms, down.interval_is_default), (M, true));
    assert_eq!(
        down.interval_text(),
        "every 1m (the global default: group `slow` sets no interval)"
    );
    assert_eq!(down.hold_text(), "for 0s");
    let other = alerting_rules(&file, 30 * S);
    assert_eq!(other[1].interval_ms, 30 * S);
}

#[test]
fn summary_sentences() {
    let cases = [
        (Summary::default(), "never fired"),
        (
            Summary {
                fired: 3,
                label_sets_fired: 1,
                firing_ms: 47 * M,
                longest_firing_ms: 22 * M,
                ..Summary::default()
            },
            "fired 3 times, 47m in total, longest 22m",
        ),
        (
            Summary {
                fired: 1,
                label_sets_fired: 1,
                firing_ms: 90 * M,
                longest_firing_ms: 90 * M,
                firing_at_end: 1,
                ..Summary::default()
            },
            "fired once for 1h30m; still firing at the end of the range",
        ),
        (
            Summary {
                fired: 4,
                label_sets_fired: 2,
                firing_ms: 4 * M,
                longest_firing_ms: M,
                pending_only: 2,
                firing_at_end: 2,
                pending_at_end: 3,
            },
            "fired 4 times across 2 label sets, 4m in total, longest 1m; pending twice without firing; 2 label sets still firing at the end of the range; 3 label sets pending at the end of the range",
        ),
    ];
    for (s, want) in cases {
        assert_eq!(summary_sentence(&s), want);
    }
}

#[test]
fn timeline_view_colours_rows_and_durations() {
    let p = plan(12);
    let r = backtest(
        &rule(30 * S, 0),
        &p,
        &[series(&[("job", "j")], "xxxxx.......", &p)],
    );
    let v = timeline_view(&rule(30 * S, 0), &r, (0, 165 * S), 60);
    assert_eq!(v.rows.len(), 1);
    assert_eq!(v.rows[0].name, "job=\"j\"");
    let regions: Vec<(i64, i64, &str, crate::chart::Rgba)> = v.rows[0]
        .regions
        .iter()
        .map(|r| (r.start_ms, r.end_ms, r.text.as_str(), r.color))
        .collect();
    assert_eq!(
        regions,
        [(0, 30 * S, "30s", PENDING), (30 * S, 75 * S, "45s", FIRING)]
    );
    assert_eq!((v.x_range_ms, v.tz_offset_min), ((0, 165 * S), 60));
    // An aggregate (no labels of its own) is named after the rule.
    let r = backtest(&rule(0, 0), &p, &[series(&[], "xx", &p)]);
    assert_eq!(row_names(&rule(0, 0), &r), ["A"]);
}

#[test]
fn many_label_sets_are_capped_and_counted() {
    let p = plan(2);
    let many: Vec<Series> = (0..15)
        .map(|i| series(&[("i", &format!("{i:02}"))], "xx", &p))
        .collect();
    let r = backtest(&rule(0, 0), &p, &many);
    let v = timeline_view(&rule(0, 0), &r, (0, 15 * S), 0);
    assert_eq!(v.rows.len(), MAX_TIMELINE_ROWS);
    assert_eq!(
        hidden_rows_note(&r).as_deref(),
        Some("3 more label sets not drawn (listed below)")
    );
    assert_eq!(
        timeline_height_px(15),
        timeline_height_px(MAX_TIMELINE_ROWS)
    );
    assert_eq!(timeline_height_px(0), 54);
}

#[test]
fn long_row_names_are_cut() {
    let long = "x".repeat(80);
    let p = plan(2);
    let r = backtest(&rule(0, 0), &p, &[series(&[("k", &long)], "xx", &p)]);
    let name = &row_names(&rule(0, 0), &r)[0];
    assert_eq!(name.chars().count(), MAX_ROW_NAME_CHARS);
    assert!(name.ends_with('…'));
}

#[test]
fn interval_texts() {
    let t0 = 1_767_204_000_000; // 2025-12-31T18:00:00Z
    assert_eq!(
        interval_text(&iv(Firing, t0 + 4 * M, t0 + 15 * M), 0, false),
        "firing 18:04:00 → 18:15:00 (11m)"
    );
    assert_eq!(
        interval_text(&open(Pending, t0, t0 + 90 * S), 60, true),
        "pending from 2025-12-31 19:00:00 (still pending at the end of the range, 1m30s so far)"
    );
    assert_eq!(
        labels_text(&labels(&[("a", "x\"y"), ("b", "c\\d")])),
        "a=\"x\\\"y\", b=\"c\\\\d\""
    );
}

#[test]
fn promql_check_json() {
    assert_eq!(
        promql_check_input("up{a=\"b\"}"),
        r#"{"expr":"up{a=\"b\"}"}"#
    );
    assert_eq!(promql_check_answer(r#"{"error":null}"#), Ok(()));
    assert_eq!(promql_check_answer("{}"), Ok(()));
    assert_eq!(
        promql_check_answer(r#"{"error":"unexpected end of input"}"#),
        Err("unexpected end of input".to_owned())
    );
    assert!(promql_check_answer("nope").is_err_and(|m| m.contains("unreadable")));
    // The module's real answers (promql/src/tests.rs pins the same strings).
    assert_eq!(
        promql_check_answer(r#"{"ok":true,"problem":null,"value_type":"vector"}"#),
        Ok(())
    );
    assert_eq!(
        promql_check_answer(
            r#"{"ok":false,"problem":{"message":"unclosed left parenthesis","start":3,"end":4,"line":1,"column":4},"value_type":null}"#
        ),
        Err("line 1, column 4: unclosed left parenthesis".to_owned())
    );
    assert_eq!(
        promql_check_answer(r#"{"ok":false,"problem":null}"#),
        Err("does not parse".to_owned())
    );
}
