use super::complete::{
    apply, context, suggestions, Context, Expect, Item, ItemKind, MetricInfo, Sources,
};
use super::state::*;

/// `|` marks the cursor.
fn ctx(s: &str) -> Context {
    let at = s.find('|').unwrap_or(s.len());
    let text = s.replacen('|', "", 1);
    context(&text, at)
}

fn sel(s: &str) -> String {
    s.to_owned()
}

#[test]
fn completion_contexts() {
    use Expect::*;
    let cases: Vec<(&str, Expect, &str)> = vec![
        ("|", MetricOrFunction, ""),
        ("ht|", MetricOrFunction, "ht"),
        ("rate(ht|", MetricOrFunction, "ht"),
        ("sum(rate(x[5m])) / co|", MetricOrFunction, "co"),
        (
            "up{|",
            LabelName {
                selector: sel("up"),
            },
            "",
        ),
        (
            "up{jo|}",
            LabelName {
                selector: sel("up"),
            },
            "jo",
        ),
        (
            "up{job=\"a\", ins|}",
            LabelName {
                selector: sel("up{job=\"a\"}"),
            },
            "ins",
        ),
        ("{|", LabelName { selector: sel("") }, ""),
        (
            "up{job=\"ap|\"}",
            LabelValue {
                label: sel("job"),
                selector: sel("up"),
                quote: Some('"'),
                closed: true,
            },
            "ap",
        ),
        (
            "up{instance=\"x\", job=~\"ap|",
            LabelValue {
                label: sel("job"),
                selector: sel("up{instance=\"x\"}"),
                quote: Some('"'),
                closed: false,
            },
            "ap",
        ),
        (
            "up{job=|}",
            LabelValue {
                label: sel("job"),
                selector: sel("up"),
                quote: None,
                closed: false,
            },
            "",
        ),
        ("up{job |}", Nothing, ""),
        ("rate(x[|", Duration, ""),
        ("rate(x[5|", Duration, "5"),
        ("rate(x[5m:1|])", Duration, "1"),
        ("x offset |", Duration, ""),
        ("sum by (|", GroupingLabel { selector: sel("") }, ""),
        (
            "sum by (job, in|) (rate(http_requests_total[5m]))",
            GroupingLabel {
                selector: sel("http_requests_total"),
            },
            "in",
        ),
        (
            "sum(rate(x[5m])) without (|",
            GroupingLabel { selector: sel("x") },
            "",
        ),
        ("a / on(|) b", GroupingLabel { selector: sel("a") }, ""),
        ("sum |", Operator { aggregation: true }, ""),
        ("sum(up) b|", Operator { aggregation: true }, "b"),
        ("up |", Operator { aggregation: false }, ""),
        ("rate(x[5m]) a|", Operator { aggregation: false }, "a"),
        ("sum by (job) |", MetricOrFunction, ""),
        ("up and |", MetricOrFunction, ""),
        ("up > bool |", MetricOrFunction, ""),
        ("# note |", Nothing, ""),
        ("up{a=\"x\"} # c|", Nothing, ""),
        ("label_replace(up, \"a|", Nothing, ""),
    ];
    for (input, want, prefix) in cases {
        let got = ctx(input);
        assert_eq!(got.expect, want, "{input}");
        assert_eq!(got.prefix, prefix, "{input}");
    }
}

#[test]
fn replace_ranges() {
    // The whole word under the cursor is replaced, also the part after the cursor.
    let c = ctx("rate(http_re|quests_total[5m])");
    assert_eq!((c.start, c.end), (5, 24));
    let c = ctx("up{job=\"a|pi\"}");
    assert_eq!((c.start, c.end), (8, 11));
    // Any cursor, even past the end or inside a character, is total.
    for at in 0..20 {
        let _ = context("é{ü=\"ß", at);
    }
}

fn item(label: &str, kind: ItemKind) -> Item {
    Item {
        label: label.to_owned(),
        kind,
        detail: String::new(),
        doc: String::new(),
    }
}

