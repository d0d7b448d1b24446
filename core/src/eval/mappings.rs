//! Value mappings: turn a value (or a class of values) into display text and/or colour.
//!
//! Contract (Grafana's `getValueMappingResult`):
//! - Mappings are tried in order; the first that matches wins.
//! - `Value` compares the value's text form: numbers as JavaScript prints them (`1`, `0.5`,
//!   `NaN`), text as is. Null never matches a value mapping.
//! - `Range` is inclusive on both ends; a missing bound is open. Text is parsed as a number
//!   first; null, NaN and unparseable text never match.
//! - `Regex` (Grafana's `stringToJsRegex`: anchored unless written `/…/flags`) runs on text
//!   values only — numbers never match, as in Grafana; the result text is
//!   `value.replace(regex, text)`, so `$1` refers to the first group. A regex mapping without
//!   text sets only the colour. A pattern regex-lite cannot compile never matches.
//! - `Special`: `null` matches a missing value; `nan` a NaN number; `nullNan` either;
//!   `true`/`false` the text `"true"`/`"false"` (Grafana compares with booleans, which
//!   Prometheus never sends); `empty` the empty text.
//! - Colours are returned as written (resolve them with `eval::colors`).

use super::jsregex::JsRegex;
use super::units::js_number_string;
use crate::model::{MappingResult, SpecialMatch, ValueMapping};

/// A value to map: a sample, a label value, or nothing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum MapInput<'a> {
    Null,
    Number(f64),
    Text(&'a str),
}

impl MapInput<'_> {
    fn text(&self) -> Option<String> {
        match self {
            Self::Null => None,
            Self::Number(v) => Some(js_number_string(*v)),
            Self::Text(s) => Some((*s).to_owned()),
        }
    }

    fn number(&self) -> Option<f64> {
        let v = match self {
            Self::Null => return None,
            Self::Number(v) => *v,
            Self::Text(s) => s.trim().parse().ok()?,
        };
        (!v.is_nan()).then_some(v)
    }
}

/// The result of the first mapping that matches `input`, if any.
pub fn apply(mappings: &[ValueMapping], input: MapInput<'_>) -> Option<MappingResult> {
    mappings.iter().find_map(|m| apply_one(m, input))
}

