//! The sheet as a Markdown table (for planning docs) or as CSV.

use std::fmt::Write as _;

use super::number::machine_number;
use super::{Style, cell_note, show_ranged, show_value};
use crate::eval::Outcome;
use crate::session::Sheet;

fn value_text(
    sheet: &Sheet,
    outcome: &Outcome,
    range: Option<&crate::eval::ranges::Bounds>,
    shown: Option<&crate::eval::ResolvedUnit>,
    style: Style,
) -> String {
    match outcome {
        Outcome::Value(v) => show_ranged(v, range, shown, style.digits, &sheet.user_bases),
        Outcome::Error(e) => format!("error: {e}"),
        Outcome::Upstream(input) => format!("not computed: `{input}` failed"),
        Outcome::Unresolved => "error".into(),
    }
}

pub fn markdown(sheet: &Sheet, style: Style) -> String {
    let escape = |text: &str| text.replace('|', "\\|");
    let mut out = String::from("| cell | value | note |\n|---|---:|---|\n");
    for cell in &sheet.cells {
        let note = cell_note(cell, style.digits)
            .into_iter()
            .chain(cell.overridden.then(|| super::OVERRIDDEN.to_string()))
            .collect::<Vec<_>>()
            .join("; ");
        let _ = writeln!(
            out,
            "| `{}` | {} | {} |",
            escape(&cell.name),
            escape(&value_text(
                sheet,
                &cell.outcome,
                cell.range.as_deref(),
                cell.shown.as_deref(),
                style
            )),
            escape(&note)
        );
    }
    if !sheet.asserts.is_empty() {
        out.push_str("\n| assert | holds |\n|---|---|\n");
        for assert in &sheet.asserts {
            let verdict = match assert.outcome.passed {
                Some(true) => "✓",
                Some(false) => "✗",
                None => "?",
            };
            let _ = writeln!(out, "| `{}` | {verdict} |", escape(&assert.text));
        }
    }
    out
}

/// A CSV field, quoted when it must be.
pub fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

pub fn csv(sheet: &Sheet, style: Style) -> String {
    csv_of(&[sheet], style, false)
}

/// Several scripts' sheets as one CSV, each row led by its file's name,
/// so the whole reads back as one table.
pub fn csv_files(sheets: &[&Sheet], style: Style) -> String {
    csv_of(sheets, style, true)
}

fn csv_of(sheets: &[&Sheet], style: Style, with_file: bool) -> String {
    let field = csv_field;
    let mut out = String::from(if with_file { "file," } else { "" });
    out.push_str("name,value,unit,display,si_value,si_unit,overridden\n");
    for sheet in sheets {
        for cell in &sheet.cells {
            let display = value_text(
                sheet,
                &cell.outcome,
                cell.range.as_deref(),
                cell.shown.as_deref(),
                style,
            );
            let (value, unit, si_value, si_unit) = match cell.outcome.value() {
                Some(v) => match v.as_quantity() {
                    Some(q) => {
                        let shown =
                            show_value(v, cell.shown.as_deref(), style.digits, &sheet.user_bases);
                        let si_unit = if q.dim.is_none() {
                            String::new()
                        } else {
                            q.dim.to_unit_string(&sheet.user_bases)
                        };
                        (
                            machine_number(shown.number),
                            shown.unit,
                            machine_number(q.value),
                            si_unit,
                        )
                    }
                    None => (String::new(), String::new(), String::new(), String::new()),
                },
                None => (String::new(), String::new(), String::new(), String::new()),
            };
            if with_file {
                let _ = write!(out, "{},", field(&sheet.name));
            }
            let _ = writeln!(
                out,
                "{},{},{},{},{},{},{}",
                field(&cell.name),
                value,
                field(&unit),
                field(&display),
                si_value,
                field(&si_unit),
                cell.overridden
            );
        }
    }
    out
}
