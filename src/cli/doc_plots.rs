//! The charts of `llmc doc`: each llmc block whose options name a chart
//! (`plot=FILE.svg sweep=… show=…` or `plot=FILE.svg tornado=CELL`, see
//! `llmc::plot::document`) has it drawn from the document's sheet and
//! written beside the document, atomically and only when it changed;
//! `--check` draws it, compares, and writes nothing.
//!
//! A chart's points where an assert fails, or a cell has no value, are
//! what the chart shows (ringed, crossed), not errors of the document: the
//! document's own values are checked by its blocks.

use std::path::{Path, PathBuf};

use llmc::plot::document::{Chart, DocumentPlot, document_plots};
use llmc::plot::{self, ChartAsker, PlotError, SweepPlot};
use llmc::{files, markdown};

/// One document's charts: the document's name and text, and where its
/// charts go.
pub struct DocumentCharts<'a> {
    path: &'a Path,
    text: &'a str,
    plots: Vec<DocumentPlot>,
}

impl<'a> DocumentCharts<'a> {
    /// The charts `text` asks for; `None` (reported) when an option is
    /// wrong.
    pub fn read(path: &'a Path, text: &'a str) -> Option<DocumentCharts<'a>> {
        match document_plots(text) {
            Ok(plots) => Some(DocumentCharts { path, text, plots }),
            Err(errors) => {
                for error in errors {
                    report(path, text, error);
                }
                None
            }
        }
    }

    /// Draws every chart and writes those that changed. True when each was
    /// drawn and written.
    pub fn update(&self, digits: u8) -> bool {
        self.each_drawn(digits, |plot, file, svg, what| {
            if std::fs::read_to_string(&file).is_ok_and(|old| old == svg) {
                outln!("{}: already up to date", file.display());
            } else if let Err(error) = files::write_atomically(&file, &svg) {
                report(
                    self.path,
                    self.text,
                    PlotError::CannotWrite {
                        span: plot.span,
                        path: file.display().to_string(),
                        reason: crate::lowercase_first(&error.to_string()),
                    },
                );
                return false;
            } else {
                outln!("drew {} ({what})", file.display());
            }
            true
        })
    }

    /// Draws every chart and compares it with its file, writing nothing.
    /// True when every chart is up to date.
    pub fn check(&self, digits: u8, update_command: &str) -> bool {
        self.each_drawn(digits, |_, file, svg, _| {
            let state = match std::fs::read_to_string(&file) {
                Ok(old) if old == svg => return true,
                Ok(_) => "is stale",
                Err(_) => "is missing",
            };
            outln!(
                "{}: the chart {} {state}; `{update_command}` draws it",
                self.path.display(),
                file.display(),
            );
            false
        })
    }

    /// Draws each chart and hands it to `then` with its file, its SVG and
    /// what it shows. True when every chart was drawn and `then` was
    /// content with each.
    fn each_drawn(
        &self,
        digits: u8,
        mut then: impl FnMut(&DocumentPlot, PathBuf, String, String) -> bool,
    ) -> bool {
        let mut all_ok = true;
        for plot in &self.plots {
            all_ok &= match self.draw(plot, digits) {
                Some((svg, what)) => then(plot, self.file(plot), svg, what),
                None => false,
            };
        }
        all_ok
    }

    /// A chart's file: named relative to the document, as an image link is.
    fn file(&self, plot: &DocumentPlot) -> PathBuf {
        match self.path.parent() {
            Some(dir) => dir.join(&plot.file),
            None => PathBuf::from(&plot.file),
        }
    }

    /// The chart as SVG and what it shows; `None` when it cannot be drawn
    /// (reported).
    fn draw(&self, plot: &DocumentPlot, digits: u8) -> Option<(String, String)> {
        let session = markdown::session(self.path.display().to_string(), self.text);
        let digits = usize::from(digits);
        match &plot.chart {
            Chart::Sweep { axes, show } => {
                let sweep = match session.sweep(axes, show) {
                    Ok(sweep) => sweep,
                    Err(sheet) => {
                        crate::report_problems(&sheet);
                        return None;
                    }
                };
                let drawn =
                    SweepPlot::new(&sweep, plot.span, ChartAsker::Document).and_then(|chart| {
                        let points = crate::sweep::chart_points(&sweep, &chart);
                        Ok((chart.render(&points, digits)?, chart.summary()))
                    });
                drawn
                    .map_err(|error| report(self.path, self.text, error))
                    .ok()
            }
            Chart::Tornado { cell, span } => match session.tornado(cell) {
                Ok(tornado) => Some((
                    plot::tornado::render(&tornado, digits),
                    format!("the tornado of {cell}"),
                )),
                Err(reason) => {
                    let error = PlotError::NoTornado {
                        span: *span,
                        cell: cell.clone(),
                        reason,
                    };
                    report(self.path, self.text, error);
                    None
                }
            },
        }
    }
}

/// A chart's error, drawn against the document.
fn report(path: &Path, text: &str, error: PlotError) {
    eprint!(
        "{}",
        crate::plot::render(error, &path.display().to_string(), text)
    );
}
