//! The rule backtest page (`?page=backtest`): load a Prometheus rule file (one listed in
//! `config.json`'s `rules`, an uploaded file, or pasted text), validate it, and on Run evaluate
//! every alerting rule's `expr` with `query_range` over the selected range at its group's
//! interval; `for` / `keep_firing_for` are then replayed by `promboard_core::alerts::backtest`.
//!
//! Thin: parsing, planning, the alert state machine, every sentence and the timeline's view
//! model are pure core functions; this file fetches, keeps signals and writes text nodes.
//! DOM contract: the rule-file errors list is `data-testid="backtest-errors"` (one `li` per
//! error, `file:line: message`); each rule is a `section[data-backtest-rule=NAME]` with
//! `data-backtest-state = queued | running | done | failed`, its summary in
//! `[data-testid=backtest-summary]`, its timeline canvas, and one `li[data-interval-state]` per
//! interval with `data-start-ms`, `data-end-ms`, `data-open` and `data-labels`.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use plotters::prelude::IntoDrawingArea;
use promboard_canvas::PathCanvas;
use promboard_core::alerts::backtest::{
    self as bt, AlertPhase, BacktestResult, BacktestRule, EvalPlan,
};
use promboard_core::chart::{StateTimelineView, Theme};
use promboard_core::config::Datasource;
use promboard_core::prom::decode::decode_query;
use promboard_core::prom::types::QueryData;
use promboard_core::rules::{parse_rule_file, RuleError, RuleFile};
use promboard_core::time::resolve_range;
use wasm_bindgen::JsCast;

use super::canvas::observe_size;
use super::timepicker::TimePicker;
use super::AppCtx;
use crate::client::{self, ApiFailure};
use crate::{browser, fetch};

/// A finished backtest of one rule.
struct Done {
    plan: EvalPlan,
    result: BacktestResult,
    view: Arc<StateTimelineView>,
    names: Vec<String>,
    warnings: Vec<String>,
}

#[derive(Clone)]
enum RuleRun {
    Queued,
    Running,
    Failed(String),
    Done(Arc<Done>),
}

impl PartialEq for RuleRun {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Queued, Self::Queued) | (Self::Running, Self::Running) => true,
            (Self::Failed(a), Self::Failed(b)) => a == b,
            (Self::Done(a), Self::Done(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}

impl RuleRun {
    fn state(&self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Failed(_) => "failed",
            Self::Done(_) => "done",
        }
    }
    fn finished(&self) -> bool {
        matches!(self, Self::Failed(_) | Self::Done(_))
    }
}

/// The PromQL syntax check of one expression (promql-parser, in the on-demand module).
#[derive(Clone, Debug, PartialEq)]
enum PromqlCheck {
    Valid,
    Invalid(String),
    /// The checker could not run (the module did not load); Prometheus reports syntax errors
    /// when the expression is queried.
    NotChecked(String),
}

/// Checks `expr` with the on-demand PromQL module (`promboard::lazy::promql("check", …)`).
async fn check_promql(expr: &str) -> PromqlCheck {
    match crate::lazy::promql("check", &bt::promql_check_input(expr)).await {
        Ok(answer) => match bt::promql_check_answer(&answer) {
            Ok(()) => PromqlCheck::Valid,
            Err(m) => PromqlCheck::Invalid(m),
        },
        Err(e) => PromqlCheck::NotChecked(e.to_string()),
    }
}

/// Where the rule text came from (for `file:line` in messages).
fn source_name(name: &str) -> String {
    if name.is_empty() {
        "pasted rules".to_owned()
    } else {
        name.to_owned()
    }
}

fn error_text(file: &str, e: &RuleError) -> String {
    match e.column {
        Some(c) => format!("{file}:{}:{c}: {}", e.line, e.message),
        None => format!("{file}:{}: {}", e.line, e.message),
    }
}

