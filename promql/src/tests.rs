use super::*;

/// (message, the text under the error's range).
fn located(expr: &str) -> (String, String, usize) {
    match check(expr) {
        Ok(_) => ("ok".to_owned(), String::new(), 0),
        Err(p) => (p.message, expr[p.start..p.end].to_owned(), p.start),
    }
}

#[test]
fn error_positions() {
    let cases: &[(&str, &str, &str, usize)] = &[
        // (query, message starts with, text at the error, byte offset)
        (
            "rate(http_requests_total[5m]",
            "unclosed left parenthesis",
            "(",
            4,
        ),
        ("sum by (job) (up", "unclosed left parenthesis", "(", 13),
        ("sum(rate(x[5m])", "unclosed left parenthesis", "(", 3),
        ("a(b) + c(", "unclosed left parenthesis", "(", 8),
        (
            "up{job=\"x\", b=\"y",
            "unterminated quoted string",
            "\"",
            14,
        ),
        (
            "up{job=\"x\"",
            "unexpected end of input inside braces",
            "{",
            2,
        ),
        ("x[5m", "unexpected end of input inside brackets", "[", 1),
        (
            "up +",
            "invalid promql query: unexpected end of input",
            "",
            4,
        ),
        (
            "sum(up) by",
            "invalid promql query: unexpected end of input",
            "",
            10,
        ),
        (
            "sum(up) by (job) x",
            "invalid promql query: unexpected `x`",
            "x",
            17,
        ),
        ("up{job=~}", "invalid promql query: unexpected `}`", "}", 8),
        (
            "sum without (a b) (up)",
            "invalid promql query: unexpected `b`",
            "b",
            15,
        ),
        (
            "rate(x)",
            "expected type matrix in call to function 'rate'",
            "rate",
            0,
        ),
        ("foo(x)", "unknown function with name 'foo'", "foo", 0),
        ("up offset", "unexpected end of input in offset", "", 9),
        ("up)", "unexpected right parenthesis", ")", 2),
        ("up}", "unexpected right brace", "}", 2),
        (
            "1 +\n  up{a=~}",
            "invalid promql query: unexpected `}`",
            "}",
            12,
        ),
        ("", "empty query", "", 0),
    ];
    for (q, msg, text, at) in cases {
        let (m, t, s) = located(q);
        assert!(m.starts_with(msg), "{q:?}: message {m:?}");
        assert_eq!((t.as_str(), s), (*text, *at), "{q:?}: {m}");
    }
}

#[test]
fn line_and_column() {
    let p = check("sum(\n  rate(x[5m])) by").err();
    let p = p.map(|p| (p.line, p.column));
    assert_eq!(p, Some((2, 18)));
    let p = check("up{a=\"é\"} + )")
        .err()
        .map(|p| (p.line, p.column, p.start));
    assert_eq!(p, Some((1, 13, 13)));
}

#[test]
fn valid_queries_check() {
    for q in [
        "up",
        "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m]))",
        "histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
        "a / on (job) group_left (team) b",
        "max_over_time(rate(x[1m])[10m:30s] offset 1h)",
        "up @ end()",
    ] {
        let out = check_output(q);
        assert!(out.ok, "{q}: {:?}", out.problem);
    }
    assert_eq!(check_output("up").value_type.as_deref(), Some("vector"));
    assert_eq!(check_output("x[5m]").value_type.as_deref(), Some("matrix"));
    assert_eq!(check_output("1 + 2").value_type.as_deref(), Some("scalar"));
}

#[test]
fn format_pretty_prints() {
    let f = format_output("sum   by(job)(rate( x[5m] ))");
    assert_eq!(f.formatted.as_deref(), Some("sum by (job) (rate(x[5m]))"));
    let long = "sum by (job, instance) (rate(http_requests_total{code=~\"5..\", handler!=\"/metrics\"}[5m])) / sum by (job, instance) (rate(http_requests_total[5m]))";
    let f = format_output(long).formatted.unwrap_or_default();
    assert!(f.contains('\n'), "long queries break over lines: {f}");
    // The pretty form means the same query.
    assert_eq!(
        check(&f).map(|e| e.to_string()).ok(),
        check(long).map(|e| e.to_string()).ok()
    );
    assert!(format_output("sum(").problem.is_some());
}

