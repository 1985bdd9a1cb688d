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
