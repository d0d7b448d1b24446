//! The only HTTP code in the app: sends requests to a datasource (or fetches a static file)
//! and hands status + bytes to the pure decoders in `promboard_core::prom`.
//!
//! Contract: every request carries the datasource's configured headers (never put in the URL,
//! never logged), is aborted after the datasource's timeout, and can be cancelled by the
//! caller through an `AbortController` (stale requests when the range or variables change).
//! At most `max_concurrent` requests run at once; the rest wait in FIFO order. A failure is
//! classified once, here, into a `FetchError` whose text a user can act on.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;
use gloo_net::http::{Method, RequestBuilder};
use web_sys::AbortController;

/// Why a request produced no response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FetchError {
    /// The browser could not reach the URL or the server did not allow this origin (CORS):
    /// browsers deliberately do not tell the two apart.
    Unreachable { url: String },
    /// No answer within the timeout.
    Timeout { url: String, after_ms: u32 },
    /// Cancelled by the caller (a newer request superseded it): not an error to show.
    Cancelled,
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Unreachable { url } => write!(
                f,
                "{url} did not answer, or did not allow this origin (CORS): check that it is running and reachable from this browser, or serve promboard beside it behind one reverse proxy"
            ),
            Self::Timeout { url, after_ms } => {
                write!(f, "{url} did not answer within {} s", after_ms / 1000)
            }
            Self::Cancelled => write!(f, "cancelled"),
        }
    }
}

/// A finished HTTP exchange.
#[derive(Clone, Debug)]
pub struct Fetched {
    pub status: u16,
    pub body: Vec<u8>,
    /// Wall time from send to the last byte, ms.
    pub elapsed_ms: f64,
}

/// What to send.
#[derive(Clone, Debug)]
pub struct Outgoing<'a> {
    pub url: &'a str,
    /// Form-encoded body: sent as POST `application/x-www-form-urlencoded`.
    pub form_body: Option<&'a str>,
    /// JSON body: sent as POST `application/json` (Alertmanager silences).
    pub json_body: Option<&'a str>,
    pub headers: &'a [(String, String)],
    pub timeout_ms: u32,
}

thread_local! {
    static LIMITER: Limiter = Limiter::new(6);
}

/// Sets the global cap on parallel requests (from `config.json`).
pub fn set_max_concurrent(n: u32) {
    LIMITER.with(|l| l.max.set(n.max(1) as usize));
}

struct Limiter {
    max: Cell<usize>,
    running: Cell<usize>,
    waiting: RefCell<VecDeque<oneshot::Sender<()>>>,
}

impl Limiter {
    fn new(max: usize) -> Self {
        Self {
            max: Cell::new(max),
            running: Cell::new(0),
            waiting: RefCell::new(VecDeque::new()),
        }
    }
}

/// Holds one of the limiter's places; gives it to the next waiter when dropped.
struct Permit;

impl Drop for Permit {
    fn drop(&mut self) {
        LIMITER.with(|l| {
            let mut waiting = l.waiting.borrow_mut();
            // Hand the place straight to the next live waiter; otherwise free it.
            while let Some(tx) = waiting.pop_front() {
                if tx.send(()).is_ok() {
                    return;
                }
            }
            l.running.set(l.running.get().saturating_sub(1));
        });
    }
}

