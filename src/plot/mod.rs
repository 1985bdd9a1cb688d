//! Charts as SVG, drawn with plotters (SPEC §4 `--plot`): a sweep's
//! first shown cell against its first swept cell ([`sweep`]), and a
//! tornado ([`tornado`]). Axes are titled with names and units, ticks are
//! labelled by llmc's own formatter (`$52.6M`, `68.6 days`) and become
//! logarithmic where values span more than two decades ([`axis`]); the SVG
//! references no font file or script ([`canvas`]).

pub mod axis;
mod canvas;
pub mod document;
mod error;
pub mod sweep;
pub mod tornado;

pub use error::PlotError;
pub use sweep::{PlotPoint, SweepPlot};

use crate::span::Span;

/// Who asked for a sweep's chart, so that its errors' help names the
/// asker's own words: the command line's flags or a document's options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartAsker {
    CommandLine,
    Document,
}

impl ChartAsker {
    /// How a swept cell is given: `` `--sweep` `` or `` `sweep=` ``.
    fn sweep(self) -> &'static str {
        match self {
            ChartAsker::CommandLine => "`--sweep`",
            ChartAsker::Document => "`sweep=`",
        }
    }

    /// How the cell to show is given.
    fn show(self) -> &'static str {
        match self {
            ChartAsker::CommandLine => "`--show CELL`",
            ChartAsker::Document => "`show=CELL`",
        }
    }

    /// How the cells to show are given, the charted one first.
    fn show_first(self) -> &'static str {
        match self {
            ChartAsker::CommandLine => "`--show CELL,…`",
            ChartAsker::Document => "`show=CELL,…`",
        }
    }

    /// How to give one cell a single value instead of sweeping it.
    fn fix(self, cell: &str) -> String {
        match self {
            ChartAsker::CommandLine => format!("fix the others with `--set {cell}=VALUE`"),
            ChartAsker::Document => {
                format!("give the others one value each in the document (`{cell} = VALUE`)")
            }
        }
    }
}

/// Checks the name a chart is to be written to, as typed (`text`, which
/// `span` covers in the source errors are drawn against): it must end in
/// `.svg`.
pub fn check_target(text: &str, span: Span) -> Result<(), PlotError> {
    let path = std::path::Path::new(text);
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("svg"))
    {
        return Ok(());
    }
    let stem_end = match path.extension() {
        Some(extension) => text.len() - extension.len() - 1,
        None => text.len(),
    };
    let extension_span = if stem_end < text.len() {
        Span::new(span.start + stem_end, span.end)
    } else {
        span
    };
    Err(PlotError::NotSvg {
        span: extension_span,
        path: text.to_string(),
        suggestion: format!("{}.svg", &text[..stem_end]),
    })
}
