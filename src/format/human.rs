//! The sheet as people read it: one line per cell, names aligned, then the
//! asserts.

use std::fmt::Write as _;

use super::{Style, assert_sides, cell_note, show_ranged};
use crate::eval::Outcome;
use crate::session::{AssertReport, Sheet};

const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const RESET: &str = "\x1b[0m";

pub fn sheet(sheet: &Sheet, style: Style) -> String {
    let paint = |code: &str, text: &str| {
        if style.color {
            format!("{code}{text}{RESET}")
        } else {
            text.to_string()
        }
    };
    let width = sheet
        .cells
        .iter()
        .map(|c| c.name.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    for cell in &sheet.cells {
        let padding = " ".repeat(width - cell.name.chars().count());
        let name = paint(BOLD, &cell.name);
        let value = match &cell.outcome {
            Outcome::Value(value) => {
                let mut text = show_ranged(
                    value,
                    cell.range.as_deref(),
                    cell.shown.as_deref(),
                    style.digits,
                    &sheet.user_bases,
                );
                if let Some(note) = cell_note(cell, style.digits) {
                    text = format!("{text}   {}", paint(DIM, &note));
                }
                text
            }
            Outcome::Error(error) => paint(RED, &format!("error: {error}")),
            Outcome::Upstream(input) => paint(DIM, &format!("not computed: `{input}` failed")),
            Outcome::Unresolved => paint(
                RED,
                &match sheet.problem_in(cell.span) {
                    Some(problem) => format!("error: {problem}"),
                    None => "error: see below".to_string(),
                },
            ),
        };
        let value = if cell.overridden {
            format!("{value}   {}", paint(DIM, super::OVERRIDDEN))
        } else {
            value
        };
        let _ = writeln!(out, "{name}{padding}  {value}");
    }
    if !sheet.asserts.is_empty() && !sheet.cells.is_empty() {
        out.push('\n');
    }
    for assert in &sheet.asserts {
        let _ = writeln!(out, "{}", assert_line(sheet, assert, style, &paint));
    }
    out
}

fn assert_line(
    sheet: &Sheet,
    assert: &AssertReport,
    style: Style,
    paint: &dyn Fn(&str, &str) -> String,
) -> String {
    let values = if assert.outcome.passed.is_some() {
        let (l, r) = assert_sides(
            &assert.outcome,
            assert.shown.as_deref(),
            style.digits,
            &sheet.user_bases,
        );
        let partly = match &assert.outcome.range {
            Some(range) if assert.outcome.passed == Some(false) && range.holds_somewhere => {
                ": fails for part of the range"
            }
            _ => "",
        };
        format!("   {}", paint(DIM, &format!("({l} vs {r}{partly})")))
    } else {
        String::new()
    };
    match assert.outcome.passed {
        Some(true) => format!("{} assert {}{values}", paint(GREEN, "✓"), assert.text),
        Some(false) => format!("{} assert {}{values}", paint(RED, "✗"), assert.text),
        None => format!(
            "{} assert {}   {}",
            paint(RED, "?"),
            assert.text,
            paint(DIM, &format!("(not checked: {})", unchecked_reason(assert)))
        ),
    }
}

/// Why an assert has no verdict: its own error (two sides that cannot be
/// compared), or an input that failed.
fn unchecked_reason(assert: &AssertReport) -> String {
    let sides = [&assert.outcome.left, &assert.outcome.right];
    if let Some(error) = sides.iter().find_map(|o| match o {
        Outcome::Error(error) => Some(error),
        _ => None,
    }) {
        return error.to_string();
    }
    match sides.iter().find_map(|o| match o {
        Outcome::Upstream(input) => Some(input),
        _ => None,
    }) {
        Some(input) => format!("`{input}` failed"),
        None => "it has an error".into(),
    }
}
