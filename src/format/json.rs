//! The sheet as JSON (SPEC §4, normative field names).

use std::io;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Value as Json, json};

use crate::vocabulary::Named;

use super::quantity::base_units;
use super::range::ShownRange;
use super::{Style, assert_sides, show_range, show_ranged, show_value};
use crate::eval::ranges::Bounds;
use crate::eval::value::Breakdown;
use crate::eval::{Cluster, Outcome, Value};
use crate::knowledge::model::{FieldValue, Model};
use crate::session::{AssertReport, CellReport, Sheet};
use crate::span::{LineIndex, Span};
use crate::units::Quantity;

/// The sheet as one JSON value.
pub fn sheet(sheet: &Sheet, style: Style) -> Json {
    let lines = LineIndex::new(&sheet.source);
    let cells: Vec<Json> = (sheet.cells.iter())
        .map(|cell| {
            let cell = CellJson {
                sheet,
                cell,
                style,
                lines: &lines,
            };
            serde_json::to_value(cell).expect("a cell's JSON has string keys")
        })
        .collect();
    json!({ "cells": cells, "asserts": asserts(sheet, style) })
}

/// Cells per piece of [`write`]'s output formatted at a time: small enough
/// that the pieces waiting to be written stay a few hundred kilobytes.
const CELLS_PER_PIECE: usize = 512;

/// The sheet as pretty-printed JSON, the text `sheet` would print, written
/// into `out` a piece of [`CELLS_PER_PIECE`] cells at a time: a 100,000-cell
/// sheet never holds every cell's JSON in memory at once. Formatting is
/// most of the work, so with a second core every other piece is formatted
/// on a thread of its own while this one formats and writes the rest, in
/// order.
pub fn write(sheet: &Sheet, style: Style, mut out: impl io::Write) -> io::Result<()> {
    let lines = LineIndex::new(&sheet.source);
    let pieces: Vec<&[CellReport]> = sheet.cells.chunks(CELLS_PER_PIECE).collect();
    let format_piece = |cells: &[CellReport]| {
        let piece = Piece {
            sheet,
            cells,
            style,
            lines: &lines,
        };
        serde_json::to_vec_pretty(&piece).map_err(io::Error::from)
    };
    out.write_all(b"{\n  \"cells\": [")?;
    let mut write_piece = |i: usize, text: Vec<u8>| {
        if i > 0 {
            out.write_all(b",")?;
        }
        out.write_all(inside(&text, b"{\n  \"cells\": [", b"\n  ]\n}"))
    };
    // A sheet of one piece never asks how many cores there are.
    if pieces.len() > 1 && std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        let (pieces, format_piece) = (&pieces, &format_piece);
        std::thread::scope(|scope| {
            // Room for one piece ahead: the helper never runs far ahead of
            // the writer, so memory stays bounded.
            let (formatted, next) = std::sync::mpsc::sync_channel(1);
            let helper = std::thread::Builder::new()
                .name("llmc-json".into())
                .spawn_scoped(scope, move || {
                    for piece in pieces.iter().skip(1).step_by(2) {
                        if formatted.send(format_piece(piece)).is_err() {
                            break; // the writer stopped on an error
                        }
                    }
                });
            for (i, piece) in pieces.iter().enumerate() {
                let text = match (&helper, i % 2) {
                    (Ok(_), 1) => next.recv().unwrap_or_else(|_| format_piece(piece))?,
                    _ => format_piece(piece)?,
                };
                write_piece(i, text)?;
            }
            Ok::<_, io::Error>(())
        })?;
    } else {
        for (i, piece) in pieces.iter().enumerate() {
            write_piece(i, format_piece(piece)?)?;
        }
    }
    out.write_all(if pieces.is_empty() { b"]," } else { b"\n  ]," })?;
    // The asserts as the one entry of a document of their own, which
    // pretty-prints them as deep as in the whole sheet's.
    let asserts = serde_json::to_vec_pretty(&json!({ "asserts": asserts(sheet, style) }))?;
    out.write_all(inside(&asserts, b"{", b"}"))?;
    out.write_all(b"}")
}

