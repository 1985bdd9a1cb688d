//! Every stage's errors under one type, and rendering them with miette.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, NamedSource,
    Report, Severity, SourceCode, SourceSpan, SpanContents,
};
use thiserror::Error;

use crate::eval::{EvalError, ResolveError};
use crate::span::{Origin, Span, origin_of};
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

/// A source that always hands out whole lines, so a snippet shows the
/// whole line even with no context lines around it (the REPL's case).
struct WholeLines(NamedSource<String>);

impl SourceCode for WholeLines {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let text = self.0.inner();
        let start = span.offset().min(text.len());
        let end = (span.offset() + span.len()).min(text.len());
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
        let whole = SourceSpan::new(line_start.into(), line_end - line_start);
        self.0
            .read_span(&whole, context_lines_before, context_lines_after)
    }
}

/// Labels further right than this are reported by position, not drawn.
const MAX_SNIPPET_COLUMN: usize = 10_000;

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
    pub fn render_in<D>(
        &self,
        diagnostic: D,
        name: &str,
        source: &str,
        origins: &[Origin],
    ) -> String
    where
        D: Diagnostic + Send + Sync + 'static,
    {
        let Some(first) = origins.first() else {
            return self.render(diagnostic, name, source);
        };
        let at = diagnostic
            .labels()
            .and_then(|mut labels| labels.next())
            .map_or(0, |label| label.offset());
        let (name, range) = match origin_of(origins, at) {
            Some(origin) => (origin.flag, origin.span),
            None => (name, Span::new(0, first.span.start)),
        };
        let text = &source[range.start..range.end];
        self.render(
            Relocated {
                inner: diagnostic,
                range,
            },
            name,
            text,
        )
    }

    pub fn render<D>(&self, diagnostic: D, name: &str, source: &str) -> String
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
        // miette cannot draw a label beyond column 65,535; past a few
        // thousand columns a snippet is unreadable anyway: say where instead.
        let far = diagnostic.labels().into_iter().flatten().find_map(|label| {
            let (line, column) = crate::span::line_column(source, label.offset());
            (column > MAX_SNIPPET_COLUMN).then_some((line, column))
        });
        if let Some((line, column)) = far {
            let mut out = String::new();
            handler
                .render_report(&mut out, &diagnostic)
                .expect("writing to a String cannot fail");
            return format!("{out}  at {name}:{line}:{column}\n");
        }
        let source = NamedSource::new(name, source.to_string()).with_language("llmc");
        let report = if self.context_lines == 0 {
            Report::new(diagnostic).with_source_code(WholeLines(source))
        } else {
            Report::new(diagnostic).with_source_code(source)
        };
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