#[test]
fn accepting_a_candidate() {
    let cases: Vec<(&str, Item, &str)> = vec![
        ("ra|", item("rate", ItemKind::Function), "rate(|)"),
        (
            "ra|(x[5m])",
            item("rate", ItemKind::Function),
            "rate|(x[5m])",
        ),
        (
            "http|",
            item("http_requests_total", ItemKind::Metric),
            "http_requests_total|",
        ),
        ("up{j|}", item("job", ItemKind::Label), "up{job=\"|\"}"),
        (
            "up{job=\"|\"}",
            item("api", ItemKind::Value),
            "up{job=\"api\"|}",
        ),
        (
            "up{job=\"a|",
            item("a\"b", ItemKind::Value),
            "up{job=\"a\\\"b\"|",
        ),
        (
            "up{job=|}",
            item("api", ItemKind::Value),
            "up{job=\"api\"|}",
        ),
        ("rate(x[|", item("5m", ItemKind::Duration), "rate(x[5m]|"),
        ("rate(x[|])", item("5m", ItemKind::Duration), "rate(x[5m|])"),
        ("sum b|", item("by", ItemKind::Keyword), "sum by (|)"),
        ("up a|", item("and", ItemKind::Operator), "up and |"),
    ];
    for (input, it, want) in cases {
        let c = ctx(input);
        let text = input.replacen('|', "", 1);
        let (out, cur) = apply(&text, &c, &it);
        let mut shown = out.clone();
        shown.insert(cur, '|');
        assert_eq!(shown, want, "{input}");
    }
}

#[test]
fn suggestions_for_contexts() {
    let metrics: Vec<MetricInfo> = ["http_requests_total", "up", "rate_limit_hits"]
        .iter()
        .map(|n| MetricInfo {
            name: (*n).to_owned(),
            kind: "counter".to_owned(),
            help: format!("{n} help"),
        })
        .collect();
    let labels = vec![
        "__name__".to_owned(),
        "instance".to_owned(),
        "job".to_owned(),
    ];
    let src = Sources {
        metrics: &metrics,
        labels: &labels,
        values: &[],
    };
    let labels_of = |items: Vec<Item>| items.into_iter().map(|i| i.label).collect::<Vec<_>>();
    assert_eq!(
        labels_of(suggestions(&ctx("rat|"), &src, 50))[..3],
        ["rate", "rate_limit_hits", "limit_ratio"]
    );
    let metric = suggestions(&ctx("http|"), &src, 50);
    assert_eq!(metric[0].label, "http_requests_total");
    assert_eq!(
        (metric[0].detail.as_str(), metric[0].doc.as_str()),
        ("counter", "http_requests_total help")
    );
    // Nothing typed: metrics first.
    assert_eq!(suggestions(&ctx("|"), &src, 50)[0].kind, ItemKind::Metric);
    assert_eq!(
        labels_of(suggestions(&ctx("up{|"), &src, 50)),
        ["instance", "job"]
    );
    let f = suggestions(&ctx("histogram_q|"), &src, 50);
    assert_eq!(
        f[0].detail,
        "histogram_quantile(φ scalar, b instant-vector)"
    );
    assert_eq!(
        labels_of(suggestions(&ctx("sum |"), &src, 2)),
        ["by", "without"]
    );
    assert!(!labels_of(suggestions(&ctx("up |"), &src, 50)).contains(&"by".to_owned()));
    assert_eq!(
        labels_of(suggestions(&ctx("x[1|"), &src, 3)),
        ["1m", "10m", "15m"]
    );
    assert!(suggestions(&ctx("# |"), &src, 50).is_empty());
}

