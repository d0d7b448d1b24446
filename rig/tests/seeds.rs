//! The seed dashboards and alert rules (public/) against a real, backfilled Prometheus.
//!
//! Contract: every dashboard listed in public/config.json loads without Warning diagnostics
//! (native files also without keys the model silently ignores), and every visible query of
//! every panel, interpolated as the app would (variables at their defaults, All for include-All
//! variables), returns at least one series with a finite value over the last hour of the
//! deterministic history. Every rule file passes `promtool check rules` and loads into
//! Prometheus with no rule in health `err`. In a live rig anchored so that AniVault's database
//! outage is already under way, `CircuitBreakerOpen` (for: 1m) is seen pending, then firing.
//! Failures are collected and reported together, never one at a time.

// Helpers panic with a message on purpose (a failing test); clippy allows that inside
// `cfg(test)` modules only, hence the module.
#[cfg(test)]
mod seeds {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::{Path, PathBuf};
    use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

    use promboard_core::import::{ImportContext, Severity};
    use promboard_core::model::load::load_dashboard;
    use promboard_core::model::{Dashboard, VariableKind, VariableOption, VariableQuery};
    use promboard_core::prom::decode::{decode_query, decode_strings};
    use promboard_core::prom::request::{self, InstantQuery, Method, QueryRange};
    use promboard_core::prom::step::query_step;
    use promboard_core::prom::types::QueryData;
    use promboard_core::rules::parse_rule_file;
    use promboard_core::vars::{interpolate, FormatContext, Scope};
    use promboard_rig::{net, Mode, Rig, RigOptions, FIXED_END_S};
    use serde_json::Value;

