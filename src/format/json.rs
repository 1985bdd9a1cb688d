//! The sheet as JSON (SPEC §4, normative field names).

use std::io;

use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
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
        .map(|c| cell(sheet, c, style, &lines).into_json())
        .collect();
    let asserts: Vec<Json> = sheet
        .asserts
        .iter()
        .map(|a| assert(sheet, a, style))
        .collect();
    json!({ "cells": cells, "asserts": asserts })
}

/// The sheet as pretty-printed JSON, the text `sheet` would print,
/// serialised straight into `out` one cell at a time: a 100,000-cell sheet
/// never holds every cell's JSON in memory at once, nor any cell's text.
pub fn write(sheet: &Sheet, style: Style, out: impl io::Write) -> io::Result<()> {
    let document = Document {
        sheet,
        style,
        lines: LineIndex::new(&sheet.source),
    };
    document
        .serialize(&mut serde_json::Serializer::pretty(out))
        .map_err(io::Error::from)
}

/// What [`write`] serialises: `{"cells": […], "asserts": […]}`, each cell
/// built when the serialiser reaches it.
struct Document<'a> {
    sheet: &'a Sheet,
    style: Style,
    lines: LineIndex,
}

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("cells", &Cells(self))?;
        let asserts: Vec<Json> = (self.sheet.asserts.iter())
            .map(|a| assert(self.sheet, a, self.style))
            .collect();
        map.serialize_entry("asserts", &asserts)?;
        map.end()
    }
}

struct Cells<'a>(&'a Document<'a>);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Document {
            sheet,
            style,
            lines,
        } = self.0;
        let mut seq = serializer.serialize_seq(Some(sheet.cells.len()))?;
        for c in &sheet.cells {
            seq.serialize_element(&cell(sheet, c, *style, lines))?;
        }
        seq.end()
    }
}

/// A cell's JSON object while it is filled in: keys in the order first
/// set, and a key set again keeps its place, as in serde_json's ordered
/// map, without hashing each key or allocating it.
#[derive(Default)]
struct Object(Vec<(&'static str, Json)>);

impl Object {
    fn set(&mut self, key: &'static str, value: Json) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => *old = value,
            None => self.0.push((key, value)),
        }
    }

    fn into_json(self) -> Json {
        Json::Object(
            self.0
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
        )
    }
}

impl Serialize for Object {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

/// One cell: its value's fields, or the error that stopped it.
fn cell(sheet: &Sheet, cell: &CellReport, style: Style, lines: &LineIndex) -> Object {
    let mut object = Object::default();
    object.set("name", json!(cell.name));
    if cell.overridden {
        object.set("overridden", json!(true));
    }
    match &cell.outcome {
        Outcome::Value(value) => {
            value_fields(&mut object, sheet, cell, value, style);
            if let Some(note) = &cell.note {
                object.set("note", json!(note));
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
            let mut error = json!({ "message": message, "line": line, "column": column });
            // A position inside a flag's value, not the script's.
            if let Some(origin) = sheet.origin(span) {
                error["flag"] = json!(origin.flag);
            }
            object.set("error", error);
        }
    }
    object
}

/// `display` and `value` for every value; units for a quantity, and the
/// parts of breakdowns, models and clusters.
fn value_fields(
    object: &mut Object,
    sheet: &Sheet,
    cell: &CellReport,
    value: &Value,
    style: Style,
) {
    let bases = &sheet.user_bases;
    let shown = show_value(value, cell.shown.as_deref(), style.digits, bases);
    // A cell without ranges shows what was just formatted (formatting is
    // most of the cost of a cell's JSON).
    let display = match cell.range.as_deref() {
        None => shown.text.clone(),
        Some(range) => show_ranged(
            value,
            Some(range),
            cell.shown.as_deref(),
            style.digits,
            bases,
        ),
    };
    object.set("display", json!(display));
    match value.as_quantity() {
        Some(q) => {
            let si_unit = base_units(q.dim, bases);
            match cell.range.as_deref().and_then(|r| r.quantities()) {
                // SPEC §2.6: `low`, `high`, `mid`, `si_low`, `si_high`; no `value`.
                Some((low, high)) => {
                    let range = show_range(low, high, cell.shown.as_deref(), style.digits, bases);
                    let factor = range_factor(&range, low, high);
                    object.set("display", json!(range.text));
                    object.set("low", json!(range.low));
                    object.set("high", json!(range.high));
                    object.set("mid", json!(q.value / factor));
                    object.set("unit", json!(range.unit));
                    object.set("dimension", json!(si_unit));
                    object.set("si_low", json!(low.value));
                    object.set("si_high", json!(high.value));
                }
                None => {
                    object.set("value", json!(shown.number));
                    object.set("unit", json!(shown.unit));
                    object.set("dimension", json!(si_unit));
                    object.set("si_value", json!(q.value));
                }
            }
            object.set(
                "si_unit",
                json!(if q.dim.is_none() {
                    String::new()
                } else {
                    si_unit
                }),
            );
        }
        None => {
            object.set(
                "value",
                match value {
                    Value::Text(text) => json!(text.as_ref()),
                    Value::Bool(flag) => json!(flag),
                    Value::Accelerator(a) => json!(a.name),
                    _ => Json::Null,
                },
            );
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
            object.set("parts", Json::Object(parts));
        }
        Value::Model(model) => {
            object.set("value", json!(model.name));
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
            object.set("fields", Json::Object(fields));
        }
        Value::Cluster(c) => {
            let mut cluster = json!({
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
                cluster["gpus"] = member(low.gpus, high.gpus, c.gpus);
                cluster["mfu"] = member(low.mfu, high.mfu, c.mfu);
            }
            object.set("cluster", cluster);
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
