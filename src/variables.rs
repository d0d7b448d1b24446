//! Resolves a dashboard's variables against its datasource, in dependency order, with the
//! pure rules in `promboard_core::vars::resolve` (options, regex, sort, selection).
//!
//! Contract: a variable whose options cannot be fetched keeps an empty option list and an
//! error text for the variables bar; the others still resolve, and panels still query.

use promboard_core::config::AppConfig;
use promboard_core::model::{Dashboard, VariableOption};
use promboard_core::prom::decode::{decode_query, decode_strings};
use promboard_core::prom::types::QueryData;
use promboard_core::urlstate::UrlState;
use promboard_core::vars::resolve::{
    finish_options, options_source, query_result_texts, select, OptionsSource,
};
use promboard_core::vars::{refresh_order, Scope};

use crate::client::{send_api, ApiFailure};

/// One variable as the bar shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct VarState {
    pub name: String,
    pub label: String,
    pub multi: bool,
    pub include_all: bool,
    pub hidden: bool,
    /// A free-text variable: the bar shows an input instead of a list.
    pub textbox: bool,
    pub options: Vec<VariableOption>,
    pub selected: Vec<String>,
    pub error: Option<String>,
}

pub async fn resolve(
    config: &AppConfig,
    dashboard: &Dashboard,
    url: &UrlState,
    from_ms: i64,
    to_ms: i64,
) -> (Scope, Vec<VarState>) {
    let mut scope = Scope::new();
    let mut states = Vec::with_capacity(dashboard.variables.len());
    let order = refresh_order(&dashboard.variables)
        .unwrap_or_else(|_| (0..dashboard.variables.len()).collect());
    let ds_names: Vec<String> = config.datasources.iter().map(|d| d.name.clone()).collect();
    for i in order {
        let Some(var) = dashboard.variables.get(i) else {
            continue;
        };
        let mut error = None;
        let ds = match &var.kind {
            promboard_core::model::VariableKind::Query { datasource, .. } => {
                config.resolve_datasource(datasource.as_deref())
            }
            _ => config.default_datasource(),
        };
        let options = match (options_source(var, &scope, from_ms, to_ms, &ds_names), ds) {
            (OptionsSource::Static(o), _) => o,
            (_, None) => {
                error = Some("no datasource".to_owned());
                Vec::new()
            }
            (OptionsSource::Strings(req), Some(ds)) => match send_api(ds, &req, None).await {
                Ok(f) => match decode_strings(f.status, &f.body) {
                    Ok(d) => finish_options(var, d.data),
                    Err(e) => {
                        error = Some(e.to_string());
                        Vec::new()
                    }
                },
                Err(ApiFailure::Failed(m)) => {
                    error = Some(m);
                    Vec::new()
                }
                Err(ApiFailure::Cancelled) => Vec::new(),
            },
            (OptionsSource::QueryResult(req), Some(ds)) => match send_api(ds, &req, None).await {
                Ok(f) => match decode_query(f.status, &f.body) {
                    Ok(resp) => match resp.data {
                        QueryData::Series(series) => {
                            finish_options(var, query_result_texts(&series))
                        }
                        _ => Vec::new(),
                    },
                    Err(e) => {
                        error = Some(e.to_string());
                        Vec::new()
                    }
                },
                Err(ApiFailure::Failed(m)) => {
                    error = Some(m);
                    Vec::new()
                }
                Err(ApiFailure::Cancelled) => Vec::new(),
            },
        };
        let selected = select(var, url.var(&var.name), &options);
        scope.set_variable(var, &selected, &options);
        states.push(VarState {
            name: var.name.clone(),
            label: var
                .label
                .clone()
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| var.name.clone()),
            multi: var.multi,
            include_all: var.include_all,
            hidden: var.hide == promboard_core::model::VariableHide::Variable,
            textbox: matches!(
                var.kind,
                promboard_core::model::VariableKind::Textbox { .. }
            ),
            options,
            selected,
            error,
        });
    }
    // Keep the dashboard's order for the bar.
    states.sort_by_key(|s| dashboard.variables.iter().position(|v| v.name == s.name));
    (scope, states)
}