fn apply_one(mapping: &ValueMapping, input: MapInput<'_>) -> Option<MappingResult> {
    match mapping {
        ValueMapping::Value { value, result } => (input.text()? == *value).then(|| result.clone()),
        ValueMapping::Range { from, to, result } => {
            let v = input.number()?;
            let above = from.is_none_or(|f| v >= f);
            let below = to.is_none_or(|t| v <= t);
            (above && below).then(|| result.clone())
        }
        ValueMapping::Regex { pattern, result } => {
            let MapInput::Text(text) = input else {
                return None;
            };
            let re = JsRegex::new(pattern).ok()?;
            if !re.is_match(text) {
                return None;
            }
            Some(MappingResult {
                text: result.text.as_ref().map(|t| re.replace(text, t)),
                color: result.color.clone(),
            })
        }
        ValueMapping::Special { r#match, result } => {
            let is_null = input == MapInput::Null;
            let is_nan = matches!(input, MapInput::Number(v) if v.is_nan());
            let hit = match r#match {
                SpecialMatch::Null => is_null,
                SpecialMatch::Nan => is_nan,
                SpecialMatch::NullNan => is_null || is_nan,
                SpecialMatch::True => input == MapInput::Text("true"),
                SpecialMatch::False => input == MapInput::Text("false"),
                SpecialMatch::Empty => input == MapInput::Text(""),
            };
            hit.then(|| result.clone())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn res(text: Option<&str>, color: Option<&str>) -> MappingResult {
        MappingResult {
            text: text.map(str::to_owned),
            color: color.map(str::to_owned),
        }
    }

    fn value(v: &str, text: &str) -> ValueMapping {
        ValueMapping::Value {
            value: v.to_owned(),
            result: res(Some(text), None),
        }
    }

    fn range(from: Option<f64>, to: Option<f64>, text: &str) -> ValueMapping {
        ValueMapping::Range {
            from,
            to,
            result: res(Some(text), Some("red")),
        }
    }

    fn regex(pattern: &str, text: Option<&str>) -> ValueMapping {
        ValueMapping::Regex {
            pattern: pattern.to_owned(),
            result: res(text, Some("blue")),
        }
    }

    fn special(m: SpecialMatch, text: &str) -> ValueMapping {
        ValueMapping::Special {
            r#match: m,
            result: res(Some(text), None),
        }
    }

    #[test]
    fn each_kind() {
        use MapInput::{Null, Number, Text};
        let cases: Vec<(ValueMapping, MapInput<'_>, Option<MappingResult>)> = vec![
            (value("1", "Up"), Number(1.0), Some(res(Some("Up"), None))),
            (value("1", "Up"), Number(1.5), None),
            (
                value("0.5", "Half"),
                Number(0.5),
                Some(res(Some("Half"), None)),
            ),
            (value("up", "Yes"), Text("up"), Some(res(Some("Yes"), None))),
            (value("1", "Up"), Null, None),
            (
                value("NaN", "n/a"),
                Number(f64::NAN),
                Some(res(Some("n/a"), None)),
            ),
            (
                range(Some(0.0), Some(10.0), "low"),
                Number(0.0),
                Some(res(Some("low"), Some("red"))),
            ),
            (
                range(Some(0.0), Some(10.0), "low"),
                Number(10.0),
                Some(res(Some("low"), Some("red"))),
            ),
            (range(Some(0.0), Some(10.0), "low"), Number(10.01), None),
            (
                range(None, Some(0.0), "neg"),
                Number(-1e9),
                Some(res(Some("neg"), Some("red"))),
            ),
            (
                range(Some(5.0), None, "big"),
                Number(f64::INFINITY),
                Some(res(Some("big"), Some("red"))),
            ),
            (range(None, None, "any"), Number(f64::NAN), None),
            (range(None, None, "any"), Null, None),
            (
                range(Some(1.0), Some(2.0), "t"),
                Text("1.5"),
                Some(res(Some("t"), Some("red"))),
            ),
            (range(Some(1.0), Some(2.0), "t"), Text("abc"), None),
            (
                regex("(.*)-prod", Some("$1")),
                Text("api-prod"),
                Some(res(Some("api"), Some("blue"))),
            ),
            (regex("(.*)-prod", Some("$1")), Text("api-dev"), None),
            (
                regex("/err/i", Some("E")),
                Text("an ERROR here"),
                Some(res(Some("an EOR here"), Some("blue"))),
            ),
            (
                regex("5\\d\\d", Some("server error")),
                Text("503"),
                Some(res(Some("server error"), Some("blue"))),
            ),
            // Grafana applies regex mappings to text only.
            (regex("5\\d\\d", Some("server error")), Number(503.0), None),
            (regex("ok", None), Text("ok"), Some(res(None, Some("blue")))),
            (regex("(?=x)", Some("bad")), Text("x"), None),
            (regex(".*", Some("x")), Null, None),
            (
                special(SpecialMatch::Null, "none"),
                Null,
                Some(res(Some("none"), None)),
            ),
            (special(SpecialMatch::Null, "none"), Number(0.0), None),
            (
                special(SpecialMatch::Nan, "nan"),
                Number(f64::NAN),
                Some(res(Some("nan"), None)),
            ),
            (special(SpecialMatch::Nan, "nan"), Null, None),
            (
                special(SpecialMatch::NullNan, "x"),
                Null,
                Some(res(Some("x"), None)),
            ),
            (
                special(SpecialMatch::NullNan, "x"),
                Number(f64::NAN),
                Some(res(Some("x"), None)),
            ),
            (special(SpecialMatch::NullNan, "x"), Number(1.0), None),
            (
                special(SpecialMatch::True, "yes"),
                Text("true"),
                Some(res(Some("yes"), None)),
            ),
            (special(SpecialMatch::True, "yes"), Number(1.0), None),
            (
                special(SpecialMatch::False, "no"),
                Text("false"),
                Some(res(Some("no"), None)),
            ),
            (
                special(SpecialMatch::Empty, "blank"),
                Text(""),
                Some(res(Some("blank"), None)),
            ),
            (special(SpecialMatch::Empty, "blank"), Null, None),
        ];
        for (mapping, input, want) in cases {
            assert_eq!(
                apply(std::slice::from_ref(&mapping), input),
                want,
                "{mapping:?} on {input:?}"
            );
        }
    }

    #[test]
    fn first_match_wins_in_order() {
        let mappings = vec![
            range(Some(0.0), Some(100.0), "range"),
            value("5", "value"),
            special(SpecialMatch::Null, "null"),
        ];
        let text = |input| apply(&mappings, input).and_then(|r| r.text);
        assert_eq!(text(MapInput::Number(5.0)).as_deref(), Some("range"));
        assert_eq!(text(MapInput::Null).as_deref(), Some("null"));
        assert_eq!(text(MapInput::Number(500.0)), None);
        let reversed: Vec<ValueMapping> = mappings.into_iter().rev().collect();
        assert_eq!(
            apply(&reversed, MapInput::Number(5.0))
                .and_then(|r| r.text)
                .as_deref(),
            Some("value")
        );
    }
}