async fn run_rule(ds: &Datasource, rule: &BacktestRule, from_ms: i64, to_ms: i64) -> RuleRun {
    if let PromqlCheck::Invalid(m) = check_promql(&rule.expr).await {
        return RuleRun::Failed(format!("PromQL syntax error: {m}"));
    }
    let plan = match bt::eval_plan(from_ms, to_ms, rule.interval_ms) {
        Ok(p) => p,
        Err(m) => return RuleRun::Failed(m),
    };
    let req = plan.query(&rule.expr, rule.query_offset_ms).request();
    let fetched = match client::send_api(ds, &req, None).await {
        Ok(f) => f,
        Err(ApiFailure::Failed(m)) => return RuleRun::Failed(m),
        Err(ApiFailure::Cancelled) => return RuleRun::Failed("cancelled".to_owned()),
    };
    let response = match decode_query(fetched.status, &fetched.body) {
        Ok(r) => r,
        Err(e) => return RuleRun::Failed(e.to_string()),
    };
    let QueryData::Series(matrix) = response.data else {
        return RuleRun::Failed(
            "the expression returns a scalar or a string; an alerting rule needs a vector"
                .to_owned(),
        );
    };
    let result = bt::backtest(rule, &plan, &matrix);
    let now = browser::now_ms();
    let view = bt::timeline_view(rule, &result, (from_ms, to_ms), browser::tz_offset_min(now));
    let names = bt::row_names(rule, &result);
    let mut warnings = response.warnings;
    warnings.extend(plan.note());
    RuleRun::Done(Arc::new(Done {
        plan,
        result,
        view: Arc::new(view),
        names,
        warnings,
    }))
}

/// Reads the file picked in an `<input type=file>` as text.
async fn read_picked_file(input: web_sys::HtmlInputElement) -> Option<(String, String)> {
    let file = input.files()?.get(0)?;
    let text = wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .ok()?;
    Some((file.name(), text.as_string()?))
}

