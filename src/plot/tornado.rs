//! `--tornado CELL --plot FILE.svg` (SPEC §2.6): one bar per input range,
//! the cell's range when only that input varies, widest on top; a line
//! marks the cell at every input's midpoint, where the bars meet.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::axis::{Axis, Display};
use super::canvas::{self, Mark, drawn};
use crate::whatif::tornado::Tornado;

/// The part of a bar below the midpoint, and above it.
const BELOW: RGBColor = RGBColor(0, 114, 178);
const ABOVE: RGBColor = RGBColor(230, 159, 0);
/// A bar's thickness, as a share of the space between bars.
const BAR: f64 = 0.6;

/// The tornado chart of `tornado` as SVG.
pub fn render(tornado: &Tornado, digits: usize) -> String {
    let display = Display {
        dim: tornado.low.dim,
        shown: tornado.shown.as_deref(),
        digits,
        user_bases: &tornado.user_bases,
    };
    let mut values: Vec<f64> = tornado
        .bars
        .iter()
        .flat_map(|b| [b.low.value, b.high.value])
        .collect();
    values.push(tornado.mid.value);
    // Room either side for the labels at the bars' ends.
    let x = Axis::numeric(display.title(&tornado.cell, &values), &values, &display).widened(0.15);
    // Bottom to top, so the first (widest) bar is drawn on top.
    let inputs: Vec<String> = tornado.bars.iter().rev().map(|b| b.input.clone()).collect();
    let y = Axis::categorical("input".into(), &inputs);
    let mid = display.text(tornado.mid.value);
    let entries = vec![
        (format!("lower than {mid}"), Mark::Bar(BELOW)),
        (format!("higher than {mid}"), Mark::Bar(ABOVE)),
        (format!("all at midpoints: {mid}"), Mark::Midpoint),
    ];
    let caption = format!("What moves {} most", tornado.cell);
    let description = format!(
        "Tornado chart of {} ({} axis): {} bars, one per input range, widest on top; \
         each is the range of {} when only that input varies, the others at their midpoints; \
         the vertical line is {} with every input at its midpoint.",
        x.title,
        match x.scale {
            super::axis::Scale::Linear => "linear",
            super::axis::Scale::Log => "logarithmic",
        },
        tornado.bars.len(),
        tornado.cell,
        mid
    );
    let last = tornado.bars.len().saturating_sub(1);
    canvas::page(&caption, &description, |root| {
        let (plot_area, legend_area) = canvas::split_legend(root, &entries);
        let mut chart = canvas::chart(&plot_area, &caption, &x, &y, canvas::y_label_width(&y));
        let middle = x.coordinate(tornado.mid.value);
        let gap = (x.high - x.low) * 0.01;
        for (i, bar) in tornado.bars.iter().enumerate() {
            let row = (last - i) as f64;
            let (top, bottom) = (row + BAR / 2.0, row - BAR / 2.0);
            let (low, high) = (x.coordinate(bar.low.value), x.coordinate(bar.high.value));
            // Each end labelled with its value, outside the bar.
            let end = |value: f64, side: HPos, at: f64| {
                Text::new(
                    display.text(value),
                    (at, row),
                    canvas::style(canvas::TEXT_SIZE).pos(Pos::new(side, VPos::Center)),
                )
            };
            drawn(chart.draw_series([
                end(bar.low.value, HPos::Right, low - gap),
                end(bar.high.value, HPos::Left, high + gap),
            ]));
            for (from, to, colour) in [(low, middle, BELOW), (middle, high, ABOVE)] {
                if from < to {
                    drawn(chart.draw_series([Rectangle::new(
                        [(from, bottom), (to, top)],
                        colour.filled(),
                    )]));
                }
            }
        }
        drawn(chart.draw_series(LineSeries::new(
            [(middle, y.low), (middle, y.high)],
            BLACK.stroke_width(2),
        )));
        canvas::legend(&legend_area, &entries);
    })
}
