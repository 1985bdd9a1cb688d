//! Every stage's errors under one type, and rendering them with miette.

use std::fmt;
use std::sync::Arc;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, Report, Severity, SourceCode, SourceSpan, SpanContents,
};
use thiserror::Error;

use crate::eval::{EvalError, ResolveError};
use crate::span::{LineIndex, Origin, Span, origin_of};
use crate::syntax::SyntaxError;
use crate::whatif::FlagError;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum Problem {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Syntax(#[from] SyntaxError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Resolve(#[from] ResolveError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Eval(#[from] EvalError),
    #[error(transparent)]
    #[diagnostic(transparent)]
    Flag(#[from] FlagError),
}

impl Problem {
    pub fn span(&self) -> Span {
        match self {
            Problem::Syntax(e) => e.span(),
            Problem::Resolve(e) => e.span(),
            Problem::Eval(e) => e.span(),
            Problem::Flag(e) => e.span(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum Warning {
    #[error("cell `{name}` shadows {what}")]
    #[diagnostic(
        code(llmc::shadows),
        severity(Warning),
        help("a bare `{name}` now means this cell; rename the cell if you meant {what}")
    )]
    Shadows {
        name: String,
        what: String,
        #[label("this cell")]
        span: Span,
    },

    #[error("`{field}` of model `{model}` is {given}, but its architecture counts {derived}")]
    #[diagnostic(
        code(llmc::params_differ),
        severity(Warning),
        help(
            "the formulas use the given {given}; check the architecture fields (`d_ff`, `vocab`, `mlp`, `tied`, `experts`), or leave `{field}` out to use {derived}"
        )
    )]
    ParamsDiffer {
        model: String,
        field: &'static str,
        given: String,
        derived: String,
        #[label("differs by {percent} from `param_count`")]
        span: Span,
        percent: String,
    },

    #[error("cell `{name}` is params·tokens, not FLOP")]
    #[diagnostic(
        code(llmc::compute_without_flop),
        severity(Warning),
        help(
            "training compute needs FLOP per param per token: write `6 FLOP/param/token * params * tokens` or `train_flops(params, tokens)`"
        )
    )]
    ComputeWithoutFlop {
        name: String,
        #[label("params·tokens: the 6 has no unit")]
        span: Span,
    },

    #[error("accelerator `{name}` replaces the built-in {name}")]
    #[diagnostic(
        code(llmc::replaces_builtin),
        severity(Warning),
        help("every `{name}` in this sheet now means this record; rename it to keep the built-in")
    )]
    ReplacesBuiltin {
        name: String,
        #[label("defined here")]
        span: Span,
    },
}

impl Warning {
    pub fn span(&self) -> Span {
        match self {
            Warning::Shadows { span, .. }
            | Warning::ParamsDiffer { span, .. }
            | Warning::ComputeWithoutFlop { span, .. }
            | Warning::ReplacesBuiltin { span, .. } => *span,
        }
    }
}

/// One sheet's text as diagnostics read it: shared (every diagnostic of a
/// sheet draws on the same text and line index, built once) and excerpted
/// (a snippet is at most a few lines and a bounded window of a long line,
/// so a million-column line costs what a short one does).
#[derive(Debug, Clone)]
pub struct SourceText {
    name: Arc<str>,
    text: Arc<str>,
    lines: Arc<LineIndex>,
}

/// A line longer than this is shown as a window around the label.
const LONG_LINE: usize = 240;
/// Bytes shown either side of a label on a long line.
const WINDOW_MARGIN: usize = 60;

impl SourceText {
    pub fn new(name: &str, text: Arc<str>) -> SourceText {
        let lines = Arc::new(LineIndex::new(&text));
        SourceText {
            name: Arc::from(name),
            text,
            lines,
        }
    }

    /// 1-based line and column of a byte offset.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        self.lines.line_column(&self.text, offset)
    }

    fn floor_char(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    fn ceil_char(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset += 1;
        }
        offset
    }
}

impl SourceCode for SourceText {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text: &str = &self.text;
        let start = self.floor_char(span.offset());
        let end = self.ceil_char((span.offset() + span.len()).max(start));
        let (first_line, last_line) = (self.lines.line_of(start), self.lines.line_of(end));
        let first = first_line.saturating_sub(context_lines_before);
        let last = (last_line + context_lines_after).min(self.lines.lines() - 1);
        let mut data_start = self.lines.line_start(first);
        let mut data_end = self.lines.line_end(last, text);
        let long = (first..=last)
            .any(|line| self.lines.line_end(line, text) - self.lines.line_start(line) > LONG_LINE);
        let line = if long {
            // Only the label's own stretch, with a margin either side.
            data_start = self.floor_char(
                start
                    .saturating_sub(WINDOW_MARGIN)
                    .max(self.lines.line_start(first_line)),
            );
            data_end = self.ceil_char(
                (end + WINDOW_MARGIN)
                    .min(start + LONG_LINE)
                    .min(self.lines.line_end(last_line, text))
                    .max(end.min(start + LONG_LINE)),
            );
            first_line
        } else {
            first
        };
        // miette reads the position it prints in a snippet's header from a
        // read without context: the label's own column (whole lines are
        // handed out all the same, so a snippet without context lines, as
        // in the REPL, still shows the whole line).
        let column = if context_lines_before == 0 {
            self.lines.column(text, start)
        } else {
            0
        };
        let data_end = data_end.max(data_start);
        let line_count = text[data_start..data_end].matches('\n').count() + 1;
        Ok(Box::new(
            MietteSpanContents::new_named(
                self.name.to_string(),
                &text.as_bytes()[data_start..data_end],
                SourceSpan::new(data_start.into(), data_end - data_start),
                line,
                column,
                line_count,
            )
            .with_language("llmc"),
        ))
    }
}

