//! Grafana dashboard JSON → promboard's [`Dashboard`] model.
//!
//! Contract:
//! - Input is classic Grafana dashboard JSON, schemaVersion 14 to 42: `panels` with `gridPos`,
//!   legacy `rows[]` with `span`, `row` panels (collapsed ones carry their own `panels`).
//! - Never panics and never drops a panel silently: a panel that cannot be drawn is kept as
//!   [`PanelKind::Unsupported`] with a diagnostic naming the reason.
//! - Everything not carried over yields a [`Diagnostic`] with the panel id/title and the JSON
//!   path. Severity policy: [`Severity::Warning`] when the panel would show different data
//!   (a dropped query, transformation or matcher, a different visualisation), [`Severity::Info`]
//!   for cosmetics (gradients, line interpolation, column widths) and for resolutions that keep
//!   the meaning (a `${DS_…}` placeholder resolved to the default datasource).
//! - Panel ids: Grafana's ids are kept; missing or duplicated ids get fresh unique ones.
//! - Only fails ([`ImportError`]) when the top level is not a JSON object.

mod datasource;
mod fields;
mod json;
mod legacy;
mod panels;
mod pie;
mod variables;

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::Value;

use crate::model::{Dashboard, PanelKind, Timezone};

use json::{arr, get_nonempty, get_num, get_str};

/// Where the imported dashboard will run: the datasources promboard knows about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportContext {
    /// Name of the datasource used when Grafana's reference cannot be resolved.
    pub default_datasource: String,
    /// Configured datasources as `(name, uid)`.
    pub datasources: Vec<(String, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
}

