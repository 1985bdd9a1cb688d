//! Any cell value as shown on the sheet.

use super::Style;
use super::number::{plain, with_suffix};
use super::quantity::{Shown, show_auto, show_in};
use crate::eval::ranges::Bounds;
use crate::eval::{ResolvedUnit, Value};
use crate::knowledge::model::{Model, ModelField};
use crate::sheet::{CellReport, Sheet};

/// The value's text (and, for quantities, its number and unit).
pub fn show_value(
    value: &Value,
    unit: Option<&ResolvedUnit>,
    digits: usize,
    user_bases: &[String],
) -> Shown {
    match value.as_quantity() {
        Some(q) => match unit {
            Some(unit) => show_in(q, unit, digits),
            None => show_auto(q, digits, user_bases),
        },
        None => Shown {
            text: match value {
                Value::Text(text) => format!("{text:?}"),
                Value::Bool(flag) => flag.to_string(),
                Value::Accelerator(a) => a.name.to_string(),
                Value::Model(model) => describe_model(model, None, digits),
                Value::Breakdown(breakdown) => breakdown
                    .parts
                    .iter()
                    .map(|(name, q)| format!("{name} {}", show_auto(*q, digits, user_bases).text))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => value.kind_name().to_string(),
            },
            number: f64::NAN,
            unit: String::new(),
        },
    }
}

/// `405B params, 126 layers, 128 heads × 128, seq 8,192 tokens`; with the
/// least and greatest models of a range (`ends`), each field's range
/// (`seq 4,096..8,192 tokens`).
pub(super) fn describe_model(
    model: &Model,
    ends: Option<(&Model, &Model)>,
    digits: usize,
) -> String {
    let mut parts = Vec::new();
    let get = |f: ModelField| model.get(f);
    // A field as shown, `low..high` when the ends differ.
    let show = |f: ModelField, format: &dyn Fn(f64) -> String| {
        let mid = format(get(f)?);
        Some(
            match ends.and_then(|(low, high)| Some((low.get(f)?, high.get(f)?))) {
                Some((low, high)) => {
                    let (low, high) = (format(low), format(high));
                    if low == high {
                        high
                    } else {
                        format!("{low}..{high}")
                    }
                }
                None => mid,
            },
        )
    };
    let suffixed = |v: f64| with_suffix(v, digits, true);
    let exact = |v: f64| plain(v, digits, true);
    if let (Some(params), Some(shown)) =
        (get(ModelField::Params), show(ModelField::Params, &suffixed))
    {
        let mut text = format!("{shown} params");
        if get(ModelField::ActiveParams).is_some_and(|a| a != params)
            && let Some(active) = show(ModelField::ActiveParams, &suffixed)
        {
            text.push_str(&format!(" ({active} active)"));
        }
        parts.push(text);
    }
    if let Some(layers) = show(ModelField::Layers, &exact) {
        parts.push(format!("{layers} layers"));
    }
    if let (Some(heads), Some(d_head)) = (
        show(ModelField::Heads, &exact),
        show(ModelField::DHead, &exact),
    ) {
        parts.push(format!("{heads} heads × {d_head}"));
    }
    if let Some(seq) = show(ModelField::Seq, &exact) {
        parts.push(format!("seq {seq} tokens"));
    }
    if parts.is_empty() {
        return format!("model {}", model.name);
    }
    parts.join(", ")
}

/// For a cluster, what its rate is made of: which precision's peak the MFU
/// refers to (SPEC §1); with ranges, the ranges of its count and MFU.
pub fn cluster_note(value: &Value, range: Option<&Bounds>, digits: usize) -> Option<String> {
    let Value::Cluster(cluster) = value else {
        return None;
    };
    let (low, high) = match range.map(|r| (&r.low, &r.high)) {
        Some((Value::Cluster(low), Value::Cluster(high))) => (low.as_ref(), high.as_ref()),
        _ => (cluster.as_ref(), cluster.as_ref()),
    };
    let span = |low: f64, high: f64, exact: bool| {
        let (l, h) = (plain(low, digits, exact), plain(high, digits, exact));
        if l == h { h } else { format!("{l}..{h}") }
    };
    Some(format!(
        "{} × {} at {}% of the {} dense peak ({} TFLOP/s/GPU)",
        span(low.gpus, high.gpus, true),
        cluster.accelerator.name,
        span(low.mfu * 100.0, high.mfu * 100.0, false),
        cluster.precision,
        // The table's figure as written: 989.5, 67, 1979.
        cluster.peak_per_device / 1e12,
    ))
}

/// A cell's value as the sheet shows it, if the cell has a value.
pub fn show_cell(sheet: &Sheet, name: &str, style: Style) -> Option<String> {
    show_report(sheet.cell(name)?, style.digits, &sheet.user_bases)
}

/// A cell's value as the sheet shows it (its range when it has one).
pub fn show_report(cell: &CellReport, digits: usize, user_bases: &[String]) -> Option<String> {
    let value = cell.outcome.value()?;
    Some(super::show_ranged(
        value,
        cell.range.as_deref(),
        cell.shown.as_deref(),
        digits,
        user_bases,
    ))
}

/// What is said beside a cell's value: which peak a cluster's MFU refers
/// to, or the convention of the formula that computed it.
pub fn cell_note(cell: &CellReport, digits: usize) -> Option<String> {
    let value = cell.outcome.value()?;
    cluster_note(value, cell.range.as_deref(), digits).or_else(|| cell.note.clone())
}

/// A cell's value followed by its note, as every frontend shows it.
pub fn show_cell_with_note(
    cell: &CellReport,
    digits: usize,
    user_bases: &[String],
) -> Option<String> {
    let text = show_report(cell, digits, user_bases)?;
    Some(match cell_note(cell, digits) {
        Some(note) => format!("{text}   {note}"),
        None => text,
    })
}