/// What a small pretty-printed document holds between its known `start`
/// and `end`: [`write`] prints the sheet's document from the insides of
/// documents of its parts, each pretty-printed at the sheet's depth.
fn inside<'t>(text: &'t [u8], start: &[u8], end: &[u8]) -> &'t [u8] {
    debug_assert!(text.starts_with(start) && text.ends_with(end));
    &text[start.len()..text.len() - end.len()]
}

/// Some of a sheet's cells as a document of their own, `{"cells": […]}`:
/// pretty-printed, its cells stand as deep as in the whole sheet's.
struct Piece<'a> {
    sheet: &'a Sheet,
    cells: &'a [CellReport],
    style: Style,
    lines: &'a LineIndex,
}

impl Serialize for Piece<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut document = serializer.serialize_map(Some(1))?;
        document.serialize_entry("cells", &PieceCells(self))?;
        document.end()
    }
}

struct PieceCells<'a>(&'a Piece<'a>);

impl Serialize for PieceCells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Piece {
            sheet,
            cells,
            style,
            lines,
        } = *self.0;
        serializer.collect_seq(cells.iter().map(|cell| CellJson {
            sheet,
            cell,
            style,
            lines,
        }))
    }
}

/// One cell's JSON object, serialised field by field: its value's fields,
/// or the error that stopped it.
struct CellJson<'a> {
    sheet: &'a Sheet,
    cell: &'a CellReport,
    style: Style,
    lines: &'a LineIndex,
}

impl Serialize for CellJson<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let CellJson {
            sheet,
            cell,
            style,
            lines,
        } = *self;
        let mut object = serializer.serialize_map(None)?;
        object.serialize_entry("name", &cell.name)?;
        if cell.overridden {
            object.serialize_entry("overridden", &true)?;
        }
        match &cell.outcome {
            Outcome::Value(value) => {
                value_fields(&mut object, sheet, cell, value, style)?;
                if let Some(note) = &cell.note {
                    object.serialize_entry("note", note)?;
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
                object.serialize_entry("error", &error)?;
            }
        }
        object.end()
    }
}

/// `display` and `value` for every value; units for a quantity, and the
/// parts of breakdowns, models and clusters.
fn value_fields<M: SerializeMap>(
    object: &mut M,
    sheet: &Sheet,
    cell: &CellReport,
    value: &Value,
    style: Style,
) -> Result<(), M::Error> {
    let bases = &sheet.user_bases;
    let shown_unit = cell.shown.as_deref();
    let range = cell.range.as_deref();
    match (value.as_quantity(), range.and_then(Bounds::quantities)) {
        // SPEC §2.6: `low`, `high`, `mid`, `si_low`, `si_high`; no `value`.
        (Some(q), Some((low, high))) => {
            let range = show_range(low, high, shown_unit, style.digits, bases);
            let factor = range_factor(&range, low, high);
            object.serialize_entry("display", &range.text)?;
            object.serialize_entry("low", &range.low)?;
            object.serialize_entry("high", &range.high)?;
            object.serialize_entry("mid", &(q.value / factor))?;
            object.serialize_entry("unit", &range.unit)?;
            object.serialize_entry("dimension", &base_units(q.dim, bases))?;
            object.serialize_entry("si_low", &low.value)?;
            object.serialize_entry("si_high", &high.value)?;
            object.serialize_entry("si_unit", &si_unit(q, bases))?;
        }
        (Some(q), None) => {
            let shown = show_value(value, shown_unit, style.digits, bases);
            let display = match range {
                None => shown.text,
                Some(range) => show_ranged(value, Some(range), shown_unit, style.digits, bases),
            };
            object.serialize_entry("display", &display)?;
            object.serialize_entry("value", &shown.number)?;
            object.serialize_entry("unit", &shown.unit)?;
            object.serialize_entry("dimension", &base_units(q.dim, bases))?;
            object.serialize_entry("si_value", &q.value)?;
            object.serialize_entry("si_unit", &si_unit(q, bases))?;
        }
        (None, _) => {
            let display = match range {
                None => show_value(value, shown_unit, style.digits, bases).text,
                Some(range) => show_ranged(value, Some(range), shown_unit, style.digits, bases),
            };
            object.serialize_entry("display", &display)?;
            match value {
                Value::Text(text) => object.serialize_entry("value", text.as_ref())?,
                Value::Bool(flag) => object.serialize_entry("value", flag)?,
                Value::Accelerator(a) => object.serialize_entry("value", &a.name)?,
                Value::Model(model) => object.serialize_entry("value", &model.name)?,
                _ => object.serialize_entry("value", &())?,
            }
        }
    }
    match value {
        Value::Breakdown(breakdown) => {
            object.serialize_entry("parts", &parts(breakdown, range, style, bases))?
        }
        Value::Model(model) => object.serialize_entry("fields", &model_fields(model, range))?,
        Value::Cluster(c) => object.serialize_entry("cluster", &cluster(c, range))?,
        _ => {}
    }
    Ok(())
}

