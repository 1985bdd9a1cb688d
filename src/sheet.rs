//! The data a sheet evaluates to: cells, asserts, problems and warnings in
//! source order. Formatters and frontends read these types; they hold no
//! behaviour beyond look-ups.

use std::sync::Arc;

use crate::diagnostic::{Problem, SourceText, Warning};
use crate::eval::ranges::Bounds;
use crate::eval::{AssertOutcome, Outcome, ResolvedUnit};
use crate::span::{Origin, Span, origin_of};

pub use crate::eval::NodeKind as CellKind;

/// One evaluated cell (or record, or bare expression), in source order.
#[derive(Debug, Clone)]
pub struct CellReport {
    pub name: String,
    pub kind: CellKind,
    pub span: Span,
    pub outcome: Outcome,
    /// Its least and greatest values, when ranges feed it (SPEC §2.6).
    pub range: Option<Box<Bounds>>,
    /// The unit of a top-level `->`.
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    /// How the value was computed, when the reader should know.
    pub note: Option<String>,
    /// Its formula was replaced with `--set`.
    pub overridden: bool,
}

#[derive(Debug, Clone)]
pub struct AssertReport {
    /// The assert as written, without `assert`.
    pub text: String,
    pub span: Span,
    pub outcome: AssertOutcome,
    /// The unit both sides are shown in.
    pub shown: Option<std::sync::Arc<ResolvedUnit>>,
    pub message: Option<String>,
}

/// The result of evaluating a session.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: String,
    pub source: Arc<str>,
    /// Parts of `source` that are flags' values (`--set`), after the script.
    pub origins: Vec<Origin>,
    pub cells: Vec<CellReport>,
    pub asserts: Vec<AssertReport>,
    /// Every error, in source order: syntax, names, units, failed asserts.
    pub problems: Vec<Problem>,
    pub warnings: Vec<Warning>,
    /// Names of user-declared base units, for showing dimensions.
    pub user_bases: Vec<String>,
}

impl Sheet {
    pub fn has_errors(&self) -> bool {
        !self.problems.is_empty()
    }

    pub fn cell(&self, name: &str) -> Option<&CellReport> {
        self.cells.iter().find(|c| c.name == name)
    }

    /// The first problem inside a span (a cell whose definition failed):
    /// problems are in source order, so this is a binary search.
    pub fn problem_in(&self, span: Span) -> Option<&Problem> {
        let first = self
            .problems
            .partition_point(|p| p.span().start < span.start);
        self.problems[first..]
            .iter()
            .take_while(|p| p.span().start <= span.end)
            .find(|p| p.span().end <= span.end)
    }

    /// The sheet's text and line index, for drawing its diagnostics.
    pub fn source_text(&self) -> SourceText {
        SourceText::new(&self.name, self.source.clone())
    }

    /// The flag whose value holds a span, if it is not the script's.
    pub fn origin(&self, span: Span) -> Option<&Origin> {
        origin_of(&self.origins, span.start)
    }

    /// 1-based line and column of a span's start, in the script or in the
    /// flag's value that holds it.
    pub fn line_column(&self, span: Span) -> (usize, usize) {
        let start = self.origin(span).map_or(0, |origin| origin.span.start);
        crate::span::line_column(&self.source[start..], span.start - start)
    }
}

// One report per cell: its size is part of the sheet's memory per cell
// (issue 8: at most 1 KB per cell).
const _: () = assert!(std::mem::size_of::<CellReport>() <= 120);
