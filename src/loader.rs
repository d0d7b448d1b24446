//! Start-up: fetches `config.json` and every dashboard file it lists, and loads each with the
//! pure loader (native or Grafana, auto-detected).
//!
//! Contract: a broken config stops the app with a message naming the file and field; a broken
//! dashboard file only marks its own entry (the list shows the error, the others open).

use std::sync::Arc;

use promboard_core::config::{parse_config, AppConfig};
use promboard_core::import::{Diagnostic, ImportContext};
use promboard_core::model::load::load_dashboard;
use promboard_core::model::Dashboard;

use crate::fetch;

/// One dashboard file as listed in `config.json`.
#[derive(Clone, Debug)]
pub struct DashboardEntry {
    pub file: String,
    /// The dashboard's uid (the file name without `.json` when it has none).
    pub uid: String,
    pub result: Result<Arc<Dashboard>, String>,
    pub diagnostics: Arc<Vec<Diagnostic>>,
}

impl DashboardEntry {
    pub fn title(&self) -> String {
        match &self.result {
            Ok(d) if !d.title.is_empty() => d.title.clone(),
            _ => self.uid.clone(),
        }
    }
}

pub type Boot = (Arc<AppConfig>, Arc<Vec<DashboardEntry>>);

pub async fn boot() -> Result<Boot, String> {
    let fetched = fetch::get_static("config.json")
        .await
        .map_err(|e| format!("config.json could not be loaded: {e}"))?;
    if fetched.status != 200 {
        return Err(format!(
            "config.json could not be loaded: HTTP {}",
            fetched.status
        ));
    }
    let text = String::from_utf8_lossy(&fetched.body);
    let config = parse_config(&text).map_err(|e| e.to_string())?;
    crate::fetch::set_max_concurrent(config.defaults.max_concurrent_queries);
    let ctx = import_context(&config);
    let loads = config
        .dashboards
        .iter()
        .map(|file| load_one(file.clone(), &ctx));
    let entries = futures::future::join_all(loads).await;
    Ok((Arc::new(config), Arc::new(entries)))
}

pub fn import_context(config: &AppConfig) -> ImportContext {
    ImportContext {
        default_datasource: config
            .default_datasource()
            .map(|d| d.name.clone())
            .unwrap_or_default(),
        datasources: config
            .datasources
            .iter()
            .map(|d| {
                (
                    d.name.clone(),
                    d.uid.clone().unwrap_or_else(|| d.name.clone()),
                )
            })
            .collect(),
    }
}

async fn load_one(file: String, ctx: &ImportContext) -> DashboardEntry {
    let stem = file
        .rsplit('/')
        .next()
        .unwrap_or(&file)
        .trim_end_matches(".json")
        .to_owned();
    let result = match fetch::get_static(&file).await {
        Err(e) => Err(format!("{file}: {e}")),
        Ok(f) if f.status != 200 => Err(format!("{file}: HTTP {}", f.status)),
        Ok(f) => load_dashboard(&f.body, ctx).map_err(|e| format!("{file}: {e}")),
    };
    match result {
        Ok(imported) => {
            let mut dashboard = imported.dashboard;
            if dashboard.uid.is_empty() {
                dashboard.uid = stem;
            }
            DashboardEntry {
                file,
                uid: dashboard.uid.clone(),
                result: Ok(Arc::new(dashboard)),
                diagnostics: Arc::new(imported.diagnostics),
            }
        }
        Err(message) => DashboardEntry {
            file,
            uid: stem,
            result: Err(message),
            diagnostics: Arc::new(Vec::new()),
        },
    }
}
