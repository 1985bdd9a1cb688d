//! The sheet as JSON (SPEC §4, normative field names).

use std::io;

use serde_json::{Value as Json, json};

use crate::vocabulary::Named;

use super::quantity::base_units;
use super::range::ShownRange;
use super::{Style, assert_sides, show_range, show_ranged, show_value};
use crate::eval::ranges::Bounds;
use crate::eval::{Outcome, Value};
use crate::knowledge::model::FieldValue;
use crate::session::{AssertReport, CellReport, Sheet};
use crate::span::{LineIndex, Span};
use crate::units::Quantity;

/// The sheet as one JSON value.
pub fn sheet(sheet: &Sheet, style: Style) -> Json {
    let lines = LineIndex::new(&sheet.source);
    let cells: Vec<Json> = sheet
        .cells
        .iter()
        .map(|c| cell(sheet, c, style, &lines))
        .collect();
    let asserts: Vec<Json> = sheet
        .asserts
        .iter()
        .map(|a| assert(sheet, a, style))
        .collect();
    json!({ "cells": cells, "asserts": asserts })
}

/// The sheet as pretty-printed JSON, the text `sheet` would print, written
/// one cell at a time: a 100,000-cell sheet never holds every cell's JSON
/// in memory at once.
pub fn write(sheet: &Sheet, style: Style, mut out: impl io::Write) -> io::Result<()> {
    let lines = LineIndex::new(&sheet.source);
    out.write_all(b"{\n  \"cells\": ")?;
    write_items(
        &mut out,
        sheet.cells.iter().map(|c| cell(sheet, c, style, &lines)),
    )?;
    out.write_all(b",\n  \"asserts\": ")?;
    write_items(
        &mut out,
        sheet.asserts.iter().map(|a| assert(sheet, a, style)),
    )?;
    out.write_all(b"\n}")
}

/// A JSON array two levels deep, as `serde_json::to_string_pretty` lays it
/// out: each item pretty-printed on its own and indented by four spaces
/// (a JSON text has no raw newline inside a string, so lines are safe to
/// indent).
fn write_items(out: &mut impl io::Write, items: impl Iterator<Item = Json>) -> io::Result<()> {
    let mut empty = true;
    for item in items {
        out.write_all(if empty { b"[\n" } else { b",\n" })?;
        empty = false;
        let text = serde_json::to_string_pretty(&item)?;
        for (i, line) in text.split('\n').enumerate() {
            out.write_all(if i == 0 { b"    " } else { b"\n    " })?;
            out.write_all(line.as_bytes())?;
        }
    }
    out.write_all(if empty { b"[]" } else { b"\n  ]" })
}

/// One cell: its value's fields, or the error that stopped it.
fn cell(sheet: &Sheet, cell: &CellReport, style: Style, lines: &LineIndex) -> Json {
    let mut object = json!({ "name": cell.name });
    if cell.overridden {
        object["overridden"] = json!(true);
    }
    match &cell.outcome {
        Outcome::Value(value) => {
            value_fields(&mut object, sheet, cell, value, style);
            if let Some(note) = &cell.note {
                object["note"] = json!(note);
            }
        }
        failed => {
            let (message, span) = failure(sheet, cell, failed);
            // The script's positions through the index (one scan for all
            // cells); a flag's value is short and counted on its own.
            let (line, column) = match sheet.origin(span) {
                Some(_) => sheet.line_column(span),
                None => lines.line_column(&sheet.source, span.start),
            };
            object["error"] = json!({ "message": message, "line": line, "column": column });
            // A position inside a flag's value, not the script's.
            if let Some(origin) = sheet.origin(span) {
                object["error"]["flag"] = json!(origin.flag);
            }
        }
    }
    object
}

