//! On-demand wasm modules: code only one page needs (the PromQL parser) is a separate module
//! fetched the first time it is called, so the first load does not pay for it.
//!
//! Contract: [`promql`] runs `promboard_promql::dispatch(op, input)` in the `promql` module and
//! returns its JSON answer. A module that cannot be fetched or that traps is an
//! [`LazyError`] naming the module and the reason; a trapped module is dropped and fetched again
//! on the next call (a wasm trap leaves an instance unusable). Never panics.

use js_sys::{Function, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(module = "/src/lazy.js")]
extern "C" {
    #[wasm_bindgen(catch)]
    async fn load_module(name: &str) -> Result<JsValue, JsValue>;
    fn forget_module(name: &str);
}

/// Why an on-demand module could not answer.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LazyError {
    #[error("could not load the {module} module: {reason}")]
    Load { module: String, reason: String },
    #[error("the {module} module failed: {reason}")]
    Call { module: String, reason: String },
}

/// Calls `promboard_promql::dispatch(op, input)` in the on-demand PromQL module.
pub async fn promql(op: &str, input: &str) -> Result<String, LazyError> {
    call("promql", "dispatch", op, input).await
}

async fn call(module: &str, function: &str, op: &str, input: &str) -> Result<String, LazyError> {
    let glue = load_module(module).await.map_err(|e| LazyError::Load {
        module: module.to_string(),
        reason: js_message(&e),
    })?;
    let call_error = |reason: String| LazyError::Call {
        module: module.to_string(),
        reason,
    };
    let f = Reflect::get(&glue, &JsValue::from_str(function))
        .ok()
        .and_then(|f| f.dyn_into::<Function>().ok())
        .ok_or_else(|| call_error(format!("it has no function {function}")))?;
    match f.call2(
        &JsValue::NULL,
        &JsValue::from_str(op),
        &JsValue::from_str(input),
    ) {
        Ok(answer) => answer
            .as_string()
            .ok_or_else(|| call_error("it answered something other than text".into())),
        Err(trap) => {
            forget_module(module);
            Err(call_error(js_message(&trap)))
        }
    }
}

fn js_message(e: &JsValue) -> String {
    e.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".into())
}
