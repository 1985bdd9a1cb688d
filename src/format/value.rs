//! Any cell value as shown on the sheet.

use super::number::plain;
use super::quantity::{Shown, show_auto, show_in};
use crate::eval::{ResolvedUnit, Value};

/// The value's text (and, for quantities, its number and unit).
pub fn show_value(
    value: &Value,
    unit: Option<&ResolvedUnit>,
    digits: usize,
    user_bases: &[String],
) -> Shown {
    match value.as_quantity() {
        Some(q) => match unit {
            Some(unit) => show_in(q, unit.factor, &unit.text, digits),
            None => show_auto(q, digits, user_bases),
        },
        None => Shown {
            text: match value {
                Value::Text(text) => format!("{text:?}"),
                Value::Accelerator(a) => a.name.to_string(),
                _ => value.kind_name().to_string(),
            },
            number: f64::NAN,
            unit: String::new(),
        },
    }
}

/// For a cluster, what its rate is made of: which precision's peak the MFU
/// refers to (SPEC §1).
pub fn cluster_note(value: &Value, digits: usize) -> Option<String> {
    let Value::Cluster(cluster) = value else {
        return None;
    };
    Some(format!(
        "{} × {} at {}% of the {} dense peak ({} TFLOP/s/GPU)",
        plain(cluster.gpus, digits, true),
        cluster.accelerator.name,
        plain(cluster.mfu * 100.0, digits, false),
        cluster.precision,
        // The table's figure as written: 989.5, 67, 1979.
        cluster.peak_per_device / 1e12,
    ))
}
