//! Resolving Grafana datasource references to promboard datasources.
//!
//! Contract: a reference may be `null` (the default), a name, a uid, `"-- Mixed --"`, a
//! `${DS_…}` placeholder declared in `__inputs`, a `$var` naming a datasource variable, or an
//! object `{type, uid}`. Prometheus references resolve to a configured datasource (by name or
//! uid), to a datasource variable (kept as `$var`, chosen at run time), or to the default with
//! an Info diagnostic. Anything of another type (Loki, the Grafana built-ins) is reported as
//! [`Ds::Other`] so the caller can drop the query with a warning.

use serde_json::Value;

use super::json::str_of;
use super::Importer;

#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Ds {
    /// The dashboard's default datasource.
    Default,
    /// A configured datasource, by name.
    Named(String),
    /// A datasource variable, written `$name`.
    Var(String),
    /// Grafana's `-- Mixed --`: each query names its own.
    Mixed,
    /// Not Prometheus: the plugin type (`loki`, `grafana`, `elasticsearch`).
    Other(String),
}

impl Ds {
    /// The model's datasource field for this reference.
    pub(crate) fn to_model(&self) -> Option<String> {
        match self {
            Ds::Named(n) => Some(n.clone()),
            Ds::Var(v) => Some(format!("${v}")),
            Ds::Default | Ds::Mixed | Ds::Other(_) => None,
        }
    }
}

/// Plugin types that speak the Prometheus HTTP API.
fn is_prometheus_type(t: &str) -> bool {
    matches!(
        t,
        "" | "prometheus"
            | "grafana-amazonprometheus-datasource"
            | "grafana-azureprometheus-datasource"
    ) || t.starts_with('$')
}

/// `$x`, `${x}`, `${x:fmt}`, `[[x]]` → `x`.
pub(crate) fn var_name(s: &str) -> Option<&str> {
    let s = s.trim();
    let inner = if let Some(rest) = s.strip_prefix("${") {
        rest.strip_suffix('}')?.split(':').next()?
    } else if let Some(rest) = s.strip_prefix("[[") {
        rest.strip_suffix("]]")?.split(':').next()?
    } else {
        s.strip_prefix('$')?
    };
    let ok = !inner.is_empty() && inner.chars().all(|c| c.is_alphanumeric() || c == '_');
    ok.then_some(inner)
}

impl Importer<'_> {
    /// Resolves a datasource reference found at `path`.
    pub(crate) fn datasource(&mut self, v: Option<&Value>, path: &str) -> Ds {
        match v {
            None | Some(Value::Null) => Ds::Default,
            Some(Value::Object(o)) => {
                let ty = o.get("type").and_then(str_of).unwrap_or_default();
                let uid = o.get("uid").and_then(str_of).unwrap_or_default();
                match (ty.as_str(), uid.as_str()) {
                    (_, "-- Mixed --") => Ds::Mixed,
                    (_, "-- Grafana --") | (_, "grafana") => Ds::Other("grafana".to_owned()),
                    (_, "-- Dashboard --") => Ds::Other("dashboard".to_owned()),
                    ("datasource", _) => Ds::Other(format!("datasource/{uid}")),
                    (t, _) if !is_prometheus_type(t) => Ds::Other(t.to_owned()),
                    (_, "") => Ds::Default,
                    _ => self.datasource_str(&uid, path),
                }
            }
            Some(other) => match str_of(other) {
                Some(s) => self.datasource_str(&s, path),
                None => Ds::Default,
            },
        }
    }

    fn datasource_str(&mut self, s: &str, path: &str) -> Ds {
        let s = s.trim();
        match s {
            "" | "default" => return Ds::Default,
            "-- Mixed --" => return Ds::Mixed,
            "-- Grafana --" | "grafana" => return Ds::Other("grafana".to_owned()),
            "-- Dashboard --" => return Ds::Other("dashboard".to_owned()),
            _ => {}
        }
        if let Some(name) = var_name(s) {
            if let Some(plugin) = self.inputs.get(name).cloned() {
                if !is_prometheus_type(&plugin) {
                    return Ds::Other(plugin);
                }
                let default = self.ctx.default_datasource.clone();
                self.info_once(
                    &format!("input:{name}"),
                    path,
                    format!("datasource placeholder `{s}` resolved to the default datasource `{default}`"),
                );
                return Ds::Default;
            }
            if let Some(plugin) = self.ds_vars.get(name).cloned() {
                if !is_prometheus_type(&plugin) {
                    return Ds::Other(plugin);
                }
                return Ds::Var(name.to_owned());
            }
            let default = self.ctx.default_datasource.clone();
            self.info_once(
                &format!("var:{name}"),
                path,
                format!("datasource `{s}` is not a datasource variable of this dashboard; the default datasource `{default}` is used"),
            );
            return Ds::Default;
        }
        if let Some((name, _)) = self
            .ctx
            .datasources
            .iter()
            .find(|(name, uid)| name == s || uid == s)
        {
            return Ds::Named(name.clone());
        }
        let lower = s.to_ascii_lowercase();
        if lower.contains("loki") || lower.contains("elasticsearch") || lower.contains("influx") {
            return Ds::Other(s.to_owned());
        }
        let default = self.ctx.default_datasource.clone();
        self.info_once(
            &format!("name:{s}"),
            path,
            format!(
                "datasource `{s}` is not configured; the default datasource `{default}` is used"
            ),
        );
        Ds::Default
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn var_names() {
        let cases = [
            ("$ds", Some("ds")),
            ("${DS_PROMETHEUS}", Some("DS_PROMETHEUS")),
            ("${ds:raw}", Some("ds")),
            ("[[ds]]", Some("ds")),
            ("prometheus", None),
            ("$", None),
            ("${a b}", None),
        ];
        for (s, want) in cases {
            assert_eq!(var_name(s), want, "{s}");
        }
    }
}
