//! The sheet as JSON (SPEC §4, normative field names).

use serde_json::{Value as Json, json};

use crate::vocabulary::Named;

use super::quantity::base_units;
use super::{Style, assert_sides, show_range, show_value};
use crate::eval::{Outcome, Value};
use crate::knowledge::model::FieldValue;
use crate::session::{AssertReport, CellReport, Sheet};
use crate::span::Span;

pub fn sheet(sheet: &Sheet, style: Style) -> Json {
    let cells: Vec<Json> = sheet.cells.iter().map(|c| cell(sheet, c, style)).collect();
    let asserts: Vec<Json> = sheet
        .asserts
        .iter()
        .map(|a| assert(sheet, a, style))
        .collect();
    json!({ "cells": cells, "asserts": asserts })
}

/// One cell: its value's fields, or the error that stopped it.
fn cell(sheet: &Sheet, cell: &CellReport, style: Style) -> Json {
    let mut object = json!({ "name": cell.name });
    if cell.overridden {
        object["overridden"] = json!(true);
    }
    match &cell.outcome {
        Outcome::Value(value) => {
            value_fields(&mut object, sheet, cell, value, style);
            if let Some(note) = cell.note {
                object["note"] = json!(note);
            }
        }
        failed => {
            let (message, span) = failure(sheet, cell, failed);
            let (line, column) = sheet.line_column(span);
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
    let shown = show_value(value, cell.shown.as_ref(), style.digits, bases);
    object["display"] = json!(shown.text);
    match value.as_quantity() {
        Some(q) => {
            let si_unit = base_units(q.dim, bases);
            match cell.range.as_ref().and_then(|r| r.quantities()) {
                // SPEC §2.6: `low`, `high`, `mid`, `si_low`, `si_high`; no `value`.
                Some((low, high)) => {
                    let range = show_range(low, high, cell.shown.as_ref(), style.digits, bases);
                    let factor = match (range.high, range.low) {
                        (h, _) if h != 0.0 => high.value / h,
                        (_, l) if l != 0.0 => low.value / l,
                        _ => 1.0,
                    };
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
            let parts: serde_json::Map<String, Json> = breakdown
                .parts
                .iter()
                .map(|(name, q)| {
                    let shown = super::quantity::show_auto(*q, style.digits, bases);
                    let part =
                        json!({ "value": shown.number, "unit": shown.unit, "display": shown.text });
                    (name.to_string(), part)
                })
                .collect();
            object["parts"] = Json::Object(parts);
        }
        Value::Model(model) => {
            object["value"] = json!(model.name);
            let fields: serde_json::Map<String, Json> = model
                .known()
                .map(|(name, v)| {
                    let v = match v {
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
        }
        _ => {}
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
                a.shown.as_ref(),
                style.digits,
                &sheet.user_bases,
            );
            (Some(l), Some(r))
        }
        None => {
            let show = |o: &Outcome| {
                o.value()
                    .map(|v| show_value(v, a.shown.as_ref(), style.digits, &sheet.user_bases).text)
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
