//! Start-up: fetches `config.json` and the dashboard files the page needs, and loads each with
//! the pure loader (native or Grafana, auto-detected).
//!
//! Contract: a broken config stops the app with a message naming the file and field; a broken
//! dashboard file only marks its own entry (the list shows the error, the others open). Opening
//! `?d=UID` fetches only the file named `UID.json` when there is one and it holds that uid (the
//! queries start without waiting for every other file); the list, or a uid found in no such file,
//! loads them all ([`load_all`]). The operations pages load none.

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

/// What start-up loaded: the config, the dashboard entries, and whether those are all of them.
#[derive(Clone)]
pub struct Boot {
    pub config: Arc<AppConfig>,
    pub dashboards: Arc<Vec<DashboardEntry>>,
    pub complete: bool,
}

/// Which dashboards start-up must load before the first view.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Need {
    /// None (operations pages).
    Nothing,
    /// The one with this uid (a dashboard page), the others later.
    One(String),
    /// All of them (the list).
    All,
}

pub async fn boot(need: Need) -> Result<Boot, String> {
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
    let config = Arc::new(config);
    let (dashboards, complete) = match need {
        Need::Nothing => (Vec::new(), false),
        Need::One(uid) => match load_by_file_name(&config, &uid).await {
            Some(entry) => (vec![entry], false),
            None => (load_all(&config).await, true),
        },
        Need::All => (load_all(&config).await, true),
    };
    Ok(Boot {
        config,
        dashboards: Arc::new(dashboards),
        complete,
    })
}

/// Every dashboard file of `config`, in its order.
pub async fn load_all(config: &AppConfig) -> Vec<DashboardEntry> {
    let ctx = import_context(config);
    let loads = config
        .dashboards
        .iter()
        .map(|file| load_one(file.clone(), &ctx));
    futures::future::join_all(loads).await
}

/// The file named `UID.json` when it loads and holds `uid` (else `None`: look in all files).
async fn load_by_file_name(config: &AppConfig, uid: &str) -> Option<DashboardEntry> {
    let file = config.dashboards.iter().find(|f| file_stem(f) == uid)?;
    let entry = load_one(file.clone(), &import_context(config)).await;
    (entry.uid == uid && entry.result.is_ok()).then_some(entry)
}

fn file_stem(file: &str) -> &str {
    file.rsplit('/')
        .next()
        .unwrap_or(file)
        .trim_end_matches(".json")
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
    let stem = file_stem(&file).to_owned();
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