#[test]
fn url_round_trip() {
    let app = crate::urlstate::UrlState::parse("?page=explore&from=now-1h&to=now");
    let ex = ExploreUrl {
        exprs: vec![
            "sum by (job) (rate(x{a=\"b c\"}[5m]))".to_owned(),
            "up & 1 + 2".to_owned(),
        ],
        tab: Tab::Table,
        stacked: true,
        datasource: Some("prom 2".to_owned()),
    };
    let q = to_query(&app, &ex);
    assert!(
        q.starts_with("?page=explore&from=now-1h&to=now&expr="),
        "{q}"
    );
    assert_eq!(parse_url(&q), ex);
    assert_eq!(crate::urlstate::UrlState::parse(&q), app);
    assert_eq!(
        parse_url("?page=explore&expr=up+%2B+1&expr=%zz").exprs,
        ["up + 1", "%zz"]
    );
}

#[test]
fn history() {
    let mut h = Vec::new();
    for i in 0..60 {
        h = push_history(&h, &format!("q{i}"));
    }
    assert_eq!(h.len(), 50);
    assert_eq!(h[0], "q59");
    h = push_history(&h, " q30 ");
    assert_eq!((h[0].as_str(), h.len()), ("q30", 50));
    assert_eq!(h.iter().filter(|x| *x == "q30").count(), 1);
    assert_eq!(push_history(&h, "  ").len(), 50);
    assert_eq!(parse_history(&history_json(&h)), h);
    assert!(parse_history("{oops").is_empty());
}

#[test]
fn transient_panels() {
    let exprs = vec!["up".to_owned(), "".to_owned(), "rate(x[5m])".to_owned()];
    let g = graph_panel(&exprs, true, Some("prom"));
    let refs: Vec<(&str, &str, bool)> = g
        .queries
        .iter()
        .map(|q| (q.ref_id.as_str(), q.expr.as_str(), q.instant))
        .collect();
    assert_eq!(refs, [("A", "up", false), ("C", "rate(x[5m])", false)]);
    assert_eq!(g.field.style.stacking, crate::model::Stacking::Normal);
    assert_eq!(g.datasource.as_deref(), Some("prom"));
    let t = table_panel(&exprs, None);
    assert!(t.queries.iter().all(|q| q.instant));
    assert!(matches!(t.kind, crate::model::PanelKind::Table(_)));
}

#[test]
fn label_cardinality() {
    let series: Vec<crate::prom::types::Labels> = (0..6)
        .map(|i| {
            [
                ("__name__", "up"),
                ("job", if i < 3 { "a" } else { "b" }),
                ("instance", ["x", "y", "z"][i % 3]),
            ]
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
        })
        .collect();
    let c = cardinality(&series);
    assert_eq!(c.series, 6);
    assert_eq!(
        c.labels,
        [("instance".to_owned(), 3), ("job".to_owned(), 2)]
    );
}

#[test]
fn highlight_segments() {
    let text = "sum by (job) (rate(up{a=\"b\"}[5m])) > 1";
    let segs = segments(text, None);
    let joined: String = segs.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(joined, text);
    let classes: Vec<String> = segs
        .iter()
        .filter(|s| !s.class.is_empty())
        .map(|s| format!("{}={}", s.text, s.class.trim_start_matches("tok-")))
        .collect();
    assert_eq!(
        classes.join(" "),
        "sum=function by=keyword (=punct job=label )=punct (=punct rate=function (=punct up=metric {=punct a=label ==operator \"b\"=string }=punct [=punct 5m=duration ]=punct )=punct )=punct >=operator 1=number"
    );
    // An error range splits tokens; an error at the end adds a marker.
    let segs = segments("rate(x", Some((4, 5)));
    let err: Vec<&str> = segs
        .iter()
        .filter(|s| s.error)
        .map(|s| s.text.as_str())
        .collect();
    assert_eq!(err, ["("]);
    let segs = segments("up +", Some((4, 4)));
    assert_eq!(
        segs.last().map(|s| (s.text.as_str(), s.error)),
        Some((" ", true))
    );
    let segs = segments("abcdef", Some((2, 4)));
    let parts: Vec<(&str, bool)> = segs.iter().map(|s| (s.text.as_str(), s.error)).collect();
    assert_eq!(parts, [("ab", false), ("cd", true), ("ef", false)]);
}
