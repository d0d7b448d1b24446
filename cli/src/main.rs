//! `promboard check [--json] FILE…`: lints dashboards (native or Grafana JSON) and Prometheus
//! rule files.
//!
//! Contract: `.yaml`/`.yml` files are rule files and `.json` files dashboards; otherwise a file
//! is a dashboard when its first non-blank byte is `{` or `[` (JSON), else a rule file (YAML). Errors (unreadable file, JSON/YAML syntax, invalid rule, PromQL syntax in
//! a rule) make the exit code 1; import diagnostics and PromQL syntax errors in dashboard
//! queries (which may hide Grafana templating we do not know) are reported but never errors.
//! Exit codes: 0 no file has errors, 1 some file has errors, 2 bad usage (usage on stderr).
//! With `--json` one JSON object per input file per line on stdout.

mod promql;

use std::process::ExitCode;

use promboard_core::import::{Diagnostic, ImportContext, PanelClass, Severity};
use promboard_core::model::load::{load_dashboard, LoadError};
use promboard_core::rules::parse_rule_file;
use serde::Serialize;

const USAGE: &str = concat!(
    "usage: promboard check [--json] FILE...\n\n",
    "Checks Grafana / promboard dashboards (JSON) and Prometheus rule files (YAML).\n",
    "  --json   one JSON object per file per line\n",
    "Exit code: 0 no errors, 1 errors found, 2 bad usage."
);

/// The datasource name dashboards resolve to when they name none we know.
const DEFAULT_DATASOURCE: &str = "prometheus";

#[derive(Serialize)]
struct FileError {
    line: Option<usize>,
    message: String,
}

#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum Report {
    Dashboard {
        file: String,
        panels: usize,
        full: usize,
        partial: usize,
        unsupported: usize,
        errors: Vec<FileError>,
        diagnostics: Vec<Diagnostic>,
    },
    Rules {
        file: String,
        rules: usize,
        errors: Vec<FileError>,
    },
}

impl Report {
    fn has_errors(&self) -> bool {
        match self {
            Report::Dashboard { errors, .. } | Report::Rules { errors, .. } => !errors.is_empty(),
        }
    }

    /// The human-readable form: a summary line, then one line per error / diagnostic.
    fn text(&self) -> String {
        let mut out = String::new();
        match self {
            Report::Dashboard {
                file,
                panels,
                full,
                partial,
                unsupported,
                errors,
                diagnostics,
            } => {
                out.push_str(&format!(
                    "{file}: dashboard, {panels} panels ({full} full, {partial} partial, {unsupported} unsupported), {} errors, {} diagnostics\n",
                    errors.len(),
                    diagnostics.len()
                ));
                push_errors(&mut out, file, errors);
                for d in diagnostics {
                    out.push_str(&format!("{file}: {d}\n"));
                }
            }
            Report::Rules {
                file,
                rules,
                errors,
            } => {
                out.push_str(&format!(
                    "{file}: rules, {rules} rules, {} errors\n",
                    errors.len()
                ));
                push_errors(&mut out, file, errors);
            }
        }
        out
    }
}

fn push_errors(out: &mut String, file: &str, errors: &[FileError]) {
    for e in errors {
        match e.line {
            // Dashboard load errors already start with "line L, column C".
            Some(_) if e.message.starts_with("line ") => {
                out.push_str(&format!("{file}: error: {}\n", e.message))
            }
            Some(l) => out.push_str(&format!("{file}:{l}: error: {}\n", e.message)),
            None => out.push_str(&format!("{file}: error: {}\n", e.message)),
        }
    }
}

