//! Sweep rows as a human table, CSV, JSON lines of one array, or Markdown.
//! Columns are fixed before the first row, so rows can stream out.

use std::fmt::Write as _;

use serde_json::json;

use super::{Point, Sweep};
use crate::eval::ranges::Bounds;
use crate::eval::{Outcome, Value};
use crate::format::number::machine_number;
use crate::format::quantity::show_auto;
use crate::format::{Style, show_ranged};
use crate::units::Dimension;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Human,
    Csv,
    Json,
    Markdown,
}

/// How one column is printed.
struct ColumnFormat {
    name: String,
    /// For CSV and JSON: numbers in this unit (factor in base units, text).
    unit: Option<(f64, String)>,
    /// The dimension numbers in `unit` have: a value of another one (a
    /// formula that only some points get wrong) is no number of the column.
    dim: Option<Dimension>,
    width: usize,
    /// Its values are clusters: CSV adds their GPU count, which the rate
    /// alone loses.
    cluster: bool,
    /// Its values may be ranges: CSV adds their ends.
    ranged: bool,
}

pub struct SweepTable<'a> {
    sweep: &'a Sweep,
    style: Style,
    kind: TableKind,
    columns: Vec<ColumnFormat>,
}

/// The unit a machine-readable column is written in: the cell's `->` unit,
/// else the unit the first point shows in.
fn machine_unit(
    value: Option<&Value>,
    shown: Option<(f64, String)>,
    style: Style,
    bases: &[String],
) -> Option<(f64, String)> {
    if shown.is_some() {
        return shown;
    }
    let q = value?.as_quantity()?;
    let auto = show_auto(q, style.digits, bases);
    let factor = if auto.number != 0.0 && q.value != 0.0 {
        q.value / auto.number
    } else {
        1.0
    };
    Some((factor, auto.unit))
}