#[test]
fn explain_tree() {
    let out = explain("sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h))");
    let lines: Vec<String> = out
        .nodes
        .iter()
        .map(|n| {
            format!(
                "{}{} | {}",
                "  ".repeat(n.depth as usize),
                n.kind,
                n.description
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            "aggregation | Sums the values, one result per distinct (job), keeping only those labels.",
            "  function | Calls rate(matrix) with 1 argument; returns vector.",
            "    range | Selects the last 5m of samples of every series named http_requests_total where code matches \"5..\", shifted 1h into the past.",
        ]
    );
    assert_eq!(out.nodes[1].function.as_deref(), Some("rate"));

    let out = explain("a / on (job) group_left (team) b > bool 1");
    let d: Vec<&str> = out.nodes.iter().map(|n| n.description.as_str()).collect();
    assert_eq!(
        d[0],
        "Compares with > (vector > scalar); returns 0 or 1 instead of filtering."
    );
    assert_eq!(
        d[1],
        "Divides (vector / vector); pairs series on the labels (job) only; many-to-one (group_left): several left series may match one right series, copying (team) from the right."
    );
    assert!(d[2].starts_with("Selects the latest sample of every series named a"));

    let out = explain("topk(3, max_over_time(up[1h:1m]))");
    let d: Vec<String> = out
        .nodes
        .iter()
        .map(|n| format!("{} {}", n.kind, n.description))
        .collect();
    assert_eq!(
        d[0],
        "aggregation Keeps the 3 largest series of all series, keeping their labels."
    );
    assert_eq!(d[1], "number The number 3.");
    assert!(
        d[3].starts_with(
            "subquery Subquery: evaluates the inner expression every 1m over the last 1h"
        ),
        "{}",
        d[3]
    );
    assert!(explain("up +").problem.is_some());
}

#[test]
fn token_classes() {
    let q = "sum by (job) (rate(http_requests_total{code=\"500\"}[5m])) > 1";
    let out = tokens(q);
    let got: Vec<String> = out
        .tokens
        .iter()
        .map(|t| format!("{}:{}", &q[t.start..t.end], t.class))
        .collect();
    assert_eq!(
        got.join(" "),
        "sum:function by:keyword (:punct job:label ):punct (:punct rate:function (:punct http_requests_total:metric {:punct code:label =:operator \"500\":string }:punct [:punct 5m:duration ]:punct ):punct ):punct >:operator 1:number"
    );
}

#[test]
fn dispatch_is_json_and_total() {
    let ok: CheckOutput =
        serde_json::from_str(&dispatch("check", "{\"expr\":\"up\"}")).unwrap_or(CheckOutput {
            ok: false,
            problem: None,
            value_type: None,
        });
    assert!(ok.ok);
    let bad: Result<DispatchError, _> =
        serde_json::from_str(&dispatch("nope", "{\"expr\":\"up\"}"));
    assert!(bad.is_ok_and(|e| e.error.contains("unknown op")));
    let bad: Result<DispatchError, _> = serde_json::from_str(&dispatch("check", "not json"));
    assert!(bad.is_ok_and(|e| e.error.contains("unreadable input")));
    // Every prefix of real queries (what typing produces) gets an answer from every op.
    let queries = [
        "sum by (job) (rate(http_requests_total{code=~\"5..\", a!~'x\\\\'}[5m] offset -1h @ 100)) / on(job) group_left(t) b",
        "histogram_quantile(0.99, sum without (pod) (rate(x_bucket[5m:1m])))  # comment\n> bool 0.5",
        "{__name__=~\"up|foo\"} or vector(1) unless -x ^ 2 % 3 atan2 y",
        "label_replace(up, \"dst\", \"$1\", \"src\", \"(.*)\") != 1 and count_values(\"v\", up)",
        "é{ü=\"ß\"} `raw` ! ~ = [ ] } ) @",
    ];
    for q in queries {
        let mut ends: Vec<usize> = q.char_indices().map(|(i, _)| i).collect();
        ends.push(q.len());
        for &k in &ends {
            let input = serde_json::to_string(&ExprInput {
                expr: q[..k].to_owned(),
            })
            .unwrap_or_default();
            for op in ["check", "format", "explain", "tokens"] {
                let out = dispatch(op, &input);
                assert!(
                    serde_json::from_str::<serde_json::Value>(&out).is_ok(),
                    "{op} {:?}",
                    &q[..k]
                );
            }
            if let Err(p) = check(&q[..k]) {
                assert!(p.start <= p.end && p.end <= k, "{:?}: {p:?}", &q[..k]);
            }
        }
    }
}

/// The exact answers core's backtest reads (`promboard_core::alerts::backtest::promql_check_answer`
/// pins the same strings): keep the two in step.
#[test]
fn check_answers_core_reads() {
    assert_eq!(
        dispatch("check", r#"{"expr":"up"}"#),
        r#"{"ok":true,"problem":null,"value_type":"vector"}"#
    );
    let bad = dispatch("check", r#"{"expr":"sum(up"}"#);
    assert!(
        bad.starts_with(r#"{"ok":false,"problem":{"message":"unclosed left parenthesis""#),
        "{bad}"
    );
}
