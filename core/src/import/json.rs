//! Small, total accessors over `serde_json::Value` for the Grafana importer.
//!
//! Contract: Grafana JSON is loosely typed (numbers written as strings, `null` for "unset",
//! booleans as 0/1); every accessor here accepts those spellings and returns `None` for
//! anything else instead of failing. Non-finite or out-of-range numbers are `None`.

use serde_json::Value;

/// A string field; numbers are turned into their text form, empty strings kept.
pub(crate) fn str_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// `obj[key]` as a string.
pub(crate) fn get_str(obj: &Value, key: &str) -> Option<String> {
    obj.get(key).and_then(str_of)
}

/// `obj[key]` as a non-empty string.
pub(crate) fn get_nonempty(obj: &Value, key: &str) -> Option<String> {
    get_str(obj, key).filter(|s| !s.trim().is_empty())
}

/// A number, also when written as a string (`"80"`, `" 0.5 "`). Non-finite → `None`.
pub(crate) fn num_of(v: &Value) -> Option<f64> {
    let n = match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }?;
    n.is_finite().then_some(n)
}

pub(crate) fn get_num(obj: &Value, key: &str) -> Option<f64> {
    obj.get(key).and_then(num_of)
}

/// A non-negative integer that fits in u32 (fractions are rounded).
pub(crate) fn get_u32(obj: &Value, key: &str) -> Option<u32> {
    let n = get_num(obj, key)?;
    (n >= 0.0 && n <= f64::from(u32::MAX)).then(|| n.round() as u32)
}

/// A boolean; Grafana also writes `0`/`1` and `"true"`.
pub(crate) fn bool_of(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => n.as_f64().map(|x| x != 0.0),
        Value::String(s) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

pub(crate) fn get_bool(obj: &Value, key: &str) -> Option<bool> {
    obj.get(key).and_then(bool_of)
}

/// `obj[key]` as an array slice; missing or not an array → empty.
pub(crate) fn arr<'a>(obj: &'a Value, key: &str) -> &'a [Value] {
    obj.get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or(&[])
}

/// Whether a value is "unset" in Grafana's eyes: null, false, "", [], {}.
pub(crate) fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// A short text form of a value for diagnostics (truncated to keep messages readable).
pub(crate) fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 60 {
        let cut: String = s.chars().take(57).collect();
        format!("{cut}...")
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_accept_grafana_spellings() {
        let cases = [
            (json!(80), Some(80.0)),
            (json!("80"), Some(80.0)),
            (json!(" 0.5 "), Some(0.5)),
            (json!(""), None),
            (json!(null), None),
            (json!("abc"), None),
            (json!(true), None),
        ];
        for (v, want) in cases {
            assert_eq!(num_of(&v), want, "{v}");
        }
    }

    #[test]
    fn booleans_accept_numbers() {
        let cases = [
            (json!(true), Some(true)),
            (json!(0), Some(false)),
            (json!(1), Some(true)),
            (json!("true"), Some(true)),
            (json!("x"), None),
        ];
        for (v, want) in cases {
            assert_eq!(bool_of(&v), want, "{v}");
        }
    }

    #[test]
    fn blank_values() {
        for v in [json!(null), json!(false), json!(""), json!([]), json!({})] {
            assert!(is_blank(&v), "{v}");
        }
        for v in [json!(0), json!(true), json!("a"), json!([1])] {
            assert!(!is_blank(&v), "{v}");
        }
    }
}
