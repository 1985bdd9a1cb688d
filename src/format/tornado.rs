//! A tornado (`--tornado CELL`) as text, JSON, Markdown or CSV: one row
//! per input range, widest first, each the cell's range when only that
//! input varies.

use std::fmt::Write as _;

use serde_json::{Value as Json, json};

use super::range::{ShownRange, show_range};
use crate::units::Quantity;
use crate::whatif::tornado::Tornado;

fn shown(tornado: &Tornado, low: Quantity, high: Quantity, digits: usize) -> ShownRange {
    show_range(
        low,
        high,
        tornado.shown.as_deref(),
        digits,
        &tornado.user_bases,
    )
}

/// `time  61.7..79.4 days`, then one aligned row per input.
pub fn human(tornado: &Tornado, digits: usize) -> String {
    let rows: Vec<(String, String)> = tornado
        .bars
        .iter()
        .map(|bar| {
            (
                bar.input.clone(),
                shown(tornado, bar.low, bar.high, digits).text,
            )
        })
        .collect();
    let width = rows
        .iter()
        .map(|(i, _)| i.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{}  {}   (each input varied alone, the others at their midpoints)\n",
        tornado.cell,
        shown(tornado, tornado.low, tornado.high, digits).text
    );
    for (input, range) in rows {
        let padding = " ".repeat(width - input.chars().count());
        let _ = writeln!(out, "  {input}{padding}  {range}");
    }
    out
}

pub fn json(tornado: &Tornado, digits: usize) -> Json {
    let whole = shown(tornado, tornado.low, tornado.high, digits);
    let inputs: Vec<Json> = tornado
        .bars
        .iter()
        .map(|bar| {
            let range = shown(tornado, bar.low, bar.high, digits);
            json!({
                "input": bar.input,
                "low": range.low,
                "high": range.high,
                "unit": range.unit,
                "display": range.text,
                "si_low": bar.low.value,
                "si_high": bar.high.value,
            })
        })
        .collect();
    json!({
        "cell": tornado.cell,
        "low": whole.low,
        "high": whole.high,
        "unit": whole.unit,
        "display": whole.text,
        "inputs": inputs,
    })
}

pub fn markdown(tornado: &Tornado, digits: usize) -> String {
    let mut out = format!(
        "| input | `{}` when only it varies |\n|---|---:|\n",
        tornado.cell.replace('|', "\\|")
    );
    for bar in &tornado.bars {
        let range = shown(tornado, bar.low, bar.high, digits);
        let _ = writeln!(
            out,
            "| `{}` | {} |",
            bar.input.replace('|', "\\|"),
            range.text.replace('|', "\\|")
        );
    }
    out
}

pub fn csv(tornado: &Tornado, digits: usize) -> String {
    let field = super::tabular::csv_field;
    let mut out = String::from("input,low,high,unit,si_low,si_high\n");
    for bar in &tornado.bars {
        let range = shown(tornado, bar.low, bar.high, digits);
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            field(&bar.input),
            range.low,
            range.high,
            field(&range.unit),
            bar.low.value,
            bar.high.value
        );
    }
    out
}