impl<'a> SweepTable<'a> {
    pub fn new(sweep: &'a Sweep, style: Style, kind: TableKind) -> SweepTable<'a> {
        let mut scratch = sweep.scratch();
        sweep.evaluate_point(0, &mut scratch);
        let first = scratch.point(0);
        let bases = &sweep.user_bases;
        let mut columns = Vec::new();
        for axis in &sweep.axes {
            let width = axis
                .texts
                .iter()
                .map(|t| t.chars().count())
                .chain([axis.name.chars().count()])
                .max()
                .unwrap_or(0);
            columns.push(ColumnFormat {
                name: axis.name.clone(),
                unit: machine_unit(axis.values.first(), None, style, bases),
                dim: axis
                    .values
                    .first()
                    .and_then(Value::as_quantity)
                    .map(|q| q.dim),
                width,
                cluster: matches!(axis.values.first(), Some(Value::Cluster(_))),
                ranged: axis.ranges.iter().any(Option::is_some),
            });
        }
        for column in &sweep.columns {
            let value = first.outcomes[column.node].value();
            let shown = column
                .shown
                .as_deref()
                .map(|u| (u.factor, u.text.to_string()));
            let range = first.range(column.node);
            let text_width = value.map_or(5, |v| {
                let width = show_ranged(v, range, column.shown.as_deref(), style.digits, bases)
                    .chars()
                    .count();
                // Rows to come may be ranges, about twice as wide as a point.
                if column.ranged && range.is_none() {
                    2 * width
                } else {
                    width
                }
            });
            columns.push(ColumnFormat {
                name: column.name.clone(),
                unit: machine_unit(value, shown, style, bases),
                dim: column
                    .shown
                    .as_ref()
                    .map(|u| u.dim)
                    .or_else(|| value.and_then(Value::as_quantity).map(|q| q.dim)),
                width: text_width.max(column.name.chars().count()) + 2,
                cluster: matches!(value, Some(Value::Cluster(_))),
                ranged: column.ranged,
            });
        }
        SweepTable {
            sweep,
            style,
            kind,
            columns,
        }
    }

    fn asserts(&self) -> bool {
        self.sweep.has_asserts()
    }

    pub fn header(&self) -> String {
        let names: Vec<String> = self.columns.iter().map(|c| c.name.clone()).collect();
        match self.kind {
            TableKind::Human => {
                let mut line: Vec<String> = self
                    .columns
                    .iter()
                    .map(|c| format!("{:<w$}", c.name, w = c.width))
                    .collect();
                if self.asserts() {
                    line.push("asserts".into());
                }
                format!("{}\n", line.join("  ").trim_end())
            }
            TableKind::Csv => {
                let mut cells: Vec<String> = self
                    .columns
                    .iter()
                    .flat_map(|c| {
                        let header = match &c.unit {
                            Some((_, unit)) if !unit.is_empty() => format!("{} [{unit}]", c.name),
                            _ => c.name.clone(),
                        };
                        let gpus = c.cluster.then(|| format!("{}.gpus [GPU]", c.name));
                        let ends = ["low", "high"].into_iter().filter(|_| c.ranged).map(|end| {
                            match &c.unit {
                                Some((_, unit)) if !unit.is_empty() => {
                                    format!("{}.{end} [{unit}]", c.name)
                                }
                                _ => format!("{}.{end}", c.name),
                            }
                        });
                        std::iter::once(header).chain(gpus).chain(ends)
                    })
                    .map(|h| csv_field(&h))
                    .collect();
                if self.asserts() {
                    cells.push("asserts".into());
                }
                cells.push("error".into());
                format!("{}\n", cells.join(","))
            }
            TableKind::Markdown => {
                let mut names = names;
                if self.asserts() {
                    names.push("asserts".into());
                }
                format!(
                    "| {} |\n|{}\n",
                    names.join(" | "),
                    "---|".repeat(names.len())
                )
            }
            TableKind::Json => "[\n".into(),
        }
    }

    pub fn footer(&self) -> String {
        match self.kind {
            TableKind::Json => "\n]\n".into(),
            _ => String::new(),
        }
    }

    /// Appends one point's row to `out`.
    pub fn row(&self, point: &Point<'_>, out: &mut String) {
        let (index, outcomes, passed) = (point.index, point.outcomes, point.passed);
        let bases = &self.sweep.user_bases;
        let digits = self.style.digits;
        let coordinates = self.sweep.coordinates(index);
        // Swept values read as written on the command line (`16000 x H100 @ 38%`).
        let written: Vec<&str> = self
            .sweep
            .axes
            .iter()
            .zip(&coordinates)
            .map(|(axis, i)| axis.texts[*i].as_str())
            .collect();
        let mut values: Vec<(Option<&Value>, Option<&crate::eval::ResolvedUnit>)> = self
            .sweep
            .axes
            .iter()
            .zip(&coordinates)
            .map(|(axis, i)| (Some(&axis.values[*i]), None))
            .collect();
        values.extend(
            self.sweep
                .columns
                .iter()
                .map(|c| (outcomes[c.node].value(), c.shown.as_deref())),
        );
        // Each column's range at this point, when it is one.
        let ranges: Vec<Option<&Bounds>> = self
            .sweep
            .axes
            .iter()
            .zip(&coordinates)
            .map(|(axis, i)| axis.ranges[*i].as_deref())
            .chain(self.sweep.columns.iter().map(|c| point.range(c.node)))
            .collect();
        let outcome = |column: usize| {
            column
                .checked_sub(written.len())
                .map(|c| &outcomes[self.sweep.columns[c].node])
        };
        let display =
            |column: usize, value: Option<&Value>, unit| match (written.get(column), value) {
                (Some(text), _) => text.to_string(),
                (None, Some(v)) => show_ranged(v, ranges[column], unit, digits, bases),
                (None, None) => match outcome(column) {
                    Some(Outcome::Upstream(_)) => "skipped".to_string(),
                    _ => "error".to_string(),
                },
            };
        // Why a column has no value, for machines (the reasons are on stderr).
        let failure = |column: usize| match outcome(column)? {
            Outcome::Error(error) => Some(error.to_string()),
            Outcome::Upstream(input) => Some(format!("depends on `{input}`, which failed")),
            Outcome::Value(_) => None,
            Outcome::Unresolved => Some("this cell has an error".to_string()),
        };
        let verdict = match passed {
            Some(true) => "✓",
            Some(false) => "✗",
            None => "?",
        };
        match self.kind {
            TableKind::Human => {
                let mut cells: Vec<String> = values
                    .iter()
                    .zip(&self.columns)
                    .enumerate()
                    .map(|(i, ((v, u), c))| format!("{:<w$}", display(i, *v, *u), w = c.width))
                    .collect();
                if self.asserts() {
                    cells.push(verdict.into());
                }
                let _ = writeln!(out, "{}", cells.join("  ").trim_end());
            }
            TableKind::Markdown => {
                let mut cells: Vec<String> = values
                    .iter()
                    .enumerate()
                    .map(|(i, (v, u))| display(i, *v, *u))
                    .collect();
                if self.asserts() {
                    cells.push(verdict.into());
                }
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
            TableKind::Csv => {
                let mut cells = Vec::with_capacity(values.len() + 2);
                let mut errors = Vec::new();
                for (i, ((v, _), c)) in values.iter().zip(&self.columns).enumerate() {
                    cells.push(match (number(*v, c), v) {
                        (Some(n), _) => machine_number(n),
                        (None, Some(Value::Quantity(_) | Value::Cluster(_)))
                            if c.unit.is_some() =>
                        {
                            let shown = display(i, *v, None);
                            let unit = c.unit.as_ref().map_or("", |(_, u)| u.as_str());
                            errors.push(format!("{}: {shown} is not in {unit}", c.name));
                            String::new()
                        }
                        (None, Some(_)) => csv_field(&display(i, *v, None)),
                        (None, None) => String::new(),
                    });
                    if c.cluster {
                        cells.push(match v {
                            Some(Value::Cluster(cluster)) => cluster.gpus.to_string(),
                            _ => String::new(),
                        });
                    }
                    if c.ranged {
                        // A point is its own low and high end.
                        let (low, high) = ends(ranges[i], *v, c);
                        for end in [low, high] {
                            cells.push(end.map_or(String::new(), machine_number));
                        }
                    }
                    if let Some(reason) = failure(i) {
                        errors.push(format!("{}: {reason}", c.name));
                    }
                }
                if self.asserts() {
                    cells.push(passed.map_or(String::new(), |p| p.to_string()));
                }
                cells.push(csv_field(&errors.join("; ")));
                let _ = writeln!(out, "{}", cells.join(","));
            }
            TableKind::Json => {
                // Written by hand: a million rows through serde_json's
                // object model cost several times the evaluation.
                out.push_str(if index > 0 { ",\n  {" } else { "  {" });
                for (i, ((v, u), c)) in values.iter().zip(&self.columns).enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    let _ = write!(out, "{}:{{", json!(c.name));
                    let unit = c.unit.as_ref().map_or("", |(_, unit)| unit.as_str());
                    let finite = number(*v, c).filter(|n| n.is_finite());
                    match (ranges[i], finite) {
                        // As in the sheet's JSON: `low`, `high`, `mid`, no `value`.
                        (Some(range), Some(mid)) => {
                            let (low, high) = ends(Some(range), *v, c);
                            let _ = write!(
                                out,
                                "\"low\":{},\"high\":{},\"mid\":{},\"unit\":{},",
                                json!(low),
                                json!(high),
                                json!(mid),
                                json!(unit)
                            );
                        }
                        (None, Some(n)) => {
                            let _ = write!(out, "\"value\":{},\"unit\":{},", json!(n), json!(unit));
                        }
                        (_, None) => {}
                    }
                    match (v, failure(i)) {
                        (None, Some(error)) => {
                            let _ = write!(
                                out,
                                "\"value\":null,\"display\":null,\"error\":{}}}",
                                json!(error)
                            );
                        }
                        _ => {
                            let _ = write!(out, "\"display\":{}}}", json!(display(i, *v, *u)));
                        }
                    }
                }
                if self.asserts() {
                    let _ = write!(out, ",\"asserts\":{}", json!(passed));
                }
                out.push('}');
            }
        }
    }
}

/// A column's range ends as numbers in the column's unit: a point's value
/// for both when it is no range.
fn ends(
    range: Option<&Bounds>,
    value: Option<&Value>,
    column: &ColumnFormat,
) -> (Option<f64>, Option<f64>) {
    match range {
        Some(range) => (
            number(Some(&range.low), column),
            number(Some(&range.high), column),
        ),
        None => (number(value, column), number(value, column)),
    }
}

/// A column's value as a number in the column's unit.
fn number(value: Option<&Value>, column: &ColumnFormat) -> Option<f64> {
    let q = value?.as_quantity()?;
    let (factor, _) = column.unit.as_ref()?;
    (column.dim == Some(q.dim)).then(|| q.value / factor)
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}