#[component]
pub fn BacktestPage() -> impl IntoView {
    let Some(ctx) = use_context::<AppCtx>() else {
        return ().into_any();
    };
    browser::set_document_title("Rule backtest · promboard");
    let config = ctx.config.clone();
    let url = ctx.url;
    let Some(ds) = config.default_datasource().cloned().map(Arc::new) else {
        return view! { <main class="content"><div class="fatal" role="alert">"No datasource is configured in config.json."</div></main> }.into_any();
    };

    let text = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let load_error = RwSignal::new(None::<String>);
    let global_interval = RwSignal::new("1m".to_owned());

    let parsed = Memo::new(move |_| {
        let t = text.get();
        if t.trim().is_empty() {
            return None;
        }
        Some(parse_rule_file(&t).map(Arc::new))
    });
    let interval_ms = Memo::new(move |_| {
        promboard_core::rules::parse_duration_ms(global_interval.get().trim())
            .map_err(|e| format!("Global evaluation interval: {e}"))
    });
    let rules = Memo::new(move |_| match (parsed.get(), interval_ms.get()) {
        (Some(Ok(file)), Ok(ms)) => Arc::new(bt::alerting_rules(&file, ms)),
        _ => Arc::new(Vec::new()),
    });

    // PromQL syntax of every alerting rule, checked whenever the rules change.
    let syntax = RwSignal::new(None::<Arc<Vec<PromqlCheck>>>);
    let syntax_gen = StoredValue::new(0u64);
    Effect::new(move || {
        let list = rules.get();
        let generation = syntax_gen.get_value() + 1;
        syntax_gen.set_value(generation);
        syntax.set(None);
        if list.is_empty() {
            return;
        }
        spawn_local(async move {
            let mut out = Vec::with_capacity(list.len());
            for rule in list.iter() {
                out.push(check_promql(&rule.expr).await);
            }
            if syntax_gen.try_get_value() == Some(generation) {
                let _ = syntax.try_set(Some(Arc::new(out)));
            }
        });
    });

    let (default_from, default_to) = (config.defaults.from.clone(), config.defaults.to.clone());
    let (df, dt) = (default_from.clone(), default_to.clone());
    let range_exprs = Memo::new(move |_| {
        url.with(|u| {
            (
                u.from.clone().unwrap_or_else(|| df.clone()),
                u.to.clone().unwrap_or_else(|| dt.clone()),
            )
        })
    });

    // Runs: the rules and their outcomes; a newer run makes older answers stale.
    let run_rules = RwSignal::new(Arc::new(Vec::<BacktestRule>::new()));
    let runs = RwSignal::new(Vec::<RuleRun>::new());
    let run_id = StoredValue::new(0u64);
    let run_error = RwSignal::new(None::<String>);
    let ran_range = RwSignal::new(String::new());

    let run_ds = ds.clone();
    let on_run = move |_| {
        let (from, to) = range_exprs.get_untracked();
        let now = browser::now_ms();
        let tz = browser::tz_offset_min(now);
        let (from_ms, to_ms) = match resolve_range(&from, &to, now, tz) {
            Ok(r) => r,
            Err(e) => {
                run_error.set(Some(e.to_string()));
                return;
            }
        };
        run_error.set(None);
        ran_range.set(promboard_core::time::describe_range(&from, &to, tz));
        let list = rules.get_untracked();
        let id = run_id.get_value() + 1;
        run_id.set_value(id);
        runs.set(vec![RuleRun::Queued; list.len()]);
        run_rules.set(list.clone());
        for (i, rule) in list.iter().enumerate() {
            let ds = run_ds.clone();
            let rule = rule.clone();
            spawn_local(async move {
                let set = |r: RuleRun| {
                    if run_id.try_get_value() == Some(id) {
                        let _ = runs.try_update(|v| {
                            if let Some(slot) = v.get_mut(i) {
                                *slot = r;
                            }
                        });
                    }
                };
                set(RuleRun::Running);
                let outcome = run_rule(&ds, &rule, from_ms, to_ms).await;
                set(outcome);
            });
        }
    };

    // Loading: a file listed in config.json, an upload, or the textarea.
    let on_pick_listed = move |ev: leptos::ev::Event| {
        let path = event_target_value(&ev);
        if path.is_empty() {
            return;
        }
        load_error.set(None);
        spawn_local(async move {
            match fetch::get_static(&path).await {
                Ok(f) if f.status == 200 => {
                    name.set(path);
                    text.set(String::from_utf8_lossy(&f.body).into_owned());
                }
                Ok(f) => load_error.set(Some(format!("{path}: HTTP {}", f.status))),
                Err(e) => load_error.set(Some(format!("{path}: {e}"))),
            }
        });
    };
    let on_upload = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        spawn_local(async move {
            match read_picked_file(input).await {
                Some((n, t)) => {
                    load_error.set(None);
                    name.set(n);
                    text.set(t);
                }
                None => load_error.set(Some("The file could not be read as text.".to_owned())),
            }
        });
    };
    let on_paste = move |ev: leptos::ev::Event| {
        name.set(String::new());
        text.set(event_target_value(&ev));
    };

    let default_theme = config.defaults.theme.clone();
    let dark = Memo::new(move |_| {
        url.with(|u| {
            promboard_core::config::is_dark(
                u.theme.as_deref(),
                &default_theme,
                browser::prefers_dark(),
            )
        })
    });

    let listed = config.rules.clone();
    let validation = move || match parsed.get() {
        None => view! { <p class="muted">"Pick, upload or paste a Prometheus rule file."</p> }
            .into_any(),
        Some(Err(errors)) => {
            let file = source_name(&name.get());
            view! {
                <div class="notice" role="alert">
                    <p>{format!("{} problem{} in the rule file:", errors.len(), if errors.len() == 1 { "" } else { "s" })}</p>
                    <ul data-testid="backtest-errors">
                        {errors.iter().map(|e| view! { <li>{error_text(&file, e)}</li> }).collect_view()}
                    </ul>
                </div>
            }.into_any()
        }
        Some(Ok(file)) => view! { <FileSummary file=file rules=rules.get()/> }.into_any(),
    };
    let syntax_view = move || {
        let list = rules.get();
        if list.is_empty() {
            return None;
        }
        let file = source_name(&name.get());
        Some(match syntax.get() {
            None => view! { <p class="muted" data-testid="backtest-syntax">"Checking PromQL syntax…"</p> }.into_any(),
            Some(checks) => {
                let bad: Vec<String> = list
                    .iter()
                    .zip(checks.iter())
                    .filter_map(|(r, c)| match c {
                        PromqlCheck::Invalid(m) => Some(format!("{file}:{}: `{}`: {m}", r.expr_line, r.name)),
                        _ => None,
                    })
                    .collect();
                let unchecked = checks.iter().find_map(|c| match c {
                    PromqlCheck::NotChecked(m) => Some(m.clone()),
                    _ => None,
                });
                match (bad.is_empty(), unchecked) {
                    (_, Some(reason)) => view! {
                        <p class="backtest-warning" data-testid="backtest-syntax">
                            {format!("PromQL syntax not checked ({reason}); Prometheus reports syntax errors when the rules run.")}
                        </p>
                    }.into_any(),
                    (true, None) => view! {
                        <p class="muted" data-testid="backtest-syntax">
                            {format!("PromQL syntax: all {} expressions parse.", list.len())}
                        </p>
                    }.into_any(),
                    (false, None) => view! {
                        <div class="notice" role="alert" data-testid="backtest-syntax">
                            <p>{format!("PromQL syntax errors in {} of {} expressions:", bad.len(), list.len())}</p>
                            <ul data-testid="backtest-syntax-errors">
                                {bad.into_iter().map(|b| view! { <li>{b}</li> }).collect_view()}
                            </ul>
                        </div>
                    }.into_any(),
                }
            }
        })
    };
    let progress = move || {
        let v = runs.get();
        let done = v.iter().filter(|r| r.finished()).count();
        if v.is_empty() {
            String::new()
        } else if done < v.len() {
            format!("Querying… {done} of {} rules done", v.len())
        } else {
            format!("{done} rules backtested over {}", ran_range.get())
        }
    };
    let can_run = move || !rules.get().is_empty() && interval_ms.get().is_ok();

    view! {
        <main class="content backtest-page">
            <div class="backtest-toolbar">
                <h1>"Rule backtest"</h1>
                <span class="spacer"></span>
                <TimePicker default_from=default_from default_to=default_to/>
                <label class="backtest-interval">
                    "Global interval "
                    <input type="text" size="5" data-testid="backtest-global-interval"
                        prop:value=move || global_interval.get()
                        on:change=move |ev| global_interval.set(event_target_value(&ev))/>
                </label>
                <button type="button" class="primary" data-testid="backtest-run"
                    disabled=move || !can_run() on:click=on_run>"Run"</button>
            </div>
            <p class="muted backtest-help">
                "Evaluates each alerting rule's expression with query_range at its group's interval over the selected range, then applies for and keep_firing_for as Prometheus does. The global interval is used for groups without one (Prometheus' default is 1m)."
            </p>
            <div class="backtest-source">
                <label>
                    "Rule file "
                    <select data-testid="backtest-file" on:change=on_pick_listed>
                        <option value="">"— from config.json —"</option>
                        {listed.iter().map(|f| view! { <option value=f.clone()>{f.clone()}</option> }).collect_view()}
                    </select>
                </label>
                <label>
                    "or upload "
                    <input type="file" accept=".yml,.yaml,.txt" data-testid="backtest-upload" on:change=on_upload/>
                </label>
                <textarea class="backtest-text" data-testid="backtest-text" spellcheck="false" rows="8"
                    placeholder="…or paste rules here (groups: - name: … rules: - alert: …)"
                    prop:value=move || text.get() on:input=on_paste></textarea>
            </div>
            {move || load_error.get().map(|m| view! { <div class="notice" role="alert">{m}</div> })}
            {move || interval_ms.get().err().map(|m| view! { <div class="notice" role="alert">{m}</div> })}
            {move || run_error.get().map(|m| view! { <div class="notice" role="alert">{m}</div> })}
            {validation}
            {syntax_view}
            <p class="backtest-progress" data-testid="backtest-progress" aria-live="polite">{progress}</p>
            <div class="backtest-results">
                {move || {
                    let list = run_rules.get();
                    let file = source_name(&name.get_untracked());
                    list.iter().enumerate().map(|(i, rule)| {
                        let run = Memo::new(move |_| runs.with(|v| v.get(i).cloned().unwrap_or(RuleRun::Queued)));
                        view! { <RuleCard rule=Arc::new(rule.clone()) file=file.clone() run=run dark=dark/> }
                    }).collect_view()
                }}
            </div>
        </main>
    }
    .into_any()
}

