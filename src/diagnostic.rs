//! Every stage's errors under one type, and rendering them with miette.

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, MietteError, NamedSource, Report,
    SourceCode, SourceSpan, SpanContents,
};
use thiserror::Error;

use crate::eval::{EvalError, ResolveError};
use crate::span::Span;
use crate::syntax::SyntaxError;

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
}

impl Problem {
    pub fn span(&self) -> Span {
        match self {
            Problem::Syntax(e) => e.span(),
            Problem::Resolve(e) => e.span(),
            Problem::Eval(e) => e.span(),
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
