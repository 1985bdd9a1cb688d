//! What both charts share: the page, the fonts and colours, the axes drawn
//! by plotters' mesh, the legend beside the plot, and the SVG's `<title>`
//! and `<desc>`. Text is drawn with the generic `sans-serif` family, so
//! the file names no font file and renders the same wherever it is opened.

use std::ops::Range;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::prelude::*;

use super::axis::Axis;

pub const WIDTH: u32 = 900;
pub const HEIGHT: u32 = 540;
pub const FONT: &str = "sans-serif";
pub const TEXT_SIZE: u32 = 15;
const TITLE_SIZE: u32 = 20;
/// A character of `TEXT_SIZE` text, in pixels, as plotters estimates it
/// (an SVG's text is measured by whoever renders it).
const CHAR_WIDTH: u32 = 7;

/// Distinct for readers with colour-blindness (Okabe and Ito's palette,
/// without its red, which marks failed asserts).
pub const LINE_COLOURS: [RGBColor; 7] = [
    RGBColor(0, 114, 178),
    RGBColor(230, 159, 0),
    RGBColor(0, 158, 115),
    RGBColor(204, 121, 167),
    RGBColor(86, 180, 233),
    RGBColor(120, 94, 60),
    RGBColor(0, 0, 0),
];
pub const FAILED_ASSERT: RGBColor = RGBColor(213, 0, 0);
pub const NO_VALUE: RGBColor = RGBColor(90, 90, 90);
pub const GRID: RGBColor = RGBColor(225, 225, 225);

pub type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
pub type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<Ticked, Ticked>>;

/// A linear coordinate from an [`Axis`] with its ticks where the axis put
/// them (plotters' own `f64` coordinate chooses its ticks itself).
#[derive(Debug, Clone)]
pub struct Ticked {
    low: f64,
    high: f64,
    ticks: Vec<f64>,
}

impl Ticked {
    fn new(axis: &Axis) -> Ticked {
        Ticked {
            low: axis.low,
            high: axis.high,
            ticks: axis.tick_coordinates(),
        }
    }
}

impl Ranged for Ticked {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let share = (value - self.low) / (self.high - self.low);
        let pixels = f64::from(limit.1 - limit.0);
        limit.0 + (share * pixels).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Light (minor) points are not drawn.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.low..self.high
    }
}

/// How a legend entry is marked.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Line(RGBColor),
    Bar(RGBColor),
    /// A point where an assert fails: a red ring.
    AssertFails,
    /// A point without a value: a grey cross on the bottom axis.
    NoValue,
    /// The midpoint line of a tornado.
    Midpoint,
}

/// Drawing into a string cannot fail for lack of space or I/O, and the
/// naive font metrics (no font files) never fail: an error here is a bug
/// in the layout, not in the user's input.
pub fn drawn<T, E: std::fmt::Debug>(result: Result<T, E>) -> T {
    result.expect("drawing a chart into a string")
}

pub fn text_width(text: &str) -> u32 {
    text.chars().count() as u32 * CHAR_WIDTH
}

pub fn style(size: u32) -> TextStyle<'static> {
    (FONT, size).into_font().color(&BLACK)
}

/// The plot with its axes, titles and tick labels drawn (horizontal grid
/// lines only: the vertical ones crowd a chart of few points). Returns the
/// chart to draw series on.
pub fn chart<'a, 'b>(
    area: &'a Area<'b>,
    caption: &str,
    x: &Axis,
    y: &Axis,
    y_label_width: u32,
) -> Chart<'a, 'b> {
    const MARGIN: u32 = 16;
    let plot_width = area
        .dim_in_pixel()
        .0
        .saturating_sub(2 * MARGIN + y_label_width);
    let x = &x.without_overlaps(f64::from(plot_width), |l| f64::from(text_width(l)));
    let x_label = |c: &f64| x.label(*c);
    let y_label = |c: &f64| y.label(*c);
    let mut chart = drawn(
        ChartBuilder::on(area)
            .margin(MARGIN)
            .caption(caption, style(TITLE_SIZE))
            .x_label_area_size(56)
            .y_label_area_size(y_label_width)
            .build_cartesian_2d(Ticked::new(x), Ticked::new(y)),
    );
    drawn(
        chart
            .configure_mesh()
            .x_desc(x.title.as_str())
            .y_desc(y.title.as_str())
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .label_style(style(TEXT_SIZE))
            .axis_desc_style(style(TEXT_SIZE + 1))
            .bold_line_style(GRID)
            .light_line_style(TRANSPARENT)
            .disable_x_mesh()
            .draw(),
    );
    chart
}

