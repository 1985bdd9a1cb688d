//! Errors of name resolution: unknown names and units, duplicates, cycles.

use miette::{Diagnostic, LabeledSpan};
use thiserror::Error;

use crate::span::Span;

#[derive(Debug, Clone, PartialEq, Error, Diagnostic)]
pub enum ResolveError {
    #[error("unknown name `{name}`")]
    #[diagnostic(code(llmc::unknown_name))]
    UnknownName {
        name: String,
        #[label("not a cell, accelerator or unit")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    #[error("unknown unit `{name}`")]
    #[diagnostic(code(llmc::unknown_unit))]
    UnknownUnit {
        name: String,
        #[label("not a unit")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    #[error("unknown function `{name}`")]
    #[diagnostic(code(llmc::unknown_function))]
    UnknownFunction {
        name: String,
        #[label("no function has this name")]
        span: Span,
        #[help]
        help: Option<String>,
    },

    #[error("`{name}` is defined twice")]
    #[diagnostic(
        code(llmc::duplicate),
        help("rename one of them, or delete the one you do not mean")
    )]
    Duplicate {
        name: String,
        #[label("first defined here")]
        first: Span,
        #[label("defined again here")]
        second: Span,
    },

    #[error("{path}")]
    #[diagnostic(
        code(llmc::cycle),
        help(
            "a cell cannot depend on itself, directly or through others; break the cycle by giving one of them a value of its own"
        )
    )]
    Cycle {
        path: String,
        #[label(collection)]
        labels: Vec<LabeledSpan>,
        span: Span,
    },

    /// A name whose definition failed: not reported again; the cell using
    /// it is skipped.
    #[error("`{name}` has an error of its own")]
    InputFailed { name: String, span: Span },

    #[error("{message}")]
    #[diagnostic(code(llmc::declaration))]
    Declaration {
        message: String,
        #[label("{label}")]
        span: Span,
        label: String,
        #[help]
        help: Option<String>,
    },
}

impl ResolveError {
    pub fn span(&self) -> Span {
        match self {
            ResolveError::UnknownName { span, .. }
            | ResolveError::UnknownUnit { span, .. }
            | ResolveError::UnknownFunction { span, .. }
            | ResolveError::Cycle { span, .. }
            | ResolveError::InputFailed { span, .. }
            | ResolveError::Declaration { span, .. } => *span,
            ResolveError::Duplicate { second, .. } => *second,
        }
    }
}
