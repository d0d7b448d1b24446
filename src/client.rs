//! Runs a panel's planned queries against its datasource: builds each request with the pure
//! builders, sends it through `fetch`, decodes it with the pure decoders (a large answer in
//! steps, giving the browser a turn between them).
//!
//! Contract: one `QueryResult` per plan, in plan order, each with its own outcome (a failing
//! query never hides the others' data). Transport failures become the same `PromError`
//! sentences the decoders use, so a panel shows one kind of message whatever failed.

use futures::future::join_all;
use promboard_core::config::{AppConfig, Datasource};
use promboard_core::model::Panel;
use promboard_core::panel::{QueryOutcome, QueryPlan, QueryResult};
use promboard_core::prom::decode::{decode_query, QueryChunks};
use promboard_core::prom::error::PromError;
use promboard_core::prom::request::{self, ApiRequest, InstantQuery, QueryRange};
use web_sys::AbortController;

use crate::fetch::{self, FetchError, Fetched, Outgoing};

pub async fn run_queries(
    config: &AppConfig,
    panel: &Panel,
    plans: &[QueryPlan],
    cancel: Option<&AbortController>,
) -> Vec<QueryResult> {
    join_all(
        plans
            .iter()
            .map(|plan| run_one(config, panel, plan, cancel)),
    )
    .await
}

/// Why an API request produced nothing usable.
#[derive(Clone, Debug, PartialEq)]
pub enum ApiFailure {
    Cancelled,
    /// A sentence a user can act on.
    Failed(String),
}

/// Sends one API request to `ds` (headers and timeout from its config) and returns the raw
/// answer, with transport failures already turned into sentences.
pub async fn send_api(
    ds: &Datasource,
    req: &ApiRequest,
    cancel: Option<&AbortController>,
) -> Result<Fetched, ApiFailure> {
    let url = request::url(&ds.url, req);
    let headers: Vec<(String, String)> = ds
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let sent = fetch::send(
        Outgoing {
            url: &url,
            form_body: req.form_body.as_deref(),
            json_body: None,
            headers: &headers,
            timeout_ms: ds.timeout_ms(),
        },
        cancel,
    )
    .await;
    match sent {
        Ok(f) => Ok(f),
        Err(FetchError::Cancelled) => Err(ApiFailure::Cancelled),
        Err(FetchError::Unreachable { url }) => Err(ApiFailure::Failed(
            PromError::CorsOrNetwork { url }.to_string(),
        )),
        Err(FetchError::Timeout { after_ms, .. }) => Err(ApiFailure::Failed(
            PromError::Timeout {
                after_ms: u64::from(after_ms),
            }
            .to_string(),
        )),
    }
}

async fn run_one(
    config: &AppConfig,
    panel: &Panel,
    plan: &QueryPlan,
    cancel: Option<&AbortController>,
) -> QueryResult {
    let ds_name = plan.datasource.as_deref().or(panel.datasource.as_deref());
    let Some(ds) = config.resolve_datasource(ds_name) else {
        return QueryResult::failed(plan, "no datasource is configured in config.json".into());
    };
    let req = if plan.instant {
        InstantQuery {
            expr: plan.expr.clone(),
            time_s: plan.end_s,
        }
        .request()
    } else {
        QueryRange {
            expr: plan.expr.clone(),
            start_s: plan.start_s,
            end_s: plan.end_s,
            step_s: plan.step_s,
        }
        .request()
    };
    let shown_url = request::url(
        &ds.url,
        &ApiRequest {
            query: Vec::new(),
            form_body: None,
            ..req.clone()
        },
    );
    match send_api(ds, &req, cancel).await {
        Err(ApiFailure::Cancelled) => QueryResult {
            ref_id: plan.ref_id.clone(),
            outcome: QueryOutcome::Cancelled,
            url: shown_url,
            elapsed_ms: 0.0,
            bytes: 0,
        },
        Err(ApiFailure::Failed(message)) => QueryResult {
            url: shown_url,
            ..QueryResult::failed(plan, message)
        },
        Ok(f) => {
            let outcome = match decode_yielding(f.status, &f.body).await {
                Ok(response) => QueryOutcome::Data(response),
                Err(e) => QueryOutcome::Failed(e.to_string()),
            };
            QueryResult {
                ref_id: plan.ref_id.clone(),
                outcome,
                url: shown_url,
                elapsed_ms: f.elapsed_ms,
                bytes: f.body.len(),
            }
        }
    }
}

/// Bodies larger than this are decoded in steps with the browser's turn between them.
const DECODE_IN_STEPS_ABOVE_BYTES: usize = 2 << 20;
/// JSON bytes of series decoded per step (tens of ms in the release build).
const DECODE_STEP_BYTES: usize = 1 << 20;