/// What the file holds: its alerting rules with interval and hold, before running.
#[component]
fn FileSummary(file: Arc<RuleFile>, rules: Arc<Vec<BacktestRule>>) -> impl IntoView {
    let recording = bt::recording_rule_count(&file);
    let defaults: Vec<String> = {
        let mut groups: Vec<String> = rules
            .iter()
            .filter(|r| r.interval_is_default)
            .map(|r| r.group.clone())
            .collect();
        groups.dedup();
        groups
    };
    let head = format!(
        "{} alerting rule{} in {} group{}{}.",
        rules.len(),
        if rules.len() == 1 { "" } else { "s" },
        file.groups.len(),
        if file.groups.len() == 1 { "" } else { "s" },
        if recording > 0 {
            format!(
                "; {recording} recording rule{} not backtested",
                if recording == 1 { " is" } else { "s are" }
            )
        } else {
            String::new()
        }
    );
    let default_note = (!defaults.is_empty()).then(|| {
        format!(
            "Groups without an interval use the global interval: {}.",
            defaults.join(", ")
        )
    });
    view! {
        <p class="backtest-file-summary" data-testid="backtest-file-summary">{head}</p>
        {default_note.map(|n| view! { <p class="muted">{n}</p> })}
    }
}

#[component]
fn RuleCard(
    rule: Arc<BacktestRule>,
    file: String,
    run: Memo<RuleRun>,
    dark: Memo<bool>,
) -> impl IntoView {
    let head_meta = format!(
        "{} · {} · {}:{}",
        rule.group,
        rule.hold_text(),
        file,
        rule.line
    );
    let interval = rule.interval_text();
    let expr = rule.expr.clone();
    let where_expr = format!("{file}:{}", rule.expr_line);
    let body = move || match run.get() {
        RuleRun::Queued => view! { <p class="muted">"Queued…"</p> }.into_any(),
        RuleRun::Running => view! { <p class="muted">"Querying…"</p> }.into_any(),
        RuleRun::Failed(m) => view! {
            <div class="notice" role="alert">{format!("{where_expr}: {m}")}</div>
        }
        .into_any(),
        RuleRun::Done(done) => view! { <RuleResult done=done dark=dark/> }.into_any(),
    };
    view! {
        <section class="backtest-rule" data-backtest-rule=rule.name.clone()
            data-backtest-state=move || run.get().state()>
            <h2>{rule.name.clone()} " " <span class="backtest-meta">{head_meta}</span></h2>
            <p class="backtest-meta">{format!("Evaluated {interval}")}</p>
            <pre class="backtest-expr">{expr}</pre>
            {body}
        </section>
    }
}

