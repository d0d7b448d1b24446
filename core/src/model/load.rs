//! Loading a dashboard file: native promboard JSON or Grafana JSON, told apart by content.
//!
//! Contract: bytes in, [`Imported`] out. A JSON syntax error reports serde_json's line and
//! column. `"schema": "promboard/v1"` at the top marks a native file, parsed strictly with
//! serde (errors name the field path); an object with `panels`, `rows` or `schemaVersion` is
//! Grafana (also inside the API export wrapper `{"dashboard": {...}, "meta": ...}`) and goes
//! through [`import_grafana`]. Anything else is a [`LoadError::NotADashboard`]. Error messages
//! never include the file name: the caller prefixes it.

use serde_json::Value;

use crate::import::{import_grafana, ImportContext, ImportError, Imported};
use crate::model::jsonpath::path_at;
use crate::model::{Dashboard, NATIVE_SCHEMA};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LoadError {
    #[error("line {line}, column {column}: {message}")]
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("line {line}, column {column}: in `{path}`: {message}")]
    Native {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("unsupported schema `{found}`: this promboard reads `{NATIVE_SCHEMA}` native dashboards and Grafana JSON")]
    UnknownSchema { found: String },
    #[error("not a dashboard: expected a JSON object with `\"schema\": \"{NATIVE_SCHEMA}\"` or Grafana's `panels`/`rows`/`schemaVersion`")]
    NotADashboard,
    #[error(transparent)]
    Import(#[from] ImportError),
}

/// serde_json's message without its trailing " at line L column C" (we print those first).
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg.to_owned(),
    }
}

/// Parses `bytes` as a native or Grafana dashboard.
pub fn load_dashboard(bytes: &[u8], ctx: &ImportContext) -> Result<Imported, LoadError> {
    let value: Value = serde_json::from_slice(bytes).map_err(|e| LoadError::Syntax {
        line: e.line(),
        column: e.column(),
        message: strip_position(&e.to_string()),
    })?;
    let Some(obj) = value.as_object() else {
        return Err(LoadError::NotADashboard);
    };
    if let Some(schema) = obj.get("schema") {
        if schema.as_str() == Some(NATIVE_SCHEMA) {
            return load_native(bytes);
        }
        if !obj.contains_key("panels") && !obj.contains_key("rows") {
            return Err(LoadError::UnknownSchema {
                found: schema
                    .as_str()
                    .map_or_else(|| schema.to_string(), str::to_owned),
            });
        }
    }
    let is_grafana = |o: &serde_json::Map<String, Value>| {
        o.contains_key("panels") || o.contains_key("rows") || o.contains_key("schemaVersion")
    };
    if is_grafana(obj) {
        return Ok(import_grafana(&value, ctx)?);
    }
    if let Some(inner) = obj
        .get("dashboard")
        .filter(|d| d.as_object().is_some_and(is_grafana))
    {
        return Ok(import_grafana(inner, ctx)?);
    }
    Err(LoadError::NotADashboard)
}

fn load_native(bytes: &[u8]) -> Result<Imported, LoadError> {
    let dashboard: Dashboard = match serde_json::from_slice(bytes) {
        Ok(d) => d,
        Err(e) => {
            return Err(LoadError::Native {
                path: path_at(&String::from_utf8_lossy(bytes), e.line(), e.column()),
                line: e.line(),
                column: e.column(),
                message: strip_position(&e.to_string()),
            });
        }
    };
    Ok(Imported {
        dashboard,
        diagnostics: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Panel, PanelKind, Row, StatOptions};

    fn ctx() -> ImportContext {
        ImportContext {
            default_datasource: "prom".to_owned(),
            datasources: vec![("prom".to_owned(), "uid1".to_owned())],
        }
    }

    #[test]
    fn syntax_errors_carry_line_and_column() {
        let cases: [(&str, &str); 3] = [
            (
                "{\n  \"panels\": [\n    {\"id\": 1}\n    {\"id\": 2}\n  ]\n}",
                "line 4, column 5: expected `,` or `]`",
            ),
            ("{\"panels\": [}", "line 1, column 13: expected value"),
            ("", "line 1, column 0: EOF while parsing a value"),
        ];
        for (src, want) in cases {
            let err = load_dashboard(src.as_bytes(), &ctx())
                .err()
                .map(|e| e.to_string());
            assert_eq!(err.as_deref(), Some(want), "{src}");
        }
    }

    #[test]
    fn detection() {
        let ok = [
            r#"{"panels": []}"#,
            r#"{"rows": []}"#,
            r#"{"schemaVersion": 39, "title": "x"}"#,
            r#"{"dashboard": {"panels": [], "title": "w"}, "meta": {"slug": "w"}}"#,
            r#"{"schema": "promboard/v1", "title": "n"}"#,
        ];
        for src in ok {
            assert!(load_dashboard(src.as_bytes(), &ctx()).is_ok(), "{src}");
        }
        let bad = [
            (r#"[1, 2]"#, LoadError::NotADashboard),
            (r#"{"title": "x"}"#, LoadError::NotADashboard),
            (
                r#"{"schema": "promboard/v9"}"#,
                LoadError::UnknownSchema {
                    found: "promboard/v9".to_owned(),
                },
            ),
        ];
        for (src, want) in bad {
            assert_eq!(
                load_dashboard(src.as_bytes(), &ctx()).err(),
                Some(want),
                "{src}"
            );
        }
    }

    #[test]
    fn wrapper_title_is_imported() {
        let src = r#"{"dashboard": {"panels": [], "title": "wrapped"}, "meta": {}}"#;
        let imported = load_dashboard(src.as_bytes(), &ctx()).map(|i| i.dashboard.title);
        assert_eq!(imported.ok().as_deref(), Some("wrapped"));
    }

    #[test]
    fn native_errors_name_the_field_path() {
        let src =
            "{\"schema\": \"promboard/v1\",\n \"rows\": [{\"panels\": [{\"id\": \"seven\"}]}]}";
        let err = load_dashboard(src.as_bytes(), &ctx())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.starts_with("line 2, column "), "{err}");
        assert!(err.contains("rows[0].panels[0].id"), "{err}");
    }

    #[test]
    fn native_round_trip() {
        let d = Dashboard {
            uid: "u".to_owned(),
            title: "Round trip".to_owned(),
            rows: vec![Row {
                title: Some("r".to_owned()),
                panels: vec![
                    Panel {
                        id: 3,
                        title: "ts".to_owned(),
                        ..Panel::default()
                    },
                    Panel {
                        id: 4,
                        kind: PanelKind::Stat(StatOptions::default()),
                        ..Panel::default()
                    },
                    Panel {
                        id: 5,
                        kind: PanelKind::Unsupported {
                            grafana_type: "piechart".to_owned(),
                        },
                        ..Panel::default()
                    },
                ],
                ..Row::default()
            }],
            ..Dashboard::default()
        };
        let bytes = serde_json::to_vec(&d).unwrap_or_default();
        let back = load_dashboard(&bytes, &ctx()).map(|i| i.dashboard);
        assert_eq!(back.ok(), Some(d));
    }
}
