//! Errors of the syntax stage, in the user's words (never a grammar rule's name).

use miette::Diagnostic;
use thiserror::Error;

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum SyntaxError {
    #[error("{message}")]
    #[diagnostic(code(llmc::syntax))]
    Unexpected {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },

    #[error("this `{bracket}` is never closed")]
    #[diagnostic(
        code(llmc::syntax::unclosed),
        help("close it with `{}`, or remove it", closing(*bracket))
    )]
    Unclosed {
        bracket: char,
        #[label("opened here")]
        span: Span,
    },

    #[error("`{close}` does not close the `{open}` before it")]
    #[diagnostic(
        code(llmc::syntax::mismatched),
        help("close the `{open}` with `{}` first", closing(*open))
    )]
    MismatchedClose {
        close: char,
        #[label("this `{close}`")]
        span: Span,
        open: char,
        #[label("is still open")]
        open_span: Span,
    },

    #[error("`{close}` closes nothing")]
    #[diagnostic(
        code(llmc::syntax::unmatched),
        help("remove it, or add the opening bracket it belongs to")
    )]
    UnmatchedClose {
        close: char,
        #[label("no bracket is open here")]
        span: Span,
    },

    #[error("brackets are nested more than {} deep", super::brackets::MAX_DEPTH)]
    #[diagnostic(
        code(llmc::syntax::too_deep),
        help("split the expression into named cells")
    )]
    TooDeep {
        #[label("this bracket is one too many")]
        span: Span,
    },

    #[error("`{suffix}` must touch the number it scales")]
    #[diagnostic(code(llmc::syntax::detached_suffix))]
    DetachedSuffix {
        suffix: String,
        #[label("a magnitude suffix, separated by a space")]
        span: Span,
        #[help]
        help: String,
    },

    #[error("`{name}` is reserved and cannot name a {what}")]
    #[diagnostic(code(llmc::syntax::reserved))]
    ReservedName {
        name: String,
        what: &'static str,
        #[label("reserved word")]
        span: Span,
        #[help]
        help: String,
    },

    #[error("{message}")]
    #[diagnostic(code(llmc::syntax::invalid))]
    Invalid {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        '"' => '"',
        _ => '}',
    }
}

impl SyntaxError {
    pub fn span(&self) -> Span {
        match self {
            SyntaxError::Unexpected { span, .. }
            | SyntaxError::Unclosed { span, .. }
            | SyntaxError::MismatchedClose { span, .. }
            | SyntaxError::UnmatchedClose { span, .. }
            | SyntaxError::TooDeep { span }
            | SyntaxError::DetachedSuffix { span, .. }
            | SyntaxError::ReservedName { span, .. }
            | SyntaxError::Invalid { span, .. } => *span,
        }
    }

    /// The same error with its spans moved `by` bytes later.
    pub fn shifted(self, by: usize) -> SyntaxError {
        if by == 0 {
            return self;
        }
        match self {
            SyntaxError::Unexpected {
                message,
                span,
                label,
                help,
            } => SyntaxError::Unexpected {
                message,
                span: span.shifted(by),
                label,
                help,
            },
            SyntaxError::Unclosed { bracket, span } => SyntaxError::Unclosed {
                bracket,
                span: span.shifted(by),
            },
            SyntaxError::MismatchedClose {
                close,
                span,
                open,
                open_span,
            } => SyntaxError::MismatchedClose {
                close,
                span: span.shifted(by),
                open,
                open_span: open_span.shifted(by),
            },
            SyntaxError::UnmatchedClose { close, span } => SyntaxError::UnmatchedClose {
                close,
                span: span.shifted(by),
            },
            SyntaxError::TooDeep { span } => SyntaxError::TooDeep {
                span: span.shifted(by),
            },
            SyntaxError::DetachedSuffix { suffix, span, help } => SyntaxError::DetachedSuffix {
                suffix,
                span: span.shifted(by),
                help,
            },
            SyntaxError::ReservedName {
                name,
                what,
                span,
                help,
            } => SyntaxError::ReservedName {
                name,
                what,
                span: span.shifted(by),
                help,
            },
            SyntaxError::Invalid {
                message,
                span,
                label,
                help,
            } => SyntaxError::Invalid {
                message,
                span: span.shifted(by),
                label,
                help,
            },
        }
    }

    pub(crate) fn invalid(
        span: Span,
        message: impl Into<String>,
        label: impl Into<String>,
        help: Option<String>,
    ) -> SyntaxError {
        SyntaxError::Invalid {
            message: message.into(),
            span,
            label: label.into(),
            help,
        }
    }
}
