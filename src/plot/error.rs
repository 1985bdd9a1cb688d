//! What stops a chart from being drawn. Spans point into the text that
//! named the chart's file: the `--plot` flag's value, or a Markdown block's
//! `plot=` option.

use miette::Diagnostic;
use thiserror::Error;

use crate::span::Span;
use crate::whatif::tornado::TornadoError;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum PlotError {
    #[error("a chart is written as SVG, and `{path}` does not end in `.svg`")]
    #[diagnostic(
        code(llmc::plot::not_svg),
        help("name a file ending in `.svg`, for example `{suggestion}`")
    )]
    NotSvg {
        #[label("not `.svg`")]
        span: Span,
        path: String,
        suggestion: String,
    },

    #[error("`--plot` draws a sweep or a tornado, and this run has neither")]
    #[diagnostic(
        code(llmc::plot::nothing_to_plot),
        help(
            "add `--sweep NAME=V1,V2,…` for a line chart (a second `--sweep` draws one line per value), or `--tornado CELL` for a tornado chart"
        )
    )]
    NothingToPlot {
        #[label("nothing to draw")]
        span: Span,
    },

    #[error("one chart file for {count} scripts: each would overwrite the last")]
    #[diagnostic(
        code(llmc::plot::several_scripts),
        help("draw one script per run: `llmc run FILE --plot FILE.svg`")
    )]
    SeveralScripts {
        #[label("one file")]
        span: Span,
        count: usize,
    },

    #[error("cannot write `{path}`: {reason}")]
    #[diagnostic(
        code(llmc::plot::cannot_write),
        help("name a file in a directory you can write to; nothing was written")
    )]
    CannotWrite {
        #[label("cannot be written")]
        span: Span,
        path: String,
        reason: String,
    },

    #[error("no tornado of `{cell}`: {reason}")]
    #[diagnostic(
        code(llmc::plot::no_tornado),
        help("name a range cell: one that a range such as `35%..45%` feeds")
    )]
    NoTornado {
        #[label("the tornado's cell")]
        span: Span,
        cell: String,
        reason: TornadoError,
    },

    #[error("a chart draws at most two swept cells, and this sweep has {count}")]
    #[diagnostic(
        code(llmc::plot::too_many_axes),
        help(
            "the first {sweep} runs along the bottom and the second gives one line per value; {fix}, one chart per value"
        )
    )]
    TooManyAxes {
        #[label("one chart")]
        span: Span,
        count: usize,
        /// How the asker sweeps a cell (`` `--sweep` ``, `` `sweep=` ``).
        sweep: &'static str,
        /// How the asker fixes the cells beyond two.
        fix: String,
    },

    #[error(
        "one line per value of `{name}` makes {count} lines, more than the {max} a reader can tell apart"
    )]
    #[diagnostic(
        code(llmc::plot::too_many_lines),
        help(
            "sweep at most {max} values of `{name}`, or give it the first {sweep} so that it runs along the bottom"
        )
    )]
    TooManyLines {
        #[label("one chart")]
        span: Span,
        name: String,
        count: usize,
        max: usize,
        sweep: &'static str,
    },

    #[error("no cell depends on `{name}`, so the chart would have nothing to draw")]
    #[diagnostic(
        code(llmc::plot::nothing_depends),
        help("name the cell to draw with {show}, or sweep a cell that others are computed from")
    )]
    NothingDepends {
        #[label("a chart against `{name}`")]
        span: Span,
        name: String,
        /// How the asker names the cells to show.
        show: &'static str,
    },

    #[error("the chart draws `{cell}`, which is {kind}, not a number")]
    #[diagnostic(
        code(llmc::plot::not_a_number),
        help("the chart draws the first shown cell: name a numeric one first with {show}")
    )]
    NotANumber {
        #[label("a chart of `{cell}`")]
        span: Span,
        cell: String,
        kind: String,
        show: &'static str,
    },

    #[error("`{cell}` has no value at any point of the sweep, so there is nothing to draw")]
    #[diagnostic(
        code(llmc::plot::no_values),
        help("the errors above say why each point failed; fix them and draw again")
    )]
    NoValues {
        #[label("a chart of `{cell}`")]
        span: Span,
        cell: String,
    },

    // The options of a document's llmc block (`llmc doc`).
    #[error("`{key}` is no chart option")]
    #[diagnostic(code(llmc::plot::unknown_option), help("did you mean `{near}`?"))]
    UnknownOption {
        #[label("not an option")]
        span: Span,
        key: String,
        near: String,
    },

    #[error("the chart option `{key}` has no value")]
    #[diagnostic(
        code(llmc::plot::option_without_value),
        help(
            "write `{key}=VALUE`, in double quotes when it holds blanks: `sweep=\"gpus=8000,16000\"`"
        )
    )]
    OptionWithoutValue {
        #[label("`{key}=…`")]
        span: Span,
        key: String,
    },

    #[error("this quoted value is not closed")]
    #[diagnostic(
        code(llmc::plot::unclosed_quote),
        help("end it with `\"` on the same line (write `\\\"` for a quote inside it)")
    )]
    UnclosedQuote {
        #[label("opens here")]
        span: Span,
    },

    #[error("a chart option without `plot=FILE.svg`: the chart would be drawn nowhere")]
    #[diagnostic(
        code(llmc::plot::option_without_plot),
        help("add `plot=FILE.svg` (relative to the document) to the block's options")
    )]
    OptionWithoutPlot {
        #[label("draws nothing")]
        span: Span,
    },

    #[error("a chart is a sweep or a tornado, not both")]
    #[diagnostic(
        code(llmc::plot::sweep_and_tornado),
        help("give each chart its own block: one with `sweep=…`, one with `tornado=…`")
    )]
    SweepAndTornado {
        #[label("and a sweep")]
        span: Span,
    },

    #[error("`plot=` names a file but not what to draw in it")]
    #[diagnostic(
        code(llmc::plot::block_without_chart),
        help(
            "add `sweep=\"NAME=V1,V2,…\"` for a line chart (a second `sweep` draws one line per value, `show=CELL` picks the cell), or `tornado=CELL` for a tornado chart"
        )
    )]
    BlockWithoutChart {
        #[label("nothing to draw")]
        span: Span,
    },

    #[error("{message}")]
    #[diagnostic(
        code(llmc::plot::bad_sweep),
        help(
            "write the value as `llmc run` takes its flag: `sweep=\"gpus=8000,16000\"`, `show=time,cost`"
        )
    )]
    BadSweep {
        #[label("this value")]
        span: Span,
        message: String,
    },

    #[error("two charts are drawn into `{file}`")]
    #[diagnostic(code(llmc::plot::drawn_twice), help("give each chart its own file"))]
    DrawnTwice {
        #[label("drawn again here")]
        span: Span,
        #[label("first drawn here")]
        first: Span,
        file: String,
    },
}

impl PlotError {
    pub fn span(&self) -> Span {
        match self {
            PlotError::NotSvg { span, .. }
            | PlotError::NothingToPlot { span }
            | PlotError::SeveralScripts { span, .. }
            | PlotError::CannotWrite { span, .. }
            | PlotError::NoTornado { span, .. }
            | PlotError::TooManyAxes { span, .. }
            | PlotError::TooManyLines { span, .. }
            | PlotError::NothingDepends { span, .. }
            | PlotError::NotANumber { span, .. }
            | PlotError::NoValues { span, .. }
            | PlotError::UnknownOption { span, .. }
            | PlotError::OptionWithoutValue { span, .. }
            | PlotError::UnclosedQuote { span }
            | PlotError::OptionWithoutPlot { span }
            | PlotError::SweepAndTornado { span }
            | PlotError::BlockWithoutChart { span }
            | PlotError::BadSweep { span, .. }
            | PlotError::DrawnTwice { span, .. } => *span,
        }
    }
}