/// How diagnostics are drawn.
#[derive(Debug, Clone, Copy)]
pub struct Render {
    pub color: bool,
    pub width: usize,
    /// Source lines shown around each label.
    pub context_lines: usize,
}

impl Render {
    /// Plain text at a fixed width: what snapshots and pipes get.
    pub const PLAIN: Render = Render {
        color: false,
        width: 100,
        context_lines: 1,
    };

    /// Draws a diagnostic of a sheet whose text may end with flags' values
    /// (`origins`): one whose first label falls in a flag's value is drawn
    /// against that value, named after the flag (`--set`), so the user sees
    /// what they typed, not the text llmc appended it to.
    pub fn render_in<D>(&self, diagnostic: D, source: &SourceText, origins: &[Origin]) -> String
    where
        D: Diagnostic + Send + Sync + 'static,
    {
        let Some(first) = origins.first() else {
            return self.render_with(diagnostic, source);
        };
        let at = diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(0, |label| label.offset());
        let (name, range) = match origin_of(origins, at) {
            Some(origin) => (origin.flag, origin.span),
            // Up to the newline that separates the script from the first value.
            None => (
                &*source.name,
                Span::new(0, first.span.start.saturating_sub(1)),
            ),
        };
        self.render_part(diagnostic, name, source, range)
    }

    /// Draws a diagnostic against one part of a sheet's text, `range` (one
    /// REPL line, a loaded file, a flag's value), named `name`: lines and
    /// columns count from the part's own start.
    pub fn render_part<D>(
        &self,
        diagnostic: D,
        name: &str,
        source: &SourceText,
        range: Span,
    ) -> String
    where
        D: Diagnostic + Send + Sync + 'static,
    {
        let text = &source.text[range.start..range.end];
        self.render(
            Relocated {
                inner: diagnostic,
                range,
            },
            name,
            text,
        )
    }

    /// Draws one diagnostic against a source given as text (the source is
    /// indexed for this one call: for many diagnostics of one sheet, build
    /// a [`SourceText`] once and use [`Render::render_with`]).
    pub fn render<D>(&self, diagnostic: D, name: &str, source: &str) -> String
    where
        D: Diagnostic + Send + Sync + 'static,
    {
        self.render_with(diagnostic, &SourceText::new(name, Arc::from(source)))
    }

    pub fn render_with<D>(&self, diagnostic: D, source: &SourceText) -> String
    where
        D: Diagnostic + Send + Sync + 'static,
    {
        let theme = if self.color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_width(self.width)
            .with_context_lines(self.context_lines)
            .with_links(false);
        let report = Report::new(diagnostic).with_source_code(source.clone());
        let mut out = String::new();
        handler
            .render_report(&mut out, report.as_ref())
            .expect("writing to a String cannot fail");
        out
    }
}

/// A diagnostic moved into one part of a sheet's text (the script, or one
/// flag's value): labels are shifted to that part, and labels in other parts
/// are left out, since they cannot be drawn against it.
struct Relocated<D> {
    inner: D,
    range: Span,
}

impl<D: Diagnostic> fmt::Debug for Relocated<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.inner, f)
    }
}

impl<D: Diagnostic> fmt::Display for Relocated<D> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl<D: Diagnostic> std::error::Error for Relocated<D> {}

impl<D: Diagnostic> Diagnostic for Relocated<D> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.code()
    }

    fn severity(&self) -> Option<Severity> {
        self.inner.severity()
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.inner.help()
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let range = self.range;
        let inside = move |label: LabeledSpan| {
            let (start, len) = (label.offset(), label.len());
            (range.start <= start && start + len <= range.end).then(|| {
                let span = SourceSpan::new((start - range.start).into(), len);
                let text = label.label().map(str::to_string);
                if label.primary() {
                    LabeledSpan::new_primary_with_span(text, span)
                } else {
                    LabeledSpan::new_with_span(text, span)
                }
            })
        };
        Some(Box::new(self.inner.labels()?.filter_map(inside)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Session;

    /// `a = 1;` 5,000 times on one line: every duplicate's snippet is a
    /// window of that line, not the line (which once wrote 1 GB to stderr).
    #[test]
    fn a_diagnostic_on_a_long_line_shows_a_bounded_window() {
        let source = "a = 1;".repeat(5_000);
        let sheet = Session::from_source("long.llmc", &source).evaluate();
        assert_eq!(sheet.problems.len(), 4_999);
        let text = sheet.source_text();
        let last = sheet.problems.last().expect("a duplicate").clone();
        let rendered = Render::PLAIN.render_with(last, &text);
        assert!(rendered.len() < 2_000, "{} bytes", rendered.len());
        assert!(rendered.contains("[long.llmc:1:29989]"), "{rendered}");
        assert!(rendered.contains("defined again here"), "{rendered}");
    }

    #[test]
    fn short_lines_are_shown_whole_with_their_context() {
        let source = "a = 1\nb = nosuch + 1\nc = 2\n";
        let sheet = Session::from_source("s.llmc", source).evaluate();
        let rendered = Render::PLAIN.render_with(sheet.problems[0].clone(), &sheet.source_text());
        for line in [
            "1 │ a = 1",
            "2 │ b = nosuch + 1",
            "3 │ c = 2",
            "[s.llmc:2:5]",
        ] {
            assert!(rendered.contains(line), "{line}: {rendered}");
        }
    }
}