/// `si_unit`: the base units, empty for a plain number.
fn si_unit(q: Quantity, bases: &[String]) -> String {
    if q.dim.is_none() {
        String::new()
    } else {
        base_units(q.dim, bases)
    }
}

/// A breakdown's parts, each with its value and unit, or as a range cell's
/// `low`, `high`, `mid` in `unit` (no `value`).
fn parts(
    breakdown: &Breakdown,
    range: Option<&Bounds>,
    style: Style,
    bases: &[String],
) -> serde_json::Map<String, Json> {
    match range.and_then(Bounds::parts) {
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
                let part =
                    json!({ "value": shown.number, "unit": shown.unit, "display": shown.text });
                (name.to_string(), part)
            })
            .collect(),
    }
}

/// A model's known fields; a range model's numbers as ranges: `low`,
/// `high`, `mid`.
fn model_fields(model: &Model, range: Option<&Bounds>) -> serde_json::Map<String, Json> {
    model
        .known()
        .map(|(name, v)| {
            let ends = match range {
                Some(Bounds {
                    low: Value::Model(low),
                    high: Value::Model(high),
                    ..
                }) => low.get(name).zip(high.get(name)),
                _ => None,
            };
            let v = match v {
                FieldValue::Number(n) if let Some((low, high)) = ends => {
                    json!({ "low": low, "high": high, "mid": n })
                }
                FieldValue::Number(n) => json!(n),
                FieldValue::Choice(text) => json!(text),
                FieldValue::Flag(flag) => json!(flag),
            };
            (name.to_string(), v)
        })
        .collect()
}

/// A cluster's members; a range cluster's count and MFU as ranges: `low`,
/// `high`, `mid`.
fn cluster(c: &Cluster, range: Option<&Bounds>) -> Json {
    let mut cluster = json!({
        "gpus": c.gpus,
        "accelerator": c.accelerator.name,
        "precision": c.precision.name(),
        "mfu": c.mfu,
        "peak_per_gpu": c.peak_per_device,
    });
    if let Some(Bounds {
        low: Value::Cluster(low),
        high: Value::Cluster(high),
        ..
    }) = range
    {
        let member =
            |l: f64, h: f64, mid: f64| json!({ "low": l.min(h), "high": l.max(h), "mid": mid });
        cluster["gpus"] = member(low.gpus, high.gpus, c.gpus);
        cluster["mfu"] = member(low.mfu, high.mfu, c.mfu);
    }
    cluster
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

fn asserts(sheet: &Sheet, style: Style) -> Vec<Json> {
    (sheet.asserts.iter())
        .map(|a| assert(sheet, a, style))
        .collect()
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
    /// every kind, failures and asserts, for a sheet with none, and for
    /// sheets of several pieces (formatted on two threads where there are
    /// two cores), whose last piece is full or partly filled.
    #[test]
    fn written_json_is_the_pretty_printed_value() {
        let pieces = |cells: usize| {
            (0..cells)
                .map(|i| match i % 3 {
                    0 => format!("c{i} = {i} GPU*h -> days"),
                    1 => format!("c{i} = c{} + 1 s", i - 1),
                    _ => format!("c{i} = \"text {i}\""),
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        let (full, partial) = (pieces(4 * CELLS_PER_PIECE), pieces(3 * CELLS_PER_PIECE + 7));
        let sources = [
            full.as_str(),
            partial.as_str(),
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
