//! `--sweep … --plot FILE.svg` (SPEC §4): the first shown cell against the
//! first swept cell, one line per value of a second swept cell. Points
//! without a value are grey crosses on the bottom axis, points where an
//! assert fails red rings, each with its legend entry.
//!
//! The chart is laid out from the compiled sweep before it runs
//! ([`SweepPlot::new`] refuses what cannot be drawn), each point is read
//! as it is evaluated ([`SweepPlot::point`], on the sweep's worker
//! threads), and the points are drawn at the end ([`SweepPlot::render`]).

use plotters::prelude::*;

use super::axis::{Axis, Display};
use super::canvas::{self, FAILED_ASSERT, LINE_COLOURS, Mark, NO_VALUE, drawn};
use super::{ChartAsker, PlotError};
use crate::eval::{Outcome, ResolvedUnit, Value};
use crate::span::Span;
use crate::units::Quantity;
use crate::whatif::Sweep;

/// At most this many lines: more cannot be told apart by colour.
pub const MAX_LINES: usize = LINE_COLOURS.len();
/// Swept values label the bottom axis themselves when there are at most
/// this many; more get round ticks.
const MAX_WRITTEN_TICKS: usize = 12;
/// Each point is a dot on its line when there are at most this many along
/// the bottom; more would blur into a thick line.
const MAX_DOTTED: usize = 60;