/// `display` and `value` for every value; units for a quantity, and the
/// parts of breakdowns, models and clusters.
fn value_fields(object: &mut Json, sheet: &Sheet, cell: &CellReport, value: &Value, style: Style) {
    let bases = &sheet.user_bases;
    let shown = show_value(value, cell.shown.as_deref(), style.digits, bases);
    object["display"] = json!(show_ranged(
        value,
        cell.range.as_deref(),
        cell.shown.as_deref(),
        style.digits,
        bases
    ));
    match value.as_quantity() {
        Some(q) => {
            let si_unit = base_units(q.dim, bases);
            match cell.range.as_deref().and_then(|r| r.quantities()) {
                // SPEC §2.6: `low`, `high`, `mid`, `si_low`, `si_high`; no `value`.
                Some((low, high)) => {
                    let range = show_range(low, high, cell.shown.as_deref(), style.digits, bases);
                    let factor = range_factor(&range, low, high);
                    object["display"] = json!(range.text);
                    object["low"] = json!(range.low);
                    object["high"] = json!(range.high);
                    object["mid"] = json!(q.value / factor);
                    object["unit"] = json!(range.unit);
                    object["dimension"] = json!(si_unit);
                    object["si_low"] = json!(low.value);
                    object["si_high"] = json!(high.value);
                }
                None => {
                    object["value"] = json!(shown.number);
                    object["unit"] = json!(shown.unit);
                    object["dimension"] = json!(si_unit);
                    object["si_value"] = json!(q.value);
                }
            }
            object["si_unit"] = json!(if q.dim.is_none() {
                String::new()
            } else {
                si_unit
            });
        }
        None => {
            object["value"] = match value {
                Value::Text(text) => json!(text.as_ref()),
                Value::Bool(flag) => json!(flag),
                Value::Accelerator(a) => json!(a.name),
                _ => Json::Null,
            };
        }
    }
    match value {
        Value::Breakdown(breakdown) => {
            let ranges = cell.range.as_deref().and_then(|r| r.parts());
            let parts: serde_json::Map<String, Json> = match ranges {
                // As a range cell: `low`, `high`, `mid` in `unit`, no `value`.
                Some(ranges) => ranges
                    .into_iter()
                    .map(|(name, low, high, mid)| {
                        let range = show_range(low, high, None, style.digits, bases);
                        let factor = range_factor(&range, low, high);
                        let part = json!({
                            "low": range.low,
                            "high": range.high,
                            "mid": mid.value / factor,
                            "unit": range.unit,
                            "display": range.text,
                        });
                        (name.to_string(), part)
                    })
                    .collect(),
                None => breakdown
                    .parts
                    .iter()
                    .map(|(name, q)| {
                        let shown = super::quantity::show_auto(*q, style.digits, bases);
                        let part = json!({ "value": shown.number, "unit": shown.unit, "display": shown.text });
                        (name.to_string(), part)
                    })
                    .collect(),
            };
            object["parts"] = Json::Object(parts);
        }
        Value::Model(model) => {
            object["value"] = json!(model.name);
            let fields: serde_json::Map<String, Json> = model
                .known()
                .map(|(name, v)| {
                    let ends = match cell.range.as_deref() {
                        Some(Bounds {
                            low: Value::Model(low),
                            high: Value::Model(high),
                            ..
                        }) => low.get(name).zip(high.get(name)),
                        _ => None,
                    };
                    let v = match v {
                        // A range model's numbers as ranges: `low`, `high`, `mid`.
                        FieldValue::Number(n) if let Some((low, high)) = ends => {
                            json!({ "low": low, "high": high, "mid": n })
                        }
                        FieldValue::Number(n) => json!(n),
                        FieldValue::Choice(text) => json!(text),
                        FieldValue::Flag(flag) => json!(flag),
                    };
                    (name.to_string(), v)
                })
                .collect();
            object["fields"] = Json::Object(fields);
        }
        Value::Cluster(c) => {
            object["cluster"] = json!({
                "gpus": c.gpus,
                "accelerator": c.accelerator.name,
                "precision": c.precision.name(),
                "mfu": c.mfu,
                "peak_per_gpu": c.peak_per_device,
            });
            // A range cluster's count and MFU as ranges: `low`, `high`, `mid`.
            if let Some(range) = &cell.range
                && let (Value::Cluster(low), Value::Cluster(high)) = (&range.low, &range.high)
            {
                let member = |l: f64, h: f64, mid: f64| json!({ "low": l.min(h), "high": l.max(h), "mid": mid });
                object["cluster"]["gpus"] = member(low.gpus, high.gpus, c.gpus);
                object["cluster"]["mfu"] = member(low.mfu, high.mfu, c.mfu);
            }
        }
        _ => {}
    }
}

/// How many base units one unit of a shown range is.
fn range_factor(range: &ShownRange, low: Quantity, high: Quantity) -> f64 {
    match (range.high, range.low) {
        (h, _) if h != 0.0 => high.value / h,
        (_, l) if l != 0.0 => low.value / l,
        _ => 1.0,
    }
}

/// Why a cell has no value, and where.
fn failure(sheet: &Sheet, cell: &CellReport, outcome: &Outcome) -> (String, Span) {
    match outcome {
        Outcome::Error(error) => (error.to_string(), error.span()),
        Outcome::Upstream(input) => (format!("depends on `{input}`, which failed"), cell.span),
        _ => sheet.problem_in(cell.span).map_or_else(
            || ("this cell has an error".to_string(), cell.span),
            |p| (p.to_string(), p.span()),
        ),
    }
}

fn assert(sheet: &Sheet, a: &AssertReport, style: Style) -> Json {
    let (left, right) = match &a.outcome.range {
        Some(_) => {
            let (l, r) = assert_sides(
                &a.outcome,
                a.shown.as_deref(),
                style.digits,
                &sheet.user_bases,
            );
            (Some(l), Some(r))
        }
        None => {
            let show = |o: &Outcome| {
                o.value().map(|v| {
                    show_value(v, a.shown.as_deref(), style.digits, &sheet.user_bases).text
                })
            };
            (show(&a.outcome.left), show(&a.outcome.right))
        }
    };
    let mut object = json!({
        "text": a.text,
        "passed": a.outcome.passed,
        "left": left,
        "right": right,
        "message": a.message,
    });
    if let Some(range) = &a.outcome.range {
        object["holds_somewhere"] = json!(range.holds_somewhere);
    }
    object
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;

    /// `write` streams exactly the text of the JSON value, for cells of
    /// every kind, failures and asserts, and for a sheet with none.
    #[test]
    fn written_json_is_the_pretty_printed_value() {
        let sources = [
            "",
            "a = 1",
            "unit EUR = 1.08 USD\nc = 16 x H100 @ 40%\nm = chinchilla_optimal(1e23 FLOP)\n\
             t = \"text\\nwith a newline\"\nbad = 1 GPU + 1 s\nlater = bad * 2\n\
             model small { params = 8B params }\nassert c.gpus > 8 GPU, \"enough\"\n\
             assert c.gpus < 8 GPU\n3 EUR -> USD",
        ];
        for source in sources {
            let sheet = Session::from_source("t", source).evaluate();
            let expected =
                serde_json::to_string_pretty(&self::sheet(&sheet, Style::default())).expect("JSON");
            let mut written = Vec::new();
            write(&sheet, Style::default(), &mut written).expect("writing to a Vec");
            assert_eq!(
                String::from_utf8(written).expect("UTF-8"),
                expected,
                "{source:?}"
            );
        }
    }
}