/// The width the y axis's labels need.
pub fn y_label_width(y: &Axis) -> u32 {
    text_width(&"0".repeat(y.widest_label())) + 36
}

/// The area right of the plot that the legend of `entries` needs, split
/// off `root`: (plot area, legend area).
pub fn split_legend<'b>(root: &Area<'b>, entries: &[(String, Mark)]) -> (Area<'b>, Area<'b>) {
    let widest = entries
        .iter()
        .map(|(l, _)| text_width(l))
        .max()
        .unwrap_or(0);
    let legend_width = (widest + 60).min(WIDTH / 3);
    root.split_horizontally(WIDTH - legend_width)
}

/// The legend: one row per entry, its mark then its label, from the top.
pub fn legend(area: &Area<'_>, entries: &[(String, Mark)]) {
    const ROW: i32 = 24;
    const TOP: i32 = 70;
    for (row, (label, mark)) in entries.iter().enumerate() {
        let y = TOP + row as i32 * ROW;
        let (x0, x1) = (4, 28);
        match *mark {
            Mark::Line(colour) => {
                drawn(area.draw(&PathElement::new(
                    vec![(x0, y), (x1, y)],
                    colour.stroke_width(3),
                )));
            }
            Mark::Bar(colour) => {
                drawn(area.draw(&Rectangle::new([(x0, y - 6), (x1, y + 6)], colour.filled())));
            }
            Mark::AssertFails => {
                drawn(area.draw(&Circle::new(
                    ((x0 + x1) / 2, y),
                    6,
                    FAILED_ASSERT.stroke_width(2),
                )));
            }
            Mark::NoValue => {
                drawn(area.draw(&Cross::new(((x0 + x1) / 2, y), 5, NO_VALUE.stroke_width(2))));
            }
            Mark::Midpoint => {
                drawn(area.draw(&PathElement::new(
                    vec![((x0 + x1) / 2, y - 9), ((x0 + x1) / 2, y + 9)],
                    BLACK.stroke_width(2),
                )));
            }
        }
        let room = area.dim_in_pixel().0.saturating_sub(x1 as u32 + 12);
        drawn(area.draw(&Text::new(
            fitted(label, room),
            (x1 + 8, y - 8),
            style(TEXT_SIZE),
        )));
    }
}

/// `text`, cut short with `…` to fit in `pixels`.
fn fitted(text: &str, pixels: u32) -> String {
    if text_width(text) <= pixels {
        return text.to_string();
    }
    let keep = (pixels / CHAR_WIDTH).saturating_sub(1) as usize;
    let mut cut: String = text.chars().take(keep).collect();
    cut.push('…');
    cut
}

/// Draws with `draw` on a fresh page and returns the SVG, with a `<title>`
/// and a `<desc>` (what screen readers announce, and what says in words
/// which scales the axes have).
pub fn page(title: &str, description: &str, draw: impl FnOnce(&Area<'_>)) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, HEIGHT)).into_drawing_area();
        drawn(root.fill(&WHITE));
        draw(&root);
        drawn(root.present());
    }
    let head = format!(
        "<title>{}</title>\n<desc>{}</desc>\n",
        escape(title),
        escape(description)
    );
    match svg.find(">\n") {
        Some(end) => svg.insert_str(end + 2, &head),
        None => svg.push_str(&head),
    }
    svg
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_legend_labels_are_cut_to_fit() {
        assert_eq!(fitted("mfu = 35%", 200), "mfu = 35%");
        let cut = fitted("cluster = 16000 x H100 @ 400 TFLOPS", 140);
        assert_eq!(cut, "cluster = 16000 x H…");
        assert!(text_width(&cut) <= 140);
    }
}