/// One point of the chart, read from a sweep's outcomes.
#[derive(Debug, Clone, PartialEq)]
pub struct PlotPoint {
    pub index: usize,
    pub value: PointValue,
    /// Some assert fails at this point.
    pub assert_fails: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum PointValue {
    Number(Quantity),
    /// A value a chart cannot place (a cluster, a text): its kind.
    NotNumber(&'static str),
    /// The cell failed (or a cell it uses did).
    Failed,
}

/// A swept cell as the chart needs it.
#[derive(Debug, Clone)]
struct SweptAxis {
    name: String,
    values: Vec<Value>,
    texts: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SweepPlot {
    /// Where the chart's file is named: what errors point at.
    target: Span,
    asker: ChartAsker,
    cell: String,
    node: usize,
    shown: Option<ResolvedUnit>,
    x: SweptAxis,
    lines: Option<SweptAxis>,
    user_bases: Vec<String>,
}

impl SweepPlot {
    /// The chart of `sweep`, or why it cannot be drawn: more than two swept
    /// cells, more lines than colours, no cell to draw.
    pub fn new(sweep: &Sweep, target: Span, asker: ChartAsker) -> Result<SweepPlot, PlotError> {
        let swept = |i: usize| {
            sweep.axes.get(i).map(|a| SweptAxis {
                name: a.name.clone(),
                values: a.values.clone(),
                texts: a.texts.clone(),
            })
        };
        let x = swept(0).expect("a sweep has an axis");
        if sweep.axes.len() > 2 {
            return Err(PlotError::TooManyAxes {
                span: target,
                count: sweep.axes.len(),
                sweep: asker.sweep(),
                fix: asker.fix(&sweep.axes[2].name),
            });
        }
        let lines = swept(1);
        if let Some(lines) = &lines
            && lines.values.len() > MAX_LINES
        {
            return Err(PlotError::TooManyLines {
                span: target,
                name: lines.name.clone(),
                count: lines.values.len(),
                max: MAX_LINES,
                sweep: asker.sweep(),
            });
        }
        let Some(column) = sweep.columns.first() else {
            return Err(PlotError::NothingDepends {
                span: target,
                name: x.name,
                show: asker.show(),
            });
        };
        Ok(SweepPlot {
            target,
            asker,
            cell: column.name.clone(),
            node: column.node,
            shown: column.shown.as_deref().cloned(),
            x,
            lines,
            user_bases: sweep.user_bases.clone(),
        })
    }

    /// What the chart shows, for a message: `cost by gpus, one line per mfu`.
    pub fn summary(&self) -> String {
        match &self.lines {
            Some(lines) => format!(
                "{} by {}, one line per {}",
                self.cell, self.x.name, lines.name
            ),
            None => format!("{} by {}", self.cell, self.x.name),
        }
    }

    /// Point `index` as the chart reads it from the sweep's outcomes.
    pub fn point(&self, index: usize, outcomes: &[Outcome], passed: Option<bool>) -> PlotPoint {
        let value = match &outcomes[self.node] {
            Outcome::Value(value) => match value.as_quantity() {
                Some(q) if q.value.is_finite() => PointValue::Number(q),
                Some(_) => PointValue::Failed,
                None => PointValue::NotNumber(value.kind_name()),
            },
            _ => PointValue::Failed,
        };
        PlotPoint {
            index,
            value,
            assert_fails: passed == Some(false),
        }
    }

    /// The chart of `points` (every point of the sweep, in order) as SVG.
    pub fn render(&self, points: &[PlotPoint], digits: usize) -> Result<String, PlotError> {
        let reference = points.iter().find_map(|p| match &p.value {
            PointValue::Number(q) => Some(q.dim),
            _ => None,
        });
        let Some(dim) = reference else {
            return Err(
                match points.iter().find_map(|p| match &p.value {
                    PointValue::NotNumber(kind) => Some(*kind),
                    _ => None,
                }) {
                    Some(kind) => PlotError::NotANumber {
                        span: self.target,
                        cell: self.cell.clone(),
                        kind: kind.to_string(),
                        show: self.asker.show_first(),
                    },
                    None => PlotError::NoValues {
                        span: self.target,
                        cell: self.cell.clone(),
                    },
                },
            );
        };
        // A value of another dimension (a formula that only some points
        // get wrong) is no point of this chart.
        let y_of = |p: &PlotPoint| match &p.value {
            PointValue::Number(q) if q.dim == dim => Some(q.value),
            _ => None,
        };
        let y_values: Vec<f64> = points.iter().filter_map(y_of).collect();
        let y_display = Display {
            dim,
            shown: self.shown.as_ref(),
            digits,
            user_bases: &self.user_bases,
        };
        let y = Axis::numeric(
            y_display.title(&self.cell, &y_values),
            &y_values,
            &y_display,
        );
        let (x, x_coordinates) = self.x_axis(digits);
        let line_count = self.lines.as_ref().map_or(1, |l| l.values.len());
        let x_count = self.x.values.len();

        let mut entries: Vec<(String, Mark)> = (0..line_count)
            .map(|line| {
                let label = match &self.lines {
                    Some(lines) => format!("{} = {}", lines.name, lines.texts[line]),
                    None => self.cell.clone(),
                };
                (label, Mark::Line(LINE_COLOURS[line]))
            })
            .collect();
        let fails = points.iter().filter(|p| p.assert_fails).count();
        let failed = points.iter().filter(|p| y_of(p).is_none()).count();
        if fails > 0 {
            entries.push(("an assert fails".into(), Mark::AssertFails));
        }
        if failed > 0 {
            entries.push((format!("no value of {}", self.cell), Mark::NoValue));
        }

        let caption = self.summary();
        let description = self.describe(&x, &y, line_count, fails, failed);
        let svg = canvas::page(&caption, &description, |root| {
            let (plot_area, legend_area) = canvas::split_legend(root, &entries);
            let mut chart = canvas::chart(&plot_area, &caption, &x, &y, canvas::y_label_width(&y));
            for line in 0..line_count {
                let at = |i: usize| &points[i * line_count + line];
                let line_points: Vec<LinePoint> = (0..x_count)
                    .map(|i| LinePoint {
                        x: x_coordinates[i],
                        y: y_of(at(i)).map(|v| y.coordinate(v)),
                        assert_fails: at(i).assert_fails,
                    })
                    .collect();
                draw_line(&mut chart, LINE_COLOURS[line], &line_points, y.low);
            }
            canvas::legend(&legend_area, &entries);
        });
        Ok(svg)
    }

    /// The bottom axis and each swept value's coordinate on it: the values
    /// where they are numbers of one dimension (labelled as written when
    /// few), else one after another.
    fn x_axis(&self, digits: usize) -> (Axis, Vec<f64>) {
        let numbers: Option<Vec<f64>> = self.x.values.iter().map(x_number).collect();
        let dim = self
            .x
            .values
            .first()
            .and_then(Value::as_quantity)
            .map(|q| q.dim);
        let one_dim = self
            .x
            .values
            .iter()
            .all(|v| v.as_quantity().map(|q| q.dim) == dim);
        match (numbers, dim) {
            (Some(numbers), Some(dim)) if one_dim => {
                let display = Display {
                    dim,
                    shown: None,
                    digits,
                    user_bases: &self.user_bases,
                };
                let title = display.title(&self.x.name, &numbers);
                let axis = if numbers.len() <= MAX_WRITTEN_TICKS && distinct(&numbers) {
                    Axis::ticked_at(title, &numbers, &self.x.texts)
                } else {
                    Axis::numeric(title, &numbers, &display)
                };
                let coordinates = numbers.iter().map(|v| axis.coordinate(*v)).collect();
                (axis, coordinates)
            }
            _ => (
                Axis::categorical(self.x.name.clone(), &self.x.texts),
                (0..self.x.values.len()).map(|i| i as f64).collect(),
            ),
        }
    }

    /// In words: what is drawn against what, on which scales, how many
    /// points failed.
    fn describe(&self, x: &Axis, y: &Axis, lines: usize, fails: usize, failed: usize) -> String {
        let scale = |axis: &Axis| match axis.scale {
            super::axis::Scale::Linear => "linear",
            super::axis::Scale::Log => "logarithmic",
        };
        let mut text = format!(
            "Line chart of {} ({} axis) against {} ({} axis)",
            y.title,
            scale(y),
            x.title,
            scale(x)
        );
        match &self.lines {
            Some(l) => text.push_str(&format!(", {lines} lines, one per value of {}", l.name)),
            None => text.push_str(", 1 line"),
        }
        text.push_str(&format!(
            "; {} of the points without a value, {} where an assert fails.",
            failed, fails
        ));
        text
    }
}

/// One point of a line, in the chart's coordinates.
struct LinePoint {
    x: f64,
    /// `None`: no value.
    y: Option<f64>,
    assert_fails: bool,
}

/// One line: broken where a point has no value (nothing is drawn where
/// nothing was computed), with a dot per point while they are few, a red
/// ring where an assert fails, a grey cross on the `bottom` where there is
/// no value.
fn draw_line(
    chart: &mut canvas::Chart<'_, '_>,
    colour: RGBColor,
    points: &[LinePoint],
    bottom: f64,
) {
    for piece in points.split(|p| p.y.is_none()) {
        let coordinates: Vec<(f64, f64)> = piece.iter().filter_map(|p| Some((p.x, p.y?))).collect();
        if coordinates.is_empty() {
            continue;
        }
        drawn(chart.draw_series(LineSeries::new(coordinates.clone(), colour.stroke_width(2))));
        if points.len() <= MAX_DOTTED {
            drawn(
                chart.draw_series(
                    coordinates
                        .into_iter()
                        .map(|p| Circle::new(p, 3, colour.filled())),
                ),
            );
        }
    }
    let rings = points
        .iter()
        .filter(|p| p.assert_fails)
        .filter_map(|p| Some(Circle::new((p.x, p.y?), 7, FAILED_ASSERT.stroke_width(2))));
    drawn(chart.draw_series(rings));
    let crosses = points
        .iter()
        .filter(|p| p.y.is_none())
        .map(|p| Cross::new((p.x, bottom), 6, NO_VALUE.stroke_width(2)));
    drawn(chart.draw_series(crosses));
}

/// A swept value's place on a numeric axis, in base units.
fn x_number(value: &Value) -> Option<f64> {
    value
        .as_quantity()
        .map(|q| q.value)
        .filter(|v| v.is_finite())
}

fn distinct(values: &[f64]) -> bool {
    values
        .iter()
        .enumerate()
        .all(|(i, v)| !values[..i].contains(v))
}
