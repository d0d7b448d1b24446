//! Data transformations (Grafana's `transformations[]`), applied in order to a panel's data
//! frames before the panel draws them; `eval::transform` evaluates them.
//!
//! Contract: plain serde data, tagged by Grafana's transformation id (`{"id": "merge"}`,
//! `{"id": "organize", "options": {…}}`). Field names are the names Grafana shows (display
//! names: `Value #A`, a label name, a legend). Reducer ids are Grafana's (`lastNotNull`, `sum`).
//! Only transformations promboard evaluates exist here; the importer reports the others.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "id", content = "options", rename_all = "camelCase")]
pub enum Transformation {
    /// Every frame into one table; rows equal in all shared fields become one row.
    Merge,
    /// Order (`index`), hide (`exclude`) and rename fields.
    #[serde(rename_all = "camelCase")]
    Organize {
        #[serde(default)]
        exclude: Vec<String>,
        /// Field name → position; fields not listed keep their order after the listed ones.
        #[serde(default)]
        index: Vec<(String, i64)>,
        #[serde(default)]
        rename: Vec<(String, String)>,
    },
    /// Rename fields: `name.replace(regex, pattern)` (JavaScript semantics).
    #[serde(rename_all = "camelCase")]
    RenameByRegex {
        regex: String,
        rename_pattern: String,
    },
    /// Keep fields named in `include` (all when `None`), then drop those in `exclude`.
    FilterFieldsByName {
        #[serde(default)]
        include: Option<NameFilter>,
        #[serde(default)]
        exclude: Option<NameFilter>,
    },
    /// Keep (or drop, `include: false`) rows that satisfy the conditions.
    #[serde(rename_all = "camelCase")]
    FilterByValue {
        filters: Vec<ValueFilter>,
        /// Keep matching rows (`true`) or drop them.
        include: bool,
        /// Every condition must hold (`true`) or any one.
        match_all: bool,
    },
    /// Group rows by the `group_by` fields; aggregate the others with their reducers.
    #[serde(rename_all = "camelCase")]
    GroupBy {
        group_by: Vec<String>,
        /// Field name → reducer ids, in the order Grafana lists them.
        aggregate: Vec<(String, Vec<String>)>,
    },
    /// Reduce each field to values (`series_to_rows`: a row per field, a column per reducer).
    #[serde(rename_all = "camelCase")]
    Reduce {
        reducers: Vec<String>,
        series_to_rows: bool,
        include_time: bool,
        labels_to_fields: bool,
    },
    /// Add a field computed per row.
    #[serde(rename_all = "camelCase")]
    CalculateField {
        calc: Calculation,
        alias: Option<String>,
        /// Keep only the time field(s) and the new field.
        replace_fields: bool,
    },
    SortBy {
        field: String,
        desc: bool,
    },
    Limit {
        n: usize,
    },
    /// Labels of each field become fields of their own.
    #[serde(rename_all = "camelCase")]
    LabelsToFields {
        /// Name the value field after this label's value.
        value_label: Option<String>,
        /// Only these labels (all when empty).
        keep: Vec<String>,
    },
    /// Join every frame on one field (`None` = the time field); Grafana `joinByField` and
    /// `seriesToColumns`.
    #[serde(rename_all = "camelCase")]
    JoinByField {
        by_field: Option<String>,
        inner: bool,
    },
    /// Time series into rows of `Time`, `Metric`, `Value`, newest first.
    SeriesToRows,
}

/// Names and / or a pattern (Grafana's `byNames` / `byRegexp` matchers).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NameFilter {
    pub names: Vec<String>,
    pub pattern: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ValueFilter {
    pub field: String,
    pub test: ValueTest,
}

/// Grafana's value matchers (`filterByValue` conditions).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", content = "value", rename_all = "camelCase")]
pub enum ValueTest {
    IsNull,
    IsNotNull,
    Greater(f64),
    GreaterOrEqual(f64),
    Lower(f64),
    LowerOrEqual(f64),
    Equal(String),
    NotEqual(String),
    Range(f64, f64),
    Regex(String),
}

/// What `calculateField` computes for each row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum Calculation {
    /// A reducer across the row's numeric fields (only `include` when not empty).
    ReduceRow {
        reducer: String,
        include: Vec<String>,
    },
    /// `left op right`, each a field name or a number.
    Binary {
        left: String,
        op: BinaryOp,
        right: String,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BinaryOp {
    #[serde(rename = "+")]
    Add,
    #[serde(rename = "-")]
    Sub,
    #[serde(rename = "*")]
    Mul,
    #[serde(rename = "/")]
    Div,
    #[serde(rename = "%")]
    Mod,
    #[serde(rename = "^")]
    Pow,
}

impl BinaryOp {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Add => "+",
            Self::Sub => "-",
            Self::Mul => "*",
            Self::Div => "/",
            Self::Mod => "%",
            Self::Pow => "^",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s.trim() {
            "+" => Self::Add,
            "-" => Self::Sub,
            "*" => Self::Mul,
            "/" => Self::Div,
            "%" => Self::Mod,
            "^" | "**" => Self::Pow,
            _ => return None,
        })
    }

    pub fn apply(self, a: f64, b: f64) -> f64 {
        match self {
            Self::Add => a + b,
            Self::Sub => a - b,
            Self::Mul => a * b,
            Self::Div => a / b,
            Self::Mod => a % b,
            Self::Pow => a.powf(b),
        }
    }
}