fn check_dashboard(file: &str, bytes: &[u8]) -> Report {
    let ctx = ImportContext {
        default_datasource: DEFAULT_DATASOURCE.to_owned(),
        datasources: vec![(DEFAULT_DATASOURCE.to_owned(), DEFAULT_DATASOURCE.to_owned())],
    };
    let mut imported = match load_dashboard(bytes, &ctx) {
        Ok(i) => i,
        Err(e) => {
            let line = match &e {
                LoadError::Syntax { line, .. } | LoadError::Native { line, .. } => Some(*line),
                _ => None,
            };
            return Report::Dashboard {
                file: file.to_owned(),
                panels: 0,
                full: 0,
                partial: 0,
                unsupported: 0,
                errors: vec![FileError {
                    line,
                    message: e.to_string(),
                }],
                diagnostics: Vec::new(),
            };
        }
    };
    let mut extra = Vec::new();
    for p in imported.dashboard.panels() {
        for q in &p.queries {
            if let Err(e) = promql::check_dashboard_expr(&q.expr) {
                extra.push(Diagnostic {
                    panel_id: Some(p.id),
                    panel_title: Some(p.title.clone()),
                    field: format!("query {}", q.ref_id),
                    message: format!("PromQL syntax error: {e}"),
                    severity: Severity::Warning,
                });
            }
        }
    }
    imported.diagnostics.extend(extra);
    let classes = imported.panel_classes();
    let count = |c: PanelClass| classes.iter().filter(|(_, k)| *k == c).count();
    Report::Dashboard {
        file: file.to_owned(),
        panels: classes.len(),
        full: count(PanelClass::Full),
        partial: count(PanelClass::Partial),
        unsupported: count(PanelClass::Unsupported),
        errors: Vec::new(),
        diagnostics: imported.diagnostics,
    }
}

fn check_rules(file: &str, text: &str) -> Report {
    let (rules, mut errors) = match parse_rule_file(text) {
        Ok(rf) => {
            let mut errors = Vec::new();
            let mut n = 0;
            for r in rf.rules() {
                n += 1;
                if let Err(e) = promql::check_rule_expr(&r.expr) {
                    errors.push(FileError {
                        line: Some(r.expr_line),
                        message: format!("`{}`: PromQL syntax error: {e}", r.name),
                    });
                }
            }
            (n, errors)
        }
        Err(es) => (
            0,
            es.into_iter()
                .map(|e| FileError {
                    line: Some(e.line),
                    message: e.message,
                })
                .collect(),
        ),
    };
    errors.sort_by_key(|e| e.line);
    Report::Rules {
        file: file.to_owned(),
        rules,
        errors,
    }
}

fn check_file(file: &str) -> Report {
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            let is_json = file.ends_with(".json");
            let errors = vec![FileError {
                line: None,
                message: format!("cannot read the file: {e}"),
            }];
            return if is_json {
                Report::Dashboard {
                    file: file.to_owned(),
                    panels: 0,
                    full: 0,
                    partial: 0,
                    unsupported: 0,
                    errors,
                    diagnostics: Vec::new(),
                }
            } else {
                Report::Rules {
                    file: file.to_owned(),
                    rules: 0,
                    errors,
                }
            };
        }
    };
    let lower = file.to_ascii_lowercase();
    let is_yaml = lower.ends_with(".yaml") || lower.ends_with(".yml");
    let first = bytes.iter().copied().find(|b| !b.is_ascii_whitespace());
    if !is_yaml && (lower.ends_with(".json") || matches!(first, Some(b'{') | Some(b'['))) {
        return check_dashboard(file, &bytes);
    }
    match std::str::from_utf8(&bytes) {
        Ok(text) => check_rules(file, text),
        Err(e) => Report::Rules {
            file: file.to_owned(),
            rules: 0,
            errors: vec![FileError {
                line: None,
                message: format!("not UTF-8 text: {e}"),
            }],
        },
    }
}

fn usage_error(msg: &str) -> ExitCode {
    eprintln!("promboard: {msg}\n{USAGE}");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((cmd, rest)) = args.split_first() else {
        return usage_error("missing command");
    };
    match cmd.as_str() {
        "check" => {}
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => return usage_error(&format!("unknown command `{other}`")),
    }
    let mut json = false;
    let mut files = Vec::new();
    let mut only_files = false;
    for a in rest {
        match a.as_str() {
            "--" if !only_files => only_files = true,
            "--json" if !only_files => json = true,
            "-h" | "--help" if !only_files => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            f if f.starts_with('-') && f.len() > 1 && !only_files => {
                return usage_error(&format!("unknown flag `{f}`"))
            }
            f => files.push(f.to_owned()),
        }
    }
    if files.is_empty() {
        return usage_error("no files given");
    }
    let mut failed = false;
    for f in &files {
        let report = check_file(f);
        failed |= report.has_errors();
        if json {
            match serde_json::to_string(&report) {
                Ok(line) => println!("{line}"),
                Err(e) => {
                    eprintln!("promboard: {f}: cannot write the JSON report: {e}");
                    failed = true;
                }
            }
        } else {
            print!("{}", report.text());
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