/// `decode_query`, but a large answer (1,000 series are ~35 MB) is decoded a step at a time,
/// so the page stays responsive meanwhile; same result either way.
async fn decode_yielding(
    status: u16,
    body: &[u8],
) -> Result<promboard_core::prom::QueryResponse, PromError> {
    if body.len() <= DECODE_IN_STEPS_ABOVE_BYTES {
        return decode_query(status, body);
    }
    let mut chunks = QueryChunks::new(status, body);
    crate::browser::yield_now().await;
    while chunks.step(DECODE_STEP_BYTES) {
        crate::browser::yield_now().await;
    }
    chunks.finish()
}

/// The alerting rules (with their active alerts) of `ds`, from `/api/v1/rules?type=alert`.
pub async fn fetch_alert_rules(
    ds: &Datasource,
    cancel: Option<&AbortController>,
) -> Result<Vec<promboard_core::prom::api::RuleGroup>, ApiFailure> {
    let req = request::rules(request::RuleFilter::Alerting);
    let f = send_api(ds, &req, cancel).await?;
    promboard_core::prom::decode::decode_rules(f.status, &f.body)
        .map(|d| d.data)
        .map_err(|e| ApiFailure::Failed(e.to_string()))
}

/// Alertmanager requests time out after this long.
const ALERTMANAGER_TIMEOUT_MS: u32 = 15_000;

/// One request to Alertmanager (no headers: it refuses the CORS preflight they would need).
async fn alertmanager_send(url: &str, json_body: Option<&str>) -> Result<Fetched, String> {
    fetch::send(
        Outgoing {
            url,
            form_body: None,
            json_body,
            headers: &[],
            timeout_ms: ALERTMANAGER_TIMEOUT_MS,
        },
        None,
    )
    .await
    .map_err(|e| match e {
        FetchError::Unreachable { url } => format!(
            "Alertmanager at {url} did not answer, or did not allow this origin (CORS): check alertmanager.url in config.json, or serve promboard and Alertmanager behind one reverse proxy"
        ),
        other => format!("Alertmanager: {other}"),
    })
}

/// Alertmanager's alerts (`GET /api/v2/alerts`) and silences (`GET /api/v2/silences`).
pub async fn fetch_alertmanager(
    base: &str,
) -> Result<
    (
        Vec<promboard_core::alerts::alertmanager::AmAlert>,
        Vec<promboard_core::alerts::alertmanager::Silence>,
    ),
    String,
> {
    use promboard_core::alerts::alertmanager as am;
    let (a, s) = futures::future::join(
        alertmanager_send(&am::alerts_url(base), None),
        alertmanager_send(&am::silences_url(base), None),
    )
    .await;
    let (a, s) = (a?, s?);
    let alerts = am::decode_alerts(a.status, &a.body).map_err(|e| e.to_string())?;
    let silences = am::decode_silences(s.status, &s.body).map_err(|e| e.to_string())?;
    Ok((alerts, silences))
}

/// Creates a silence (`POST /api/v2/silences`); the new silence's id.
pub async fn create_silence(
    base: &str,
    silence: &promboard_core::alerts::alertmanager::NewSilence,
) -> Result<String, String> {
    use promboard_core::alerts::alertmanager as am;
    let body = am::silence_body(silence);
    let f = alertmanager_send(&am::silences_url(base), Some(&body)).await?;
    am::decode_created(f.status, &f.body).map_err(|e| e.to_string())
}

/// Sends `req` to `ds` and decodes the answer with `decode` (one of `prom::decode::decode_*`).
/// The outer error is the transport (cancelled, unreachable, timeout); the inner one is what
/// the server said (kept typed, so a page can tell "no such endpoint" from a failure).
pub async fn fetch_decoded<T>(
    ds: &Datasource,
    req: &ApiRequest,
    decode: impl Fn(u16, &[u8]) -> Result<promboard_core::prom::decode::Decoded<T>, PromError>,
    cancel: Option<&AbortController>,
) -> Result<Result<T, PromError>, ApiFailure> {
    let f = send_api(ds, req, cancel).await?;
    Ok(decode(f.status, &f.body).map(|d| d.data))
}

/// An instant query at `time_s`: the decoded response, or the sentence saying why not.
pub async fn instant_query(
    ds: &Datasource,
    expr: &str,
    time_s: f64,
    cancel: Option<&AbortController>,
) -> Result<promboard_core::prom::QueryResponse, ApiFailure> {
    let req = InstantQuery {
        expr: expr.to_owned(),
        time_s,
    }
    .request();
    let f = send_api(ds, &req, cancel).await?;
    decode_query(f.status, &f.body).map_err(|e| ApiFailure::Failed(e.to_string()))
}