    fn public_dir() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../public")
    }

    fn config() -> Value {
        let path = public_dir().join("config.json");
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("parse {}: {e}", path.display()))
    }

    fn listed(key: &str) -> Vec<PathBuf> {
        let list = config()[key].as_array().cloned().unwrap_or_default();
        let files: Vec<PathBuf> = list
            .iter()
            .map(|v| {
                public_dir().join(
                    v.as_str()
                        .unwrap_or_else(|| panic!("{key}: not a string: {v}")),
                )
            })
            .collect();
        assert!(!files.is_empty(), "public/config.json lists no {key}");
        files
    }

    /// GET `req` from the rig's Prometheus.
    fn get(rig: &Rig, req: &request::ApiRequest) -> (u16, Vec<u8>) {
        assert_eq!(req.method, Method::Get, "{} would need a POST", req.path);
        let path = request::url("", req);
        net::http_get(rig.prometheus_addr, &path).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    fn get_json(rig: &Rig, path: &str) -> Value {
        let (status, body) =
            net::http_get(rig.prometheus_addr, path).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(
            status,
            200,
            "GET {path}: {}",
            String::from_utf8_lossy(&body)
        );
        serde_json::from_slice(&body).unwrap_or_else(|e| panic!("GET {path}: {e}"))
    }

    /// Every key path in `file` (objects only; array elements by index) that `model` lacks: keys
    /// a native file sets but the model drops on the floor.
    fn ignored_keys(file: &Value, model: &Value, at: &str, out: &mut Vec<String>) {
        match (file, model) {
            (Value::Object(f), Value::Object(m)) => {
                for (k, v) in f {
                    let here = format!("{at}.{k}");
                    match m.get(k) {
                        Some(mv) => ignored_keys(v, mv, &here, out),
                        None => out.push(here),
                    }
                }
            }
            (Value::Array(f), Value::Array(m)) => {
                for (i, (fv, mv)) in f.iter().zip(m).enumerate() {
                    ignored_keys(fv, mv, &format!("{at}[{i}]"), out);
                }
            }
            _ => {}
        }
    }

    /// The variables at their defaults: All for include-All, else `current`, else the first option.
    fn default_scope(rig: &Rig, dash: &Dashboard, start_s: f64, end_s: f64, scope: &mut Scope) {
        for var in &dash.variables {
            let options: Vec<VariableOption> = match &var.kind {
                VariableKind::Query {
                    query: VariableQuery::LabelValues { metric, label },
                    ..
                } => {
                    let matchers: Vec<String> = metric.iter().cloned().collect();
                    let (status, body) = get(
                        rig,
                        &request::label_values(label, &matchers, Some(start_s), Some(end_s)),
                    );
                    let values = decode_strings(status, &body)
                        .unwrap_or_else(|e| panic!("{}: label values of `{label}`: {e}", dash.uid))
                        .data;
                    assert!(
                        !values.is_empty(),
                        "{}: variable `{}` has no options",
                        dash.uid,
                        var.name
                    );
                    values
                        .into_iter()
                        .map(|v| VariableOption {
                            text: v.clone(),
                            value: v,
                        })
                        .collect()
                }
                VariableKind::Custom { options } => options.clone(),
                VariableKind::Constant { value } => vec![VariableOption {
                    text: value.clone(),
                    value: value.clone(),
                }],
                VariableKind::Textbox { default } => vec![VariableOption {
                    text: default.clone(),
                    value: default.clone(),
                }],
                other => panic!(
                    "{}: variable `{}`: kind {other:?} not handled by this test",
                    dash.uid, var.name
                ),
            };
            let selected: Vec<String> = if var.include_all {
                vec!["$__all".to_owned()]
            } else if !var.current.is_empty() {
                var.current.clone()
            } else {
                options.iter().take(1).map(|o| o.value.clone()).collect()
            };
            scope.set_variable(var, &selected, &options);
        }
    }

    #[test]
    fn every_seed_panel_query_returns_data() {
        let rig = Rig::start(RigOptions::default()).expect("start the rig");
        let ctx = ImportContext {
            default_datasource: "Prometheus".to_owned(),
            datasources: vec![("Prometheus".to_owned(), "prometheus".to_owned())],
        };
        let to_ms = FIXED_END_S * 1000;
        let from_ms = to_ms - 3_600_000;
        let plan = query_step(from_ms, to_ms, 1000, None, None);

        let mut failures = Vec::new();
        let mut queries_run = 0;
        for file in listed("dashboards") {
            let name = file
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let bytes =
                std::fs::read(&file).unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            let imported = match load_dashboard(&bytes, &ctx) {
                Ok(i) => i,
                Err(e) => {
                    failures.push(format!("{name}: does not load: {e}"));
                    continue;
                }
            };
            for d in imported
                .diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
            {
                failures.push(format!("{name}: warning at {}: {}", d.field, d.message));
            }
            let dash = &imported.dashboard;
            if dash.uid != name.trim_end_matches(".json") {
                failures.push(format!("{name}: uid `{}` is not the file name", dash.uid));
            }
            let panel_count = dash.panels().count();
            if panel_count == 0 || panel_count > 16 {
                failures.push(format!("{name}: {panel_count} panels (want 1..=16)"));
            }
            let raw: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
            if raw.get("schema").is_some() {
                let model = serde_json::to_value(dash).unwrap_or(Value::Null);
                let mut ignored = Vec::new();
                ignored_keys(&raw, &model, "", &mut ignored);
                for k in ignored {
                    failures.push(format!(
                        "{name}: key `{k}` is not part of the native model (silently ignored)"
                    ));
                }
            }

            let mut scope = Scope::new();
            scope.set_time(from_ms, to_ms, &plan);
            default_scope(&rig, dash, plan.start_s, plan.end_s, &mut scope);

            for panel in dash.panels() {
                if panel.queries.iter().all(|q| q.hide) && panel.kind.name() != "text" {
                    failures.push(format!("{name} / {}: no visible query", panel.title));
                }
                for q in panel.queries.iter().filter(|q| !q.hide) {
                    let expr = interpolate(&q.expr, &scope, FormatContext::PromQl);
                    let req = if q.instant {
                        InstantQuery {
                            expr: expr.clone(),
                            time_s: plan.end_s,
                        }
                        .request()
                    } else {
                        QueryRange {
                            expr: expr.clone(),
                            start_s: plan.start_s,
                            end_s: plan.end_s,
                            step_s: plan.step_s,
                        }
                        .request()
                    };
                    queries_run += 1;
                    let (status, body) = get(&rig, &req);
                    let problem = match decode_query(status, &body) {
                        Err(e) => Some(format!("error: {e}")),
                        Ok(resp) => match resp.data {
                            QueryData::Series(series) => {
                                let finite = series
                                    .iter()
                                    .any(|s| s.values.iter().any(|v| v.is_finite()));
                                (!finite).then(|| {
                                    format!("{} series, none with a finite value", series.len())
                                })
                            }
                            QueryData::Scalar { value, .. } => {
                                (!value.is_finite()).then(|| format!("scalar {value}"))
                            }
                            QueryData::String { .. } => Some("a string result".to_owned()),
                        },
                    };
                    if let Some(p) = problem {
                        failures.push(format!(
                            "{name} / {} / {}: `{expr}`: {p}",
                            panel.title, q.ref_id
                        ));
                    }
                }
            }
        }
        assert!(queries_run > 50, "only {queries_run} queries ran");
        assert!(
            failures.is_empty(),
            "{} problems:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }

    /// (group, rule name) of every rule in the listed rule files.
    fn expected_rules() -> BTreeSet<(String, String)> {
        let mut out = BTreeSet::new();
        for file in listed("rules") {
            let text = std::fs::read_to_string(&file)
                .unwrap_or_else(|e| panic!("read {}: {e}", file.display()));
            let parsed =
                parse_rule_file(&text).unwrap_or_else(|e| panic!("{}: {e:?}", file.display()));
            for g in &parsed.groups {
                for r in &g.rules {
                    assert!(
                        out.insert((g.name.clone(), r.name.clone())),
                        "{}: duplicate {}/{}",
                        file.display(),
                        g.name,
                        r.name
                    );
                }
            }
        }
        out
    }

    #[test]
    fn rules_pass_promtool_and_load_into_prometheus() {
        let files = listed("rules");
        let out = std::process::Command::new("promtool")
            .arg("check")
            .arg("rules")
            .args(&files)
            .output()
            .expect("run promtool");
        assert!(
            out.status.success(),
            "promtool check rules failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );

        let expected = expected_rules();
        let rig = Rig::start(RigOptions {
            rule_files: files,
            ..RigOptions::default()
        })
        .expect("start the rig");
        let deadline = Instant::now() + Duration::from_secs(45);
        let (loaded, unevaluated) = loop {
            let v = get_json(&rig, "/api/v1/rules");
            let mut loaded: BTreeMap<(String, String), (String, String)> = BTreeMap::new();
            for g in v["data"]["groups"].as_array().cloned().unwrap_or_default() {
                let group = g["name"].as_str().unwrap_or_default().to_owned();
                for r in g["rules"].as_array().cloned().unwrap_or_default() {
                    let name = r["name"].as_str().unwrap_or_default().to_owned();
                    let health = r["health"].as_str().unwrap_or_default().to_owned();
                    let err = r["lastError"].as_str().unwrap_or_default().to_owned();
                    loaded.insert((group.clone(), name), (health, err));
                }
            }
            let unevaluated = loaded.values().filter(|(h, _)| h == "unknown").count();
            if (unevaluated == 0 && !loaded.is_empty()) || Instant::now() > deadline {
                break (loaded, unevaluated);
            }
            std::thread::sleep(Duration::from_secs(1));
        };
        let names: BTreeSet<(String, String)> = loaded.keys().cloned().collect();
        let missing: Vec<_> = expected.difference(&names).collect();
        assert!(
            missing.is_empty(),
            "rules not loaded by Prometheus: {missing:?}"
        );
        assert_eq!(unevaluated, 0, "rules never evaluated within 45 s");
        let bad: Vec<String> = loaded
            .iter()
            .filter(|(_, (h, _))| h != "ok")
            .map(|((g, n), (h, e))| format!("{g}/{n}: health {h}: {e}"))
            .collect();
        assert!(bad.is_empty(), "unhealthy rules:\n{}", bad.join("\n"));
    }

    /// Seconds into AniVault's hourly database outage (window [150, 870) s, CircuitBreakerOpen
    /// `for: 1m`) at which the live rig starts: the outage is already in the backfilled history.
    const OUTAGE_OFFSET_AT_START_S: i64 = 210;

    #[test]
    fn an_incident_alert_goes_pending_then_firing_live() {
        let now_s = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        let rule_files = vec![public_dir().join("rules/anivault.yml")];
        let rig = Rig::start(RigOptions {
            mode: Mode::LiveAnchored {
                anchor_s: now_s - OUTAGE_OFFSET_AT_START_S,
            },
            rule_files,
            ..RigOptions::default()
        })
        .expect("start the live rig");
        assert!(
            rig.history_end_s < now_s + 30,
            "history must end before now"
        );

        let started = Instant::now();
        let deadline = started + Duration::from_secs(150);
        let mut pending_at = None;
        let mut firing_at = None;
        let mut last = String::new();
        while firing_at.is_none() && Instant::now() < deadline {
            let v = get_json(&rig, "/api/v1/alerts");
            let states: Vec<(String, String)> = v["data"]["alerts"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .iter()
                .filter(|a| a["labels"]["alertname"] == "CircuitBreakerOpen")
                .map(|a| {
                    (
                        a["labels"]["breaker"]
                            .as_str()
                            .unwrap_or_default()
                            .to_owned(),
                        a["state"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect();
            last = format!("{states:?}");
            for (breaker, state) in &states {
                assert_eq!(
                    breaker, "database",
                    "only the database breaker opens in this incident"
                );
                match state.as_str() {
                    "pending" if pending_at.is_none() => pending_at = Some(started.elapsed()),
                    "firing" if firing_at.is_none() => firing_at = Some(started.elapsed()),
                    _ => {}
                }
            }
            std::thread::sleep(Duration::from_secs(2));
        }
        let pending = pending_at
            .unwrap_or_else(|| panic!("CircuitBreakerOpen never seen pending; last: {last}"));
        let firing = firing_at
            .unwrap_or_else(|| panic!("CircuitBreakerOpen never fired within 150 s; last: {last}"));
        assert!(
            pending < firing,
            "pending at {pending:?} should come before firing at {firing:?}"
        );
        // `for: 1m`: the alert cannot fire less than a minute after it first went pending
        // (minus one evaluation interval of polling slack).
        assert!(
            firing.saturating_sub(pending) >= Duration::from_secs(44),
            "fired {:?} after pending, sooner than `for: 1m` allows",
            firing - pending
        );
    }
}