/// One thing the importer did not carry over (or carried over with a change).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// The panel it concerns (after id assignment); `None` for dashboard-level items.
    pub panel_id: Option<u32>,
    pub panel_title: Option<String>,
    /// JSON path in the Grafana file, e.g. `panels[3].fieldConfig.defaults.custom.gradientMode`.
    pub field: String,
    pub message: String,
    pub severity: Severity,
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sev = match self.severity {
            Severity::Info => "info",
            Severity::Warning => "warning",
        };
        write!(f, "{sev}: ")?;
        if let Some(id) = self.panel_id {
            write!(f, "panel {id}")?;
            if let Some(t) = self.panel_title.as_deref().filter(|t| !t.is_empty()) {
                write!(f, " \"{t}\"")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// The result of an import: the dashboard plus what was not carried over.
#[derive(Clone, Debug, PartialEq)]
pub struct Imported {
    pub dashboard: Dashboard,
    pub diagnostics: Vec<Diagnostic>,
}

/// How completely one panel came through.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PanelClass {
    /// Everything carried over (Info diagnostics at most).
    Full,
    /// Imported with at least one Warning diagnostic.
    Partial,
    /// The panel kind is not drawn by promboard.
    Unsupported,
}

impl Imported {
    /// Every panel's id with its class, in layout order.
    pub fn panel_classes(&self) -> Vec<(u32, PanelClass)> {
        let warned: HashSet<u32> = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .filter_map(|d| d.panel_id)
            .collect();
        self.dashboard
            .panels()
            .map(|p| {
                let class = if matches!(p.kind, PanelKind::Unsupported { .. }) {
                    PanelClass::Unsupported
                } else if warned.contains(&p.id) {
                    PanelClass::Partial
                } else {
                    PanelClass::Full
                };
                (p.id, class)
            })
            .collect()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ImportError {
    #[error("not a Grafana dashboard: the top level is {found}, expected a JSON object with `panels` or `rows`")]
    NotAnObject { found: &'static str },
}

/// Imports one Grafana dashboard (the dashboard object itself, not the API wrapper).
pub fn import_grafana(json: &Value, ctx: &ImportContext) -> Result<Imported, ImportError> {
    if !json.is_object() {
        return Err(ImportError::NotAnObject {
            found: kind_name(json),
        });
    }
    let mut imp = Importer::new(ctx, json);
    let dashboard = imp.dashboard(json);
    Ok(Imported {
        dashboard,
        diagnostics: imp.diags,
    })
}

fn kind_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Import state: the context, diagnostics so far and the panel being imported.
pub(crate) struct Importer<'a> {
    pub(crate) ctx: &'a ImportContext,
    pub(crate) diags: Vec<Diagnostic>,
    /// `__inputs`: placeholder name (`DS_PROMETHEUS`) → plugin id (`prometheus`).
    pub(crate) inputs: HashMap<String, String>,
    /// Datasource variables: name → plugin type they select (`prometheus`, `loki`).
    pub(crate) ds_vars: HashMap<String, String>,
    /// The panel diagnostics are attributed to.
    pub(crate) panel: Option<(u32, String)>,
    /// Dashboard-level messages already given once (placeholder resolutions).
    pub(crate) said_once: HashSet<String>,
}

impl<'a> Importer<'a> {
    fn new(ctx: &'a ImportContext, root: &Value) -> Self {
        let inputs = arr(root, "__inputs")
            .iter()
            .filter_map(|i| {
                let name = get_nonempty(i, "name")?;
                let plugin = get_str(i, "pluginId").unwrap_or_default();
                Some((name, plugin))
            })
            .collect();
        let ds_vars = root
            .get("templating")
            .map(|t| arr(t, "list"))
            .unwrap_or(&[])
            .iter()
            .filter(|v| get_str(v, "type").as_deref() == Some("datasource"))
            .filter_map(|v| {
                let name = get_nonempty(v, "name")?;
                let plugin = v
                    .get("query")
                    .and_then(json::str_of)
                    .unwrap_or_else(|| "prometheus".to_owned());
                Some((name, plugin))
            })
            .collect();
        Self {
            ctx,
            diags: Vec::new(),
            inputs,
            ds_vars,
            panel: None,
            said_once: HashSet::new(),
        }
    }

    pub(crate) fn diag(&mut self, severity: Severity, field: &str, message: impl Into<String>) {
        let (panel_id, panel_title) = match &self.panel {
            Some((id, title)) => (Some(*id), Some(title.clone())),
            None => (None, None),
        };
        self.diags.push(Diagnostic {
            panel_id,
            panel_title,
            field: field.to_owned(),
            message: message.into(),
            severity,
        });
    }

    pub(crate) fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.diag(Severity::Warning, field, message);
    }

    pub(crate) fn info(&mut self, field: &str, message: impl Into<String>) {
        self.diag(Severity::Info, field, message);
    }

    /// A dashboard-level Info given only once per `key` (e.g. one per placeholder).
    pub(crate) fn info_once(&mut self, key: &str, field: &str, message: impl Into<String>) {
        if self.said_once.insert(key.to_owned()) {
            let saved = self.panel.take();
            self.info(field, message);
            self.panel = saved;
        }
    }

    fn dashboard(&mut self, root: &Value) -> Dashboard {
        let mut d = Dashboard {
            uid: get_str(root, "uid").unwrap_or_default(),
            title: get_str(root, "title").unwrap_or_default(),
            description: get_nonempty(root, "description"),
            tags: arr(root, "tags").iter().filter_map(json::str_of).collect(),
            ..Dashboard::default()
        };
        if let Some(t) = root.get("time") {
            if let Some(from) = get_nonempty(t, "from") {
                d.time.from = from;
            }
            if let Some(to) = get_nonempty(t, "to") {
                d.time.to = to;
            }
        }
        d.refresh = root
            .get("refresh")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let zone = root
            .get("timezone")
            .and_then(Value::as_str)
            .map(str::to_ascii_lowercase);
        d.timezone = match zone.as_deref() {
            Some("utc") => Timezone::Utc,
            // Grafana's "default" is the user's preference, which defaults to the browser.
            None | Some("") | Some("browser") | Some("default") => Timezone::Browser,
            Some(other) => {
                self.info(
                    "timezone",
                    format!("time zone `{other}` is not supported; the browser's zone is used"),
                );
                Timezone::Browser
            }
        };
        d.shared_crosshair = get_num(root, "graphTooltip").is_some_and(|n| n >= 1.0);
        d.shared_tooltip = get_num(root, "graphTooltip") == Some(2.0);
        d.variables = self.variables(root);
        d.links = self.dashboard_links(root);
        d.annotations = self.annotations(root);
        d.rows = self.layout(root);
        d
    }
}