async fn acquire() -> Permit {
    let rx = LIMITER.with(|l| {
        if l.running.get() < l.max.get() {
            l.running.set(l.running.get() + 1);
            None
        } else {
            let (tx, rx) = oneshot::channel();
            l.waiting.borrow_mut().push_back(tx);
            Some(rx)
        }
    });
    if let Some(rx) = rx {
        let _ = rx.await;
    }
    Permit
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// Sends one request under the global cap. `cancel` aborts it from outside.
pub async fn send(
    out: Outgoing<'_>,
    cancel: Option<&AbortController>,
) -> Result<Fetched, FetchError> {
    let _permit = acquire().await;
    if cancel.is_some_and(|c| c.signal().aborted()) {
        return Err(FetchError::Cancelled);
    }
    // Our own controller: aborted by the timeout, or when the caller's is.
    let Ok(ctrl) = AbortController::new() else {
        return Err(FetchError::Unreachable {
            url: out.url.to_owned(),
        });
    };
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let ctrl = ctrl.clone();
        let timed_out = Rc::clone(&timed_out);
        gloo_timers::callback::Timeout::new(out.timeout_ms, move || {
            timed_out.set(true);
            ctrl.abort();
        })
    };
    let _forward = cancel.map(|c| forward_abort(c, &ctrl));

    let mut builder = RequestBuilder::new(out.url)
        .method(if out.form_body.is_some() || out.json_body.is_some() {
            Method::POST
        } else {
            Method::GET
        })
        .abort_signal(Some(&ctrl.signal()));
    for (k, v) in out.headers {
        builder = builder.header(k, v);
    }
    let started = now_ms();
    let request = match (out.form_body, out.json_body) {
        (Some(body), _) => builder
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body.to_owned()),
        (None, Some(json)) => builder
            .header("Content-Type", "application/json")
            .body(json.to_owned()),
        (None, None) => builder.build(),
    };
    let classify = |timed_out: &Rc<Cell<bool>>| {
        if timed_out.get() {
            FetchError::Timeout {
                url: strip_query(out.url),
                after_ms: out.timeout_ms,
            }
        } else if cancel.is_some_and(|c| c.signal().aborted()) {
            FetchError::Cancelled
        } else {
            FetchError::Unreachable {
                url: strip_query(out.url),
            }
        }
    };
    let Ok(request) = request else {
        return Err(classify(&timed_out));
    };
    let response = request.send().await.map_err(|_| classify(&timed_out))?;
    let status = response.status();
    let body = response.binary().await.map_err(|_| classify(&timed_out))?;
    drop(timer);
    Ok(Fetched {
        status,
        body,
        elapsed_ms: now_ms() - started,
    })
}

/// Fetches a file of the site itself (config, dashboards, rules): no headers, no cap.
pub async fn get_static(path: &str) -> Result<Fetched, FetchError> {
    // A static file that does not arrive within the timeout is asked for again (twice): a
    // wall screen must not sit on "Loading…" because one response got lost.
    let mut last = FetchError::Unreachable {
        url: path.to_owned(),
    };
    for _ in 0..3 {
        match get_static_once(path, STATIC_TIMEOUT_MS).await {
            Err(e @ FetchError::Timeout { .. }) => last = e,
            other => return other,
        }
    }
    Err(last)
}

/// How long a static file (config, dashboard, rules) may take.
const STATIC_TIMEOUT_MS: u32 = 10_000;

async fn get_static_once(path: &str, timeout_ms: u32) -> Result<Fetched, FetchError> {
    let started = now_ms();
    let Ok(ctrl) = AbortController::new() else {
        return Err(FetchError::Unreachable {
            url: path.to_owned(),
        });
    };
    let timed_out = Rc::new(Cell::new(false));
    let _timer = {
        let ctrl = ctrl.clone();
        let timed_out = Rc::clone(&timed_out);
        gloo_timers::callback::Timeout::new(timeout_ms, move || {
            timed_out.set(true);
            ctrl.abort();
        })
    };
    let fail = || {
        if timed_out.get() {
            FetchError::Timeout {
                url: path.to_owned(),
                after_ms: timeout_ms,
            }
        } else {
            FetchError::Unreachable {
                url: path.to_owned(),
            }
        }
    };
    let response = RequestBuilder::new(path)
        .header("Cache-Control", "no-cache")
        .abort_signal(Some(&ctrl.signal()))
        .send()
        .await
        .map_err(|_| fail())?;
    let status = response.status();
    let body = response.binary().await.map_err(|_| fail())?;
    Ok(Fetched {
        status,
        body,
        elapsed_ms: now_ms() - started,
    })
}

/// Aborts `to` when `from` aborts, for as long as the returned listener lives.
fn forward_abort(from: &AbortController, to: &AbortController) -> gloo_utils_listener::Listener {
    gloo_utils_listener::Listener::new(from, to)
}

/// The URL without its query string or `user:password@`: what error texts show (queries can
/// be long; headers are never in URLs anyway).
fn strip_query(url: &str) -> String {
    promboard_core::export::strip_userinfo(url.split('?').next().unwrap_or(url))
}

mod gloo_utils_listener {
    //! A scoped `abort` event listener (removed on drop).
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    use web_sys::AbortController;

    pub struct Listener {
        signal: web_sys::AbortSignal,
        closure: Closure<dyn FnMut()>,
    }

    impl Listener {
        pub fn new(from: &AbortController, to: &AbortController) -> Self {
            let to = to.clone();
            let closure = Closure::<dyn FnMut()>::new(move || to.abort());
            let signal = from.signal();
            let _ =
                signal.add_event_listener_with_callback("abort", closure.as_ref().unchecked_ref());
            Self { signal, closure }
        }
    }

    impl Drop for Listener {
        fn drop(&mut self) {
            let _ = self.signal.remove_event_listener_with_callback(
                "abort",
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}
