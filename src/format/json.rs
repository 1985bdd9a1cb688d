//! The sheet as JSON (SPEC §4, normative field names).

use serde_json::{Value as Json, json};

use crate::vocabulary::Named;

use super::quantity::base_units;
use super::{Style, show_value};
use crate::eval::{Outcome, Value};
use crate::knowledge::model::FieldValue;
use crate::session::Sheet;

pub fn sheet(sheet: &Sheet, style: Style) -> Json {
    let cells: Vec<Json> = sheet
        .cells
        .iter()
        .map(|cell| {
            let mut object = json!({ "name": cell.name });
            match &cell.outcome {
                Outcome::Value(value) => {
                    let shown =
                        show_value(value, cell.shown.as_ref(), style.digits, &sheet.user_bases);
                    object["display"] = json!(shown.text);
                    match value.as_quantity() {
                        Some(q) => {
                            let si_unit = base_units(q.dim, &sheet.user_bases);
                            object["value"] = json!(shown.number);
                            object["unit"] = json!(shown.unit);
                            object["dimension"] = json!(si_unit);
                            object["si_value"] = json!(q.value);
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
                    if let Value::Breakdown(breakdown) = value {
                        let parts: serde_json::Map<String, Json> = breakdown
                            .parts
                            .iter()
                            .map(|(name, q)| {
                                let shown = super::quantity::show_auto(*q, style.digits, &sheet.user_bases);
                                let part = json!({ "value": shown.number, "unit": shown.unit, "display": shown.text });
                                (name.to_string(), part)
                            })
                            .collect();
                        object["parts"] = Json::Object(parts);
                    }
                    if let Value::Model(model) = value {
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
                    if let Some(note) = cell.note {
                        object["note"] = json!(note);
                    }
                    if let Value::Cluster(c) = value {
                        object["cluster"] = json!({
                            "gpus": c.gpus,
                            "accelerator": c.accelerator.name,
                            "precision": c.precision.name(),
                            "mfu": c.mfu,
                            "peak_per_gpu": c.peak_per_device,
                        });
                    }
                }
                failed => {
                    let (message, span) = match failed {
                        Outcome::Error(error) => (error.to_string(), error.span()),
                        Outcome::Upstream(input) => {
                            (format!("depends on `{input}`, which failed"), cell.span)
                        }
                        _ => (
                            sheet
                                .problems
                                .iter()
                                .find(|p| {
                                    cell.span.start <= p.span().start
                                        && p.span().end <= cell.span.end
                                })
                                .map_or_else(
                                    || "this cell has an error".to_string(),
                                    |p| p.to_string(),
                                ),
                            cell.span,
                        ),
                    };
                    let (line, column) = sheet.line_column(span);
                    object["error"] = json!({ "message": message, "line": line, "column": column });
                }
            }
            object
        })
        .collect();
    let asserts: Vec<Json> = sheet
        .asserts
        .iter()
        .map(|a| {
            let show = |o: &Outcome, unit| {
                o.value()
                    .map(|v| show_value(v, unit, style.digits, &sheet.user_bases).text)
            };
            json!({
                "text": a.text,
                "passed": a.outcome.passed,
                "left": show(&a.outcome.left, a.shown.as_ref()),
                "right": show(&a.outcome.right, a.shown.as_ref()),
                "message": a.message,
            })
        })
        .collect();
    json!({ "cells": cells, "asserts": asserts })
}