#[component]
fn RuleResult(done: Arc<Done>, dark: Memo<bool>) -> impl IntoView {
    let summary = bt::summary_sentence(&done.result.summary);
    let tz = done.view.tz_offset_min;
    let multi_day = done.view.x_range_ms.1 - done.view.x_range_ms.0 > 86_400_000;
    let issues: Vec<String> = done
        .result
        .issues
        .iter()
        .map(|i| {
            format!(
                "{} evaluation{} from {}: {}",
                i.count,
                if i.count == 1 { "" } else { "s" },
                promboard_core::time::format_time(i.first_ms, tz, "YYYY-MM-DD HH:mm:ss"),
                i.message
            )
        })
        .collect();
    let hidden = bt::hidden_rows_note(&done.result);
    let height = bt::timeline_height_px(done.view.rows.len());
    let has_rows = !done.view.rows.is_empty();
    // Name the label set on each interval only when there are several.
    let several = done.result.label_sets.len() > 1;
    let detail_rows: Vec<_> = done
        .result
        .label_sets
        .iter()
        .zip(&done.names)
        .flat_map(|(set, name)| {
            let labels = bt::labels_text(&set.labels);
            set.intervals
                .iter()
                .map(|iv| (name.clone(), labels.clone(), *iv))
                .collect::<Vec<_>>()
        })
        .collect();
    let evaluations = format!(
        "{} evaluations every {}",
        done.result.evaluations,
        promboard_core::prom::duration::format_duration_ms(done.plan.step_ms)
    );
    view! {
        <p class="backtest-summary" data-testid="backtest-summary">{summary}</p>
        {done.warnings.iter().map(|w| view! { <p class="backtest-warning">{w.clone()}</p> }).collect_view()}
        {issues.into_iter().map(|w| view! { <p class="notice" role="alert">{w}</p> }).collect_view()}
        {has_rows.then(|| view! {
            <div class="backtest-timeline" style:height=format!("{height}px")>
                <TimelineCanvas view=done.view.clone() dark=dark/>
            </div>
        })}
        {hidden.map(|h| view! { <p class="muted">{h}</p> })}
        <details class="backtest-intervals">
            <summary>{format!("{} interval{} · {evaluations}", detail_rows.len(), if detail_rows.len() == 1 { "" } else { "s" })}</summary>
            <ul>
                {detail_rows.into_iter().map(|(name, labels, iv)| {
                    let firing = iv.state == AlertPhase::Firing;
                    view! {
                        <li data-interval-state=iv.state.as_str() data-start-ms=iv.start_ms.to_string()
                            data-end-ms=iv.end_ms.to_string() data-open=iv.open.to_string() data-labels=labels
                            class:firing=firing class:pending=!firing>
                            {several.then(|| view! { <span class="backtest-row-name">{name}</span> " " })}
                            {bt::interval_text(&iv, tz, multi_day)}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </details>
    }
}

#[component]
fn TimelineCanvas(view: Arc<StateTimelineView>, dark: Memo<bool>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Canvas>::new();
    let size = observe_size(node);
    let failure = RwSignal::new(None::<String>);
    let label = format!(
        "Timeline of {} label set{}",
        view.rows.len(),
        if view.rows.len() == 1 { "" } else { "s" }
    );
    Effect::new(move || {
        let (w, h) = size.get();
        let dark = dark.get();
        let Some(canvas) = node.get() else { return };
        if w == 0 || h == 0 {
            return;
        }
        let dpr = browser::device_pixel_ratio();
        canvas.set_width((f64::from(w) * dpr).round() as u32);
        canvas.set_height((f64::from(h) * dpr).round() as u32);
        let theme = if dark {
            Theme::dark(dpr)
        } else {
            Theme::light(dpr)
        };
        let Some(backend) = PathCanvas::new(canvas) else {
            return;
        };
        let area = backend.into_drawing_area();
        failure.set(
            promboard_core::chart::draw_state_timeline(&area, &view, &theme)
                .err()
                .map(|e| e.to_string()),
        );
    });
    view! {
        <canvas node_ref=node role="img" aria-label=label></canvas>
        {move || failure.get().map(|e| view! { <div class="panel-message error">{e}</div> })}
    }
}
